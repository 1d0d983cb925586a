/**
 * End-to-end in n8n's queue mode (n8n 2.41.1): PostgreSQL and Redis on 127.0.0.1 (started here; Redis is
 * installed with apt-get when missing), one `n8n start` main and two `n8n worker` processes (concurrency 5)
 * sharing one encryption key, binary data in the database, the packed package installed the Community
 * Nodes way, and the OTTO simulator behind a proxy that tells which n8n process sent each request.
 *
 * Scenarios (each asserts the simulator's state and the executions n8n stored in PostgreSQL):
 *  1. a shared credential under churn: 20 order-to-cash executions at once, 5 s tokens, 20 % 429s
 *  2. the Otto Market Trigger on the main: 300 new orders in waves, the main restarted between two waves
 *  3. a receipt PDF downloaded on a worker reaches the next node intact
 *  4. a 10,000-SKU quantity update on a worker: 50 requests
 *  5. a worker SIGKILLed while shipping; the run again reports the shipped parcels as already done
 *
 * Everything started here is stopped by PID in afterAll, also after a failure.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { DEFAULT_CLIENT, startSimulator, type OttoSimulator, type PartnerOrder } from '../otto-simulator';
import { injectOrders } from '../otto-simulator/inject';
import { startReceiver, triggerWorkflow, type Receiver } from './flows';
import {
	N8nUserFolder,
	REPO_ROOT,
	ensureN8n,
	killAllChildren,
	killChildrenOnSignals,
	log,
	packPackage,
	simulatorCredentialData,
	sleep,
	type N8nRuntime,
	type RunningN8n,
} from './n8n';
import { startAttributingProxy, type AttributingProxy } from './queue/attributing-proxy';
import { stopGuardian } from './queue/guardian';
import { ExecutionStore, killAllWorkers, queueEnv, startMain, startWorker, type Worker } from './queue/cluster';
import { killAllServices, startPostgres, startRedis, type Postgres, type Service } from './queue/services';
import {
	orderToCashWorkflow,
	quantityWorkflow,
	receiptPdfWorkflow,
	shipWorkflow,
	startUploadReceiver,
	type UploadReceiver,
} from './queue/workflows';

jest.setTimeout(10 * 60_000);
killChildrenOnSignals();

const VERSION = '2.41.1' as const;
const WORK_DIR = path.join(REPO_ROOT, '.e2e-work', 'queue-mode');
const CREDENTIAL = { id: 'ottoQueueCred0001', name: 'OTTO Market (simulator, queue mode)' };
const WF = {
	orderToCash: 'ottoQueueOrderCash',
	pdf: 'ottoQueueReceiptPdf',
	quantities: 'ottoQueueQuantities',
	ship: 'ottoQueueShipCrash',
	trigger: 'ottoQueueTrigger',
};
const HOOK = { orderToCash: 'qm-order-to-cash', pdf: 'qm-receipt-pdf', quantities: 'qm-quantities', ship: 'qm-ship' };
const WORKER_CONCURRENCY = 5;
const TOKEN_TTL_SECONDS = 5;
const OLD = Date.now() - 30 * 86_400_000; // orders the trigger must never report

const suiteStarted = Date.now();
let runtime: N8nRuntime;
let pg: Postgres | undefined;
let redis: Service | undefined;
let sim: OttoSimulator | undefined;
let proxy: AttributingProxy | undefined;
let receiver: Receiver | undefined;
let uploads: UploadReceiver | undefined;
let store: ExecutionStore | undefined;
let folder: N8nUserFolder;
let main: RunningN8n | undefined;
const workers: Worker[] = [];
/** Every worker ever started (the crashed one too), for the log check. */
const everyWorker: Worker[] = [];
const figures: string[] = [];

function figure(line: string): void {
	figures.push(line);
	log(line);
}

/** Names the n8n processes for the proxy: `main`, `worker-1`, `worker-2`. */
function labelProcesses(): void {
	if (main?.child.pid) proxy!.label(main.child.pid, 'main');
	for (const w of workers) proxy!.label(w.pid, w.name);
}

