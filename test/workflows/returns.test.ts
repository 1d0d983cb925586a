import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { splitDecisionAnswer, splitDecisionFailure } from '../../nodes/OttoMarket/helpers/returns';
import { nextPage } from '../../nodes/OttoMarket/transport/pagination';
import { startSimulator, type OttoSimulator, type ReturnPositionItem } from '../otto-simulator';
import { createCredentialsHelper, ottoCredentials, ottoWorkflow, runWorkflow } from '../harness';
import { acceptRequests, announceNewReturns, asInput, decision, findReturn, rejectRequests } from './fixtures/returns';

let sim: OttoSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
});

const helper = () => createCredentialsHelper(ottoCredentials(sim.url));
const listCalls = () => sim.requests({ path: /^\/v3\/returns$/, method: 'GET' });
const acceptCalls = () => acceptRequests(sim);
const rejectCalls = () => rejectRequests(sim);
const paired = (out: INodeExecutionData[]) => out.map((i) => (i.pairedItem as { item: number }).item);
const sentItems = (call: { body?: unknown }) => (call.body as { positionItems: IDataObject[] }).positionItems;

const announced = () => sim.data.returns.filter((r) => r.status === 'ANNOUNCED');
const returnOf = (positionItemId: string) => findReturn(sim, positionItemId);
const announceReturns = (count: number) => announceNewReturns(sim, count);

describe('Return → Get Many', () => {
	test('Return All pages past 50 (page numbers from 1, following the next links) and keeps every return once', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'return', operation: 'getAll', status: 'any', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		const total = sim.data.returns.length;
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
		const rejected = sim.data.returns.filter((r) => r.status === 'REJECTED').length;
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
		const receiptsBefore = sim.data.receipts.length;
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
			expect(sim.data.findPositionItem(r.positionItemId)?.item.fulfillmentStatus).toBe('RETURNED');
			const refund = sim.data.receipts.find(
				(rc) => rc.receiptType === 'REFUND' && rc.lineItems.itemPositions.some((p) => p.positionItemIds.includes(r.positionItemId)),
			);
			expect(refund?.linkedReceiptNumber).toEqual(expect.any(String));
		}
		expect(sim.data.receipts.length).toBeGreaterThan(receiptsBefore);
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
			const decided = sim.data.returns.find((r) => r.status === 'ACCEPTED') as ReturnPositionItem;
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
		const misdirected = sim.data.returns.filter((r) => r.status === 'MISDIRECTED').slice(0, 2);
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
		expect(out[3].json.error).toContain(`Position item ${b.positionItemId} is already in input item 1`);
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
		const receiptsBefore = sim.data.receipts.length;
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
		expect(sim.data.findPositionItem(a.positionItemId)?.item.fulfillmentStatus).toBe('SENT');
		expect(sim.data.receipts.length).toBe(receiptsBefore);
	});

	test('an unknown rejection reason is refused before sending', async () => {
		const [a] = announced();
		const result = await runWorkflow(ottoWorkflow(decision('reject', { rejectionReason: 'CHANGED_MY_MIND' }), asInput([a])), helper());
		expect(result.error?.message).toContain('Invalid "Rejection Reason"');
		expect(rejectCalls()).toHaveLength(0);
	});
});

describe('splitting OTTO answers (what the simulator does not vary)', () => {
	const sent = [
		{ positionItemId: 'p-1', salesOrderId: 's' },
		{ positionItemId: 'p-12', salesOrderId: 's' },
		{ positionItemId: 'p-3', salesOrderId: 's' },
	];

	test('a 207 item named in neither results nor errors is reported, not dropped', () => {
		const split = splitDecisionAnswer(sent, 207, {
			results: [{ positionItemId: 'p-12' }],
			errors: [{ title: 'Invalid', detail: "item 'p-1' is not announced", logref: 'abc' }],
		});
		expect(split[0]).toEqual({ ok: false, message: "OTTO rejected position item p-1: Invalid: item 'p-1' is not announced (logref abc)" });
		expect(split[1]).toEqual({ ok: true, result: { positionItemId: 'p-12' } });
		expect(split[2]).toEqual(expect.objectContaining({ ok: false, message: expect.stringContaining('neither confirmed nor rejected position item p-3') }));
	});

	test('errors pointing at a body index and results without IDs are still matched', () => {
		const split = splitDecisionAnswer(sent, 207, { results: [{}, {}], errors: { errors: [{ title: 'Bad', path: '$.positionItems[1]' }] } });
		expect(split.map((s) => s.ok)).toEqual([true, false, true]);
	});

	test('413: every item of the request fails with the readable message', () => {
		const failures = splitDecisionFailure(sent, {
			message: 'OTTO answered 413 Too many items in one request (POST /v3/returns/acceptance)',
			description: 'Payload Too Large: positionItems: at most 200 position items per request (logref x)',
			httpCode: '413',
		});
		expect(failures).toHaveLength(3);
		expect(failures.every((f) => f.message.startsWith('OTTO answered 413 Too many items in one request'))).toBe(true);
		expect(failures[0].description).toContain('OTTO rejected the whole request');
	});

	test('pages without links continue by page number while full; links win when present, keeping their own host (which the transport refuses unless it is the API host)', () => {
		const ctx = { baseUrl: 'http://otto.test', pageItemCount: 50, pageSize: 50, sizeParam: 'limit' };
		const paging = { style: 'page', param: 'page', first: 1 } as const;
		const current = { method: 'GET' as const, path: '/v3/returns', qs: { page: 1, limit: 50 } };
		expect(nextPage({ positionItems: [] }, current, paging, ctx)).toEqual({ path: '/v3/returns', qs: { page: 2, limit: 50 } });
		expect(nextPage({ positionItems: [] }, { ...current, qs: { page: 2, limit: 50 } }, paging, { ...ctx, pageItemCount: 20 })).toBeUndefined();
		expect(nextPage({ links: [] }, current, paging, ctx)).toBeUndefined();
		expect(nextPage({ links: [{ rel: 'next', href: '/v3/returns?cursor=abc' }] }, current, paging, ctx)).toEqual({
			path: 'http://otto.test/v3/returns',
			qs: { cursor: 'abc', limit: 50 },
		});
		// Not rewritten onto the API host: ottoRequest refuses it before sending (test/unit/transport).
		expect(nextPage({ links: [{ rel: 'next', href: 'https://elsewhere.example/v3/returns?cursor=abc' }] }, current, paging, ctx)).toEqual({
			path: 'https://elsewhere.example/v3/returns',
			qs: { cursor: 'abc', limit: 50 },
		});
	});
});
