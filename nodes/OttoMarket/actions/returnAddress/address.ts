import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { invalidParameter, oneOf, requireString } from '../params';

/** Return address and carrier fields shared by the Return Address operations (Returns Warehouse v2, docs/otto-api.md §4.10). */

export const ADDRESSES_PATH = '/v2/returns-warehouse/addresses';

export const WAREHOUSE_TYPES = ['NATIONAL', 'INTERNATIONAL', 'INTERNATIONAL_CONSOLIDATION_HUB'] as const;
export type WarehouseType = (typeof WAREHOUSE_TYPES)[number];
/** Countries of INTERNATIONAL return addresses, as OTTO names them (English). */
export const INTERNATIONAL_COUNTRIES = ['Austria', 'Czechia', 'Denmark', 'France', 'Italy', 'Netherlands', 'Poland', 'Spain'] as const;

export const warehouseTypeOptions = [
	{ name: 'International', value: 'INTERNATIONAL', description: 'A warehouse in Austria, Czechia, Denmark, France, Italy, the Netherlands, Poland or Spain' },
	{
		name: 'International Consolidation Hub',
		value: 'INTERNATIONAL_CONSOLIDATION_HUB',
		description: "OTTO's hub in Göttingen collects international returns; needs a national address first",
	},
	{ name: 'National', value: 'NATIONAL', description: 'A warehouse in Germany' },
];

export const returnAddressIdField: INodeProperties = {
	displayName: 'Return Address ID',
	name: 'returnAddressId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3c9a2f4e-8b1d-4e7a-9f6c-2d5b8a1e4c70',
	description: 'ID of the return address (returnAddressId from Create or Get Many)',
};

export const carrierIdField: INodeProperties = {
	displayName: 'Carrier ID',
	name: 'returnAddressCarrierId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 9e2b7c1a-4f3d-4a8e-b6c5-1d0f2e3a4b5c',
	description: 'ID of the carrier link (returnAddressCarrierId from Add Carrier or Get Many Carriers)',
};

/** Address lines of NATIONAL and INTERNATIONAL addresses (the hub has none of its own). */
export const addressLineFields: INodeProperties[] = [
	{
		displayName: 'Street',
		name: 'returnStreet',
		type: 'string',
		default: '',
		description: 'Required unless it is a national business address',
	},
	{
		displayName: 'House Number',
		name: 'returnHouseNumber',
		type: 'string',
		default: '',
		description: 'Required unless it is a national business address',
	},
	{
		displayName: 'Zip Code',
		name: 'returnZipCode',
		type: 'string',
		default: '',
		description: 'Cannot be changed later while a DHL carrier is linked',
	},
	{
		displayName: 'City',
		name: 'returnCity',
		type: 'string',
		default: '',
	},
];

export const recipientField: INodeProperties = {
	displayName: 'Recipient',
	name: 'returnRecipient',
	type: 'string',
	default: '',
	placeholder: 'e.g. Muster GmbH',
	description: 'Name the returns are addressed to',
};

export const recipientSuffixField: INodeProperties = {
	displayName: 'Recipient Suffix',
	name: 'returnRecipientSuffix',
	type: 'string',
	default: '',
	description: 'Second name line, e.g. a department or "Retourenabteilung"',
};

export const misdirectedField: INodeProperties = {
	displayName: 'Handles Misdirected Returns',
	name: 'isMisdirectedAddress',
	type: 'boolean',
	default: false,
	description: 'Whether returns that cannot be assigned go to this address; only one address should do this',
};

export const businessAddressField: INodeProperties = {
	displayName: 'Business Address',
	name: 'isBusinessAddress',
	type: 'boolean',
	default: true,
	description: 'Whether the address is a business address (then street and house number are optional)',
};

const ADDRESS_KEYS = [
	'returnWarehouseType',
	'isMisdirectedAddress',
	'returnRecipient',
	'returnRecipientSuffix',
	'isBusinessAddress',
	'returnStreet',
	'returnHouseNumber',
	'returnZipCode',
	'returnCity',
	'returnCountry',
] as const;

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/**
 * A whole address as OTTO requires it for its type: NATIONAL in Germany with the business flag; zip and city
 * for NATIONAL and INTERNATIONAL; street and house number unless national business; nothing else for the hub.
 */
