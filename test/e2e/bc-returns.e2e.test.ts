/**
 * End-to-end: the template "OTTO Market ↔ BC: returns" as a seller runs it — imported into real n8n (2.41.1 and
 * 1.123.81) next to the packed package, Config filled in, Data Tables created, active on its Schedule Trigger
 * (shortened to seconds) — against the OTTO and BC simulators.
 *
 * The OTTO orders were shipped; the order template had created their BC sales orders (External Document No. =
 * OTTO order number, upper case) and the warehouse posted the shipments in BC, so the posted shipments name
 * the customers. Customers announce returns at OTTO (`POST /__control/returns`); what the warehouse does with
 * the BC return orders is played with the BC simulator's Post → Receive and Return Reason Code (returnsApi.ts).
 */
import type { CustomerRec, SalesDocRec, SalesLineRec } from '../bc-simulator/model';
import { receiveReturnOrder, setReturnReason } from '../bc-simulator/returnsApi';
import { injectOrders } from '../otto-simulator/inject';
import type { PartnerOrder, PositionItem, ReturnPositionItem } from '../otto-simulator/model';
import { RETURNS_WORKFLOW_ID, RETURNS_WORKFLOW_KEY, RETURN_SETTINGS } from '../templates/returns';
import { ERROR_WORKFLOW_ID } from '../templates/skeleton';
import { N8N_VERSIONS, type N8nVersion, killChildrenOnSignals, liveChildCount, log } from './n8n';
import { type LogRow, TemplateLab } from './template-lab';

jest.setTimeout(20 * 60_000);
killChildrenOnSignals();

const KEY = RETURNS_WORKFLOW_KEY;
const DEFAULT_CUSTOMER = 'C00010';
const round2 = (n: number) => Math.round(n * 100) / 100;

