/**
 * End-to-end: the template "OTTO Market ← BC: stock quantities" (workflows-templates/otto-stock-from-bc.json) as a
 * seller runs it — imported into real n8n (2.41.1 and 1.123.81) next to the packed package, Config filled in,
 * Data Tables created, active on its schedule in `n8n start` — against the OTTO and BC simulators, with 1,000 BC
 * items that are 1,000 OTTO SKUs.
 *
 * Requests to OTTO are counted in the OTTO simulator's request log: 1,000 changed SKUs at batchSize 200 must be
 * exactly 5 quantity requests, unchanged stock none, 4 changed SKUs one request with exactly those 4.
 */
import { ERROR_WORKFLOW_ID } from '../templates/skeleton';
import { STOCK_WORKFLOW_ID } from '../templates/stock';
import { parseFlatted } from '../templates/n8n-rest';
import { N8N_VERSIONS, type N8nVersion, killChildrenOnSignals, liveChildCount, log, sleep } from './n8n';
import { type LogRow, TemplateLab } from './template-lab';

jest.setTimeout(15 * 60_000);
killChildrenOnSignals();

const KEY = 'bc-stock-to-otto';
const QUANTITIES = '/v1/availability/quantities';
const OTTO_ONLY_NOT = 'NOT-ON-OTTO-01';

type Entry = { sku: string; quantity: number };

