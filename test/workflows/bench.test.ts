/**
 * The bench's scenarios (test/bench/scenarios.ts) on a small scale, through the same runner as `npm run bench`, against
 * an in-process simulator without latency: request counts only, never times.
 */
import { measure, isNotApplicable, type Measurement } from '../bench/measure';
import {
	buildScenarios,
	floorOf,
	LATENCY_MS,
	NODE_CONCURRENCY,
	NODE_REQUESTS_PER_SECOND,
	type BenchSizes,
	type Scenario,
	type Variant,
} from '../bench/scenarios';
import { inProcessSimulator, type BenchSimulator } from '../bench/simHost';

jest.setTimeout(60_000);

const SMALL: BenchSizes = {
	stockSkus: 1_000,
	stockBaselineSkus: 100,
	orders: 300,
	products: 600,
	productsBaseline: 20,
	limitedStockBaselineSkus: 60,
};

let sim: BenchSimulator;
const scenarios = new Map<string, Scenario>(buildScenarios(SMALL).map((s) => [s.id, { ...s, setup: { ...s.setup, latencyMs: 0 } }]));

beforeAll(async () => {
	sim = await inProcessSimulator();
});
afterAll(async () => {
	await sim.close();
});

function variantOf(id: string, name: Variant['variant']): { scenario: Scenario; variant: Variant } {
	const scenario = scenarios.get(id)!;
	const variant = scenario.variants.find((v) => v.variant === name)!;
	if (isNotApplicable(variant)) throw new Error(`${id} ${name} is n/a`);
	return { scenario, variant };
}

async function run(id: string, name: Variant['variant']): Promise<Measurement> {
	const { scenario, variant } = variantOf(id, name);
	return await measure(sim, scenario, variant);
}

describe('bench scenarios, small', () => {
	test('1 stock update: 1,000 SKUs → 5 requests (the floor), one token request, 1,000 results', async () => {
		const m = await run('1', 'package');
		expect(m.floor.requests).toBe(5);
		expect(m.stats).toMatchObject({ api: 5, token: 1, tooMany: 0, ok: 5, byRoute: { 'POST /v1/availability/quantities': 5 } });
		expect(m.outcome).toEqual({ output: 1_000, failed: 0 });
	});

	test('1 stock update, per-item baseline: one request per item', async () => {
		const m = await run('1', 'per-item baseline');
		expect(m.stats).toMatchObject({ api: 100, token: 1, ok: 100, byRoute: { 'POST /v1/availability/quantities': 100 } });
		expect(m.outcome).toEqual({ output: 100, failed: 0 });
	});

	test('2 backfill: 300 orders → 3 pages of 128, package and baseline alike', async () => {
		for (const name of ['package', 'per-item baseline'] as const) {
			const m = await run('2', name);
			expect(m.floor.requests).toBe(3);
			expect(m.stats).toMatchObject({ api: 3, token: 1, ok: 3, byRoute: { 'GET /v4/orders': 3 } });
			expect(m.outcome).toEqual({ output: 300, failed: 0 });
		}
	});

	test('3 product upload: 600 variations → 2 writes plus the task polls and result reads; baseline one POST per item', async () => {
		const m = await run('3', 'package');
		expect(m.floor.requests).toBe(2);
		expect(m.stats.byRoute['POST /v5/products']).toBe(2);
		expect(m.stats.tooMany).toBe(0);
		expect(m.outcome).toEqual({ output: 600, failed: 0 });

		const baseline = await run('3', 'per-item baseline');
		expect(baseline.stats).toMatchObject({ api: 20, ok: 20, byRoute: { 'POST /v5/products': 20 } });
		expect(baseline.outcome).toEqual({ output: 20, failed: 0 });
	});

	test('4 idle trigger poll: one request, nothing emitted; no baseline', async () => {
		const m = await run('4', 'package');
		expect(m.stats).toMatchObject({ api: 1, token: 0, ok: 1 });
		expect(m.outcome.output).toBe(0);
		expect(isNotApplicable(scenarios.get('4')!.variants[1])).toBe(true);
	});

	test('5 at 20/s: the package gets every batch through (retrying any 429); the baseline sends one request per item and loses the items answered 429', async () => {
		const stock = await run('5a', 'package');
		expect(stock.stats.ok).toBe(5);
		expect(stock.stats.api).toBe(5 + stock.stats.tooMany);
		expect(stock.outcome).toEqual({ output: 1_000, failed: 0 });

		const backfill = await run('5b', 'package');
		expect(backfill.stats.ok).toBe(3);
		expect(backfill.outcome).toEqual({ output: 300, failed: 0 });

		// No retries: exactly one request per item, and each one answered 429 is a failed item (how many that are depends
		// on the machine's speed: without latency, 60 sequential requests usually outrun 20/s).
		const baseline = await run('5a', 'per-item baseline');
		expect(baseline.stats.api).toBe(60);
		expect(baseline.outcome.failed).toBe(baseline.stats.tooMany);
		expect(baseline.outcome.output).toBe(60);
	});

	test('floor: ⌈items / batch maximum⌉ requests; time from the assumed concurrency and rate (1 for cursor paging)', () => {
		const full = new Map(buildScenarios().map((s) => [s.id, s]));
		const ms = (requests: number, concurrency: number, rate: number) =>
			Math.max(Math.ceil(requests / concurrency) * LATENCY_MS, (requests / rate) * 1000);
		expect(floorOf(full.get('1')!, 10_000)).toEqual({ requests: 50, ms: ms(50, NODE_CONCURRENCY, NODE_REQUESTS_PER_SECOND) });
		expect(floorOf(full.get('2')!, 10_000)).toEqual({ requests: 79, ms: ms(79, 1, NODE_REQUESTS_PER_SECOND) });
		expect(floorOf(full.get('3')!, 1_200)).toEqual({ requests: 3, ms: ms(3, NODE_CONCURRENCY, NODE_REQUESTS_PER_SECOND) });
		expect(floorOf(full.get('5a')!, 10_000)).toEqual({ requests: 50, ms: ms(50, NODE_CONCURRENCY, Math.min(NODE_REQUESTS_PER_SECOND, 20)) });
		expect(floorOf(full.get('4')!, 1).requests).toBe(1);
	});
});
