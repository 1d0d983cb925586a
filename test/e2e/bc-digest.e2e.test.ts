/**
 * End-to-end: the template "OTTO Market – daily sync-error digest" inside real n8n (2.41.1 and 1.123.81), on its
 * Schedule Trigger shortened to seconds, next to the order template that writes real sync-error rows (blocked BC
 * items, BC 503s, an OTTO outage) and rows "of other templates" inserted over n8n's REST API.
 *
 * Asserts: one digest e-mail with every new row (grouped per workflow, counts, logrefs, HTML escaped); later
 * digests mail nothing but still log a run; rows written later are mailed by the next digest, and only those.
 */
import type { PartnerOrder } from '../otto-simulator/model';
import { injectOrders } from '../otto-simulator/inject';
import { DIGEST_WORKFLOW_ID, DIGEST_WORKFLOW_KEY } from '../templates/digest';
import { insertRows } from '../templates/n8n-rest';
import { CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID, ORDERS_WORKFLOW_ID } from '../templates/skeleton';
import { type SinkMessage, startSmtpSink } from '../harness/smtp-sink';
import { N8N_VERSIONS, type N8nVersion, type WorkflowToImport, killChildrenOnSignals, liveChildCount, log, sleep } from './n8n';
import { type LogRow, TemplateLab } from './template-lab';

jest.setTimeout(15 * 60_000);
killChildrenOnSignals();

const ORDERS_KEY = 'otto-orders-to-bc';
const SUBJECT = '[n8n] OTTO sync-error digest';
const RECIPIENT = 'ops@shop.example';
const SENDER = 'digest@shop.example';

interface Row {
	id: number;
	workflow: string;
	executionId: string;
	occurredAt: string;
	reference: string;
	reason: string;
	node: string;
	logref: string;
	bcErrorCode: string;
	createdAt: string;
}

