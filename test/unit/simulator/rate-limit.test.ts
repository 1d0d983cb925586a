/**
 * The simulator's rate limit (`config.rateLimit`, a token bucket). The simulator gets an injected clock that only
 * moves when a test moves it, so every count below is exact; nothing depends on wall-clock time.
 */
import { startSimulator } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { TokenBucket } from '../../simulator-core/rateLimit';
import { api, requestToken, token } from './helpers';

let now = 0;
const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 20 }, clock: () => now }));
let t: string;

beforeEach(async () => {
	now = 0;
	t = await token(sim(), 'orders');
});

/** `n` requests at once (same clock reading); their statuses in order of sending. */
async function burst(n: number, path = '/v4/orders?limit=1'): Promise<number[]> {
	const answers = await Promise.all(Array.from({ length: n }, () => api(sim(), t, path)));
	return answers.map((a) => a.status);
}
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('rate limit', () => {
	test('a burst of 30 against 10/s (capacity one second = 10): 10 answered 200, 20 answered 429 with Retry-After, all logged', async () => {
		sim().configure({ rateLimit: { requestsPerSecond: 10 } });
		const statuses = await burst(30);
		expect(count(statuses, 200)).toBe(10);
		expect(count(statuses, 429)).toBe(20);

		const log = sim().requests({ path: '/v4/orders' });
		expect(log).toHaveLength(30);
		expect(log.filter((r) => r.status === 429 && r.rateLimited)).toHaveLength(20);
		expect(log.filter((r) => r.status === 200 && !r.rateLimited)).toHaveLength(10);
	});

	test('the 429 is OTTO-shaped; Retry-After is the time until the next token, in fractional seconds', async () => {
		sim().configure({ rateLimit: { requestsPerSecond: 4, burst: 1 } });
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(200);
		const refused = await api(sim(), t, '/v4/orders?limit=1');
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('0.25');
		expect(refused.json.errors[0]).toMatchObject({ code: '429', logref: expect.any(String) });
		now += 100; // 0.4 tokens
		expect((await api(sim(), t, '/v4/orders?limit=1')).headers.get('retry-after')).toBe('0.15');
		now += 150;
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(200);
	});

	test('wholeSeconds rounds Retry-After up to whole seconds (at least 1)', async () => {
		sim().configure({ rateLimit: { requestsPerSecond: 0.5, wholeSeconds: true } });
		expect((await api(sim(), t, '/v4/orders?limit=1')).status).toBe(200);
		expect((await api(sim(), t, '/v4/orders?limit=1')).headers.get('retry-after')).toBe('2');
		now += 1500;
		expect((await api(sim(), t, '/v4/orders?limit=1')).headers.get('retry-after')).toBe('1');
	});

	test('burst sets the capacity; the bucket refills at the rate and never beyond the capacity', async () => {
		sim().configure({ rateLimit: { requestsPerSecond: 20, burst: 5 } });
		let statuses = await burst(12);
		expect([count(statuses, 200), count(statuses, 429)]).toEqual([5, 7]);

		now += 200; // 4 tokens
		statuses = await burst(6);
		expect([count(statuses, 200), count(statuses, 429)]).toEqual([4, 2]);

		now += 10_000; // full again: 5, not 200
		statuses = await burst(8);
		expect([count(statuses, 200), count(statuses, 429)]).toEqual([5, 3]);
	});

	test('token requests are not limited and take no token', async () => {
		sim().configure({ rateLimit: { requestsPerSecond: 2 } });
		for (let k = 0; k < 5; k++) expect((await requestToken(sim(), { scope: 'orders' })).status).toBe(200);
		const statuses = await burst(4);
		expect([count(statuses, 200), count(statuses, 429)]).toEqual([2, 2]);
		expect((await requestToken(sim(), { scope: 'orders' })).status).toBe(200);
	});

	test('refused requests take no token: 1/s, five refusals, one second later one request passes', async () => {
		sim().configure({ rateLimit: { requestsPerSecond: 1 } });
		expect(count(await burst(6), 200)).toBe(1);
		now += 1000;
		expect(count(await burst(2), 200)).toBe(1);
	});

	test('configure / reset / control API: set, read, remove; reset restores the start-up config (no limit)', async () => {
		const control = (method: string, body?: unknown) =>
			fetch(`${sim().url}/__control/config`, {
				method,
				headers: { 'Content-Type': 'application/json' },
				...(body !== undefined ? { body: JSON.stringify(body) } : {}),
			}).then((r) => r.json().then((json) => ({ status: r.status, json: json as { rateLimit?: unknown } })));

		const set = await control('POST', { rateLimit: { requestsPerSecond: 3, burst: 2 } });
		expect(set.status).toBe(200);
		expect((await control('GET')).json.rateLimit).toEqual({ requestsPerSecond: 3, burst: 2 });
		expect(count(await burst(5), 200)).toBe(2);

		expect((await control('POST', { rateLimit: { requestsPerSecond: 0 } })).status).toBe(400);
		expect((await control('POST', { rateLimit: { requestsPerSecond: 3, extra: 1 } })).status).toBe(400);

		await control('POST', { rateLimit: null });
		expect((await control('GET')).json.rateLimit).toBeUndefined();
		expect(count(await burst(10), 200)).toBe(10);

		sim().configure({ rateLimit: { requestsPerSecond: 1 } });
		sim().reset();
		t = await token(sim(), 'orders');
		expect(count(await burst(10), 200)).toBe(10);
	});

	test('a limit given at start-up survives reset, with a full bucket', async () => {
		const limited = await startSimulator({ port: 0, seed: { orders: 5 }, config: { rateLimit: { requestsPerSecond: 3 } }, clock: () => now });
		try {
			const bearer = await token(limited, 'orders');
			const round = async () => (await Promise.all(Array.from({ length: 5 }, () => api(limited, bearer, '/v4/orders?limit=1')))).map((a) => a.status);
			expect(count(await round(), 200)).toBe(3);
			limited.reset();
			expect(count(await round(), 200)).toBe(3);
			expect(limited.requests().filter((r) => r.rateLimited)).toHaveLength(2);
		} finally {
			await limited.close();
		}
	});
});

describe('TokenBucket', () => {
	test('capacity defaults to one second of the rate (at least 1); wait times', () => {
		let clock = 0;
		expect(new TokenBucket({ requestsPerSecond: 50 }, () => clock).capacity).toBe(50);
		expect(new TokenBucket({ requestsPerSecond: 0.2 }, () => clock).capacity).toBe(1);
		const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 2 }, () => clock);
		expect([bucket.take(), bucket.take()]).toEqual([0, 0]);
		expect(bucket.take()).toBeCloseTo(0.1, 9);
		clock += 50;
		expect(bucket.take()).toBeCloseTo(0.05, 9);
		expect(bucket.retryAfter(0.05)).toBe('0.05');
		expect(bucket.retryAfter(0.0501)).toBe('0.051');
		clock += 50;
		expect(bucket.take()).toBe(0);
	});
});
