import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	PARCEL_CARRIERS,
	RETURN_CARRIERS,
	SHIPMENT_CARRIERS,
	toOttoCountryCode,
	type ReturnCarrier,
	type ShipmentCarrier,
} from '../../helpers/shipmentRules';
import { apiPath } from '../../transport';
import { invalidParameter, oneOf, requireString, toIsoDateTime } from '../params';

/** Reading and checking the Shipments parameters of one item, before anything is sent. */

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

/** Carrier + tracking number; the number may only be left out for forwarders. */
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
