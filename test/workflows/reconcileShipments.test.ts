/**
 * Shipment writes that fail ambiguously (OTTO applied them, then answered 5xx or the answer was lost) or
 * meet a 409 because they were done before: the node never repeats the POST, asks OTTO instead and reports
 * applied / already done / not applied / unknown.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FaultRule } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';
import { createParams, input, multiparcelParams, pickProcessable, shipmentPosts, type Shippable } from './fixtures/shipments';

const { sim, helper } = useSimulator();
const json = (out: INodeExecutionData[]) => out.map((i) => i.json);
const createPosts = () => shipmentPosts(sim());
const checks = () => sim().requests({ path: /^\/v1\/shipments\/carriers\/[^/]+\/trackingnumbers\/[^/]+$/, method: 'GET' });
const orderReads = () => sim().requests({ path: /^\/v4\/orders\/[^/]+$/, method: 'GET' });
const faults = (...rules: FaultRule[]) => sim().configure({ faults: rules });
const processable = (count: number, sameOrder?: boolean) => pickProcessable(sim(), count, sameOrder);

/** Shipments holding the position item, and how often it was invoiced (PURCHASE receipts). */
function shippedTimes(positionItemId: string): { shipments: number; invoiced: number } {
	return {
		shipments: sim().data.shipments.filter((s) => s.positionItems.some((p) => p.positionItemId === positionItemId)).length,
		invoiced: sim().data.receipts
			.filter((r) => r.receiptType === 'PURCHASE')
			.flatMap((r) => r.lineItems.itemPositions.flatMap((p) => p.positionItemIds))
			.filter((id) => id === positionItemId).length,
	};
}

const AFTER_503 = (count: number): FaultRule => ({ type: '503', path: '^/v1/shipments$', method: 'POST', after: true, count });

