/**
 * Returns v3 (scope `returns`): list by `status`, `limit` (≤50, default 10), 1-based `page`, newest status change
 * first; acceptance and rejection of announced returns, ≤200 position items per request, answered 200 (all
 * done), 207 `{results, errors}` (some failed), 422 (all failed) or 413 (too many items).
 */
import { z } from 'zod';
import { apiError, newLogref, type OttoErrorItem } from '../errors';
import type { PartnerOrder, PositionItem, ReturnPositionItem, ReturnStatus } from '../model';
import { buildHref, nextLinks, offsetPage } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseBody, parseQuery, qInt, qOptionalEnum } from '../validation';

export const RETURN_STATUSES: readonly ReturnStatus[] = ['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED'];
export const RETURN_CONDITIONS = ['A', 'B', 'C', 'D', 'E'] as const;
export const ACCEPTANCE_REASONS = [
	'RETURN_RECEIVED',
	'STATUS_SENT_BY_ACCIDENT',
	'CANCEL_REQUEST_BY_CUSTOMER',
	'REFUND_AFTER_AFFIDAVIT',
	'COMPLAINT',
	'SHIPMENT_LOST',
	'RETURN_LOST',
	'UNDELIVERABLE',
] as const;
export const REJECTION_REASONS = [
	'THIRD_PARTY_ITEM',
	'WRONG_ITEM',
	'EXCHANGE',
	'DAMAGE_TO_THE_HYGIENE_SEAL',
	'ITEM_DAMAGED',
	'RETURN_PERIOD_EXCEEDED',
	'ITEM_NOT_IN_THE_PARCEL',
] as const;
export const MAX_DECISION_ITEMS = 200;

const listQuery = z.object({
	status: qOptionalEnum(RETURN_STATUSES, { caseInsensitive: true }),
	limit: qInt(1, 50, 10),
	page: qInt(1, undefined, 1),
});

function listReturns(ctx: RouteContext): RouteResponse {
	const q = parseQuery(listQuery, ctx.query, ctx.path);
	const matching = ctx.data.returns
		.filter((r) => q.status === undefined || r.status === q.status)
		.sort((a, b) =>
			a.occurredTime !== b.occurredTime
				? a.occurredTime < b.occurredTime
					? 1
					: -1
				: a.positionItemId < b.positionItemId
					? 1
					: a.positionItemId > b.positionItemId
						? -1
						: 0,
		);
	const { page, hasMore } = offsetPage(matching, (q.page - 1) * q.limit, q.limit);
	const href = hasMore ? buildHref('/v3/returns', { status: q.status, limit: q.limit, page: q.page + 1 }) : undefined;
	return { status: 200, body: { positionItems: page, links: nextLinks(href) } };
}

const decisionItem = z.object({
	positionItemId: z.string().min(1),
	salesOrderId: z.string().min(1),
	condition: z.enum(RETURN_CONDITIONS).optional(),
});
const acceptanceBody = z.object({
	positionItems: z.array(decisionItem.extend({ reason: z.enum(ACCEPTANCE_REASONS).optional() })).min(1),
});
const rejectionBody = z.object({
	positionItems: z.array(decisionItem.extend({ reason: z.enum(REJECTION_REASONS) })).min(1),
});

type Decision = 'acceptance' | 'rejection';

function decide(ctx: RouteContext, decision: Decision): RouteResponse {
	const raw = ctx.body as { positionItems?: unknown } | undefined;
	if (raw && Array.isArray(raw.positionItems) && raw.positionItems.length > MAX_DECISION_ITEMS) {
		throw apiError(
			413,
			ctx.path,
			`positionItems: at most ${MAX_DECISION_ITEMS} position items per request, got ${raw.positionItems.length}`,
		);
	}
	const body = parseBody(decision === 'acceptance' ? acceptanceBody : rejectionBody, ctx.body, ctx.path, {
		bodyError: ctx.bodyError,
	});
	// The announced return of an item wins over older decided ones (an item may have been returned twice).
	const byItem = new Map<string, ReturnPositionItem>();
	for (const r of ctx.data.returns) {
		if (!byItem.has(r.positionItemId) || r.status === 'ANNOUNCED') byItem.set(r.positionItemId, r);
	}
	const now = ctx.data.nowIso();
	const newStatus: ReturnStatus = decision === 'acceptance' ? 'ACCEPTED' : 'REJECTED';
	const results: ReturnPositionItem[] = [];
	const errors: OttoErrorItem[] = [];
	const refunds = new Map<PartnerOrder, PositionItem[]>();
	const seen = new Set<string>();
	const fail = (title: string, detail: string) => errors.push({ path: ctx.path, title, detail, logref: newLogref() });

	for (const entry of body.positionItems) {
		const id = entry.positionItemId;
		const found = byItem.get(id);
		if (seen.has(id)) {
			fail('Duplicate Position Item', `Position item '${id}' appears more than once in the request`);
			continue;
		}
		seen.add(id);
		if (!found) {
			fail('Return Not Found', `No return exists for position item '${id}'`);
		} else if (found.salesOrderId !== entry.salesOrderId) {
			fail('Invalid Sales Order', `Position item '${id}' does not belong to sales order '${entry.salesOrderId}'`);
		} else if (found.status !== 'ANNOUNCED') {
			fail('Invalid Return Status', `The return of position item '${id}' is ${found.status}; only ANNOUNCED returns can be decided`);
		} else {
			found.status = newStatus;
			found.occurredTime = now;
			if (entry.condition) found.details.condition = entry.condition;
			else delete found.details.condition;
			if (entry.reason) found.details.reason = entry.reason;
			else delete found.details.reason;
			results.push(found);
			const item = ctx.data.findPositionItem(id);
			if (decision === 'acceptance' && item) {
				item.item.fulfillmentStatus = 'RETURNED';
				item.item.returnedDate = now;
				refunds.set(item.order, [...(refunds.get(item.order) ?? []), item.item]);
			}
		}
	}
	// Accepting refunds the customer: one REFUND receipt per order and request.
	for (const [order, items] of refunds) {
		ctx.data.touchOrder(order, now);
		ctx.data.addRefundReceipt('REFUND', order, items);
	}
	if (errors.length === 0) return { status: 200, body: {} };
	if (results.length === 0) return { status: 422, body: { errors } };
	return { status: 207, body: { results: results.map((r) => structuredClone(r)), errors } };
}

export const returnsRoutes: RouteModule = {
	name: 'returns',
	interfaces: [
		{ prefix: '/v3/returns', scope: 'returns' },
		{ prefix: '/v2/returns', scope: 'returns' },
	],
	routes: [
		{ method: 'GET', pattern: '/v3/returns', handler: listReturns },
		{ method: 'POST', pattern: '/v3/returns/acceptance', handler: (ctx) => decide(ctx, 'acceptance') },
		{ method: 'POST', pattern: '/v3/returns/rejection', handler: (ctx) => decide(ctx, 'rejection') },
	],
};
