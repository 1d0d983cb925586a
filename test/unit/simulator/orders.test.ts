import { startSimulator, type PartnerOrder } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { api, token, walk } from './helpers';

let t: string;

const STATUSES = ['ANNOUNCED', 'PROCESSABLE', 'SENT', 'RETURNED', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'];

const sim = useServer(() => startSimulator({ port: 0 }), { reset: false });
beforeAll(async () => {
	t = await token(sim(), 'orders');
});

async function allOrders(firstPath: string): Promise<PartnerOrder[]> {
	const pages = await walk(sim(), t, firstPath);
	return pages.flatMap((p) => p.resources as PartnerOrder[]);
}

function statusSet(o: PartnerOrder): Set<string> {
	return new Set(o.positionItems.map((i) => i.fulfillmentStatus));
}

/** Independent re-statement of REFERENCE §4.4 BUCKET semantics. */
function bucketsOf(o: PartnerOrder): string[] {
	const s = statusSet(o);
	const out: string[] = [];
	if (s.has('ANNOUNCED')) out.push('ANNOUNCED');
	else if (s.has('PROCESSABLE')) out.push('PROCESSABLE');
	else if (s.has('SENT')) out.push('SENT');
	else if (s.has('RETURNED')) out.push('RETURNED');
	if (s.has('CANCELLED_BY_PARTNER')) out.push('CANCELLED_BY_PARTNER');
	if (s.has('CANCELLED_BY_MARKETPLACE')) out.push('CANCELLED_BY_MARKETPLACE');
	return out;
}

describe('GET /v4/orders paging', () => {
	it('limit 128 walks all 1000 orders exactly once, oldest change first, links [] on the last page', async () => {
		const pages = await walk(sim(), t, '/v4/orders?limit=128');
		expect(pages).toHaveLength(Math.ceil(1000 / 128));
		for (const page of pages.slice(0, -1)) {
			expect(page.resources).toHaveLength(128);
			expect(page.links).toEqual([{ rel: 'next', href: expect.stringMatching(/^\/v4\/orders\?nextcursor=[A-Za-z0-9_-]+$/) }]);
		}
		expect(pages[pages.length - 1].links).toEqual([]);
		const orders = pages.flatMap((p) => p.resources as PartnerOrder[]);
		expect(orders).toHaveLength(1000);
		expect(new Set(orders.map((o) => o.salesOrderId)).size).toBe(1000);
		const dates = orders.map((o) => o.orderLifecycleInformation.lifecycleChangeDate);
		expect([...dates].sort()).toEqual(dates);
	});

	it('default limit is 128', async () => {
		const res = await api(sim(), t, '/v4/orders');
		expect(res.json.resources).toHaveLength(128);
	});

	it('is stable when many orders share the same lifecycleChangeDate (small pages)', async () => {
		const shared = sim().data.info.sharedLifecycleChangeDate as string;
		expect(sim().data.info.sharedLifecycleOrderIds.length).toBeGreaterThanOrEqual(20);
		const sameStamp = sim().data.orders.filter((o) => o.orderLifecycleInformation.lifecycleChangeDate === shared);
		expect(sameStamp.length).toBeGreaterThanOrEqual(20);
		const fromDate = shared;
		const orders = await allOrders(`/v4/orders?fromDate=${encodeURIComponent(fromDate)}&limit=7`);
		const expected = sim().data.orders.filter((o) => o.orderLifecycleInformation.lifecycleChangeDate >= fromDate);
		expect(orders).toHaveLength(expected.length);
		expect(new Set(orders.map((o) => o.salesOrderId))).toEqual(new Set(expected.map((o) => o.salesOrderId)));
		// within the shared timestamp the order is by salesOrderId
		const ids = orders.filter((o) => o.orderLifecycleInformation.lifecycleChangeDate === shared).map((o) => o.salesOrderId);
		expect(ids).toEqual([...ids].sort());
	});

	it('DESC returns newest first and still every order once', async () => {
		const orders = await allOrders('/v4/orders?orderDirection=DESC&limit=100');
		expect(orders).toHaveLength(1000);
		expect(new Set(orders.map((o) => o.salesOrderId)).size).toBe(1000);
		const dates = orders.map((o) => o.orderLifecycleInformation.lifecycleChangeDate);
		expect([...dates].sort().reverse()).toEqual(dates);
	});

	it('orderColumnType=ORDER_DATE sorts and pages by orderDate (shared orderDate group included)', async () => {
		const orders = await allOrders('/v4/orders?orderColumnType=ORDER_DATE&limit=5&fromOrderDate=' + encodeURIComponent(sim().data.info.sharedOrderDate as string));
		const expected = sim().data.orders.filter((o) => o.orderDate >= (sim().data.info.sharedOrderDate as string));
		expect(orders.map((o) => o.salesOrderId).sort()).toEqual(expected.map((o) => o.salesOrderId).sort());
		const dates = orders.map((o) => o.orderDate);
		expect([...dates].sort()).toEqual(dates);
	});

	it('the cursor carries the filters; other params next to nextcursor are ignored except limit', async () => {
		const first = await api(sim(), t, '/v4/orders?fulfillmentStatus=SENT&limit=10');
		const href: string = first.json.links[0].href;
		const viaHref = await api(sim(), t, href);
		const withNoise = await api(sim(), t, `${href}&fulfillmentStatus=ANNOUNCED&orderDirection=DESC&limit=3`);
		expect(viaHref.json.resources).toHaveLength(10);
		expect(withNoise.json.resources).toHaveLength(3);
		expect(withNoise.json.resources.map((o: PartnerOrder) => o.salesOrderId)).toEqual(
			viaHref.json.resources.slice(0, 3).map((o: PartnerOrder) => o.salesOrderId),
		);
		for (const o of viaHref.json.resources as PartnerOrder[]) expect(bucketsOf(o)).toContain('SENT');
	});
});

describe('GET /v4/orders filters', () => {
	it('seed covers every fulfillment status and mixed orders', () => {
		const seen = new Set(sim().data.orders.flatMap((o) => o.positionItems.map((i) => i.fulfillmentStatus)));
		expect([...seen].sort()).toEqual([...STATUSES].sort());
		expect(sim().data.orders.some((o) => statusSet(o).size > 1)).toBe(true);
	});

	it.each(STATUSES)('BUCKET fulfillmentStatus=%s matches REFERENCE semantics', async (status) => {
		const orders = await allOrders(`/v4/orders?fulfillmentStatus=${status}`);
		const expected = sim().data.orders.filter((o) => bucketsOf(o).includes(status));
		expect(orders.length).toBeGreaterThan(0);
		expect(orders.map((o) => o.salesOrderId).sort()).toEqual(expected.map((o) => o.salesOrderId).sort());
	});

	it('BUCKET vs AT_LEAST_ONE differ for mixed orders', async () => {
		const bucket = await allOrders('/v4/orders?fulfillmentStatus=SENT&mode=BUCKET');
		const atLeastOne = await allOrders('/v4/orders?fulfillmentStatus=SENT&mode=AT_LEAST_ONE');
		const expectedAtLeastOne = sim().data.orders.filter((o) => statusSet(o).has('SENT'));
		expect(atLeastOne.map((o) => o.salesOrderId).sort()).toEqual(expectedAtLeastOne.map((o) => o.salesOrderId).sort());
		expect(atLeastOne.length).toBeGreaterThan(bucket.length);
		// an order with PROCESSABLE + SENT items is in AT_LEAST_ONE but not in the SENT bucket
		const mixed = sim().data.info.fixedOrders.find((f) => f.statuses.join() === 'PROCESSABLE,SENT');
		expect(mixed).toBeDefined();
		expect(atLeastOne.some((o) => o.salesOrderId === mixed?.salesOrderId)).toBe(true);
		expect(bucket.some((o) => o.salesOrderId === mixed?.salesOrderId)).toBe(false);
	});

	it('repeated fulfillmentStatus params are OR-ed', async () => {
		const orders = await allOrders('/v4/orders?fulfillmentStatus=ANNOUNCED&fulfillmentStatus=CANCELLED_BY_MARKETPLACE');
		const expected = sim().data.orders.filter((o) => bucketsOf(o).some((b) => b === 'ANNOUNCED' || b === 'CANCELLED_BY_MARKETPLACE'));
		expect(orders.map((o) => o.salesOrderId).sort()).toEqual(expected.map((o) => o.salesOrderId).sort());
	});

	it('fromDate filters on lifecycleChangeDate (any offset accepted)', async () => {
		const sorted = sim().data.orders.map((o) => o.orderLifecycleInformation.lifecycleChangeDate).sort();
		const pivot = sorted[600];
		const pivotMs = Date.parse(pivot);
		// same instant expressed with +01:00 offset
		const local = new Date(pivotMs + 3_600_000).toISOString().replace('Z', '+01:00');
		const orders = await allOrders(`/v4/orders?fromDate=${encodeURIComponent(local)}`);
		const expected = sim().data.orders.filter((o) => o.orderLifecycleInformation.lifecycleChangeDate >= pivot);
		expect(orders).toHaveLength(expected.length);
		for (const o of orders) expect(o.orderLifecycleInformation.lifecycleChangeDate >= pivot).toBe(true);
	});

	it('fromOrderDate/toOrderDate filter on orderDate', async () => {
		const dates = sim().data.orders.map((o) => o.orderDate).sort();
		const from = dates[100];
		const to = dates[300];
		const orders = await allOrders(`/v4/orders?fromOrderDate=${from}&toOrderDate=${to}&orderColumnType=ORDER_DATE`);
		const expected = sim().data.orders.filter((o) => o.orderDate >= from && o.orderDate <= to);
		expect(orders.map((o) => o.salesOrderId).sort()).toEqual(expected.map((o) => o.salesOrderId).sort());
	});
});

describe('GET /v4/orders validation', () => {
	it.each([
		['limit=0', '$.limit', 'limit'],
		['limit=500', '$.limit', 'limit'],
		['limit=abc', '$.limit', 'limit'],
		['fulfillmentStatus=SHIPPED', '$.fulfillmentStatus', 'SHIPPED'],
		['fromDate=yesterday', '$.fromDate', 'fromDate'],
		['fromOrderDate=2024-13-45T00:00:00Z', '$.fromOrderDate', 'fromOrderDate'],
		['orderDirection=UP', '$.orderDirection', 'orderDirection'],
		['mode=ALL', '$.mode', 'mode'],
		['orderColumnType=X', '$.orderColumnType', 'orderColumnType'],
		['nextcursor=garbage!!', '$.nextcursor', 'nextcursor'],
	])('%s → 400 OTTO error body', async (qs, jsonPath, mention) => {
		const res = await api(sim(), t, `/v4/orders?${qs}`);
		expect(res.status).toBe(400);
		expect(res.json.errors).toHaveLength(1);
		expect(res.json.errors[0]).toEqual({
			path: '/v4/orders',
			title: 'Invalid Parameter',
			code: '400',
			detail: expect.stringContaining(mention),
			jsonPath,
			logref: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
	});

	it('reports every invalid parameter', async () => {
		const res = await api(sim(), t, '/v4/orders?limit=0&mode=X');
		expect(res.json.errors.map((e: any) => e.jsonPath).sort()).toEqual(['$.limit', '$.mode']);
	});
});

describe('single orders and cancellation', () => {
	beforeEach(() => sim().reset());

	it('GET by salesOrderId and by orderNumber; 404 otherwise', async () => {
		const order = sim().data.orders[5];
		const byId = await api(sim(), t, `/v4/orders/${order.salesOrderId}`);
		expect(byId.status).toBe(200);
		expect(byId.json.salesOrderId).toBe(order.salesOrderId);
		const byNumber = await api(sim(), t, `/v4/orders/${order.orderNumber}`);
		expect(byNumber.json.salesOrderId).toBe(order.salesOrderId);
		expect(order.orderNumber).toHaveLength(10);
		const missing = await api(sim(), t, '/v4/orders/00000000-0000-4000-8000-000000000000');
		expect(missing.status).toBe(404);
		expect(missing.json.errors[0].logref).toEqual(expect.any(String));
	});

	it('PartnerOrder carries the REFERENCE §4.4 fields', () => {
		for (const o of sim().data.orders) {
			expect(o.salesOrderId).toMatch(/^[0-9a-f-]{36}$/);
			expect(o.links).toEqual([{ rel: 'self', href: `/v4/orders/${o.salesOrderId}` }]);
			expect(o.deliveryAddress.countryCode).toMatch(/^[A-Z]{3}$/);
			expect(o.positionItems.length).toBeGreaterThanOrEqual(1);
			expect(o.positionItems.length).toBeLessThanOrEqual(4);
			for (const i of o.positionItems) {
				expect(Math.round(i.itemValueGrossPrice.amount * 100)).toBeCloseTo(i.itemValueGrossPrice.amount * 100, 6);
				expect(i.itemValueGrossPrice.currency).toBe('EUR');
				if (i.fulfillmentStatus === 'SENT' || i.fulfillmentStatus === 'RETURNED') expect(i.trackingInfo?.trackingNumber).toBeTruthy();
				if (i.fulfillmentStatus === 'CANCELLED_BY_MARKETPLACE') expect(i.cancellationReason).toBeTruthy();
			}
		}
		expect(sim().data.orders.some((o) => o.initialDiscounts.length > 0)).toBe(true);
		expect(sim().data.orders.some((o) => o.initialDeliveryFees.length > 0)).toBe(true);
	});

	it('order cancellation cancels PROCESSABLE items, updates lifecycleChangeDate, then 409', async () => {
		const fixed = sim().data.info.fixedOrders.find((f) => f.statuses.join() === 'PROCESSABLE,SENT');
		const id = fixed?.salesOrderId as string;
		const before = sim().data.ordersById.get(id)?.orderLifecycleInformation.lifecycleChangeDate as string;
		const res = await api(sim(), t, `/v4/orders/${id}/cancellation`, { method: 'POST' });
		expect(res.status).toBe(200);
		expect(res.text).toBe('');
		const after = (await api(sim(), t, `/v4/orders/${id}`)).json as PartnerOrder;
		expect(after.positionItems.map((i) => i.fulfillmentStatus).sort()).toEqual(['CANCELLED_BY_PARTNER', 'SENT']);
		expect(after.orderLifecycleInformation.lifecycleChangeDate > before).toBe(true);
		const again = await api(sim(), t, `/v4/orders/${id}/cancellation`, { method: 'POST' });
		expect(again.status).toBe(409);
		// the change is visible to a fromDate poll
		const changed = await allOrders(`/v4/orders?fromDate=${encodeURIComponent(after.orderLifecycleInformation.lifecycleChangeDate)}`);
		expect(changed.map((o) => o.salesOrderId)).toContain(id);
	});

	it('position item cancellation: all-or-nothing with 409', async () => {
		const fixed = sim().data.info.fixedOrders.find((f) => f.statuses.join() === 'PROCESSABLE,CANCELLED_BY_PARTNER');
		const order = sim().data.ordersById.get(fixed?.salesOrderId as string) as PartnerOrder;
		const ids = order.positionItems.map((i) => i.positionItemId);
		const ok = await api(sim(), t, `/v4/orders/${order.salesOrderId}/positionItems/${ids.join(',')}/cancellation`, { method: 'POST' });
		expect(ok.status).toBe(200);
		expect(order.positionItems.every((i) => i.fulfillmentStatus === 'CANCELLED_BY_PARTNER')).toBe(true);

		const mixed = sim().data.info.fixedOrders.find((f) => f.statuses.join() === 'PROCESSABLE,SENT');
		const m = sim().data.ordersById.get(mixed?.salesOrderId as string) as PartnerOrder;
		const res = await api(sim(), t, `/v4/orders/${m.salesOrderId}/positionItems/${m.positionItems.map((i) => i.positionItemId).join(',')}/cancellation`, {
			method: 'POST',
		});
		expect(res.status).toBe(409);
		expect(m.positionItems.map((i) => i.fulfillmentStatus)).toEqual(['PROCESSABLE', 'SENT']);
	});

	it('sandbox test orders: 8 scenarios, and single scenarios', async () => {
		const res = await api(sim(), t, '/v4/orders/testorders', { method: 'POST' });
		expect(res.status).toBe(201);
		const created = res.json.resources as PartnerOrder[];
		expect(created).toHaveLength(8);
		const kinds = created.map((o) => [...statusSet(o)].join());
		expect(kinds.filter((k) => k === 'PROCESSABLE')).toHaveLength(6);
		expect(kinds).toContain('ANNOUNCED');
		expect(kinds).toContain('CANCELLED_BY_MARKETPLACE');
		expect(created.find((o) => statusSet(o).has('ANNOUNCED'))?.payment.paymentMethod).toBe('PREPAYMENT');
		expect(sim().data.orders).toHaveLength(1008);
		const one = await api(sim(), t, '/v4/orders/testorders/scenario7', { method: 'POST' });
		expect(one.status).toBe(201);
		expect(one.json.resources[0].positionItems[0].fulfillmentStatus).toBe('ANNOUNCED');
		expect((await api(sim(), t, '/v4/orders/testorders/scenario9', { method: 'POST' })).status).toBe(404);
		// new orders appear for a fromDate poll
		const since = created[0].orderLifecycleInformation.lifecycleChangeDate;
		const polled = await allOrders(`/v4/orders?fromDate=${encodeURIComponent(since)}`);
		expect(polled.map((o) => o.salesOrderId)).toEqual(expect.arrayContaining(created.map((o) => o.salesOrderId)));
	});
});
