/**
 * Otto Market Trigger on a busy account: what a poll costs (API requests in the simulator's log) when the safety
 * margin holds many orders already emitted, and that reading only the newest changes between full reads of the
 * margin never misses or repeats an order. As in trigger.test.ts, orders "arrive" between polls via injectOrders
 * and OTTO's clock runs ahead of the real one (one minute per poll). Time passing on n8n's clock (the schedule of
 * the full reads) is simulated by moving the stored time of the last full read back.
 */
import type { IDataObject } from 'n8n-workflow';

import { loadState } from '../../nodes/OttoMarketTrigger/state';
import type { PartnerOrder } from '../otto-simulator';
import { injectOrders } from '../otto-simulator/inject';
import { useSimulator } from '../harness';
import { TestPoller } from '../harness/poll';
import { MINUTE, ids, iso, sorted, triggerKit } from './fixtures/trigger';

const NODE_KEY = 'node:Otto Market Trigger';

const simulator = useSimulator();
const { sim } = simulator;
const { poller, requestCounter } = triggerKit(simulator);

const idsOf = (orders: PartnerOrder[]) => orders.map((o) => o.salesOrderId);

interface StoredState {
	from: string;
	floor: string;
	high: string;
	seen: Record<string, number>;
	fullRead?: string;
}
const stateOf = (p: TestPoller, event = 'newOrder') => p.nodeState()[event] as unknown as StoredState;

/**
 * The same trigger `minutes` later on n8n's clock: its stored state as n8n keeps it, with the last full read that
 * much longer ago (a new TestPoller, as after a restart of n8n).
 */
function later(p: TestPoller, minutes: number, event = 'newOrder'): TestPoller {
	const nodeState = p.nodeState();
	const state = nodeState[event] as IDataObject;
	state.fullRead = iso(Date.parse(String(state.fullRead)) - minutes * MINUTE);
	return poller(p.node.parameters, { staticData: { [NODE_KEY]: nodeState } });
}

/** `count` orders spread evenly over the `spanMinutes` before `end` (OTTO's clock), ten per timestamp. */
function ordersOver(end: number, spanMinutes: number, count: number): PartnerOrder[] {
	const out: PartnerOrder[] = [];
	const stamps = Math.ceil(count / 10);
	for (let i = 0; i < stamps; i++) {
		out.push(...injectOrders(sim().data, { orderDate: end - Math.round(((i + 1) * spanMinutes * MINUTE) / stamps), count: 10 }));
	}
	return out;
}

/** Counts every emission, so a repeat anywhere in a test shows. */
function tally() {
	const counts = new Map<string, number>();
	return {
		add: (list: string[]) => {
			for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
		},
		counts,
		repeated: () => [...counts].filter(([, n]) => n > 1).map(([id]) => id),
	};
}