describe.each(N8N_VERSIONS)('BC stock → OTTO quantities inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, {
		name: 'bc-stock',
		everySeconds: 6,
		otto: { seed: { products: 1000 } },
		// 1,000 items that are OTTO's 1,000 SKUs, plus a blocked item and a service item (both never sent)
		bc: { seed: { ottoProducts: 1000, extraItems: 2 } },
	});
	const otto = () => lab.otto;
	const bc = () => lab.bc;
	const company = () => bc().data.mainCompany();
	const item = (number: string) => company().items.find((i) => i.number === number)!;
	const expected = (inventory: number) => Math.max(0, Math.floor(inventory));
	const posts = () => otto().requests({ path: QUANTITIES, method: 'POST' });
	const sentEntries = () => posts().flatMap((r) => r.body as Entry[]);
	const nextRun = (since: string, accept: (row: LogRow) => boolean, what: string, timeoutMs?: number) => lab.nextRun(KEY, since, accept, what, timeoutMs);
	const stockRows = async () => new Map((await lab.rows('stock')).map((r) => [String(r.sku), Number(r.quantity)]));

	/**
	 * Waits until a run has just finished, so a change made now is read by the next run (runs start every
	 * 6 seconds and read BC within their first second; one in flight could see half a change).
	 */
	async function betweenRuns(): Promise<void> {
		const now = new Date().toISOString();
		await lab.waitFor('a finished run', async () => (await lab.logRows(KEY)).some((r) => (r as LogRow & { finishedAt: string }).finishedAt > now), 120_000);
	}

	/** The inventory items the template sends (OTTO SKUs; not blocked). */
	const ottoItems = () => company().items.filter((i) => i.type === 'Inventory' && !i.blocked && otto().data.productsBySku.has(i.number));

	/** Per-node execution times (ms) of one execution, from n8n's REST API. */
	async function nodeTimes(executionId: string): Promise<Record<string, number>> {
		const response = await fetch(`${lab.session.url}/rest/executions/${encodeURIComponent(executionId)}`, {
			headers: { cookie: lab.session.cookie, 'browser-id': lab.session.browserId, accept: 'application/json' },
		});
		const execution = ((await response.json()) as { data: { data: string } }).data;
		const run = parseFlatted(execution.data) as { resultData: { runData: Record<string, Array<{ executionTime: number }>> } };
		return Object.fromEntries(Object.entries(run.resultData.runData).map(([name, runs]) => [name, runs.reduce((sum, r) => sum + r.executionTime, 0)]));
	}

	beforeAll(async () => {
		await lab.setUp();
		await lab.importAndActivate(lab.configure([STOCK_WORKFLOW_ID, ERROR_WORKFLOW_ID], { batchSize: 200, itemMatch: 'sku' }), [STOCK_WORKFLOW_ID]);
	}, 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('the first run sends the 1,000 quantities in exactly 5 requests, the second sends none', async () => {
		const skus = ottoItems().map((i) => i.number);
		expect(skus).toHaveLength(1000);
		expect(company().items).toHaveLength(1002);
		otto().clearRequests();
		const started = new Date().toISOString();
		await lab.start();
		const first = await nextRun(started, (r) => r.status === 'success' && r.created > 0, 'the first run', 6 * 60_000);
		const afterFirst = posts();
		const second = await nextRun(first.startedAt, (r) => r.status === 'success', 'a second run');
		const afterSecond = posts();
		const times = await nodeTimes(first.executionId);
		const seconds = (Date.parse((first as LogRow & { finishedAt: string }).finishedAt) - Date.parse(first.startedAt)) / 1000;
		log(
			`n8n ${version}: first run ${seconds.toFixed(1)} s, ${afterFirst.length} OTTO requests; node times (ms): ` +
				['Read BC items', 'Read pushed quantities', 'Plan quantities', 'Update OTTO quantities', 'Accepted quantities', 'Remember sent quantities', 'Finish run']
					.map((n) => `${n} ${times[n] ?? '-'}`)
					.join(', '),
		);

		expect(first).toMatchObject({ read: 1002, created: 1000, skipped: 2, failed: 0 });
		expect(first.cursorTo).toBe(first.startedAt);
		expect(afterFirst).toHaveLength(5);
		expect(afterFirst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(afterFirst.map((r) => (r.body as Entry[]).length)).toEqual([200, 200, 200, 200, 200]);
		const sent = afterFirst.flatMap((r) => r.body as Entry[]);
		expect(sent.map((e) => e.sku).sort()).toEqual([...skus].sort());
		// OTTO now holds BC's inventory (negative → 0), and otto_stock remembers it
		const stock = await stockRows();
		expect(stock.size).toBe(1000);
		let zeros = 0;
		for (const i of ottoItems()) {
			expect(otto().data.quantities.get(i.number)?.quantity).toBe(expected(i.inventory));
			expect(stock.get(i.number)).toBe(expected(i.inventory));
			if (expected(i.inventory) === 0) zeros++;
		}
		expect(zeros).toBeGreaterThan(0); // zeros are sent too
		expect(stock.has('DISCONTINUED-01')).toBe(false);
		expect(stock.has('SERVICE-INSTALL')).toBe(false);

		expect(second).toMatchObject({ read: 1002, created: 0, skipped: 1002, failed: 0 });
		expect(afterSecond).toHaveLength(5);
		expect(await lab.errorRows(KEY)).toEqual([]);
	});

	test('3 changed items and one down to 0 are one request with exactly those 4 SKUs', async () => {
		const candidates = ottoItems().filter((i) => i.inventory > 0);
		const [a, b, c, d] = [candidates[10], candidates[200], candidates[500], candidates[900]];
		const want = new Map<string, number>([
			[a.number, expected(a.inventory) + 7],
			[b.number, expected(b.inventory) + 1],
			[c.number, expected(c.inventory) + 42],
			[d.number, 0],
		]);
		await betweenRuns();
		otto().clearRequests();
		const changed = new Date().toISOString();
		for (const [number, quantity] of want) bc().data.setInventory(company(), item(number), quantity);
		const run = await nextRun(changed, (r) => r.status === 'success', 'a run after the change');
		// a run that started just before the change may have sent them: count every request since
		await nextRun(run.startedAt, (r) => r.status === 'success', 'one more run');
		expect(posts()).toHaveLength(1);
		expect(sentEntries().sort((x, y) => x.sku.localeCompare(y.sku))).toEqual(
			[...want].map(([sku, quantity]) => ({ sku, quantity })).sort((x, y) => x.sku.localeCompare(y.sku)),
		);
		const stock = await stockRows();
		expect(stock.size).toBe(1000);
		for (const [sku, quantity] of want) {
			expect(otto().data.quantities.get(sku)?.quantity).toBe(quantity);
			expect(stock.get(sku)).toBe(quantity);
		}
		const runs = (await lab.logRows(KEY)).filter((r) => r.startedAt > changed || r.executionId === run.executionId);
		expect(runs.reduce((sum, r) => sum + r.created, 0)).toBe(4);
		log(`n8n ${version}: change of 4 SKUs → ${posts().length} request(s) with ${sentEntries().length} SKU(s)`);
	});

	test('a SKU OTTO rejects is one sync-error row with its logref; the others are remembered; the run fails and keeps its cursor', async () => {
		const candidates = ottoItems().filter((i) => i.inventory > 0);
		const [e, f] = [candidates[50], candidates[600]];
		const want = new Map<string, number>([
			[e.number, 0], // negative inventory → 0
			[f.number, expected(f.inventory) + 3],
		]);
		lab.smtp.clear();
		await betweenRuns();
		// the cursor of the last successful run; a run may still start (and succeed) before the changes below land,
		// so the failed run starts from this cursor or a later one, and keeps whichever it started from
		const stateBefore = await lab.stateRow(KEY);
		otto().clearRequests();
		const changed = new Date().toISOString();
		bc().data.setInventory(company(), item(e.number), -4);
		bc().data.setInventory(company(), item(f.number), want.get(f.number)!);
		bc().data.upsertItem(company(), { number: OTTO_ONLY_NOT, displayName: 'Sold in the shop only', inventory: 5 });
		const failed = await nextRun(changed, (r) => r.status === 'failed', 'a failed run');

		expect(failed).toMatchObject({ created: 2, failed: 1, read: 1003 });
		expect(failed.cursorTo).toBe(failed.cursorFrom);
		expect(String(failed.cursorFrom) >= String(stateBefore?.cursor)).toBe(true);
		expect((await lab.stateRow(KEY))?.cursor).toBe(failed.cursorFrom);
		const first = posts()[0];
		expect(first.status).toBe(207);
		expect((first.body as Entry[]).map((x) => x.sku).sort()).toEqual([e.number, f.number, OTTO_ONLY_NOT].sort());
		const errors = (await lab.errorRows(KEY)).filter((r) => r.executionId === failed.executionId);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ reference: OTTO_ONLY_NOT, node: 'Update OTTO quantities' });
		expect(errors[0].reason).toMatch(/OTTO rejected SKU "NOT-ON-OTTO-01": Unknown SKU: No product variation with sku 'NOT-ON-OTTO-01' exists/);
		expect(errors[0].logref).toMatch(/^[0-9a-f-]{36}$/);
		expect(failed.message).toMatch(/^1 SKU quantity update\(s\) failed \(NOT-ON-OTTO-01\)/);
		// the accepted SKUs are remembered and at OTTO, the rejected one is not remembered
		const stock = await stockRows();
		for (const [sku, quantity] of want) {
			expect(otto().data.quantities.get(sku)?.quantity).toBe(quantity);
			expect(stock.get(sku)).toBe(quantity);
		}
		expect(stock.has(OTTO_ONLY_NOT)).toBe(false);
		const mail = await lab.waitFor('the error e-mail', async () => lab.smtp.messages.find((m) => m.text.includes('OTTO Market ← BC: stock quantities')), 60_000);
		expect(mail.text).toContain('NOT-ON-OTTO-01');

		// the next run sends only the rejected SKU again, and fails again
		const again = await nextRun(failed.startedAt, (r) => r.status === 'failed', 'the next failed run');
		expect(again).toMatchObject({ created: 0, failed: 1 });
		const retried = posts().filter((r) => r.seq > first.seq);
		expect(retried.length).toBeGreaterThanOrEqual(1);
		for (const request of retried) expect(request.body).toEqual([{ sku: OTTO_ONLY_NOT, quantity: 5 }]);

		// blocked in BC (never sent to OTTO): skipped, the run succeeds and moves the cursor
		await betweenRuns();
		bc().data.upsertItem(company(), { number: OTTO_ONLY_NOT, blocked: true });
		const blocked = new Date().toISOString();
		const ok = await nextRun(blocked, (r) => r.status === 'success', 'a successful run after blocking the item');
		expect(ok).toMatchObject({ created: 0, failed: 0, skipped: 1003 });
		expect(ok.cursorFrom).toBe(failed.cursorFrom);
		expect(ok.cursorTo).toBe(ok.startedAt);
		const sinceBlocked = posts().filter((r) => r.time > ok.startedAt);
		expect(sinceBlocked).toEqual([]);
		log(`n8n ${version}: rejected SKU → error row logref ${errors[0].logref}; ${retried.length} retry request(s) before blocking`);
	});

	test('itemMatch = ean: the OTTO SKU comes from the item\'s GTIN; items without an OTTO product are skipped', async () => {
		const errorsBefore = (await lab.errorRows(KEY)).length;
		await lab.stop();
		await lab.importAndActivate(lab.configure([STOCK_WORKFLOW_ID, ERROR_WORKFLOW_ID], { batchSize: 200, itemMatch: 'ean' }), [STOCK_WORKFLOW_ID]);
		await lab.start();
		// n8n 2.x applies the version published by the CLI on its next reconciliation: let it go live first
		await sleep(8_000);
		await betweenRuns();
		const candidates = ottoItems().filter((i) => i.inventory > 0);
		const [g, h] = [candidates[20], candidates[700]];
		const want = new Map<string, number>([
			[otto().data.productsBySku.get(g.number)!.sku, expected(g.inventory) + 11],
			[otto().data.productsBySku.get(h.number)!.sku, expected(h.inventory) + 12],
		]);
		expect(otto().data.productsBySku.get(g.number)!.ean).toBe(g.gtin);
		otto().clearRequests();
		const changed = new Date().toISOString();
		// sold in the shop only again: no OTTO product has its (empty) GTIN, so it is skipped, not rejected
		bc().data.upsertItem(company(), { number: OTTO_ONLY_NOT, blocked: false });
		bc().data.setInventory(company(), g, want.get(g.number)!);
		bc().data.setInventory(company(), h, want.get(h.number)!);
		const run = await nextRun(changed, (r) => r.status === 'success', 'a run with itemMatch = ean', 4 * 60_000);
		await nextRun(run.startedAt, (r) => r.status === 'success', 'one more run');
		expect(run).toMatchObject({ read: 1003, failed: 0 });
		expect(posts()).toHaveLength(1);
		expect(sentEntries().sort((x, y) => x.sku.localeCompare(y.sku))).toEqual([...want].map(([sku, quantity]) => ({ sku, quantity })).sort((x, y) => x.sku.localeCompare(y.sku)));
		expect(otto().requests({ path: '/v5/products', method: 'GET' }).length).toBeGreaterThanOrEqual(10);
		expect(await lab.errorRows(KEY)).toHaveLength(errorsBefore);
		const stock = await stockRows();
		for (const [sku, quantity] of want) expect(stock.get(sku)).toBe(quantity);
		log(`n8n ${version}: itemMatch = ean: ${otto().requests({ path: '/v5/products', method: 'GET' }).length} OTTO product-list requests (10 pages per run) and ${posts().length} quantity request since the change`);
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
