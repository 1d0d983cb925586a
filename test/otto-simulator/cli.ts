/**
 * Standalone OTTO Market API simulator: `npm run simulator -- --port 3999 --token-ttl 1800 --orders 1000`.
 * Flags (or env): --port (OTTO_SIM_PORT, default 3999; 0 = random), --token-ttl seconds (OTTO_SIM_TOKEN_TTL),
 * --orders N (OTTO_SIM_ORDERS), --seed N (OTTO_SIM_SEED), --latency ms (OTTO_SIM_LATENCY).
 */
import { closeOnSignals, numberOption, parseArgs, runCli } from '../simulator-core/cli';
import { startSimulator } from './index';

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write('Usage: tsx test/otto-simulator/cli.ts [--port 3999] [--token-ttl 1800] [--orders 1000] [--seed 42] [--latency 0]\n');
		return;
	}
	const env = process.env;
	const port = numberOption(args.port ?? env.OTTO_SIM_PORT, 'port') ?? 3999;
	const tokenTtl = numberOption(args['token-ttl'] ?? env.OTTO_SIM_TOKEN_TTL, 'token-ttl');
	const orders = numberOption(args.orders ?? env.OTTO_SIM_ORDERS, 'orders');
	const seed = numberOption(args.seed ?? env.OTTO_SIM_SEED, 'seed');
	const latency = numberOption(args.latency ?? env.OTTO_SIM_LATENCY, 'latency');

	const sim = await startSimulator({
		port,
		seed: { ...(orders !== undefined ? { orders } : {}), ...(seed !== undefined ? { seed } : {}) },
		config: { ...(tokenTtl !== undefined ? { tokenTtlSeconds: tokenTtl } : {}), ...(latency !== undefined ? { latencyMs: latency } : {}) },
	});
	process.stdout.write(`OTTO simulator listening on ${sim.url}\n`);

	closeOnSignals(sim);
}

runCli(main);
