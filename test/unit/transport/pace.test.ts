/**
 * Client-side pace and concurrent chunks of the transport (nodes/OttoMarket/transport/pace.ts, ottoBatchRequest).
 * A fake clock makes every wait exact; no test looks at the wall clock.
 */
import { sleep } from 'n8n-workflow';

import { oneRenewalAtATime, Pace, toRate } from '../../../nodes/OttoMarket/transport/pace';
import { ottoBatchRequest, type OttoContext } from '../../../nodes/OttoMarket/transport';

function clock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Pace', () => {
	test('one request per interval, no burst', () => {
		const c = clock();
		const pace = new Pace(20, c.now);
		expect(Array.from({ length: 5 }, () => pace.take())).toEqual([0, 50, 100, 150, 200]);
	});

	test('100 requests taken at once are spread over 5 s at 20/s; an idle bucket starts afresh', () => {
		const c = clock();
		const pace = new Pace(20, c.now);
		const waits = Array.from({ length: 100 }, () => pace.take());
		expect(Math.max(...waits)).toBe(99 * 50);
		c.advance(60_000);
		expect(pace.take()).toBe(0);
	});

	test('time already passed counts: a caller that comes after its slot does not wait', () => {
		const c = clock();
		const pace = new Pace(10, c.now);
		expect(pace.take()).toBe(0);
		c.advance(30);
		expect(pace.take()).toBe(70);
		c.advance(500);
		expect(pace.take()).toBe(0);
	});

	test('a 429 slows the bucket down; it regains its rate without further 429s', () => {
		const c = clock();
		const pace = new Pace(20, c.now);
		pace.slowDown();
		expect(pace.current()).toBeCloseTo(14);
		pace.slowDown();
		expect(pace.current()).toBeCloseTo(9.8);
		for (let k = 0; k < 20; k++) pace.slowDown();
		expect(pace.current()).toBeCloseTo(4); // never below a fifth
		c.advance(3_000);
		expect(pace.current()).toBeCloseTo(10);
		c.advance(60_000);
		expect(pace.current()).toBe(20);
	});

	test('the option: a number within 0.1…100, anything else the default of 20', () => {
		expect(toRate(5)).toBe(5);
		expect(toRate('10')).toBe(10);
		expect(toRate(1000)).toBe(100);
		expect(toRate(0)).toBe(20);
		expect(toRate('fast')).toBe(20);
		expect(toRate(undefined)).toBe(20);
	});
});

describe('oneRenewalAtATime', () => {
	test('repeats run one after another per credential, in parallel across credentials', async () => {
		const log: string[] = [];
		const repeat = (name: string) => async () => {
			log.push(`start ${name}`);
			await sleep(5);
			log.push(`end ${name}`);
			return name;
		};
		const results = await Promise.all([
			oneRenewalAtATime('A', repeat('a1')),
			oneRenewalAtATime('A', repeat('a2')),
			oneRenewalAtATime('B', repeat('b1')),
		]);
		expect(results).toEqual(['a1', 'a2', 'b1']);
		expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
		expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
	});

	test('a failed repeat does not block the next one', async () => {
		const failing = oneRenewalAtATime('C', async () => {
			throw new Error('refused');
		});
		const next = oneRenewalAtATime('C', async () => 'ok');
		await expect(failing).rejects.toThrow('refused');
		await expect(next).resolves.toBe('ok');
	});
});

describe('ottoBatchRequest', () => {
	const ctx = {} as OttoContext;
	const entries = Array.from({ length: 10 }, (_, k) => k);

	async function run(concurrency: number) {
		let inFlight = 0;
		let most = 0;
		const started: number[] = [];
		const results = await ottoBatchRequest.call(
			ctx,
			entries,
			2,
			async function (batch) {
				started.push(batch.offset);
				inFlight++;
				most = Math.max(most, inFlight);
				// later chunks answer sooner: results must still come back in chunk order
				await sleep(20 - batch.offset * 2);
				inFlight--;
				return batch.entries.map((e) => Number(e) * 10);
			},
			concurrency,
		);
		return { results, most, started };
	}

	test('up to `concurrency` chunks at once, the first one alone; results in chunk order', async () => {
		const { results, most, started } = await run(3);
		expect(results.map((r) => r.batch.offset)).toEqual([0, 2, 4, 6, 8]);
		expect(results.map((r) => r.result)).toEqual([[0, 10], [20, 30], [40, 50], [60, 70], [80, 90]]);
		expect(most).toBe(3);
		expect(started[0]).toBe(0);
	});

	test('concurrency 1 sends one chunk after another', async () => {
		const { most, results } = await run(1);
		expect(most).toBe(1);
		expect(results).toHaveLength(5);
	});

	test('no entries: no request', async () => {
		const send = jest.fn();
		expect(await ottoBatchRequest.call(ctx, [], 2, send, 4)).toEqual([]);
		expect(send).not.toHaveBeenCalled();
	});
});
