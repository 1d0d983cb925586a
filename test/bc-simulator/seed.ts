/**
 * Deterministic seed data: two companies; the first ("CRONUS DE") holds the interesting data. Items mirror
 * the OTTO simulator's seed products (item number = OTTO SKU, GTIN = EAN), so an OTTO order imported from the
 * OTTO simulator finds its items here. All ids come from a PRNG seeded with `seed`; dates are relative to `now`.
 */
import { generateSeed as generateOttoSeed } from '../otto-simulator/seed';
import { Random, round2 } from '../simulator-core/prng';
import type {
	CodeRec,
	CompanyRec,
	CountryRec,
	CurrencyRec,
	CustomerRec,
	ItemRec,
	NumberSeries,
	PaymentTermsRec,
	PostingGroupCode,
	VatProdGroupRec,
} from './model';
import { BcStore, todayOf, type BcSeedInfo, type CompanyData, type SeriesName } from './store';
import type { BcSeedOptions } from './types';

export const DEFAULT_BC_SEED = 42;
export const MAIN_COMPANY_NAME = 'CRONUS DE';
export const SECOND_COMPANY_NAME = 'My Company';

const DAY = 24 * 60 * 60 * 1000;

const COUNTRIES: Array<[string, string]> = [
	['DE', 'Germany'],
	['AT', 'Austria'],
	['CH', 'Switzerland'],
	['FR', 'France'],
	['NL', 'Netherlands'],
	['BE', 'Belgium'],
	['LU', 'Luxembourg'],
	['IT', 'Italy'],
	['ES', 'Spain'],
	['PL', 'Poland'],
	['CZ', 'Czech Republic'],
	['DK', 'Denmark'],
	['SE', 'Sweden'],
	['GB', 'United Kingdom'],
	['US', 'United States of America'],
];
export const EU_COUNTRIES = ['AT', 'FR', 'NL', 'BE', 'LU', 'IT', 'ES', 'PL', 'CZ', 'DK', 'SE'];

const CURRENCIES: Array<[string, string, string]> = [
	['USD', 'US dollar', '$'],
	['GBP', 'British pound', '£'],
	['CHF', 'Swiss franc', 'CHF'],
	['PLN', 'Polish zloty', 'zł'],
	['DKK', 'Danish krone', 'kr.'],
	['SEK', 'Swedish krona', 'kr'],
	['CZK', 'Czech koruna', 'Kč'],
];

const PAYMENT_TERMS: Array<[string, string, string, string, number]> = [
	['14 DAYS', 'Net 14 days', '14D', '', 0],
	['30 DAYS', 'Net 30 days', '30D', '', 0],
	['1M(8D)', '1 Month/2% 8 days', '1M', '8D', 2],
	['CM', 'Current month', 'CM', '', 0],
	['COD', 'Cash on delivery', '0D', '', 0],
];

const SHIPMENT_METHODS: Array<[string, string]> = [
	['DELIVERY', 'Delivery by carrier'],
	['PICKUP', 'Pickup at warehouse'],
	['EXW', 'Ex Warehouse'],
	['DHL', 'DHL parcel'],
	['HERMES', 'Hermes parcel'],
	['DPD', 'DPD parcel'],
	['GLS', 'GLS parcel'],
	['UPS', 'UPS parcel'],
	['SPEDITION', 'Freight forwarder'],
];

const PAYMENT_METHODS: Array<[string, string]> = [
	['BANK', 'Bank transfer'],
	['CASH', 'Cash'],
	['MARKETPLACE', 'Paid through the marketplace'],
];

export const DEFAULT_POSTING_GROUPS = {
	customer: [
		{ code: 'DOMESTIC', description: 'Domestic customers' },
		{ code: 'EU', description: 'Customers in EU' },
		{ code: 'FOREIGN', description: 'Foreign customers (non-EU)' },
	],
	genBus: [
		{ code: 'DOMESTIC', description: 'Domestic customers and vendors' },
		{ code: 'EU', description: 'Customers and vendors in EU' },
		{ code: 'EXPORT', description: 'Other customers and vendors (not EU)' },
	],
	vatBus: [
		{ code: 'DOMESTIC', description: 'Domestic customers and vendors' },
		{ code: 'EU', description: 'Customers and vendors in EU' },
		{ code: 'EXPORT', description: 'Other customers and vendors (not EU)' },
	],
};

