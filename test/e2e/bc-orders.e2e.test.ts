/**
 * End-to-end: the BC template workflows of workflows-templates/ as a seller runs them — imported into real n8n
 * (2.41.1 and 1.123.81) next to the packed package, Config filled in, Data Tables created, the order workflow
 * active on its schedule in `n8n start` — against the OTTO and BC simulators and a real SMTP server.
 *
 * Runs happen on the Schedule Trigger (its interval shortened to seconds here; nothing else of the templates
 * is changed), so the workflows' one-run-at-a-time lock, cursor, sync log and error path are exercised as in
 * production. Data Tables need `n8n start`: `n8n execute` does not load n8n's data-table module.
 */
import type { PartnerOrder } from '../otto-simulator/model';
import { injectOrders } from '../otto-simulator/inject';
import { CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID, ORDERS_WORKFLOW_ID } from '../templates/skeleton';
import { CREDENTIAL_TYPE, N8N_VERSIONS, type N8nVersion, NODE_TYPE, type WorkflowToImport, killChildrenOnSignals, liveChildCount, log, sleep } from './n8n';
import { OTTO_CREDENTIAL, TemplateLab } from './template-lab';

jest.setTimeout(15 * 60_000);
killChildrenOnSignals();

const KEY = 'otto-orders-to-bc';
/** An active Otto Market Trigger whose polls the test breaks, linked to the error notification. */
const TRIGGER_WORKFLOW_ID = 'tplTriggerErrPath1';

/** Same key as the template's: name and address of the invoice address, not the e-mail. */
function buyerKey(order: PartnerOrder): string {
	const a = order.invoiceAddress;
	return [a.countryCode, a.zipCode, a.city, a.street, a.houseNumber, a.firstName, a.lastName, a.addition ?? ''].join('|').toLowerCase();
}

