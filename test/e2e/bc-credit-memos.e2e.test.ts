/**
 * End-to-end: the template "OTTO Market → BC: price reductions as credit memos" as a seller runs it — imported
 * into real n8n (2.41.1 and 1.123.81) next to the packed package, Config filled in, Data Tables created, active
 * on its Schedule Trigger (shortened to seconds) — against the OTTO and BC simulators.
 *
 * The BC sales orders are created in the BC simulator's store as the order template leaves them (External
 * Document No. = OTTO order number, upper case), each on its own customer. Price reductions are booked in the
 * OTTO simulator's store the way OTTO processes them: a PROCESSED reduction gets its PARTIAL_REFUND receipt
 * (and lists its receipt number); INITIATED and REJECTED ones have no receipt yet / never.
 */
import { randomUUID } from 'node:crypto';

import type { CustomerRec, SalesDocRec } from '../bc-simulator/model';
import { injectOrders } from '../otto-simulator/inject';
import type { PartnerOrder, PositionItem, PriceReductionStatus, Receipt } from '../otto-simulator/model';
import { buildReceipt } from '../otto-simulator/seed';
import { CREDIT_MEMOS_WORKFLOW_ID, CREDIT_MEMOS_WORKFLOW_KEY, PRICE_REDUCTION_ACCOUNT_NO } from '../templates/creditMemos';
import { ERROR_WORKFLOW_ID } from '../templates/skeleton';
import { N8N_VERSIONS, type N8nVersion, killChildrenOnSignals, liveChildCount, log } from './n8n';
import { type LogRow, TemplateLab } from './template-lab';

jest.setTimeout(20 * 60_000);
killChildrenOnSignals();

const KEY = CREDIT_MEMOS_WORKFLOW_KEY;
const DEFAULT_CUSTOMER = 'C00010';
const round2 = (n: number) => Math.round(n * 100) / 100;

