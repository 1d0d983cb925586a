/**
 * Order → Get's "From List" mode: the list search behind it (recent orders, load more, typed text) and the
 * value it leaves in the workflow, executed like the other modes.
 */
import { randomUUID } from 'node:crypto';

import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, ILoadOptionsFunctions, INode, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { listSearch } from '../../nodes/OttoMarket/methods';
import { OttoMarket } from '../../nodes/OttoMarket/OttoMarket.node';
import { CREDENTIAL_ID, nodeTypes, ottoWorkflow, runWorkflow, useSimulator } from '../harness';
import type { PartnerOrder } from '../otto-simulator/model';

const { sim, helper: helperFor } = useSimulator();

const orderPages = () => sim().requests({ path: /^\/v4\/orders$/, method: 'GET' });
const orderLookups = () => sim().requests({ path: /^\/v4\/orders\/[^/]+$/, method: 'GET' });

/** n8n-core's own load-options context for an Order → Get node, with the harness's credentials. */
function loadOptionsContext(): ILoadOptionsFunctions {
	const node: INode = {
		id: randomUUID(),
		name: 'Otto Market',
		type: 'n8n-nodes-otto-market.ottoMarket',
		typeVersion: 2,
		position: [0, 0],
		parameters: { resource: 'order', operation: 'get' },
		credentials: { ottoMarketOAuth2Api: { id: CREDENTIAL_ID, name: 'OTTO Market (test)' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = { credentialsHelper: helperFor(), restApiUrl: 'http://127.0.0.1:5678/rest', variables: {} };
	return new LoadOptionsContext(workflow, node, additionalData as unknown as IWorkflowExecuteAdditionalData, 'parameters.orderId');
}

/** The simulator's orders, most recently changed first (what `orderDirection=DESC` lists). */
function newestFirst(): PartnerOrder[] {
	const date = (o: PartnerOrder) => o.orderLifecycleInformation.lifecycleChangeDate;
	return sim()
		.data.orders.slice()
		.sort((a, b) => date(b).localeCompare(date(a)) || b.salesOrderId.localeCompare(a.salesOrderId));
}

const statusesOf = (order: PartnerOrder) => new Set(order.positionItems.map((item) => item.fulfillmentStatus));

describe('Order → Get: "From List"', () => {
	test('the order locator offers From List next to the ID and order number modes, which stay as they were', () => {
		const locator = new OttoMarket().description.properties.find(
			(p) => p.name === 'orderId' && p.displayOptions?.show?.resource?.includes('order'),
		);
		expect(locator?.type).toBe('resourceLocator');
		expect(locator?.modes?.map((m) => m.name)).toEqual(['list', 'id', 'orderNumber']);
		expect(locator?.modes?.[0].typeOptions).toEqual({ searchListMethod: 'searchOrders', searchable: true });
		expect(listSearch.searchOrders).toEqual(expect.any(Function));
	});

	test('recent orders first: number, date and status in the name, the sales order ID as value, more with the token', async () => {
		const ctx = loadOptionsContext();
		const first = await listSearch.searchOrders.call(ctx);
		const expected = newestFirst();
		expect(first.results).toHaveLength(128);
		expect(first.results.map((r) => r.value)).toEqual(expected.slice(0, 128).map((o) => o.salesOrderId));
		expect(first.paginationToken).toEqual(expect.any(String));
		expect(orderPages()).toHaveLength(1);
		expect(orderPages()[0].query).toEqual(expect.objectContaining({ orderDirection: 'DESC', limit: '128' }));

		for (const [i, result] of first.results.entries()) {
			const order = expected[i];
			const [number, date, status] = result.name.split(' · ');
			expect(number).toBe(order.orderNumber);
			expect(date).toBe(order.orderDate.slice(0, 16).replace('T', ' '));
			const statuses = statusesOf(order);
			if (statuses.size === 1) {
				const [only] = statuses;
				expect(status.toUpperCase().replace(/ /g, '_')).toBe(only);
				expect(status.charAt(0)).toBe(status.charAt(0).toUpperCase());
			} else {
				// "2 sent, 1 returned"
				expect(status.split(', ')).toHaveLength(statuses.size);
				expect(status).toMatch(/^\d+ [a-z ]+(, \d+ [a-z ]+)+$/);
			}
		}

		const second = await listSearch.searchOrders.call(ctx, undefined, first.paginationToken);
		expect(second.results.map((r) => r.value)).toEqual(expected.slice(128, 256).map((o) => o.salesOrderId));
		expect(orderPages()[1].query.nextcursor).toEqual(expect.any(String));
	});

	test('typed text: part of an order number filters the list on the order numbers, in any letter case', async () => {
		const ctx = loadOptionsContext();
		const target = newestFirst()[500];
		const part = target.orderNumber.slice(2, 6).toUpperCase();
		const found = await listSearch.searchOrders.call(ctx, part);
		const expected = newestFirst().filter(
			(o) => o.orderNumber.toLowerCase().includes(part.toLowerCase()) || o.salesOrderId.toLowerCase().includes(part.toLowerCase()),
		);
		expect(found.results.map((r) => r.value)).toEqual(expected.map((o) => o.salesOrderId));
		expect(found.results.map((r) => r.value)).toContain(target.salesOrderId);
		// 1,000 orders are 8 pages: the whole list is searched in one call.
		expect(found.paginationToken).toBeUndefined();
		expect(orderLookups()).toHaveLength(0);
	});

	test('a whole order number or sales order ID is looked up directly, also an old order', async () => {
		const ctx = loadOptionsContext();
		const oldest = newestFirst().at(-1)!;
		const byNumber = await listSearch.searchOrders.call(ctx, oldest.orderNumber);
		expect(byNumber.results).toEqual([expect.objectContaining({ value: oldest.salesOrderId })]);
		expect(byNumber.results[0].name.startsWith(`${oldest.orderNumber} · `)).toBe(true);
		const byId = await listSearch.searchOrders.call(ctx, oldest.salesOrderId);
		expect(byId.results.map((r) => r.value)).toEqual([oldest.salesOrderId]);
		expect(orderLookups().map((r) => r.path)).toEqual([`/v4/orders/${oldest.orderNumber}`, `/v4/orders/${oldest.salesOrderId}`]);
		expect(orderPages()).toHaveLength(0);
	});

	test('an order number OTTO does not know: no error, nothing found', async () => {
		const ctx = loadOptionsContext();
		const none = await listSearch.searchOrders.call(ctx, 'zzzzzzzzzz');
		expect(none.results).toEqual([]);
		expect(none.paginationToken).toBeUndefined();
		expect(orderLookups()).toHaveLength(1);
	});

	test('executing: the picked order is read by its sales order ID; a malformed value never reaches OTTO', async () => {
		const order = newestFirst()[3];
		const result = await runWorkflow(
			ottoWorkflow(
				{ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'list', value: '={{ $json.value }}' }, simplify: true },
				[{ value: order.salesOrderId }, { value: order.orderNumber }, { value: 'not an order' }],
				{ continueOnFail: true },
			),
			helperFor(),
		);
		const out = result.output('Otto Market').map((i) => i.json as IDataObject);
		expect(out.slice(0, 2).map((o) => o.salesOrderId)).toEqual([order.salesOrderId, order.salesOrderId]);
		expect(out[2].error).toContain('Invalid "Order"');
		expect(orderLookups().map((r) => r.path)).toEqual([`/v4/orders/${order.salesOrderId}`, `/v4/orders/${order.orderNumber}`]);
	});
});