export function toAddressBody(ctx: IExecuteFunctions, i: number, fields: IDataObject): IDataObject {
	const type = oneOf(ctx, i, 'Return Warehouse Type', fields.returnWarehouseType, WAREHOUSE_TYPES);
	const body: IDataObject = {
		returnWarehouseType: type,
		isMisdirectedAddress: fields.isMisdirectedAddress === true,
		returnRecipient: requireString(ctx, i, 'Recipient', fields.returnRecipient),
	};
	if (text(fields.returnRecipientSuffix)) body.returnRecipientSuffix = text(fields.returnRecipientSuffix);
	if (type === 'INTERNATIONAL_CONSOLIDATION_HUB') return body;

	const national = type === 'NATIONAL';
	if (national) {
		if (typeof fields.isBusinessAddress !== 'boolean') throw invalidParameter(ctx, i, 'Business Address', 'is required for national addresses');
		body.isBusinessAddress = fields.isBusinessAddress;
	} else if (typeof fields.isBusinessAddress === 'boolean') {
		body.isBusinessAddress = fields.isBusinessAddress;
	}
	const needsStreet = !national || fields.isBusinessAddress !== true;
	const lines: Array<[string, string, boolean]> = [
		['returnStreet', 'Street', needsStreet],
		['returnHouseNumber', 'House Number', needsStreet],
		['returnZipCode', 'Zip Code', true],
		['returnCity', 'City', true],
	];
	for (const [key, label, required] of lines) {
		const value = text(fields[key]);
		if (value) body[key] = value;
		else if (required) {
			throw invalidParameter(ctx, i, label, `is required for ${national ? 'national addresses that are not business addresses' : 'international addresses'}`);
		}
	}
	const country = text(fields.returnCountry) || (national ? 'Germany' : '');
	const allowed: readonly string[] = national ? ['Germany'] : INTERNATIONAL_COUNTRIES;
	const match = allowed.find((c) => c.toLowerCase() === country.toLowerCase());
	if (!match) {
		throw invalidParameter(ctx, i, 'Country', `${country ? `"${country}"` : 'nothing'} is not one of ${allowed.join(', ')} (${national ? 'national' : 'international'} addresses)`);
	}
	body.returnCountry = match;
	return body;
}

/** The address fields of an OTTO answer, without its ID (what a PUT sends back). */
export function addressFieldsOf(address: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const key of ADDRESS_KEYS) if (address[key] !== undefined && address[key] !== null) out[key] = address[key];
	return out;
}

/** DHL's codes for a return address (OTTO's field names). */
export const carrierCodeFields: INodeProperties[] = [
	{ displayName: 'Contact ID', name: 'contactId', type: 'string', default: '' },
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
	},
	{ displayName: 'Customer Number', name: 'customerNumber', type: 'string', default: '' },
	{
		displayName: 'Leitcode',
		name: 'leitCode',
		type: 'string',
		default: '',
		description: 'Without blanks or dots; brackets and plus signs are kept',
	},
	{ displayName: 'Referenz ID', name: 'referenzId', type: 'string', default: '' },
	{ displayName: 'Settlement Number', name: 'settlementNumber', type: 'string', default: '' },
];

/** Carrier codes as OTTO takes them (documented for DHL; HERMES has none). */
export function toCarrierCodes(ctx: IExecuteFunctions, i: number, carrier: string, codes: IDataObject): IDataObject | undefined {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(codes)) {
		if (value === undefined || value === null || value === '') continue;
		if (key === 'customerId') {
			const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
			if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidParameter(ctx, i, 'Customer ID', `must be a whole number, got ${JSON.stringify(value)}`);
			out.customerId = n;
			continue;
		}
		out[key] = String(value).trim();
	}
	if (out.leitCode !== undefined && /[\s.]/.test(String(out.leitCode))) {
		throw invalidParameter(ctx, i, 'Leitcode', `"${String(out.leitCode)}" must not contain blanks or dots`);
	}
	if (Object.keys(out).length === 0) return undefined;
	if (carrier === 'HERMES') throw invalidParameter(ctx, i, 'Carrier Codes', 'HERMES has no carrier codes');
	return out;
}

// ------------------------------------------------------------------------------------------------
// Finding what a create made: a failed create is checked against OTTO's lists (see ../reconcile).

/** Pause before looking a second time for an entry the first look did not find (OTTO may still be writing it). */
export const RECHECK_DELAY_MS = 1_500;

/** Texts as OTTO may give them back: outer and double blanks and letter case do not count. */
export function sameText(a: unknown, b: unknown): boolean {
	const norm = (v: unknown) => text(v).replace(/\s+/g, ' ').toLowerCase();
	return norm(a) === norm(b);
}

/**
 * The fields in which an address OTTO lists differs from the body a create sent. Fields sent must match;
 * recipient suffix, street and house number not sent must be empty at OTTO too (the consolidation hub gets
 * its address lines from OTTO, so only what was sent counts for it).
 */
export function addressDifferences(found: IDataObject, sent: IDataObject): string[] {
	const out: string[] = [];
	for (const key of ADDRESS_KEYS) {
		const mine = sent[key];
		if (mine === undefined) {
			const ownLines = sent.returnWarehouseType !== 'INTERNATIONAL_CONSOLIDATION_HUB';
			const mustBeEmpty = key === 'returnRecipientSuffix' || (ownLines && (key === 'returnStreet' || key === 'returnHouseNumber'));
			if (mustBeEmpty && text(found[key])) out.push(key);
			continue;
		}
		const same = typeof mine === 'boolean' ? (found[key] ?? false) === mine : sameText(found[key], mine);
		if (!same) out.push(key);
	}
	return out;
}

/** Every return address of one warehouse type (bare arrays, pages from 1, a short page ends the list). */
export async function listAddresses(ctx: IExecuteFunctions, i: number, type: unknown): Promise<IDataObject[]> {
	return await ottoListItems.call(ctx, ENDPOINTS.returnAddresses, { qs: { returnWarehouseType: type as string }, itemIndex: i });
}

