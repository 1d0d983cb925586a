import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { invalidParameter, oneOf, requireString, toIsoDateTime } from '../../helpers/params';
import {
	PARCEL_CARRIERS,
	RETURN_CARRIERS,
	SHIPMENT_CARRIERS,
	toOttoCountryCode,
	type ReturnCarrier,
	type ShipmentCarrier,
} from '../../helpers/shipments';
import { apiPath, ottoRequestAllItems } from '../../transport';

/** The shipment carriers of REFERENCE §5, alphabetized by name. */
export const carrierOptions: INodePropertyOptions[] = [
	{ name: 'BTW', value: 'BTW' },
	{ name: 'Bursped', value: 'BURSPED' },
	{ name: 'Cargoline', value: 'CARGOLINE' },
	{ name: 'Dachser', value: 'DACHSER' },
	{ name: 'DB Schenker', value: 'DB_SCHENKER' },
	{ name: 'DHL', value: 'DHL' },
	{ name: 'DHL Express', value: 'DHL_EXPRESS' },
	{ name: 'DHL Freight', value: 'DHL_FREIGHT' },
	{ name: 'DHL Home Delivery', value: 'DHL_HOME_DELIVERY' },
	{ name: 'DPD', value: 'DPD' },
	{ name: 'DSV', value: 'DSV' },
	{ name: 'Emons', value: 'EMONS' },
	{ name: 'EPH Direkt', value: 'EPH_DIREKT' },
	{ name: 'Geis', value: 'GEIS' },
	{ name: 'GEL Express', value: 'GEL' },
	{ name: 'GLS', value: 'GLS' },
	{ name: 'Guettler', value: 'GUETTLER' },
	{ name: 'Hellmann', value: 'HELLMANN' },
	{ name: 'Hermes', value: 'HERMES' },
	{ name: 'HES (Hermes Einrichtungs Service)', value: 'HES' },
	{ name: 'Heuel', value: 'HEUEL' },
	{ name: 'IDS', value: 'IDS' },
	{ name: 'Koch', value: 'KOCH' },
	{ name: 'Kuehne + Nagel', value: 'KUEHNE_NAGEL' },
	{ name: 'Logwin', value: 'LOGWIN' },
	{ name: 'Meyer Jumbo', value: 'MEYER_JUMBO' },
	{ name: 'Other Forwarder', value: 'OTHER_FORWARDER' },
	{ name: 'Raben Logistik', value: 'RABEN_LOGISTIK' },
	{ name: 'Reimer', value: 'REIMER' },
	{ name: 'Reithmeier', value: 'REITHMEIER' },
	{ name: 'Rhenus', value: 'RHENUS' },
	{ name: 'Schmidt Gevelsberg', value: 'SCHMIDT_GEVELSBERG' },
	{ name: 'Schockemoehle', value: 'SCHOCKEMOEHLE' },
	{ name: 'UPS', value: 'UPS' },
	{ name: 'Zufall', value: 'ZUFALL' },
];

export const returnCarrierOptions: INodePropertyOptions[] = [
	{ name: 'DHL', value: 'DHL' },
	{ name: 'GLS', value: 'GLS' },
	{ name: 'Hermes', value: 'HERMES' },
];

export const carrierField: INodeProperties = {
	displayName: 'Carrier',
	name: 'carrier',
	type: 'options',
	options: carrierOptions,
	default: 'DHL',
	description:
		'The carrier that takes the parcel (the "Default Carrier" of an ERP\'s OTTO setup). Use the forwarder\'s code for bulky goods.',
};

const trackingNumberField: INodeProperties = {
	displayName: 'Tracking Number',
	name: 'trackingNumber',
	type: 'string',
	default: '',
	placeholder: 'e.g. 00340434161094042557',
	description: "The carrier's tracking number of the parcel. Required for parcel carriers (DHL, DHL Express, GLS, Hermes, DPD, UPS); forwarders may leave it empty.",
};