async function postWebhook(hookPath: string, entries: unknown[]): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${main!.port}/webhook/${hookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ entries }),
	});
	if (!response.ok) throw new Error(`webhook ${hookPath} answered ${response.status}: ${await response.text()}`);
}

/** Which worker logged the start of each execution. */
function workerOf(executionIds: string[]): Map<string, string> {
	const owners = new Map<string, string>();
	for (const w of workers) for (const id of w.startedExecutions()) if (executionIds.includes(id)) owners.set(id, w.name);
	return owners;
}

function countBy<T>(values: T[]): Map<T, number> {
	const counts = new Map<T, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	return counts;
}

const show = (counts: Map<string, number>) =>
	[...counts.entries()]
		.sort()
		.map(([k, v]) => `${k} ${v}`)
		.join(', ') || 'none';

/** Shipments at the simulator per position item id. */
function shipmentsPerItem(s: OttoSimulator): Map<string, number> {
	return countBy(s.data.shipments.flatMap((sh) => sh.positionItems.map((p) => p.positionItemId)));
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
	const started = Date.now();
	while (!(await condition())) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(200);
	}
	return Date.now() - started;
}

/**
 * Otto Market Trigger (new order, every minute, 10-minute safety margin) → HTTP Request posting each order to the
 * receiver. "Re-Read Safety Margin Every" is 0: every poll reads the whole margin, so an order OTTO shows late with
 * an earlier date is emitted by the next poll (with the default, by the next full read within 10 minutes: longer
 * than this suite may take).
 */
function queueTriggerWorkflow(receiverUrl: string) {
	const workflow = triggerWorkflow(WF.trigger, CREDENTIAL, receiverUrl);
	const trigger = (workflow.nodes as Array<{ name: string; parameters: { options: Record<string, unknown> } }>).find(
		(n) => n.name === 'Otto Market Trigger',
	)!;
	trigger.parameters.options = { ...trigger.parameters.options, fullReadMinutes: 0 };
	return workflow;
}

/** The main registers the production webhooks of active workflows after it reports ready: wait for all of them. */
async function waitForWebhooks(): Promise<void> {
	const wanted = Object.values(HOOK);
	await waitFor(
		'the main to register the webhooks',
		async () => {
			const rows = await store!.query<{ webhookPath: string }>(`SELECT "webhookPath" FROM webhook_entity`);
			return wanted.every((p) => rows.some((r) => r.webhookPath === p));
		},
		60_000,
	);
}

