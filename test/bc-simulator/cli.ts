/**
 * Standalone Business Central simulator: `npx tsx test/bc-simulator/cli.ts --port 4010 --token-ttl 3599`.
 * Flags (or env): --port (BC_SIM_PORT, default 4010; 0 = random), --token-ttl seconds (BC_SIM_TOKEN_TTL),
 * --seed N (BC_SIM_SEED), --latency ms (BC_SIM_LATENCY), --page-size N (BC_SIM_PAGE_SIZE),
 * --tenant <guid> (BC_SIM_TENANT), --environment <name> (BC_SIM_ENVIRONMENT).
 */
import { closeOnSignals, numberOption, parseArgs, runCli } from '../simulator-core/cli';
import { startBcSimulator } from './index';

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

	closeOnSignals(sim);
}

runCli(main);