/** Ship date and ship-from address (the "Ship From …" of an ERP's OTTO setup). */
export const shipDateAndFromFields: INodeProperties[] = [
	{
		displayName: 'Ship Date',
		name: 'shipDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When the parcel was handed over to the carrier (sent to OTTO in UTC)',
	},
	{
		displayName: 'Ship From City',
		name: 'shipFromCity',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Hamburg',
		description: 'City of the warehouse the parcel was sent from (1–60 characters)',
	},
	{
		displayName: 'Ship From Country Code',
		name: 'shipFromCountryCode',
		type: 'string',
		default: 'DE',
		required: true,
		placeholder: 'e.g. DE',
		description:
			'Country the parcel was sent from, as a 2-letter (DE) or 3-letter (DEU) ISO code; 2-letter codes are converted to the 3-letter codes OTTO wants',
	},
	{
		displayName: 'Ship From Zip Code',
		name: 'shipFromZipCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 22179',
		description: 'Postal code of the warehouse the parcel was sent from (1–10 characters)',
	},
];

/** Carrier, tracking number, ship date and ship-from address: the head of every shipment. */
export const shipmentHeadFields: INodeProperties[] = [carrierField, trackingNumberField, ...shipDateAndFromFields];

export const returnCarrierField: INodeProperties = {
	displayName: 'Return Carrier',
	name: 'returnCarrier',
	type: 'options',
	options: returnCarrierOptions,
	default: 'DHL',
	description:
		"Carrier of the return labels in the parcels. Must be the return carrier set up for your account in OTTO Partner Connect.",
};

/** The position items a shipment carries, as fields or as a JSON array (e.g. from an order's positionItems). */
export const positionItemsFields: INodeProperties[] = [
	returnCarrierField,
	{
		displayName: 'Define Position Items',
		name: 'positionItemsSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'One entry per position item' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'An array of position items, e.g. built from an order in an expression',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Position Items',
		name: 'positionItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Position Item',
		default: {},
		required: true,
		displayOptions: { show: { positionItemsSource: ['fields'] } },
		description: 'The order position items in this parcel (one entry per piece; every piece has its own position item ID)',
		options: [
			{
				displayName: 'Position Item',
				name: 'positionItem',
				values: [
					{
						displayName: 'Position Item ID',
						name: 'positionItemId',
						type: 'string',
						default: '',
						required: true,
						description: 'The positionItemId of the order line piece that was shipped',
					},
					{
						displayName: 'Return Tracking Number',
						name: 'returnTrackingNumber',
						type: 'string',
						default: '',
						required: true,
						description: 'Tracking number of the return label put into the parcel for this item',
					},
					{
						displayName: 'Sales Order ID',
						name: 'salesOrderId',
						type: 'string',
						default: '',
						required: true,
						description: 'The salesOrderId of the order the position item belongs to',
					},
				],
			},
		],
	},
	{
		displayName: 'Position Items (JSON)',
		name: 'positionItemsJson',
		type: 'json',
		default: '[\n  {\n    "salesOrderId": "",\n    "positionItemId": "",\n    "returnTrackingNumber": ""\n  }\n]',
		required: true,
		displayOptions: { show: { positionItemsSource: ['json'] } },
		description:
			'Array of objects with salesOrderId, positionItemId and returnTrackingNumber (or OTTO\'s returnTrackingKey: {carrier, trackingNumber})',
	},
];

/** Which shipment: by its ID or by the carrier and tracking number it was created with. */
export function shipmentLookupFields(): INodeProperties[] {
	return [
		{
			displayName: 'Find Shipment By',
			name: 'getBy',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Carrier and Tracking Number', value: 'trackingKey', description: 'The tracking key the shipment was created with' },
				{ name: 'Shipment ID', value: 'shipmentId', description: 'The ID OTTO returned when the shipment was created' },
			],
			default: 'shipmentId',
		},
		{
			displayName: 'Shipment ID',
			name: 'shipmentId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { getBy: ['shipmentId'] } },
			description: 'The shipmentId OTTO returned when the shipment was created',
		},
		{ ...carrierField, displayOptions: { show: { getBy: ['trackingKey'] } }, description: 'The carrier of the shipment' },
		{
			...trackingNumberField,
			required: true,
			displayOptions: { show: { getBy: ['trackingKey'] } },
			description: 'The tracking number the shipment was created with',
		},
	];
}

