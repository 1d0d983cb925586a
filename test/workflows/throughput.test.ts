/**
 * Throughput of the bulk writes inside n8n-core's engine: the fewest requests, within OTTO's rate, several
 * chunks in flight, one token renewal per expiry, and items read without the expression engine where a field
 * is mapped as it is. Every assertion counts requests in the simulator's log; none looks at the clock.
 */
import type { IDataObject } from 'n8n-workflow';

import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

const { sim, helper } = useSimulator({ start: { seed: { orders: 0 } } });

const QUANTITIES = '/v1/availability/quantities';
const isToken = (path: string) => path.startsWith('/v1/token');

const updateQuantities = (extra: IDataObject = {}) => ({
	resource: 'quantity',
	operation: 'update',
	sku: '={{ $json.sku }}',
	quantity: '={{ $json.quantity }}',
	...extra,
});

function stock(count: number): IDataObject[] {
	const items: IDataObject[] = [];
	for (let k = 0; k < count; k++) {
		const sku = `BULK-${String(k).padStart(5, '0')}`;
		sim().data.quantities.set(sku, { sku, quantity: 0, lastModified: '2024-01-01T00:00:00.000Z' });
		items.push({ sku, quantity: k % 1000 });
	}
	return items;
}

describe('bulk writes at OTTO’s limits', () => {
	test('10,000 SKUs: 50 requests, none refused by a simulator that allows 20 per second, every quantity applied in input order', async () => {
		const input = stock(10_000);
		sim().configure({ rateLimit: { requestsPerSecond: 20 } });
		const result = await runWorkflow(ottoWorkflow(updateQuantities(), input, { typeVersion: 2 }), helper());
		expect(result.error).toBeUndefined();
		const posts = sim().requests({ path: QUANTITIES, method: 'POST' });
		expect(posts).toHaveLength(50);
		expect(posts.filter((r) => r.status === 429)).toHaveLength(0);
		const out = result.output('Otto Market');
		expect(out).toHaveLength(10_000);
		expect(paired(out)).toEqual(input.map((_, k) => k));
		expect(out[7_777].json).toEqual({ sku: 'BULK-07777', quantity: 777 });
		expect(sim().data.quantities.get('BULK-09999')?.quantity).toBe(999);
	}, 60_000);

	test('"Max Requests per Second" paces the run: 5 per second against a simulator that allows 5 — no 429', async () => {
		const input = stock(200);
		sim().configure({ rateLimit: { requestsPerSecond: 5 } });
		const result = await runWorkflow(
			ottoWorkflow(updateQuantities({ options: { batchSize: 20, requestsPerSecond: 5, concurrency: 8 } }), input, { typeVersion: 2 }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const posts = sim().requests({ path: QUANTITIES, method: 'POST' });
		expect(posts).toHaveLength(10);
		expect(posts.filter((r) => r.status === 429)).toHaveLength(0);
	}, 60_000);

	test('a simulator stricter than the pace: 429s are retried and slow the run down; nothing fails', async () => {
		const input = stock(1_000);
		sim().configure({ rateLimit: { requestsPerSecond: 5, burst: 1 } });
		const result = await runWorkflow(
			ottoWorkflow(updateQuantities({ options: { batchSize: 100 } }), input, { typeVersion: 2 }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const posts = sim().requests({ path: QUANTITIES, method: 'POST' });
		expect(posts.filter((r) => r.status === 200)).toHaveLength(10);
		expect(posts.filter((r) => r.status === 429).length).toBeGreaterThan(0);
		expect(result.output('Otto Market').every((i) => i.json.error === undefined)).toBe(true);
	}, 60_000);

	test('tokens expiring while 4 chunks are in flight: one renewal per expired token, each chunk applied once', async () => {
		const input = stock(6_000);
		sim().configure({ tokenTtlSeconds: 0.4, latencyMs: 30 });
		const result = await runWorkflow(ottoWorkflow(updateQuantities(), input, { typeVersion: 2 }), helper());
		expect(result.error).toBeUndefined();
		const log = sim().requests();
		const tokens = log.filter((r) => isToken(r.path));
		const refused = log.filter((r) => !isToken(r.path) && r.status === 401);
		const expired = new Set(refused.map((r) => r.tokenId));
		// the first token, then one per token OTTO refused as expired — however many requests met it
		expect(refused.length).toBeGreaterThan(0);
		expect(tokens).toHaveLength(1 + expired.size);
		expect(sim().requests({ path: QUANTITIES, method: 'POST' }).filter((r) => r.status === 200)).toHaveLength(30);
	}, 60_000);
});

describe('reading 10,000 items', () => {
	// `{{ $json.sku }}` is read straight from the item; `{{ ($json.sku) }}` goes through n8n's expression engine.
	const tricky: IDataObject[] = [
		{ sku: 'A-1', quantity: 3 },
		{ sku: 'A-2', quantity: '7' },
		{ sku: 'A-3' },
		{ sku: 'A-4', quantity: null },
		{ quantity: 2 },
		{ sku: 12345, quantity: 1 },
		{ sku: ' A-5', quantity: 1 },
		{ sku: { nested: true }, quantity: 1 },
		{ sku: 'A-6', quantity: -4 },
		{ sku: 'A-7', quantity: 2.5 },
		{ sku: 'A-8', quantity: [1] },
	];

	test('a field mapped as it is gives exactly what the expression engine gives, errors included', async () => {
		for (const item of tricky) {
			if (typeof item.sku === 'string') sim().data.quantities.set(item.sku, { sku: item.sku, quantity: 0, lastModified: '2024-01-01T00:00:00.000Z' });
		}
		const direct = await runWorkflow(ottoWorkflow(updateQuantities(), tricky, { typeVersion: 2, continueOnFail: true }), helper());
		const viaEngine = await runWorkflow(
			ottoWorkflow(updateQuantities({ sku: '={{ ($json.sku) }}', quantity: '={{ ($json.quantity) }}' }), tricky, { typeVersion: 2, continueOnFail: true }),
			helper(),
		);
		// the same outcome; only OTTO's timestamps and error log references differ between two runs
		const shown = (r: typeof direct) =>
			r.output('Otto Market').map(({ json }) => JSON.parse(JSON.stringify(json).replace(/"lastModified":"[^"]*"/g, '"lastModified":"…"').replace(/logref [0-9a-f-]+/g, 'logref …')) as IDataObject);
		expect(shown(direct)).toEqual(shown(viaEngine));
		expect(shown(direct).filter((j) => j.error === undefined).map((j) => j.sku)).toEqual(['A-1', 'A-2']);
	});

	test('nested and bracketed field paths are read from the item too', async () => {
		const input = stock(3).map((item) => ({ stock: { sku: item.sku }, 'qty field': 9 }));
		const result = await runWorkflow(
			ottoWorkflow(updateQuantities({ sku: '={{ $json.stock.sku }}', quantity: "={{ $json['qty field'] }}" }), input, { typeVersion: 2 }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market').map((i) => i.json)).toEqual([
			{ sku: 'BULK-00000', quantity: 9 },
			{ sku: 'BULK-00001', quantity: 9 },
			{ sku: 'BULK-00002', quantity: 9 },
		]);
	});
});
