/**
 * Runs one variant of a scenario and measures it: requests as the simulator logged them, wall time, peak heap
 * (process.memoryUsage().heapUsed sampled every few milliseconds), against the scenario's floor.
 */
import { createCredentialsHelper, ottoCredentials } from '../harness';
import { floorOf, type NotApplicable, type RunOutcome, type Scenario, type Variant } from './scenarios';
import type { BenchSimulator, RequestStats } from './simHost';

export interface Measurement {
	scenario: Scenario;
	variant: Variant;
	outcome: RunOutcome;
	stats: RequestStats;
	ms: number;
	peakHeapMb: number;
	floor: { requests: number; ms: number };
}

export interface MeasureOptions {
	/** Collect garbage before the run (the bench exposes V8's gc), so the peak belongs to this run. */
	gc?: () => void;
	/** Heap sampling interval (ms). */
	sampleMs?: number;
}

export const isNotApplicable = (variant: Variant | NotApplicable): variant is NotApplicable => 'na' in variant;

export async function measure(sim: BenchSimulator, scenario: Scenario, variant: Variant, options: MeasureOptions = {}): Promise<Measurement> {
	const facts = await sim.setUp(scenario.setup);
	const ctx = { sim, facts, helper: createCredentialsHelper(ottoCredentials(sim.url)) };
	const prepared = variant.prepare ? await variant.prepare(ctx) : undefined;
	await sim.clearRequests();
	options.gc?.();

	let peak = process.memoryUsage().heapUsed;
	const sample = () => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	};
	const sampler = setInterval(sample, options.sampleMs ?? 10);
	const started = process.hrtime.bigint();
	let outcome: RunOutcome;
	try {
		outcome = await variant.run(ctx, prepared);
	} finally {
		clearInterval(sampler);
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	sample();
	const stats = await sim.stats();
	return { scenario, variant, outcome, stats, ms, peakHeapMb: peak / 1024 / 1024, floor: floorOf(scenario, variant.items) };
}