beforeAll(async () => {
	runtime = await ensureN8n(VERSION);
	await fs.rm(WORK_DIR, { recursive: true, force: true });
	await fs.mkdir(WORK_DIR, { recursive: true });
	// each server is kept as soon as it is up, so afterAll stops it even when another one fails to start
	const [tarball] = await Promise.all([
		packPackage(path.join(WORK_DIR, 'pack')),
		startPostgres().then((started) => (pg = started)),
		startRedis().then((started) => (redis = started)),
	]);
	if (!pg || !redis) throw new Error('PostgreSQL or Redis did not start');
	log(`queue mode: PostgreSQL on 127.0.0.1:${pg.port} (pid ${pg.pid}), Redis on 127.0.0.1:${redis.port} (pid ${redis.pid})`);

	sim = await startSimulator({ port: 0, seed: { orders: 50 }, config: { tokenTtlSeconds: TOKEN_TTL_SECONDS } });
	proxy = await startAttributingProxy(sim.url);
	receiver = await startReceiver();
	uploads = await startUploadReceiver();

	folder = await N8nUserFolder.open(runtime, path.join(WORK_DIR, 'n8n'), { fresh: true, env: queueEnv(pg, redis) });
	await folder.installPackage(tarball);
	await folder.importCredentials([{ ...CREDENTIAL, type: 'ottoMarketOAuth2Api', data: simulatorCredentialData(proxy.url) }]);
	await folder.importWorkflows([
		orderToCashWorkflow(WF.orderToCash, HOOK.orderToCash, CREDENTIAL),
		receiptPdfWorkflow(WF.pdf, HOOK.pdf, CREDENTIAL, uploads.url),
		quantityWorkflow(WF.quantities, HOOK.quantities, CREDENTIAL),
		shipWorkflow(WF.ship, HOOK.ship, CREDENTIAL),
		queueTriggerWorkflow(receiver.url),
	]);
	store = await ExecutionStore.open(runtime, pg);
	await store.publish(Object.values(WF));

	const started = Date.now();
	await Promise.all([
		startMain(folder).then((started) => (main = started)),
		startWorker(folder, 'worker-1', WORKER_CONCURRENCY).then((w) => workers.push(w) && everyWorker.push(w)),
		startWorker(folder, 'worker-2', WORKER_CONCURRENCY).then((w) => workers.push(w) && everyWorker.push(w)),
	]);
	workers.sort((a, b) => a.name.localeCompare(b.name));
	labelProcesses();
	await waitForWebhooks();
	log(`queue mode: main + 2 workers (concurrency ${WORKER_CONCURRENCY} each) ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}, 15 * 60_000);

// a failed scenario must not leave its faults or latency to the next one
beforeEach(() => sim?.configure({ faults: [], latencyMs: 0 }));

afterAll(async () => {
	const stops: Array<Promise<void>> = [];
	if (main) stops.push(main.stop());
	for (const w of workers) stops.push(w.stop());
	await Promise.allSettled(stops);
	await store?.close().catch(() => undefined);
	await Promise.allSettled([redis?.stop(), pg?.stop(), proxy?.close(), receiver?.close(), uploads?.close(), sim?.close()]);
	killAllWorkers();
	killAllServices();
	killAllChildren();
	stopGuardian();
	log(`queue mode: main + 2 workers — figures:\n  ${figures.join('\n  ')}`);
	log(`queue mode: the suite took ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s`);
});

test('queue mode: main + 2 workers are up, on PostgreSQL and Redis, the package loaded on every process', async () => {
	log('queue mode: main + 2 workers');
	expect(main!.running).toBe(true);
	expect(workers.map((w) => w.running)).toEqual([true, true]);
	for (const w of workers) expect(w.logs).not.toMatch(/Error loading package|Unrecognized node type/i);
	const [{ count }] = await store!.query<{ count: string }>(`SELECT count(*) FROM workflow_entity WHERE "activeVersionId" IS NOT NULL`);
	expect(Number(count)).toBe(Object.keys(WF).length);
});

test('1: a shared credential under churn: 20 order-to-cash executions at once, 5 s tokens, 20 % 429s', async () => {
	const s = sim!;
	const EXECUTIONS = 20;
	const PER_EXECUTION = 3;
	const orders = injectOrders(s.data, { count: EXECUTIONS * PER_EXECUTION, orderDate: OLD });
	s.configure({ faults: [{ type: '429', rate: 0.2, retryAfterSeconds: 0.5 }], latencyMs: 20 });
	s.clearRequests();
	proxy!.requests.length = 0;
	const started = Date.now();
	let executions;
	try {
		await Promise.all(
			Array.from({ length: EXECUTIONS }, (_, e) =>
				postWebhook(
					HOOK.orderToCash,
					orders.slice(e * PER_EXECUTION, (e + 1) * PER_EXECUTION).map((o) => ({ salesOrderId: o.salesOrderId })),
				),
			),
		);
		executions = await store!.waitForFinished(WF.orderToCash, EXECUTIONS, 240_000);
	} finally {
		s.configure({ faults: [], latencyMs: 0 });
	}
	const seconds = (Date.now() - started) / 1000;

	expect(executions).toHaveLength(EXECUTIONS);
	const failed = executions.filter((e) => e.status !== 'success');
	const owners = workerOf(executions.map((e) => e.id));
	const perWorker = countBy([...owners.values()]);
	// every item shipped exactly once
	const shipped = shipmentsPerItem(s);
	const items = orders.flatMap((o) => o.positionItems.map((p) => p.positionItemId));
	const notOnce = items.filter((id) => shipped.get(id) !== 1);
	for (const order of orders) {
		const current = s.data.orders.find((o) => o.salesOrderId === order.salesOrderId)!;
		expect(current.positionItems.every((p) => p.fulfillmentStatus === 'SENT')).toBe(true);
	}
	const tokenRequests = proxy!.requests.filter((r) => r.path === '/v1/token');
	const tokensPer = countBy(tokenRequests.map((r) => r.process));
	const api = proxy!.requests.filter((r) => r.path !== '/v1/token');
	const expiries = Math.ceil(seconds / TOKEN_TTL_SECONDS);
	const receipts = (
		await Promise.all(executions.map((e) => store!.nodeItems(e.id, 'Purchase Receipts')))
	).flat();
	figure(
		`scenario 1: ${executions.length} executions (${show(perWorker)}), ${failed.length} failed, ${items.length} position items ` +
			`shipped once each: ${notOnce.length === 0}, ${receipts.length} purchase receipts read; ${api.length} API requests ` +
			`(${api.filter((r) => r.status === 429).length} answered 429, ${api.filter((r) => r.status === 401).length} 401); ` +
			`token requests ${tokenRequests.length} (${show(tokensPer)}) over ${seconds.toFixed(1)} s = ${expiries} token lifetimes of ${TOKEN_TTL_SECONDS} s`,
	);
	expect(failed.map((e) => `${e.id}:${e.status}`)).toEqual([]);
	expect(notOnce).toEqual([]);
	expect(perWorker.size).toBe(2); // both workers took executions
	expect(receipts.length).toBeGreaterThanOrEqual(orders.length);
	expect(tokensPer.get('unknown') ?? 0).toBe(0);
	// no storm: at most one renewal per expiry per worker (plus the first token)
	for (const w of workers) expect(tokensPer.get(w.name) ?? 0).toBeLessThanOrEqual(expiries + 1);
});

test('3: a receipt PDF downloaded on a worker reaches the next node intact', async () => {
	const s = sim!;
	const receipts = s.data.receipts.filter((r) => r.receiptType === 'PURCHASE').slice(-4);
	expect(receipts.length).toBe(4);
	uploads!.uploads.length = 0;
	const started = Date.now();
	await postWebhook(
		HOOK.pdf,
		receipts.map((r) => ({ receiptNumber: r.receiptNumber })),
	);
	const [execution] = await store!.waitForFinished(WF.pdf, 1, 120_000);
	const seconds = (Date.now() - started) / 1000;
	expect(execution.status).toBe('success');
	// what OTTO serves, fetched directly
	const token = (await (
		await fetch(`${s.url}/v1/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, scope: 'receipts' }),
		})
	).json()) as { access_token: string };
	expect(uploads!.uploads).toHaveLength(receipts.length);
	for (const receipt of receipts) {
		const expected = Buffer.from(
			await (await fetch(`${s.url}/v3/receipts/${receipt.receiptNumber}.pdf`, { headers: { authorization: `Bearer ${token.access_token}` } })).arrayBuffer(),
		);
		const upload = uploads!.uploads.find((u) => u.query.fileName === `${receipt.receiptNumber}.pdf`);
		expect(upload).toBeDefined();
		expect(upload!.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
		expect(upload!.bytes.length).toBe(expected.length);
		expect(upload!.bytes.equals(expected)).toBe(true);
		expect(upload!.query.mimeType).toBe('application/pdf');
	}
	const stored = await store!.runData(execution.id);
	const binaries = (stored.resultData.runData['Receipt PDF'][0].data?.main[0] ?? []).map((i) => i.binary?.data as Record<string, unknown>);
	// binary data lives in the database, not in the execution's JSON
	for (const b of binaries) expect(String(b.id ?? '')).toMatch(/^database:/);
	const owner = workerOf([execution.id]).get(execution.id);
	figure(
		`scenario 3: execution ${execution.id} on ${owner}: ${receipts.length} PDFs (${uploads!.uploads.map((u) => u.bytes.length).join(', ')} bytes) ` +
			`reached the next node intact (%PDF, same bytes as OTTO's, file name ${uploads!.uploads[0].query.fileName}); binary ids ${String(binaries[0]?.id).split(':')[0]}:…; ${seconds.toFixed(1)} s`,
	);
});