const VAT_PROD_GROUPS: VatProdGroupRec[] = [
	{ code: 'STANDARD', description: 'Standard VAT (19%)', domesticRate: 19 },
	{ code: 'REDUCED', description: 'Reduced VAT (7%)', domesticRate: 7 },
	{ code: 'ZERO', description: 'No VAT', domesticRate: 0 },
];

const GL_ACCOUNTS: Array<[string, string]> = [
	['8400', 'Revenue 19% VAT'],
	['8300', 'Revenue 7% VAT'],
	['4730', 'Outgoing freight'],
];

const FIRST_NAMES = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannah', 'Jonas', 'Lea', 'Lukas', 'Marie', 'Noah', 'Paul', 'Sophie'];
const LAST_NAMES = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', "O'Brien", 'Koch'];
const CITIES: Array<[string, string]> = [
	['Hamburg', '22179'],
	['Berlin', '10115'],
	['München', '80331'],
	['Köln', '50667'],
	['Frankfurt am Main', '60311'],
	['Leipzig', '04109'],
	['Dresden', '01067'],
];
const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee', 'Schulstraße', 'Am Markt'];

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function numberSeries(): Record<SeriesName, NumberSeries> {
	return {
		customer: { code: 'CUST', prefix: 'C', next: 10, width: 5, step: 10, manualNos: true },
		salesOrder: { code: 'S-ORD', prefix: 'S-ORD', next: 101001, width: 6, step: 1, manualNos: false },
		salesShipment: { code: 'S-SHPT', prefix: 'S-SHPT', next: 102001, width: 6, step: 1, manualNos: false },
		salesInvoice: { code: 'S-INV+', prefix: 'S-INV', next: 103001, width: 6, step: 1, manualNos: false },
		salesCreditMemo: { code: 'S-CR', prefix: 'S-CR', next: 104001, width: 6, step: 1, manualNos: false },
		salesReturnOrder: { code: 'S-RETORD', prefix: 'S-RET', next: 105001, width: 6, step: 1, manualNos: false },
	};
}

interface Ctx {
	store: BcStore;
	rng: Random;
	now: number;
}

function stamp(ctx: Ctx, daysAgoMax: number): { version: number; lastModifiedDateTime: string } {
	const ms = ctx.now - 2 * 60 * 1000 - ctx.rng.int(0, daysAgoMax * 24 * 60) * 60 * 1000;
	return { version: ctx.store.nextVersion(), lastModifiedDateTime: iso(ms) };
}

function codeRecs(ctx: Ctx, entries: Array<[string, string]>): CodeRec[] {
	return entries.map(([code, displayName]) => ({ id: ctx.rng.uuid(), code, displayName, ...stamp(ctx, 300) }));
}

