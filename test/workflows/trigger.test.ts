/**
 * Otto Market Trigger: poll() through n8n-core's PollContext, with the node's static data kept between polls as
 * n8n keeps it, against the OTTO simulator over HTTP. Orders "arrive" between polls via injectOrders with
 * chosen dates; OTTO's clock in these tests runs ahead of the real one (one minute per poll).
 */
import type { PartnerOrder, PositionItem, Receipt, ReturnShipment } from '../otto-simulator';
import { injectOrders } from '../otto-simulator/inject';
import { useSimulator } from '../harness';
import { TestPoller } from '../harness/poll';
import { MINUTE, ids, iso, sorted, triggerKit } from './fixtures/trigger';

const simulator = useSimulator();
const { sim } = simulator;
const { poller, requestCounter } = triggerKit(simulator);

interface StoredState {
	from: string;
	floor: string;
	high: string;
	seen: Record<string, number>;
	baseline?: boolean;
}
const stateOf = (p: TestPoller, event: string) => p.nodeState()[event] as unknown as StoredState;

/** Marks one position item as shipped at `at` (OTTO's clock). */
function ship(order: PartnerOrder, at: number, item: PositionItem = order.positionItems[0]) {
	item.fulfillmentStatus = 'SENT';
	item.sentDate = iso(at);
	item.trackingInfo = { carrier: 'DHL', trackingNumber: `00340434${Math.floor(at / 1000)}` };
	sim().data.touchOrder(order, iso(at));
}

function cancel(order: PartnerOrder, at: number, item: PositionItem, by: 'CANCELLED_BY_PARTNER' | 'CANCELLED_BY_MARKETPLACE') {
	item.fulfillmentStatus = by;
	item.cancellationDate = iso(at);
	item.cancellationReason = by === 'CANCELLED_BY_PARTNER' ? 'CANCELLED_ON_PARTNER_WISH' : 'CANCELLED_ON_CUSTOMER_WISH';
	sim().data.touchOrder(order, iso(at));
}

