import type { IDataObject } from 'n8n-workflow';

/**
 * Checks of product data before it is sent (docs/otto-api.md §4.1, §5) and the node's GPSR/VAT defaults.
 * Only rules OTTO documents are checked here; everything else is left to OTTO's own validation, whose
 * per-SKU verdict comes back through the update task.
 */

export const VAT_RATES = ['FULL', 'REDUCED', 'FREE'] as const;
export const SAFETY_ROLES = ['MANUFACTURER', 'DISTRIBUTOR'] as const;
export const MEDIA_ASSET_TYPES = [
	'IMAGE',
	'DIMENSIONAL_DRAWING',
	'COLOR_VARIANT',
	'ENERGY_EFFICIENCY_LABEL',
	'MATERIAL_SAMPLE',
	'PRODUCT_DATASHEET',
	'USER_MANUAL',
	'MANUFACTURER_WARRANTY',
	'SAFETY_DATASHEET',
	'ASSEMBLY_INSTRUCTIONS',
	'WARNING_LABEL',
] as const;
export const NORM_UNITS = ['Stk', 'qm', 'kg', 'l', 'm', 'ml', 'g', 'Paar', 'RM', 'dm3'] as const;
export const NORM_AMOUNTS = [1, 100, 1000] as const;
export const MAX_SKU_LENGTH = 50;

export interface ProductIssue {
	/** Path in the variation, e.g. `pricing.standardPrice.amount` or `mediaAssets[1].location`. */
	field: string;
	problem: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Whether the text holds a C0 control character (U+0000–U+001F) or DEL (U+007F). */
function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code <= 0x1f || code === 0x7f) return true;
	}
	return false;
}

function isObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

class Checker {
	readonly issues: ProductIssue[] = [];

	add(field: string, problem: string): void {
		this.issues.push({ field, problem });
	}

	/** A string field; returns it when present and a string. */
	string(
		parent: IDataObject,
		key: string,
		path: string,
		rules: { required?: boolean; max?: number; min?: number } = {},
	): string | undefined {
		const value = parent[key];
		if (isBlank(value)) {
			if (rules.required) this.add(path, 'is required');
			return undefined;
		}
		if (typeof value !== 'string') {
			this.add(path, `must be text, not ${typeof value}`);
			return undefined;
		}
		if (rules.required && value.trim() === '') this.add(path, 'is required');
		if (rules.max !== undefined && value.length > rules.max) this.add(path, `must be at most ${rules.max} characters (has ${value.length})`);
		if (rules.min !== undefined && value.length < rules.min) this.add(path, `must be at least ${rules.min} characters`);
		return value;
	}

	object(parent: IDataObject, key: string, path: string, required = false): IDataObject | undefined {
		const value = parent[key];
		if (isBlank(value)) {
			if (required) this.add(path, 'is required');
			return undefined;
		}
		if (!isObject(value)) {
			this.add(path, 'must be an object');
			return undefined;
		}
		return value;
	}

	array(parent: IDataObject, key: string, path: string, required = false): unknown[] | undefined {
		const value = parent[key];
		if (isBlank(value)) {
			if (required) this.add(path, 'is required');
			return undefined;
		}
		if (!Array.isArray(value)) {
			this.add(path, 'must be a list');
			return undefined;
		}
		return value;
	}

	boolean(parent: IDataObject, key: string, path: string): void {
		if (!isBlank(parent[key]) && typeof parent[key] !== 'boolean') this.add(path, 'must be true or false');
	}

	oneOf(parent: IDataObject, key: string, path: string, allowed: readonly unknown[], required = false): void {
		const value = parent[key];
		if (isBlank(value)) {
			if (required) this.add(path, `is required (one of ${allowed.join(', ')})`);
			return;
		}
		if (!allowed.includes(value)) this.add(path, `"${String(value)}" is not one of ${allowed.join(', ')}`);
	}

	integer(parent: IDataObject, key: string, path: string, min: number, max: number, required = false): void {
		const value = parent[key];
		if (isBlank(value)) {
			if (required) this.add(path, 'is required');
			return;
		}
		if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
			this.add(path, `must be a whole number from ${min} to ${max}`);
		}
	}

	dateTime(parent: IDataObject, key: string, path: string, required = false): void {
		const value = parent[key];
		if (isBlank(value)) {
			if (required) this.add(path, 'is required');
			return;
		}
		if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
			this.add(path, `"${String(value)}" is not an ISO 8601 date-time (e.g. 2026-03-01T00:00:00Z)`);
		}
	}

	/** Money: `{amount, currency: "EUR"}`, amount a number above 0 with at most 2 decimals. */
	money(parent: IDataObject, key: string, path: string, required = false): void {
		const money = this.object(parent, key, path, required);
		if (!money) return;
		const amount = money.amount;
		if (isBlank(amount)) this.add(`${path}.amount`, 'is required');
		else if (typeof amount !== 'number' || !Number.isFinite(amount)) this.add(`${path}.amount`, 'must be a number');
		else if (amount <= 0) this.add(`${path}.amount`, 'must be above 0');
		else if (!hasAtMostTwoDecimals(amount)) this.add(`${path}.amount`, `${amount} has more than 2 decimals`);
		if (money.currency !== 'EUR') this.add(`${path}.currency`, `must be "EUR" (OTTO accepts euros only)${isBlank(money.currency) ? '' : `, not "${String(money.currency)}"`}`);
	}
}