function makeCompany(ctx: Ctx, name: string, postingGroups: CompanyData['postingGroups']): CompanyData {
	const created = iso(ctx.now - 400 * DAY);
	const company: CompanyRec = {
		id: ctx.rng.uuid(),
		version: ctx.store.nextVersion(),
		lastModifiedDateTime: created,
		name,
		displayName: name,
		businessProfileId: '',
		systemVersion: '26.0.30643.32172',
		systemCreatedAt: created,
		systemCreatedBy: ctx.rng.uuid(),
		systemModifiedAt: created,
		systemModifiedBy: ctx.rng.uuid(),
	};
	const countries: CountryRec[] = codeRecs(ctx, COUNTRIES).map((c) => ({ ...c, addressFormat: 'Post Code+City' }));
	const currencies: CurrencyRec[] = CURRENCIES.map(([code, displayName, symbol]) => ({ id: ctx.rng.uuid(), code, displayName, symbol, ...stamp(ctx, 300) }));
	const paymentTerms: PaymentTermsRec[] = PAYMENT_TERMS.map(([code, displayName, due, disc, pct]) => ({
		id: ctx.rng.uuid(),
		code,
		displayName,
		dueDateCalculation: due,
		discountDateCalculation: disc,
		discountPercent: pct,
		calculateDiscountOnCreditMemos: false,
		...stamp(ctx, 300),
	}));
	return {
		company,
		lcyCode: 'EUR',
		customers: [],
		items: [],
		salesOrders: [],
		salesReturnOrders: [],
		salesCreditMemos: [],
		salesShipments: [],
		postedInvoices: [],
		documentAttachments: [],
		itemLedgerEntries: [],
		countries,
		currencies,
		paymentTerms,
		shipmentMethods: codeRecs(ctx, SHIPMENT_METHODS),
		paymentMethods: codeRecs(ctx, PAYMENT_METHODS),
		taxAreas: postingGroups.vatBus.map((g) => ({ id: ctx.rng.uuid(), code: g.code, displayName: g.description, ...stamp(ctx, 300) })),
		postingGroups,
		vatProdGroups: VAT_PROD_GROUPS.map((g) => ({ ...g })),
		glAccounts: GL_ACCOUNTS.map(([number, displayName]) => ({ id: ctx.rng.uuid(), number, displayName })),
		numberSeries: numberSeries(),
		nextEntryNumber: 1,
	};
}

function blankCustomer(ctx: Ctx, cd: CompanyData, number: string, displayName: string): CustomerRec {
	return {
		id: ctx.rng.uuid(),
		...stamp(ctx, 60),
		number,
		displayName,
		type: 'Company',
		addressLine1: '',
		addressLine2: '',
		city: '',
		state: '',
		country: '',
		postalCode: '',
		phoneNumber: '',
		email: '',
		website: '',
		salespersonCode: '',
		balanceDue: 0,
		creditLimit: 0,
		taxLiable: true,
		taxRegistrationNumber: '',
		currencyCode: '',
		paymentTermsCode: cd.paymentTerms[0].code,
		shipmentMethodCode: 'DELIVERY',
		paymentMethodCode: 'MARKETPLACE',
		blocked: ' ',
		customerPostingGroup: '',
		genBusPostingGroup: '',
		vatBusPostingGroup: '',
		pricesIncludingVat: false,
	};
}

/** Group codes for a country: [customer, genBus, vatBus] = domestic / EU / foreign (first, second, third code). */
function groupsFor(cd: CompanyData, country: string): [string, string, string] {
	const idx = country === 'DE' ? 0 : EU_COUNTRIES.includes(country) ? 1 : 2;
	const pick = (list: PostingGroupCode[]) => list[Math.min(idx, list.length - 1)]?.code ?? '';
	return [pick(cd.postingGroups.customer), pick(cd.postingGroups.genBus), pick(cd.postingGroups.vatBus)];
}

function nextCustomerNumber(cd: CompanyData): string {
	const s = cd.numberSeries.customer;
	const n = s.next;
	s.next += s.step;
	return `${s.prefix}${String(n).padStart(s.width, '0')}`;
}

