/**
 * End-to-end: the template "OTTO Market → BC: receipts archive" as a seller runs it — imported into real n8n
 * (2.41.1 and 1.123.81) next to the packed package, Config filled in, Data Tables created, active on its
 * Schedule Trigger (shortened to seconds) — against the OTTO and BC simulators.
 *
 * The BC sales orders are created in the BC simulator's store, as the order template leaves them (External
 * Document No. = OTTO order number, upper case); the OTTO receipts of those orders are booked in the OTTO
 * simulator's store the way the simulator books them for shipments, returns and price reductions.
 */
import { createHash } from 'node:crypto';

import type { SalesDocRec } from '../bc-simulator/model';
import { injectOrders } from '../otto-simulator/inject';
import type { PartnerOrder, Receipt } from '../otto-simulator/model';
import { receiptPdf } from '../otto-simulator/routes/receipts';
import { buildReceipt } from '../otto-simulator/seed';
import { ERROR_WORKFLOW_ID } from '../templates/skeleton';
import { RECEIPTS_WORKFLOW_ID, RECEIPTS_WORKFLOW_KEY } from '../templates/receipts';
import { N8N_VERSIONS, type N8nVersion, killChildrenOnSignals, liveChildCount, log } from './n8n';
import { type LogRow, TemplateLab } from './template-lab';

jest.setTimeout(15 * 60_000);
killChildrenOnSignals();

