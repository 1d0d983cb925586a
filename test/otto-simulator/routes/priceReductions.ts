/**
 * Price Reductions v1 (scope `price-reduction`): list with `positionItemId`, 1-based `page`, `limit` (≤128,
 * default 10); apply one reduction per request (only SENT items, amount below what is left of the invoice price)
 * → 202, a PARTIAL_REFUND receipt and an INITIATED entry.
 */
import { z } from 'zod';
import { apiError, newLogref } from '../errors';
import type { PriceReductionRecord } from '../model';
import { round2 } from '../prng';
import { buildHref, nextLinks, offsetPage } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseBody, parseQuery, qInt, qString } from '../validation';

const listQuery = z.object({
	positionItemId: qString(),
	page: qInt(1, undefined, 1),
	limit: qInt(1, 128, 10),
});

function listPriceReductions(ctx: RouteContext): RouteResponse {
	const q = parseQuery(listQuery, ctx.query, ctx.path);
	if (q.positionItemId && !ctx.data.findPositionItem(q.positionItemId)) {
		throw apiError(404, ctx.path, `Position item '${q.positionItemId}' not found`);
	}
	const matching = ctx.data.priceReductions.filter((r) => !q.positionItemId || r.positionItemId === q.positionItemId);
	const { page, hasMore } = offsetPage(matching, (q.page - 1) * q.limit, q.limit);
	const href = hasMore
		? buildHref('/v1/price-reductions', { positionItemId: q.positionItemId, page: q.page + 1, limit: q.limit })
		: undefined;
	return { status: 200, body: { results: page, links: nextLinks(href) } };
}

const applyBody = z.object({
	positionItemId: z.string().min(1),
	salesOrderId: z.string().min(1),
	priceReduction: z.object({
		amount: z
			.number()
			.positive('must be greater than 0')
			.refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'must have at most 2 decimal places'),
		currency: z.literal('EUR', { errorMap: () => ({ message: "only 'EUR' is supported" }) }),
	}),
});

function applyPriceReduction(ctx: RouteContext): RouteResponse {
	const body = parseBody(applyBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	const found = ctx.data.findPositionItem(body.positionItemId);
	if (!found) throw apiError(404, ctx.path, `Position item '${body.positionItemId}' not found`);
	const { order, item } = found;
	if (order.salesOrderId !== body.salesOrderId) {
		throw apiError(404, ctx.path, `Position item '${body.positionItemId}' not found in sales order '${body.salesOrderId}'`);
	}
	if (item.fulfillmentStatus !== 'SENT') {
		throw apiError(
			409,
			ctx.path,
			`Position item '${item.positionItemId}' is ${item.fulfillmentStatus}; only shipped items that are not returned can be reduced`,
		);
	}
	let record = ctx.data.priceReductions.find((r) => r.positionItemId === item.positionItemId);
	const invoice = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount;
	const reduced = record
		? record.priceReductions.filter((p) => p.status !== 'REJECTED').reduce((sum, p) => sum + p.priceReduction.amount, 0)
		: 0;
	const remaining = round2(invoice - reduced);
	const amount = round2(body.priceReduction.amount);
	if (amount >= remaining) {
		throw apiError(
			409,
			ctx.path,
			`The price reduction of ${amount.toFixed(2)} EUR must be below the remaining amount of ${remaining.toFixed(2)} EUR of position item '${item.positionItemId}'`,
		);
	}
	if (!record) {
		record = {
			salesOrderId: order.salesOrderId,
			positionItemId: item.positionItemId,
			totalPriceReduction: { amount: 0, currency: 'EUR' },
			invoicePrice: { amount: invoice, currency: 'EUR' },
			priceReductions: [],
		} satisfies PriceReductionRecord;
		ctx.data.priceReductions.push(record);
	}
	const now = ctx.data.nowIso();
	// INITIATED: accepted, not yet processed by OTTO. The simulator books the partial refund receipt at once.
	record.priceReductions.push({ priceReduction: { amount, currency: 'EUR' }, creationDateTime: now, status: 'INITIATED' });
	record.totalPriceReduction = { amount: round2(reduced + amount), currency: 'EUR' };
	ctx.data.addRefundReceipt('PARTIAL_REFUND', order, [item], amount);
	return {
		status: 202,
		body: {
			results: {
				path: ctx.path,
				title: 'Accepted',
				code: '202',
				detail: `Price reduction of ${amount.toFixed(2)} EUR for position item '${item.positionItemId}' initiated`,
				logref: newLogref(),
			},
		},
	};
}

export const priceReductionsRoutes: RouteModule = {
	name: 'priceReductions',
	interfaces: [{ prefix: '/v1/price-reductions', scope: 'price-reduction' }],
	routes: [
		{ method: 'GET', pattern: '/v1/price-reductions', handler: listPriceReductions },
		{ method: 'POST', pattern: '/v1/price-reductions', handler: applyPriceReduction },
	],
};
