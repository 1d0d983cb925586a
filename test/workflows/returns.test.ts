import type { IDataObject } from 'n8n-workflow';

import type { ReturnPositionItem } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';
import { acceptRequests, announceNewReturns, asInput, decision, findReturn, rejectRequests } from './fixtures/returns';

const { sim, helper } = useSimulator();

const listCalls = () => sim().requests({ path: /^\/v3\/returns$/, method: 'GET' });
const acceptCalls = () => acceptRequests(sim());
const rejectCalls = () => rejectRequests(sim());
const sentItems = (call: { body?: unknown }) => (call.body as { positionItems: IDataObject[] }).positionItems;

const announced = () => sim().data.returns.filter((r) => r.status === 'ANNOUNCED');
const returnOf = (positionItemId: string) => findReturn(sim(), positionItemId);
const announceReturns = (count: number) => announceNewReturns(sim(), count);

describe('Return → Get Many', () => {
	test('Return All pages past 50 (page numbers from 1, following the next links) and keeps every return once', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'return', operation: 'getAll', status: 'any', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		const total = sim().data.returns.length;
		expect(total).toBeGreaterThan(100);
		expect(out).toHaveLength(total);
		expect(new Set(out.map((r) => r.positionItemId)).size).toBe(total);
		const pages = listCalls();
		expect(pages.length).toBe(Math.ceil(total / 50));
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages.map((p) => p.query.page)).toEqual(pages.map((_, k) => String(k + 1)));
		expect(pages.every((p) => p.query.limit === '50' && p.query.status === undefined)).toBe(true);
	});

	test('status filter reaches OTTO and the answer respects it', async () => {
		announceReturns(60); // more announced returns than one page holds
		const result = await runWorkflow(ottoWorkflow({ resource: 'return', operation: 'getAll', status: 'ANNOUNCED', returnAll: true }), helper());
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out).toHaveLength(announced().length);
		expect(out.every((r) => r.status === 'ANNOUNCED')).toBe(true);
		expect(listCalls().every((p) => p.query.status === 'ANNOUNCED')).toBe(true);
		expect(listCalls().length).toBe(Math.ceil(announced().length / 50));
	});

	test('Limit shrinks the page and stops early; each input item is its own list', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'return', operation: 'getAll', status: '={{ $json.status }}', returnAll: false, limit: '={{ $json.limit }}' }, [
				{ status: 'ACCEPTED', limit: 7 },
				{ status: 'REJECTED', limit: 60 },
			]),
			helper(),
		);
		const out = result.output('Otto Market');
		const rejected = sim().data.returns.filter((r) => r.status === 'REJECTED').length;
		expect(out.filter((i) => (i.pairedItem as { item: number }).item === 0)).toHaveLength(7);
		expect(out.filter((i) => (i.pairedItem as { item: number }).item === 1)).toHaveLength(Math.min(60, rejected));
		expect(out.slice(0, 7).every((i) => i.json.status === 'ACCEPTED')).toBe(true);
		expect(listCalls().map((p) => [p.query.status, p.query.limit])).toEqual([
			['ACCEPTED', '7'],
			['REJECTED', '50'],
		]);
	});
});