describe('New Order', () => {
	test('the first poll emits nothing, remembers the orders already in the window and costs one request', async () => {
		const orderRequests = requestCounter(/^\/v4\/orders$/);
		const p = poller({ event: 'newOrder' });
		const before = Date.now();

		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);
		const state = stateOf(p, 'newOrder');
		// The window starts one safety margin (60 min by default) before activation.
		expect(Date.parse(state.floor)).toBeGreaterThanOrEqual(before - 60 * MINUTE);
		expect(Date.parse(state.floor)).toBeLessThanOrEqual(Date.now() - 60 * MINUTE);
		expect(state.baseline).toBeUndefined();
		const recent = sim().data.orders.filter((o) => Date.parse(o.orderDate) >= Date.parse(state.floor));
		expect(sorted(Object.keys(state.seen))).toEqual(sorted(recent.map((o) => o.salesOrderId)));

		// Nothing new: null, one request.
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);
	});

	test('1,000 orders arriving across 20 polls, 300 at one timestamp and some late with older dates, are each emitted once', async () => {
		// Every poll re-reads the whole margin (Re-Read Safety Margin Every 0), so late orders come out in the poll that
		// first sees them; the default (quick polls in between) is covered in triggerCost.test.ts.
		const p = poller({ event: 'newOrder', options: { safetyMarginMinutes: 10, fullReadMinutes: 0 } });
		expect((await p.poll()).items).toBeNull();
		const orderRequests = requestCounter(/^\/v4\/orders$/);

		const base = Date.now() + MINUTE;
		const tick = (k: number) => base + k * MINUTE;
		const shared = tick(8);
		const byPoll: PartnerOrder[][] = [];
		const emitted = new Map<string, number>();
		const pagesPerPoll: number[] = [];
		for (let k = 1; k <= 20; k++) {
			const arriving: PartnerOrder[] = [];
			for (let j = 0; j < 30; j++) arriving.push(...injectOrders(sim().data, { orderDate: tick(k) - j * 1000 }));
			// 300 orders at one timestamp, visible over three polls: the last 200 arrive after the cursor passed it.
			if (k >= 8 && k <= 10) arriving.push(...injectOrders(sim().data, { orderDate: shared, count: 100 }));
			// Late: shown now, dated 8 minutes ago (inside the 10-minute safety margin).
			if (k >= 11) {
				arriving.push(
					...injectOrders(sim().data, { orderDate: tick(k) - 8 * MINUTE, lifecycleChangeDate: tick(k) - 7 * MINUTE, count: 10 }),
				);
			}
			// Orders emitted two polls ago change (shipped): still the same orders, never "new" again.
			if (k >= 3) for (const order of byPoll[k - 3].slice(0, 20)) ship(order, tick(k));
			byPoll.push(arriving);

			const { items } = await p.poll();
			pagesPerPoll.push(orderRequests());
			for (const id of ids(items)) emitted.set(id, (emitted.get(id) ?? 0) + 1);
			expect(sorted(ids(items))).toEqual(sorted(arriving.map((o) => o.salesOrderId)));
			// Oldest first, simplified like Order → Get Many.
			const dates = (items ?? []).map((item) => String(item.orderDate));
			expect(dates).toEqual([...dates].sort());
			expect(items?.[0]).toEqual(expect.objectContaining({ orderNumber: expect.any(String), status: expect.any(String) }));

			// The remembered ids are exactly the orders inside the window: bounded by the safety margin.
			const state = stateOf(p, 'newOrder');
			const inWindow = sim().data.orders.filter((o) => Date.parse(o.orderDate) >= Date.parse(state.floor));
			expect(Object.keys(state.seen).length).toBeLessThanOrEqual(inWindow.length);
			expect(Object.values(state.seen).every((time) => time >= Date.parse(state.floor))).toBe(true);
		}

		const injected = byPoll.flat();
		expect(injected).toHaveLength(1000);
		expect(emitted.size).toBe(1000);
		expect([...emitted.values()].every((count) => count === 1)).toBe(true);
		expect(sorted([...emitted.keys()])).toEqual(sorted(injected.map((o) => o.salesOrderId)));
		// Each poll re-reads one safety margin of orders: a few pages, not the whole history.
		expect(Math.max(...pagesPerPoll)).toBeLessThanOrEqual(7);

		// Quiet again: nothing emitted; the poll only re-reads the orders inside the safety margin.
		const state = stateOf(p, 'newOrder');
		const inWindow = sim().data.orders.filter(
			(o) => Date.parse(o.orderDate) >= Date.parse(state.floor) && Date.parse(o.orderLifecycleInformation.lifecycleChangeDate) >= Date.parse(state.from),
		);
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(Math.ceil(inWindow.length / 128));
	});

	test('an error on page 2 emits nothing and changes nothing; the next poll emits every order once', async () => {
		const p = poller({ event: 'newOrder' });
		await p.poll();
		const stored = p.nodeState();
		const arriving = injectOrders(sim().data, { orderDate: Date.now() + MINUTE, count: 400 });
		sim().configure({ faults: [{ type: '500', path: '^/v4/orders$', skip: 1, count: 1 }] });
		const orderRequests = requestCounter(/^\/v4\/orders$/);

		await expect(p.poll()).rejects.toThrow(/500|Simulated/);
		expect(orderRequests()).toBe(2);
		expect(p.nodeState()).toEqual(stored);
		// Not even the in-memory static data (n8n 1.x keeps it until the next save) was touched.
		expect(p.liveNodeState()).toEqual(stored);

		const { items } = await p.poll();
		expect(sorted(ids(items))).toEqual(sorted(arriving.map((o) => o.salesOrderId)));
		expect((await p.poll()).items).toBeNull();
	});

	test('a 429 storm fails the poll without moving the cursor; a dropped connection is retried', async () => {
		const p = poller({ event: 'newOrder' });
		await p.poll();
		const stored = p.nodeState();
		const first = injectOrders(sim().data, { orderDate: Date.now() + MINUTE, count: 300 });
		sim().configure({ faults: [{ type: '429', path: '^/v4/orders$', skip: 1, retryAfterSeconds: 0 }] });

		await expect(p.poll()).rejects.toThrow(/429|rate limit/i);
		expect(p.liveNodeState()).toEqual(stored);

		// One dropped connection on page 3: the transport sends the GET again, the poll completes.
		sim().configure({ faults: [{ type: 'drop', path: '^/v4/orders$', skip: 2, count: 1 }] });
		const { items } = await p.poll();
		expect(sorted(ids(items))).toEqual(sorted(first.map((o) => o.salesOrderId)));
		expect(sim().requests({ path: /^\/v4\/orders$/ }).filter((r) => r.fault === 'drop')).toHaveLength(1);
		expect((await p.poll()).items).toBeNull();
	});

	test('Fetch Test Event returns the newest matching order and never touches the state', async () => {
		const p = poller({ event: 'newOrder', fulfillmentStatus: ['PROCESSABLE'] });
		const manualFirst = await p.poll('manual');
		expect(p.nodeState()).toEqual({});
		expect(p.staticDataChanged()).toBe(false);
		// Latest lifecycle change first; OTTO breaks ties by id.
		const newestProcessable = sim().data.orders
			.filter((o) => o.positionItems.some((i) => i.fulfillmentStatus === 'PROCESSABLE') && !o.positionItems.some((i) => i.fulfillmentStatus === 'ANNOUNCED'))
			.map((o) => ({ o, key: `${o.orderLifecycleInformation.lifecycleChangeDate} ${o.salesOrderId}` }))
			.sort((a, b) => (a.key < b.key ? 1 : -1))[0].o;
		expect(ids(manualFirst.items)).toEqual([newestProcessable.salesOrderId]);
		expect(manualFirst.items?.[0]).toEqual(expect.objectContaining({ status: expect.any(String), positionItems: expect.any(Array) }));

		await p.poll();
		const stored = p.nodeState();
		const [order] = injectOrders(sim().data, { orderDate: Date.now() + MINUTE });
		expect(ids((await p.poll('manual')).items)).toEqual([order.salesOrderId]);
		expect(p.nodeState()).toEqual(stored);
		expect(p.staticDataChanged()).toBe(false);
		// The test event was not consumed: the active trigger still emits the order.
		expect(ids((await p.poll()).items)).toEqual([order.salesOrderId]);
	});

	test('Start From backfills every order placed since then, once', async () => {
		const since = Date.now() - 3 * 24 * 60 * MINUTE;
		const p = poller({ event: 'newOrder', simplify: false, options: { startFrom: iso(since) } });
		const { items } = await p.poll();
		const expected = sim().data.orders.filter((o) => Date.parse(o.orderDate) >= since);
		expect(expected.length).toBeGreaterThan(20);
		expect(sorted(ids(items))).toEqual(sorted(expected.map((o) => o.salesOrderId)));
		// Simplify off: the order as OTTO sent it.
		expect(items?.[0]).toEqual(expect.objectContaining({ orderLifecycleInformation: expect.any(Object) }));
		expect((await p.poll()).items).toBeNull();
	});

	test('with a short poll budget (n8n 2.x) a backfill continues over several polls without gaps or repeats', async () => {
		const p = poller({ event: 'newOrder', options: { startFrom: iso(Date.now() - 61 * 24 * 60 * MINUTE) } }, { pollBudgetMs: 1 });
		const orderRequests = requestCounter(/^\/v4\/orders$/);
		const emitted: string[] = [];
		let polls = 0;
		for (;;) {
			const { items } = await p.poll();
			polls++;
			expect(orderRequests()).toBe(1);
			emitted.push(...ids(items));
			if (!items) break;
			expect(polls).toBeLessThan(20);
		}
		expect(polls).toBeGreaterThan(5);
		expect(emitted).toHaveLength(1000);
		expect(sorted(emitted)).toEqual(sorted(sim().data.orders.map((o) => o.salesOrderId)));
		// Once caught up the window shrinks back to the safety margin.
		const state = stateOf(p, 'newOrder');
		expect(Date.parse(state.floor)).toBeGreaterThan(Date.now() - 2 * 60 * MINUTE);
	});

	test('Processable: emitted when an order becomes ready to ship, not again when it is partly shipped', async () => {
		const p = poller({ event: 'newOrder', fulfillmentStatus: ['PROCESSABLE'], options: { safetyMarginMinutes: 10 } });
		await p.poll();
		const t0 = Date.now() + MINUTE;
		const [prepaid] = injectOrders(sim().data, { orderDate: t0, statuses: ['ANNOUNCED', 'ANNOUNCED'] });
		const [ready] = injectOrders(sim().data, { orderDate: t0, statuses: ['PROCESSABLE'] });
		expect(ids((await p.poll()).items)).toEqual([ready.salesOrderId]);

		// Payment arrives two days later (OTTO's clock): the order becomes processable.
		const paid = t0 + 2 * 24 * 60 * MINUTE;
		for (const item of prepaid.positionItems) {
			item.fulfillmentStatus = 'PROCESSABLE';
			item.processableDate = iso(paid);
		}
		sim().data.touchOrder(prepaid, iso(paid));
		expect(ids((await p.poll()).items)).toEqual([prepaid.salesOrderId]);

		// One of its two items ships an hour later, when its "processable" entry has left the window.
		ship(prepaid, paid + 60 * MINUTE, prepaid.positionItems[0]);
		expect((await p.poll()).items).toBeNull();
		expect((await p.poll()).items).toBeNull();
	});

	test('the safety margin decides how late an order may appear; raising it never repeats an order', async () => {
		// Every poll a full read, so the window moves on each poll (between full reads it stays where the last one left it).
		const p = poller({ event: 'newOrder', options: { safetyMarginMinutes: 10, fullReadMinutes: 0 } });
		await p.poll();
		const t0 = Date.now() + MINUTE;
		injectOrders(sim().data, { orderDate: t0, count: 3 });
		injectOrders(sim().data, { orderDate: t0 + 30 * MINUTE });
		expect((await p.poll()).items).toHaveLength(4);

		// Shown now, dated 15 minutes before the newest order: outside the 10-minute margin.
		const [tooLate] = injectOrders(sim().data, { orderDate: t0 + 15 * MINUTE });
		expect((await p.poll()).items).toBeNull();

		// A larger margin widens the window as new orders arrive, but never below what was already forgotten:
		// the orders at t0 and the one at t0 + 15 min are not read again.
		p.node.parameters.options = { safetyMarginMinutes: 60, fullReadMinutes: 0 };
		const [next] = injectOrders(sim().data, { orderDate: t0 + 45 * MINUTE });
		const [late] = injectOrders(sim().data, { orderDate: t0 + 25 * MINUTE });
		const { items } = await p.poll();
		expect(sorted(ids(items))).toEqual(sorted([next.salesOrderId, late.salesOrderId]));
		expect(ids(items)).not.toContain(tooLate.salesOrderId);
		expect((await p.poll()).items).toBeNull();
	});

	test('orders added through the simulator control API (POST /__control/orders) are emitted', async () => {
		const p = poller({ event: 'newOrder', fulfillmentStatus: ['ANNOUNCED'] });
		await p.poll();
		const response = await fetch(`${sim().url}/__control/orders`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ orderDate: iso(Date.now() + MINUTE), count: 3, statuses: ['ANNOUNCED'] }),
		});
		expect(response.status).toBe(201);
		const { orders } = (await response.json()) as { orders: Array<{ salesOrderId: string }> };
		expect(sorted(ids((await p.poll()).items))).toEqual(sorted(orders.map((o) => o.salesOrderId)));
	});

	test('two polls overlapping in one n8n process emit the orders once', async () => {
		const p = poller({ event: 'newOrder' });
		await p.poll();
		const arriving = injectOrders(sim().data, { orderDate: Date.now() + MINUTE, count: 200 });
		const [a, b] = await Promise.all([p.poll(), p.poll()]);
		expect(sorted([...ids(a.items), ...ids(b.items)])).toEqual(sorted(arriving.map((o) => o.salesOrderId)));
		expect((await p.poll()).items).toBeNull();
	});
});