export interface TrackingKey {
	carrier: string;
	trackingNumber?: string;
}

export interface ShipFromAddress {
	city: string;
	countryCode: string;
	zipCode: string;
}

export interface ShipmentPositionItem {
	positionItemId: string;
	salesOrderId: string;
	returnTrackingKey: { carrier: ReturnCarrier; trackingNumber: string };
}

export const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

export function readCarrier(ctx: IExecuteFunctions, i: number): ShipmentCarrier {
	return oneOf(ctx, i, 'Carrier', text(ctx.getNodeParameter('carrier', i)), SHIPMENT_CARRIERS);
}

/** Carrier + tracking number; the number may only be left out for forwarders (REFERENCE §4.5). */
export function readTrackingKey(ctx: IExecuteFunctions, i: number): TrackingKey {
	const carrier = readCarrier(ctx, i);
	const trackingNumber = text(ctx.getNodeParameter('trackingNumber', i, ''));
	if (!trackingNumber && PARCEL_CARRIERS.includes(carrier)) {
		throw invalidParameter(ctx, i, 'Tracking Number', `a value is required for the parcel carrier ${carrier}`);
	}
	return trackingNumber ? { carrier, trackingNumber } : { carrier };
}

export function readShipDate(ctx: IExecuteFunctions, i: number): string {
	const date = toIsoDateTime(ctx, i, 'Ship Date', ctx.getNodeParameter('shipDate', i, ''));
	if (!date) throw invalidParameter(ctx, i, 'Ship Date', 'a value is required');
	return date;
}

export function readShipFromAddress(ctx: IExecuteFunctions, i: number): ShipFromAddress {
	const city = requireString(ctx, i, 'Ship From City', ctx.getNodeParameter('shipFromCity', i, ''));
	if (city.length > 60) throw invalidParameter(ctx, i, 'Ship From City', 'OTTO accepts at most 60 characters');
	const country = requireString(ctx, i, 'Ship From Country Code', ctx.getNodeParameter('shipFromCountryCode', i, ''));
	const countryCode = toOttoCountryCode(country);
	if (!countryCode) {
		throw invalidParameter(
			ctx,
			i,
			'Ship From Country Code',
			`"${country}" is not a known ISO 3166 country code; use 2 letters (DE) or 3 letters (DEU)`,
		);
	}
	const zipCode = requireString(ctx, i, 'Ship From Zip Code', ctx.getNodeParameter('shipFromZipCode', i, ''));
	if (zipCode.length > 10) throw invalidParameter(ctx, i, 'Ship From Zip Code', 'OTTO accepts at most 10 characters');
	return { city, countryCode, zipCode };
}

export function readReturnCarrier(ctx: IExecuteFunctions, i: number, value?: unknown, field = 'Return Carrier'): ReturnCarrier {
	return oneOf(ctx, i, field, text(value ?? ctx.getNodeParameter('returnCarrier', i)), RETURN_CARRIERS);
}

export function parseJsonList(ctx: IExecuteFunctions, i: number, field: string, raw: unknown): IDataObject[] {
	let value = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw invalidParameter(ctx, i, field, 'is not valid JSON');
		}
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) value = [value];
	if (!Array.isArray(value) || value.some((entry) => !entry || typeof entry !== 'object' || Array.isArray(entry))) {
		throw invalidParameter(ctx, i, field, 'must be an array of objects');
	}
	return value as IDataObject[];
}

/**
 * The position items of one input item, each with its return tracking key, checked before anything is
 * sent: IDs and return tracking number present, no position item twice.
 */
