import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { PartnerOrder, PositionItem } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';
import { acceptRequests, announceNewReturns, asInput, decision as returnDecision, findReturn, rejectRequests } from './fixtures/returns';

/**
 * Writes OTTO applied although the answer was a 5xx or was lost, and re-runs of writes already done:
 * Return → Accept / Reject, Price Reduction → Apply, Order → Cancel / Cancel Position Items. The simulator's
 * `after` faults apply the request and then replace its answer.
 */

const { sim, helper } = useSimulator();
const jsonOf = (out: INodeExecutionData[]) => out.map((i) => i.json);

// ---------------------------------------------------------------------------------------------------------
// Returns

const acceptCalls = () => acceptRequests(sim());
const rejectCalls = () => rejectRequests(sim());
const returnReads = () => sim().requests({ path: '/v3/returns', method: 'GET' });
const returnOf = (positionItemId: string) => findReturn(sim(), positionItemId);
const announceReturns = (count: number) => announceNewReturns(sim(), count);
const refundsOf = (positionItemId: string) =>
	sim().data.receipts.filter((rc) => rc.receiptType === 'REFUND' && rc.lineItems.itemPositions.some((p) => p.positionItemIds.includes(positionItemId)));

/** Accept / Reject parameters; a rejection gives ITEM_DAMAGED as its reason unless `extra` says otherwise. */
const decision = (operation: 'accept' | 'reject', extra: IDataObject = {}) =>
	returnDecision(operation, { ...(operation === 'reject' ? { rejectionReason: 'ITEM_DAMAGED' } : {}), ...extra });