describe('Order Changed and Order Cancelled', () => {
	test('Order Changed: each lifecycle change once, the latest state of the order', async () => {
		const p = poller({ event: 'orderChanged', options: { safetyMarginMinutes: 10 } });
		await p.poll();
		const t0 = Date.now() + MINUTE;
		const [order] = injectOrders(sim().data, { orderDate: t0, statuses: ['PROCESSABLE', 'PROCESSABLE'] });
		const old = sim().data.orders[0];
		ship(old, t0);
		expect(sorted(ids((await p.poll()).items))).toEqual(sorted([order.salesOrderId, old.salesOrderId]));
		expect((await p.poll()).items).toBeNull();

		ship(order, t0 + MINUTE);
		const { items } = await p.poll();
		expect(ids(items)).toEqual([order.salesOrderId]);
		expect(items?.[0].statusCounts).toEqual({ SENT: 1, PROCESSABLE: 1 });
		expect((await p.poll()).items).toBeNull();
	});

	test('Order Cancelled: emitted per cancellation, filtered by who cancelled', async () => {
		const partner = poller({ event: 'orderCancelled', cancelledBy: ['CANCELLED_BY_PARTNER'] });
		const any = poller({ event: 'orderCancelled' });
		await partner.poll();
		await any.poll();
		const t0 = Date.now() + MINUTE;
		const [order] = injectOrders(sim().data, { orderDate: t0, statuses: ['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE'] });
		const [other] = injectOrders(sim().data, { orderDate: t0, statuses: ['PROCESSABLE'] });
		expect((await any.poll()).items).toBeNull();

		cancel(order, t0 + MINUTE, order.positionItems[0], 'CANCELLED_BY_PARTNER');
		cancel(other, t0 + MINUTE, other.positionItems[0], 'CANCELLED_BY_MARKETPLACE');
		expect(ids((await partner.poll()).items)).toEqual([order.salesOrderId]);
		expect(sorted(ids((await any.poll()).items))).toEqual(sorted([order.salesOrderId, other.salesOrderId]));

		// Another item of the same order is cancelled: a new event. A shipment of the last one is not.
		cancel(order, t0 + 2 * MINUTE, order.positionItems[1], 'CANCELLED_BY_PARTNER');
		expect(ids((await partner.poll()).items)).toEqual([order.salesOrderId]);
		ship(order, t0 + 3 * MINUTE, order.positionItems[2]);
		expect((await partner.poll()).items).toBeNull();
		expect(ids((await any.poll()).items)).toEqual([order.salesOrderId]);
		expect((await any.poll()).items).toBeNull();
	});
});