const KEY = RECEIPTS_WORKFLOW_KEY;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(N8N_VERSIONS)('receipts archive template inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, { name: 'bc-receipts', everySeconds: 6 });
	const otto = () => lab.otto;
	const bc = () => lab.bc;
	const company = () => bc().data.mainCompany();
	const errorRows = () => lab.errorRows(KEY);
	const nextRun = (since: string, accept: (row: LogRow) => boolean, what: string, timeoutMs?: number) => lab.nextRun(KEY, since, accept, what, timeoutMs);

	/** OTTO orders with two shipped items each (dated an hour ago). */
	const shippedOrders = (count: number) => injectOrders(otto().data, { count, orderDate: Date.now() - 60 * 60_000, statuses: ['SENT', 'SENT'] });

	/** A BC sales order for the OTTO order, as the order template creates it. */
	function salesOrderFor(order: PartnerOrder, lines: Array<Record<string, unknown>> = []): SalesDocRec {
		return bc().data.createSalesDoc(
			company(),
			'order',
			{ customerNumber: 'C00010', externalDocumentNumber: order.orderNumber.toUpperCase(), orderDate: order.orderDate.slice(0, 10) },
			lines,
		);
	}

	/** The PURCHASE receipt OTTO books when the order's items are shipped. */
	function purchaseReceipt(order: PartnerOrder, createdAt: number): Receipt {
		const receipt = buildReceipt('PURCHASE', order, order.positionItems, {
			receiptNumber: otto().data.nextReceiptNumber(),
			creationDate: new Date(createdAt).toISOString(),
			shipmentDate: order.positionItems[0].sentDate,
		});
		otto().data.addReceipt(receipt);
		return receipt;
	}

	const attachmentsOf = (orders: SalesDocRec[]) => {
		const ids = new Set(orders.map((o) => o.id));
		return company().documentAttachments.filter((a) => ids.has(a.parentId));
	};

	/** Each receipt is attached once to its order, as <receiptNumber>.pdf, with OTTO's PDF bytes. */
	function expectArchived(receipts: Receipt[], orderOf: (r: Receipt) => SalesDocRec, orders: SalesDocRec[]): void {
		const attachments = attachmentsOf(orders);
		expect(attachments.map((a) => a.fileName).sort()).toEqual(receipts.map((r) => `${r.receiptNumber}.pdf`).sort());
		for (const receipt of receipts) {
			const attachment = attachments.find((a) => a.fileName === `${receipt.receiptNumber}.pdf`)!;
			expect(attachment.parentType).toBe('Sales Order');
			expect(attachment.parentId).toBe(orderOf(receipt).id);
			expect(attachment.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(sha256(attachment.content)).toBe(sha256(receiptPdf(receipt)));
		}
	}

	beforeAll(() => lab.setUp(), 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('12 receipts of every type → 12 PDF attachments on their BC sales orders; receipts without a BC order → sync-error rows; the next run attaches nothing', async () => {
		const now = Date.now();
		const orders = shippedOrders(10);
		const inBc = orders.slice(0, 8).map((o) => salesOrderFor(o));
		// order 9 was never imported; order 10 was, but BC posted it (Ship and Invoice removes the order)
		const posted = salesOrderFor(orders[9], [{ lineType: 'Item', lineObjectNumber: 'BC-0001', quantity: 1 }]);
		bc().data.shipAndInvoice(company(), posted);
		expect(company().salesOrders.some((o) => o.id === posted.id)).toBe(false);

		// 8 invoices, 2 refunds, 2 partial refunds (a few minutes old: inside the cursor overlap of the next run)
		const receipts: Receipt[] = orders.slice(0, 8).map((o, i) => purchaseReceipt(o, now - 3 * 60_000 + i * 1_000));
		receipts.push(otto().data.addRefundReceipt('REFUND', orders[0], [orders[0].positionItems[0]]));
		receipts.push(otto().data.addRefundReceipt('REFUND', orders[1], orders[1].positionItems));
		receipts.push(otto().data.addRefundReceipt('PARTIAL_REFUND', orders[2], [orders[2].positionItems[0]], 5));
		receipts.push(otto().data.addRefundReceipt('PARTIAL_REFUND', orders[3], [orders[3].positionItems[1]], 2.5));
		const withoutOrder = [purchaseReceipt(orders[8], now - 2 * 60_000), purchaseReceipt(orders[9], now - 2 * 60_000 + 1_000)];
		const orderOf = (r: Receipt) => inBc[orders.findIndex((o) => o.orderNumber === r.orderNumber)];

		// a run of the expired-token test takes about 40 s: the lock must outlast it
		await lab.importAndActivate(lab.configure([RECEIPTS_WORKFLOW_ID, ERROR_WORKFLOW_ID], { runLockMinutes: 5 }), [RECEIPTS_WORKFLOW_ID]);
		bc().clearRequests();
		otto().clearRequests();
		const started = new Date().toISOString();
		await lab.start();
		const first = await nextRun(started, (r) => r.status === 'success', 'the first successful run');
		const bcFirst = bc().requests();
		const ottoFirst = otto().requests();
		const second = await nextRun(first.startedAt, (r) => r.status === 'success', 'a second successful run');
		const errors = await errorRows();
		const state = await lab.stateRow(KEY);
		log(`n8n ${version}: first run ${JSON.stringify(first)}; second run ${JSON.stringify(second)}`);

		expect(first).toMatchObject({ read: 14, created: 12, skipped: 2, failed: 0 });
		expect(first.message).toMatch(/^Attached 12 OTTO receipt PDF\(s\) to BC sales orders; 0 already attached; 2 without BC sales order/);
		expect(first.cursorTo).toBe(first.startedAt);
		// second run: the same 14 receipts (cursor overlap), all done — 12 attached already, 2 reported before
		expect(second).toMatchObject({ read: 14, created: 0, skipped: 14, failed: 0 });
		expect(second.cursorFrom).toBe(first.cursorTo);
		expect(state?.cursor).toBeTruthy();

		expectArchived(receipts, orderOf, inBc);
		expect(new Set(receipts.map((r) => r.receiptType))).toEqual(new Set(['PURCHASE', 'REFUND', 'PARTIAL_REFUND']));
		expect(company().documentAttachments).toHaveLength(12);

		// the receipts without a BC sales order: one row each, written once (the second run does not repeat them)
		expect(errors.map((e) => e.reference).sort()).toEqual(withoutOrder.map((r) => r.receiptNumber).sort());
		for (const error of errors) {
			const receipt = withoutOrder.find((r) => r.receiptNumber === error.reference)!;
			expect(error.executionId).toBe(first.executionId);
			expect(error.node).toBe('Plan attachments');
			expect(error.reason).toMatch(new RegExp(`^no BC sales order with External Document No\\. ${receipt.orderNumber.toUpperCase()} .*not in BC, or already posted`));
		}

		// requests: OTTO lists the receipts and sends 12 PDFs once; BC gets 12 attachment records and 12 uploads
		const bcAll = bc().requests();
		const posts = bcAll.filter((r) => r.method === 'POST' && /\/documentAttachments$/.test(r.path));
		const patches = bcAll.filter((r) => r.method === 'PATCH' && /\/attachmentContent$/.test(r.path));
		const lookups = bcAll.filter((r) => r.method === 'GET' && /\/salesOrders$/.test(r.path));
		const pdfs = otto().requests({ path: /^\/v3\/receipts\/.*\.pdf$/ });
		expect(posts).toHaveLength(12);
		expect(posts.every((r) => r.status === 201)).toBe(true);
		expect(patches.filter((r) => r.status === 200)).toHaveLength(12);
		expect(pdfs.filter((r) => r.status === 200)).toHaveLength(12);
		expect(ottoFirst.filter((r) => /\.pdf$/.test(r.path))).toHaveLength(pdfs.length);
		const bcLater = bcAll.slice(bcFirst.length).filter((r) => r.method !== 'GET' && !/oauth2/.test(r.path));
		expect(bcLater).toEqual([]);
		log(
			`n8n ${version}: BC requests in the first run ${bcFirst.length} (${lookups.length} sales-order lookups overall, ${posts.length} POST documentAttachments, ` +
				`${patches.length} PATCH attachmentContent of which ${patches.filter((r) => r.status === 401).length} answered 401 (expired token)); ` +
				`OTTO requests in the first run ${ottoFirst.length} (${pdfs.length} PDF downloads overall); all requests: BC ${bcAll.length}, OTTO ${otto().requests().length}`,
		);
	});

	test('a failed PDF download creates nothing in BC; a failed upload leaves an empty attachment that a later run fills — never a second one', async () => {
		// (n8n keeps running from the previous test) OTTO cannot send PDFs from now on
		otto().configure({ faults: [{ type: '500', path: '\\.pdf$' }] });
		const orders = shippedOrders(3);
		const bcOrders = orders.map((o) => salesOrderFor(o));
		const now = Date.now();
		const receipts = orders.map((o, i) => purchaseReceipt(o, now - 60_000 + i * 1_000));
		const orderOf = (r: Receipt) => bcOrders[orders.findIndex((o) => o.orderNumber === r.orderNumber)];
		const started = new Date().toISOString();

		// the run fails, keeps its cursor, and BC gets no attachment record
		const downloadFailed = await nextRun(started, (r) => r.status === 'failed', 'a run whose downloads failed');
		expect(downloadFailed).toMatchObject({ created: 0, failed: 3 });
		expect(downloadFailed.cursorTo).toBe(downloadFailed.cursorFrom);
		const downloadErrors = (await errorRows()).filter((e) => e.executionId === downloadFailed.executionId);
		expect(downloadErrors.map((e) => e.reference).sort()).toEqual(receipts.map((r) => r.receiptNumber).sort());
		for (const error of downloadErrors) {
			expect(error.node).toBe('Download receipt PDF');
			expect(error.reason).toMatch(/^OTTO did not deliver the PDF \(the next run tries again\): /);
		}
		expect(attachmentsOf(bcOrders)).toEqual([]);

		// BC takes the records but not the bytes: the attachments stay empty, the run fails
		bc().configure({ faults: [{ type: '503', path: 'attachmentContent$', method: 'PATCH' }] });
		otto().configure({ faults: [] });
		const uploadFailed = await nextRun(downloadFailed.startedAt, (r) => r.status === 'failed' && r.read > 0 && /Upload|take the PDF/.test(r.message), 'a run whose uploads failed');
		expect(uploadFailed).toMatchObject({ created: 0, failed: 3 });
		const uploadErrors = (await errorRows()).filter((e) => e.executionId === uploadFailed.executionId);
		expect(uploadErrors.map((e) => e.node)).toEqual(['Upload PDF to BC', 'Upload PDF to BC', 'Upload PDF to BC']);
		expect(uploadErrors[0].reason).toMatch(/the attachment stays empty; the next run uploads it again/);
		expect(uploadErrors[0].bcErrorCode).toBe('ServiceUnavailable');
		const empty = attachmentsOf(bcOrders);
		expect(empty).toHaveLength(3);
		expect(empty.every((a) => a.content.length === 0)).toBe(true);

		bc().configure({ faults: [] });
		const recovered = await nextRun(uploadFailed.startedAt, (r) => r.status === 'success', 'a successful run after the faults');
		expect(recovered).toMatchObject({ created: 3, failed: 0 });
		expect(recovered.cursorFrom).toBe(downloadFailed.cursorFrom);
		expect(String((await lab.stateRow(KEY))?.cursor) >= recovered.cursorTo).toBe(true);
		expectArchived(receipts, orderOf, bcOrders);
		// the records of the failed run were filled, not created again
		expect(attachmentsOf(bcOrders).map((a) => a.id).sort()).toEqual(empty.map((a) => a.id).sort());
		const posts = bc().requests({ method: 'POST', path: /\/documentAttachments$/ }).filter((r) => r.status === 201);
		expect(posts.length).toBe(12 + 3);
		log(`n8n ${version}: download-failure run ${downloadFailed.executionId}, upload-failure run ${uploadFailed.executionId}, recovery run ${JSON.stringify(recovered)}`);
	});

	test('a BC token that expires between the attachment records and their uploads: the uploads are sent again with a new token', async () => {
		// Each BC request takes 4 s and tokens live 7.9 s: the token the records were created with has expired
		// when the uploads arrive (n8n 2.x does not resend a file body after a 401 itself; the template does,
		// after 2 s), while a token fetched for an upload is still valid when that upload is sent again.
		bc().configure({ latencyMs: 4_000, tokenTtlSeconds: 7.9 });
		const orders = shippedOrders(3);
		const bcOrders = orders.map((o) => salesOrderFor(o));
		const now = Date.now();
		const receipts = orders.map((o, i) => purchaseReceipt(o, now - 30_000 + i * 1_000));
		const orderOf = (r: Receipt) => bcOrders[orders.findIndex((o) => o.orderNumber === r.orderNumber)];
		bc().clearRequests();
		const started = new Date().toISOString();
		const run = await nextRun(started, (r) => r.status === 'success' && r.created > 0, 'a successful run that attached the PDFs', 5 * 60_000);
		const requests = bc().requests();
		bc().configure({ latencyMs: 0, tokenTtlSeconds: 3 });
		const notResent = (lab.n8n?.logs.match(/was not retried after the token refresh/g) ?? []).length;
		await lab.stop();
		expect(run).toMatchObject({ created: 3, failed: 0 });
		expectArchived(receipts, orderOf, bcOrders);
		const patches = requests.filter((r) => r.method === 'PATCH' && /\/attachmentContent$/.test(r.path));
		const expired = patches.filter((r) => r.status === 401);
		expect(expired.length).toBeGreaterThan(0);
		expect(patches.filter((r) => r.status === 200)).toHaveLength(3);
		log(
			`n8n ${version}: expired-token run ${run.executionId}: ${requests.length} BC requests, ${requests.filter((r) => /oauth2/.test(r.path)).length} token requests, ` +
				`${requests.filter((r) => r.status === 401).length} answered 401, PATCH attachmentContent: ${patches.length} (${expired.length} × 401); ` +
				`n8n logged ${notResent} request(s) not resent after the token refresh`,
		);
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