describe.each(N8N_VERSIONS)('returns template inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, { name: 'bc-returns', everySeconds: 6 });
	const otto = () => lab.otto;
	const bc = () => lab.bc;
	const company = () => bc().data.mainCompany();
	const nextRun = (since: string, accept: (row: LogRow) => boolean, what: string, timeoutMs?: number) => lab.nextRun(KEY, since, accept, what, timeoutMs);

	/** A DE customer with posting groups; prices without VAT. */
	function newCustomer(name: string): CustomerRec {
		const customer = bc().data.createCustomer(company(), { displayName: name, country: 'DE', city: 'Hamburg', postalCode: '20095' });
		bc().data.setPostingGroups(company(), customer, { customerPostingGroup: 'DOMESTIC', genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'DOMESTIC' });
		customer.pricesIncludingVat = false;
		return customer;
	}

	/** The BC sales order of the OTTO order (as the order template creates it), shipped in full. */
	function shippedInBc(order: PartnerOrder, customer: CustomerRec): void {
		const lines = order.positionItems.map((p) => ({ lineType: 'Item', lineObjectNumber: p.product.sku.toUpperCase(), quantity: 1 }));
		const salesOrder = bc().data.createSalesDoc(company(), 'order', { customerNumber: customer.number, externalDocumentNumber: order.orderNumber.toUpperCase() }, lines);
		bc().data.postShipment(company(), salesOrder);
	}

	/** Customers announce the returns of these position items at OTTO (the simulator's control API). */
	async function announce(items: PositionItem[], occurredTime?: string): Promise<ReturnPositionItem[]> {
		const res = await fetch(`${otto().url}/__control/returns`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ positionItemIds: items.map((p) => p.positionItemId), ...(occurredTime ? { occurredTime } : {}) }),
		});
		expect(res.status).toBe(201);
		return ((await res.json()) as { returns: ReturnPositionItem[] }).returns;
	}

	const returnOrders = () => company().salesReturnOrders as SalesDocRec[];
	const lineOf = (positionItemId: string): { doc: SalesDocRec; line: SalesLineRec } | undefined => {
		for (const doc of returnOrders()) {
			const line = doc.lines.find((l) => l.ottoPositionItemId === positionItemId);
			if (line) return { doc, line };
		}
		return undefined;
	};
	const statusAtOtto = (positionItemId: string) => otto().data.returns.filter((r) => r.positionItemId === positionItemId).map((r) => r.status);
	const decisionPosts = (kind: 'acceptance' | 'rejection') => otto().requests({ path: `/v3/returns/${kind}` }).filter((r) => r.method === 'POST');
	const sentIds = (request: { body?: unknown }) => ((request.body as { positionItems: Array<{ positionItemId: string }> }).positionItems ?? []).map((p) => p.positionItemId).sort();

	let orders: PartnerOrder[] = [];
	let returned: Array<{ order: PartnerOrder; item: PositionItem }> = [];
	const customerByOrder = new Map<string, string>();

	beforeAll(() => lab.setUp(), 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('10 announced returns → BC return orders with one line each (once); 6 received → ONE acceptance request, 1 marked REJECT → one rejection; the next run sends nothing', async () => {
		const customers = [newCustomer('Nordlicht Handel GmbH'), newCustomer('Hafenkontor KG'), newCustomer('Elbe Versand OHG')];
		orders = injectOrders(otto().data, { count: 6, orderDate: Date.now() - 3 * 24 * 60 * 60_000, statuses: ['SENT', 'SENT', 'SENT'] });
		// orders 1–5 were shipped through BC; order 6 never reached BC (its return order goes to the default customer)
		orders.slice(0, 5).forEach((o, i) => {
			shippedInBc(o, customers[i % 3]);
			customerByOrder.set(o.orderNumber, customers[i % 3].number);
		});
		customerByOrder.set(orders[5].orderNumber, DEFAULT_CUSTOMER);
		// 10 returned position items: 3 + 2 + 2 + 1 + 1 + 1
		const counts = [3, 2, 2, 1, 1, 1];
		returned = orders.flatMap((order, i) => order.positionItems.slice(0, counts[i]).map((item) => ({ order, item })));
		expect(returned).toHaveLength(10);
		// an old return, announced before the first run's look-back (7 days): neither created nor decided
		const [old] = injectOrders(otto().data, { count: 1, orderDate: Date.now() - 20 * 24 * 60 * 60_000, statuses: ['SENT'] });
		await announce([old.positionItems[0]], new Date(Date.now() - 10 * 24 * 60 * 60_000).toISOString());
		const announced = await announce(returned.map((r) => r.item));
		expect(announced.every((r) => r.status === 'ANNOUNCED')).toBe(true);

		await lab.importAndActivate(
			lab.configure([RETURNS_WORKFLOW_ID, ERROR_WORKFLOW_ID], { defaultCustomerNo: DEFAULT_CUSTOMER, bcPricesIncludeVat: false }),
			[RETURNS_WORKFLOW_ID],
		);
		bc().clearRequests();
		otto().clearRequests();
		const started = new Date().toISOString();
		await lab.start();
		const first = await nextRun(started, (r) => r.status === 'success', 'the first successful run');
		// the warehouse, in one go: 6 lines received, one marked with the reject reason code (not received)
		const received = returned.slice(0, 6);
		const rejected = returned[6];
		for (const { item } of received) {
			const found = lineOf(item.positionItemId)!;
			receiveReturnOrder(bc().data, company(), { returnOrderNumber: found.doc.number, lines: [{ ottoPositionItemId: item.positionItemId }] });
		}
		setReturnReason(bc().data, company(), {
			returnOrderNumber: lineOf(rejected.item.positionItemId)!.doc.number,
			lines: [{ ottoPositionItemId: rejected.item.positionItemId }],
			returnReasonCode: RETURN_SETTINGS.returnRejectReasonCode,
		});
		const decided = await nextRun(first.startedAt, (r) => r.status === 'success' && r.message.includes('accepted 6 '), 'a run that accepts the 6 received returns');
		const quiet = await nextRun(decided.startedAt, (r) => r.status === 'success', 'a run after it');
		const errors = await lab.errorRows(KEY);
		const runs = await lab.logRows(KEY);
		await lab.stop();
		log(`n8n ${version}: first run ${JSON.stringify(first)}; deciding run ${JSON.stringify(decided)}; next run ${JSON.stringify(quiet)}`);

		// first run: 11 announced (one too old), 6 return orders with 10 lines, nothing received yet
		expect(first).toMatchObject({ read: 11, created: 6, skipped: 0, failed: 0 });
		expect(first.message).toBe(
			'Created 6 BC return order(s) with 10 line(s); accepted 0 and rejected 0 return(s) at OTTO; 0 waiting in BC; 1 announced before this sync window and not in BC (decide them at OTTO by hand); 1 on the default customer (see the sync errors table)',
		);
		expect(first.cursorTo).toBe(first.startedAt);
		expect(decided).toMatchObject({ read: 11, created: 0, skipped: 3, failed: 0 });
		expect(decided.message).toContain('accepted 6 and rejected 1 return(s) at OTTO; 3 waiting in BC');
		expect(quiet).toMatchObject({ read: 4, created: 0, skipped: 3, failed: 0 });
		expect(quiet.message).toContain('Created 0 BC return order(s) with 0 line(s); accepted 0 and rejected 0 return(s) at OTTO; 3 waiting in BC');
		expect(runs.every((r) => r.status === 'success')).toBe(true);

		// BC: one return order per OTTO order, one line per returned position item, each exactly once
		expect(returnOrders()).toHaveLength(6);
		const lines = returnOrders().flatMap((d) => d.lines);
		expect(lines.map((l) => l.ottoPositionItemId).sort()).toEqual(returned.map((r) => r.item.positionItemId).sort());
		for (const { order, item } of returned) {
			const { doc, line } = lineOf(item.positionItemId)!;
			expect(doc.externalDocumentNumber).toBe(order.orderNumber.toUpperCase());
			expect(doc.customerNumber).toBe(customerByOrder.get(order.orderNumber));
			const gross = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount;
			expect(line).toMatchObject({ lineType: 'Item', lineObjectNumber: item.product.sku.toUpperCase(), quantity: 1, unitPrice: round2(gross / 1.19), ottoSalesOrderId: order.salesOrderId });
		}
		expect(returnOrders().filter((d) => d.externalDocumentNumber === old.orderNumber.toUpperCase())).toEqual([]);

		// OTTO: 6 accepted (received), 1 rejected with the configured reason, 3 still announced, the old one too
		for (const { item } of received) {
			expect(statusAtOtto(item.positionItemId)).toEqual(['ACCEPTED']);
			expect(otto().data.returns.find((r) => r.positionItemId === item.positionItemId)!.details.reason).toBe('RETURN_RECEIVED');
		}
		expect(statusAtOtto(rejected.item.positionItemId)).toEqual(['REJECTED']);
		expect(otto().data.returns.find((r) => r.positionItemId === rejected.item.positionItemId)!.details.reason).toBe(RETURN_SETTINGS.ottoRejectionReason);
		for (const { item } of returned.slice(7)) expect(statusAtOtto(item.positionItemId)).toEqual(['ANNOUNCED']);
		expect(statusAtOtto(old.positionItems[0].positionItemId)).toEqual(['ANNOUNCED']);

		// requests: ONE acceptance for the 6 items, one rejection, each return order POSTed once
		const acceptances = decisionPosts('acceptance');
		const rejections = decisionPosts('rejection');
		expect(acceptances).toHaveLength(1);
		expect(acceptances[0].status).toBe(200);
		expect(sentIds(acceptances[0])).toEqual(received.map((r) => r.item.positionItemId).sort());
		expect(rejections).toHaveLength(1);
		expect(sentIds(rejections[0])).toEqual([rejected.item.positionItemId]);
		expect((rejections[0].body as { positionItems: Array<{ reason: string }> }).positionItems[0].reason).toBe(RETURN_SETTINGS.ottoRejectionReason);
		const bcAll = bc().requests();
		const posts = bcAll.filter((r) => r.method === 'POST' && /\/ottoReturnOrders$/.test(r.path));
		expect(posts.filter((r) => r.status === 201)).toHaveLength(6);
		expect(posts.every((r) => r.status === 201 || r.status === 401)).toBe(true);

		// the default customer is reported once, without failing the run
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ reference: orders[5].orderNumber, node: 'Plan return orders', executionId: first.executionId });
		expect(errors[0].reason).toMatch(new RegExp(`^return order S-RET\\d+ \\(External Document No\\. ${orders[5].orderNumber.toUpperCase()}\\) was created on the default customer ${DEFAULT_CUSTOMER}: `));
		log(
			`n8n ${version}: ${runs.length} runs; BC requests ${bcAll.length} (${posts.length} POST ottoReturnOrders, ${bcAll.filter((r) => r.status === 401).length} expired-token 401s); ` +
				`OTTO requests ${otto().requests().length} (${acceptances.length} acceptance, ${rejections.length} rejection, ${otto().requests({ path: /^\/v4\/orders\// }).length} order reads)`,
		);
	});

	test('OTTO refuses an acceptance with 500 and a returned SKU is no BC item: the run fails, records both, keeps its cursor; once fixed, the next run does the rest', async () => {
		await lab.start();
		const stateBefore = await lab.stateRow(KEY);
		expect(stateBefore?.cursor).toBeTruthy();
		lab.smtp.clear();
		otto().clearRequests();
		// two of the waiting returns arrive; OTTO answers every acceptance with 500 (nothing applied)
		otto().configure({ faults: [{ type: '500', path: '^/v3/returns/acceptance$', method: 'POST' }] });
		const arriving = returned.slice(7, 9);
		for (const { item } of arriving) {
			receiveReturnOrder(bc().data, company(), { returnOrderNumber: lineOf(item.positionItemId)!.doc.number, lines: [{ ottoPositionItemId: item.positionItemId }] });
		}
		// a new return of an item BC does not know (a SKU OTTO sells that was never created in BC)
		const [order] = injectOrders(otto().data, { count: 1, orderDate: Date.now() - 2 * 24 * 60 * 60_000, statuses: ['SENT'] });
		shippedInBc(order, bc().data.customerByNumber(company(), DEFAULT_CUSTOMER)!);
		order.positionItems[0].product.sku = 'NOT-IN-BC-0001';
		await announce([order.positionItems[0]]);
		const started = new Date().toISOString();
		const failedRun = await nextRun(started, (r) => r.status === 'failed', 'a failed run');
		const errors = (await lab.errorRows(KEY)).filter((e) => e.executionId === failedRun.executionId);
		// fixed: OTTO takes acceptances again, the item is created in BC
		otto().configure({ faults: [] });
		bc().data.upsertItem(company(), { number: 'NOT-IN-BC-0001', displayName: 'Late item' });
		const recovered = await nextRun(failedRun.startedAt, (r) => r.status === 'success', 'a successful run after it');
		const state = await lab.stateRow(KEY);
		const mail = await lab.waitFor('the error e-mail', async () => lab.smtp.messages.find((m) => m.text.includes('OTTO Market ↔ BC: returns')), 60_000);
		await lab.stop();
		log(`n8n ${version}: failed run ${JSON.stringify(failedRun)}; errors ${JSON.stringify(errors.map((e) => `${e.reference}: ${e.reason}`))}; recovery run ${JSON.stringify(recovered)}`);

		expect(failedRun.failed).toBe(3);
		expect(failedRun.cursorTo).toBe(failedRun.cursorFrom);
		// a run that started just before the change may have moved the cursor first: from there on it stays
		expect(String(failedRun.cursorFrom) >= String(stateBefore?.cursor)).toBe(true);
		const acceptErrors = errors.filter((e) => e.node === 'Accept returns at OTTO');
		expect(acceptErrors.map((e) => e.reference).sort()).toEqual(arriving.map((r) => r.item.positionItemId).sort());
		for (const error of acceptErrors) expect(error.reason).toMatch(/^OTTO did not accept the return \(order \w+, BC return order S-RET\d+\): Not applied: /);
		const skuErrors = errors.filter((e) => e.node === 'Plan return orders');
		expect(skuErrors).toHaveLength(1);
		expect(skuErrors[0]).toMatchObject({ reference: order.positionItems[0].positionItemId, reason: `Not sent to BC: return of OTTO order ${order.orderNumber}: SKU NOT-IN-BC-0001 is no BC item` });
		expect(mail.text).toContain('OTTO return(s) not processed');

		// the next run: the return order of the new return, the two acceptances; the cursor moves on
		expect(recovered).toMatchObject({ created: 1, failed: 0 });
		expect(recovered.message).toContain('Created 1 BC return order(s) with 1 line(s); accepted 2 and rejected 0 return(s) at OTTO; 1 waiting in BC');
		expect(recovered.cursorFrom).toBe(failedRun.cursorFrom);
		expect(String(state?.cursor) > String(stateBefore?.cursor)).toBe(true);
		for (const { item } of arriving) expect(statusAtOtto(item.positionItemId)).toEqual(['ACCEPTED']);
		expect(lineOf(order.positionItems[0].positionItemId)!.line).toMatchObject({ lineObjectNumber: 'NOT-IN-BC-0001', quantity: 1 });
		expect(returnOrders()).toHaveLength(7);
		// OTTO never applied a refused acceptance; the successful one carried exactly the two items
		const accepted = decisionPosts('acceptance').filter((r) => r.status === 200);
		expect(accepted).toHaveLength(1);
		expect(sentIds(accepted[0])).toEqual(arriving.map((r) => r.item.positionItemId).sort());
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
