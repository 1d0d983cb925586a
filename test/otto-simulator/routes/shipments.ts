/**
 * Shipments v1 and Return Shipments v1 (scope `shipments`): `datefrom` + `limit` (1–100, default 25) +
 * opaque `next` cursor; `links[]` with one `rel:"next"` entry. Writes: create shipment, multiparcel
 * shipment and the position-item correction; shipping marks the items SENT and books a PURCHASE receipt.
 */
import { z } from 'zod';
import { apiError } from '../errors';
import type { PartnerOrder, PositionItem, Receipt, ReturnShipment, Shipment, ShipmentPositionItem, TrackingKey } from '../model';
import { buildHref, decodeCursor, encodeCursor, keysetPage, nextLinks } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { buildReceipt } from '../seed';
import { parseBody, parseIsoDate, parseQuery, qInt, qRequiredDateTime, qString } from '../validation';

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 25;

const firstQuery = z.object({ datefrom: qRequiredDateTime(), limit: qInt(1, MAX_LIMIT, DEFAULT_LIMIT), next: qString() });
const nextQuery = z.object({ limit: qInt(1, MAX_LIMIT, -1), next: qString() });
const cursorSchema = z.object({ v: z.literal(1), d: z.string(), a: z.tuple([z.string(), z.string()]), l: z.number().int() });

function latest(dates: string[]): string {
	return dates.reduce((max, d) => (d > max ? d : max), '');
}

export function shipmentLastChange(s: Shipment): string {
	return latest([s.creationDate, ...s.states.map((st) => st.occurredOn)]);
}

export function returnShipmentLastChange(r: ReturnShipment): string {
	return latest([r.createdAt, ...r.states.map((st) => st.occurredOn)]);
}

/** Generic changed-since list with the shipments cursor style. */
function changedSinceList<T>(
	ctx: RouteContext,
	items: T[],
	lastChange: (item: T) => string,
	id: (item: T) => string,
	present: (item: T) => unknown,
): RouteResponse {
	let datefrom: string;
	let after: [string, string] | undefined;
	let limit: number;
	const rawNext = Array.isArray(ctx.query.next) ? ctx.query.next[0] : ctx.query.next;
	if (rawNext) {
		const q = parseQuery(nextQuery, ctx.query, ctx.path);
		const cursor = cursorSchema.safeParse(decodeCursor(rawNext));
		if (!cursor.success) throw apiError(400, ctx.path, 'next: is not a valid cursor', { title: 'Invalid Parameter', jsonPath: '$.next' });
		datefrom = cursor.data.d;
		after = cursor.data.a;
		limit = q.limit === -1 ? cursor.data.l : q.limit;
	} else {
		const q = parseQuery(firstQuery, ctx.query, ctx.path);
		datefrom = q.datefrom;
		limit = q.limit;
	}
	const key = (item: T): [string, string] => [lastChange(item), id(item)];
	const matching = items
		.filter((item) => lastChange(item) >= datefrom)
		.sort((a, b) => {
			const ka = key(a);
			const kb = key(b);
			return ka[0] < kb[0] ? -1 : ka[0] > kb[0] ? 1 : ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0;
		});
	const { page, hasMore } = keysetPage(matching, key, after, limit);
	let href: string | undefined;
	if (hasMore && page.length > 0) {
		const next = encodeCursor({ v: 1, d: datefrom, a: key(page[page.length - 1]), l: limit });
		href = buildHref(ctx.path.replace(/\/$/, ''), { datefrom, limit, next });
	}
	return { status: 200, body: { resources: page.map(present), links: nextLinks(href) } };
}

function listShipments(ctx: RouteContext): RouteResponse {
	return changedSinceList(ctx, ctx.data.shipments, shipmentLastChange, (s) => s.shipmentId, (s) => ({
		shipmentId: s.shipmentId,
		creationDate: s.creationDate,
		trackingKey: s.trackingKey,
		states: s.states,
	}));
}

function listReturnShipments(ctx: RouteContext): RouteResponse {
	return changedSinceList(ctx, ctx.data.returnShipments, returnShipmentLastChange, (r) => r.returnShipmentId, (r) => r);
}

function notFound(ctx: RouteContext, what: string): never {
	throw apiError(404, ctx.path, `${what} not found`);
}

// ------------------------------------------------------------------------------------------------
// writes (REFERENCE §4.5)