describe('shipments, returns, receipts and price reductions', () => {
	test('New Shipment: emitted once with its position items, not again when its tracking state changes', async () => {
		const p = poller({ event: 'newShipment' });
		await p.poll();
		const shipmentRequests = requestCounter(/^\/v1\/shipments/);
		const template = sim().data.shipments[0];
		const created = iso(Date.now() + MINUTE);
		const shipment = { ...template, shipmentId: 'f0a1b2c3-0000-4000-8000-000000000001', creationDate: created, states: [{ state: 'SENT', occurredOn: created }] };
		sim().data.addShipment(shipment);

		const { items } = await p.poll();
		expect(ids(items, 'shipmentId')).toEqual([shipment.shipmentId]);
		expect(items?.[0].positionItems).toEqual(template.positionItems);
		// The list, then Shipment → Get for the new one.
		expect(shipmentRequests()).toBe(2);

		shipment.states.push({ state: 'ON_THE_WAY', occurredOn: iso(Date.now() + 2 * MINUTE) });
		expect((await p.poll()).items).toBeNull();
		expect(shipmentRequests()).toBe(1);
	});

	test('New or Updated Return Shipment: once when announced, once per tracking update', async () => {
		const p = poller({ event: 'returnShipment' });
		await p.poll();
		const announced = iso(Date.now() + MINUTE);
		const returnShipment: ReturnShipment = {
			...sim().data.returnShipments[0],
			returnShipmentId: 'f0a1b2c3-0000-4000-8000-000000000002',
			createdAt: announced,
			states: [{ state: 'ANNOUNCED', occurredOn: announced }],
		};
		sim().data.addReturnShipment(returnShipment);
		expect(ids((await p.poll()).items, 'returnShipmentId')).toEqual([returnShipment.returnShipmentId]);
		expect((await p.poll()).items).toBeNull();
		returnShipment.states.push({ state: 'ON_THE_WAY', occurredOn: iso(Date.now() + 2 * MINUTE) });
		const { items } = await p.poll();
		expect(items).toHaveLength(1);
		expect(items?.[0].states).toHaveLength(2);
		expect((await p.poll()).items).toBeNull();
	});

	test('Returns: each chosen status once per returned item, one request per status', async () => {
		const p = poller({ event: 'returnStatus', returnStatus: ['ANNOUNCED', 'ACCEPTED'] });
		await p.poll();
		const returnRequests = requestCounter(/^\/v3\/returns$/);
		const sent = sim().data.orders.find((o) => o.positionItems.some((i) => i.fulfillmentStatus === 'SENT')) as PartnerOrder;
		const item = sent.positionItems.find((i) => i.fulfillmentStatus === 'SENT') as PositionItem;
		const entry = {
			positionItemId: item.positionItemId,
			salesOrderId: sent.salesOrderId,
			status: 'ANNOUNCED' as const,
			occurredTime: iso(Date.now() + MINUTE),
			details: { returnTrackingKey: { carrier: 'DHL', trackingNumbers: ['00340434161094042557'] }, orderNumber: sent.orderNumber },
		};
		sim().data.returns.push(entry);

		let { items } = await p.poll();
		expect(items).toEqual([entry]);
		expect(returnRequests()).toBe(2);
		expect((await p.poll()).items).toBeNull();
		expect(returnRequests()).toBe(2);

		Object.assign(entry, { status: 'ACCEPTED', occurredTime: iso(Date.now() + 2 * MINUTE), details: { ...entry.details, condition: 'A', reason: 'RETURN_RECEIVED' } });
		({ items } = await p.poll());
		expect(items).toEqual([expect.objectContaining({ positionItemId: item.positionItemId, status: 'ACCEPTED' })]);
		expect((await p.poll()).items).toBeNull();
	});

	test('New Receipt: only the chosen receipt types, each once', async () => {
		const p = poller({ event: 'newReceipt', receiptTypes: ['REFUND', 'PARTIAL_REFUND'] });
		await p.poll();
		const purchase = sim().data.receipts.find((r) => r.receiptType === 'PURCHASE') as Receipt;
		const refund = sim().data.receipts.find((r) => r.receiptType === 'REFUND') as Receipt;
		const now = Date.now() + MINUTE;
		sim().data.addReceipt({ ...purchase, receiptNumber: '9000000001', creationDate: iso(now) });
		sim().data.addReceipt({ ...refund, receiptNumber: '9000000002', creationDate: iso(now) });
		expect(ids((await p.poll()).items, 'receiptNumber')).toEqual(['9000000002']);
		expect((await p.poll()).items).toBeNull();
	});

	test('New or Changed Price Reduction: a new reduction and OTTO processing it are two events', async () => {
		const p = poller({ event: 'priceReduction' });
		await p.poll();
		const sent = sim().data.orders.find((o) => o.positionItems.some((i) => i.fulfillmentStatus === 'SENT')) as PartnerOrder;
		const item = sent.positionItems.find((i) => i.fulfillmentStatus === 'SENT') as PositionItem;
		const record = {
			salesOrderId: sent.salesOrderId,
			positionItemId: item.positionItemId,
			totalPriceReduction: { amount: 5, currency: 'EUR' as const },
			invoicePrice: item.itemValueGrossPrice,
			priceReductions: [
				{ priceReduction: { amount: 5, currency: 'EUR' as const }, creationDateTime: iso(Date.now() + MINUTE), status: 'INITIATED' as const },
			],
		};
		sim().data.priceReductions.push(record);
		expect(ids((await p.poll()).items, 'positionItemId')).toEqual([item.positionItemId]);
		expect((await p.poll()).items).toBeNull();

		record.priceReductions[0] = { ...record.priceReductions[0], status: 'PROCESSED', receiptNumber: '9000000003' } as never;
		const { items } = await p.poll();
		expect(items?.[0].priceReductions).toEqual([expect.objectContaining({ status: 'PROCESSED' })]);
		expect((await p.poll()).items).toBeNull();
	});
});

