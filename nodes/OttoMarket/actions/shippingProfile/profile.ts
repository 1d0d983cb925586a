import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameter, oneOf, requireString } from '../params';

/** The shipping profile fields shared by Create and Update, and their checks. */

export const WORKING_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const DELIVERY_TYPES = ['PARCEL', 'FORWARDER_PREFERREDLOCATION', 'FORWARDER_CURBSIDE', 'FORWARDER_HEAVYDUTY'] as const;

export const deliveryTypeField: INodeProperties = {
	displayName: 'Delivery Type',
	name: 'deliveryType',
	type: 'options',
	options: [
		{ name: 'Forwarder – Curbside', value: 'FORWARDER_CURBSIDE', description: 'Freight delivered to the curb' },
		{ name: 'Forwarder – Heavy Duty', value: 'FORWARDER_HEAVYDUTY', description: 'Heavy freight' },
		{ name: 'Forwarder – Preferred Location', value: 'FORWARDER_PREFERREDLOCATION', description: 'Freight carried to a room the customer chooses' },
		{ name: 'Parcel', value: 'PARCEL', description: 'Parcel services such as DHL, Hermes, GLS' },
	],
	default: 'PARCEL',
	description: 'How the goods reach the customer; it cannot be changed later',
};

/** Name, working days, cut-off, processing and transport time: required on Create, optional on Update. */
export const profileFields: INodeProperties[] = [
	{
		displayName: 'Default Processing Time (Days)',
		name: 'defaultProcessingTime',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 99, numberPrecision: 0 },
		default: 1,
		description:
			'Working days until the goods are handed to the carrier; 1 means shipped the same day when ordered before the cut-off. SKUs with processing time DEFAULT use it.',
	},
	{
		displayName: 'Name',
		name: 'shippingProfileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Standard Paket',
		description: 'Name of the profile; OTTO refuses a name you already use',
	},
	{
		displayName: 'Order Cut-Off (CET)',
		name: 'orderCutoff',
		type: 'string',
		default: '14:00',
		placeholder: 'e.g. 14:30',
		description: 'Orders until this time (HH:MM, full or half hour, German time) count as received that working day',
	},
	{
		displayName: 'Transport Time (Days)',
		name: 'transportTime',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 99, numberPrecision: 0 },
		default: 2,
		description: 'Working days the carrier needs. Processing and transport time of more than 72 days together shows the SKU as sold out.',
	},
	{
		displayName: 'Working Days',
		name: 'workingDays',
		type: 'multiOptions',
		options: [
			{ name: 'Friday', value: 'Friday' },
			{ name: 'Monday', value: 'Monday' },
			{ name: 'Saturday', value: 'Saturday' },
			{ name: 'Sunday', value: 'Sunday' },
			{ name: 'Thursday', value: 'Thursday' },
			{ name: 'Tuesday', value: 'Tuesday' },
			{ name: 'Wednesday', value: 'Wednesday' },
		],
		default: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
		description: 'Days on which you process and hand over orders',
	},
];

/** Working days as OTTO writes them, in week order; names in any case, as a list or comma-separated text. */
export function parseWorkingDays(ctx: IExecuteFunctions, i: number, raw: unknown): string[] {
	const names = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((d) => String(d).trim())
		.filter((d) => d !== '');
	if (names.length === 0) throw invalidParameter(ctx, i, 'Working Days', 'at least one day is required');
	const days = names.map((name) => {
		const day = WORKING_DAYS.find((d) => d.toLowerCase() === name.toLowerCase());
		if (!day) throw invalidParameter(ctx, i, 'Working Days', `"${name}" is not one of ${WORKING_DAYS.join(', ')}`);
		return day;
	});
	return WORKING_DAYS.filter((d) => days.includes(d));
}

/** "HH:MM" on a full or half hour; "9:30" becomes "09:30". */
export function parseOrderCutoff(ctx: IExecuteFunctions, i: number, raw: unknown): string {
	const text = String(raw ?? '').trim();
	const match = /^(\d{1,2}):(\d{2})$/.exec(text);
	if (!match || Number(match[1]) > 23 || !['00', '30'].includes(match[2])) {
		throw invalidParameter(ctx, i, 'Order Cut-Off (CET)', `"${text}" is not a full or half hour in HH:MM (e.g. 14:00 or 14:30)`);
	}
	return `${match[1].padStart(2, '0')}:${match[2]}`;
}

export function parseDays(ctx: IExecuteFunctions, i: number, field: string, raw: unknown): number {
	const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 99) {
		throw invalidParameter(ctx, i, field, `must be a whole number of days from 1 to 99, got ${JSON.stringify(raw ?? null)}`);
	}
	return value;
}

export interface ShippingProfileBody extends IDataObject {
	shippingProfileName: string;
	workingDays: string[];
	orderCutoff: string;
	deliveryType: string;
	defaultProcessingTime: number;
	transportTime: number;
}

/** Checks a whole profile as OTTO requires it and returns it in OTTO's field order. */
export function toProfileBody(ctx: IExecuteFunctions, i: number, fields: IDataObject): ShippingProfileBody {
	return {
		shippingProfileName: requireString(ctx, i, 'Name', fields.shippingProfileName),
		workingDays: parseWorkingDays(ctx, i, fields.workingDays),
		orderCutoff: parseOrderCutoff(ctx, i, fields.orderCutoff),
		deliveryType: oneOf(ctx, i, 'Delivery Type', fields.deliveryType, DELIVERY_TYPES),
		defaultProcessingTime: parseDays(ctx, i, 'Default Processing Time (Days)', fields.defaultProcessingTime),
		transportTime: parseDays(ctx, i, 'Transport Time (Days)', fields.transportTime),
	};
}