describe('Return → Accept / Reject after an ambiguous failure', () => {
	test('120 returns: OTTO accepts them, then answers 503 → every entry applied, each accepted and refunded once, no second POST; a re-run is already done and writes nothing', async () => {
		const returns = announceReturns(120);
		sim().configure({ faults: [{ type: '503', path: '^/v3/returns/acceptance$', method: 'POST', after: true, count: 1 }] });
		const workflow = ottoWorkflow(decision('accept', { additionalFields: { condition: 'A' } }), asInput(returns));

		const first = await runWorkflow(workflow, helper());
		expect(first.error).toBeUndefined();
		const out = jsonOf(first.output('Otto Market'));
		expect(out).toHaveLength(120);
		expect(paired(first.output('Otto Market'))).toEqual(returns.map((_, k) => k));
		for (const [k, json] of out.entries()) {
			expect(json).toEqual(
				expect.objectContaining({
					positionItemId: returns[k].positionItemId,
					salesOrderId: returns[k].salesOrderId,
					status: 'ACCEPTED',
					condition: 'A',
					outcome: 'applied',
				}),
			);
			expect(json.outcomeNote).toMatch(/^Applied at OTTO although OTTO answered 503 to POST \/v3\/returns\/acceptance: .* as ACCEPTED since /);
		}
		expect(acceptCalls()).toHaveLength(1);
		expect(acceptCalls()[0]).toEqual(expect.objectContaining({ status: 503, applied: true }));
		for (const r of returns) {
			expect(returnOf(r.positionItemId).status).toBe('ACCEPTED');
			expect(refundsOf(r.positionItemId)).toHaveLength(1);
		}
		// The check: the newest accepted returns, 50 a page, until all 120 are found; the open returns are not read.
		expect(returnReads().map((c) => [c.query.status, c.query.page])).toEqual([
			['ACCEPTED', '1'],
			['ACCEPTED', '2'],
			['ACCEPTED', '3'],
		]);

		sim().clearRequests();
		const receipts = sim().data.receipts.length;
		const decidedAt = returns.map((r) => returnOf(r.positionItemId).occurredTime);
		const again = await runWorkflow(workflow, helper());
		expect(again.error).toBeUndefined();
		const rerun = jsonOf(again.output('Otto Market'));
		expect(rerun).toHaveLength(120);
		expect(rerun.every((j) => j.outcome === 'alreadyDone' && j.status === 'ACCEPTED')).toBe(true);
		expect(rerun[0].outcomeNote).toMatch(/^Already done at OTTO: OTTO shows the return of position item .* as ACCEPTED since .*OTTO refused to accept it again: OTTO rejected position item .* \(422\)/);
		expect(acceptCalls().map((c) => c.status)).toEqual([422]);
		expect(sim().data.receipts).toHaveLength(receipts);
		expect(returns.map((r) => returnOf(r.positionItemId).occurredTime)).toEqual(decidedAt);
		expect(returnReads().every((c) => c.query.status === 'ACCEPTED')).toBe(true);
		expect(returnReads()).toHaveLength(3);
	});

	test('450 returns in 3 requests, the second one\'s connection dropped after OTTO applied it: all 450 succeed, only its 200 entries are checked, 3 POSTs in all', async () => {
		const returns = announceReturns(450);
		sim().configure({ faults: [{ type: 'drop', path: '^/v3/returns/acceptance$', method: 'POST', after: true, skip: 1, count: 1 }] });
		const result = await runWorkflow(ottoWorkflow(decision('accept'), asInput(returns)), helper());
		expect(result.error).toBeUndefined();
		const out = jsonOf(result.output('Otto Market'));
		expect(out).toHaveLength(450);
		expect(out.map((j) => j.positionItemId)).toEqual(returns.map((r) => r.positionItemId));
		expect(out.slice(0, 200).every((j) => j.outcome === undefined)).toBe(true);
		expect(out.slice(200, 400).every((j) => j.outcome === 'applied')).toBe(true);
		expect(out.slice(400).every((j) => j.outcome === undefined)).toBe(true);
		expect(String(out[200].outcomeNote)).toContain('Applied at OTTO although the answer to POST /v3/returns/acceptance was lost');
		expect(acceptCalls().map((c) => [c.status, c.applied ?? false])).toEqual([
			[200, false],
			[0, true],
			[200, false],
		]);
		expect(returns.every((r) => returnOf(r.positionItemId).status === 'ACCEPTED' && refundsOf(r.positionItemId).length === 1)).toBe(true);
		// The third request's 50 returns are newer than the checked 200: 250 read, 5 pages.
		expect(returnReads().map((c) => c.query.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
	});

	test('503 before OTTO applied anything: every entry "Not applied", the returns are still ANNOUNCED, nothing refunded', async () => {
		const returns = announceReturns(3);
		const receipts = sim().data.receipts.length;
		sim().configure({ faults: [{ type: '503', path: '^/v3/returns/acceptance$', method: 'POST', count: 1 }] });
		const result = await runWorkflow(ottoWorkflow(decision('accept'), asInput(returns), { continueOnFail: true }), helper());
		const out = jsonOf(result.output('Otto Market'));
		expect(paired(result.output('Otto Market'))).toEqual([0, 1, 2]);
		for (const json of out) {
			expect(json.error).toMatch(/^Not applied: OTTO answered 503 Service unavailable.*\(POST \/v3\/returns\/acceptance\)$/);
			expect(json.description).toContain('is still ANNOUNCED). It is safe to send again.');
		}
		expect(acceptCalls()).toHaveLength(1);
		expect(returns.every((r) => returnOf(r.positionItemId).status === 'ANNOUNCED')).toBe(true);
		expect(sim().data.receipts).toHaveLength(receipts);
		expect(returnReads().some((c) => c.query.status === 'ANNOUNCED')).toBe(true);

		// Without Continue On Fail the node fails, saying so for each entry.
		sim().configure({ faults: [{ type: '503', path: '^/v3/returns/acceptance$', method: 'POST', count: 1 }] });
		const failed = await runWorkflow(ottoWorkflow(decision('accept'), asInput(returns)), helper());
		expect(failed.error?.message).toBe('3 of 3 entries failed');
		expect(failed.error?.description).toContain('item 0: Not applied: OTTO answered 503');
	});

	test('a lost 207: the accepted item is applied, the item without a return is unknown', async () => {
		const [good] = announceReturns(1);
		const missing = { salesOrderId: good.salesOrderId, positionItemId: '0b0e8a77-0000-4000-8000-00000000dead' };
		sim().configure({ faults: [{ type: '502', path: '^/v3/returns/acceptance$', method: 'POST', after: true, count: 1 }] });
		const result = await runWorkflow(ottoWorkflow(decision('accept'), [asInput([good])[0], missing], { continueOnFail: true }), helper());
		const out = jsonOf(result.output('Otto Market'));
		expect(acceptCalls()[0]).toEqual(expect.objectContaining({ status: 502, applied: true }));
		expect(out[0]).toEqual(expect.objectContaining({ positionItemId: good.positionItemId, outcome: 'applied' }));
		expect(out[1].error).toMatch(/^Unknown whether OTTO applied it: OTTO answered 502 Bad gateway.*\(POST \/v3\/returns\/acceptance\)$/);
		expect(out[1].description).toContain(`OTTO lists position item ${missing.positionItemId} neither among the 100 most recently ACCEPTED returns nor among the`);
		expect(out[1].description).toMatch(/nor among the \d+ ANNOUNCED returns nor among the \d+ REJECTED returns\)\. Check it with Return → Get Many/);
		// Most recent accepted returns (2 pages), all open returns, the rejected ones (one page): 2 + 2 + 1 reads.
		expect(returnReads().map((c) => c.query.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ANNOUNCED', 'ANNOUNCED', 'REJECTED']);
	});

	test('Reject: applied, then the connection drops → applied, nothing refunded; a re-run is already done', async () => {
		const returns = announceReturns(2);
		const receipts = sim().data.receipts.length;
		sim().configure({ faults: [{ type: 'drop', path: '^/v3/returns/rejection$', method: 'POST', after: true, count: 1 }] });
		const workflow = ottoWorkflow(decision('reject', { inputMode: 'perItem' }), asInput(returns));
		const first = await runWorkflow(workflow, helper());
		expect(first.error).toBeUndefined();
		const out = jsonOf(first.output('Otto Market'));
		// Only the first request lost its answer; the second succeeded normally.
		expect(out.map((j) => [j.status, j.reason, j.outcome])).toEqual([
			['REJECTED', 'ITEM_DAMAGED', 'applied'],
			['REJECTED', 'ITEM_DAMAGED', undefined],
		]);
		expect(rejectCalls().map((c) => c.status)).toEqual([0, 200]);
		expect(returns.every((r) => returnOf(r.positionItemId).status === 'REJECTED')).toBe(true);
		expect(sim().data.receipts).toHaveLength(receipts);

		sim().clearRequests();
		const again = await runWorkflow(workflow, helper());
		expect(again.error).toBeUndefined();
		expect(jsonOf(again.output('Otto Market')).map((j) => j.outcome)).toEqual(['alreadyDone', 'alreadyDone']);
		expect(rejectCalls().map((c) => c.status)).toEqual([422, 422]);
	});

	test('Reject of returns already accepted: a real failure that says it was decided the other way', async () => {
		const accepted = sim().data.returns
			.filter((r) => r.status === 'ACCEPTED')
			.sort((a, b) => (a.occurredTime < b.occurredTime ? 1 : -1))
			.slice(0, 2);
		const result = await runWorkflow(ottoWorkflow(decision('reject'), asInput(accepted), { continueOnFail: true }), helper());
		const out = jsonOf(result.output('Otto Market'));
		expect(rejectCalls().map((c) => c.status)).toEqual([422]);
		accepted.forEach((r, k) => {
			expect(out[k].error).toBe(`Position item ${r.positionItemId} was not rejected: its return is already ACCEPTED at OTTO`);
			expect(out[k].description).toContain(`OTTO rejected position item ${r.positionItemId} (422)`);
			expect(returnOf(r.positionItemId).status).toBe('ACCEPTED');
		});
		const failed = await runWorkflow(ottoWorkflow(decision('reject'), asInput(accepted)), helper());
		expect(failed.error?.message).toBe('2 of 2 entries failed');
	});
});

// ---------------------------------------------------------------------------------------------------------
// Price reductions

const applyCalls = () => sim().requests({ path: '/v1/price-reductions', method: 'POST' });
const reductionReads = () => sim().requests({ path: '/v1/price-reductions', method: 'GET' });
const reductionsOf = (positionItemId: string) => sim().data.priceReductions.find((r) => r.positionItemId === positionItemId)?.priceReductions ?? [];
const partialRefunds = (positionItemId: string) =>
	sim().data.receipts.filter(
		(rc) => rc.receiptType === 'PARTIAL_REFUND' && rc.lineItems.itemPartialRefundPositions.some((p) => p.positionItemIds.includes(positionItemId)),
	);

/** A shipped item without return or price reduction, worth more than 20 EUR. */
function freshSentItem(): { order: PartnerOrder; item: PositionItem } {
	const busy = new Set([...sim().data.returns, ...sim().data.priceReductions].map((r) => r.positionItemId));
	for (const order of sim().data.orders) {
		for (const item of order.positionItems) {
			if (item.fulfillmentStatus === 'SENT' && !busy.has(item.positionItemId) && item.itemValueGrossPrice.amount > 20) return { order, item };
		}
	}
	throw new Error('no shipped item');
}

const reduce = (order: PartnerOrder, item: PositionItem, amount: number, skipIfAlreadyReduced = true) =>
	ottoWorkflow({ resource: 'priceReduction', operation: 'apply', salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, amount, skipIfAlreadyReduced });

describe('Price Reduction → Apply after an ambiguous failure', () => {
	test('applied, then 503 → applied with OTTO\'s status, exactly one reduction; a re-run is already done (409 when the look-up first is off)', async () => {
		const { order, item } = freshSentItem();
		const invoice = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount;
		const amount = Math.round(invoice * 60) / 100; // 60 %: a second one would exceed what is left
		sim().configure({ faults: [{ type: '503', path: '^/v1/price-reductions$', method: 'POST', after: true, count: 1 }] });
		const first = await runWorkflow(reduce(order, item, amount), helper());
		expect(first.error).toBeUndefined();
		const [out] = jsonOf(first.output('Otto Market'));
		expect(out).toEqual(
			expect.objectContaining({
				salesOrderId: order.salesOrderId,
				positionItemId: item.positionItemId,
				priceReduction: { amount, currency: 'EUR' },
				status: 'INITIATED',
				creationDateTime: expect.any(String),
				outcome: 'applied',
			}),
		);
		expect(out.outcomeNote).toContain(`Applied at OTTO although OTTO answered 503 to POST /v1/price-reductions: OTTO lists a price reduction of ${amount.toFixed(2)} EUR`);
		expect(applyCalls()).toHaveLength(1);
		// one look-up before sending (Skip If Already Reduced), one after the 503
		expect(reductionReads().map((c) => c.query.positionItemId)).toEqual([item.positionItemId, item.positionItemId]);
		expect(reductionsOf(item.positionItemId)).toHaveLength(1);
		expect(partialRefunds(item.positionItemId)).toHaveLength(1);

		sim().clearRequests();
		const again = await runWorkflow(reduce(order, item, amount), helper());
		expect(again.error).toBeUndefined();
		const [rerun] = jsonOf(again.output('Otto Market'));
		expect(rerun.outcome).toBe('alreadyDone');
		expect(rerun.outcomeNote).toContain('Already done at OTTO, nothing sent: OTTO lists a price reduction of');
		expect(applyCalls()).toHaveLength(0);
		expect(reductionsOf(item.positionItemId)).toHaveLength(1);

		// Without the look-up OTTO refuses the repeat (it exceeds what is left): checked, already done.
		sim().clearRequests();
		const refused = await runWorkflow(reduce(order, item, amount, false), helper());
		expect(refused.error).toBeUndefined();
		const [checked] = jsonOf(refused.output('Otto Market'));
		expect(checked.outcome).toBe('alreadyDone');
		expect(checked.outcomeNote).toContain('Already done at OTTO: OTTO lists a price reduction of');
		expect(applyCalls().map((c) => c.status)).toEqual([409]);
		expect(reductionsOf(item.positionItemId)).toHaveLength(1);
		expect(partialRefunds(item.positionItemId)).toHaveLength(1);
	});

	test('a re-run OTTO would accept is already done before anything is sent; with the look-up off a second reduction is granted on purpose', async () => {
		const { order, item } = freshSentItem();
		sim().configure({ faults: [{ type: 'drop', path: '^/v1/price-reductions$', method: 'POST', after: true, count: 1 }] });
		const first = await runWorkflow(reduce(order, item, 2), helper());
		expect(jsonOf(first.output('Otto Market'))[0].outcome).toBe('applied');
		expect(String(jsonOf(first.output('Otto Market'))[0].outcomeNote)).toContain('the answer to POST /v1/price-reductions was lost');

		// 2 EUR are still below what is left: OTTO would accept the same reduction again and refund twice.
		sim().clearRequests();
		const again = await runWorkflow(reduce(order, item, 2), helper());
		expect(again.error).toBeUndefined();
		expect(jsonOf(again.output('Otto Market'))[0].outcome).toBe('alreadyDone');
		expect(applyCalls()).toHaveLength(0);
		expect(reductionsOf(item.positionItemId).map((p) => p.priceReduction.amount)).toEqual([2]);

		// OTTO keeps no request ID: a second reduction of the same amount is granted only when asked for.
		const second = await runWorkflow(reduce(order, item, 2, false), helper());
		expect(second.error).toBeUndefined();
		expect(jsonOf(second.output('Otto Market'))[0]).not.toHaveProperty('outcome');
		expect(reductionsOf(item.positionItemId).map((p) => p.priceReduction.amount)).toEqual([2, 2]);
	});

	test('503 before OTTO applied it: "Not applied", no reduction; a genuine 409 keeps OTTO\'s message', async () => {
		const { order, item } = freshSentItem();
		sim().configure({ faults: [{ type: '503', path: '^/v1/price-reductions$', method: 'POST', count: 1 }] });
		const result = await runWorkflow(reduce(order, item, 3), helper());
		expect(result.error?.message).toMatch(/^Not applied: OTTO answered 503 Service unavailable.*\(POST \/v1\/price-reductions\)$/);
		expect(result.error?.description).toContain('OTTO lists no price reduction of 3.00 EUR for position item');
		expect(reductionsOf(item.positionItemId)).toHaveLength(0);

		const invoice = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount;
		const refused = await runWorkflow(reduce(order, item, invoice), helper());
		expect(refused.error?.message).toContain('OTTO answered 409 Conflict: The price reduction of');
		expect(refused.error?.description).toContain('Checked at OTTO: OTTO lists no price reduction of');
	});
});

// ---------------------------------------------------------------------------------------------------------
// Order cancellations

const cancelCalls = () => sim().requests({ path: /\/cancellation$/, method: 'POST' });
const orderReads = () => sim().requests({ path: /^\/v4\/orders\/[^/]+$/, method: 'GET' });
const fixed = (statuses: string[]): PartnerOrder => {
	const entry = sim().data.info.fixedOrders.find((f) => f.statuses.join() === statuses.join());
	return sim().data.findOrder(entry!.salesOrderId)!;
};
const statusesOf = (order: PartnerOrder) => order.positionItems.map((p) => p.fulfillmentStatus);

describe('Order → Cancel / Cancel Position Items after an ambiguous failure', () => {
	test('Cancel: applied, then 503 → applied (one GET of the order); a re-run (409) is already done', async () => {
		const order = fixed(['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE']);
		sim().configure({ faults: [{ type: '503', path: '/cancellation$', method: 'POST', after: true, count: 1 }] });
		const workflow = ottoWorkflow({ resource: 'order', operation: 'cancel', salesOrderId: order.salesOrderId });
		const first = await runWorkflow(workflow, helper());
		expect(first.error).toBeUndefined();
		const [out] = jsonOf(first.output('Otto Market'));
		expect(out).toEqual(expect.objectContaining({ salesOrderId: order.salesOrderId, cancelled: true, outcome: 'applied' }));
		expect(out.outcomeNote).toContain('has no PROCESSABLE position item left');
		expect(statusesOf(order)).toEqual(['CANCELLED_BY_PARTNER', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_PARTNER']);
		expect(cancelCalls()).toHaveLength(1);
		expect(orderReads()).toHaveLength(1);

		sim().clearRequests();
		const again = await runWorkflow(workflow, helper());
		expect(again.error).toBeUndefined();
		const [rerun] = jsonOf(again.output('Otto Market'));
		expect(rerun).toEqual(expect.objectContaining({ salesOrderId: order.salesOrderId, cancelled: true, outcome: 'alreadyDone' }));
		expect(rerun.outcomeNote).toMatch(/^Already done at OTTO: order .* CANCELLED_BY_PARTNER/);
		expect(cancelCalls().map((c) => c.status)).toEqual([409]);
		expect(orderReads()).toHaveLength(1);
	});

	test('Cancel: 503 before applying → "Not applied"; an order with nothing ever cancelled keeps the 409', async () => {
		const order = fixed(['PROCESSABLE', 'SENT']);
		const sent = fixed(['SENT']);
		sim().configure({ faults: [{ type: '503', path: '/cancellation$', method: 'POST', count: 1 }] });
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'cancel', salesOrderId: '={{ $json.id }}' }, [{ id: order.salesOrderId }, { id: sent.salesOrderId }], {
				continueOnFail: true,
			}),
			helper(),
		);
		const out = jsonOf(result.output('Otto Market'));
		expect(out[0].error).toMatch(/^Not applied: OTTO answered 503 Service unavailable.*\(POST \/v4\/orders\/.*\/cancellation\)$/);
		expect(out[0].description).toContain('still has PROCESSABLE position item');
		expect(out[1].error).toContain('OTTO answered 409 Conflict: The order has no position item in a cancellable state');
		expect(out[1].httpCode).toBe('409');
		expect(out[1].description).toContain('Checked at OTTO: order');
		expect(statusesOf(order)).toEqual(['PROCESSABLE', 'SENT']);
	});

	test('Cancel Position Items: dropped answer after applying → applied; a re-run is accepted by OTTO as it is (no check); a 409 for a sent item stays a failure', async () => {
		const order = fixed(['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE']);
		const [p1, p2] = order.positionItems.map((p) => p.positionItemId);
		sim().configure({ faults: [{ type: 'drop', path: '/cancellation$', method: 'POST', after: true, count: 1 }] });
		const workflow = ottoWorkflow({ resource: 'order', operation: 'cancelPositionItems', salesOrderId: order.salesOrderId, positionItemIds: `${p1},${p2}` });
		const first = await runWorkflow(workflow, helper());
		expect(first.error).toBeUndefined();
		const [out] = jsonOf(first.output('Otto Market'));
		expect(out).toEqual(expect.objectContaining({ salesOrderId: order.salesOrderId, cancelled: true, positionItemIds: [p1, p2], outcome: 'applied' }));
		expect(out.outcomeNote).toContain('was lost');
		expect(statusesOf(order)).toEqual(['CANCELLED_BY_PARTNER', 'CANCELLED_BY_PARTNER', 'PROCESSABLE']);
		expect(orderReads()).toHaveLength(1);

		sim().clearRequests();
		const again = await runWorkflow(workflow, helper());
		expect(jsonOf(again.output('Otto Market'))[0]).toEqual({ salesOrderId: order.salesOrderId, cancelled: true, positionItemIds: [p1, p2] });
		expect(orderReads()).toHaveLength(0);

		const mixed = fixed(['PROCESSABLE', 'SENT', 'RETURNED', 'CANCELLED_BY_PARTNER']);
		const ids = [mixed.positionItems[3].positionItemId, mixed.positionItems[1].positionItemId];
		const refused = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'cancelPositionItems', salesOrderId: mixed.salesOrderId, positionItemIds: ids.join(',') }),
			helper(),
		);
		expect(refused.error?.message).toContain('OTTO answered 409 Conflict: Position item(s) not cancellable');
		expect(refused.error?.description).toContain('Checked at OTTO');
	});
});