describe('products', () => {
	test('Product Marketplace Status Changed: each change once, optionally only to some statuses', async () => {
		const any = poller({ event: 'marketplaceStatus' });
		const online = poller({ event: 'marketplaceStatus', marketPlaceStatus: ['ONLINE'] });
		await any.poll();
		await online.poll();
		const statusRequests = requestCounter(/^\/v5\/products\/marketplace-status$/);
		const [a, b] = sim().data.products;
		const record = (sku: string, status: 'ONLINE' | 'REJECTED', at: number) => ({
			sku,
			status,
			errors: [],
			information: [],
			links: [{ rel: 'variation', href: `/v5/products/${encodeURIComponent(sku)}` }],
			lastModified: iso(at),
		});
		sim().data.marketplaceStatus.set(a.sku, record(a.sku, 'REJECTED', Date.now() + MINUTE));
		sim().data.marketplaceStatus.set(b.sku, record(b.sku, 'ONLINE', Date.now() + MINUTE));
		expect(sorted(ids((await any.poll()).items, 'sku'))).toEqual(sorted([a.sku, b.sku]));
		expect(ids((await online.poll()).items, 'sku')).toEqual([b.sku]);
		expect(statusRequests()).toBe(2);
		// Between full reads (oldest first) a poll reads the latest changes first.
		expect(sim().requests({ path: /marketplace-status$/ }).slice(-1)[0].query).toEqual(
			expect.objectContaining({ 'sort-order': 'desc', marketPlaceStatus: 'ONLINE' }),
		);

		sim().data.marketplaceStatus.set(a.sku, record(a.sku, 'ONLINE', Date.now() + 2 * MINUTE));
		expect(ids((await online.poll()).items, 'sku')).toEqual([a.sku]);
		expect(ids((await any.poll()).items, 'sku')).toEqual([a.sku]);
		expect((await any.poll()).items).toBeNull();
		expect((await online.poll()).items).toBeNull();
	});

	test('Product Content Changed by OTTO: Start From emits the changes since then, once; Fetch Test Event the newest', async () => {
		const since = Date.now() - 10 * 24 * 60 * MINUTE;
		const p = poller({ event: 'contentChange', options: { startFrom: iso(since) } });
		const { items } = await p.poll();
		expect(items?.length).toBeGreaterThan(0);
		expect(items?.every((item) => Date.parse(String(item.lastContentChange)) >= since)).toBe(true);
		expect(new Set(ids(items, 'sku')).size).toBe(items?.length);
		expect((await p.poll()).items).toBeNull();

		const state = p.nodeState();
		const newest = (await p.poll('manual')).items;
		expect(newest).toHaveLength(1);
		const latest = Math.max(...(items ?? []).map((item) => Date.parse(String(item.lastContentChange))));
		expect(Date.parse(String(newest?.[0].lastContentChange))).toBe(latest);
		expect(p.nodeState()).toEqual(state);
	});
});
