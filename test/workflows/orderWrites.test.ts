import type { IDataObject } from 'n8n-workflow';

import { TEST_ORDER_SCENARIOS, type PartnerOrder } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

const { sim, helper } = useSimulator();

const cancelCalls = () => sim().requests({ path: /\/cancellation$/, method: 'POST' });
const testOrderCalls = () => sim().requests({ path: /^\/v4\/orders\/testorders/ });

/** The seed's fixed orders (statuses in FIXED_ORDER_STATUSES order). */
const fixed = (statuses: string[]): PartnerOrder => {
	const entry = sim().data.info.fixedOrders.find((f) => f.statuses.join() === statuses.join());
	return sim().data.findOrder(entry!.salesOrderId)!;
};
const statusesOf = (order: PartnerOrder) => order.positionItems.map((p) => p.fulfillmentStatus);

describe('Order → Cancel', () => {
	test('cancels the processable items of each input item\'s order; Continue On Fail reports the 409 of an order without any', async () => {
		const open = fixed(['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE']);
		const sent = fixed(['SENT']);
		const mixed = fixed(['PROCESSABLE', 'SENT']);
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'cancel', salesOrderId: '={{ $json.id }}' }, [{ id: open.salesOrderId }, { id: sent.salesOrderId }, { id: mixed.salesOrderId }], {
				continueOnFail: true,
			}),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(out[0].json).toEqual({ salesOrderId: open.salesOrderId, cancelled: true });
		expect(out[1].json.httpCode).toBe('409');
		expect(out[1].json.error).toContain('OTTO answered 409 Conflict');
		expect(out[1].json.description).toMatch(/logref [0-9a-f-]{36}/);
		expect(out[2].json).toEqual({ salesOrderId: mixed.salesOrderId, cancelled: true });
		expect(cancelCalls().map((c) => c.path)).toEqual([open, sent, mixed].map((o) => `/v4/orders/${o.salesOrderId}/cancellation`));
		expect(statusesOf(open)).toEqual(['CANCELLED_BY_PARTNER', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_PARTNER']);
		expect(statusesOf(sent)).toEqual(['SENT']);
		expect(statusesOf(mixed)).toEqual(['CANCELLED_BY_PARTNER', 'SENT']);
	});

	test('without Continue On Fail the 409 stops the run on that item; a missing ID is refused before sending', async () => {
		const sent = fixed(['SENT']);
		const conflict = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'cancel', salesOrderId: sent.salesOrderId }), helper());
		expect(conflict.error?.message).toContain('OTTO answered 409 Conflict: The order has no position item in a cancellable state');
		expect(conflict.error?.context?.itemIndex).toBe(0);

		sim().clearRequests();
		const missing = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'cancel', salesOrderId: '  ' }), helper());
		expect(missing.error?.message).toContain('Invalid "Sales Order ID"');
		expect(cancelCalls()).toHaveLength(0);
	});
});