describe('Return → Accept', () => {
	test('combined: all input items in one request; accepted items are refunded and marked RETURNED', async () => {
		const returns = announced().slice(0, 3);
		const receiptsBefore = sim().data.receipts.length;
		const result = await runWorkflow(
			ottoWorkflow(decision('accept', { additionalFields: { condition: 'B', acceptanceReason: 'RETURN_RECEIVED' } }), asInput(returns)),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json.positionItemId)).toEqual(returns.map((r) => r.positionItemId));
		expect(out.every((i) => i.json.status === 'ACCEPTED' && i.json.condition === 'B' && i.json.reason === 'RETURN_RECEIVED')).toBe(true);
		expect(paired(out)).toEqual([0, 1, 2]);

		expect(acceptCalls()).toHaveLength(1);
		expect(acceptCalls()[0].status).toBe(200);
		expect(sentItems(acceptCalls()[0])).toEqual(
			returns.map((r) => ({ positionItemId: r.positionItemId, salesOrderId: r.salesOrderId, condition: 'B', reason: 'RETURN_RECEIVED' })),
		);
		for (const r of returns) {
			expect(returnOf(r.positionItemId).status).toBe('ACCEPTED');
			expect(sim().data.findPositionItem(r.positionItemId)?.item.fulfillmentStatus).toBe('RETURNED');
			const refund = sim().data.receipts.find(
				(rc) => rc.receiptType === 'REFUND' && rc.lineItems.itemPositions.some((p) => p.positionItemIds.includes(r.positionItemId)),
			);
			expect(refund?.linkedReceiptNumber).toEqual(expect.any(String));
		}
		expect(sim().data.receipts.length).toBeGreaterThan(receiptsBefore);
	});

	test('450 returns from 450 input items: exactly 3 requests (200 + 200 + 50), every item out once and in order', async () => {
		const returns = announceReturns(450);
		const result = await runWorkflow(ottoWorkflow(decision('accept'), asInput(returns)), helper());
		expect(result.error).toBeUndefined();
		const calls = acceptCalls();
		expect(calls).toHaveLength(3);
		expect(calls.map((c) => sentItems(c).length)).toEqual([200, 200, 50]);
		const out = result.output('Otto Market');
		expect(out).toHaveLength(450);
		expect(paired(out)).toEqual(returns.map((_, k) => k));
		expect(out.map((i) => i.json.positionItemId)).toEqual(returns.map((r) => r.positionItemId));
		expect(returns.every((r) => returnOf(r.positionItemId).status === 'ACCEPTED')).toBe(true);
	});

	test('several position items of one order in one input item (comma-separated)', async () => {
		const [a, b] = announceReturns(40).reduce<ReturnPositionItem[][]>((groups, r) => {
			const group = groups.find((g) => g[0].salesOrderId === r.salesOrderId);
			if (group) group.push(r);
			else groups.push([r]);
			return groups;
		}, []).find((g) => g.length >= 2) as ReturnPositionItem[];
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'return', operation: 'accept', salesOrderId: a.salesOrderId, positionItemIds: `${a.positionItemId}, ${b.positionItemId}` }),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json.positionItemId)).toEqual([a.positionItemId, b.positionItemId]);
		expect(paired(out)).toEqual([0, 0]);
		expect(sentItems(acceptCalls()[0])).toHaveLength(2);
	});

	describe('207: some position items unknown or not announced', () => {
		const setup = () => {
			const [good] = announced();
			const decided = sim().data.returns.find((r) => r.status === 'ACCEPTED') as ReturnPositionItem;
			const unknown = { salesOrderId: good.salesOrderId, positionItemId: '0b0e8a77-0000-4000-8000-00000000dead' };
			return { good, decided, input: [asInput([good])[0], unknown, asInput([decided])[0]] };
		};

		test('Continue On Fail: the accepted item comes out, the unknown one as an error item with OTTO\'s reason and logref, the one accepted before as already done', async () => {
			const { good, decided, input } = setup();
			const result = await runWorkflow(ottoWorkflow(decision('accept'), input, { continueOnFail: true }), helper());
			expect(result.error).toBeUndefined();
			expect(acceptCalls()).toHaveLength(1);
			expect(acceptCalls()[0].status).toBe(207);
			const out = result.output('Otto Market');
			expect(paired(out)).toEqual([0, 1, 2]);
			expect(out[0].json).toEqual(expect.objectContaining({ positionItemId: good.positionItemId, status: 'ACCEPTED' }));
			expect(out[1].json.error).toContain(input[1].positionItemId);
			expect(out[1].json.error).toContain('No return exists');
			// OTTO refused to accept it again because it is ACCEPTED already: a repeated write, reported as done.
			expect(out[2].json).toEqual(expect.objectContaining({ positionItemId: decided.positionItemId, status: 'ACCEPTED', outcome: 'alreadyDone' }));
			expect(out[2].json.outcomeNote).toContain('is ACCEPTED');
			expect(String(out[1].json.error) + String(out[1].json.description ?? '')).toMatch(/logref [0-9a-f-]{36}/);
			expect(returnOf(good.positionItemId).status).toBe('ACCEPTED');
		});

		test('without Continue On Fail: one error listing every failed item; the accepted one stays accepted', async () => {
			const { good, decided, input } = setup();
			const result = await runWorkflow(ottoWorkflow(decision('accept'), input), helper());
			// The item accepted before is already done, not a failure.
			expect(result.error?.message).toBe('1 of 3 entries failed (the other 2 succeeded at OTTO)');
			expect(result.error?.description).toContain(`item 1: OTTO rejected position item ${input[1].positionItemId}`);
			expect(result.error?.description).not.toContain(decided.positionItemId);
			expect(returnOf(good.positionItemId).status).toBe('ACCEPTED');
		});
	});

	test('422 when every item fails: each input item gets its own reason', async () => {
		// Misdirected returns cannot be decided (returns already accepted would be reported as already done).
		const misdirected = sim().data.returns.filter((r) => r.status === 'MISDIRECTED').slice(0, 2);
		const result = await runWorkflow(ottoWorkflow(decision('accept'), asInput(misdirected), { continueOnFail: true }), helper());
		expect(acceptCalls()[0].status).toBe(422);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1]);
		misdirected.forEach((r, k) => {
			expect(out[k].json.error).toContain(`OTTO rejected position item ${r.positionItemId} (422)`);
			expect(out[k].json.error).toContain('only ANNOUNCED returns');
		});
	});

	test('Continue On Fail with mixed good and bad input: invalid items fail before sending, the rest is accepted', async () => {
		const [a, b] = announced();
		const input = [
			{ salesOrderId: '', positionItemId: a.positionItemId },
			{ salesOrderId: b.salesOrderId, positionItemId: b.positionItemId },
			{ salesOrderId: a.salesOrderId, positionItemId: a.positionItemId, condition: 'Z' },
			{ salesOrderId: b.salesOrderId, positionItemId: b.positionItemId },
		];
		const params = decision('accept', { additionalFields: { condition: '={{ $json.condition ?? "A" }}' } });
		const result = await runWorkflow(ottoWorkflow(params, input, { continueOnFail: true }), helper());
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3]);
		expect(out[0].json.error).toContain('Invalid "Sales Order ID"');
		expect(out[1].json).toEqual(expect.objectContaining({ positionItemId: b.positionItemId, status: 'ACCEPTED', condition: 'A' }));
		expect(out[2].json.error).toContain('Invalid "Condition"');
		// the same position item again: sent once, and both input items get OTTO's answer
		expect(out[3].json).toEqual(out[1].json);
		expect(acceptCalls()).toHaveLength(1);
		expect(sentItems(acceptCalls()[0]).map((p) => p.positionItemId)).toEqual([b.positionItemId]);
	});

	test('invalid input without Continue On Fail: nothing is sent', async () => {
		const [a] = announced();
		const result = await runWorkflow(
			ottoWorkflow(decision('accept'), [asInput([a])[0], { salesOrderId: a.salesOrderId, positionItemId: ' , ' }]),
			helper(),
		);
		expect(result.error?.message).toContain('Invalid "Position Item IDs"');
		expect(result.error?.description).toContain('Nothing was sent to OTTO.');
		expect(acceptCalls()).toHaveLength(0);
		expect(returnOf(a.positionItemId).status).toBe('ANNOUNCED');
	});
});