test('4: a 10,000-SKU quantity update on a worker: 50 requests, every quantity applied', async () => {
	const s = sim!;
	const COUNT = 10_000;
	const now = new Date().toISOString();
	const entries = Array.from({ length: COUNT }, (_, i) => ({ sku: `QM-SKU-${String(i).padStart(5, '0')}`, quantity: (i * 7) % 1000 }));
	for (const e of entries) s.data.quantities.set(e.sku, { sku: e.sku, quantity: 999_999, lastModified: now });
	proxy!.requests.length = 0;
	const started = Date.now();
	await postWebhook(HOOK.quantities, entries);
	const [execution] = await store!.waitForFinished(WF.quantities, 1, 240_000);
	const seconds = (Date.now() - started) / 1000;
	const posts = proxy!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/availability/quantities');
	// with 5 s tokens a batch may meet an expired token: OTTO answers 401 without processing it, and it is sent again
	const accepted = posts.filter((p) => p.status === 200);
	const expired = posts.filter((p) => p.status === 401);
	const wrong = entries.filter((e) => s.data.quantities.get(e.sku)?.quantity !== e.quantity);
	const owner = workerOf([execution.id]).get(execution.id);
	figure(
		`scenario 4: execution ${execution.id} on ${owner} (${execution.status}): ${COUNT} SKUs in ${accepted.length} accepted requests ` +
			`(+${expired.length} answered 401 for an expired token and sent again; ${show(countBy(posts.map((p) => p.process)))}), ` +
			`${COUNT - wrong.length} quantities applied, ${seconds.toFixed(1)} s`,
	);
	expect(execution.status).toBe('success');
	expect(accepted).toHaveLength(50);
	expect(accepted.length + expired.length).toBe(posts.length);
	expect(wrong).toEqual([]);
	expect(owner).toMatch(/^worker-/);
	expect(posts.every((p) => p.process === owner)).toBe(true);
});

