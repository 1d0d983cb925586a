import type { IDataObject } from 'n8n-workflow';

import { ottoWorkflow, runWorkflow, useSimulator } from '../harness';

const { sim, helper: helperFor } = useSimulator();

const orderPages = () => sim().requests({ path: /^\/v4\/orders$/, method: 'GET' });
const tokenCalls = () => sim().requests({ path: /^\/v1\/token$/ });

describe('Order → Get Many', () => {
	test('Return All pages through every order once, 128 per page', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: true }), helperFor());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out).toHaveLength(1000);
		const ids = out.map((item) => item.json.salesOrderId);
		expect(new Set(ids).size).toBe(1000);
		expect(new Set(ids)).toEqual(new Set(sim().data.orders.map((o) => o.salesOrderId)));
		// Simplified: flat fields and position items with SKU and price.
		const first = out[0].json;
		expect(first).toEqual(expect.objectContaining({ orderNumber: expect.any(String), orderDate: expect.any(String), status: expect.any(String) }));
		expect((first.positionItems as IDataObject[])[0]).toEqual(expect.objectContaining({ sku: expect.any(String), grossPrice: expect.any(Number) }));
		expect(out.every((item) => (item.pairedItem as unknown as IDataObject).item === 0)).toBe(true);

		const pages = orderPages();
		expect(pages).toHaveLength(Math.ceil(1000 / 128));
		expect(pages[0].query.limit).toBe('128');
		expect(pages.slice(1).every((p) => typeof p.query.nextcursor === 'string')).toBe(true);
		// One token for the whole run.
		expect(tokenCalls()).toHaveLength(1);
	});

	test('Limit stops paging early and shrinks the page', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: false, limit: 50 }), helperFor());
		expect(result.output('Otto Market')).toHaveLength(50);
		expect(orderPages()).toHaveLength(1);
		expect(orderPages()[0].query.limit).toBe('50');
	});

	test('filters reach OTTO as OTTO expects them and the answer respects them', async () => {
		const since = '2020-01-01T00:00:00.000Z';
		const result = await runWorkflow(
			ottoWorkflow({
				resource: 'order',
				operation: 'getAll',
				returnAll: true,
				simplify: false,
				filters: { fulfillmentStatus: ['PROCESSABLE', 'SENT'], fromDate: since, orderDirection: 'DESC', mode: 'AT_LEAST_ONE' },
			}),
			helperFor(),
		);
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out.length).toBeGreaterThan(0);
		for (const order of out) {
			const states = (order.positionItems as IDataObject[]).map((p) => p.fulfillmentStatus);
			expect(states.some((s) => s === 'PROCESSABLE' || s === 'SENT')).toBe(true);
		}
		const expected = sim().data.orders.filter((o) => o.positionItems.some((p) => p.fulfillmentStatus === 'PROCESSABLE' || p.fulfillmentStatus === 'SENT'));
		expect(out).toHaveLength(expected.length);
		const dates = out.map((o) => String((o.orderLifecycleInformation as IDataObject).lifecycleChangeDate));
		expect([...dates].sort().reverse()).toEqual(dates);
		const query = orderPages()[0].query;
		expect(query.fulfillmentStatus).toEqual(['PROCESSABLE', 'SENT']);
		expect(query.fromDate).toBe(since);
		expect(query.orderDirection).toBe('DESC');
		expect(query.mode).toBe('AT_LEAST_ONE');
	});

	test('node version 3 lists the newest first unless Sort Direction is set; versions 1 and 2 keep OTTO\'s oldest first', async () => {
		const lifecycle = (items: Array<{ json: IDataObject }>) =>
			items.map((i) => String((i.json.orderLifecycleInformation as IDataObject).lifecycleChangeDate));
		const allDates = sim().data.orders.map((o) => String(o.orderLifecycleInformation.lifecycleChangeDate)).sort();
		const params = { resource: 'order', operation: 'getAll', returnAll: false, limit: 5, simplify: false };

		const v3 = await runWorkflow(ottoWorkflow(params, [{}], { typeVersion: 3 }), helperFor());
		expect(v3.error).toBeUndefined();
		expect(lifecycle(v3.output('Otto Market'))).toEqual(allDates.slice(-5).reverse());
		expect(orderPages()[0].query.orderDirection).toBe('DESC');

		const v3Oldest = await runWorkflow(ottoWorkflow({ ...params, filters: { orderDirection: 'ASC' } }, [{}], { typeVersion: 3 }), helperFor());
		expect(lifecycle(v3Oldest.output('Otto Market'))).toEqual(allDates.slice(0, 5));
		expect(orderPages()[1].query.orderDirection).toBe('ASC');

		for (const typeVersion of [1, 2]) {
			const older = await runWorkflow(ottoWorkflow(params, [{}], { typeVersion }), helperFor());
			expect(lifecycle(older.output('Otto Market'))).toEqual(allDates.slice(0, 5));
		}
		// versions 1 and 2 send no direction at all, as before
		expect(orderPages().slice(2).map((p) => p.query.orderDirection)).toEqual([undefined, undefined]);
	});

	test('BUCKET mode: Processable means no item is still announced', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: true, filters: { fulfillmentStatus: ['PROCESSABLE'] } }),
			helperFor(),
		);
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out.length).toBeGreaterThan(0);
		for (const order of out) {
			const counts = order.statusCounts as Record<string, number>;
			expect(counts.PROCESSABLE).toBeGreaterThan(0);
			expect(counts.ANNOUNCED).toBeUndefined();
		}
	});

	test('an invalid date names the field and sends nothing', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: true, filters: { fromOrderDate: 'yesterday-ish' } }),
			helperFor(),
		);
		expect(result.error?.message).toContain('Invalid "Order Date From"');
		expect(orderPages()).toHaveLength(0);
	});
});

