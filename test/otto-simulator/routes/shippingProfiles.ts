/** Shipping Profiles v1 (scope `shipping-profiles`): opaque `cursor`, 300 per page, `links` single object, problem-style errors. */
import { z } from 'zod';
import { apiError } from '../errors';
import { buildHref, decodeCursor, encodeCursor } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseQuery, qString } from '../validation';

export const SHIPPING_PROFILES_PAGE_SIZE = 300;

const listQuery = z.object({ cursor: qString() });
const cursorSchema = z.object({ id: z.string(), i: z.number().int().min(0) });

function listProfiles(ctx: RouteContext): RouteResponse {
	const q = parseQuery(listQuery, ctx.query, ctx.path, 'problem');
	const all = ctx.data.shippingProfiles;
	let start = 0;
	if (q.cursor !== undefined) {
		const cursor = cursorSchema.safeParse(decodeCursor(q.cursor));
		if (!cursor.success) throw apiError(400, ctx.path, 'cursor: is not a valid cursor', { style: 'problem', title: 'Invalid Parameter' });
		const idx = all.findIndex((p) => p.shippingProfileId === cursor.data.id);
		// the last profile of the previous page may have been deleted: fall back to its position
		start = idx >= 0 ? idx + 1 : Math.min(cursor.data.i + 1, all.length);
	}
	const page = all.slice(start, start + SHIPPING_PROFILES_PAGE_SIZE);
	const body: Record<string, unknown> = { results: page };
	if (start + SHIPPING_PROFILES_PAGE_SIZE < all.length && page.length > 0) {
		const last = page[page.length - 1];
		const cursor = encodeCursor({ id: last.shippingProfileId, i: start + page.length - 1 });
		body.links = { rel: 'next', href: buildHref('/v1/shipping-profiles', { cursor }) };
	}
	return { status: 200, body };
}

function getProfile(ctx: RouteContext): RouteResponse {
	const profile = ctx.data.shippingProfilesById.get(ctx.params.shippingProfileId);
	if (!profile) {
		throw apiError(404, ctx.path, `Shipping profile '${ctx.params.shippingProfileId}' not found`, { style: 'problem' });
	}
	return { status: 200, body: profile };
}

export const shippingProfilesRoutes: RouteModule = {
	name: 'shippingProfiles',
	interfaces: [{ prefix: '/v1/shipping-profiles', scope: 'shipping-profiles' }],
	routes: [
		{ method: 'GET', pattern: '/v1/shipping-profiles', handler: listProfiles },
		{ method: 'GET', pattern: '/v1/shipping-profiles/{shippingProfileId}', handler: getProfile },
	],
};
