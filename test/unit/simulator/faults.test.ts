import { startSimulator } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { api, requestToken, token } from './helpers';

let t: string;

const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 100 } }));
beforeEach(async () => {
	t = await token(sim(), 'orders receipts');
});

describe('fault injection', () => {
	it('429 at rate 1 with Retry-After; the body is OTTO-shaped', async () => {
		sim().configure({ faults: [{ type: '429', retryAfterSeconds: 3 }] });
		const res = await api(sim(), t, '/v4/orders?limit=1');
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('3');
		expect(res.json.errors[0]).toMatchObject({ title: 'Too Many Requests', code: '429', logref: expect.any(String) });
		const [entry] = sim().requests({ path: '/v4/orders' });
		expect(entry).toMatchObject({ status: 429, fault: '429' });
	});

	it('429 without retryAfterSeconds sends no Retry-After header', async () => {
		sim().configure({ faults: [{ type: '429' }] });
		const res = await api(sim(), t, '/v4/orders?limit=1');
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBeNull();
	});

	it('faults happen before auth (even without a token)', async () => {
		sim().configure({ faults: [{ type: '503' }] });
		const res = await api(sim(), undefined, '/v4/orders');
		expect(res.status).toBe(503);
	});

	it('path and method restrict a rule', async () => {
		sim().configure({ faults: [{ type: '500', path: '^/v3/receipts' }, { type: '502', path: '^/v4/orders', method: 'post' }] });
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(200);
		const receipts = await api(sim(), t, '/v3/receipts?limit=1');
		expect(receipts.status).toBe(500);
		expect(receipts.json.errors[0].code).toBe('500');
		const id = sim().data.orders[0].salesOrderId;
		expect((await api(sim(), t, `/v4/orders/${id}/cancellation`, { method: 'POST' })).status).toBe(502);
	});

	it('count limits how often a rule fires', async () => {
		sim().configure({ faults: [{ type: '503', count: 2 }] });
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await api(sim(), t, '/v4/orders?limit=1')).status);
		expect(statuses).toEqual([503, 503, 200, 200]);
	});

	it('rules are evaluated in order', async () => {
		sim().configure({ faults: [{ type: '504', count: 1 }, { type: '429', count: 1 }] });
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++) statuses.push((await api(sim(), t, '/v4/orders?limit=1')).status);
		expect(statuses).toEqual([504, 429, 200]);
	});

	it('drop destroys the connection without a response', async () => {
		sim().configure({ faults: [{ type: 'drop', count: 1 }] });
		await expect(fetch(`${sim().url}/v4/orders?limit=1`, { headers: { Authorization: `Bearer ${t}` } })).rejects.toThrow();
		const [entry] = sim().requests({ path: '/v4/orders' });
		expect(entry).toMatchObject({ fault: 'drop', status: 0 });
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(200);
	});

	it('the token endpoint is only faulted by a rule whose path matches it', async () => {
		sim().configure({ faults: [{ type: '500' }] });
		expect((await requestToken(sim(), { scope: 'orders' })).status).toBe(200);
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(500);
		sim().configure({ faults: [{ type: '503', path: '^/v1/token$', count: 1 }] });
		expect((await requestToken(sim(), { scope: 'orders' })).status).toBe(503);
		expect((await requestToken(sim(), { scope: 'orders' })).status).toBe(200);
	});

	it('rate uses a seeded PRNG: reproducible sequences, roughly the requested share', async () => {
		const run = async () => {
			sim().configure({ faults: [{ type: '503', rate: 0.3 }], faultSeed: 7 });
			const out: number[] = [];
			for (let i = 0; i < 60; i++) out.push((await api(sim(), t, '/v4/orders?limit=1')).status);
			return out;
		};
		const a = await run();
		const b = await run();
		expect(a).toEqual(b);
		const failures = a.filter((s) => s === 503).length;
		expect(failures).toBeGreaterThan(5);
		expect(failures).toBeLessThan(35);
	});

	it('control routes are never faulted', async () => {
		sim().configure({ faults: [{ type: '500' }, { type: '500', path: '.*' }] });
		const res = await fetch(`${sim().url}/__control/state`);
		expect(res.status).toBe(200);
	});

	it('reset() clears faults', async () => {
		sim().configure({ faults: [{ type: '500' }] });
		sim().reset();
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(200);
	});

	it('invalid config is rejected', () => {
		expect(() => sim().configure({ faults: [{ type: '418' as never }] })).toThrow(/Invalid simulator config/);
		expect(() => sim().configure({ faults: [{ type: '500', path: '([' }] })).toThrow(/regular expression/);
		expect(() => sim().configure({ faults: [{ type: '500', rate: 2 }] })).toThrow();
	});
});

describe('latency', () => {
	it('delays API requests but not control requests', async () => {
		sim().configure({ latencyMs: 250 });
		const started = Date.now();
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
		const controlStart = Date.now();
		await fetch(`${sim().url}/__control/state`);
		expect(Date.now() - controlStart).toBeLessThan(200);
		sim().configure({ latencyMs: 0 });
		const fast = Date.now();
		await api(sim(), t, '/v4/orders?limit=1');
		expect(Date.now() - fast).toBeLessThan(200);
	});
});

describe('throughput', () => {
	it('handles 10,000 small-page requests quickly and logs each', async () => {
		const paths = ['/v4/orders?limit=5', '/v3/receipts?limit=5', '/v4/orders?fulfillmentStatus=SENT&limit=2', `/v4/orders/${sim().data.orders[0].salesOrderId}`];
		sim().clearRequests();
		const started = Date.now();
		const batch = 50;
		for (let i = 0; i < 10_000; i += batch) {
			const statuses = await Promise.all(
				Array.from({ length: batch }, (_, k) =>
					fetch(`${sim().url}${paths[(i + k) % paths.length]}`, { headers: { Authorization: `Bearer ${t}` } }).then(async (r) => {
						await r.arrayBuffer();
						return r.status;
					}),
				),
			);
			expect(statuses.every((s) => s === 200)).toBe(true);
		}
		expect(sim().requests()).toHaveLength(10_000);
		expect(Date.now() - started).toBeLessThan(15_000);
	}, 30_000);
});
