/**
 * Availability v1 (scope `availability`).
 * - quantities: `limit` (≤200), 0-based `page`, `cursor` = last SKU of the previous page; `links[]`.
 *   POST: 1–200 entries (413 above), per-SKU failures → 207 `{results, errors[]}`, all failed → 422.
 * - product-delivery-information: `limit` (≤200), opaque `cursor`; `links` is a SINGLE object; problem-style errors.
 *   POST: 1–200 entries, 202 `{message}` when all were accepted, 207 `{results, errors: problem}` otherwise.
 * - Single-SKU paths whose SKU holds `/` or `.` are not routable at OTTO (REFERENCE §3.1); they answer 404
 *   like an unknown route, so clients have to fall back to the lists.
 */
import { z } from 'zod';
import { ApiError, apiError, errorBody, newLogref, problemBody } from '../errors';
import type { DeliveryInformation, QuantityRecord } from '../model';
import { buildHref, decodeCursor, encodeCursor, nextLinks } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseBody, parseQuery, qInt, qString } from '../validation';

const MAX_LIMIT = 200;
/** Entries per POST (REFERENCE §3.6). */
export const MAX_AVAILABILITY_ENTRIES = 200;
export const MAX_QUANTITY = 999_999_999;
const PROCESSING_TIME = /^(DEFAULT|[1-9][0-9]?)$/;

/** OTTO cannot route a single-SKU path whose SKU contains `/` or `.`: the gateway answers as for an unknown path. */
function unroutableSku(ctx: RouteContext): ApiError | undefined {
	if (!/[/.]/.test(ctx.params.sku)) return undefined;
	return new ApiError(404, errorBody(ctx.path, 404, `No resource found for ${ctx.method} ${ctx.path}`));
}

/** SKUs OTTO knows: those of the product catalogue and those that already have availability data. */
function knownSku(ctx: RouteContext, sku: string): boolean {
	return ctx.data.productsBySku.has(sku) || ctx.data.quantities.has(sku) || ctx.data.deliveryInformation.has(sku);
}

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
	const unroutable = unroutableSku(ctx);
	if (unroutable) throw unroutable;
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
	const unroutable = unroutableSku(ctx);
	if (unroutable) throw unroutable;
	const d = ctx.data.deliveryInformation.get(ctx.params.sku);
	if (!d) throw apiError(404, ctx.path, `No delivery information found for sku '${ctx.params.sku}'`, { style: 'problem' });
	return { status: 200, body: { sku: d.sku, shippingProfileId: d.shippingProfileId, processingTime: d.processingTime } };
}

/** The body must be a list of 1–200 objects; more → 413 (checked before the entries are looked at). */
function checkListSize(ctx: RouteContext, style: 'errors' | 'problem'): void {
	if (ctx.bodyError || !Array.isArray(ctx.body)) return;
	const count = ctx.body.length;
	if (count > MAX_AVAILABILITY_ENTRIES) {
		const detail = `At most ${MAX_AVAILABILITY_ENTRIES} entries per request, got ${count}`;
		if (style === 'problem') throw new ApiError(413, problemBody(ctx.path, 'Payload Too Large', 413, [detail]));
		throw new ApiError(413, errorBody(ctx.path, 413, detail));
	}
}

const quantitiesBody = z
	.array(z.object({ sku: z.string(), quantity: z.number() }))
	.min(1, 'must contain at least 1 entry');

interface QuantityError {
	code: number;
	title: string;
	detail: string;
	path: string;
	logref: string;
}

function postQuantities(ctx: RouteContext): RouteResponse {
	checkListSize(ctx, 'errors');
	const entries = parseBody(quantitiesBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	const results: Array<ReturnType<typeof presentQuantity>> = [];
	const errors: QuantityError[] = [];
	const fail = (code: number, title: string, detail: string) =>
		errors.push({ code, title, detail, path: ctx.path, logref: newLogref() });
	for (const entry of entries) {
		if (!knownSku(ctx, entry.sku)) {
			fail(404, 'Unknown SKU', `No product variation with sku '${entry.sku}' exists`);
			continue;
		}
		if (!Number.isInteger(entry.quantity) || entry.quantity < 0 || entry.quantity > MAX_QUANTITY) {
			fail(400, 'Invalid Attribute', `quantity of sku '${entry.sku}' must be an integer from 0 to ${MAX_QUANTITY}, got ${entry.quantity}`);
			continue;
		}
		const record: QuantityRecord = { sku: entry.sku, quantity: entry.quantity, lastModified: ctx.data.nowIso() };
		ctx.data.quantities.set(record.sku, record);
		results.push(presentQuantity(record));
	}
	if (errors.length === 0) return { status: 200 };
	if (results.length === 0) return { status: 422, body: { errors } };
	return { status: 207, body: { results, errors } };
}

const deliveryBody = z
	.array(z.object({ sku: z.string(), shippingProfileId: z.string(), processingTime: z.string() }))
	.min(1, 'must contain at least 1 entry');

function postDeliveryInformation(ctx: RouteContext): RouteResponse {
	checkListSize(ctx, 'problem');
	const entries = parseBody(deliveryBody, ctx.body, ctx.path, { style: 'problem', bodyError: ctx.bodyError });
	const results: DeliveryInformation[] = [];
	const details: string[] = [];
	for (const entry of entries) {
		if (!knownSku(ctx, entry.sku)) {
			details.push(`sku '${entry.sku}': no product variation with this sku exists`);
			continue;
		}
		if (!ctx.data.shippingProfilesById.has(entry.shippingProfileId)) {
			details.push(`sku '${entry.sku}': shipping profile '${entry.shippingProfileId}' does not exist`);
			continue;
		}
		if (!PROCESSING_TIME.test(entry.processingTime)) {
			details.push(`sku '${entry.sku}': processingTime must be "1" to "99" or "DEFAULT", got "${entry.processingTime}"`);
			continue;
		}
		const record: DeliveryInformation = { sku: entry.sku, shippingProfileId: entry.shippingProfileId, processingTime: entry.processingTime };
		ctx.data.deliveryInformation.set(record.sku, record);
		results.push(record);
	}
	if (details.length === 0) {
		return { status: 202, body: { message: `Accepted ${results.length} product delivery information entries` } };
	}
	const problem = problemBody(ctx.path, 'Validation failed', 400, details);
	if (results.length === 0) throw new ApiError(400, problem);
	return { status: 207, body: { results: results.map((r) => ({ ...r })), errors: problem } };
}

export const availabilityRoutes: RouteModule = {
	name: 'availability',
	interfaces: [
		{ prefix: '/v1/availability', scope: 'availability' },
		{ prefix: '/v2/quantities', scope: 'availability' },
	],
	routes: [
		{ method: 'GET', pattern: '/v1/availability/quantities', handler: listQuantities },
		{ method: 'POST', pattern: '/v1/availability/quantities', handler: postQuantities },
		{ method: 'GET', pattern: '/v1/availability/quantities/{sku}', handler: getQuantity },
		{ method: 'GET', pattern: '/v1/availability/product-delivery-information', handler: listDeliveryInformation },
		{ method: 'POST', pattern: '/v1/availability/product-delivery-information', handler: postDeliveryInformation },
		{ method: 'GET', pattern: '/v1/availability/product-delivery-information/{sku}', handler: getDeliveryInformation },
	],
};
