/**
 * Standalone Business Central simulator: `npx tsx test/bc-simulator/cli.ts --port 4010 --token-ttl 3599`.
 * Flags (or env): --port (BC_SIM_PORT, default 4010; 0 = random), --token-ttl seconds (BC_SIM_TOKEN_TTL),
 * --seed N (BC_SIM_SEED), --latency ms (BC_SIM_LATENCY), --page-size N (BC_SIM_PAGE_SIZE),
 * --tenant <guid> (BC_SIM_TENANT), --environment <name> (BC_SIM_ENVIRONMENT).
 */
import { startBcSimulator } from './index';

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
		process.stdout.write(
			'Usage: tsx test/bc-simulator/cli.ts [--port 4010] [--token-ttl 3599] [--seed 42] [--latency 0] [--page-size 100] [--tenant <guid>] [--environment production]\n',
		);
		return;
	}
	const env = process.env;
	const port = numberOption(args.port ?? env.BC_SIM_PORT, 'port') ?? 4010;
	const tokenTtl = numberOption(args['token-ttl'] ?? env.BC_SIM_TOKEN_TTL, 'token-ttl');
	const seed = numberOption(args.seed ?? env.BC_SIM_SEED, 'seed');
	const latency = numberOption(args.latency ?? env.BC_SIM_LATENCY, 'latency');
	const pageSize = numberOption(args['page-size'] ?? env.BC_SIM_PAGE_SIZE, 'page-size');
	const tenantId = args.tenant ?? env.BC_SIM_TENANT;
	const environment = args.environment ?? env.BC_SIM_ENVIRONMENT;

	const sim = await startBcSimulator({
		port,
		...(tenantId ? { tenantId } : {}),
		...(environment ? { environment } : {}),
		seed: seed !== undefined ? { seed } : {},
		config: {
			...(tokenTtl !== undefined ? { tokenTtlSeconds: tokenTtl } : {}),
			...(latency !== undefined ? { latencyMs: latency } : {}),
			...(pageSize !== undefined ? { maxPageSize: pageSize } : {}),
		},
	});
	process.stdout.write(`BC simulator listening on ${sim.url}\n`);
	process.stdout.write(`  token: ${sim.tokenUrl}\n  api:   ${sim.apiBase}\n`);

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
