/**
 * End-to-end: the packed package installed into real n8n (2.40.7 and 1.123.81) the way the Community
 * Nodes installer does it, run with `n8n execute` against the OTTO simulator.
 *
 * n8n is installed outside the clone by test/e2e/runtime/install.sh (the first time takes minutes).
 * A version that cannot be installed fails the suite; nothing is skipped.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { startSimulator, type OttoSimulator } from '../otto-simulator';
import {
	CREDENTIAL_TYPE,
	type ExecuteResult,
	N8N_VERSIONS,
	N8nUserFolder,
	type N8nVersion,
	type WorkflowTemplate,
	NODE_TYPE,
	PACKAGE_NAME,
	REPO_ROOT,
	ensureN8n,
	killAllChildren,
	killChildrenOnSignals,
	liveChildCount,
	loadWorkflowTemplates,
	log,
	manualOttoWorkflow,
	packDryRun,
	packPackage,
	simulatorCredentialData,
} from './n8n';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

jest.setTimeout(10 * 60_000);
killChildrenOnSignals();
const SETUP_TIMEOUT = 60 * 60_000; // a first install of n8n takes minutes

const WORK_DIR = path.join(REPO_ROOT, '.e2e-work');
const SEEDED_ORDERS = 1000;
const OTTO_PAGE_SIZE = 128;
const WRONG_SECRET = 'e2e-wrong-secret-4f1c9a';
const GOOD = { id: 'ottoE2eCredSim01', name: 'OTTO Market (simulator)' };
const BAD = { id: 'ottoE2eCredBad01', name: 'OTTO Market (wrong secret)' };
const WF = {
	getAll: 'ottoE2eGetAllChaos',
	byNumber: 'ottoE2eGetByNumber',
	byId: 'ottoE2eGetById',
	wrongSecret: 'ottoE2eWrongSecret',
};

afterAll(() => {
	killAllChildren();
});

describe('the npm package', () => {
	test('the tarball holds only dist/, package.json, README.md and LICENSE', async () => {
		const { files } = await packDryRun();
		const paths = files.map((f) => f.path).sort();
		const unexpected = paths.filter((p) => !p.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(p));
		expect(unexpected).toEqual([]);
		for (const required of [
			'package.json',
			'README.md',
			'LICENSE',
			'dist/nodes/OttoMarket/OttoMarket.node.js',
			'dist/credentials/OttoMarketOAuth2Api.credentials.js',
		]) {
			expect(paths).toContain(required);
		}
	});

	test('package.json has no runtime dependencies', async () => {
		const packageJson = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
			dependencies?: Record<string, string>;
		};
		expect(packageJson.dependencies ?? {}).toEqual({});
	});
});

describe.each(N8N_VERSIONS)('inside real n8n %s', (version: N8nVersion) => {
	let sim: OttoSimulator | undefined;
	let proxy: RecordingProxy | undefined;
	let folder: N8nUserFolder;
	let reportedVersion = '';
	const results: ExecuteResult[] = [];
	let order: { salesOrderId: string; orderNumber: string };
	let templates: WorkflowTemplate[] = [];
	let wrongSecretResult: ExecuteResult | undefined;

	async function execute(workflowId: string): Promise<ExecuteResult> {
		const result = await folder.execute(workflowId);
		results.push(result);
		log(`n8n ${version}: execute ${workflowId} → ${result.ok ? 'success' : 'error'} in ${result.durationMs} ms`);
		return result;
	}

	beforeAll(async () => {
		const started = Date.now();
		const runtime = await ensureN8n(version); // throws when n8n cannot be installed: the suite fails
		// Tokens live 2 s during the whole block, so every execution has to renew an expired token.
		sim = await startSimulator({ port: 0, config: { tokenTtlSeconds: 2 } });
		// n8n talks to the simulator through a proxy that records the tokens it is given
		proxy = await startRecordingProxy(sim.url);
		const seeded = sim.data.orders;
		expect(seeded).toHaveLength(SEEDED_ORDERS);
		const sample = seeded[Math.floor(seeded.length / 3)];
		order = { salesOrderId: String(sample.salesOrderId), orderNumber: String(sample.orderNumber) };

		const work = path.join(WORK_DIR, `n8n-${version}`);
		folder = await N8nUserFolder.open(runtime, work, { fresh: true });
		reportedVersion = await folder.reportedVersion();
		log(`E2E running inside real n8n ${reportedVersion} (user folder ${work})`);

		const tarball = await packPackage(path.join(work, 'pack'));
		await folder.installPackage(tarball);
		await folder.importCredentials([
			{ ...GOOD, type: CREDENTIAL_TYPE, data: simulatorCredentialData(proxy.url) },
			{ ...BAD, type: CREDENTIAL_TYPE, data: simulatorCredentialData(proxy.url, { clientSecret: WRONG_SECRET }) },
		]);
		await folder.registerInstalledPackage([{ name: 'Otto Market', type: NODE_TYPE, version: 1 }]);
		templates = await loadWorkflowTemplates(GOOD);
		await folder.importWorkflows([
			...templates.map((t) => t.workflow),
			manualOttoWorkflow(
				WF.getAll,
				'E2E: orders, return all, under faults',
				{ resource: 'order', operation: 'getAll', returnAll: true, simplify: true, filters: {} },
				GOOD,
			),
			manualOttoWorkflow(
				WF.byNumber,
				'E2E: order by order number',
				{
					resource: 'order',
					operation: 'get',
					orderId: { __rl: true, mode: 'orderNumber', value: order.orderNumber },
					simplify: false,
				},
				GOOD,
			),
			manualOttoWorkflow(
				WF.byId,
				'E2E: order by sales order id',
				{
					resource: 'order',
					operation: 'get',
					orderId: { __rl: true, mode: 'id', value: order.salesOrderId },
					simplify: false,
				},
				GOOD,
			),
			manualOttoWorkflow(
				WF.wrongSecret,
				'E2E: wrong client secret',
				{
					resource: 'order',
					operation: 'get',
					orderId: { __rl: true, mode: 'id', value: order.salesOrderId },
					simplify: false,
				},
				BAD,
			),
		]);
		log(`n8n ${reportedVersion}: set up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}, SETUP_TIMEOUT);

	afterAll(async () => {
		await proxy?.close();
		await sim?.close();
		const total = results.reduce((sum, r) => sum + r.durationMs, 0);
		log(
			`E2E ran inside real n8n ${reportedVersion || `${version} (did not start)`}: ${results.length} executions, ` +
				`${(total / 1000).toFixed(1)} s executing` +
				(results.length ? ` (${results.map((r) => `${r.workflowId} ${r.durationMs} ms`).join(', ')})` : ''),
		);
	});

	test('n8n reports the expected version', () => {
		expect(reportedVersion).toBe(version);
		console.log(`E2E ran inside real n8n ${reportedVersion}`);
	});

	test('Order → Get by order number returns that order', async () => {
		const result = await execute(WF.byNumber);
		expect(result.ok).toBe(true);
		const items = result.items('Otto Market');
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject(order);
	});

	test('Order → Get by sales order ID returns that order', async () => {
		const result = await execute(WF.byId);
		expect(result.ok).toBe(true);
		const items = result.items('Otto Market');
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject(order);
		expect(Array.isArray(items[0].positionItems)).toBe(true);
	});

	test('Order → Get Many, Return All: all 1,000 orders while tokens expire every 2 s and 30 % of calls get 429', async () => {
		const s = sim!;
		s.clearRequests();
		s.configure({
			tokenTtlSeconds: 2,
			latencyMs: 300, // 8 pages take > 2 s, so the token also expires in the middle of the run
			faults: [{ type: '429', rate: 0.3, path: '^/v4/', retryAfterSeconds: 1 }],
			// The seeded PRNG makes the 2nd API request a 429 whatever the timing, so 429s always happen.
			faultSeed: 1,
		});
		let result: ExecuteResult;
		try {
			result = await execute(WF.getAll);
		} finally {
			s.configure({ latencyMs: 0, faults: [] });
		}
		expect(result.ok).toBe(true);

		const items = result.items('Otto Market');
		const ids = items.map((item) => String(item.salesOrderId));
		expect(items).toHaveLength(SEEDED_ORDERS);
		expect(new Set(ids).size).toBe(SEEDED_ORDERS);
		expect(new Set(ids)).toEqual(new Set(s.data.orders.map((o) => String(o.salesOrderId))));
		for (const item of items) {
			expect(typeof item.orderNumber).toBe('string');
		}

		const api = s.requests({ path: /^\/v4\// });
		const pages = s.requests({ path: '/v4/orders', method: 'GET' }).filter((r) => r.status === 200);
		const statusCounts = api.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
		const tokensIssued = s.requests({ path: '/v1/token' }).filter((r) => r.status === 200).length;
		log(
			`n8n ${version}: getAll requests by status ${JSON.stringify(statusCounts)}, ${tokensIssued} tokens issued, ` +
				`${pages.length} pages`,
		);
		expect(api.filter((r) => r.status === 401).length).toBeGreaterThan(0);
		expect(api.filter((r) => r.status === 429).length).toBeGreaterThan(0);
		expect(tokensIssued).toBeGreaterThan(1);
		expect(pages).toHaveLength(Math.ceil(SEEDED_ORDERS / OTTO_PAGE_SIZE));
	});

	test('the starter workflow "list orders" runs as shipped in workflows-templates/', async () => {
		const template = templates.find((t) => t.key === 'list-orders.json');
		expect(template).toBeDefined();
		expect(template!.workflow.name).toBe('OTTO Market – list orders (simulator)');
		const otto = (template!.workflow.nodes as Array<{ type: string; name: string }>).find((n) => n.type === NODE_TYPE);
		expect(otto).toBeDefined();
		const result = await execute(template!.workflow.id);
		expect(result.ok).toBe(true);
		const items = result.items(otto!.name);
		expect(items).toHaveLength(50);
		for (const item of items) expect(typeof item.salesOrderId).toBe('string');
	});

	test('a wrong client secret fails with a clear message that does not reveal the secret', async () => {
		sim!.clearRequests();
		const result = await execute(WF.wrongSecret);
		wrongSecretResult = result;
		const tokenCalls = sim!.requests({ path: '/v1/token' }).length;
		log(`n8n ${version}: wrong secret → "${result.errorMessage}" / "${result.errorText.split('\n')[1] ?? ''}" (${tokenCalls} token calls)`);
		expect(result.ok).toBe(false);
		// the headline n8n shows, not only somewhere in the description
		expect(result.errorMessage).toContain('OTTO rejected the client ID or client secret');
		expect(result.errorText).not.toContain(WRONG_SECRET);
		expect(result.output).not.toContain(WRONG_SECRET);
	});

	test('the node ran from the Community Nodes folder (.n8n/nodes/node_modules)', () => {
		// n8n reports the failing node's stack: it shows which files the node code was loaded from
		const stack = String(wrongSecretResult?.run?.data.resultData.error?.stack ?? '');
		expect(stack).toContain(path.join(folder.nodesDir, 'node_modules', PACKAGE_NAME, 'dist', 'nodes', 'OttoMarket'));
	});

	test('no client secret and no bearer token appear in n8n output, logs or results', async () => {
		expect(results.length).toBeGreaterThan(0);
		const texts = [...folder.transcript];
		// n8n's own log files (event log) in the user folder
		for (const file of await fs.readdir(folder.n8nFolder)) {
			if (file.endsWith('.log')) texts.push(await fs.readFile(path.join(folder.n8nFolder, file), 'utf8'));
		}
		const everything = texts.join('\n');
		for (const secret of ['sim-secret', WRONG_SECRET]) {
			expect(everything).not.toContain(secret);
		}
		expect(proxy!.tokens.length).toBeGreaterThan(1);
		for (const token of proxy!.tokens) {
			expect(everything).not.toContain(token);
			expect(everything).not.toContain(token.split('.')[2]); // the signature part alone
		}
		expect(everything).not.toContain('Bearer ');
		expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
		expect(everything).not.toContain('access_token');
	});

	test('no n8n process is left running', () => {
		expect(liveChildCount()).toBe(0);
	});
});