const CARRIERS = [
	'DHL', 'DHL_EXPRESS', 'DHL_FREIGHT', 'DHL_HOME_DELIVERY', 'GLS', 'HERMES', 'DPD', 'UPS', 'BTW', 'BURSPED',
	'CARGOLINE', 'DACHSER', 'DB_SCHENKER', 'DSV', 'EMONS', 'EPH_DIREKT', 'IDS', 'GEIS', 'GEL', 'GUETTLER', 'HES',
	'HELLMANN', 'HEUEL', 'KOCH', 'KUEHNE_NAGEL', 'LOGWIN', 'MEYER_JUMBO', 'RABEN_LOGISTIK', 'RHENUS', 'REIMER',
	'REITHMEIER', 'SCHOCKEMOEHLE', 'SCHMIDT_GEVELSBERG', 'ZUFALL', 'OTHER_FORWARDER',
] as const;
/** Parcel services need a tracking number; forwarders may leave it out. */
const PARCEL_CARRIERS = new Set<string>(['DHL', 'DHL_EXPRESS', 'GLS', 'HERMES', 'DPD', 'UPS']);
const RETURN_CARRIERS = ['DHL', 'GLS', 'HERMES'] as const;

const dateTime = z.string().transform((value, ctx): string => {
	const parsed = parseIsoDate(value);
	if (!parsed || !/T/.test(value)) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be an ISO-8601 date-time, got '${value}'` });
		return z.NEVER;
	}
	return parsed;
});

const positionItemSchema = z.object({
	positionItemId: z.string().min(1),
	salesOrderId: z.string().min(1),
	returnTrackingKey: z.object({ carrier: z.enum(RETURN_CARRIERS), trackingNumber: z.string().min(1) }),
	returnAddressCarrierId: z.string().optional(),
});

const shipmentSchema = z
	.object({
		trackingKey: z.object({ carrier: z.enum(CARRIERS), trackingNumber: z.string().min(1).optional() }),
		shipDate: dateTime,
		shipFromAddress: z.object({
			city: z.string().min(1).max(60),
			countryCode: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO-3166 alpha-3 code'),
			zipCode: z.string().min(1).max(10),
		}),
		positionItems: z.array(positionItemSchema).min(1),
	})
	.superRefine((body, ctx) => {
		if (!body.trackingKey.trackingNumber && PARCEL_CARRIERS.has(body.trackingKey.carrier)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['trackingKey', 'trackingNumber'], message: `is required for carrier ${body.trackingKey.carrier}` });
		}
		const seen = new Set<string>();
		body.positionItems.forEach((p, n) => {
			if (seen.has(p.positionItemId)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['positionItems', n, 'positionItemId'], message: `position item ${p.positionItemId} is listed twice` });
			}
			seen.add(p.positionItemId);
		});
	});
type ShipmentBody = z.infer<typeof shipmentSchema>;

const multiparcelSchema = z
	.array(
		shipmentSchema.and(
			z.object({
				trackingKey: z.object({ trackingNumber: z.string().min(1) }),
				positionItems: z.array(positionItemSchema).length(1, 'must hold exactly the one split position item'),
			}),
		),
	)
	.min(2, 'a multiparcel shipment needs at least 2 parcels')
	.superRefine((parcels, ctx) => {
		const keys = new Set<string>();
		parcels.forEach((parcel, n) => {
			const item = parcel.positionItems[0];
			const first = parcels[0].positionItems[0];
			if (item.positionItemId !== first.positionItemId || item.salesOrderId !== first.salesOrderId) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: [n, 'positionItems', 0, 'positionItemId'], message: 'all parcels must carry the same position item' });
			}
			const key = `${parcel.trackingKey.carrier}/${parcel.trackingKey.trackingNumber}`;
			if (keys.has(key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [n, 'trackingKey'], message: `tracking key ${key} is used twice` });
			keys.add(key);
		});
	});

const correctionSchema = z.array(positionItemSchema).min(1);

function sameKey(a: TrackingKey, carrier: string, trackingNumber: string | undefined): boolean {
	return trackingNumber !== undefined && a.carrier === carrier && a.trackingNumber === trackingNumber;
}

function findByTrackingKey(ctx: RouteContext, carrier: string, trackingNumber: string | undefined): Shipment | undefined {
	return ctx.data.shipments.find((s) => sameKey(s.trackingKey, carrier, trackingNumber));
}

/**
 * The position items a request wants to ship: each must exist in its sales order (else 400) and be
 * PROCESSABLE (else 409, e.g. already SENT). Nothing is changed here.
 */
function shippableItems(
	ctx: RouteContext,
	entries: Array<{ positionItemId: string; salesOrderId: string }>,
	jsonPath: (n: number) => string,
): Array<{ order: PartnerOrder; item: PositionItem }> {
	return entries.map((entry, n) => {
		const found = ctx.data.findPositionItem(entry.positionItemId);
		if (!found || found.order.salesOrderId !== entry.salesOrderId) {
			throw apiError(400, ctx.path, `Position item '${entry.positionItemId}' not found in sales order '${entry.salesOrderId}'`, {
				title: 'Invalid Attribute',
				jsonPath: jsonPath(n),
			});
		}
		if (found.item.fulfillmentStatus !== 'PROCESSABLE') {
			throw apiError(
				409,
				ctx.path,
				`Position item '${entry.positionItemId}' is ${found.item.fulfillmentStatus}; only PROCESSABLE position items can be shipped`,
				{ jsonPath: jsonPath(n) },
			);
		}
		return found;
	});
}

/** Marks the items SENT, touches their orders and books one PURCHASE receipt per order. */
function ship(
	ctx: RouteContext,
	found: Array<{ order: PartnerOrder; item: PositionItem }>,
	trackingKey: TrackingKey | { carrier: string; trackingNumber?: string },
	shipDate: string,
	shipFrom: { zipCode: string; countryCode: string },
): Receipt[] {
	const now = ctx.data.nowIso();
	const byOrder = new Map<PartnerOrder, PositionItem[]>();
	for (const { order, item } of found) {
		item.fulfillmentStatus = 'SENT';
		item.sentDate = shipDate;
		item.trackingInfo = { carrier: trackingKey.carrier, trackingNumber: trackingKey.trackingNumber ?? '' };
		byOrder.set(order, [...(byOrder.get(order) ?? []), item]);
	}
	const receipts: Receipt[] = [];
	for (const [order, items] of byOrder) {
		ctx.data.touchOrder(order, now);
		// Delivery fees are invoiced once per order, with its first purchase receipt.
		const invoicedBefore = ctx.data.receipts.some((r) => r.receiptType === 'PURCHASE' && r.salesOrderId === order.salesOrderId);
		const receipt = buildReceipt('PURCHASE', order, items, {
			receiptNumber: ctx.data.nextReceiptNumber(),
			creationDate: now,
			shipmentDate: shipDate,
			includeDeliveryFees: !invoicedBefore,
		});
		receipt.shipment = { shipFromAddress: { zipCode: shipFrom.zipCode, countryCode: shipFrom.countryCode } };
		ctx.data.addReceipt(receipt);
		receipts.push(receipt);
	}
	return receipts;
}

function newShipment(ctx: RouteContext, body: ShipmentBody, positionItems: ShipmentPositionItem[]): Shipment {
	const now = ctx.data.nowIso();
	const shipment: Shipment = {
		shipmentId: ctx.data.newUuid(),
		creationDate: now,
		trackingKey: { carrier: body.trackingKey.carrier, trackingNumber: body.trackingKey.trackingNumber ?? '' },
		shipDate: body.shipDate,
		shipFromAddress: { ...body.shipFromAddress },
		positionItems,
		states: [{ state: 'SENT', occurredOn: now }],
	};
	ctx.data.addShipment(shipment);
	return shipment;
}

function assertNewTrackingKey(ctx: RouteContext, carrier: string, trackingNumber: string | undefined, jsonPath: string): void {
	const existing = findByTrackingKey(ctx, carrier, trackingNumber);
	if (existing) {
		throw apiError(
			409,
			ctx.path,
			`A shipment with tracking key ${carrier}/${trackingNumber} already exists (${existing.shipmentId}); add forgotten position items with the position items correction`,
			{ jsonPath },
		);
	}
}

function createShipment(ctx: RouteContext): RouteResponse {
	const body = parseBody(shipmentSchema, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	assertNewTrackingKey(ctx, body.trackingKey.carrier, body.trackingKey.trackingNumber, '$.trackingKey');
	const found = shippableItems(ctx, body.positionItems, (n) => `$.positionItems[${n}]`);
	const shipment = newShipment(ctx, body, body.positionItems.map((p) => ({ ...p, returnTrackingKey: { ...p.returnTrackingKey } })));
	ship(ctx, found, shipment.trackingKey, body.shipDate, body.shipFromAddress);
	return { status: 201, body: { shipmentId: shipment.shipmentId } };
}

function createMultiparcelShipment(ctx: RouteContext): RouteResponse {
	const parcels = parseBody(multiparcelSchema, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	parcels.forEach((p, n) => assertNewTrackingKey(ctx, p.trackingKey.carrier, p.trackingKey.trackingNumber, `$[${n}].trackingKey`));
	const found = shippableItems(ctx, [parcels[0].positionItems[0]], () => '$[0].positionItems[0]');
	const shipments = parcels.map((parcel) => newShipment(ctx, parcel, [{ ...parcel.positionItems[0] }]));
	ship(ctx, found, shipments[0].trackingKey, parcels[0].shipDate, parcels[0].shipFromAddress);
	return { status: 201, body: { multiParcelShipmentId: ctx.data.newUuid() } };
}

/** Correction: position items forgotten in a shipment are added to it (and invoiced separately). */
function addPositionItems(ctx: RouteContext, shipment: Shipment | undefined, what: string): RouteResponse {
	if (!shipment) throw apiError(404, ctx.path, `${what} not found`);
	const entries = parseBody(correctionSchema, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	const seen = new Set(shipment.positionItems.map((p) => p.positionItemId));
	entries.forEach((entry, n) => {
		if (seen.has(entry.positionItemId)) {
			throw apiError(409, ctx.path, `Position item '${entry.positionItemId}' is already part of shipment ${shipment.shipmentId}`, { jsonPath: `$[${n}]` });
		}
		seen.add(entry.positionItemId);
	});
	const found = shippableItems(ctx, entries, (n) => `$[${n}]`);
	shipment.positionItems.push(...entries.map((p) => ({ ...p, returnTrackingKey: { ...p.returnTrackingKey } })));
	ship(ctx, found, shipment.trackingKey, shipment.shipDate, shipment.shipFromAddress);
	return { status: 200 };
}

export const shipmentsRoutes: RouteModule = {
	name: 'shipments',
	interfaces: [
		{ prefix: '/v1/shipments', scope: 'shipments' },
		{ prefix: '/v1/multiparcel-shipments', scope: 'shipments' },
		{ prefix: '/v1/return-shipments', scope: 'shipments' },
	],
	routes: [
		{ method: 'GET', pattern: '/v1/shipments', handler: listShipments },
		{
			method: 'GET',
			pattern: '/v1/shipments/{shipmentId}',
			handler: (ctx) => ({
				status: 200,
				body: ctx.data.shipmentsById.get(ctx.params.shipmentId) ?? notFound(ctx, `Shipment '${ctx.params.shipmentId}'`),
			}),
		},
		{
			method: 'GET',
			pattern: '/v1/shipments/carriers/{carrier}/trackingnumbers/{trackingNumber}',
			handler: (ctx) => ({
				status: 200,
				body:
					ctx.data.shipments.find(
						(s) => s.trackingKey.carrier === ctx.params.carrier && s.trackingKey.trackingNumber === ctx.params.trackingNumber,
					) ?? notFound(ctx, `Shipment with tracking key ${ctx.params.carrier}/${ctx.params.trackingNumber}`),
			}),
		},
		{ method: 'POST', pattern: '/v1/shipments', handler: createShipment },
		{ method: 'POST', pattern: '/v1/multiparcel-shipments', handler: createMultiparcelShipment },
		{
			method: 'POST',
			pattern: '/v1/shipments/{shipmentId}/positionitems',
			handler: (ctx) => addPositionItems(ctx, ctx.data.shipmentsById.get(ctx.params.shipmentId), `Shipment '${ctx.params.shipmentId}'`),
		},
		{
			method: 'POST',
			pattern: '/v1/shipments/carriers/{carrier}/trackingnumbers/{trackingNumber}/positionitems',
			handler: (ctx) =>
				addPositionItems(
					ctx,
					findByTrackingKey(ctx, ctx.params.carrier, ctx.params.trackingNumber),
					`Shipment with tracking key ${ctx.params.carrier}/${ctx.params.trackingNumber}`,
				),
		},
		{ method: 'GET', pattern: '/v1/return-shipments', handler: listReturnShipments },
		{
			method: 'GET',
			pattern: '/v1/return-shipments/{returnShipmentId}',
			handler: (ctx) => ({
				status: 200,
				body:
					ctx.data.returnShipmentsById.get(ctx.params.returnShipmentId) ??
					notFound(ctx, `Return shipment '${ctx.params.returnShipmentId}'`),
			}),
		},
		{
			method: 'GET',
			pattern: '/v1/return-shipments/carriers/{carrier}/trackingnumbers/{trackingNumber}',
			handler: (ctx) => ({
				status: 200,
				body:
					ctx.data.returnShipments.find(
						(r) => r.trackingKey.carrier === ctx.params.carrier && r.trackingKey.trackingNumber === ctx.params.trackingNumber,
					) ?? notFound(ctx, `Return shipment with tracking key ${ctx.params.carrier}/${ctx.params.trackingNumber}`),
			}),
		},
	],
};
