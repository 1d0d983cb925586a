/**
 * Deterministic seed data (orders, shipments, returns, receipts, price reductions, products, brands,
 * categories, quantities, delivery information, shipping profiles). Same seed → same ids and contents;
 * dates are relative to the reference time `now`.
 */
import {
	CANCELLATION_REASONS,
	DELIVERY_TYPES,
	type Address,
	type Amount,
	type AttributeDefinition,
	type Brand,
	type CategoryGroup,
	type DeliveryInformation,
	type FulfillmentStatus,
	type PartnerOrder,
	type PositionItem,
	type PriceReductionRecord,
	type ProductVariation,
	type QuantityRecord,
	type Receipt,
	type ReceiptItemPosition,
	type ReceiptPrice,
	type ReturnPositionItem,
	type ReturnShipment,
	type ReturnStatus,
	type Shipment,
	type ShippingProfile,
	type TrackingKey,
} from './model';
import { makeAds } from './adsSeed';
import { Random, round2 } from './prng';
import type { SeedInfo, SeededState } from './store';
import type { SeedOptions } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_SEED = 42;
export const DEFAULT_ORDER_COUNT = 1000;
export const DEFAULT_PRODUCT_COUNT = 60;
export const DEFAULT_BRAND_COUNT = 150;
export const DEFAULT_SHIPPING_PROFILE_COUNT = 6;

/** SKUs of the first seeded products: they contain `/`, `.`, `,` and spaces. */
export const SPECIAL_SKUS = [
	'TSHIRT/BLUE/M',
	'TSHIRT/BLUE/L',
	'CABLE-1.5M',
	'SCREWS,100PCS',
	'GARDEN CHAIR GREEN',
	'LAMP 2.0/WHITE, E27',
] as const;

export const PARTNER = {
	partnerName: 'Simulator Handels GmbH',
	street: 'Werner-Otto-Straße 1',
	zipCode: '22179',
	city: 'Hamburg',
	countryCode: 'DEU',
	vatId: 'DE123456789',
	representedBy: 'Erika Mustermann',
	registerCourt: 'Amtsgericht Hamburg',
	commercialRegisterNumber: 'HRB 123456',
	headOfSupervisoryBoard: 'Max Mustermann',
	shopName: 'Sim Shop',
	weeeRegistrationNumber: 'DE 12345678',
};