describe('Shipment → Create: ambiguous failures are checked at OTTO, never repeated', () => {
	test.each([
		['503', '503' as const, /^Applied at OTTO although OTTO answered 503 to POST \/v1\/shipments: shipment .+ with tracking key DHL\/T-0 holds position item /],
		['a dropped connection', 'drop' as const, /^Applied at OTTO although the answer to POST \/v1\/shipments was lost .*: shipment .+ with tracking key DHL\/T-0 holds/],
	])('10 items, OTTO applies 4 and answers %s: all 10 succeed, the 4 as "applied", nothing is sent twice', async (_name, type, note) => {
		const items = processable(10);
		faults({ ...AFTER_503(4), type });
		const result = await runWorkflow(ottoWorkflow(createParams(), items.map((s, n) => input(s, `T-${n}`))), helper());
		expect(result.error).toBeUndefined();

		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(out.map((o) => o.json.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', undefined, undefined, undefined, undefined, undefined, undefined]);
		expect(out[0].json.outcomeNote).toMatch(note);
		for (const [n, item] of out.entries()) {
			// The same shape as a normal success, with the ID OTTO holds for this tracking number.
			const shipment = sim().data.shipments.find((s) => s.trackingKey.trackingNumber === `T-${n}`);
			expect(item.json).toEqual(
				expect.objectContaining({
					shipmentId: shipment?.shipmentId,
					trackingKey: { carrier: 'DHL', trackingNumber: `T-${n}` },
					shipDate: '2026-03-02T09:15:00.000Z',
					shipFromAddress: { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' },
					positionItems: [expect.objectContaining({ positionItemId: items[n].positionItemId })],
				}),
			);
		}

		const posts = createPosts();
		expect(posts).toHaveLength(10);
		expect(posts.filter((p) => p.applied).map((p) => p.fault)).toEqual([type, type, type, type]);
		// One read per failed request, none for the others.
		expect(checks().map((c) => c.path)).toEqual([0, 1, 2, 3].map((n) => `/v1/shipments/carriers/DHL/trackingnumbers/T-${n}`));
		for (const s of items) {
			expect(s.item.fulfillmentStatus).toBe('SENT');
			expect(shippedTimes(s.positionItemId)).toEqual({ shipments: 1, invoiced: 1 });
		}
	});

	test('a 503 before OTTO applied anything: "Not applied" (Continue On Fail), the item stays PROCESSABLE', async () => {
		const [a, b, c] = processable(3);
		faults({ type: '503', path: '^/v1/shipments$', method: 'POST', skip: 1, count: 1 });
		const result = await runWorkflow(
			ottoWorkflow(createParams(), [input(a, 'N-0'), input(b, 'N-1'), input(c, 'N-2')], { continueOnFail: true }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(out[0].json.shipmentId).toEqual(expect.any(String));
		expect(out[0].json.outcome).toBeUndefined();
		expect(out[1].json.error).toMatch(/^Not applied: OTTO answered 503 Service unavailable/);
		expect(out[1].json.description).toContain('OTTO did not apply it (OTTO has no shipment with tracking key DHL/N-1 (404)); it is safe to send again.');
		expect(out[1].json.shipmentId).toBeUndefined();
		expect(out[2].json.shipmentId).toEqual(expect.any(String));
		expect(b.item.fulfillmentStatus).toBe('PROCESSABLE');
		expect(createPosts()).toHaveLength(3);
		expect(checks()).toHaveLength(1);
	});

	test('without Continue On Fail a not-applied item fails the node and says the rest was shipped', async () => {
		const [a, b] = processable(2);
		faults({ type: '503', path: '^/v1/shipments$', method: 'POST', count: 1 });
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(a, 'F-0'), input(b, 'F-1')]), helper());
		expect(result.error?.message).toMatch(/^Not applied: OTTO answered 503/);
		expect(result.error?.description).toContain('it is safe to send again');
		expect(result.error?.description).toContain('1 of 2 items were shipped; item 0 was not.');
		expect(a.item.fulfillmentStatus).toBe('PROCESSABLE');
		expect(b.item.fulfillmentStatus).toBe('SENT');
	});

	test('when the check itself fails, the state is "unknown" and the node fails', async () => {
		const [a, b] = processable(2);
		faults(AFTER_503(1), { type: '500', path: '^/v1/shipments/carriers/', method: 'GET' });
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(a, 'U-0'), input(b, 'U-1')]), helper());
		expect(result.error?.message).toMatch(/^Unknown whether OTTO applied it: OTTO answered 503/);
		expect(result.error?.description).toContain('whether the write took effect could not be confirmed (the check failed: OTTO answered 500');
		expect(result.error?.description).toContain('Check at OTTO before sending it again.');
		expect(result.error?.description).toContain('1 of 2 items were shipped; whether item 0 was shipped is unknown.');
		// It was in fact applied; nothing was sent twice.
		expect(shippedTimes(a.positionItemId)).toEqual({ shipments: 1, invoiced: 1 });
		expect(createPosts()).toHaveLength(2);
	});

	test('running the same workflow again: every item is "alreadyDone" with the same shipmentIds, nothing new is written', async () => {
		const items = processable(6);
		const workflow = ottoWorkflow(createParams(), items.map((s, n) => input(s, `AGAIN-${n}`)));
		faults(AFTER_503(2));
		const first = await runWorkflow(workflow, helper());
		expect(first.error).toBeUndefined();
		const firstIds = first.output('Otto Market').map((o) => o.json.shipmentId);
		expect(firstIds.every((id) => typeof id === 'string')).toBe(true);
		const shipmentsBefore = sim().data.shipments.length;
		const receiptsBefore = sim().data.receipts.length;
		sim().configure({ faults: [] });

		const again = await runWorkflow(workflow, helper());
		expect(again.error).toBeUndefined();
		const out = again.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(out.map((o) => o.json.shipmentId)).toEqual(firstIds);
		expect(out.every((o) => o.json.outcome === 'alreadyDone')).toBe(true);
		expect(out[3].json.outcomeNote).toMatch(/^Already done at OTTO: shipment .+ with tracking key DHL\/AGAIN-3 holds position item/);
		expect(out[3].json.trackingKey).toEqual({ carrier: 'DHL', trackingNumber: 'AGAIN-3' });

		expect(createPosts().slice(6).map((p) => p.status)).toEqual([409, 409, 409, 409, 409, 409]);
		expect(sim().data.shipments).toHaveLength(shipmentsBefore);
		expect(sim().data.receipts).toHaveLength(receiptsBefore);
		for (const s of items) expect(shippedTimes(s.positionItemId)).toEqual({ shipments: 1, invoiced: 1 });
	});

	test('a genuine conflict still fails with OTTO\'s message: the item was sent under another tracking number', async () => {
		const [a] = processable(1);
		expect((await runWorkflow(ottoWorkflow(createParams(), [input(a, 'FIRST')]), helper())).error).toBeUndefined();
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(a, 'SECOND')]), helper());
		expect(result.error?.message).toMatch(/^OTTO answered 409 Conflict: .*is SENT; only PROCESSABLE position items can be shipped \(POST \/v1\/shipments\)$/);
		expect(result.error?.description).toContain('Checked at OTTO: OTTO has no shipment with tracking key DHL/SECOND (404)');
		expect(shippedTimes(a.positionItemId)).toEqual({ shipments: 1, invoiced: 1 });
	});

	test('a genuine conflict: the tracking number is taken by a shipment of other items', async () => {
		const [a, b] = processable(2);
		await runWorkflow(ottoWorkflow(createParams(), [input(a, 'TAKEN')]), helper());
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(b, 'TAKEN')]), helper(), {});
		expect(result.error?.message).toMatch(/409.*tracking key DHL\/TAKEN already exists/);
		expect(result.error?.description).toContain(`does not hold position item ${b.positionItemId}`);
		expect(b.item.fulfillmentStatus).toBe('PROCESSABLE');
	});

	test('combine mode: one read per parcel; all items of an applied parcel succeed; a re-run with one more item is a conflict', async () => {
		const [a, b, c, d] = processable(4, true);
		const [e] = processable(6).filter((s) => s.salesOrderId !== a.salesOrderId);
		const params = createParams({ inputMode: 'combineByTrackingNumber' });
		faults(AFTER_503(1));
		const result = await runWorkflow(
			ottoWorkflow(params, [input(a, 'BOX-1'), input(e, 'BOX-2'), input(b, 'BOX-1'), input(c, 'BOX-1')]),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3]);
		expect(out.map((o) => o.json.outcome)).toEqual(['applied', undefined, 'applied', 'applied']);
		const box1 = sim().data.shipments.find((s) => s.trackingKey.trackingNumber === 'BOX-1');
		expect([out[0], out[2], out[3]].map((o) => o.json.shipmentId)).toEqual([box1?.shipmentId, box1?.shipmentId, box1?.shipmentId]);
		expect(out[2].json.outcomeNote).toContain('holds all 3 position items');
		expect(out[2].json.shipmentPositionItemCount).toBe(3);
		expect((out[2].json.positionItems as IDataObject[]).map((p) => p.positionItemId)).toEqual([b.positionItemId]);
		expect(createPosts()).toHaveLength(2);
		expect(checks()).toHaveLength(1);

		// The same parcel again, now with a fourth item: not the same write, so OTTO's 409 stands.
		sim().configure({ faults: [] });
		const extended = await runWorkflow(
			ottoWorkflow(params, [input(a, 'BOX-1'), input(b, 'BOX-1'), input(c, 'BOX-1'), input(d, 'BOX-1')], { continueOnFail: true }),
			helper(),
		);
		const ext = extended.output('Otto Market');
		expect(ext.every((o) => String(o.json.error).startsWith('OTTO answered 409 Conflict'))).toBe(true);
		expect(ext[0].json.description).toContain(`does not hold position item ${d.positionItemId}`);
		expect(ext[0].json.description).toContain('add the others with Add Position Items');
		expect(ext[0].json.description).toContain('This shipment combined items 0, 1, 2, 3.');
		expect(d.item.fulfillmentStatus).toBe('PROCESSABLE');
	});

	test('a forwarder without tracking number is checked through the order: applied (shipmentId unknown), then not applied', async () => {
		const [a, b] = processable(2);
		faults(AFTER_503(1));
		const applied = await runWorkflow(ottoWorkflow(createParams(), [input(a, '', { carrier: 'DACHSER' })]), helper());
		expect(applied.error).toBeUndefined();
		const out = applied.output('Otto Market')[0].json;
		expect(out.outcome).toBe('applied');
		expect(out.shipmentId).toBeNull();
		expect(out.trackingKey).toEqual({ carrier: 'DACHSER' });
		expect(out.outcomeNote).toContain(`position item ${a.positionItemId} of order ${a.salesOrderId} is SENT with DACHSER`);
		expect(out.outcomeNote).toContain('The shipmentId could not be determined');
		expect(orderReads().map((r) => r.path)).toEqual([`/v4/orders/${a.salesOrderId}`]);
		expect(checks()).toHaveLength(0);

		faults({ type: 'drop', path: '^/v1/shipments$', method: 'POST', count: 1 });
		const refused = await runWorkflow(ottoWorkflow(createParams(), [input(b, '', { carrier: 'DACHSER' })], { continueOnFail: true }), helper());
		const err = refused.output('Otto Market')[0].json;
		expect(err.error).toMatch(/^Not applied: Could not reach OTTO for POST \/v1\/shipments/);
		expect(err.description).toContain(`position item ${b.positionItemId} of order ${b.salesOrderId} is still PROCESSABLE`);
		expect(b.item.fulfillmentStatus).toBe('PROCESSABLE');
		expect(createPosts()).toHaveLength(2);
	});

	test('a forwarder shipment run again is "alreadyDone"; the item shipped on another date is a genuine conflict', async () => {
		const [a] = processable(1);
		const workflow = ottoWorkflow(createParams(), [input(a, '', { carrier: 'DACHSER' })]);
		expect((await runWorkflow(workflow, helper())).error).toBeUndefined();
		const again = await runWorkflow(workflow, helper());
		expect(again.error).toBeUndefined();
		const out = again.output('Otto Market')[0].json;
		expect(out.outcome).toBe('alreadyDone');
		expect(out.shipmentId).toBeNull();

		const otherDay = await runWorkflow(
			ottoWorkflow(createParams({ shipDate: '2026-03-05T10:00:00Z' }), [input(a, '', { carrier: 'DACHSER' })]),
			helper(),
		);
		expect(otherDay.error?.message).toMatch(/^OTTO answered 409 Conflict: .*is SENT/);
		expect(otherDay.error?.description).toContain(`do not show this shipment: ${a.positionItemId} SENT via DACHSER on 2026-03-02T09:15:00.000Z`);
		expect(createPosts().map((p) => p.status)).toEqual([201, 409, 409]);
		expect(shippedTimes(a.positionItemId)).toEqual({ shipments: 1, invoiced: 1 });
	});
});