test('5: a worker SIGKILLed while shipping; the run again ships nothing twice and reports the rest as already done', async () => {
	const s = sim!;
	const PARCELS = 30;
	const started = Date.now();
	const orders = injectOrders(s.data, { count: PARCELS, orderDate: OLD });
	const entries = orders.map((o) => ({
		trackingNumber: `CRASH${o.orderNumber}`,
		positionItems: o.positionItems.map((p) => ({ salesOrderId: o.salesOrderId, positionItemId: p.positionItemId, returnTrackingNumber: `RCRASH${o.orderNumber}` })),
	}));
	const items = entries.flatMap((e) => e.positionItems.map((p) => p.positionItemId));
	// slow enough to kill it half-way: ~0.25 s per shipment
	s.configure({ latencyMs: 250 });
	await postWebhook(HOOK.ship, entries).catch((error: Error) => {
		s.configure({ latencyMs: 0 });
		throw error;
	});
	let victim: Worker | undefined;
	let crashedId = '';
	await waitFor(
		'the shipping execution to start on a worker',
		async () => {
			const [e] = await store!.executions(WF.ship);
			if (!e) return false;
			crashedId = e.id;
			victim = workers.find((w) => w.startedExecutions().includes(e.id));
			return victim !== undefined;
		},
		60_000,
	);
	const shippedCount = () => items.filter((id) => shipmentsPerItem(s).get(id)).length;
	await waitFor('a third of the parcels shipped', () => shippedCount() >= PARCELS / 3, 60_000);
	await victim!.crash();
	const shippedAtCrash = shippedCount();
	log(`scenario 5: SIGKILLed ${victim!.name} (pid ${victim!.pid}) during execution ${crashedId}: ${shippedAtCrash} of ${PARCELS} parcels shipped`);
	s.configure({ latencyMs: 0 });
	// n8n notices: the job's lock expires, the queue recovery marks the execution crashed
	const recovered = await waitFor(
		'n8n to mark the killed execution as ended',
		async () => !['new', 'running'].includes((await store!.executions(WF.ship))[0].status),
		90_000,
	);
	const crashedStatus = (await store!.executions(WF.ship))[0].status;
	log(`scenario 5: execution ${crashedId} is ${crashedStatus} after ${(recovered / 1000).toFixed(1)} s`);
	const beforeRerun = shipmentsPerItem(s);
	const doneBefore = items.filter((id) => beforeRerun.get(id)).length;

	// a replacement worker, then the same workflow again with the same parcels
	const index = workers.indexOf(victim!);
	workers[index] = await startWorker(folder, victim!.name, WORKER_CONCURRENCY);
	everyWorker.push(workers[index]);
	labelProcesses();
	await postWebhook(HOOK.ship, entries);
	const all = await store!.waitForFinished(WF.ship, 2, 120_000);
	const rerun = all[all.length - 1];
	const output = await store!.nodeItems(rerun.id, 'Ship');
	const outcomes = countBy(output.map((o) => String(o.outcome ?? 'created')));
	const shipped = shipmentsPerItem(s);
	const twice = items.filter((id) => (shipped.get(id) ?? 0) > 1);
	const missing = items.filter((id) => !shipped.get(id));
	figure(
		`scenario 5: ${victim!.name} SIGKILLed with ${shippedAtCrash}/${PARCELS} parcels shipped; execution ${crashedId} ended ${crashedStatus} ` +
			`${(recovered / 1000).toFixed(1)} s later; run again (execution ${rerun.id}, ${rerun.status}): ${show(outcomes)}; ` +
			`shipped twice: ${twice.length}, not shipped: ${missing.length}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
	);
	expect(['crashed', 'error', 'canceled']).toContain(crashedStatus);
	expect(rerun.status).toBe('success');
	expect(output).toHaveLength(PARCELS);
	expect(outcomes.get('alreadyDone') ?? 0).toBe(doneBefore);
	expect(twice).toEqual([]);
	expect(missing).toEqual([]);
});

test('2: the trigger on the main reports each of 300 new orders in exactly one execution, across a main restart', async () => {
	const s = sim!;
	const r = receiver!;
	r.posts.length = 0;
	const before = (await store!.executions(WF.trigger)).length;
	const started = Date.now();
	const mainPolls = (since: number) => proxy!.requests.filter((q) => q.process === 'main' && q.method === 'GET' && q.path === '/v4/orders' && q.at >= since);
	const orders: { wave1: PartnerOrder[]; wave2: PartnerOrder[] } = { wave1: [], wave2: [] };
	const diagnose = async (since: number) => {
		const posted = new Set(r.posts.map((p) => p.salesOrderId));
		const [row] = await store!.query<{ staticData: unknown }>(`SELECT "staticData" FROM workflow_entity WHERE id = $1`, [WF.trigger]);
		const missing = [
			...orders.wave1.filter((o) => !posted.has(String(o.salesOrderId))).map(() => 'wave 1'),
			...orders.wave2.slice(0, 100).filter((o) => !posted.has(String(o.salesOrderId))).map(() => 'wave 2 new'),
			...orders.wave2.slice(100).filter((o) => !posted.has(String(o.salesOrderId))).map(() => 'wave 2 late'),
		];
		log(
			`scenario 2 diagnostics: ${posted.size} orders posted, missing: ${show(countBy(missing))}; main GET /v4/orders since the start of the scenario: ` +
				`${mainPolls(since).map((q) => `${new Date(q.at).toISOString().slice(11, 19)} ${q.status}`).join(', ')}; trigger executions: ` +
				`${(await store!.executions(WF.trigger)).map((e) => `${e.id}:${e.status}`).join(', ')}; stored static data: ${JSON.stringify(row?.staticData).slice(0, 400)}` +
				`\nmain log (tail):\n${main!.logs.split('\n').slice(-25).join('\n')}`,
		);
	};
	// the trigger's first poll after activation only records what is there (its baseline): wait for it
	await waitFor('the trigger\'s first poll on the main', () => mainPolls(0).length > 0, 90_000);
	// wave 1: 100 orders a second apart, 50 sharing one timestamp
	const now = Date.now();
	const wave1 = [
		...Array.from({ length: 100 }, (_, i) => injectOrders(s.data, { orderDate: now - i * 1_000 })[0]),
		...injectOrders(s.data, { count: 50, orderDate: now - 30_000 }),
	];
	orders.wave1 = wave1;
	await waitFor('wave 1 (150 orders) to be posted', () => r.posts.length >= wave1.length, 150_000).catch(async (error: Error) => {
		await diagnose(started);
		throw error;
	});
	log(`scenario 2: wave 1 posted after ${((Date.now() - started) / 1000).toFixed(0)} s; restarting the main`);

	// the main goes down; wave 2 arrives meanwhile: 100 new, 50 late (dated before wave 1's poll, within the safety margin)
	await main!.stop();
	const restartStarted = Date.now();
	const later = Date.now();
	const wave2 = [
		...Array.from({ length: 100 }, (_, i) => injectOrders(s.data, { orderDate: later - (i % 20) * 1_000 })[0]),
		...injectOrders(s.data, { count: 50, orderDate: now - 3 * 60_000 }),
	];
	orders.wave2 = wave2;
	main = await startMain(folder);
	labelProcesses();
	const restartSeconds = (Date.now() - restartStarted) / 1000;
	const expected = [...wave1, ...wave2].map((o) => String(o.salesOrderId));
	await waitFor('all 300 orders to be posted', () => r.posts.length >= expected.length, 150_000).catch(async (error: Error) => {
		await diagnose(started);
		throw error;
	});
	// one more scheduled poll of the (restarted) main: nothing is reported again
	const allPosted = Date.now();
	const polled = await waitFor(
		'one more poll by the main',
		() => proxy!.requests.some((q) => q.process === 'main' && q.method === 'GET' && q.path === '/v4/orders' && q.at > allPosted),
		75_000,
	);
	await sleep(4_000);
	log(`scenario 2: the main polled again ${(polled / 1000).toFixed(0)} s after the last post`);
	const executions = await store!.waitForFinished(WF.trigger, before + 1, 60_000);
	const fresh = executions.slice(before);
	const received = r.posts.map((p) => p.salesOrderId);
	const perExecution = countBy(r.posts.map((p) => p.executionId));
	const owners = workerOf(fresh.map((e) => e.id));
	figure(
		`scenario 2: 300 orders in 2 waves (50 sharing a timestamp, 50 late) → ${received.length} posts, ${new Set(received).size} distinct, ` +
			`in ${perExecution.size} executions (${show(countBy([...owners.values()]))}), ${fresh.filter((e) => e.status !== 'success').length} failed; ` +
			`main restarted in ${restartSeconds.toFixed(0)} s; one more poll reported nothing again; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
	);
	expect(received).toHaveLength(300);
	expect([...received].sort()).toEqual([...expected].sort());
	expect(fresh.every((e) => e.status === 'success')).toBe(true);
	for (const id of perExecution.keys()) expect(fresh.map((e) => e.id)).toContain(id);
	expect(owners.size).toBe(perExecution.size); // every execution ran on a worker
});

test('no client secret and no access token appear in the output of the main or the workers', () => {
	const everything = [...folder.transcript, main?.logs ?? '', ...everyWorker.map((w) => w.logs)].join('\n');
	expect(everything.length).toBeGreaterThan(0);
	expect(everything).not.toContain(DEFAULT_CLIENT.clientSecret);
	expect(everything).not.toContain('Bearer ');
	expect(everything).not.toContain('access_token');
});