describe('Order → Get', () => {
	test('by sales order ID and by order number, each input item with its own value', async () => {
		const [a, b] = sim().data.orders;
		const result = await runWorkflow(
			ottoWorkflow(
				{ resource: 'order', operation: 'get', orderId: { __rl: true, mode: '={{ $json.mode }}', value: '={{ $json.value }}' }, simplify: true },
				[
					{ mode: 'id', value: a.salesOrderId },
					{ mode: 'orderNumber', value: b.orderNumber },
				],
			),
			helperFor(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json.salesOrderId)).toEqual([a.salesOrderId, b.salesOrderId]);
		expect(out.map((i) => (i.pairedItem as unknown as IDataObject).item)).toEqual([0, 1]);
		const paths = sim().requests({ path: /^\/v4\/orders\/.+/ }).map((r) => r.path);
		expect(paths).toEqual([`/v4/orders/${a.salesOrderId}`, `/v4/orders/${b.orderNumber}`]);
	});

	test('raw order with Simplify off', async () => {
		const order = sim().data.orders[3];
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'orderNumber', value: order.orderNumber } }),
			helperFor(),
		);
		expect(result.output('Otto Market')[0].json).toEqual(JSON.parse(JSON.stringify(order)));
	});

	test('Continue On Fail: good, unknown and malformed items each get their own output', async () => {
		const good = sim().data.orders[0];
		const result = await runWorkflow(
			ottoWorkflow(
				{ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'orderNumber', value: '={{ $json.n }}' } },
				[{ n: good.orderNumber }, { n: 'zzzzzzzzzz' }, { n: 'short' }],
				{ continueOnFail: true },
			),
			helperFor(),
		);
		const out = result.output('Otto Market');
		expect(out).toHaveLength(3);
		expect(out[0].json.salesOrderId).toBe(good.salesOrderId);
		expect(out[1].json.error).toMatch(/404/);
		expect(out[1].json.httpCode).toBe('404');
		expect(out[2].json.error).toContain('Invalid "Order"');
		expect(out.map((i) => (i.pairedItem as unknown as IDataObject).item)).toEqual([0, 1, 2]);
		// The malformed number never reached OTTO.
		expect(sim().requests({ path: /^\/v4\/orders\/short$/ })).toHaveLength(0);
	});

	test('without Continue On Fail the error names OTTO status and item', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'orderNumber', value: 'zzzzzzzzzz' } }),
			helperFor(),
		);
		expect(result.error?.message).toMatch(/404/);
		expect(result.error?.context?.itemIndex).toBe(0);
	});
});