export function hasAtMostTwoDecimals(amount: number): boolean {
	const cents = amount * 100;
	return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** Why a SKU cannot be used, or undefined when it is fine. */
export function skuProblem(sku: unknown): string | undefined {
	if (isBlank(sku)) return 'is required';
	if (typeof sku !== 'string') return 'must be text';
	if (sku.trim() === '') return 'is required';
	if (sku.length > MAX_SKU_LENGTH) return `must be at most ${MAX_SKU_LENGTH} characters (has ${sku.length})`;
	if (sku !== sku.trim()) return `"${sku}" must not start or end with blanks`;
	if (hasControlCharacter(sku)) return 'must not contain control characters';
	return undefined;
}

function checkSku(check: Checker, parent: IDataObject, path: string): void {
	const problem = skuProblem(parent.sku);
	if (problem) check.add(path, problem);
}

function checkEan(check: Checker, variation: IDataObject): void {
	const ean = variation.ean;
	if (isBlank(ean)) return check.add('ean', 'is required');
	if (typeof ean !== 'string') return check.add('ean', 'must be text (a number would lose leading zeros)');
	if (!/^\d{8,14}$/.test(ean)) return check.add('ean', `"${ean}" must be 8 to 14 digits`);
	if (ean.startsWith('2')) check.add('ean', `"${ean}" must not start with 2 (store-internal numbers are not accepted)`);
}

function checkDescription(check: Checker, variation: IDataObject): void {
	const description = check.object(variation, 'productDescription', 'productDescription', true);
	if (!description) return;
	const p = 'productDescription';
	check.string(description, 'category', `${p}.category`, { required: true });
	check.string(description, 'brandId', `${p}.brandId`, { required: true });
	check.string(description, 'productLine', `${p}.productLine`, { max: 70 });
	check.dateTime(description, 'productionDate', `${p}.productionDate`);
	for (const flag of ['multiPack', 'bundle', 'fscCertified', 'disposal']) check.boolean(description, flag, `${p}.${flag}`);
	check.string(description, 'productUrl', `${p}.productUrl`);
	check.string(description, 'description', `${p}.description`);
	const bullets = check.array(description, 'bulletPoints', `${p}.bulletPoints`);
	bullets?.forEach((bullet, k) => {
		if (typeof bullet !== 'string') check.add(`${p}.bulletPoints[${k}]`, 'must be text');
		else if (bullet.length < 3 || bullet.length > 180) check.add(`${p}.bulletPoints[${k}]`, `must be 3 to 180 characters (has ${bullet.length})`);
	});
	const attributes = check.array(description, 'attributes', `${p}.attributes`);
	attributes?.forEach((attribute, k) => {
		const a = `${p}.attributes[${k}]`;
		if (!isObject(attribute)) return check.add(a, 'must be an object {name, values}');
		check.string(attribute, 'name', `${a}.name`, { required: true });
		const values = check.array(attribute, 'values', `${a}.values`, true);
		values?.forEach((value, v) => {
			if (typeof value !== 'string') check.add(`${a}.values[${v}]`, 'must be text');
		});
		check.boolean(attribute, 'additional', `${a}.additional`);
	});
}

function checkMedia(check: Checker, variation: IDataObject): void {
	const media = check.array(variation, 'mediaAssets', 'mediaAssets', true);
	if (!media) return;
	let images = 0;
	media.forEach((asset, k) => {
		const a = `mediaAssets[${k}]`;
		if (!isObject(asset)) return check.add(a, 'must be an object {type, location}');
		check.oneOf(asset, 'type', `${a}.type`, MEDIA_ASSET_TYPES, true);
		if (asset.type === 'IMAGE') images++;
		const location = check.string(asset, 'location', `${a}.location`, { required: true, max: 2083 });
		if (location && !/^https?:\/\/\S+$/i.test(location)) check.add(`${a}.location`, `"${location}" is not an http(s) URL OTTO can download`);
	});
	if (images === 0) check.add('mediaAssets', 'needs at least one asset of type IMAGE');
}

function checkPricing(check: Checker, variation: IDataObject): void {
	const pricing = check.object(variation, 'pricing', 'pricing', true);
	if (!pricing) return;
	check.money(pricing, 'standardPrice', 'pricing.standardPrice', true);
	if (pricing.vat === 'NONE') check.add('pricing.vat', '"NONE" is always rejected by OTTO; use FULL, REDUCED or FREE');
	else check.oneOf(pricing, 'vat', 'pricing.vat', VAT_RATES, true);
	check.money(pricing, 'msrp', 'pricing.msrp');
	checkSale(check, pricing, 'pricing.sale');
	const norm = check.object(pricing, 'normPriceInfo', 'pricing.normPriceInfo');
	if (norm) {
		check.oneOf(norm, 'normAmount', 'pricing.normPriceInfo.normAmount', NORM_AMOUNTS, true);
		check.oneOf(norm, 'normUnit', 'pricing.normPriceInfo.normUnit', NORM_UNITS, true);
		check.oneOf(norm, 'salesUnit', 'pricing.normPriceInfo.salesUnit', NORM_UNITS, true);
		const sales = norm.salesAmount;
		if (typeof sales !== 'number' || !(sales > 0)) check.add('pricing.normPriceInfo.salesAmount', 'must be a number above 0');
	}
}

function checkSale(check: Checker, parent: IDataObject, path: string): void {
	const sale = check.object(parent, 'sale', path);
	if (!sale) return;
	check.money(sale, 'salePrice', `${path}.salePrice`, true);
	check.dateTime(sale, 'startDate', `${path}.startDate`);
	check.dateTime(sale, 'endDate', `${path}.endDate`);
	if (typeof sale.startDate === 'string' && typeof sale.endDate === 'string' && Date.parse(sale.startDate) > Date.parse(sale.endDate)) {
		check.add(`${path}.endDate`, 'is before startDate');
	}
}

function checkCompliance(check: Checker, variation: IDataObject): void {
	const compliance = check.object(variation, 'compliance', 'compliance', true);
	if (!compliance) return;
	const safety = check.object(compliance, 'productSafety', 'compliance.productSafety', true);
	if (!safety) return;
	const addresses = check.array(safety, 'addresses', 'compliance.productSafety.addresses', true);
	if (!addresses) return;
	if (addresses.length === 0) check.add('compliance.productSafety.addresses', 'needs at least one address (manufacturer or distributor)');
	addresses.forEach((address, k) => {
		const a = `compliance.productSafety.addresses[${k}]`;
		if (!isObject(address)) return check.add(a, 'must be an object');
		check.string(address, 'name', `${a}.name`, { required: true, max: 100 });
		const line = check.string(address, 'address', `${a}.address`, { required: true, max: 200 });
		if (line && /[\r\n]/.test(line)) check.add(`${a}.address`, 'must be one line (no line breaks)');
		const region = check.string(address, 'regionCode', `${a}.regionCode`);
		if (region && !/^[A-Z]{2}$/.test(region)) check.add(`${a}.regionCode`, `"${region}" is not a two-letter country code (ISO 3166-1 alpha-2, e.g. DE)`);
		const email = check.string(address, 'email', `${a}.email`, { max: 100 });
		const url = check.string(address, 'url', `${a}.url`, { max: 200 });
		if (!email && !url) check.add(`${a}`, 'needs an email or a url');
		check.string(address, 'phone', `${a}.phone`, { max: 20 });
		const roles = check.array(address, 'roles', `${a}.roles`, true);
		if (roles) {
			if (roles.length === 0) check.add(`${a}.roles`, `needs at least one of ${SAFETY_ROLES.join(', ')}`);
			roles.forEach((role, r) => {
				if (!SAFETY_ROLES.includes(role as (typeof SAFETY_ROLES)[number])) check.add(`${a}.roles[${r}]`, `"${String(role)}" is not one of ${SAFETY_ROLES.join(', ')}`);
			});
		}
	});
}

/** Every problem of one product variation (v5 shape); empty when it may be sent. */
export function validateVariation(variation: unknown): ProductIssue[] {
	const check = new Checker();
	if (!isObject(variation)) {
		check.add('(variation)', 'must be an object');
		return check.issues;
	}
	check.string(variation, 'productReference', 'productReference', { required: true, max: 50 });
	checkSku(check, variation, 'sku');
	checkEan(check, variation);
	check.string(variation, 'pzn', 'pzn');
	check.string(variation, 'mpn', 'mpn', { max: 50 });
	check.string(variation, 'moin', 'moin');
	check.dateTime(variation, 'releaseDate', 'releaseDate');
	checkDescription(check, variation);
	checkMedia(check, variation);
	const order = check.object(variation, 'order', 'order');
	const max = order && check.object(order, 'maxOrderQuantity', 'order.maxOrderQuantity', true);
	if (max) {
		check.integer(max, 'quantity', 'order.maxOrderQuantity.quantity', 1, 50, true);
		check.integer(max, 'periodInDays', 'order.maxOrderQuantity.periodInDays', 1, 90, true);
	}
	checkPricing(check, variation);
	const logistics = check.object(variation, 'logistics', 'logistics');
	if (logistics) {
		check.integer(logistics, 'packingUnitCount', 'logistics.packingUnitCount', 1, Number.MAX_SAFE_INTEGER);
		check.array(logistics, 'packingUnits', 'logistics.packingUnits')?.forEach((unit, k) => {
			if (!isObject(unit)) return check.add(`logistics.packingUnits[${k}]`, 'must be an object');
			for (const dimension of ['weight', 'width', 'height', 'length']) {
				const value = unit[dimension];
				if (!isBlank(value) && (typeof value !== 'number' || value < 0)) {
					check.add(`logistics.packingUnits[${k}].${dimension}`, 'must be a number (g / mm) of at least 0');
				}
			}
		});
	}
	checkCompliance(check, variation);
	return check.issues;
}

/** Problems of one price entry `{sku, standardPrice, sale?}` (POST /v5/products/prices). */
export function validatePriceEntry(entry: IDataObject): ProductIssue[] {
	const check = new Checker();
	checkSku(check, entry, 'sku');
	check.money(entry, 'standardPrice', 'standardPrice', true);
	checkSale(check, entry, 'sale');
	return check.issues;
}

/** "pricing.vat is required; ean must not start with 2" */
export function describeIssues(issues: ProductIssue[]): string {
	return issues.map((issue) => `${issue.field} ${issue.problem}`).join('; ');
}

// ------------------------------------------------------------------------------------------------
// defaults

export interface ProductSafetyDefaults {
	name?: string;
	address?: string;
	regionCode?: string;
	email?: string;
	phone?: string;
	url?: string;
	roles?: string[];
}

export interface VariationDefaults {
	vat?: string;
	/** Used for variations without product safety addresses. */
	productSafetyAddress?: IDataObject;
}

/** The product safety address the node's defaults describe; undefined when no name is set. */
export function productSafetyAddressFrom(defaults: ProductSafetyDefaults): IDataObject | undefined {
	const name = defaults.name?.trim();
	if (!name) return undefined;
	const address: IDataObject = { name };
	if (defaults.address?.trim()) address.address = defaults.address.trim();
	if (defaults.regionCode?.trim()) address.regionCode = defaults.regionCode.trim().toUpperCase();
	if (defaults.email?.trim()) address.email = defaults.email.trim();
	if (defaults.url?.trim()) address.url = defaults.url.trim();
	if (defaults.phone?.trim()) address.phone = defaults.phone.trim();
	address.roles = defaults.roles?.length ? [...defaults.roles] : [...SAFETY_ROLES];
	return address;
}

function withEuro(money: unknown): unknown {
	return isObject(money) && isBlank(money.currency) ? { ...money, currency: 'EUR' } : money;
}

/**
 * Fills what the variation leaves out: product safety address(es), VAT rate, and the currency of prices
 * (OTTO accepts EUR only). Whatever the variation sets wins. Returns a new object; the input is untouched.
 */
export function applyVariationDefaults(variation: IDataObject, defaults: VariationDefaults): IDataObject {
	const out: IDataObject = { ...variation };
	if (defaults.productSafetyAddress) {
		const compliance = isObject(out.compliance) ? out.compliance : {};
		const safety = isObject(compliance.productSafety) ? compliance.productSafety : {};
		const addresses = safety.addresses;
		if (!Array.isArray(addresses) || addresses.length === 0) {
			out.compliance = { ...compliance, productSafety: { ...safety, addresses: [{ ...defaults.productSafetyAddress }] } };
		}
	}
	if (out.pricing === undefined || isObject(out.pricing)) {
		const pricing: IDataObject = { ...(out.pricing as IDataObject | undefined) };
		if (defaults.vat && isBlank(pricing.vat)) pricing.vat = defaults.vat;
		if (pricing.standardPrice !== undefined) pricing.standardPrice = withEuro(pricing.standardPrice) as IDataObject;
		if (pricing.msrp !== undefined) pricing.msrp = withEuro(pricing.msrp) as IDataObject;
		if (isObject(pricing.sale) && pricing.sale.salePrice !== undefined) {
			pricing.sale = { ...pricing.sale, salePrice: withEuro(pricing.sale.salePrice) as IDataObject };
		}
		if (Object.keys(pricing).length > 0) out.pricing = pricing;
	}
	return out;
}