/** What the digest must say about a set of rows: per workflow the number of rows and of distinct references. */
function expectedGroups(rows: Row[]): Map<string, { rows: number; references: number }> {
	const out = new Map<string, { rows: number; refs: Set<string> }>();
	for (const row of rows) {
		const group = out.get(row.workflow) ?? { rows: 0, refs: new Set<string>() };
		group.rows++;
		group.refs.add(row.reference);
		out.set(row.workflow, group);
	}
	return new Map([...out].map(([workflow, g]) => [workflow, { rows: g.rows, references: g.refs.size }]));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Lines the digest lists per workflow (Config digestMaxRowsPerWorkflow). */
const MAX_LINES = 50;

/**
 * The e-mail names each workflow with its counts and, for workflows with at most MAX_LINES distinct failures,
 * every row (reference, node, BC code, logref); larger workflows list MAX_LINES lines and count the rest.
 * Nothing of `absent` appears.
 */
function expectDigest(mail: SinkMessage, rows: Row[], absent: Row[] = []): void {
	expect(mail.to).toEqual([RECIPIENT]);
	expect(mail.from).toBe(SENDER);
	const groups = expectedGroups(rows);
	expect(mail.subject).toBe(`${SUBJECT}: ${plural(rows.length, 'new sync error', 'new sync errors')} in ${plural(groups.size, 'workflow', 'workflows')}`);
	// only these workflows have a section
	expect(mail.text.split('\n').filter((l) => l.startsWith('== '))).toHaveLength(groups.size);
	const sections = mail.text.split('\n== ');
	for (const [workflow, g] of groups) {
		expect(mail.text).toContain(`== ${workflow}: ${plural(g.rows, 'error', 'errors')}, ${plural(g.references, 'record', 'records')} ==`);
		const section = sections.find((s) => s.startsWith(`${workflow}: `))!;
		const lines = section.split('\n').filter((l) => l.startsWith('- '));
		const own = rows.filter((r) => r.workflow === workflow);
		const distinct = new Set(own.map((r) => JSON.stringify([r.reference, r.node, r.bcErrorCode, r.reason]))).size;
		expect(lines).toHaveLength(Math.min(distinct, MAX_LINES));
		if (distinct > MAX_LINES) {
			expect(distinct).toBe(own.length); // (the large batch has no repeated failures: one line per row)
			const hidden = own.length - MAX_LINES;
			expect(section).toContain(`… and ${plural(hidden, 'more line', 'more lines')} (${plural(hidden, 'error', 'errors')}) — see the Data Table otto_sync_errors.`);
			// the oldest rows are the ones listed
			for (const row of own.slice(0, MAX_LINES)) expect(section).toContain(`- ${row.reference}: `);
			continue;
		}
		for (const row of own) {
			expect(section).toContain(`- ${row.reference}`);
			if (row.logref) expect(section).toContain(row.logref);
			if (row.bcErrorCode) expect(section).toContain(`BC error code: ${row.bcErrorCode}`);
			expect(section).toContain(`node: ${row.node}`);
			expect(mail.html).toContain(row.reference.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
		}
	}
	for (const row of absent) expect(mail.text).not.toContain(row.reference);
}

describe.each(N8N_VERSIONS)('sync-error digest inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, { name: 'bc-digest', everySeconds: 6 });
	const otto = () => lab.otto;
	const bc = () => lab.bc;
	const smtp = () => lab.smtp;
	const digestMails = () => smtp().messages.filter((m) => m.subject.startsWith(SUBJECT));
	const errorRows = async () => (await lab.rows('syncErrors')) as unknown as Row[];
	const digestRuns = () => lab.logRows(DIGEST_WORKFLOW_KEY);

	/** Rows of the initial batch, the mail of the first digest and the digest run that sent it. */
	let batch: Row[] = [];
	let firstMailRun: LogRow | undefined;

	function workflows(ids: string[]): WorkflowToImport[] {
		return lab.configure(ids, {
			defaultCustomerNo: 'C00010',
			autoCreateCustomers: false,
			notifyEmail: RECIPIENT,
			digestEmailFrom: SENDER,
			// rows of the last 3 seconds wait for the next digest (2 minutes in the template)
			digestDelayMinutes: 0.05,
		});
	}

	function foreignRow(workflow: string, reference: string, reason: string, extra: Partial<Pick<Row, 'node' | 'logref' | 'bcErrorCode'>> = {}): Record<string, string> {
		return { workflow, executionId: '999', occurredAt: new Date().toISOString(), reference, reason, node: 'Send to OTTO', logref: '', bcErrorCode: '', ...extra };
	}

	beforeAll(() => lab.setUp(), 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('the order template records failed orders (blocked items, BC 503s, an OTTO outage); rows of other templates are added', async () => {
		const now = Date.now();
		const orders: PartnerOrder[] = injectOrders(otto().data, { count: 6, orderDate: now - 2 * 60_000 });
		// the SKUs of two orders are blocked in BC: those orders (and any other with such a SKU) are not sent
		const blockedSkus = new Set([orders[0], orders[1]].flatMap((o) => o.positionItems.map((p) => p.product.sku.toUpperCase())));
		const items = bc().data.mainCompany().items;
		for (const item of items) if (blockedSkus.has(item.number)) item.blocked = true;
		const blockedOrders = orders.filter((o) => o.positionItems.some((p) => blockedSkus.has(p.product.sku.toUpperCase())));
		// BC answers 503 to the first two sales orders sent
		bc().configure({ faults: [{ type: '503', path: '/salesOrders$', method: 'POST', count: 2 }] });

		await lab.importAndActivate(workflows([ORDERS_WORKFLOW_ID, CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID]), [ORDERS_WORKFLOW_ID]);
		const started = new Date().toISOString();
		await lab.start();
		const failed = await lab.nextRun(ORDERS_KEY, started, (r) => r.status === 'failed' && r.failed >= blockedOrders.length + 2, 'an order run with blocked and 503 orders');
		// the blocked orders fail again in the next run (the 503 ones are created then)
		await lab.nextRun(ORDERS_KEY, failed.startedAt, (r) => r.status === 'failed' && r.failed >= blockedOrders.length, 'a second order run with the blocked orders');
		// OTTO cannot list the orders for a while: the order template records that with OTTO's logref
		otto().configure({ faults: [{ type: '500', path: '/v4/orders' }] });
		const ottoRow = await lab.waitFor('an order run that recorded the OTTO failure', async () => (await errorRows()).find((e) => e.node === 'Get processable orders'), 3 * 60_000);
		otto().configure({ faults: [] });
		for (const item of items) if (blockedSkus.has(item.number)) item.blocked = false;
		const unblocked = new Date().toISOString();
		await lab.nextRun(ORDERS_KEY, unblocked, (r) => r.status === 'success', 'a successful order run after the faults were lifted', 4 * 60_000);

		// rows of other templates, with OTTO logrefs and text that must be escaped in the HTML part
		await insertRows(lab.session, lab.projectId, lab.tables.syncErrors, [
			foreignRow('otto-bc-shipments', 'SHIP-1001', 'OTTO rejected the shipment: tracking number <missing> & carrier "DHL" unknown', { logref: 'logref-ship-0001', bcErrorCode: '' }),
			foreignRow('otto-bc-shipments', 'SHIP-1002', 'OTTO rejected the shipment: ' + 'position item unknown; '.repeat(30), { logref: 'logref-ship-0002' }),
			foreignRow('otto-returns-to-bc', 'RET-7', 'BC did not create the credit memo: Item blocked', { node: 'Create credit memo', bcErrorCode: 'Application_DialogException' }),
		]);
		// and a large batch of another: more than one page (1,000 rows) for the Data Table node, more lines than a digest lists
		const bulk = Array.from({ length: 1100 }, (_, i) =>
			foreignRow('otto-stock-from-bc', `STOCK-${String(i).padStart(4, '0')}`, `OTTO did not take the quantity of SKU ${i}`, { logref: `logref-stock-${i}` }),
		);
		for (let i = 0; i < bulk.length; i += 275) await insertRows(lab.session, lab.projectId, lab.tables.syncErrors, bulk.slice(i, i + 275));
		batch = await errorRows();
		const byWorkflow = expectedGroups(batch);
		log(`n8n ${version}: ${batch.length} sync-error rows before the first digest: ${JSON.stringify(Object.fromEntries(byWorkflow))}; OTTO row logref "${ottoRow.logref}"`);

		const orderRows = batch.filter((r) => r.workflow === ORDERS_KEY);
		expect(failed.failed).toBeGreaterThanOrEqual(blockedOrders.length + 2);
		for (const order of blockedOrders) expect(orderRows.some((r) => r.reference === order.orderNumber && /is blocked/.test(r.reason))).toBe(true);
		expect(orderRows.filter((r) => r.bcErrorCode === 'ServiceUnavailable')).toHaveLength(2);
		expect(ottoRow.reference).toBe('(order list)');
		expect(byWorkflow.size).toBe(4);
		expect(byWorkflow.get('otto-stock-from-bc')).toEqual({ rows: 1100, references: 1100 });
		await lab.stop();
	});

	test('the first digest mails every row once: grouped per workflow, with counts, reasons, nodes, BC codes and logrefs', async () => {
		expect(batch.length).toBeGreaterThan(0);
		await lab.importAndActivate(workflows([DIGEST_WORKFLOW_ID]), [DIGEST_WORKFLOW_ID]);
		smtp().clear();
		const started = new Date().toISOString();
		await lab.start();
		firstMailRun = await lab.nextRun(DIGEST_WORKFLOW_KEY, started, (r) => r.created === 1, 'the digest run that mailed');
		// two more digest runs: nothing new, no e-mail, still logged
		const quiet1 = await lab.nextRun(DIGEST_WORKFLOW_KEY, firstMailRun.startedAt, () => true, 'a second digest run');
		const quiet2 = await lab.nextRun(DIGEST_WORKFLOW_KEY, quiet1.startedAt, () => true, 'a third digest run');
		await sleep(2_000);
		const mails = digestMails();
		const rowsNow = await errorRows();
		const state = await lab.stateRow(DIGEST_WORKFLOW_KEY);
		const runs = (await digestRuns()).filter((r) => r.startedAt > started);
		const runMs = Date.parse((firstMailRun as LogRow & { finishedAt: string }).finishedAt) - Date.parse(firstMailRun.startedAt);
		log(`n8n ${version}: first digest (${runMs} ms) ${JSON.stringify(firstMailRun)}; mail ${mails[0]?.text.length} chars text, ${mails[0]?.html?.length} chars HTML; ${runs.length} digest runs so far`);

		expect(rowsNow).toHaveLength(batch.length); // nothing else failed meanwhile
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		expectDigest(mail, batch);
		// the failure repeated by several order runs is one line with its count
		const blockedLine = mail.text.split('\n').find((l) => /\(\d+x\): Not sent to BC: BC item .* is blocked/.test(l));
		expect(blockedLine).toBeDefined();
		// reasons are shortened, HTML is escaped
		expect(mail.text).not.toContain('position item unknown; '.repeat(30));
		expect(mail.text).toContain('…');
		expect(mail.html).toContain('tracking number &lt;missing&gt; &amp; carrier &quot;DHL&quot; unknown');
		expect(mail.html).not.toContain('<missing>');
		expect(firstMailRun).toMatchObject({ status: 'success', read: batch.length, created: 1, failed: 0 });
		expect(firstMailRun.cursorFrom < firstMailRun.cursorTo).toBe(true);
		for (const quiet of [quiet1, quiet2]) {
			expect(quiet).toMatchObject({ status: 'success', read: 0, created: 0, failed: 0 });
			expect(quiet.message).toMatch(/^No new sync errors, no e-mail/);
		}
		expect(quiet1.cursorFrom).toBe(firstMailRun.cursorTo);
		expect(quiet2.cursorFrom).toBe(quiet1.cursorTo);
		expect(state?.cursor).toBeTruthy();
		expect(runs.filter((r) => r.created === 1)).toHaveLength(1);
		// the digest itself wrote no error rows and never failed
		expect(runs.every((r) => r.status === 'success')).toBe(true);
	});

	test('rows written later are mailed by the next digest, and only those', async () => {
		const before = digestMails().length;
		const later = new Date().toISOString();
		const inserted = await insertRows(lab.session, lab.projectId, lab.tables.syncErrors, [
			foreignRow('otto-bc-shipments', 'SHIP-2001', 'OTTO rejected the shipment: carrier unknown', { logref: 'logref-ship-2001' }),
			foreignRow(ORDERS_KEY, '(order list)', 'OTTO did not list the orders: OTTO server error (logref logref-orders-2002)', { node: 'Get processable orders', logref: 'logref-orders-2002' }),
			foreignRow('otto-prices-to-otto', 'SKU-ÄÖÜ-1', 'OTTO rejected the price', { logref: 'logref-price-2003' }),
		]);
		expect(inserted).toHaveLength(3);
		const run = await lab.nextRun(DIGEST_WORKFLOW_KEY, later, (r) => r.created === 1, 'the digest run that mails the new rows');
		const quiet = await lab.nextRun(DIGEST_WORKFLOW_KEY, run.startedAt, () => true, 'a digest run after that');
		await sleep(2_000);
		const fresh = (await errorRows()).filter((r) => !batch.some((b) => b.id === r.id));
		const mails = digestMails().slice(before);
		log(`n8n ${version}: second digest ${JSON.stringify(run)}; next run read ${quiet.read}`);

		expect(fresh).toHaveLength(3);
		expect(mails).toHaveLength(1);
		// the references of the first batch (except "(order list)", which both batches have) are not mailed again
		expectDigest(mails[0], fresh, batch.filter((b) => b.reference !== '(order list)'));
		expect(mails[0].text).toContain('== otto-orders-to-bc: 1 error, 1 record ==');
		expect(run).toMatchObject({ status: 'success', read: 3, created: 1 });
		expect(quiet).toMatchObject({ status: 'success', read: 0, created: 0 });
		expect(run.cursorFrom >= (firstMailRun?.cursorTo ?? '')).toBe(true);
	});

	test('an e-mail that cannot be sent fails the run and keeps the cursor: the next digest sends those rows', async () => {
		const port = smtp().port;
		await smtp().close(); // the SMTP server is down
		const down = new Date().toISOString();
		await insertRows(lab.session, lab.projectId, lab.tables.syncErrors, [
			foreignRow('otto-bc-shipments', 'SHIP-3001', 'OTTO rejected the shipment: carrier unknown', { logref: 'logref-ship-3001' }),
			foreignRow('otto-bc-shipments', 'SHIP-3002', 'OTTO rejected the shipment: carrier unknown', { logref: 'logref-ship-3002' }),
		]);
		const failedRun = await lab.nextRun(DIGEST_WORKFLOW_KEY, down, (r) => r.status === 'failed', 'a digest run that could not send');
		const stateWhileDown = await lab.stateRow(DIGEST_WORKFLOW_KEY);
		lab.smtp = await startSmtpSink({ port }); // back
		const up = new Date().toISOString();
		// the rows of the failed window plus the digest's own error rows (one per failed run) are mailed now; an
		// error row written in the last seconds before a digest may wait for the one after it
		const sentRuns = await lab.waitFor(
			'digest runs that mailed the rows of the outage',
			async () => {
				const runs = (await digestRuns()).filter((r) => r.startedAt > up && r.created === 1);
				const own = (await errorRows()).filter((r) => r.workflow === DIGEST_WORKFLOW_KEY).length;
				return own > 0 && runs.reduce((sum, r) => sum + r.read, 0) === 2 + own ? runs : undefined;
			},
			3 * 60_000,
		);
		await sleep(8_000); // at least one more digest run
		const mails = digestMails();
		const rows = await errorRows();
		const digestErrors = rows.filter((r) => r.workflow === DIGEST_WORKFLOW_KEY);
		const after = (await digestRuns()).filter((r) => r.startedAt > down);
		await lab.stop();
		const failedRuns = after.filter((r) => r.status === 'failed');
		log(`n8n ${version}: ${failedRuns.length} digest run(s) failed while SMTP was down (${failedRun.message}); then ${sentRuns.length} digest(s) sent ${sentRuns.map((r) => r.read).join(' + ')} row(s)`);

		expect(failedRun).toMatchObject({ created: 0, read: 2, failed: 1 });
		expect(failedRun.cursorTo).toBe(failedRun.cursorFrom);
		expect(stateWhileDown?.cursor).toBe(failedRun.cursorFrom);
		expect(failedRun.message).toMatch(/digest e-mail not sent/);
		expect(failedRuns.every((r) => r.startedAt < up)).toBe(true);
		expect(digestErrors).toHaveLength(failedRuns.length);
		for (const row of digestErrors) expect(row).toMatchObject({ reference: '(digest e-mail)', node: 'Send digest e-mail' });
		// the first digest after the outage starts where the failed one started, and sends the outage's rows
		expect(sentRuns[0].cursorFrom).toBe(failedRun.cursorFrom);
		expect(mails).toHaveLength(sentRuns.length);
		for (const ref of ['SHIP-3001', 'SHIP-3002', 'logref-ship-3001', 'logref-ship-3002']) expect(mails[0].text).toContain(ref);
		expect(mails[0].text).toMatch(/== sync-error-digest: \d+ errors?, 1 record ==\n- \(digest e-mail\)/);
		// each of them once
		expect(mails.map((m) => m.text).join('\n').split('SHIP-3001').length - 1).toBe(1);
		expect(after.filter((r) => r.created === 1)).toHaveLength(sentRuns.length);
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
