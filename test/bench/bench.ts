/**
 * Benchmark: runs node operations through n8n-core's engine against the OTTO simulator and reports how
 * many requests OTTO received and how long each scenario took. Numbers are printed, never asserted.
 *
 *   npm run bench
 */
import type { IDataObject } from 'n8n-workflow';

import { createCredentialsHelper, ottoCredentials, ottoWorkflow, runWorkflow } from '../harness';
import { startSimulator, type FaultRule } from '../otto-simulator';

interface Scenario {
	name: string;
	parameters: IDataObject;
	items?: IDataObject[];
	config?: { tokenTtlSeconds?: number; latencyMs?: number; faults?: FaultRule[] };
}

const scenarios: Scenario[] = [
	{ name: 'orders getAll, Return All (1,000 orders)', parameters: { resource: 'order', operation: 'getAll', returnAll: true } },
	{ name: 'orders getAll, Limit 50', parameters: { resource: 'order', operation: 'getAll', returnAll: false, limit: 50 } },
	{
		name: 'orders getAll, Return All, 60 ms latency, token TTL 0.2 s',
		parameters: { resource: 'order', operation: 'getAll', returnAll: true },
		config: { latencyMs: 60, tokenTtlSeconds: 0.2 },
	},
	{
		name: 'orders getAll, Return All, 30 % 429 (Retry-After 0)',
		parameters: { resource: 'order', operation: 'getAll', returnAll: true },
		config: { faults: [{ type: '429', rate: 0.3, retryAfterSeconds: 0, path: '^/v4/orders' }] },
	},
	{
		name: 'orders get, 100 input items by order number',
		parameters: { resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'orderNumber', value: '={{ $json.n }}' } },
	},
];

async function main() {
	const sim = await startSimulator({ port: 0 });
	const rows: string[][] = [['scenario', 'items out', 'API requests', 'token requests', '401', '429', 'ms']];
	try {
		for (const scenario of scenarios) {
			sim.reset();
			if (scenario.config) sim.configure(scenario.config);
			const items = scenario.items ?? (scenario.parameters.operation === 'get' ? sim.data.orders.slice(0, 100).map((o) => ({ n: o.orderNumber })) : [{}]);
			const helper = createCredentialsHelper(ottoCredentials(sim.url));
			const started = process.hrtime.bigint();
			const result = await runWorkflow(ottoWorkflow(scenario.parameters, items), helper);
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			if (result.error) throw new Error(`${scenario.name}: ${result.error.message}`);
			const log = sim.requests();
			const api = log.filter((r) => !r.path.startsWith('/v1/token') && !r.path.includes('/accessToken'));
			rows.push([
				scenario.name,
				String(result.output('Otto Market').length),
				String(api.length),
				String(log.length - api.length),
				String(api.filter((r) => r.status === 401).length),
				String(api.filter((r) => r.status === 429).length),
				ms.toFixed(0),
			]);
		}
	} finally {
		await sim.close();
	}
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