export const SHIP_FROM = { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' };

// ------------------------------------------------------------------------------------------------
// static vocabularies

const FIRST_NAMES_M = ['Lukas', 'Jonas', 'Felix', 'Paul', 'Leon', 'Max', 'Elias', 'Finn', 'Noah', 'Ben', 'Jürgen', 'Stefan'];
const FIRST_NAMES_F = ['Anna', 'Lena', 'Marie', 'Sophie', 'Laura', 'Julia', 'Hannah', 'Lea', 'Emma', 'Mia', 'Jörg-Anne', 'Sabine'];
const LAST_NAMES = [
	'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
	'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
];
const STREETS = ['Hauptstraße', 'Schulstraße', 'Gartenweg', 'Bahnhofstraße', 'Lindenallee', 'Am Markt', 'Kirchgasse', 'Birkenweg', 'Rosenstraße', 'Mühlenweg'];
const DE_CITIES: Array<[string, string]> = [
	['Hamburg', '22083'], ['Berlin', '10115'], ['München', '80331'], ['Köln', '50667'], ['Frankfurt am Main', '60311'],
	['Stuttgart', '70173'], ['Düsseldorf', '40213'], ['Leipzig', '04109'], ['Dortmund', '44135'], ['Bremen', '28195'],
	['Dresden', '01067'], ['Hannover', '30159'], ['Nürnberg', '90402'], ['Kiel', '24103'], ['Freiburg im Breisgau', '79098'],
];
const AT_CITIES: Array<[string, string]> = [['Wien', '1010'], ['Graz', '8010'], ['Linz', '4020'], ['Salzburg', '5020']];

const COLORS = ['Blau', 'Rot', 'Grün', 'Schwarz', 'Weiß', 'Grau'];
const COLOR_CODES: Record<string, string> = { Blau: 'BLUE', Rot: 'RED', Grün: 'GREEN', Schwarz: 'BLACK', Weiß: 'WHITE', Grau: 'GREY' };
const SIZES = ['S', 'M', 'L', 'XL'];

interface CategoryTemplate {
	group: string;
	category: string;
	code: string;
	titles: string[];
	priceRange: [number, number];
	vat: 'FULL' | 'REDUCED';
	variation: 'color' | 'size' | 'colorSize' | 'none';
	forwarder?: boolean;
}

const CATEGORY_TEMPLATES: CategoryTemplate[] = [
	{ group: 'Bekleidung', category: 'T-Shirt', code: 'TSH', titles: ['Basic T-Shirt', 'Rundhals-Shirt', 'Bio-Baumwoll-Shirt'], priceRange: [9.99, 29.99], vat: 'FULL', variation: 'colorSize' },
	{ group: 'Bekleidung', category: 'Pullover', code: 'PUL', titles: ['Strickpullover', 'Hoodie'], priceRange: [29.99, 79.99], vat: 'FULL', variation: 'size' },
	{ group: 'Elektronik-Zubehör', category: 'Kabel', code: 'CAB', titles: ['USB-C Kabel', 'HDMI Kabel'], priceRange: [4.99, 19.99], vat: 'FULL', variation: 'none' },
	{ group: 'Elektronik-Zubehör', category: 'Ladegerät', code: 'CHG', titles: ['Schnellladegerät 65W', 'Ladestation'], priceRange: [19.99, 59.99], vat: 'FULL', variation: 'color' },
	{ group: 'Heimwerken', category: 'Schrauben', code: 'SCR', titles: ['Holzschrauben-Set', 'Spanplattenschrauben'], priceRange: [3.49, 14.99], vat: 'FULL', variation: 'none' },
	{ group: 'Heimwerken', category: 'Werkzeugset', code: 'TLS', titles: ['Werkzeugkoffer 108-tlg.', 'Bit-Set'], priceRange: [24.99, 129.99], vat: 'FULL', variation: 'none' },
	{ group: 'Gartenmöbel', category: 'Gartenstuhl', code: 'GCH', titles: ['Gartenstuhl Klappbar', 'Hochlehner'], priceRange: [39.99, 149.99], vat: 'FULL', variation: 'color', forwarder: true },
	{ group: 'Gartenmöbel', category: 'Gartentisch', code: 'GTB', titles: ['Gartentisch Akazie', 'Bistrotisch'], priceRange: [89.99, 399.99], vat: 'FULL', variation: 'none', forwarder: true },
	{ group: 'Leuchten', category: 'Leuchtmittel', code: 'LMP', titles: ['LED-Lampe E27', 'LED-Spot GU10'], priceRange: [2.99, 12.99], vat: 'FULL', variation: 'color' },
	{ group: 'Leuchten', category: 'Tischleuchte', code: 'TLE', titles: ['Tischleuchte Metall', 'Leselampe'], priceRange: [19.99, 89.99], vat: 'FULL', variation: 'color' },
	{ group: 'Küche', category: 'Tasse', code: 'MUG', titles: ['Kaffeebecher 0,4 l', 'Espressotasse'], priceRange: [4.99, 14.99], vat: 'FULL', variation: 'color' },
	{ group: 'Bücher', category: 'Kochbuch', code: 'BOK', titles: ['Das große Backbuch', 'Vegan kochen'], priceRange: [14.99, 34.99], vat: 'REDUCED', variation: 'none' },
];

const BRAND_PREFIXES = ['Nord', 'Alpen', 'Elb', 'Hanse', 'Rhein', 'Blau', 'Grün', 'Stern', 'Sonnen', 'Wald', 'Berg', 'Küsten', 'Stadt', 'Feld', 'Licht'];
const BRAND_SUFFIXES = ['werk', 'haus', 'line', 'style', 'tec', 'living', 'wear', 'garden', 'home', 'sport'];

const CARRIERS: Array<[string, number]> = [['DHL', 45], ['HERMES', 25], ['GLS', 12], ['DPD', 10], ['UPS', 8]];
const RETURN_CARRIERS = ['DHL', 'GLS', 'HERMES'] as const;
const ACCEPTANCE_REASONS = ['RETURN_RECEIVED', 'STATUS_SENT_BY_ACCIDENT', 'COMPLAINT'];
const REJECTION_REASONS = ['THIRD_PARTY_ITEM', 'WRONG_ITEM', 'ITEM_DAMAGED', 'RETURN_PERIOD_EXCEEDED', 'ITEM_NOT_IN_THE_PARCEL'];
const CONDITIONS = ['A', 'B', 'C', 'D', 'E'];

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function eur(amount: number): Amount {
	return { amount: round2(amount), currency: 'EUR' };
}

export function vatRateOf(product: ProductVariation): number {
	return product.pricing.vat === 'REDUCED' ? 7 : product.pricing.vat === 'FULL' ? 19 : 0;
}

export function receiptPrice(gross: number, vatRate: number): ReceiptPrice {
	const net = round2(gross / (1 + vatRate / 100));
	return { taxType: 'VAT', taxRate: String(vatRate), gross: eur(gross), net: eur(net), tax: eur(gross - net) };
}

function ean13(index: number, prefix = '400638'): string {
	const body = prefix + String(index).padStart(12 - prefix.length, '0');
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
	return body + String((10 - (sum % 10)) % 10);
}

export function trackingNumberFor(rng: Random, carrier: string): string {
	switch (carrier) {
		case 'DHL':
			return `00340434${rng.digits(12)}`;
		case 'HERMES':
			return `H${rng.digits(19)}`;
		case 'GLS':
			return rng.digits(11);
		case 'DPD':
			return `0${rng.digits(13)}`;
		case 'UPS':
			return `1Z${rng.string(16, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789')}`;
		default:
			return rng.digits(12);
	}
}

// ------------------------------------------------------------------------------------------------
// catalogue

function makeBrands(rng: Random, count: number): Brand[] {
	const brands: Brand[] = [];
	const ids = new Set<string>();
	for (let i = 0; i < count; i++) {
		const prefix = BRAND_PREFIXES[i % BRAND_PREFIXES.length];
		const suffix = BRAND_SUFFIXES[Math.floor(i / BRAND_PREFIXES.length) % BRAND_SUFFIXES.length];
		const round = Math.floor(i / (BRAND_PREFIXES.length * BRAND_SUFFIXES.length));
		const name = `${prefix}${suffix}${round > 0 ? ` ${round + 1}` : ''}`;
		let id = rng.string(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
		while (ids.has(id)) id = rng.string(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
		ids.add(id);
		const brand: Brand = { id, name, usable: i % 9 !== 8 };
		if (i % 3 !== 2) brand.logo = `https://brand-logos.example.com/${id}.png`;
		brands.push(brand);
	}
	return brands;
}

function attribute(name: string, group: string, values: string[], relevance: AttributeDefinition['relevance'], legal = false): AttributeDefinition {
	return {
		name,
		attributeGroup: group,
		type: 'STRING',
		multiValue: false,
		allowedValues: values,
		featureRelevance: legal ? ['LEGAL', 'FILTER'] : ['FILTER'],
		relatedMediaAssets: [],
		relevance,
		description: `${name} des Artikels`,
		exampleValues: values.slice(0, 2),
		recommendedValues: values.slice(0, 3),
	};
}

function makeCategoryGroups(now: number): CategoryGroup[] {
	const groups = new Map<string, CategoryGroup>();
	for (const t of CATEGORY_TEMPLATES) {
		let group = groups.get(t.group);
		if (!group) {
			group = {
				categoryGroup: t.group,
				categories: [],
				variationThemes: t.variation === 'colorSize' ? ['Farbe', 'Größe'] : t.variation === 'size' ? ['Größe'] : t.variation === 'color' ? ['Farbe'] : [],
				title: `${t.group} (Kategoriegruppe)`,
				attributes: [
					attribute('Farbe', 'Optik', COLORS, 'HIGH'),
					attribute('Material', 'Produktdetails', ['Baumwolle', 'Metall', 'Kunststoff', 'Holz', 'Papier'], 'MEDIUM'),
					attribute('Herstellerhinweis', 'Rechtliches', [], 'HIGH', true),
				],
				createdAt: iso(now - 400 * DAY),
				lastModified: iso(now - 30 * DAY),
				additionalRequirements: [],
			};
			if (t.variation === 'size' || t.variation === 'colorSize') group.attributes.push(attribute('Größe', 'Maße', SIZES, 'HIGH'));
			groups.set(t.group, group);
		}
		group.categories.push(t.category);
	}
	return [...groups.values()];
}

interface ProductPlan {
	template: CategoryTemplate;
	sku: string;
	title: string;
	color?: string;
	size?: string;
	reference: string;
}

function specialPlans(): ProductPlan[] {
	const byCode = (code: string) => CATEGORY_TEMPLATES.find((t) => t.code === code) as CategoryTemplate;
	return [
		{ template: byCode('TSH'), sku: SPECIAL_SKUS[0], title: 'Basic T-Shirt', color: 'Blau', size: 'M', reference: 'TSHIRT-BASIC' },
		{ template: byCode('TSH'), sku: SPECIAL_SKUS[1], title: 'Basic T-Shirt', color: 'Blau', size: 'L', reference: 'TSHIRT-BASIC' },
		{ template: byCode('CAB'), sku: SPECIAL_SKUS[2], title: 'USB-C Kabel 1,5 m', reference: 'CABLE-USBC' },
		{ template: byCode('SCR'), sku: SPECIAL_SKUS[3], title: 'Holzschrauben 100 Stück', reference: 'SCREWS-WOOD' },
		{ template: byCode('GCH'), sku: SPECIAL_SKUS[4], title: 'Gartenstuhl Klappbar', color: 'Grün', reference: 'GARDEN-CHAIR' },
		{ template: byCode('LMP'), sku: SPECIAL_SKUS[5], title: 'LED-Lampe 2.0 E27', color: 'Weiß', reference: 'LAMP-LED-E27' },
	];
}

function makeProducts(rng: Random, count: number, brands: Brand[], now: number): { products: ProductVariation[]; articleNumbers: Map<string, string> } {
	const usableBrands = brands.filter((b) => b.usable).slice(0, 12);
	const plans: ProductPlan[] = specialPlans().slice(0, count);
	let groupNo = 1;
	while (plans.length < count) {
		const template = CATEGORY_TEMPLATES[groupNo % CATEGORY_TEMPLATES.length];
		const title = rng.pick(template.titles);
		const reference = `${template.code}-REF-${String(groupNo).padStart(4, '0')}`;
		const variantCount = template.variation === 'none' ? 1 : rng.int(1, 3);
		const colors = rng.shuffle([...COLORS]);
		const sizes = rng.shuffle([...SIZES]);
		for (let v = 0; v < variantCount && plans.length < count; v++) {
			const color = template.variation === 'color' || template.variation === 'colorSize' ? colors[v] : undefined;
			const size = template.variation === 'size' || template.variation === 'colorSize' ? sizes[v] : undefined;
			const variantCode = [color ? COLOR_CODES[color] : undefined, size].filter(Boolean).join('-');
			const sku = `${template.code}-${String(groupNo).padStart(4, '0')}${variantCode ? `-${variantCode}` : ''}`;
			plans.push({ template, sku, title, color, size, reference });
		}
		groupNo++;
	}

	const brandByReference = new Map<string, Brand>();
	const articleNumbers = new Map<string, string>();
	const products = plans.map((plan, index): ProductVariation => {
		let brand = brandByReference.get(plan.reference);
		if (!brand) {
			brand = usableBrands.length > 0 ? rng.pick(usableBrands) : brands[0];
			brandByReference.set(plan.reference, brand);
		}
		const t = plan.template;
		const price = rng.money(t.priceRange[0], t.priceRange[1]);
		const attributes: Array<{ name: string; values: string[]; additional: boolean }> = [];
		if (plan.color) attributes.push({ name: 'Farbe', values: [plan.color], additional: false });
		if (plan.size) attributes.push({ name: 'Größe', values: [plan.size], additional: false });
		attributes.push({ name: 'Material', values: [rng.pick(['Baumwolle', 'Metall', 'Kunststoff', 'Holz'])], additional: false });
		const product: ProductVariation = {
			productReference: plan.reference,
			sku: plan.sku,
			ean: ean13(index + 1),
			mpn: `MPN-${rng.digits(8)}`,
			productDescription: {
				category: t.category,
				brandId: brand ? brand.id : 'UNKNOWN',
				productLine: `${brand ? brand.name : 'Sim'} ${plan.title}`.slice(0, 70),
				productionDate: iso(now - rng.int(100, 900) * DAY),
				multiPack: false,
				bundle: false,
				fscCertified: t.group === 'Gartenmöbel',
				disposal: t.forwarder === true,
				productUrl: `https://www.sim-shop.example.com/p/${encodeURIComponent(plan.reference)}`,
				description: `<p>${plan.title} von ${brand ? brand.name : 'Sim'} – hochwertige Verarbeitung, schnelle Lieferung.</p>`,
				bulletPoints: ['Hochwertige Verarbeitung', `Kategorie: ${t.category}`, 'Versand aus Deutschland'],
				attributes,
			},
			mediaAssets: [
				{ type: 'IMAGE', location: `https://images.sim-shop.example.com/${encodeURIComponent(plan.sku)}/front.jpg` },
				{ type: 'IMAGE', location: `https://images.sim-shop.example.com/${encodeURIComponent(plan.sku)}/side.jpg` },
			],
			pricing: { standardPrice: eur(price), vat: t.vat },
			logistics: {
				packingUnitCount: 1,
				packingUnits: [
					t.forwarder
						? { weight: rng.int(8000, 25000), width: 600, height: 900, length: 700 }
						: { weight: rng.int(80, 2500), width: rng.int(100, 400), height: rng.int(20, 200), length: rng.int(100, 400) },
				],
			},
			compliance: {
				productSafety: {
					addresses: [
						{
							name: `${brand ? brand.name : 'Sim'} GmbH`,
							address: `${rng.pick(STREETS)} ${rng.int(1, 120)}, ${rng.pick(DE_CITIES)[1]} ${rng.pick(DE_CITIES)[0]}`,
							regionCode: 'DE',
							email: `safety@${(brand ? brand.name : 'sim').toLowerCase().replace(/[^a-z]/g, '')}.example.com`,
							phone: `+49 40 ${rng.digits(7)}`,
							roles: ['MANUFACTURER', 'DISTRIBUTOR'],
						},
					],
				},
			},
		};
		if (rng.chance(0.5)) product.moin = `M${rng.digits(9)}`;
		if (rng.chance(0.3)) product.releaseDate = iso(now - rng.int(10, 300) * DAY);
		if (rng.chance(0.3)) product.pricing.msrp = eur(price * 1.3);
		if (rng.chance(0.15)) {
			product.pricing.sale = { salePrice: eur(price * 0.8), startDate: iso(now - 5 * DAY), endDate: iso(now + 10 * DAY) };
		}
		if (t.code === 'SCR') product.pricing.normPriceInfo = { normAmount: 1, normUnit: 'Stk', salesAmount: 100, salesUnit: 'Stk' };
		if (rng.chance(0.2)) product.order = { maxOrderQuantity: { quantity: rng.int(1, 10), periodInDays: rng.int(1, 30) } };
		articleNumbers.set(plan.sku, String(500_000_000 + index * 7919));
		return product;
	});
	return { products, articleNumbers };
}

const PROFILE_TEMPLATES: Array<Omit<ShippingProfile, 'shippingProfileId'>> = [
	{ shippingProfileName: 'Standard Paket', workingDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], orderCutoff: '14:00', deliveryType: 'PARCEL', defaultProcessingTime: 1, transportTime: 2 },
	{ shippingProfileName: 'Spedition Bordsteinkante', workingDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], orderCutoff: '12:00', deliveryType: 'FORWARDER_CURBSIDE', defaultProcessingTime: 3, transportTime: 5 },
	{ shippingProfileName: 'Express Paket', workingDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'], orderCutoff: '16:30', deliveryType: 'PARCEL', defaultProcessingTime: 1, transportTime: 1 },
	{ shippingProfileName: 'Spedition Wunschort', workingDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], orderCutoff: '10:00', deliveryType: 'FORWARDER_PREFERREDLOCATION', defaultProcessingTime: 5, transportTime: 7 },
	{ shippingProfileName: 'Spedition Schwerlast', workingDays: ['Monday', 'Wednesday', 'Friday'], orderCutoff: '09:30', deliveryType: 'FORWARDER_HEAVYDUTY', defaultProcessingTime: 7, transportTime: 10 },
	{ shippingProfileName: 'Paket Wochenende', workingDays: ['Saturday', 'Sunday'], orderCutoff: '11:00', deliveryType: 'PARCEL', defaultProcessingTime: 2, transportTime: 3 },
];

function makeShippingProfiles(rng: Random, count: number): ShippingProfile[] {
	const out: ShippingProfile[] = [];
	for (let i = 0; i < count; i++) {
		const template = PROFILE_TEMPLATES[i];
		if (template) {
			out.push({ shippingProfileId: rng.uuid(), ...template, workingDays: [...template.workingDays] });
			continue;
		}
		const hour = rng.int(8, 17);
		out.push({
			shippingProfileId: rng.uuid(),
			shippingProfileName: `Versandprofil ${i + 1}`,
			workingDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
			orderCutoff: `${String(hour).padStart(2, '0')}:${rng.chance(0.5) ? '00' : '30'}`,
			deliveryType: rng.pick(DELIVERY_TYPES),
			defaultProcessingTime: rng.int(1, 10),
			transportTime: rng.int(1, 10),
		});
	}
	return out;
}

// ------------------------------------------------------------------------------------------------
// orders

function personAddress(rng: Random, kind: 'delivery' | 'invoice', base?: Address): Address {
	if (base) {
		const copy: Address = { ...base };
		if (kind === 'invoice') copy.email = `${rng.string(16, 'abcdefghijklmnopqrstuvwxyz0123456789')}@pseudonym.otto.example`;
		else copy.email = base.email;
		return copy;
	}
	const male = rng.chance(0.45);
	const company = rng.chance(0.05);
	const austria = rng.chance(0.06);
	const [city, zip] = rng.pick(austria ? AT_CITIES : DE_CITIES);
	const firstName = rng.pick(male ? FIRST_NAMES_M : FIRST_NAMES_F);
	const lastName = rng.pick(LAST_NAMES);
	const address: Address = {
		salutation: company ? 'COMPANY' : rng.chance(0.03) ? 'UNKNOWN' : male ? 'MR' : 'MS',
		firstName,
		lastName,
		street: rng.pick(STREETS),
		houseNumber: `${rng.int(1, 150)}${rng.chance(0.1) ? rng.pick(['a', 'b', 'c']) : ''}`,
		zipCode: zip,
		city,
		countryCode: austria ? 'AUT' : 'DEU',
	};
	if (rng.chance(0.1)) address.title = rng.pick(['Dr.', 'Prof.']);
	if (company || rng.chance(0.15)) address.addition = company ? `${lastName} ${rng.pick(['GmbH', 'KG', 'AG'])}` : `${rng.int(1, 4)}. OG`;
	if (rng.chance(0.6)) address.phoneNumber = `+49 ${rng.int(30, 89)} ${rng.digits(7)}`;
	address.email =
		kind === 'invoice'
			? `${rng.string(16, 'abcdefghijklmnopqrstuvwxyz0123456789')}@pseudonym.otto.example`
			: `${firstName.toLowerCase().replace(/[^a-z]/g, '')}.${lastName.toLowerCase().replace(/[^a-z]/g, '')}@mail.example.com`;
	return address;
}

export interface OrderSpec {
	statuses: FulfillmentStatus[];
	orderDate: number;
	/** No event date later than this. */
	cap: number;
	/** Force lifecycleChangeDate (events are capped just below it). */
	forcedLifecycle?: number;
	paymentMethod?: string;
	/** All events happen at orderDate (sandbox test orders). */
	immediate?: boolean;
	discount?: boolean;
	deliveryFee?: boolean;
	cancellationReason?: string;
	products?: ProductVariation[];
	carrier?: string;
}

/** Builds PartnerOrders (used by the seed and by the sandbox test-order endpoint). */
export class OrderFactory {
	private readonly orderNumbers = new Set<string>();

	constructor(
		private readonly rng: Random,
		private readonly products: ProductVariation[],
		private readonly articleNumbers: Map<string, string>,
		existingOrderNumbers: Iterable<string> = [],
	) {
		for (const n of existingOrderNumbers) this.orderNumbers.add(n);
	}

	private orderNumber(): string {
		let n = this.rng.string(10, 'abcdefghijkmnpqrstuvwxyz23456789');
		while (this.orderNumbers.has(n)) n = this.rng.string(10, 'abcdefghijkmnpqrstuvwxyz23456789');
		this.orderNumbers.add(n);
		return n;
	}

	create(spec: OrderSpec): PartnerOrder {
		const rng = this.rng;
		const cap = spec.forcedLifecycle !== undefined ? Math.min(spec.cap, spec.forcedLifecycle - 1000) : spec.cap;
		const clamp = (t: number) => Math.max(spec.orderDate, Math.min(t, cap));
		const hasAnnounced = spec.statuses.includes('ANNOUNCED');
		const paymentMethod =
			spec.paymentMethod ??
			(hasAnnounced
				? 'PREPAYMENT'
				: rng.weighted<string>([
						['PAYPAL', 30],
						['INVOICE_SINGLE', 25],
						['CREDIT_CARD', 15],
						['DIRECT_DEBIT', 10],
						['INVOICE_INSTALLMENTS', 8],
						['DIRECT_DEBIT_INSTALLMENTS', 5],
						['PREPAYMENT', 7],
					]));
		const od = spec.orderDate;
		const immediate = spec.immediate === true;
		const processableAt = clamp(
			immediate ? od : od + (paymentMethod === 'PREPAYMENT' ? rng.int(1, 3) * DAY + rng.int(0, 600) * MINUTE : 45 * MINUTE + rng.int(0, 30) * MINUTE),
		);
		const shipAt = clamp(immediate ? od : processableAt + rng.int(4 * 60, 3 * 24 * 60) * MINUTE);
		const carrier = spec.carrier ?? rng.weighted(CARRIERS);
		const trackingNumber = trackingNumberFor(rng, carrier);
		const salesOrderId = rng.uuid();
		const pool = spec.products && spec.products.length > 0 ? spec.products : this.products;

		const items: PositionItem[] = spec.statuses.map((status) => {
			const product = rng.pick(pool);
			const vatRate = vatRateOf(product);
			const gross = product.pricing.sale ? product.pricing.sale.salePrice.amount : product.pricing.standardPrice.amount;
			const dimensions: Array<{ type: string; displayName: string; value: string }> = [];
			for (const attr of product.productDescription.attributes ?? []) {
				if (attr.name === 'Farbe' || attr.name === 'Größe') dimensions.push({ type: attr.name === 'Farbe' ? 'COLOR' : 'SIZE', displayName: attr.name, value: attr.values[0] });
			}
			const item: PositionItem = {
				positionItemId: rng.uuid(),
				fulfillmentStatus: status,
				itemValueGrossPrice: eur(gross),
				itemValueReducedGrossPrice: eur(gross),
				product: {
					sku: product.sku,
					articleNumber: this.articleNumbers.get(product.sku) ?? String(500_000_000 + rng.int(0, 99_999)),
					productTitle: product.productDescription.productLine ?? product.sku,
					vatRate,
					ean: product.ean,
					shopUrl: `https://www.otto.example/p/${encodeURIComponent(product.productReference.toLowerCase())}/#variationId=${encodeURIComponent(product.sku)}`,
					dimensions,
				},
				weeePickup: false,
			};
			if (status !== 'CANCELLED_BY_MARKETPLACE' && status !== 'CANCELLED_BY_PARTNER') {
				item.expectedDeliveryDate = iso(od + (immediate ? 3 : rng.int(3, 6)) * DAY);
			}
			if (status !== 'ANNOUNCED' && status !== 'CANCELLED_BY_MARKETPLACE') item.processableDate = iso(processableAt);
			if (status === 'SENT' || status === 'RETURNED') {
				item.sentDate = iso(shipAt);
				item.trackingInfo = { carrier, trackingNumber };
				if (carrier === 'DHL') item.trackingInfo.carrierServiceCode = 'V01PAK';
			}
			if (status === 'RETURNED') {
				item.returnedDate = iso(clamp(immediate ? od : shipAt + rng.int(3, 14) * DAY + rng.int(0, 600) * MINUTE));
				item.returnAcceptedByMarketplace = rng.chance(0.1);
			}
			if (status === 'CANCELLED_BY_PARTNER') {
				item.processableDate = iso(processableAt);
				item.cancellationDate = iso(clamp(immediate ? od : processableAt + rng.int(60, 48 * 60) * MINUTE));
				item.cancellationReason = spec.cancellationReason
					? (spec.cancellationReason as PositionItem['cancellationReason'])
					: rng.chance(0.7)
						? 'CANCELLED_ON_PARTNER_WISH'
						: 'CANCELLED_ON_CUSTOMER_WISH';
			}
			if (status === 'CANCELLED_BY_MARKETPLACE') {
				item.cancellationDate = iso(clamp(immediate ? od : od + rng.int(30, 3 * 24 * 60) * MINUTE));
				item.cancellationReason = (spec.cancellationReason as PositionItem['cancellationReason']) ??
					rng.pick(CANCELLATION_REASONS.filter((r) => r !== 'CANCELLED_ON_PARTNER_WISH'));
			}
			if (rng.chance(0.05)) {
				item.dealId = rng.uuid();
				item.dealName = rng.pick(['Sommer-Sale', 'Black Week', 'Tagesangebot']);
			}
			if (rng.chance(0.03)) item.weeePickup = true;
			return item;
		});

		const initialDiscounts: PartnerOrder['initialDiscounts'] = [];
		if (spec.discount ?? rng.chance(0.15)) {
			const item = items[0];
			const discount = round2(item.itemValueGrossPrice.amount * 0.1);
			if (discount > 0) {
				item.itemValueDiscount = eur(discount);
				item.itemValueReducedGrossPrice = eur(item.itemValueGrossPrice.amount - discount);
				initialDiscounts.push({
					discountAmount: eur(discount),
					discountId: rng.uuid(),
					discountName: '10 % Neukunden-Rabatt',
					name: 'PARTNER_DISCOUNT',
					positionItemIds: [item.positionItemId],
					vatRate: item.product.vatRate,
				});
			}
		}
		const total = items.reduce((sum, i) => sum + (i.itemValueReducedGrossPrice ?? i.itemValueGrossPrice).amount, 0);
		const initialDeliveryFees: PartnerOrder['initialDeliveryFees'] = [];
		if (spec.deliveryFee ?? total < 30) {
			initialDeliveryFees.push({
				deliveryFeeAmount: eur(4.95),
				name: 'Standardversand',
				positionItemIds: items.map((i) => i.positionItemId),
				vatRate: 19,
			});
		}

		const deliveryAddress = personAddress(rng, 'delivery');
		const invoiceAddress = rng.chance(0.8) ? personAddress(rng, 'invoice', deliveryAddress) : personAddress(rng, 'invoice');
		let lifecycle = od;
		for (const item of items) {
			for (const d of [item.processableDate, item.sentDate, item.returnedDate, item.cancellationDate]) {
				if (d) lifecycle = Math.max(lifecycle, Date.parse(d));
			}
		}
		if (spec.forcedLifecycle !== undefined) lifecycle = spec.forcedLifecycle;
		const suspected = items.some((i) => i.cancellationReason === 'PAYMENT_FRAUD' || i.cancellationReason === 'MARKETPLACE_FRAUD');
		return {
			salesOrderId,
			orderNumber: this.orderNumber(),
			orderDate: iso(od),
			lastModifiedDate: iso(lifecycle),
			orderLifecycleInformation: { lifecycleChangeDate: iso(lifecycle) },
			positionItems: items,
			deliveryAddress,
			invoiceAddress,
			payment: { paymentMethod },
			initialDeliveryFees,
			initialDiscounts,
			suspectedFraudCase: suspected,
			links: [{ rel: 'self', href: `/v4/orders/${salesOrderId}` }],
		};
	}
}

/** Status combinations of the first seeded orders (see SeedInfo.fixedOrders). */
export const FIXED_ORDER_STATUSES: FulfillmentStatus[][] = [
	['PROCESSABLE'],
	['SENT'],
	['ANNOUNCED'],
	['RETURNED'],
	['CANCELLED_BY_PARTNER'],
	['CANCELLED_BY_MARKETPLACE'],
	['PROCESSABLE', 'SENT'],
	['SENT', 'RETURNED'],
	['ANNOUNCED', 'PROCESSABLE'],
	['PROCESSABLE', 'CANCELLED_BY_PARTNER'],
	['SENT', 'CANCELLED_BY_MARKETPLACE'],
	['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE'],
	['PROCESSABLE', 'SENT', 'RETURNED', 'CANCELLED_BY_PARTNER'],
];

function randomStatuses(rng: Random): FulfillmentStatus[] {
	const n = rng.weighted<number>([[1, 50], [2, 30], [3, 12], [4, 8]]);
	const kind = rng.weighted<string>([
		['ANNOUNCED', 8],
		['PROCESSABLE', 24],
		['SENT', 34],
		['RETURNED', 8],
		['CANCELLED_BY_PARTNER', 5],
		['CANCELLED_BY_MARKETPLACE', 6],
		['MIXED', 15],
	]);
	const out: FulfillmentStatus[] = [];
	if (kind === 'RETURNED') {
		for (let i = 0; i < n; i++) out.push(i === 0 || rng.chance(0.4) ? 'RETURNED' : 'SENT');
		return out;
	}
	if (kind === 'MIXED') {
		const count = Math.max(2, n);
		for (let i = 0; i < count; i++) {
			out.push(
				rng.weighted<FulfillmentStatus>([
					['ANNOUNCED', 1],
					['PROCESSABLE', 4],
					['SENT', 4],
					['RETURNED', 2],
					['CANCELLED_BY_PARTNER', 2],
					['CANCELLED_BY_MARKETPLACE', 2],
				]),
			);
		}
		return out;
	}
	for (let i = 0; i < n; i++) out.push(kind as FulfillmentStatus);
	return out;
}

// ------------------------------------------------------------------------------------------------
// derived entities (shipments, returns, receipts, price reductions)

function buildItemPositions(items: PositionItem[], sign: 1 | -1): ReceiptItemPosition[] {
	const bySku = new Map<string, PositionItem[]>();
	for (const item of items) {
		const list = bySku.get(item.product.sku) ?? [];
		list.push(item);
		bySku.set(item.product.sku, list);
	}
	let line = 1;
	return [...bySku.values()].map((group): ReceiptItemPosition => {
		const first = group[0];
		const rate = first.product.vatRate;
		const sum = group.reduce((s, i) => s + (i.itemValueReducedGrossPrice ?? i.itemValueGrossPrice).amount, 0);
		const mods = group
			.filter((i) => i.itemValueDiscount && i.itemValueDiscount.amount > 0)
			.map((i, idx) => ({
				lineNumber: idx + 1,
				priceModificationType: 'PARTNER_DISCOUNT',
				details: { type: 'PARTNER_DISCOUNT' },
				priceModificationAmount: receiptPrice(-sign * (i.itemValueDiscount as Amount).amount, rate),
			}));
		return {
			lineNumber: line++,
			sku: first.product.sku,
			articleNumber: first.product.articleNumber,
			productTitle: first.product.productTitle,
			variationAttributes: (first.product.dimensions ?? []).map((d) => `${d.displayName}: ${d.value}`).join(', '),
			positionItemIds: group.map((i) => i.positionItemId),
			quantity: group.length,
			unitPrice: receiptPrice(sign * first.itemValueGrossPrice.amount, rate),
			priceToPayPerPositionItems: group.map((i) => receiptPrice(sign * (i.itemValueReducedGrossPrice ?? i.itemValueGrossPrice).amount, rate)),
			positionSum: receiptPrice(sign * sum, rate),
			priceModifications: mods,
		};
	});
}

function totalsOf(prices: ReceiptPrice[]): { totals: ReceiptPrice[]; gross: number } {
	const byRate = new Map<string, number>();
	for (const p of prices) byRate.set(p.taxRate, round2((byRate.get(p.taxRate) ?? 0) + p.gross.amount));
	const totals = [...byRate.entries()].map(([rate, gross]) => receiptPrice(gross, Number(rate)));
	return { totals, gross: round2(totals.reduce((s, t) => s + t.gross.amount, 0)) };
}

function paymentOf(order: PartnerOrder): Receipt['payment'] {
	const method = order.payment.paymentMethod;
	const payment: Receipt['payment'] = { paymentProvider: method === 'PAYPAL' ? 'PLAZA' : 'OTTOPAYMENTS', paymentMethod: method };
	if (method.endsWith('_INSTALLMENTS')) {
		payment.installmentCount = 6;
		payment.paymentBreak = false;
	}
	return payment;
}

/** Build a receipt (number assigned by the caller). Refund types use negative amounts. */
export function buildReceipt(
	type: Receipt['receiptType'],
	order: PartnerOrder,
	items: PositionItem[],
	options: {
		receiptNumber: string;
		creationDate: string;
		shipmentDate?: string;
		linked?: Receipt;
		partialAmount?: number;
		includeDeliveryFees?: boolean;
	},
): Receipt {
	const sign: 1 | -1 = type === 'PURCHASE' ? 1 : -1;
	let itemPositions: ReceiptItemPosition[] = [];
	let itemPartialRefundPositions: ReceiptItemPosition[] = [];
	if (type === 'PARTIAL_REFUND') {
		const item = items[0];
		const rate = item.product.vatRate;
		const amount = options.partialAmount ?? 0;
		itemPartialRefundPositions = [
			{
				lineNumber: 1,
				sku: item.product.sku,
				articleNumber: item.product.articleNumber,
				productTitle: item.product.productTitle,
				positionItemIds: [item.positionItemId],
				quantity: 1,
				unitPrice: receiptPrice(-amount, rate),
				positionSum: receiptPrice(-amount, rate),
				priceModifications: [
					{ lineNumber: 1, priceModificationType: 'REFUND_COMPLAINT_ITEM', priceModificationAmount: receiptPrice(-amount, rate) },
				],
			},
		];
	} else {
		itemPositions = buildItemPositions(items, sign);
	}
	const deliveryCosts =
		options.includeDeliveryFees === false
			? []
			: order.initialDeliveryFees.map((fee, idx) => ({
					lineNumber: idx + 1,
					deliveryCostType: 'DELIVERY_FEE_STANDARD' as const,
					unitPrice: receiptPrice(sign * fee.deliveryFeeAmount.amount, fee.vatRate),
					positionSum: receiptPrice(sign * fee.deliveryFeeAmount.amount, fee.vatRate),
					priceModifications: [],
				}));
	const { totals, gross } = totalsOf([
		...itemPositions.map((p) => p.positionSum),
		...itemPartialRefundPositions.map((p) => p.positionSum),
		...deliveryCosts.map((d) => d.positionSum),
	]);
	const receipt: Receipt = {
		receiptType: type,
		isRealReceipt: true,
		receiptNumber: options.receiptNumber,
		creationDate: options.creationDate,
		fulfillmentDate: options.shipmentDate ?? options.creationDate,
		salesOrderId: order.salesOrderId,
		orderNumber: order.orderNumber,
		orderDate: order.orderDate,
		payment: paymentOf(order),
		partner: { ...PARTNER },
		customer: { invoiceAddress: { ...order.invoiceAddress } },
		deliveryAddress: { ...order.deliveryAddress },
		lineItems: {
			itemPositions,
			itemPartialRefundPositions,
			servicePositions: [],
			servicePartialRefundPositions: [],
			deliveryCosts,
			deliveryFeePartialRefundPositions: [],
		},
		totals,
		amountDue: eur(gross),
		totalsGrossAmount: eur(gross),
		totalsReductions: [],
	};
	if (type === 'PURCHASE') {
		receipt.shipmentDate = options.shipmentDate;
		receipt.shipment = { shipFromAddress: { zipCode: SHIP_FROM.zipCode, countryCode: SHIP_FROM.countryCode } };
	}
	if (options.linked) {
		receipt.linkedReceiptNumber = options.linked.receiptNumber;
		receipt.linkedCreationDate = options.linked.creationDate;
	}
	if (type === 'REFUND') receipt.refundType = 'RETURN';
	if (type === 'PARTIAL_REFUND') receipt.partialRefundType = 'REFUND_COMPLAINT_ITEM';
	return receipt;
}

// ------------------------------------------------------------------------------------------------

export function generateSeed(options: SeedOptions = {}): SeededState {
	const seed = options.seed ?? DEFAULT_SEED;
	const orderCount = Math.max(0, Math.floor(options.orders ?? DEFAULT_ORDER_COUNT));
	const productCount = Math.max(1, Math.floor(options.products ?? DEFAULT_PRODUCT_COUNT));
	const brandCount = Math.max(1, Math.floor(options.brands ?? DEFAULT_BRAND_COUNT));
	const profileCount = Math.max(0, Math.floor(options.shippingProfiles ?? DEFAULT_SHIPPING_PROFILE_COUNT));
	const nowRaw = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : Date.parse(options.now);
	if (!Number.isFinite(nowRaw)) throw new Error(`Invalid seed reference time: ${String(options.now)}`);
	const now = Math.floor(nowRaw / 1000) * 1000;
	const cap = now - 2 * MINUTE;

	// independent streams so that changing one count does not reshuffle everything else
	const catalogRng = new Random(seed * 31 + 1);
	const orderRng = new Random(seed * 31 + 2);
	const derivedRng = new Random(seed * 31 + 3);
	const profileRng = new Random(seed * 31 + 4);

	const brands = makeBrands(catalogRng, brandCount);
	const categoryGroups = makeCategoryGroups(now);
	const { products, articleNumbers } = makeProducts(catalogRng, productCount, brands, now);
	const shippingProfiles = makeShippingProfiles(profileRng, profileCount);

	const quantities: QuantityRecord[] = products.map((p) => ({
		sku: p.sku,
		quantity: catalogRng.chance(0.1) ? 0 : catalogRng.int(1, 250),
		lastModified: iso(cap - catalogRng.int(0, 30 * 24 * 60) * MINUTE),
	}));
	const deliveryInformation: DeliveryInformation[] = [];
	if (shippingProfiles.length > 0) {
		const parcel = shippingProfiles.find((p) => p.deliveryType === 'PARCEL') ?? shippingProfiles[0];
		const forwarder = shippingProfiles.find((p) => p.deliveryType !== 'PARCEL') ?? parcel;
		products.forEach((p, i) => {
			if (i % 15 === 14) return; // a few SKUs without delivery information
			const isForwarder = (p.logistics?.packingUnits[0]?.weight ?? 0) > 5000;
			deliveryInformation.push({
				sku: p.sku,
				shippingProfileId: (isForwarder ? forwarder : parcel).shippingProfileId,
				processingTime: catalogRng.chance(0.7) ? 'DEFAULT' : String(catalogRng.int(1, 5)),
			});
		});
	}

	// --- orders
	const factory = new OrderFactory(orderRng, products, articleNumbers);
	const orders: PartnerOrder[] = [];
	const groupSize = orderCount >= 100 ? 25 : Math.floor(orderCount / 4);
	const groupStep = groupSize > 0 ? Math.floor(orderCount / groupSize) : 0;
	const sharedLifecycle = Math.floor((now - 7 * DAY) / 1000) * 1000;
	const odGroupSize = orderCount >= 100 ? 12 : Math.floor(orderCount / 8);
	const odGroupStep = odGroupSize > 0 ? Math.floor(orderCount / odGroupSize) : 0;
	const sharedOrderDate = Math.floor((now - 20 * DAY) / 1000) * 1000 + 500;
	const info: SeedInfo = {
		seed,
		now: iso(now),
		latestSeededDate: iso(cap),
		sharedLifecycleOrderIds: [],
		sharedOrderDateOrderIds: [],
		specialSkus: SPECIAL_SKUS.filter((sku) => products.some((p) => p.sku === sku)),
		fixedOrders: [],
	};
	for (let i = 0; i < orderCount; i++) {
		const fixed = i < FIXED_ORDER_STATUSES.length ? FIXED_ORDER_STATUSES[i] : undefined;
		const statuses = fixed ? [...fixed] : randomStatuses(orderRng);
		const inLifecycleGroup = groupStep > 0 && i % groupStep === Math.min(20, groupStep - 1) && info.sharedLifecycleOrderIds.length < groupSize;
		const inOrderDateGroup =
			!inLifecycleGroup && odGroupStep > 0 && i % odGroupStep === Math.min(3, odGroupStep - 1) && info.sharedOrderDateOrderIds.length < odGroupSize;
		let orderDate: number;
		if (inLifecycleGroup) orderDate = sharedLifecycle - orderRng.int(1, 20 * 24 * 60) * MINUTE - orderRng.int(0, 59) * 1000;
		else if (inOrderDateGroup) orderDate = sharedOrderDate;
		else orderDate = cap - orderRng.int(0, 60 * 24 * 60) * MINUTE - orderRng.int(0, 59_999);
		const order = factory.create({
			statuses,
			orderDate,
			cap,
			forcedLifecycle: inLifecycleGroup ? sharedLifecycle : undefined,
		});
		if (inLifecycleGroup) info.sharedLifecycleOrderIds.push(order.salesOrderId);
		if (inOrderDateGroup) info.sharedOrderDateOrderIds.push(order.salesOrderId);
		if (fixed) info.fixedOrders.push({ salesOrderId: order.salesOrderId, orderNumber: order.orderNumber, statuses: [...fixed] });
		orders.push(order);
	}
	if (info.sharedLifecycleOrderIds.length > 0) info.sharedLifecycleChangeDate = iso(sharedLifecycle);
	if (info.sharedOrderDateOrderIds.length > 0) info.sharedOrderDate = iso(sharedOrderDate);

	// --- shipments (one per order with shipped items)
	const shipments: Shipment[] = [];
	const shipmentByOrder = new Map<string, Shipment>();
	for (const order of orders) {
		const shipped = order.positionItems.filter((i) => i.fulfillmentStatus === 'SENT' || i.fulfillmentStatus === 'RETURNED');
		if (shipped.length === 0) continue;
		const first = shipped[0];
		const sentAt = Date.parse(first.sentDate as string);
		const trackingKey: TrackingKey = {
			carrier: first.trackingInfo?.carrier ?? 'DHL',
			trackingNumber: first.trackingInfo?.trackingNumber ?? trackingNumberFor(derivedRng, 'DHL'),
		};
		const returnCarrier = derivedRng.pick(RETURN_CARRIERS);
		const returnTrackingKey = { carrier: returnCarrier, trackingNumber: trackingNumberFor(derivedRng, returnCarrier) };
		const states: Shipment['states'] = [{ state: 'SENT', occurredOn: iso(sentAt) }];
		const onTheWay = sentAt + derivedRng.int(2, 12) * HOUR;
		const delivered = onTheWay + derivedRng.int(12, 72) * HOUR;
		if (onTheWay <= cap) states.push({ state: 'ON_THE_WAY', occurredOn: iso(onTheWay) });
		if (delivered <= cap) states.push({ state: derivedRng.chance(0.05) ? 'DELIVERED_FOR_PICKUP' : 'DELIVERED', occurredOn: iso(delivered) });
		const shipment: Shipment = {
			shipmentId: derivedRng.uuid(),
			creationDate: iso(Math.min(sentAt + derivedRng.int(1, 30) * MINUTE, cap)),
			trackingKey,
			shipDate: iso(sentAt),
			shipFromAddress: { ...SHIP_FROM },
			positionItems: shipped.map((i) => ({
				positionItemId: i.positionItemId,
				salesOrderId: order.salesOrderId,
				returnTrackingKey: { ...returnTrackingKey },
			})),
			states,
		};
		shipments.push(shipment);
		shipmentByOrder.set(order.salesOrderId, shipment);
	}

	// --- returns (v3) and return shipments
	const returns: ReturnPositionItem[] = [];
	const returnedItemIds = new Set<string>();
	const addReturn = (order: PartnerOrder, item: PositionItem, status: ReturnStatus, occurred: number) => {
		const shipment = shipmentByOrder.get(order.salesOrderId);
		const rtk = shipment?.positionItems.find((p) => p.positionItemId === item.positionItemId)?.returnTrackingKey;
		const entry: ReturnPositionItem = {
			positionItemId: item.positionItemId,
			salesOrderId: order.salesOrderId,
			status,
			occurredTime: iso(occurred),
			details: {
				returnTrackingKey: { carrier: rtk?.carrier ?? 'DHL', trackingNumbers: [rtk?.trackingNumber ?? trackingNumberFor(derivedRng, 'DHL')] },
				orderNumber: order.orderNumber,
			},
		};
		if (status === 'ACCEPTED') {
			entry.details.condition = derivedRng.pick(CONDITIONS);
			entry.details.reason = derivedRng.pick(ACCEPTANCE_REASONS);
		} else if (status === 'REJECTED') {
			entry.details.condition = derivedRng.pick(CONDITIONS);
			entry.details.reason = derivedRng.pick(REJECTION_REASONS);
		} else if (status === 'MISDIRECTED') {
			entry.details.ottoWarehouseID = derivedRng.pick(['OTTO-RETOUREN-HALDENSLEBEN', 'OTTO-RETOUREN-HAMBURG']);
		}
		returns.push(entry);
		returnedItemIds.add(item.positionItemId);
	};
	const sentCandidates: Array<{ order: PartnerOrder; item: PositionItem }> = [];
	for (const order of orders) {
		for (const item of order.positionItems) {
			if (item.fulfillmentStatus === 'RETURNED') {
				addReturn(order, item, 'ACCEPTED', Date.parse(item.returnedDate as string));
			} else if (item.fulfillmentStatus === 'SENT') {
				sentCandidates.push({ order, item });
			}
		}
	}
	const returnStatusFor = (): ReturnStatus | undefined => {
		const roll = derivedRng.next();
		if (roll < 0.07) return 'ANNOUNCED';
		if (roll < 0.1) return 'REJECTED';
		if (roll < 0.115) return 'MISDIRECTED';
		return undefined;
	};
	const plannedStatus = new Map<string, ReturnStatus>();
	for (const c of sentCandidates) {
		const s = returnStatusFor();
		if (s) plannedStatus.set(c.item.positionItemId, s);
	}
	// guarantee at least one of each non-accepted status when possible
	for (const wanted of ['ANNOUNCED', 'REJECTED', 'MISDIRECTED'] as ReturnStatus[]) {
		if ([...plannedStatus.values()].includes(wanted)) continue;
		const free = sentCandidates.find((c) => !plannedStatus.has(c.item.positionItemId));
		if (free) plannedStatus.set(free.item.positionItemId, wanted);
	}
	for (const c of sentCandidates) {
		const status = plannedStatus.get(c.item.positionItemId);
		if (!status) continue;
		const sentAt = Date.parse(c.item.sentDate as string);
		addReturn(c.order, c.item, status, Math.max(sentAt, Math.min(cap, sentAt + derivedRng.int(2 * 24, 12 * 24) * HOUR)));
	}
	returns.sort((a, b) => (a.occurredTime < b.occurredTime ? 1 : a.occurredTime > b.occurredTime ? -1 : a.positionItemId < b.positionItemId ? 1 : -1));

	const returnShipments: ReturnShipment[] = [];
	const groups = new Map<string, ReturnPositionItem[]>();
	for (const r of returns) {
		const key = `${r.salesOrderId}|${r.status}`;
		const list = groups.get(key) ?? [];
		list.push(r);
		groups.set(key, list);
	}
	for (const group of groups.values()) {
		const first = group[0];
		const occurred = Date.parse(first.occurredTime);
		const order = orders.find((o) => o.salesOrderId === first.salesOrderId) as PartnerOrder;
		const sentAt = Date.parse(order.positionItems.find((i) => i.positionItemId === first.positionItemId)?.sentDate ?? first.occurredTime);
		const states: ReturnShipment['states'] = [];
		let createdAt: number;
		if (first.status === 'ANNOUNCED') {
			createdAt = occurred;
			states.push({ state: 'ANNOUNCED', occurredOn: iso(createdAt), statusText: 'Retoure angemeldet' });
			const otw = createdAt + derivedRng.int(4, 30) * HOUR;
			if (otw <= cap && derivedRng.chance(0.6)) states.push({ state: 'ON_THE_WAY', occurredOn: iso(otw), statusText: 'Sendung unterwegs' });
		} else {
			createdAt = Math.max(sentAt, occurred - derivedRng.int(2, 5) * DAY);
			const otw = Math.min(occurred, createdAt + derivedRng.int(4, 24) * HOUR);
			const delivered = Math.max(otw, occurred - derivedRng.int(1, 12) * HOUR);
			states.push({ state: 'ANNOUNCED', occurredOn: iso(createdAt) });
			states.push({ state: 'ON_THE_WAY', occurredOn: iso(otw) });
			states.push({ state: 'DELIVERED', occurredOn: iso(delivered), statusText: 'Zugestellt' });
		}
		returnShipments.push({
			returnShipmentId: derivedRng.uuid(),
			createdAt: iso(createdAt),
			trackingKey: { carrier: first.details.returnTrackingKey.carrier, trackingNumber: first.details.returnTrackingKey.trackingNumbers[0] },
			returnPositionItems: group.map((r) => ({ salesOrderId: r.salesOrderId, salesOrderPositionItemId: r.positionItemId })),
			states,
		});
	}

	// --- price reductions (on SENT items without a return)
	const priceReductions: PriceReductionRecord[] = [];
	const reductionCount = Math.min(12, Math.floor(orderCount / 60));
	const prCandidates = sentCandidates.filter((c) => !returnedItemIds.has(c.item.positionItemId));
	const prStep = reductionCount > 0 ? Math.max(1, Math.floor(prCandidates.length / reductionCount)) : 1;
	const prDrafts: Array<{ record: PriceReductionRecord; order: PartnerOrder; item: PositionItem; amount: number; at: number }> = [];
	for (let k = 0; k < reductionCount && k * prStep < prCandidates.length; k++) {
		const { order, item } = prCandidates[k * prStep];
		const status = k < 7 ? 'PROCESSED' : k < 10 ? 'INITIATED' : 'REJECTED';
		const invoice = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount;
		const amount = Math.max(0.01, round2(invoice * (0.1 + derivedRng.next() * 0.2)));
		const at = Math.min(cap, Date.parse(item.sentDate as string) + derivedRng.int(1, 5) * DAY);
		const record: PriceReductionRecord = {
			salesOrderId: order.salesOrderId,
			positionItemId: item.positionItemId,
			totalPriceReduction: eur(status === 'REJECTED' ? 0 : amount),
			invoicePrice: eur(invoice),
			priceReductions: [{ priceReduction: eur(amount), creationDateTime: iso(at), status }],
		};
		priceReductions.push(record);
		prDrafts.push({ record, order, item, amount, at });
	}

	// --- receipts: drafts sorted by creation date, then numbered
	interface Draft {
		type: Receipt['receiptType'];
		order: PartnerOrder;
		items: PositionItem[];
		creation: number;
		shipmentDate?: string;
		linkTo?: Draft;
		partialAmount?: number;
		priceReduction?: PriceReductionRecord;
		receipt?: Receipt;
	}
	const drafts: Draft[] = [];
	for (const order of orders) {
		const shipment = shipmentByOrder.get(order.salesOrderId);
		if (!shipment) continue;
		const shipped = order.positionItems.filter((i) => i.fulfillmentStatus === 'SENT' || i.fulfillmentStatus === 'RETURNED');
		const purchase: Draft = {
			type: 'PURCHASE',
			order,
			items: shipped,
			creation: Math.min(cap, Date.parse(shipment.shipDate) + 5 * MINUTE),
			shipmentDate: shipment.shipDate,
		};
		drafts.push(purchase);
		const returned = shipped.filter((i) => i.fulfillmentStatus === 'RETURNED');
		if (returned.length > 0) {
			const last = Math.max(...returned.map((i) => Date.parse(i.returnedDate as string)));
			drafts.push({ type: 'REFUND', order, items: returned, creation: Math.max(purchase.creation, Math.min(cap, last + 10 * MINUTE)), linkTo: purchase });
		}
		for (const pr of prDrafts.filter((d) => d.order === order && d.record.priceReductions[0].status === 'PROCESSED')) {
			drafts.push({
				type: 'PARTIAL_REFUND',
				order,
				items: [pr.item],
				creation: Math.max(purchase.creation, Math.min(cap, pr.at + HOUR)),
				linkTo: purchase,
				partialAmount: pr.amount,
				priceReduction: pr.record,
			});
		}
	}
	const typeRank = { PURCHASE: 0, REFUND: 1, PARTIAL_REFUND: 2 };
	drafts.sort((a, b) => a.creation - b.creation || typeRank[a.type] - typeRank[b.type] || (a.order.salesOrderId < b.order.salesOrderId ? -1 : 1));
	let receiptNo = 1_000_000_001;
	const receipts: Receipt[] = [];
	for (const d of drafts) {
		const receipt = buildReceipt(d.type, d.order, d.items, {
			receiptNumber: String(receiptNo++),
			creationDate: iso(d.creation),
			shipmentDate: d.shipmentDate,
			linked: d.linkTo?.receipt,
			partialAmount: d.partialAmount,
			includeDeliveryFees: d.type === 'PURCHASE',
		});
		d.receipt = receipt;
		if (d.priceReduction) d.priceReduction.priceReductions[0].receiptNumber = receipt.receiptNumber;
		receipts.push(receipt);
	}

	// --- Sponsored Product Ads: last, from their own stream (the data above stays as it was)
	const { ads, info: adsInfo } = makeAds(seed, products, quantities, now);
	info.ads = adsInfo;

	return {
		info,
		ads,
		orders,
		shipments,
		returnShipments,
		returns,
		receipts,
		priceReductions,
		products,
		brands,
		categoryGroups,
		quantities,
		deliveryInformation,
		shippingProfiles,
		articleNumbers,
		nextReceiptNumber: receiptNo,
	};
}
