/**
 * Sponsored Product Ads v1 (scope `advertising-services`), REFERENCE §4.11; the field models are the package's working
 * model, the simulator's own choices are listed in the README ("Sponsored Product Ads").
 * - campaigns; targets per campaign (a SKU each); keywords per target. Lists: `limit` 1…1000 (default 100), opaque
 *   `cursor`; body `{<list>: […], nextCursor, prevCursor}` (null at the ends).
 * - writes validate synchronously (400 / 404 / 415), answer 202 with a `requestId` and queue a change request; the
 *   change request is decided on its `config.ads.changeRequestPolls`-th GET (adsStore.ts: rules, application).
 * - PATCH is JSON Merge Patch (RFC 7396) and needs `Content-Type: application/merge-patch+json` (else 415).
 */
import { z } from 'zod';
import { adsConfig, type AdOperation, mergePatch, type SeqList } from '../adsStore';
import { apiError } from '../errors';
import { AD_CAMPAIGN_STATUSES, AD_ENTITY_STATUSES, AD_MATCH_TYPES, type AdCampaign, type AdKeyword, type AdTarget, type Amount } from '../model';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseBody, parseQuery, qInt, qString } from '../validation';
import { ADS_SCOPE, dateOnly, enumField, invalidField, retryAfter } from './adsCommon';

const PREFIX = '/v1/sponsored-product-ads';
const CAMPAIGNS = `${PREFIX}/campaigns`;
const CAMPAIGN = `${CAMPAIGNS}/{campaignId}`;
const TARGETS = `${CAMPAIGN}/targets`;
const TARGET = `${TARGETS}/{targetId}`;
const KEYWORDS = `${TARGET}/keywords`;
const KEYWORD = `${KEYWORDS}/{keywordId}`;
const CHANGE_REQUEST = `${PREFIX}/change-requests/{requestId}`;

export const ADS_MAX_LIMIT = 1000;
export const ADS_DEFAULT_LIMIT = 100;
/** Entities per write request (targets, keywords, ids of a DELETE). */
export const ADS_MAX_BATCH = 1000;
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

// ------------------------------------------------------------------------------------------------
// schemas

const amountValue = z
	.number({ required_error: 'is required', invalid_type_error: 'must be a number' })
	.nonnegative('must not be negative')
	.refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'must have at most 2 decimals');
const currency = z.enum(['EUR'], { errorMap: (_i, ctx) => ({ message: ctx.data === undefined ? 'is required' : `must be 'EUR', got '${String(ctx.data)}'` }) });
const money = z.object({ amount: amountValue, currency }, { invalid_type_error: 'must be an object {amount, currency}' }).strict();
const moneyPatch = z.object({ amount: amountValue.optional(), currency: currency.optional() }, { invalid_type_error: 'must be an object {amount, currency}' }).strict();
const text = (max?: number) => {
	const base = z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).refine((s) => s.trim() !== '', 'must not be blank');
	return max === undefined ? base : base.refine((s) => s.length <= max, `must be at most ${max} characters`);
};