describe('tokens, faults and secrets', () => {
	test('a token is fetched once and reused across executions until OTTO rejects it, then renewed without a failed item', async () => {
		const helper = helperFor();
		const wf = ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: false, limit: 5 });
		await runWorkflow(wf, helper);
		await runWorkflow(wf, helper);
		expect(tokenCalls()).toHaveLength(1);

		sim().configure({ tokenTtlSeconds: 0.3 });
		await runWorkflow(wf, helper); // uses the stored token (still valid for 1800 s)
		expect(tokenCalls()).toHaveLength(1);
		const tokenBefore = helper.store.get('otto-test-credential')?.data.accessToken;
		// Make the stored token expire: the next token is issued with a 300 ms lifetime.
		sim().clearRequests();
		helper.store.get('otto-test-credential')!.data.accessToken = 'not-a-valid-token';
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: true }), helper);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market')).toHaveLength(1000);
		expect(sim().requests({ path: /^\/v4\/orders$/ }).some((r) => r.status === 401)).toBe(true);
		expect(helper.stats.renewalsAfterExpiry).toBeGreaterThan(0);
		expect(helper.store.get('otto-test-credential')?.data.accessToken).not.toBe(tokenBefore);
	});

	test('tokens expiring during paging and 30 % 429s: every order exactly once', async () => {
		sim().configure({ tokenTtlSeconds: 0.15, latencyMs: 20, faults: [{ type: '429', rate: 0.3, retryAfterSeconds: 0, path: '^/v4/orders' }] });
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: true }), helperFor());
		expect(result.error).toBeUndefined();
		const ids = result.output('Otto Market').map((i) => i.json.salesOrderId);
		expect(ids).toHaveLength(1000);
		expect(new Set(ids).size).toBe(1000);
		const log = orderPages();
		expect(log.some((r) => r.status === 429)).toBe(true);
		expect(log.filter((r) => r.status === 200)).toHaveLength(8);
	});

	test('5xx and dropped connections on reads are retried', async () => {
		sim().configure({ faults: [{ type: '503', path: '^/v4/orders$', count: 2 }, { type: 'drop', path: '^/v4/orders$', count: 1 }] });
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: false, limit: 10 }), helperFor());
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market')).toHaveLength(10);
		expect(orderPages().map((r) => r.fault ?? String(r.status))).toEqual(expect.arrayContaining(['200']));
		expect(orderPages().length).toBeGreaterThanOrEqual(3);
	});

	test('a wrong client secret reads as such and shows no secret', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: false, limit: 1 }), helperFor({ clientSecret: 'wrong-secret-value' }));
		expect(result.error?.message).toContain('OTTO rejected the client ID or client secret');
		const everything = JSON.stringify({ m: result.error?.message, d: result.error?.description, e: result.error });
		expect(everything).not.toContain('wrong-secret-value');
		expect(orderPages()).toHaveLength(0);
	});

	test('a token without the orders scope: the error names the scope', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: false, limit: 1 }), helperFor({ scopes: ['products'] }));
		expect(result.error?.message).toContain('"orders"');
		expect(result.error?.httpCode).toBe('403');
	});

	test('service-partner app: developer token, then installation token', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: false, limit: 3 }),
			helperFor({ appType: 'servicePartner', appId: 'sim-app', installationId: 'sim-installation' }),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market')).toHaveLength(3);
		expect(sim().requests({ path: /installations\/sim-installation\/accessToken$/ })).toHaveLength(1);
	});

	test('no secret or token in the outputs or the request log', async () => {
		const helper = helperFor();
		const result = await runWorkflow(ottoWorkflow({ resource: 'order', operation: 'getAll', returnAll: false, limit: 20 }), helper);
		const token = String(helper.store.get('otto-test-credential')?.data.accessToken);
		expect(token.length).toBeGreaterThan(10);
		const text = JSON.stringify(result.output('Otto Market')) + JSON.stringify(sim().requests());
		expect(text).not.toContain(token);
		expect(text).not.toContain('sim-secret');
	});
});