describe('Order → Cancel Position Items', () => {
	test('one or many IDs, comma-separated in one path segment, each ID encoded', async () => {
		const three = fixed(['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE']);
		const [p1, p2] = three.positionItems.map((p) => p.positionItemId);
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'cancelPositionItems', salesOrderId: three.salesOrderId, positionItemIds: `${p1}, ${p2},${p1}` }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market')[0].json).toEqual({ salesOrderId: three.salesOrderId, cancelled: true, positionItemIds: [p1, p2] });
		expect(cancelCalls().map((c) => c.path)).toEqual([`/v4/orders/${three.salesOrderId}/positionItems/${p1},${p2}/cancellation`]);
		expect(statusesOf(three)).toEqual(['CANCELLED_BY_PARTNER', 'CANCELLED_BY_PARTNER', 'PROCESSABLE']);
	});

	test('a list from an expression works; 409 when one item is already sent and nothing is cancelled', async () => {
		const mixed = fixed(['PROCESSABLE', 'SENT']);
		const ids = mixed.positionItems.map((p) => p.positionItemId);
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'cancelPositionItems', salesOrderId: mixed.salesOrderId, positionItemIds: '={{ $json.ids }}' }, [
				{ ids },
				{ ids: [ids[0]] },
			], { continueOnFail: true }),
			helper(),
		);
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out[0].httpCode).toBe('409');
		expect(out[0].error).toContain(`${ids[1]} (SENT)`);
		expect(out[1]).toEqual({ salesOrderId: mixed.salesOrderId, cancelled: true, positionItemIds: [ids[0]] });
		expect(statusesOf(mixed)).toEqual(['CANCELLED_BY_PARTNER', 'SENT']);
	});

	test('IDs with path characters cannot change the route', async () => {
		const order = fixed(['PROCESSABLE']);
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'cancelPositionItems', salesOrderId: order.salesOrderId, positionItemIds: '../../x?y=1' }, [{}], {
				continueOnFail: true,
			}),
			helper(),
		);
		expect(result.output('Otto Market')[0].json.httpCode).toBe('404');
		expect(cancelCalls().map((c) => c.path)).toEqual([`/v4/orders/${order.salesOrderId}/positionItems/%2E%2E%2F%2E%2E%2Fx%3Fy%3D1/cancellation`]);
		expect(statusesOf(order)).toEqual(['PROCESSABLE']);
	});
});

describe('Sandbox → Generate Test Orders', () => {
	test('all scenarios: one request, every created order comes out', async () => {
		const before = sim().data.orders.length;
		const result = await runWorkflow(ottoWorkflow({ resource: 'sandbox', operation: 'generateTestOrders', scenario: 'all' }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out).toHaveLength(TEST_ORDER_SCENARIOS.length);
		expect(sim().data.orders.length).toBe(before + TEST_ORDER_SCENARIOS.length);
		expect(out.every((o) => sim().data.findOrder(String(o.salesOrderId)))).toBe(true);
		expect(testOrderCalls().map((c) => [c.method, c.path])).toEqual([['POST', '/v4/orders/testorders']]);
	});

	test('one scenario per input item', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'sandbox', operation: 'generateTestOrders', scenario: '={{ $json.n }}' }, [{ n: '7' }, { n: '8' }]),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1]);
		expect(out.map((i) => (i.json.positionItems as IDataObject[])[0].fulfillmentStatus)).toEqual(['ANNOUNCED', 'CANCELLED_BY_MARKETPLACE']);
		expect(testOrderCalls().map((c) => c.path)).toEqual(['/v4/orders/testorders/scenario7', '/v4/orders/testorders/scenario8']);
	});

	test('a production credential is refused with the reason before anything is sent', async () => {
		const before = sim().data.orders.length;
		// A production credential points at api.otto.market: any request would first need a token from there.
		const prod = helper({ environment: 'production' });
		const result = await runWorkflow(ottoWorkflow({ resource: 'sandbox', operation: 'generateTestOrders', scenario: 'all' }), prod);
		expect(result.error?.message).toBe('Test orders can only be generated in the OTTO sandbox, but the credential points at production');
		expect(result.error?.description).toContain('Nothing was sent to OTTO');
		expect(prod.stats.preAuthentications).toBe(0);
		expect(sim().data.orders.length).toBe(before);

		const tolerantHelper = helper({ environment: 'production' });
		const tolerant = await runWorkflow(
			ottoWorkflow({ resource: 'sandbox', operation: 'generateTestOrders', scenario: '3' }, [{}, {}], { continueOnFail: true }),
			tolerantHelper,
		);
		const out = tolerant.output('Otto Market');
		expect(paired(out)).toEqual([0, 1]);
		expect(out.every((i) => String(i.json.error).includes('credential points at production'))).toBe(true);
		expect(tolerantHelper.stats.preAuthentications).toBe(0);
		expect(sim().requests()).toHaveLength(0);
	});

	test('an unknown scenario is refused before sending', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'sandbox', operation: 'generateTestOrders', scenario: '9' }), helper());
		expect(result.error?.message).toContain('Invalid "Scenario"');
		expect(testOrderCalls()).toHaveLength(0);
	});
});
