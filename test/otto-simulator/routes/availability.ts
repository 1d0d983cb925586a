/**
 * Availability v1 (scope `availability`).
 * - quantities: `limit` (≤200), 0-based `page`, `cursor` = last SKU of the previous page; `links[]`.
 * - product-delivery-information: `limit` (≤200), opaque `cursor`; `links` is a SINGLE object; problem-style errors.
 */
import { z } from 'zod';
import { apiError } from '../errors';
import type { DeliveryInformation, QuantityRecord } from '../model';
import { buildHref, decodeCursor, encodeCursor, nextLinks } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseQuery, qInt, qString } from '../validation';

const MAX_LIMIT = 200;

function bySku<T extends { sku: string }>(items: Iterable<T>): T[] {
	return [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

const quantitiesQuery = z.object({ limit: qInt(1, MAX_LIMIT, MAX_LIMIT), page: qInt(0, undefined, 0), cursor: qString() });

function presentQuantity(q: QuantityRecord) {
	return {
		sku: q.sku,
		quantity: q.quantity,
		lastModified: q.lastModified,
		links: [{ rel: 'self', href: `/v1/availability/quantities/${encodeURIComponent(q.sku)}` }],
	};
}

function listQuantities(ctx: RouteContext): RouteResponse {
	const q = parseQuery(quantitiesQuery, ctx.query, ctx.path);
	const sorted = bySku(ctx.data.quantities.values());
	let start: number;
	if (q.cursor !== undefined) {
		// when a cursor is set only `limit` counts
		const cursor = q.cursor;
		start = sorted.findIndex((r) => r.sku > cursor);
		if (start < 0) start = sorted.length;
	} else {
		start = q.page * q.limit;
	}
	const page = sorted.slice(start, start + q.limit);
	const hasMore = start + q.limit < sorted.length;
	const href =
		hasMore && page.length > 0
			? buildHref('/v1/availability/quantities', { limit: q.limit, cursor: page[page.length - 1].sku })
			: undefined;
	return { status: 200, body: { resources: { variations: page.map(presentQuantity) }, links: nextLinks(href) } };
}

function getQuantity(ctx: RouteContext): RouteResponse {
	const q = ctx.data.quantities.get(ctx.params.sku);
	if (!q) throw apiError(404, ctx.path, `No quantity found for sku '${ctx.params.sku}'`);
	return { status: 200, body: { sku: q.sku, quantity: q.quantity, lastModified: q.lastModified } };
}

const deliveryQuery = z.object({ limit: qInt(1, MAX_LIMIT, MAX_LIMIT), cursor: qString() });
const deliveryCursor = z.object({ s: z.string() });

function listDeliveryInformation(ctx: RouteContext): RouteResponse {
	const q = parseQuery(deliveryQuery, ctx.query, ctx.path, 'problem');
	const sorted = bySku<DeliveryInformation>(ctx.data.deliveryInformation.values());
	let start = 0;
	if (q.cursor !== undefined) {
		const cursor = deliveryCursor.safeParse(decodeCursor(q.cursor));
		if (!cursor.success) throw apiError(400, ctx.path, 'cursor: is not a valid cursor', { style: 'problem', title: 'Invalid Parameter' });
		const after = cursor.data.s;
		start = sorted.findIndex((d) => d.sku > after);
		if (start < 0) start = sorted.length;
	}
	const page = sorted.slice(start, start + q.limit);
	const body: Record<string, unknown> = {
		results: page.map((d) => ({ sku: d.sku, shippingProfileId: d.shippingProfileId, processingTime: d.processingTime })),
	};
	if (start + q.limit < sorted.length && page.length > 0) {
		const cursor = encodeCursor({ s: page[page.length - 1].sku });
		body.links = { rel: 'next', href: buildHref('/v1/availability/product-delivery-information', { limit: q.limit, cursor }) };
	}
	return { status: 200, body };
}

function getDeliveryInformation(ctx: RouteContext): RouteResponse {
	const d = ctx.data.deliveryInformation.get(ctx.params.sku);
	if (!d) throw apiError(404, ctx.path, `No delivery information found for sku '${ctx.params.sku}'`, { style: 'problem' });
	return { status: 200, body: { sku: d.sku, shippingProfileId: d.shippingProfileId, processingTime: d.processingTime } };
}

export const availabilityRoutes: RouteModule = {
	name: 'availability',
	interfaces: [
		{ prefix: '/v1/availability', scope: 'availability' },
		{ prefix: '/v2/quantities', scope: 'availability' },
	],
	routes: [
		{ method: 'GET', pattern: '/v1/availability/quantities', handler: listQuantities },
		{ method: 'GET', pattern: '/v1/availability/quantities/{sku}', handler: getQuantity },
		{ method: 'GET', pattern: '/v1/availability/product-delivery-information', handler: listDeliveryInformation },
		{ method: 'GET', pattern: '/v1/availability/product-delivery-information/{sku}', handler: getDeliveryInformation },
	],
};