const campaignName = text(255);
const createCampaignBody = z
	.object({
		name: campaignName,
		dailyBudget: money,
		startDate: dateOnly(),
		endDate: dateOnly().nullish(),
		status: enumField(['ACTIVE', 'PAUSED']).optional(),
	})
	.strict()
	.superRefine((c, ctx) => {
		if (c.endDate && c.endDate < c.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate ${c.startDate}` });
	});

/** Fields that a merge patch may not remove (`null`) and fields it may not set at all. */
function patchRules(required: string[], fixed: Record<string, string>) {
	return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
		for (const key of required) if (value[key] === null) ctx.addIssue({ code: 'custom', path: [key], message: 'is required and cannot be removed (null)' });
		for (const [key, message] of Object.entries(fixed)) if (value[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message });
	};
}

const campaignPatchBody = z
	.object({
		name: campaignName.nullable().optional(),
		dailyBudget: moneyPatch.nullable().optional(),
		startDate: dateOnly().nullable().optional(),
		endDate: dateOnly().nullable().optional(),
		status: enumField(AD_CAMPAIGN_STATUSES).nullable().optional(),
		campaignId: z.unknown().optional(),
		createdAt: z.unknown().optional(),
		lastModifiedAt: z.unknown().optional(),
	})
	.strict()
	.superRefine(
		patchRules(['name', 'dailyBudget', 'startDate', 'status'], {
			campaignId: 'is read-only',
			createdAt: 'is read-only',
			lastModifiedAt: 'is read-only',
		}),
	);

const entityStatus = enumField(AD_ENTITY_STATUSES);
const batch = <T extends z.ZodTypeAny>(item: T) =>
	z
		.array(item, { required_error: 'is required', invalid_type_error: 'must be an array' })
		.min(1, 'must not be empty')
		.max(ADS_MAX_BATCH, `must have at most ${ADS_MAX_BATCH} entries`);

const createTargetsBody = z
	.object({ targets: batch(z.object({ sku: text(), bid: money.optional(), status: entityStatus.optional() }).strict()) })
	.strict();

const patchTargetsBody = z
	.object({
		targets: batch(
			z
				.object({
					targetId: text(),
					bid: moneyPatch.nullable().optional(),
					status: entityStatus.nullable().optional(),
					sku: z.unknown().optional(),
					campaignId: z.unknown().optional(),
				})
				.strict()
				.superRefine(
					patchRules(['status'], {
						sku: 'cannot be changed; delete the target and create one for the other SKU',
						campaignId: 'cannot be changed',
					}),
				),
		),
	})
	.strict();

const createKeywordsBody = z
	.object({
		keywords: batch(
			z
				.object({
					keyword: text(),
					matchType: enumField(AD_MATCH_TYPES),
					bid: money.optional(),
					status: entityStatus.optional(),
				})
				.strict(),
		),
	})
	.strict();

const patchKeywordsBody = z
	.object({
		keywords: batch(
			z
				.object({
					keywordId: text(),
					bid: moneyPatch.nullable().optional(),
					status: entityStatus.nullable().optional(),
					keyword: z.unknown().optional(),
					matchType: z.unknown().optional(),
					targetId: z.unknown().optional(),
				})
				.strict()
				.superRefine(
					patchRules(['status'], {
						keyword: 'cannot be changed; delete the keyword and create a new one',
						matchType: 'cannot be changed; delete the keyword and create a new one',
						targetId: 'cannot be changed',
					}),
				),
		),
	})
	.strict();

const listQuery = z.object({ limit: qInt(1, ADS_MAX_LIMIT, ADS_DEFAULT_LIMIT), cursor: qString() });

// ------------------------------------------------------------------------------------------------
// helpers

function body<S extends z.ZodTypeAny>(ctx: RouteContext, schema: S): z.output<S> {
	return parseBody(schema, ctx.body, ctx.path, { bodyError: ctx.bodyError });
}

/** PATCH needs `application/merge-patch+json` (parameters such as charset allowed). */
function requireMergePatch(ctx: RouteContext): void {
	const raw = String(ctx.headers['content-type'] ?? '');
	const media = raw.split(';')[0].trim().toLowerCase();
	if (media !== MERGE_PATCH_TYPE) {
		throw apiError(415, ctx.path, `Content-Type must be ${MERGE_PATCH_TYPE} (JSON Merge Patch, RFC 7396), got '${raw || 'none'}'`, {
			headers: { 'Accept-Patch': MERGE_PATCH_TYPE },
		});
	}
}

function findCampaign(ctx: RouteContext): AdCampaign {
	const campaign = ctx.data.ads.getCampaign(ctx.params.campaignId);
	if (!campaign) throw apiError(404, ctx.path, `Campaign '${ctx.params.campaignId}' not found`);
	return campaign;
}

function findTarget(ctx: RouteContext): AdTarget {
	findCampaign(ctx);
	const target = ctx.data.ads.getTarget(ctx.params.campaignId, ctx.params.targetId);
	if (!target) throw apiError(404, ctx.path, `Target '${ctx.params.targetId}' not found in campaign '${ctx.params.campaignId}'`);
	return target;
}

const copyAmount = (a: Amount | undefined) => (a ? { bid: { ...a } } : {});

function presentCampaign(c: AdCampaign): AdCampaign {
	return {
		campaignId: c.campaignId,
		name: c.name,
		status: c.status,
		dailyBudget: { ...c.dailyBudget },
		startDate: c.startDate,
		...(c.endDate !== undefined ? { endDate: c.endDate } : {}),
		createdAt: c.createdAt,
		lastModifiedAt: c.lastModifiedAt,
	};
}

function presentTarget(t: AdTarget): AdTarget {
	return { targetId: t.targetId, campaignId: t.campaignId, sku: t.sku, status: t.status, ...copyAmount(t.bid) };
}

function presentKeyword(k: AdKeyword): AdKeyword {
	return { keywordId: k.keywordId, targetId: k.targetId, keyword: k.keyword, matchType: k.matchType, status: k.status, ...copyAmount(k.bid) };
}

function listPage<T>(ctx: RouteContext, list: SeqList<T>, key: string, present: (item: T) => T): RouteResponse {
	const q = parseQuery(listQuery, ctx.query, ctx.path);
	const page = list.page(q.cursor, q.limit);
	if (!page) throw invalidField(ctx, 'cursor', `'${q.cursor}' is not a cursor of this list`);
	return { status: 200, body: { [key]: page.items.map(present), nextCursor: page.nextCursor, prevCursor: page.prevCursor } };
}

/** Queues the operations and answers 202 with the change request (decided at once when 0 polls are configured). */
function accepted(ctx: RouteContext, operations: AdOperation[], extra: Record<string, unknown> = {}): RouteResponse {
	const record = ctx.data.ads.createChangeRequest(operations, adsConfig(ctx.config).changeRequestPolls <= 0);
	return {
		status: 202,
		headers: { Location: `${PREFIX}/change-requests/${record.requestId}` },
		body: { ...extra, requestId: record.requestId },
	};
}

/** Ids from a repeated query parameter (`?targetIds=a&targetIds=b`); 400 when missing, empty or listed twice. */
function idsParam(ctx: RouteContext, name: string): string[] {
	const raw = ctx.query[name];
	const ids = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter((v) => v !== '');
	if (ids.length === 0) throw invalidField(ctx, name, 'is required (repeat the parameter for several ids)');
	if (ids.length > ADS_MAX_BATCH) throw invalidField(ctx, name, `must have at most ${ADS_MAX_BATCH} ids, got ${ids.length}`);
	const dup = ids.find((id, i) => ids.indexOf(id) !== i);
	if (dup !== undefined) throw invalidField(ctx, name, `'${dup}' is listed twice`);
	return ids;
}

/** 400 when an entity id appears twice in one PATCH body. */
function uniqueIds(ctx: RouteContext, list: string, field: string, ids: string[]): void {
	ids.forEach((id, i) => {
		if (ids.indexOf(id) !== i) {
			throw apiError(400, ctx.path, `${list}[${i}].${field}: '${id}' is listed twice`, { title: 'Invalid Attribute', jsonPath: `$.${list}[${i}].${field}` });
		}
	});
}

/** The patch without read-only fields and undefined values. */
function patchOf(item: Record<string, unknown>, drop: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(item)) if (value !== undefined && !drop.includes(key)) out[key] = value;
	return out;
}

// ------------------------------------------------------------------------------------------------
// campaigns

function listCampaigns(ctx: RouteContext): RouteResponse {
	return listPage(ctx, ctx.data.ads.campaigns, 'campaigns', presentCampaign);
}

function createCampaign(ctx: RouteContext): RouteResponse {
	const b = body(ctx, createCampaignBody);
	const now = new Date().toISOString();
	const campaign: AdCampaign = {
		campaignId: ctx.data.ads.newId(),
		name: b.name.trim(),
		status: b.status ?? 'ACTIVE',
		dailyBudget: { ...b.dailyBudget },
		startDate: b.startDate,
		...(b.endDate ? { endDate: b.endDate } : {}),
		createdAt: now,
		lastModifiedAt: now,
	};
	return accepted(ctx, [{ type: 'createCampaign', campaign }], { campaignId: campaign.campaignId });
}

function getCampaign(ctx: RouteContext): RouteResponse {
	return { status: 200, body: presentCampaign(findCampaign(ctx)) };
}

function patchCampaign(ctx: RouteContext): RouteResponse {
	requireMergePatch(ctx);
	const campaign = findCampaign(ctx);
	const patch = patchOf(body(ctx, campaignPatchBody), []);
	if (typeof patch.name === 'string') patch.name = patch.name.trim();
	const merged = mergePatch(campaign, patch) as AdCampaign;
	if (merged.endDate !== undefined && merged.endDate < merged.startDate) {
		const field = patch.endDate !== undefined ? 'endDate' : 'startDate';
		throw apiError(400, ctx.path, `${field}: endDate ${merged.endDate} must not be before startDate ${merged.startDate}`, {
			title: 'Invalid Attribute',
			jsonPath: `$.${field}`,
		});
	}
	return accepted(ctx, [{ type: 'updateCampaign', campaignId: campaign.campaignId, patch }]);
}

// ------------------------------------------------------------------------------------------------
// targets

function listTargets(ctx: RouteContext): RouteResponse {
	const campaign = findCampaign(ctx);
	return listPage(ctx, ctx.data.ads.targetsOf(campaign.campaignId) as SeqList<AdTarget>, 'targets', presentTarget);
}

function createTargets(ctx: RouteContext): RouteResponse {
	const campaign = findCampaign(ctx);
	const b = body(ctx, createTargetsBody);
	const targets: AdTarget[] = b.targets.map((t) => ({
		targetId: ctx.data.ads.newId(),
		campaignId: campaign.campaignId,
		sku: t.sku,
		status: t.status ?? 'ACTIVE',
		...(t.bid ? { bid: { ...t.bid } } : {}),
	}));
	return accepted(
		ctx,
		targets.map((target) => ({ type: 'createTarget', target })),
		{ targets: targets.map((t) => ({ targetId: t.targetId, sku: t.sku })) },
	);
}

function patchTargets(ctx: RouteContext): RouteResponse {
	requireMergePatch(ctx);
	const campaign = findCampaign(ctx);
	const b = body(ctx, patchTargetsBody);
	uniqueIds(ctx, 'targets', 'targetId', b.targets.map((t) => t.targetId));
	return accepted(
		ctx,
		b.targets.map((t) => ({ type: 'updateTarget', campaignId: campaign.campaignId, targetId: t.targetId, patch: patchOf(t, ['targetId']) })),
	);
}

function deleteTargets(ctx: RouteContext): RouteResponse {
	const campaign = findCampaign(ctx);
	const ids = idsParam(ctx, 'targetIds');
	return accepted(
		ctx,
		ids.map((targetId) => ({ type: 'deleteTarget', campaignId: campaign.campaignId, targetId })),
	);
}

function getTarget(ctx: RouteContext): RouteResponse {
	return { status: 200, body: presentTarget(findTarget(ctx)) };
}

// ------------------------------------------------------------------------------------------------
// keywords

function listKeywords(ctx: RouteContext): RouteResponse {
	const target = findTarget(ctx);
	return listPage(ctx, ctx.data.ads.keywordsOf(target.targetId) as SeqList<AdKeyword>, 'keywords', presentKeyword);
}

function createKeywords(ctx: RouteContext): RouteResponse {
	const target = findTarget(ctx);
	const b = body(ctx, createKeywordsBody);
	const keywords: AdKeyword[] = b.keywords.map((k) => ({
		keywordId: ctx.data.ads.newId(),
		targetId: target.targetId,
		keyword: k.keyword.trim(),
		matchType: k.matchType,
		status: k.status ?? 'ACTIVE',
		...(k.bid ? { bid: { ...k.bid } } : {}),
	}));
	return accepted(
		ctx,
		keywords.map((keyword) => ({ type: 'createKeyword', campaignId: target.campaignId, keyword })),
		{ keywords: keywords.map((k) => ({ keywordId: k.keywordId, keyword: k.keyword })) },
	);
}

function patchKeywords(ctx: RouteContext): RouteResponse {
	requireMergePatch(ctx);
	const target = findTarget(ctx);
	const b = body(ctx, patchKeywordsBody);
	uniqueIds(ctx, 'keywords', 'keywordId', b.keywords.map((k) => k.keywordId));
	return accepted(
		ctx,
		b.keywords.map((k) => ({
			type: 'updateKeyword',
			campaignId: target.campaignId,
			targetId: target.targetId,
			keywordId: k.keywordId,
			patch: patchOf(k, ['keywordId']),
		})),
	);
}

function deleteKeywords(ctx: RouteContext): RouteResponse {
	const target = findTarget(ctx);
	const ids = idsParam(ctx, 'keywordIds');
	return accepted(
		ctx,
		ids.map((keywordId) => ({ type: 'deleteKeyword', campaignId: target.campaignId, targetId: target.targetId, keywordId })),
	);
}

function getKeyword(ctx: RouteContext): RouteResponse {
	const target = findTarget(ctx);
	const keyword = ctx.data.ads.getKeyword(target.campaignId, target.targetId, ctx.params.keywordId);
	if (!keyword) throw apiError(404, ctx.path, `Keyword '${ctx.params.keywordId}' not found at target '${target.targetId}'`);
	return { status: 200, body: presentKeyword(keyword) };
}

// ------------------------------------------------------------------------------------------------
// change requests

function getChangeRequest(ctx: RouteContext): RouteResponse {
	const record = ctx.data.ads.changeRequests.get(ctx.params.requestId);
	if (!record) throw apiError(404, ctx.path, `Change request '${ctx.params.requestId}' not found`);
	ctx.data.ads.pollChangeRequest(record, adsConfig(ctx.config).changeRequestPolls);
	return {
		status: 200,
		body: ctx.data.ads.presentChangeRequest(record),
		...(record.status === 'PENDING' ? { headers: { 'Retry-After': retryAfter(adsConfig(ctx.config).retryAfterSeconds) } } : {}),
	};
}

export const sponsoredProductAdsRoutes: RouteModule = {
	name: 'sponsoredProductAds',
	interfaces: [{ prefix: PREFIX, scope: ADS_SCOPE }],
	routes: [
		{ method: 'GET', pattern: CAMPAIGNS, handler: listCampaigns },
		{ method: 'POST', pattern: CAMPAIGNS, handler: createCampaign },
		{ method: 'GET', pattern: CAMPAIGN, handler: getCampaign },
		{ method: 'PATCH', pattern: CAMPAIGN, handler: patchCampaign },
		{ method: 'GET', pattern: TARGETS, handler: listTargets },
		{ method: 'POST', pattern: TARGETS, handler: createTargets },
		{ method: 'PATCH', pattern: TARGETS, handler: patchTargets },
		{ method: 'DELETE', pattern: TARGETS, handler: deleteTargets },
		{ method: 'GET', pattern: TARGET, handler: getTarget },
		{ method: 'GET', pattern: KEYWORDS, handler: listKeywords },
		{ method: 'POST', pattern: KEYWORDS, handler: createKeywords },
		{ method: 'PATCH', pattern: KEYWORDS, handler: patchKeywords },
		{ method: 'DELETE', pattern: KEYWORDS, handler: deleteKeywords },
		{ method: 'GET', pattern: KEYWORD, handler: getKeyword },
		{ method: 'GET', pattern: CHANGE_REQUEST, handler: getChangeRequest },
	],
};