describe.each(N8N_VERSIONS)('credit memo template inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, { name: 'bc-credit-memos', everySeconds: 6 });
	const otto = () => lab.otto;
	const bc = () => lab.bc;
	const company = () => bc().data.mainCompany();
	const errorRows = () => lab.errorRows(KEY);
	const nextRun = (since: string, accept: (row: LogRow) => boolean, what: string, timeoutMs?: number) => lab.nextRun(KEY, since, accept, what, timeoutMs);

	/** The PURCHASE receipt OTTO books when the order's items are shipped. */
	function purchaseReceipt(order: PartnerOrder): Receipt {
		const receipt = buildReceipt('PURCHASE', order, order.positionItems, {
			receiptNumber: otto().data.nextReceiptNumber(),
			creationDate: new Date().toISOString(),
			shipmentDate: order.positionItems[0].sentDate,
		});
		otto().data.addReceipt(receipt);
		return receipt;
	}

	/**
	 * A price reduction of a shipped item, as OTTO lists it under /v1/price-reductions; a PROCESSED one with its
	 * PARTIAL_REFUND receipt (returned), whose number the reduction lists.
	 */
	function reducePrice(order: PartnerOrder, item: PositionItem, amount: number, status: PriceReductionStatus = 'PROCESSED'): Receipt | undefined {
		const data = otto().data;
		let record = data.priceReductions.find((r) => r.positionItemId === item.positionItemId);
		if (!record) {
			const invoice = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount;
			record = {
				salesOrderId: order.salesOrderId,
				positionItemId: item.positionItemId,
				totalPriceReduction: { amount: 0, currency: 'EUR' },
				invoicePrice: { amount: invoice, currency: 'EUR' },
				priceReductions: [],
			};
			data.priceReductions.push(record);
		}
		const receipt = status === 'PROCESSED' ? data.addRefundReceipt('PARTIAL_REFUND', order, [item], amount) : undefined;
		record.priceReductions.push({
			priceReduction: { amount, currency: 'EUR' },
			creationDateTime: data.nowIso(),
			status,
			...(receipt ? { receiptNumber: receipt.receiptNumber } : {}),
		});
		if (status !== 'REJECTED') record.totalPriceReduction = { amount: round2(record.totalPriceReduction.amount + amount), currency: 'EUR' };
		return receipt;
	}

	/** A small part of the item's price (OTTO takes reductions below what is left of it). */
	const partOf = (item: PositionItem, share: number) => Math.max(0.01, round2((item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount * share));

	/** What the receipt refunded, gross and net (its totals are negative). */
	const refunded = (r: Receipt) => ({
		gross: round2(Math.abs(r.amountDue.amount)),
		net: round2(r.totals.reduce((sum, t) => sum + Math.abs(t.net.amount), 0)),
	});

	/** A DE customer with posting groups; prices without VAT, as the default customer. */
	function newCustomer(name: string): CustomerRec {
		const customer = bc().data.createCustomer(company(), { displayName: name, country: 'DE', city: 'Hamburg', postalCode: '20095' });
		bc().data.setPostingGroups(company(), customer, { customerPostingGroup: 'DOMESTIC', genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'DOMESTIC' });
		customer.pricesIncludingVat = false;
		return customer;
	}

	/** A BC sales order for the OTTO order, as the order template creates it. */
	function salesOrderFor(order: PartnerOrder, customerNumber: string, lines: Array<Record<string, unknown>> = []): SalesDocRec {
		return bc().data.createSalesDoc(
			company(),
			'order',
			{ customerNumber, externalDocumentNumber: order.orderNumber.toUpperCase(), orderDate: order.orderDate.slice(0, 10) },
			lines,
		);
	}

	const memos = () => company().salesCreditMemos as SalesDocRec[];
	const memosOf = (receipts: Receipt[]) => {
		const numbers = new Set(receipts.map((r) => r.receiptNumber));
		return memos().filter((m) => numbers.has(m.externalDocumentNumber));
	};

	/** One credit memo per receipt, with one G/L account line of the refunded net amount. */
	function expectOneMemoEach(receipts: Receipt[], customerOf: (r: Receipt) => string): void {
		const found = memosOf(receipts);
		expect(found.map((m) => m.externalDocumentNumber).sort()).toEqual(receipts.map((r) => r.receiptNumber).sort());
		for (const receipt of receipts) {
			const memo = found.find((m) => m.externalDocumentNumber === receipt.receiptNumber)!;
			const { net } = refunded(receipt);
			expect(memo.customerNumber).toBe(customerOf(receipt));
			expect(memo.status).toBe('Draft');
			expect(memo.documentDate).toBe(receipt.creationDate.slice(0, 10));
			expect(memo.lines).toHaveLength(1);
			expect(memo.lines[0]).toMatchObject({ lineType: 'Account', lineObjectNumber: PRICE_REDUCTION_ACCOUNT_NO, quantity: 1, unitPrice: net });
			expect(memo.lines[0].description).toContain(`order ${receipt.orderNumber}`);
			expect(bc().data.docTotals(memo).totalAmountExcludingTax).toBe(net);
		}
	}

	let orders: PartnerOrder[] = [];
	/** OTTO order number → the BC customer the credit memos of its refunds belong to. */
	const customerByOrder = new Map<string, string>();

	beforeAll(() => lab.setUp(), 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('9 processed price reductions → 9 BC credit memos on the customers of their BC sales orders (default customer when the order is posted or missing); the next run creates none', async () => {
		// the chart of accounts gets the sales-deduction account the template books on
		company().glAccounts.push({ id: randomUUID(), number: PRICE_REDUCTION_ACCOUNT_NO, displayName: 'Erlösschmälerungen 19 % USt' });
		const customers = [newCustomer('Nordlicht Handel GmbH'), newCustomer('Hafenkontor KG'), newCustomer('Elbe Versand OHG')];
		orders = injectOrders(otto().data, { count: 8, orderDate: Date.now() - 2 * 60 * 60_000, statuses: ['SENT', 'SENT'] });
		orders.slice(0, 6).forEach((o, i) => {
			salesOrderFor(o, customers[i % 3].number);
			customerByOrder.set(o.orderNumber, customers[i % 3].number);
		});
		// order 7 was imported, but BC posted it (Ship and Invoice removes the order); order 8 never reached BC
		const posted = salesOrderFor(orders[6], customers[0].number, [{ lineType: 'Item', lineObjectNumber: 'BC-0001', quantity: 1 }]);
		bc().data.shipAndInvoice(company(), posted);
		expect(company().salesOrders.some((o) => o.id === posted.id)).toBe(false);
		customerByOrder.set(orders[6].orderNumber, DEFAULT_CUSTOMER);
		customerByOrder.set(orders[7].orderNumber, DEFAULT_CUSTOMER);

		// receipts that are no partial refunds: the invoices, and a refund of a returned item
		for (const order of orders) purchaseReceipt(order);
		otto().data.addRefundReceipt('REFUND', orders[5], [orders[5].positionItems[1]]);
		// price reductions: 9 processed (two on order 1), one still INITIATED, one REJECTED
		const receipts = orders.map((o, i) => reducePrice(o, o.positionItems[0], partOf(o.positionItems[0], 0.1 + i * 0.01))!);
		receipts.push(reducePrice(orders[0], orders[0].positionItems[1], partOf(orders[0].positionItems[1], 0.15))!);
		reducePrice(orders[1], orders[1].positionItems[1], partOf(orders[1].positionItems[1], 0.2), 'INITIATED');
		reducePrice(orders[2], orders[2].positionItems[1], partOf(orders[2].positionItems[1], 0.2), 'REJECTED');
		const processed = otto().data.priceReductions.flatMap((r) => r.priceReductions).filter((p) => p.status === 'PROCESSED');
		expect(processed.map((p) => p.receiptNumber).sort()).toEqual(receipts.map((r) => r.receiptNumber).sort());
		const onDefault = receipts.filter((r) => customerByOrder.get(r.orderNumber) === DEFAULT_CUSTOMER);

		await lab.importAndActivate(
			lab.configure([CREDIT_MEMOS_WORKFLOW_ID, ERROR_WORKFLOW_ID], { defaultCustomerNo: DEFAULT_CUSTOMER, bcPricesIncludeVat: false }),
			[CREDIT_MEMOS_WORKFLOW_ID],
		);
		bc().clearRequests();
		otto().clearRequests();
		const started = new Date().toISOString();
		await lab.start();
		const first = await nextRun(started, (r) => r.status === 'success', 'the first successful run');
		const second = await nextRun(first.startedAt, (r) => r.status === 'success', 'a second successful run');
		const errors = await errorRows();
		const runs = (await lab.logRows(KEY)).length;
		await lab.stop();
		log(`n8n ${version}: first run ${JSON.stringify(first)}; second run ${JSON.stringify(second)}`);

		expect(first).toMatchObject({ read: 9, created: 9, skipped: 0, failed: 0 });
		expect(first.message).toBe('Created 9 BC credit memo(s); 0 already in BC; 2 on the default customer (see the sync errors table)');
		expect(first.cursorTo).toBe(first.startedAt);
		// the second run reads the same 9 refunds (cursor overlap) and finds all of them in BC
		expect(second).toMatchObject({ read: 9, created: 0, skipped: 9, failed: 0 });
		expect(second.cursorFrom).toBe(first.cursorTo);

		expectOneMemoEach(receipts, (r) => customerByOrder.get(r.orderNumber)!);
		expect(memos()).toHaveLength(9);
		// in BC the G/L line carries 19 % VAT: for items with 19 % the credit memo's gross is OTTO's refund
		const full = receipts.filter((r) => r.totals.every((t) => t.taxRate === '19'));
		for (const receipt of full) {
			const memo = memosOf([receipt])[0];
			expect(bc().data.docTotals(memo).totalAmountIncludingTax).toBeCloseTo(refunded(receipt).gross, 2);
		}

		// the default customer is reported once per credit memo, without failing the run
		expect(errors.map((e) => e.reference).sort()).toEqual(onDefault.map((r) => r.receiptNumber).sort());
		for (const error of errors) {
			const receipt = onDefault.find((r) => r.receiptNumber === error.reference)!;
			expect(error.executionId).toBe(first.executionId);
			expect(error.node).toBe('Plan credit memos');
			expect(error.reason).toMatch(
				new RegExp(`^credit memo S-CR\\d+ \\(External Document No\\. ${receipt.receiptNumber}\\) was created on the default customer ${DEFAULT_CUSTOMER}: no BC sales order with External Document No\\. ${receipt.orderNumber.toUpperCase()} `),
			);
		}

		// requests: each run reads the partial refunds once and looks their credit memos up once; only the first
		// run looks up sales orders and creates; the Price Reductions list is never read
		const bcAll = bc().requests();
		const posts = bcAll.filter((r) => r.method === 'POST' && /\/salesCreditMemos$/.test(r.path));
		const memoLookups = bcAll.filter((r) => r.method === 'GET' && /\/salesCreditMemos$/.test(r.path));
		const orderLookups = bcAll.filter((r) => r.method === 'GET' && /\/salesOrders$/.test(r.path));
		const receiptLists = otto().requests({ path: /^\/v3\/receipts$/ });
		expect(posts.filter((r) => r.status === 201)).toHaveLength(9);
		expect(posts.every((r) => r.status === 201 || r.status === 401)).toBe(true);
		expect(orderLookups.filter((r) => r.status === 200)).toHaveLength(1);
		expect(memoLookups.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
		expect(otto().requests({ path: /^\/v1\/price-reductions/ })).toEqual([]);
		expect(receiptLists.every((r) => JSON.stringify(r.query).includes('PARTIAL_REFUND') && !/PURCHASE|"REFUND"/.test(JSON.stringify(r.query)))).toBe(true);
		log(
			`n8n ${version}: ${runs} runs; BC requests ${bcAll.length} (${posts.length} POST salesCreditMemos, ${memoLookups.length} credit-memo lookups, ` +
				`${orderLookups.length} sales-order lookups, ${bcAll.filter((r) => r.status === 401).length} expired-token 401s); OTTO requests ${otto().requests().length} ` +
				`(${receiptLists.length} receipt lists); receipt list query ${JSON.stringify(receiptLists[0]?.query)}`,
		);
	});

	test('under 30 % 429s from BC: 20 more price reductions give exactly one credit memo each', async () => {
		bc().clearRequests();
		// the first two credit-memo lookups are throttled for sure (a lookup that took a 429 for "nothing in BC"
		// would create every credit memo again), then 30 % of all BC requests
		bc().configure({
			faults: [
				{ type: '429', path: '/salesCreditMemos$', method: 'GET', count: 2, retryAfterSeconds: 1 },
				{ type: '429', rate: 0.3, retryAfterSeconds: 1 },
			],
		});
		const receipts: Receipt[] = [];
		for (let i = 0; i < 20; i++) {
			const order = orders[i % 8];
			receipts.push(reducePrice(order, order.positionItems[1], round2(0.5 + i * 0.05))!);
		}
		const started = new Date().toISOString();
		await lab.start();
		await lab.waitFor('20 credit memos in BC', async () => new Set(memosOf(receipts).map((m) => m.externalDocumentNumber)).size >= 20, 8 * 60_000);
		const allIn = new Date().toISOString();
		const quiet = await nextRun(allIn, (r) => r.status === 'success', 'a successful run after that', 4 * 60_000);
		bc().configure({ faults: [] });
		const rows = (await lab.logRows(KEY)).filter((r) => r.startedAt > started);
		const stormErrors = (await errorRows()).filter((e) => rows.some((r) => r.executionId === e.executionId));
		await lab.stop();

		expect(quiet.created).toBe(0);
		expect(memosOf(receipts)).toHaveLength(20);
		expectOneMemoEach(receipts, (r) => customerByOrder.get(r.orderNumber)!);
		expect(memos()).toHaveLength(29);
		const requests = bc().requests();
		const throttled = requests.filter((r) => r.status === 429);
		const posts = requests.filter((r) => r.method === 'POST' && /\/salesCreditMemos$/.test(r.path));
		log(
			`n8n ${version}: storm runs ${JSON.stringify(rows.map((r) => ({ status: r.status, read: r.read, created: r.created, skipped: r.skipped, failed: r.failed })))}; ` +
				`${requests.length} BC requests, ${throttled.length} answered 429 (${throttled.filter((r) => r.method === 'POST').length} POSTs, ${throttled.filter((r) => r.method === 'GET').length} lookups), ` +
				`${posts.length} POST salesCreditMemos (${posts.filter((r) => r.status === 201).length} created, ${posts.filter((r) => r.status === 401).length} expired-token 401s); ` +
				`sync errors ${JSON.stringify(stormErrors.map((e) => `${e.reference}: ${e.reason}`))}`,
		);
		expect(throttled.length).toBeGreaterThan(3);
		expect(throttled.filter((r) => r.method === 'GET' && /\/salesCreditMemos$/.test(r.path)).length).toBeGreaterThanOrEqual(2);
		expect(posts.filter((r) => r.status === 201)).toHaveLength(20);
	});

	test('BC creates two credit memos but answers 503: the run fails, records them, keeps its cursor; the next run finds them and creates no second one', async () => {
		await lab.start();
		const stateBefore = await lab.stateRow(KEY);
		expect(stateBefore?.cursor).toBeTruthy();
		lab.smtp.clear();
		// the first two credit memos BC creates are answered with 503 (BC applied them)
		bc().configure({ faults: [{ type: '503', path: '/salesCreditMemos$', method: 'POST', after: true, count: 2 }] });
		const receipts = orders.slice(0, 5).map((o, i) => reducePrice(o, o.positionItems[0], round2(0.3 + i * 0.01))!);
		const started = new Date().toISOString();
		const failedRun = await nextRun(started, (r) => r.status === 'failed', 'a failed run');
		bc().configure({ faults: [] });
		const recovered = await nextRun(failedRun.startedAt, (r) => r.status === 'success', 'a successful run after it');
		const errors = (await errorRows()).filter((e) => e.executionId === failedRun.executionId);
		const state = await lab.stateRow(KEY);
		const mail = await lab.waitFor('the error e-mail', async () => lab.smtp.messages.find((m) => m.text.includes('OTTO Market → BC: price reductions as credit memos')), 60_000);
		await lab.stop();
		log(`n8n ${version}: failed run ${JSON.stringify(failedRun)}; recovery run ${JSON.stringify(recovered)}`);

		expect(failedRun).toMatchObject({ created: 3, failed: 2 });
		expect(failedRun.cursorTo).toBe(failedRun.cursorFrom);
		// a run that started just before the change may have moved the cursor first: from there on it stays
		expect(String(failedRun.cursorFrom) >= String(stateBefore?.cursor)).toBe(true);
		expect(errors).toHaveLength(2);
		for (const error of errors) {
			expect(receipts.map((r) => r.receiptNumber)).toContain(error.reference);
			expect(error.node).toBe('Create credit memo');
			expect(error.reason).toMatch(/^BC answered 503 — the next run checks whether BC created the credit memo: /);
			expect(error.bcErrorCode).toBe('ServiceUnavailable');
		}
		// the next run reads them again (same cursor; with the overlap also refunds of earlier runs) and finds all in BC
		expect(recovered).toMatchObject({ created: 0, failed: 0 });
		expect(recovered.skipped).toBe(recovered.read);
		expect(recovered.read).toBeGreaterThanOrEqual(5);
		expect(recovered.cursorFrom).toBe(failedRun.cursorFrom);
		expect(String(state?.cursor) > String(stateBefore?.cursor)).toBe(true);
		expectOneMemoEach(receipts, (r) => customerByOrder.get(r.orderNumber)!);
		expect(memos()).toHaveLength(34);
		expect(mail.text).toContain('did not reach BC');
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