describe('Return → Reject', () => {
	test('one request per item, each with its own reason and condition; nothing refunded', async () => {
		const [a, b] = announced();
		const receiptsBefore = sim().data.receipts.length;
		const result = await runWorkflow(
			ottoWorkflow(
				decision('reject', {
					inputMode: 'perItem',
					rejectionReason: '={{ $json.reason }}',
					additionalFields: { condition: '={{ $json.condition }}' },
				}),
				[
					{ ...asInput([a])[0], reason: 'ITEM_DAMAGED', condition: 'D' },
					{ ...asInput([b])[0], reason: 'RETURN_PERIOD_EXCEEDED', condition: 'A' },
				],
			),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out).toEqual([
			expect.objectContaining({ positionItemId: a.positionItemId, status: 'REJECTED', reason: 'ITEM_DAMAGED', condition: 'D' }),
			expect.objectContaining({ positionItemId: b.positionItemId, status: 'REJECTED', reason: 'RETURN_PERIOD_EXCEEDED', condition: 'A' }),
		]);
		expect(rejectCalls().map((c) => sentItems(c))).toEqual([
			[{ positionItemId: a.positionItemId, salesOrderId: a.salesOrderId, condition: 'D', reason: 'ITEM_DAMAGED' }],
			[{ positionItemId: b.positionItemId, salesOrderId: b.salesOrderId, condition: 'A', reason: 'RETURN_PERIOD_EXCEEDED' }],
		]);
		expect(returnOf(a.positionItemId).details.reason).toBe('ITEM_DAMAGED');
		expect(sim().data.findPositionItem(a.positionItemId)?.item.fulfillmentStatus).toBe('SENT');
		expect(sim().data.receipts.length).toBe(receiptsBefore);
	});

	test('an unknown rejection reason is refused before sending', async () => {
		const [a] = announced();
		const result = await runWorkflow(ottoWorkflow(decision('reject', { rejectionReason: 'CHANGED_MY_MIND' }), asInput([a])), helper());
		expect(result.error?.message).toContain('Invalid "Rejection Reason"');
		expect(rejectCalls()).toHaveLength(0);
	});
});