describe.each(N8N_VERSIONS)('BC templates inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, { name: 'bc-orders', everySeconds: 6 });
	const otto = () => lab.otto;
	const bc = () => lab.bc;
	const smtp = () => lab.smtp;

	const bcOrders = () => bc().data.mainCompany().salesOrders as Array<Record<string, any>>;
	/** The BC sales orders of these OTTO orders (External Document No. = OTTO order number). */
	const salesOrdersOf = (orders: PartnerOrder[]) => {
		const numbers = new Set(orders.map((o) => o.orderNumber.toUpperCase()));
		return bcOrders().filter((o) => numbers.has(o.externalDocumentNumber));
	};
	const logRows = () => lab.logRows(KEY);
	const errorRows = () => lab.errorRows(KEY);
	const stateRow = () => lab.stateRow(KEY);
	const waitFor = lab.waitFor.bind(lab);
	const nextRun = (since: string, accept: (row: import('./template-lab').LogRow) => boolean, what: string, timeoutMs?: number) => lab.nextRun(KEY, since, accept, what, timeoutMs);

	/** The templates as a user configures them after import; `autoCreate` switches customer creation. */
	function workflows(autoCreate: boolean): WorkflowToImport[] {
		return lab.configure([ORDERS_WORKFLOW_ID, CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID], {
			defaultCustomerNo: 'C00010',
			autoCreateCustomers: autoCreate,
			customerPostingGroup: 'EU',
			genBusPostingGroup: 'EU',
			vatBusPostingGroup: 'EU',
		});
	}

	/** Otto Market Trigger (every minute) → No Operation, with the error notification as its error workflow. */
	function triggerWorkflow(): WorkflowToImport {
		return {
			id: TRIGGER_WORKFLOW_ID,
			name: 'E2E: new OTTO orders (trigger error path)',
			nodes: [
				{
					id: 'c0ffee00-0000-4000-a000-000000000001',
					name: 'Otto Market Trigger',
					type: `${NODE_TYPE}Trigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newOrder', options: {} },
					credentials: { [CREDENTIAL_TYPE]: OTTO_CREDENTIAL },
				},
				{ id: 'c0ffee00-0000-4000-a000-000000000002', name: 'New order', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
			],
			connections: { 'Otto Market Trigger': { main: [[{ node: 'New order', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1', errorWorkflow: ERROR_WORKFLOW_ID },
		};
	}

	async function importAndActivate(autoCreate: boolean): Promise<void> {
		await lab.importAndActivate([...workflows(autoCreate), triggerWorkflow()], [ORDERS_WORKFLOW_ID, TRIGGER_WORKFLOW_ID]);
	}

	beforeAll(() => lab.setUp(), 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('50 PROCESSABLE orders become 50 BC sales orders on the default customer; the next run creates none', async () => {
		const now = Date.now();
		const orders: PartnerOrder[] = [];
		// within the cursor overlap (10 minutes), so the second run reads them again and must skip them
		for (let i = 0; i < 50; i++) orders.push(...injectOrders(otto().data, { orderDate: now - 5 * 60_000 + i * 1_000, statuses: i % 5 === 0 ? ['PROCESSABLE', 'PROCESSABLE'] : ['PROCESSABLE'] }));
		const announced = injectOrders(otto().data, { count: 3, orderDate: now - 3 * 60_000, statuses: ['ANNOUNCED'] });

		await importAndActivate(false);
		const started = new Date().toISOString();
		await lab.start();
		const first = await nextRun(started, (r) => r.status === 'success' && r.created > 0, 'the first successful run');
		const second = await nextRun(first.startedAt, (r) => r.status === 'success', 'a second successful run');
		const errorsAfter = await errorRows();
		await lab.stop();
		log(`n8n ${version}: first run ${JSON.stringify(first)}; second run created ${second.created}`);

		expect(first).toMatchObject({ read: 50, created: 50, skipped: 0, failed: 0 });
		expect(second).toMatchObject({ created: 0, skipped: 50, failed: 0 });
		expect(second.cursorFrom).toBe(first.cursorTo);

		const created = salesOrdersOf(orders);
		expect(created).toHaveLength(50);
		expect(salesOrdersOf(announced)).toEqual([]);
		const byNumber = new Map(created.map((o) => [o.externalDocumentNumber, o]));
		for (const order of orders) {
			const so = byNumber.get(order.orderNumber.toUpperCase());
			expect(so).toBeDefined();
			expect(so!.customerNumber).toBe('C00010');
			expect(so!.shipTo.city).toBe(order.deliveryAddress.city);
			const itemLines = (so!.lines as Array<Record<string, any>>).filter((l) => l.lineType === 'Item');
			const quantity = itemLines.reduce((sum, l) => sum + l.quantity, 0);
			expect(quantity).toBe(order.positionItems.length);
			for (const line of itemLines) {
				expect(order.positionItems.map((p) => p.product.sku.toUpperCase())).toContain(line.lineObjectNumber);
			}
			const fee = order.initialDeliveryFees.reduce((sum, f) => sum + f.deliveryFeeAmount.amount, 0);
			const feeLines = (so!.lines as Array<Record<string, any>>).filter((l) => l.lineType === 'Account');
			expect(feeLines.map((l) => l.unitPrice)).toEqual(fee > 0 ? [fee] : []);
		}
		expect(errorsAfter).toEqual([]);
		expect(smtp().messages).toEqual([]);
	});

	test('Auto Create Customers under 30 % 429s and 3-second tokens: exactly 50 orders, one customer per buyer, posting groups set', async () => {
		await importAndActivate(true);
		const started = new Date().toISOString();
		await lab.start();
		await sleep(5_000); // the published version with Auto Create Customers is live by now
		const customersBefore = bc().data.mainCompany().customers.length;
		bc().clearRequests();
		bc().configure({ faults: [{ type: '429', rate: 0.3, retryAfterSeconds: 1 }] });
		const now = Date.now();
		const orders: PartnerOrder[] = [];
		for (let i = 0; i < 50; i++) orders.push(...injectOrders(otto().data, { orderDate: now - 4 * 60_000 + i * 1_000 }));
		// five repeat buyers with three orders each: same invoice address, other (anonymised) e-mails
		for (let b = 0; b < 5; b++) {
			for (const k of [1, 2]) {
				const order = orders[b * 3 + k];
				order.invoiceAddress = { ...orders[b * 3].invoiceAddress, email: `${b}${k}anon@pseudonym.otto.example` };
			}
		}
		const buyers = new Set(orders.map(buyerKey));
		await waitFor('all 50 orders in BC', async () => new Set(salesOrdersOf(orders).map((o) => o.externalDocumentNumber)).size >= 50, 8 * 60_000);
		const allIn = new Date().toISOString();
		const quiet = await nextRun(allIn, (r) => r.status === 'success', 'a successful run after that', 4 * 60_000);
		expect(quiet.created).toBe(0);
		expect(new Date(started).getTime()).toBeLessThan(new Date(allIn).getTime());
		bc().configure({ faults: [] });

		const created = salesOrdersOf(orders);
		expect(created).toHaveLength(50);
		expect(new Set(created.map((o) => o.externalDocumentNumber)).size).toBe(50);
		const newCustomers = bc().data.mainCompany().customers.slice(customersBefore) as Array<Record<string, any>>;
		expect(newCustomers).toHaveLength(buyers.size);
		for (const customer of newCustomers) {
			expect(customer).toMatchObject({ customerPostingGroup: 'EU', genBusPostingGroup: 'EU', vatBusPostingGroup: 'EU' });
		}
		// repeat buyers: the three orders of each share one customer
		for (let b = 0; b < 5; b++) {
			const numbers = [0, 1, 2].map((k) => created.find((o) => o.externalDocumentNumber === orders[b * 3 + k].orderNumber.toUpperCase())!.customerNumber);
			expect(new Set(numbers).size).toBe(1);
			expect(numbers[0]).not.toBe('C00010');
		}
		const map = await lab.rows('customerMap');
		expect(map).toHaveLength(buyers.size);
		const requests = bc().requests();
		const throttled = requests.filter((r) => r.status === 429).length;
		const tokens = requests.filter((r) => /oauth2\/v2\.0\/token$/.test(r.path) && r.status === 200).length;
		const expired = requests.filter((r) => r.status === 401).length;
		log(`n8n ${version}: ${requests.length} BC requests, ${throttled} answered 429, ${tokens} tokens, ${expired} expired-token 401s`);
		expect(throttled).toBeGreaterThan(10);
		expect(tokens).toBeGreaterThan(1);
	});

	test('a BC outage mid-run fails the run without moving the cursor, records each failed order, mails the seller, and the next run catches up', async () => {
		const stateBefore = await stateRow();
		expect(stateBefore?.cursor).toBeTruthy();
		const now = Date.now();
		const orders = injectOrders(otto().data, { count: 12, orderDate: now - 60_000 });
		smtp().clear();
		// BC creates 7 sales orders, then answers 503 to every further one
		bc().configure({ faults: [{ type: '503', path: '/salesOrders$', method: 'POST', skip: 7 }] });
		const started = new Date().toISOString();
		const failedRun = await nextRun(started, (r) => r.status === 'failed', 'a failed run');
		bc().configure({ faults: [] });

		expect(failedRun).toMatchObject({ created: 7, failed: 5 });
		expect(failedRun.cursorTo).toBe(failedRun.cursorFrom);
		// a run that started just before the outage may have moved the cursor first: from there on it stays
		expect(String(failedRun.cursorFrom) >= String(stateBefore?.cursor)).toBe(true);
		const state = await stateRow();
		expect(state?.cursor).toBe(failedRun.cursorFrom);
		const errors = (await errorRows()).filter((e) => e.executionId === failedRun.executionId);
		expect(errors).toHaveLength(5);
		const inBc = new Set(bcOrders().map((o) => o.externalDocumentNumber));
		const missing = orders.filter((o) => !inBc.has(o.orderNumber.toUpperCase())).map((o) => o.orderNumber);
		expect(errors.map((e) => e.reference).sort()).toEqual([...missing].sort());
		for (const error of errors) {
			expect(error.node).toBe('Create sales order');
			expect(error.reason).toMatch(/BC answered 503 — the next run checks whether BC created the sales order: The service is temporarily unavailable/);
			expect(error.bcErrorCode).toBe('ServiceUnavailable');
		}

		const mail = await waitFor('the error e-mail', async () => smtp().messages[0], 60_000);
		expect(mail.to).toContain('seller@shop.example');
		expect(mail.text).toContain('OTTO Market → BC: sales orders');
		expect(mail.text).toContain('Fail run');
		expect(mail.text).toContain('did not reach BC');
		expect(mail.text).toContain(`executions/${failedRun.executionId}`);
		expect(mail.text).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)/); // no stack trace

		const recovered = await nextRun(failedRun.startedAt, (r) => r.status === 'success', 'a successful run after the outage');
		// one e-mail per failed run (the fault is lifted right after the first one fails; another may have started)
		const failedRuns = (await logRows()).filter((r) => r.startedAt > started && r.status === 'failed');
		expect(smtp().messages).toHaveLength(failedRuns.length);
		expect(recovered.cursorFrom).toBe(failedRun.cursorFrom);
		const after = salesOrdersOf(orders);
		expect(after).toHaveLength(12);
		expect(new Set(after.map((o) => o.externalDocumentNumber)).size).toBe(12);
		for (const order of orders) expect(after.some((o) => o.externalDocumentNumber === order.orderNumber.toUpperCase())).toBe(true);
		log(`n8n ${version}: outage run ${failedRun.executionId} failed 5 orders; recovery run created ${recovered.created}; ${smtp().messages.length} e-mail(s)`);
	});

	test('an Otto Market Trigger that cannot poll reaches the error notification too (payload without execution)', async () => {
		smtp().clear();
		// OTTO answers 500 to every order request: the next poll (every minute) fails after the node's retries
		otto().configure({ faults: [{ type: '500', path: '/v4/orders' }] });
		const mail = await waitFor('the trigger error e-mail', async () => smtp().messages.find((m) => m.text.includes('E2E: new OTTO orders')), 3 * 60_000);
		// the order workflow, running meanwhile, records OTTO's failure instead of reading nothing
		const ottoError = await waitFor('an order run that recorded the OTTO failure', async () => (await errorRows()).find((e) => e.node === 'Get processable orders'), 60_000);
		const failedRun = (await logRows()).find((r) => r.executionId === ottoError.executionId);
		otto().configure({ faults: [] });
		expect(ottoError.reason).toMatch(/^OTTO did not list the orders: /);
		expect(failedRun).toMatchObject({ status: 'failed', read: 0, created: 0 });
		expect(failedRun!.cursorTo).toBe(failedRun!.cursorFrom);
		await lab.stop();
		expect(mail.to).toContain('seller@shop.example');
		expect(mail.text).toContain('The trigger of the workflow "E2E: new OTTO orders (trigger error path)" failed');
		expect(mail.text).toContain('execution not saved');
		expect(mail.text).toMatch(/500|server/i);
		expect(mail.text).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)/);
		expect(mail.text).not.toContain('sim-secret');
		log(`n8n ${version}: trigger error mail: ${mail.subject}`);
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