describe('Shipment → Create Multiparcel: ambiguous failures and re-runs', () => {
	const params = (overrides: IDataObject = {}): IDataObject => multiparcelParams({
		parcels: {
			parcel: [
				{ trackingNumber: '={{ "MP-" + $json.positionItemId.slice(0, 6) + "-1" }}', returnTrackingNumber: 'RMP-1' },
				{ trackingNumber: '={{ "MP-" + $json.positionItemId.slice(0, 6) + "-2" }}', returnTrackingNumber: 'RMP-2' },
				{ trackingNumber: '={{ "MP-" + $json.positionItemId.slice(0, 6) + "-3" }}', returnTrackingNumber: 'RMP-3' },
			],
		},
		...overrides,
	});
	const posts = () => sim().requests({ path: '/v1/multiparcel-shipments', method: 'POST' });
	const split = (s: Shippable) => ({ salesOrderId: s.salesOrderId, positionItemId: s.positionItemId });

	test('applied then a dropped answer: "applied" with each parcel\'s shipmentId; a re-run is "alreadyDone"', async () => {
		const [a] = processable(1);
		faults({ type: 'drop', path: '^/v1/multiparcel-shipments$', method: 'POST', after: true, count: 1 });
		const workflow = ottoWorkflow(params(), [split(a)]);
		const result = await runWorkflow(workflow, helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market')[0].json;
		const ids = sim().data.shipments.filter((s) => s.positionItems.some((p) => p.positionItemId === a.positionItemId));
		expect(ids).toHaveLength(3);
		expect(out.outcome).toBe('applied');
		expect(out.outcomeNote).toContain('all 3 parcels');
		expect(out.outcomeNote).toContain('The multiParcelShipmentId could not be determined');
		expect(out.multiParcelShipmentId).toBeNull();
		expect((out.parcels as IDataObject[]).map((p) => p.shipmentId)).toEqual(ids.map((s) => s.shipmentId));
		expect((out.parcels as IDataObject[])[1]).toEqual({
			shipmentId: ids[1].shipmentId,
			trackingKey: { carrier: 'DHL_FREIGHT', trackingNumber: `MP-${a.positionItemId.slice(0, 6)}-2` },
			returnTrackingKey: { carrier: 'DHL', trackingNumber: 'RMP-2' },
		});
		expect(checks()).toHaveLength(3);

		sim().configure({ faults: [] });
		const shipmentsBefore = sim().data.shipments.length;
		const again = await runWorkflow(workflow, helper());
		expect(again.error).toBeUndefined();
		const rerun = again.output('Otto Market')[0].json;
		expect(rerun.outcome).toBe('alreadyDone');
		expect((rerun.parcels as IDataObject[]).map((p) => p.shipmentId)).toEqual(ids.map((s) => s.shipmentId));
		expect(posts().map((p) => p.status)).toEqual([0, 409]);
		expect(sim().data.shipments).toHaveLength(shipmentsBefore);
		expect(shippedTimes(a.positionItemId).invoiced).toBe(1);
	});

	test('a 503 before applying: "Not applied" after one read; a 503 after applying for the second item: applied', async () => {
		const [a, b] = processable(2);
		faults(
			{ type: '503', path: '^/v1/multiparcel-shipments$', method: 'POST', count: 1 },
			{ type: '503', path: '^/v1/multiparcel-shipments$', method: 'POST', after: true, count: 1 },
		);
		const result = await runWorkflow(ottoWorkflow(params(), [split(a), split(b)], { continueOnFail: true }), helper());
		const out = json(result.output('Otto Market'));
		expect(out[0].error).toMatch(/^Not applied: OTTO answered 503/);
		expect(out[0].description).toContain(`OTTO has no shipment with any of the tracking keys DHL_FREIGHT/MP-${a.positionItemId.slice(0, 6)}-1`);
		expect(a.item.fulfillmentStatus).toBe('PROCESSABLE');
		expect(out[1].outcome).toBe('applied');
		expect(b.item.fulfillmentStatus).toBe('SENT');
		expect(posts()).toHaveLength(2);
		expect(checks()).toHaveLength(3 + 3);
	});

	test('a genuine conflict (the item was already shipped in other parcels) keeps OTTO\'s 409', async () => {
		const [a] = processable(1);
		await runWorkflow(ottoWorkflow(params(), [split(a)]), helper());
		const result = await runWorkflow(
			ottoWorkflow(
				params({
					parcels: {
						parcel: [
							{ trackingNumber: 'OTHER-1', returnTrackingNumber: 'R1' },
							{ trackingNumber: 'OTHER-2', returnTrackingNumber: 'R2' },
						],
					},
				}),
				[split(a)],
			),
			helper(),
		);
		expect(result.error?.message).toMatch(/^OTTO answered 409 Conflict: .*is SENT/);
		expect(result.error?.description).toContain('Checked at OTTO: OTTO has no shipment with any of the tracking keys DHL_FREIGHT/OTHER-1, DHL_FREIGHT/OTHER-2 (404)');
	});
});

describe('Shipment → Add Position Items: ambiguous failures and re-runs', () => {
	const correction = (params: IDataObject): IDataObject => ({
		resource: 'shipment',
		operation: 'addPositionItems',
		returnCarrier: 'HERMES',
		positionItems: createParams().positionItems,
		...params,
	});
	const corrections = () => sim().requests({ path: /\/positionitems$/, method: 'POST' });

	test('applied then 503: "applied"; the same correction again: "alreadyDone"; a 503 before applying: "Not applied"', async () => {
		const [a, b, c] = processable(3);
		await runWorkflow(ottoWorkflow(createParams(), [input(a, 'CORR-1')]), helper());
		const shipment = sim().data.shipments.find((s) => s.trackingKey.trackingNumber === 'CORR-1')!;
		faults({ type: '503', path: '/positionitems$', method: 'POST', after: true, count: 1 });
		const byKey = ottoWorkflow(correction({ getBy: 'trackingKey', carrier: 'DHL', trackingNumber: 'CORR-1' }), [input(b, 'x')]);
		const applied = await runWorkflow(byKey, helper());
		expect(applied.error).toBeUndefined();
		const out = applied.output('Otto Market')[0].json;
		expect(out).toEqual(
			expect.objectContaining({ trackingKey: { carrier: 'DHL', trackingNumber: 'CORR-1' }, added: 1, outcome: 'applied' }),
		);
		expect(out.outcomeNote).toMatch(new RegExp(`^Applied at OTTO although OTTO answered 503 to POST .*: shipment ${shipment.shipmentId} holds position item ${b.positionItemId}`));
		expect(checks().map((r) => r.path)).toEqual(['/v1/shipments/carriers/DHL/trackingnumbers/CORR-1']);

		sim().configure({ faults: [] });
		const again = await runWorkflow(byKey, helper());
		expect(again.error).toBeUndefined();
		expect(again.output('Otto Market')[0].json.outcome).toBe('alreadyDone');
		expect(shippedTimes(b.positionItemId)).toEqual({ shipments: 1, invoiced: 1 });

		faults({ type: '503', path: '/positionitems$', method: 'POST', count: 1 });
		const byId = await runWorkflow(
			ottoWorkflow(correction({ getBy: 'shipmentId', shipmentId: shipment.shipmentId }), [input(c, 'y')], { continueOnFail: true }),
			helper(),
		);
		const failed = byId.output('Otto Market')[0].json;
		expect(failed.error).toMatch(/^Not applied: OTTO answered 503/);
		expect(failed.description).toContain(`shipment ${shipment.shipmentId} does not hold position item ${c.positionItemId}`);
		expect(sim().requests({ path: `/v1/shipments/${shipment.shipmentId}`, method: 'GET' })).toHaveLength(1);
		expect(c.item.fulfillmentStatus).toBe('PROCESSABLE');
		expect(corrections().map((r) => r.status)).toEqual([503, 409, 503]);
		expect(sim().data.shipmentsById.get(shipment.shipmentId)?.positionItems.map((p) => p.positionItemId)).toEqual([a.positionItemId, b.positionItemId]);
	});

	test('a genuine conflict: the item is already part of ANOTHER shipment, OTTO\'s 409 stands', async () => {
		const [a, b] = processable(2);
		await runWorkflow(ottoWorkflow(createParams(), [input(a, 'ONE'), input(b, 'TWO')]), helper());
		const result = await runWorkflow(
			ottoWorkflow(correction({ getBy: 'trackingKey', carrier: 'DHL', trackingNumber: 'ONE' }), [input(b, 'z')]),
			helper(),
		);
		expect(result.error?.message).toMatch(/^OTTO answered 409 Conflict: .*is SENT/);
		expect(result.error?.description).toContain(`Checked at OTTO: shipment `);
		expect(result.error?.description).toContain(`does not hold position item ${b.positionItemId}`);
	});
});