describe('New Order on a busy account', () => {
	test('1,000 orders already seen in the margin: 3 new ones cost one request, an idle poll one request', async () => {
		const busy = ordersOver(Date.now(), 50, 1000);
		const p = poller({ event: 'newOrder' });
		const orderRequests = requestCounter(/^\/v4\/orders$/);

		// First poll: reads the whole margin (oldest first), remembers the 1,000 orders, emits nothing.
		expect((await p.poll()).items).toBeNull();
		const window = sim().data.orders.filter((o) => Date.parse(o.orderDate) >= Date.parse(stateOf(p).floor));
		expect(window.length).toBeGreaterThanOrEqual(1000);
		expect(orderRequests()).toBe(Math.ceil(window.length / 128));
		expect(Object.keys(stateOf(p).seen)).toEqual(expect.arrayContaining(idsOf(busy)));

		const fresh = injectOrders(sim().data, { orderDate: Date.now() + MINUTE, count: 3 });
		const { items } = await p.poll();
		expect(sorted(ids(items))).toEqual(sorted(idsOf(fresh)));
		const cost = orderRequests();
		expect(cost).toBeLessThanOrEqual(2);
		expect(cost).toBe(1);
		// Newest first (the list's order for this poll), down to the previous high-water date.
		const [request] = sim().requests({ path: /^\/v4\/orders$/ }).slice(-1);
		expect(request.query).toEqual(expect.objectContaining({ orderDirection: 'DESC' }));

		// Idle: one request, nothing emitted.
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);

		// The same margin read in full on every poll (Re-Read Safety Margin Every 0): what each poll cost before.
		p.node.parameters.options = { fullReadMinutes: 0 };
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBeGreaterThanOrEqual(8);
	});

	test('an order OTTO shows late with an older date inside the margin is emitted once, by the next full read', async () => {
		ordersOver(Date.now(), 50, 1000);
		const first = poller({ event: 'newOrder' });
		await first.poll();
		const orderRequests = requestCounter(/^\/v4\/orders$/);
		const emitted = tally();

		const t0 = Date.now() + MINUTE;
		const fresh = injectOrders(sim().data, { orderDate: t0, count: 3 });
		let items = (await first.poll()).items;
		emitted.add(ids(items));
		expect(sorted(ids(items))).toEqual(sorted(idsOf(fresh)));
		expect(orderRequests()).toBe(1);

		// Shown now, dated (and last changed) 30 minutes ago: below 500 orders already emitted, inside the 60-minute margin.
		const [late] = injectOrders(sim().data, { orderDate: t0 - 30 * MINUTE });
		// One on the first page: dated 2 minutes ago, but on the page that reaches below the last high-water date.
		const [nearTop] = injectOrders(sim().data, { orderDate: t0 - 2 * MINUTE + 1 });
		items = (await first.poll()).items;
		emitted.add(ids(items));
		expect(ids(items)).toEqual([nearTop.salesOrderId]);
		expect(orderRequests()).toBeLessThanOrEqual(2);
		orderRequests();

		// Ten minutes later on n8n's clock a poll reads the whole margin again and finds the late order.
		const second = later(first, 10);
		items = (await second.poll()).items;
		emitted.add(ids(items));
		expect(ids(items)).toEqual([late.salesOrderId]);
		expect(orderRequests()).toBeGreaterThanOrEqual(8);
		expect(stateOf(second).fullRead).toBeDefined();

		// Quick polls again, and another full read: nothing is repeated.
		expect((await second.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);
		const third = later(second, 10);
		expect((await third.poll()).items).toBeNull();
		expect((await third.poll()).items).toBeNull();
		expect(emitted.repeated()).toEqual([]);
		expect(sorted([...emitted.counts.keys()])).toEqual(sorted([...idsOf(fresh), nearTop.salesOrderId, late.salesOrderId]));
	});

	test('20 busy polls with quick reads, a full read every 5: every order once, late ones by the next full read', async () => {
		let p = poller({ event: 'newOrder', options: { safetyMarginMinutes: 15 } });
		ordersOver(Date.now(), 14, 700);
		await p.poll();
		const orderRequests = requestCounter(/^\/v4\/orders$/);
		const emitted = tally();

		const base = Date.now() + MINUTE;
		const tick = (k: number) => base + k * MINUTE;
		const shared = tick(8);
		const byPoll: PartnerOrder[][] = [];
		const pending = new Set<string>();
		const arrived = new Set<string>();
		let fullReads = 0;
		for (let k = 1; k <= 20; k++) {
			const onTime: PartnerOrder[] = [];
			const late: PartnerOrder[] = [];
			for (let j = 0; j < 30; j++) onTime.push(...injectOrders(sim().data, { orderDate: tick(k) - j * 1000 }));
			// 300 orders at one timestamp, over three polls: the last 200 are dated before the previous poll's newest.
			if (k >= 8 && k <= 10) (k === 8 ? onTime : late).push(...injectOrders(sim().data, { orderDate: shared, count: 100 }));
			// Late: shown now, dated 14 minutes ago (inside the 15-minute margin). Found by the next full read, up to four
			// polls later, when they are older than the margin behind the newest order: the window stays where the last full
			// read left it.
			if (k >= 11) {
				late.push(...injectOrders(sim().data, { orderDate: tick(k) - 14 * MINUTE, lifecycleChangeDate: tick(k) - 13 * MINUTE, count: 10 }));
			}
			// Orders emitted before change (shipped): the same orders, never new again.
			if (k >= 3) {
				for (const order of byPoll[k - 3].slice(0, 20)) {
					order.positionItems[0].fulfillmentStatus = 'SENT';
					order.positionItems[0].sentDate = iso(tick(k));
					sim().data.touchOrder(order, iso(tick(k)));
				}
			}
			byPoll.push([...onTime, ...late]);
			for (const order of [...onTime, ...late]) arrived.add(order.salesOrderId);
			for (const order of late) pending.add(order.salesOrderId);

			const full = k % 5 === 0;
			if (full) {
				p = later(p, 10);
				fullReads++;
			}
			const { items } = await p.poll();
			const requests = orderRequests();
			const got = ids(items);
			emitted.add(got);
			for (const id of got) pending.delete(id);
			// Everything arriving with the newest dates comes out in the poll that first sees it.
			expect(got).toEqual(expect.arrayContaining(idsOf(onTime)));
			// Only orders that arrived; a full read also emits every late one still pending.
			expect(got.filter((id) => !arrived.has(id))).toEqual([]);
			if (full) expect([...pending]).toEqual([]);
			// A quick poll reads about one page per 128 orders it emits, plus the page below the last high-water date.
			else expect(requests).toBeLessThanOrEqual(Math.ceil(got.length / 128) + 1);
		}

		// A last full read, then quiet: a quick poll costs one request.
		p = later(p, 10);
		emitted.add(ids((await p.poll()).items));
		orderRequests();
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);

		const injected = byPoll.flat();
		expect(fullReads).toBe(4);
		expect(injected).toHaveLength(20 * 30 + 300 + 10 * 10);
		expect(emitted.repeated()).toEqual([]);
		expect(sorted([...emitted.counts.keys()])).toEqual(sorted(idsOf(injected)));
		// What is remembered stays inside the window the last full read set.
		const state = stateOf(p);
		expect(Object.values(state.seen).every((time) => time >= Date.parse(state.floor))).toBe(true);
	});

	test('a quick poll cut short by the poll budget leaves the rest to a full read: no gap, no repeat', async () => {
		ordersOver(Date.now(), 50, 600);
		const p = poller({ event: 'newOrder' }, { pollBudgetMs: 1 });
		await p.poll();
		// The first poll itself resumed page by page (one page per poll) until the window was read once.
		for (let i = 0; stateOf(p).fullRead === undefined; i++) {
			expect(i).toBeLessThan(20);
			expect((await p.poll()).items).toBeNull();
		}
		const orderRequests = requestCounter(/^\/v4\/orders$/);
		const arriving = ordersOver(Date.now() + 5 * MINUTE, 4, 400);
		const emitted = tally();

		// Out of time after the first page: its orders are emitted, the next polls read the whole window.
		const { items } = await p.poll();
		emitted.add(ids(items));
		expect(orderRequests()).toBe(1);
		expect(ids(items)).toHaveLength(128);
		expect(stateOf(p).fullRead).toBeUndefined();
		for (let i = 0; stateOf(p).fullRead === undefined; i++) {
			expect(i).toBeLessThan(20);
			emitted.add(ids((await p.poll()).items));
			expect(orderRequests()).toBe(1);
		}
		expect(emitted.repeated()).toEqual([]);
		expect(sorted([...emitted.counts.keys()])).toEqual(sorted(idsOf(arriving)));
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);
	});

	test('more than a page of orders at one date does not hold up a full read that resumes after each page', async () => {
		const p = poller({ event: 'newOrder' }, { pollBudgetMs: 1 });
		await p.poll();
		const arriving = injectOrders(sim().data, { orderDate: Date.now() + MINUTE, count: 300 });
		const emitted = tally();
		// The quick poll stops after its first page (out of time), the full read goes on from there.
		for (let i = 0; i === 0 || stateOf(p).fullRead === undefined; i++) {
			expect(i).toBeLessThan(10);
			emitted.add(ids((await p.poll()).items));
		}
		expect(emitted.repeated()).toEqual([]);
		expect(sorted([...emitted.counts.keys()])).toEqual(sorted(idsOf(arriving)));
	});

	test('a state stored before quick polls existed (no time of the last full read) is read: one full read, no repeats', async () => {
		ordersOver(Date.now(), 50, 500);
		const p = poller({ event: 'newOrder' });
		await p.poll();
		const fresh = injectOrders(sim().data, { orderDate: Date.now() + MINUTE, count: 5 });
		expect(sorted(ids((await p.poll()).items))).toEqual(sorted(idsOf(fresh)));

		// As the previous version stored it: v1, no `fullRead`.
		const nodeState = p.nodeState();
		const old = { ...(nodeState.newOrder as IDataObject) };
		delete old.fullRead;
		expect(old.v).toBe(1);
		const loaded = loadState(old);
		expect(loaded?.baseline).toBe(false);
		expect(loaded?.fullRead).toBeUndefined();
		expect(loaded?.seen.size).toBe(Object.keys(old.seen as IDataObject).length);

		const upgraded = poller(p.node.parameters, { staticData: { [NODE_KEY]: { newOrder: old } } });
		const orderRequests = requestCounter(/^\/v4\/orders$/);
		const [next] = injectOrders(sim().data, { orderDate: Date.now() + 2 * MINUTE });
		// The first poll after the update reads the whole margin, emits only the new order.
		expect(ids((await upgraded.poll()).items)).toEqual([next.salesOrderId]);
		expect(orderRequests()).toBeGreaterThanOrEqual(4);
		expect(stateOf(upgraded).fullRead).toBeDefined();
		expect((await upgraded.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);
	});
});

describe('other events read newest first between full reads', () => {
	test('Order Changed: each change once; an idle poll costs one request over a busy margin', async () => {
		const busy = ordersOver(Date.now(), 50, 600);
		const p = poller({ event: 'orderChanged' });
		await p.poll();
		const orderRequests = requestCounter(/^\/v4\/orders$/);
		expect((await p.poll()).items).toBeNull();
		expect(orderRequests()).toBe(1);

		// One of the orders in the margin ships: a new change, found on the first page.
		const order = busy[300];
		order.positionItems[0].fulfillmentStatus = 'SENT';
		order.positionItems[0].sentDate = iso(Date.now() + MINUTE);
		sim().data.touchOrder(order, iso(Date.now() + MINUTE));
		expect(ids((await p.poll()).items)).toEqual([order.salesOrderId]);
		expect(orderRequests()).toBe(1);
		expect((await later(p, 10, 'orderChanged').poll()).items).toBeNull();
	});
});
