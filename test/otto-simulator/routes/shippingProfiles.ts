/**
 * Shipping Profiles v1 (scope `shipping-profiles`): opaque `cursor`, 300 per page, `links` single object, problem-style errors.
 * Writes: POST 201 `{shippingProfileId, message}` (409 for a name already used), PUT full replace (the delivery type
 * cannot change), DELETE (412 while delivery information still points at the profile).
 */
import { z } from 'zod';
import { apiError } from '../errors';
import { DELIVERY_TYPES, WORKING_DAYS, type ShippingProfile } from '../model';
import { buildHref, decodeCursor, encodeCursor } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseBody, parseQuery, qString } from '../validation';

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
	return { status: 200, body: findProfile(ctx) };
}

const days = z.enum(WORKING_DAYS);
const profileBody = z.object({
	shippingProfileName: z.string().trim().min(1, 'must not be blank'),
	workingDays: z
		.array(days)
		.min(1, 'must contain at least one day')
		.refine((list) => new Set(list).size === list.length, 'must not repeat a day'),
	orderCutoff: z.string().regex(/^([01][0-9]|2[0-3]):(00|30)$/, 'must be HH:MM on a full or half hour (CET)'),
	deliveryType: z.enum(DELIVERY_TYPES),
	defaultProcessingTime: z.number().int().min(1).max(99),
	transportTime: z.number().int().min(1).max(99),
});

function findProfile(ctx: RouteContext): ShippingProfile {
	const profile = ctx.data.shippingProfilesById.get(ctx.params.shippingProfileId);
	if (!profile) {
		throw apiError(404, ctx.path, `Shipping profile '${ctx.params.shippingProfileId}' not found`, { style: 'problem' });
	}
	return profile;
}

/** Profile names are unique per partner (compared without case and outer blanks). */
function checkUniqueName(ctx: RouteContext, name: string, ownId?: string): void {
	const key = name.trim().toLowerCase();
	const clash = ctx.data.shippingProfiles.find((p) => p.shippingProfileId !== ownId && p.shippingProfileName.trim().toLowerCase() === key);
	if (clash) {
		throw apiError(409, ctx.path, `A shipping profile named '${name}' already exists (${clash.shippingProfileId})`, {
			style: 'problem',
			title: 'Conflict',
		});
	}
}

function createProfile(ctx: RouteContext): RouteResponse {
	const body = parseBody(profileBody, ctx.body, ctx.path, { style: 'problem', bodyError: ctx.bodyError });
	checkUniqueName(ctx, body.shippingProfileName);
	const profile: ShippingProfile = { shippingProfileId: ctx.data.newUuid(), ...body };
	ctx.data.addShippingProfile(profile);
	return { status: 201, body: { shippingProfileId: profile.shippingProfileId, message: 'Shipping profile created' } };
}

function replaceProfile(ctx: RouteContext): RouteResponse {
	const profile = findProfile(ctx);
	const body = parseBody(profileBody, ctx.body, ctx.path, { style: 'problem', bodyError: ctx.bodyError });
	if (body.deliveryType !== profile.deliveryType) {
		throw apiError(400, ctx.path, `deliveryType: cannot be changed from ${profile.deliveryType} to ${body.deliveryType}`, {
			style: 'problem',
			title: 'Invalid Attribute',
		});
	}
	checkUniqueName(ctx, body.shippingProfileName, profile.shippingProfileId);
	Object.assign(profile, body, { shippingProfileId: profile.shippingProfileId });
	return { status: 204 };
}

function deleteProfile(ctx: RouteContext): RouteResponse {
	const profile = findProfile(ctx);
	const users = [...ctx.data.deliveryInformation.values()].filter((d) => d.shippingProfileId === profile.shippingProfileId);
	if (users.length > 0) {
		throw apiError(
			412,
			ctx.path,
			`Shipping profile '${profile.shippingProfileId}' is still assigned to ${users.length} SKU(s), e.g. '${users[0].sku}'`,
			{ style: 'problem', title: 'Precondition Failed' },
		);
	}
	const all = ctx.data.shippingProfiles;
	all.splice(all.indexOf(profile), 1);
	ctx.data.shippingProfilesById.delete(profile.shippingProfileId);
	return { status: 204 };
}

export const shippingProfilesRoutes: RouteModule = {
	name: 'shippingProfiles',
	interfaces: [{ prefix: '/v1/shipping-profiles', scope: 'shipping-profiles' }],
	routes: [
		{ method: 'GET', pattern: '/v1/shipping-profiles', handler: listProfiles },
		{ method: 'POST', pattern: '/v1/shipping-profiles', handler: createProfile },
		{ method: 'GET', pattern: '/v1/shipping-profiles/{shippingProfileId}', handler: getProfile },
		{ method: 'PUT', pattern: '/v1/shipping-profiles/{shippingProfileId}', handler: replaceProfile },
		{ method: 'DELETE', pattern: '/v1/shipping-profiles/{shippingProfileId}', handler: deleteProfile },
	],
};
