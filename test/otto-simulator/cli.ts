/**
 * Standalone OTTO Market API simulator: `npm run simulator -- --port 3999 --token-ttl 1800 --orders 1000`.
 * Flags (or env): --port (OTTO_SIM_PORT, default 3999; 0 = random), --token-ttl seconds (OTTO_SIM_TOKEN_TTL),
 * --orders N (OTTO_SIM_ORDERS), --seed N (OTTO_SIM_SEED), --latency ms (OTTO_SIM_LATENCY), --rate-limit requests per
 * second (OTTO_SIM_RATE_LIMIT; API requests above it get 429 + Retry-After), --rate-burst N (OTTO_SIM_RATE_BURST, default:
 * one second's worth).
 */
import { closeOnSignals, numberOption, parseArgs, runCli } from '../simulator-core/cli';
import { startSimulator } from './index';

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write('Usage: tsx test/otto-simulator/cli.ts [--port 3999] [--token-ttl 1800] [--orders 1000] [--seed 42] [--latency 0] [--rate-limit 20] [--rate-burst 20]\n');
		return;
	}
	const env = process.env;
	const port = numberOption(args.port ?? env.OTTO_SIM_PORT, 'port') ?? 3999;
	const tokenTtl = numberOption(args['token-ttl'] ?? env.OTTO_SIM_TOKEN_TTL, 'token-ttl');
	const orders = numberOption(args.orders ?? env.OTTO_SIM_ORDERS, 'orders');
	const seed = numberOption(args.seed ?? env.OTTO_SIM_SEED, 'seed');
	const latency = numberOption(args.latency ?? env.OTTO_SIM_LATENCY, 'latency');
	const rateLimit = numberOption(args['rate-limit'] ?? env.OTTO_SIM_RATE_LIMIT, 'rate-limit');
	const rateBurst = numberOption(args['rate-burst'] ?? env.OTTO_SIM_RATE_BURST, 'rate-burst');
	if (rateBurst !== undefined && rateLimit === undefined) {
		process.stderr.write('--rate-burst needs --rate-limit\n');
		process.exit(2);
	}

	const sim = await startSimulator({
		port,
		seed: { ...(orders !== undefined ? { orders } : {}), ...(seed !== undefined ? { seed } : {}) },
		config: {
			...(tokenTtl !== undefined ? { tokenTtlSeconds: tokenTtl } : {}),
			...(latency !== undefined ? { latencyMs: latency } : {}),
			...(rateLimit !== undefined ? { rateLimit: { requestsPerSecond: rateLimit, ...(rateBurst !== undefined ? { burst: rateBurst } : {}) } } : {}),
		},
	});
	process.stdout.write(`OTTO simulator listening on ${sim.url}\n`);

	closeOnSignals(sim);
}

runCli(main);
