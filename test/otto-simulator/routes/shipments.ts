/**
 * Shipments v1 and Return Shipments v1 (scope `shipments`): `datefrom` + `limit` (1–100, default 25) +
 * opaque `next` cursor; `links[]` with one `rel:"next"` entry.
 */
import { z } from 'zod';
import { apiError } from '../errors';
import type { ReturnShipment, Shipment } from '../model';
import { buildHref, decodeCursor, encodeCursor, keysetPage, nextLinks } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseQuery, qInt, qRequiredDateTime, qString } from '../validation';

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