export function readPositionItems(ctx: IExecuteFunctions, i: number): ShipmentPositionItem[] {
	const source = oneOf(ctx, i, 'Define Position Items', ctx.getNodeParameter('positionItemsSource', i, 'fields'), [
		'fields',
		'json',
	]);
	const defaultReturnCarrier = readReturnCarrier(ctx, i);
	let entries: IDataObject[];
	let field: string;
	if (source === 'json') {
		field = 'Position Items (JSON)';
		entries = parseJsonList(ctx, i, field, ctx.getNodeParameter('positionItemsJson', i, '[]'));
	} else {
		field = 'Position Items';
		const collection = ctx.getNodeParameter('positionItems', i, {}) as { positionItem?: IDataObject[] };
		entries = collection.positionItem ?? [];
	}
	if (entries.length === 0) throw invalidParameter(ctx, i, field, 'at least one position item is required');

	const seen = new Set<string>();
	return entries.map((entry, n) => {
		const label = `${field} [${n + 1}]`;
		const returnKey = (entry.returnTrackingKey ?? {}) as IDataObject;
		const salesOrderId = requireString(ctx, i, `${label} → Sales Order ID`, entry.salesOrderId);
		const positionItemId = requireString(ctx, i, `${label} → Position Item ID`, entry.positionItemId);
		const trackingNumber = text(entry.returnTrackingNumber ?? returnKey.trackingNumber);
		if (!trackingNumber) {
			throw invalidParameter(
				ctx,
				i,
				`${label} → Return Tracking Number`,
				'OTTO needs the return tracking key of every shipped position item',
			);
		}
		const carrierValue = entry.returnCarrier ?? returnKey.carrier;
		const carrier =
			carrierValue === undefined || carrierValue === ''
				? defaultReturnCarrier
				: readReturnCarrier(ctx, i, carrierValue, `${label} → Return Carrier`);
		if (seen.has(positionItemId)) {
			throw invalidParameter(ctx, i, `${label} → Position Item ID`, `"${positionItemId}" is listed twice`);
		}
		seen.add(positionItemId);
		return { positionItemId, salesOrderId, returnTrackingKey: { carrier, trackingNumber } };
	});
}

/** Path of one shipment, by ID or by carrier + tracking number (`suffix` e.g. `/positionitems`). */
export function shipmentPath(ctx: IExecuteFunctions, i: number, suffix = ''): { path: string; ref: IDataObject } {
	const by = oneOf(ctx, i, 'Find Shipment By', ctx.getNodeParameter('getBy', i, 'shipmentId'), ['shipmentId', 'trackingKey']);
	if (by === 'shipmentId') {
		const shipmentId = requireString(ctx, i, 'Shipment ID', ctx.getNodeParameter('shipmentId', i, ''));
		return { path: apiPath`/v1/shipments/${shipmentId}` + suffix, ref: { shipmentId } };
	}
	const carrier = readCarrier(ctx, i);
	const trackingNumber = requireString(ctx, i, 'Tracking Number', ctx.getNodeParameter('trackingNumber', i, ''));
	return {
		path: apiPath`/v1/shipments/carriers/${carrier}/trackingnumbers/${trackingNumber}` + suffix,
		ref: { trackingKey: { carrier, trackingNumber } },
	};
}

/**
 * Get Many of Shipments and Return Shipments: both list what changed since `datefrom` (required by OTTO),
 * 100 per page, with OTTO's cursor (`next`) carried by the next link together with datefrom and limit.
 */
export async function getChangedSince(this: IExecuteFunctions, i: number, path: string): Promise<IDataObject[]> {
	const datefrom = toIsoDateTime(this, i, 'Changed Since', this.getNodeParameter('dateFrom', i, ''));
	if (!datefrom) throw invalidParameter(this, i, 'Changed Since', 'a value is required');
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
	return await ottoRequestAllItems.call(
		this,
		{ method: 'GET', path, qs: { datefrom }, itemIndex: i },
		{ listKey: 'resources', paging: { style: 'links' }, maxPageSize: 100, limit },
	);
}
