/**
 * Standalone OTTO Market API simulator: `npm run simulator -- --port 3999 --token-ttl 1800 --orders 1000`.
 * Flags (or env): --port (OTTO_SIM_PORT, default 3999; 0 = random), --token-ttl seconds (OTTO_SIM_TOKEN_TTL),
 * --orders N (OTTO_SIM_ORDERS), --seed N (OTTO_SIM_SEED), --latency ms (OTTO_SIM_LATENCY).
 */
import { startSimulator } from './index';

function parseArgs(argv: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) continue;
		const eq = arg.indexOf('=');
		if (eq > 0) out[arg.slice(2, eq)] = arg.slice(eq + 1);
		else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[arg.slice(2)] = argv[++i];
		else out[arg.slice(2)] = 'true';
	}
	return out;
}

function numberOption(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) {
		process.stderr.write(`Invalid value for ${name}: ${value}\n`);
		process.exit(2);
	}
	return n;
}

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

	let closing = false;
	const shutdown = () => {
		if (closing) return;
		closing = true;
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((err) => {
	process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
	process.exit(1);
});