function seedCustomers(ctx: Ctx, cd: CompanyData, count: number): BcSeedInfo['customers'] {
	const fixed: Array<{ key: keyof BcSeedInfo['customers']; name: string; country: string; city: string; zip: string; groups: boolean; blocked?: 'All' }> = [
		{ key: 'defaultDomestic', name: 'OTTO Market Kunden DE', country: 'DE', city: 'Hamburg', zip: '22179', groups: true },
		{ key: 'defaultEu', name: 'OTTO Market Kunden AT', country: 'AT', city: 'Wien', zip: '1010', groups: true },
		{ key: 'foreign', name: 'Alpen Handel AG', country: 'CH', city: 'Zürich', zip: '8001', groups: true },
		{ key: 'blocked', name: 'Gesperrt GmbH', country: 'DE', city: 'Berlin', zip: '10115', groups: true, blocked: 'All' },
		{ key: 'withoutPostingGroups', name: 'Ohne Buchungsgruppen KG', country: 'DE', city: 'Köln', zip: '50667', groups: false },
	];
	const info = {} as BcSeedInfo['customers'];
	for (const f of fixed) {
		const c = blankCustomer(ctx, cd, nextCustomerNumber(cd), f.name);
		c.country = f.country;
		c.city = f.city;
		c.postalCode = f.zip;
		c.addressLine1 = `${ctx.rng.pick(STREETS)} ${ctx.rng.int(1, 120)}`;
		c.email = `kunden-${f.country.toLowerCase()}@example.com`;
		if (f.groups) [c.customerPostingGroup, c.genBusPostingGroup, c.vatBusPostingGroup] = groupsFor(cd, f.country);
		if (f.blocked) c.blocked = f.blocked;
		if (f.country === 'CH') c.currencyCode = 'CHF';
		cd.customers.push(c);
		info[f.key] = c.number;
	}
	for (let i = fixed.length; i < count; i++) {
		const first = ctx.rng.pick(FIRST_NAMES);
		const last = ctx.rng.pick(LAST_NAMES);
		const person = ctx.rng.chance(0.6);
		const country = ctx.rng.weighted<string>([
			['DE', 8],
			['AT', 1],
			['NL', 1],
		]);
		const [city, zip] = country === 'DE' ? ctx.rng.pick(CITIES) : country === 'AT' ? ['Graz', '8010'] : ['Utrecht', '3511'];
		const c = blankCustomer(ctx, cd, nextCustomerNumber(cd), person ? `${first} ${last}` : `${last} & ${ctx.rng.pick(LAST_NAMES)} GmbH`);
		c.type = person ? 'Person' : 'Company';
		c.country = country;
		c.city = city;
		c.postalCode = zip;
		c.addressLine1 = `${ctx.rng.pick(STREETS)} ${ctx.rng.int(1, 120)}`;
		c.email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${i}@example.com`;
		c.phoneNumber = `+49 40 ${ctx.rng.digits(7)}`;
		c.pricesIncludingVat = person;
		[c.customerPostingGroup, c.genBusPostingGroup, c.vatBusPostingGroup] = groupsFor(cd, country);
		cd.customers.push(c);
	}
	return info;
}

function baseItem(ctx: Ctx, cd: CompanyData, number: string, displayName: string): ItemRec {
	return {
		id: ctx.rng.uuid(),
		...stamp(ctx, 90),
		number,
		displayName: displayName.slice(0, 100),
		displayName2: '',
		type: 'Inventory',
		itemCategoryCode: '',
		blocked: false,
		gtin: '',
		inventory: 0,
		unitPrice: 0,
		priceIncludesTax: false,
		unitCost: 0,
		vatProdPostingGroup: cd.vatProdGroups[0].code,
		baseUnitOfMeasureCode: 'PCS',
		generalProductPostingGroupCode: 'RETAIL',
		inventoryPostingGroupCode: 'RESALE',
	};
}

function seedItems(
	ctx: Ctx,
	cd: CompanyData,
	ottoProducts: number,
	ottoSeed: number,
	extraItems: number,
): { ottoSkus: string[]; blocked: string; service: string } {
	const ottoSkus: string[] = [];
	if (ottoProducts > 0) {
		const otto = generateOttoSeed({ seed: ottoSeed, products: ottoProducts, orders: 0, now: ctx.now });
		for (const p of otto.products) {
			const number = p.sku.toUpperCase();
			if (number.length > 20 || cd.items.some((i) => i.number === number)) continue;
			const item = baseItem(ctx, cd, number, p.productDescription.productLine ?? p.sku);
			const vat = p.pricing.vat === 'FULL' ? 'STANDARD' : p.pricing.vat === 'REDUCED' ? 'REDUCED' : 'ZERO';
			const rate = VAT_PROD_GROUPS.find((g) => g.code === vat)!.domesticRate;
			item.vatProdPostingGroup = vat;
			item.gtin = p.ean;
			item.unitPrice = round2(p.pricing.standardPrice.amount / (1 + rate / 100));
			item.unitCost = round2(item.unitPrice * (0.4 + ctx.rng.next() * 0.2));
			item.itemCategoryCode = p.productDescription.category.toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 20);
			cd.items.push(item);
			ottoSkus.push(number);
		}
	}
	const extras: Array<{ number: string; name: string; type?: ItemRec['type']; blocked?: boolean; price: number; vat?: string }> = [
		{ number: 'DISCONTINUED-01', name: 'Discontinued lamp (blocked)', blocked: true, price: 9.99 },
		{ number: 'SERVICE-INSTALL', name: 'Installation service', type: 'Service', price: 49 },
		{ number: 'BC-0001', name: 'Kaffeebohnen 1 kg', price: 14.9, vat: 'REDUCED' },
		{ number: 'BC-0002', name: 'Geschenkverpackung', price: 2.5 },
		{ number: 'BC-0003', name: 'Ersatzteil-Set', price: 19.99 },
		{ number: 'BC-0004', name: 'Pflegeöl 250 ml', price: 8.4 },
	];
	for (let i = 0; i < extraItems; i++) {
		const spec = extras[i] ?? { number: `BC-${String(i + 1).padStart(4, '0')}`, name: `Zusatzartikel ${i + 1}`, price: 5 + i };
		if (cd.items.some((x) => x.number === spec.number)) continue;
		const item = baseItem(ctx, cd, spec.number, spec.name);
		item.type = spec.type ?? 'Inventory';
		item.blocked = spec.blocked ?? false;
		item.unitPrice = spec.price;
		item.unitCost = round2(spec.price * 0.5);
		if (spec.vat) item.vatProdPostingGroup = spec.vat;
		if (item.type === 'Inventory') item.gtin = `4006381${String(900000 + i).padStart(6, '0')}`.slice(0, 13);
		cd.items.push(item);
	}
	// opening inventory as positive adjustments
	const openingDate = todayOf(new Date(ctx.now - 60 * DAY));
	for (const item of cd.items) {
		if (item.type !== 'Inventory') continue;
		const qty = ctx.rng.chance(0.1) ? 0 : ctx.rng.int(1, 250);
		if (qty === 0) continue;
		ctx.store.addLedgerEntry(cd, {
			itemNumber: item.number,
			postingDate: openingDate,
			entryType: 'Positive Adjmt.',
			sourceNumber: '',
			sourceType: '',
			documentNumber: 'OPENING',
			documentType: '',
			description: 'Opening balance',
			quantity: qty,
			salesAmountActual: 0,
			costAmountActual: round2(qty * item.unitCost),
		});
	}
	return { ottoSkus, blocked: extraItems > 0 ? 'DISCONTINUED-01' : '', service: extraItems > 1 ? 'SERVICE-INSTALL' : '' };
}

function seedOrders(ctx: Ctx, cd: CompanyData, count: number, shipped: number, info: BcSeedInfo['customers']): { open: string[]; shipped: string[] } {
	const store = ctx.store;
	const candidates = cd.customers.filter((c) => c.blocked === ' ' && c.number !== info.withoutPostingGroups && c.currencyCode === '');
	const items = cd.items.filter((i) => !i.blocked && i.type === 'Inventory');
	const open: string[] = [];
	const shippedNumbers: string[] = [];
	if (candidates.length === 0 || items.length === 0) return { open, shipped: shippedNumbers };
	for (let i = 0; i < count; i++) {
		const customer = candidates[i % candidates.length];
		const orderDate = todayOf(new Date(ctx.now - ctx.rng.int(1, 30) * DAY));
		const lines = Array.from({ length: ctx.rng.int(1, 3) }, () => {
			const item = ctx.rng.pick(items);
			return { lineType: 'Item', lineObjectNumber: item.number, quantity: ctx.rng.int(1, 3) };
		});
		const order = store.createSalesDoc(
			cd,
			'order',
			{ customerNumber: customer.number, externalDocumentNumber: `SEED-${String(1000 + i)}`, orderDate },
			lines,
		);
		if (i < shipped) {
			store.postShipment(cd, order, {
				postingDate: todayOf(new Date(Date.parse(orderDate) + DAY)),
				shipmentMethodCode: 'DHL',
				shippingAgentCode: 'DHL',
				packageTrackingNo: `00340434${ctx.rng.digits(12)}`,
			});
			shippedNumbers.push(order.number);
		} else open.push(order.number);
	}
	return { open, shipped: shippedNumbers };
}

/** Build the seed into `store` (which is used for the business rules while seeding). */
export function seedStore(store: BcStore, options: BcSeedOptions = {}): void {
	const seed = options.seed ?? DEFAULT_BC_SEED;
	const nowRaw = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : Date.parse(options.now);
	if (!Number.isFinite(nowRaw)) throw new Error(`Invalid seed reference time: ${String(options.now)}`);
	const now = Math.floor(nowRaw / 1000) * 1000;
	const ctx: Ctx = { store, rng: new Random(seed * 13 + 7), now };
	const groups = {
		customer: (options.postingGroups?.customer ?? DEFAULT_POSTING_GROUPS.customer.map((g) => g.code)).map((code) => ({
			code,
			description: DEFAULT_POSTING_GROUPS.customer.find((g) => g.code === code)?.description ?? code,
		})),
		genBus: (options.postingGroups?.genBus ?? DEFAULT_POSTING_GROUPS.genBus.map((g) => g.code)).map((code) => ({
			code,
			description: DEFAULT_POSTING_GROUPS.genBus.find((g) => g.code === code)?.description ?? code,
		})),
		vatBus: (options.postingGroups?.vatBus ?? DEFAULT_POSTING_GROUPS.vatBus.map((g) => g.code)).map((code) => ({
			code,
			description: DEFAULT_POSTING_GROUPS.vatBus.find((g) => g.code === code)?.description ?? code,
		})),
	};
	const main = makeCompany(ctx, MAIN_COMPANY_NAME, groups);
	const second = makeCompany(ctx, SECOND_COMPANY_NAME, {
		customer: groups.customer.map((g) => ({ ...g })),
		genBus: groups.genBus.map((g) => ({ ...g })),
		vatBus: groups.vatBus.map((g) => ({ ...g })),
	});
	const info: BcSeedInfo = {
		seed,
		now: iso(now),
		mainCompanyId: main.company.id,
		mainCompanyName: main.company.name,
		secondCompanyId: second.company.id,
		secondCompanyName: second.company.name,
		customers: { defaultDomestic: '', defaultEu: '', foreign: '', blocked: '', withoutPostingGroups: '' },
		blockedItemNumber: '',
		serviceItemNumber: '',
		ottoSkus: [],
		glAccounts: GL_ACCOUNTS.map(([n]) => n),
		openOrderNumbers: [],
		shippedOrderNumbers: [],
	};
	// the store runs the business rules (numbers, ledger entries, shipments) while seeding
	store.load({ companies: [main, second], info });

	info.customers = seedCustomers(ctx, main, Math.max(5, Math.floor(options.customers ?? 20)));
	const items = seedItems(ctx, main, Math.max(0, Math.floor(options.ottoProducts ?? 60)), options.ottoSeed ?? 42, Math.max(0, Math.floor(options.extraItems ?? 6)));
	info.ottoSkus = items.ottoSkus;
	info.blockedItemNumber = items.blocked;
	info.serviceItemNumber = items.service;

	// the second company: a little data of its own (different ids, same numbers) so company routing matters
	seedCustomers(ctx, second, 5);
	seedItems(ctx, second, 0, 0, 4);

	const orderCount = Math.max(0, Math.floor(options.salesOrders ?? 8));
	const shippedCount = Math.min(orderCount, Math.max(0, Math.floor(options.shippedOrders ?? 3)));
	const orders = seedOrders(ctx, main, orderCount, shippedCount, info.customers);
	info.openOrderNumbers = orders.open;
	info.shippedOrderNumbers = orders.shipped;

	// seeding used the wall clock for lastModifiedDateTime of documents created through the store; pin them to `now`
	for (const cd of [main, second]) {
		for (const doc of [...cd.salesOrders, ...cd.salesShipments]) {
			doc.lastModifiedDateTime = iso(Math.min(Date.parse(doc.lastModifiedDateTime), now - 60 * 1000));
		}
		for (const e of cd.itemLedgerEntries) e.lastModifiedDateTime = iso(Math.min(Date.parse(e.lastModifiedDateTime), now - 60 * 1000));
	}
}
