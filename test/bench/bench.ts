/**
 * Benchmark: runs the scenarios of scenarios.ts through n8n-core's engine (test/harness) against the OTTO simulator
 * (in a child process, with latency and, in scenario 5, a rate limit) — the Otto Market node and a per-item
 * baseline side by side — and prints one table. Numbers are printed, never asserted (test/workflows/bench.test.ts
 * asserts the request counts of the same scenarios on a small scale).
 *
 *   npm run bench                       all scenarios
 *   npm run bench -- --only 1,5a        some of them
 */
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { parseArgs } from '../simulator-core/cli';
import { isNotApplicable, measure } from './measure';
import { buildScenarios, LATENCY_MS, NODE_CONCURRENCY, NODE_REQUESTS_PER_SECOND } from './scenarios';
import { forkedSimulator } from './simHost';
import { formatTable, legend, type Row } from './table';

/** V8's gc(), exposed without a command-line flag. */
function exposeGc(): (() => void) | undefined {
	try {
		setFlagsFromString('--expose-gc');
		return runInNewContext('gc') as () => void;
	} catch {
		return undefined;
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const only = args.only ? new Set(args.only.split(',').map((s) => s.trim())) : undefined;
	const scenarios = buildScenarios().filter((s) => !only || only.has(s.id));
	const gc = exposeGc();
	const started = Date.now();
	const sim = await forkedSimulator();
	const rows: Row[] = [];
	try {
		for (const scenario of scenarios) {
			for (const variant of scenario.variants) {
				if (isNotApplicable(variant)) {
					rows.push({ scenario, variant });
					continue;
				}
				process.stderr.write(`running ${scenario.id} ${scenario.title} — ${variant.variant} (${variant.itemsLabel ?? variant.items.toLocaleString('en')}) …`);
				const m = await measure(sim, scenario, variant, { gc });
				process.stderr.write(` ${Math.round(m.ms).toLocaleString('en')} ms, ${m.stats.api} requests\n`);
				rows.push(m);
			}
		}
	} finally {
		await sim.close();
	}

	console.log(formatTable(rows));
	console.log();
	for (const line of legend(rows, { concurrency: NODE_CONCURRENCY, rate: NODE_REQUESTS_PER_SECOND, latencyMs: LATENCY_MS })) console.log(line);
	const cpus = os.cpus();
	console.log();
	console.log(`Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, Node.js ${process.version}, ${os.platform()} ${os.arch()}; bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
	console.log('Reproduce: npm ci && npm run bench   (scenarios and sizes: test/bench/scenarios.ts; `npm run bench -- --only 1,5a` for some)');
}

main().catch((error) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
