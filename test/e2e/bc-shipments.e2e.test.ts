/**
 * End-to-end: the template "OTTO Market ← BC: shipments" as a seller runs it — imported into real n8n (2.41.1 and
 * 1.123.81) next to the packed package, Config filled in, Data Tables created, active on its Schedule Trigger
 * (shortened to seconds) — against the OTTO and BC simulators.
 *
 * The OTTO orders are PROCESSABLE; the order template had created their BC sales orders (External Document No.
 * = OTTO order number, upper case) and the warehouse posts the shipments in BC with the parcel's tracking number,
 * shipping agent and the return label's tracking number (the BC simulator's extension API page
 * `shipmentTracking`, the template's default tracking endpoint).
 */
import type { SalesDocRec, ShipmentRec } from '../bc-simulator/model';
import { injectOrders } from '../otto-simulator/inject';
import type { PartnerOrder } from '../otto-simulator/model';
import { DIGEST_WORKFLOW_ID, DIGEST_WORKFLOW_KEY } from '../templates/digest';
import { ERROR_WORKFLOW_ID } from '../templates/skeleton';
import { SHIPMENTS_WORKFLOW_ID, SHIPMENTS_WORKFLOW_KEY } from '../templates/shipments';
import { N8N_VERSIONS, type N8nVersion, killChildrenOnSignals, liveChildCount, log } from './n8n';
import { type ErrorRow, type LogRow, TemplateLab } from './template-lab';

jest.setTimeout(20 * 60_000);
killChildrenOnSignals();

const KEY = SHIPMENTS_WORKFLOW_KEY;
const CUSTOMER = 'C00010';
const DAY = 24 * 60 * 60_000;
/** BC shipping agent codes as a seller has them; DHLPAKET is mapped by Config carrierMap. */
const AGENTS: Array<{ agent: string; carrier: string }> = [
	{ agent: 'DHL', carrier: 'DHL' },
	{ agent: 'HERMES', carrier: 'HERMES' },
	{ agent: 'DHLPAKET', carrier: 'DHL' },
	{ agent: 'GLS', carrier: 'GLS' },
];

interface SentShipment {
	trackingKey: { carrier: string; trackingNumber: string };
	shipDate: string;
	shipFromAddress: { city: string; countryCode: string; zipCode: string };
	positionItems: Array<{ salesOrderId: string; positionItemId: string; returnTrackingKey: { carrier: string; trackingNumber: string } }>;
}

describe.each(N8N_VERSIONS)('shipments template inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, { name: 'bc-shipments', everySeconds: 6 });
	const otto = () => lab.otto;
	const bc = () => lab.bc;
	const company = () => bc().data.mainCompany();
	const nextRun = (since: string, accept: (row: LogRow) => boolean, what: string, timeoutMs?: number) => lab.nextRun(KEY, since, accept, what, timeoutMs);
	const shipmentPosts = () => otto().requests({ path: '/v1/shipments' }).filter((r) => r.method === 'POST');
	const bodyOf = (r: { body?: unknown }) => r.body as SentShipment;

	/** The BC sales order of the OTTO order, as the order template creates it (one line per position item). */
	function salesOrderInBc(order: PartnerOrder): SalesDocRec {
		for (const p of order.positionItems) bc().data.upsertItem(company(), { number: p.product.sku.toUpperCase(), displayName: p.product.productTitle });
		const lines = order.positionItems.map((p) => ({ lineType: 'Item', lineObjectNumber: p.product.sku.toUpperCase(), quantity: 1 }));
		return bc().data.createSalesDoc(company(), 'order', { customerNumber: CUSTOMER, externalDocumentNumber: order.orderNumber.toUpperCase() }, lines);
	}

	/** The warehouse posts the shipment in BC (all lines) with the parcel's tracking data. */
	function shipInBc(order: PartnerOrder, n: number, tracking: { packageTrackingNo?: string; returnTrackingNo?: string; postingDate?: string } = {}): ShipmentRec {
		const { agent } = AGENTS[n % AGENTS.length];
		return bc().data.postShipment(
			company(),
			salesOrderInBc(order),
			{ shippingAgentCode: agent, packageTrackingNo: `00340434${String(n).padStart(12, '0')}`, returnTrackingNo: `RT${String(n).padStart(10, '0')}`, ...tracking },
			false,
		);
	}

	/** The seller shipped these items by hand in OTTO's portal. */
	function sentByHand(order: PartnerOrder, count: number, trackingNumber: string): void {
		for (const item of order.positionItems.slice(0, count)) {
			item.fulfillmentStatus = 'SENT';
			item.sentDate = new Date().toISOString();
			item.trackingInfo = { carrier: 'DHL', trackingNumber };
		}
		otto().data.touchOrder(order);
	}

	let regular: PartnerOrder[] = [];
	/** The sync-error rows of the run OTTO refused (test 2), for the digest (test 3). */
	let refused: ErrorRow[] = [];
	let regularShipments: ShipmentRec[] = [];

	beforeAll(() => lab.setUp(), 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('20 posted BC shipments → 20 OTTO shipments with their tracking numbers; items already SENT skipped; a shipment without tracking waits; the next run sends nothing', async () => {
		regular = injectOrders(otto().data, { count: 20, orderDate: Date.now() - 2 * DAY, statuses: ['PROCESSABLE', 'PROCESSABLE'] });
		regularShipments = regular.map((order, n) => shipInBc(order, n));
		// shipped by hand at OTTO already: all items of one order, one item of another (another parcel)
		const [fullySent, partlySent, late, overdue] = injectOrders(otto().data, { count: 4, orderDate: Date.now() - 2 * DAY, statuses: ['PROCESSABLE', 'PROCESSABLE'] });
		shipInBc(fullySent, 20);
		sentByHand(fullySent, 2, '00340434000000000020');
		const partly = shipInBc(partlySent, 21);
		sentByHand(partlySent, 1, '00340434999999999999');
		// posted today, tracking numbers not entered yet: waits (trackingWaitHours 24)
		const lateShipment = shipInBc(late, 22, { packageTrackingNo: '', returnTrackingNo: '' });
		// posted 3 days ago without a return tracking number: reported, not sent
		const overdueShipment = shipInBc(overdue, 23, { returnTrackingNo: '', postingDate: new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10) });
		// not an OTTO order: a BC shipment with another External Document No.
		const [other] = injectOrders(otto().data, { count: 1, orderDate: Date.now() - DAY, statuses: ['PROCESSABLE'] });
		const foreign = salesOrderInBc(other);
		foreign.externalDocumentNumber = 'PO-4711';
		bc().data.postShipment(company(), foreign, { packageTrackingNo: 'X1', returnTrackingNo: 'X2' }, false);

		await lab.importAndActivate(
			lab.configure([SHIPMENTS_WORKFLOW_ID, ERROR_WORKFLOW_ID], { carrierMap: 'DHLPAKET:DHL', shipFromCity: 'Bremen', shipFromZip: '28199', shipFromCountry: 'DEU', returnCarrier: 'DHL' }),
			[SHIPMENTS_WORKFLOW_ID],
		);
		bc().clearRequests();
		otto().clearRequests();
		const started = new Date().toISOString();
		await lab.start();
		const first = await nextRun(started, (r) => r.status === 'partial', 'the first run (one shipment waits for its tracking numbers)');
		const postsAfterFirst = shipmentPosts().length;
		// the warehouse enters the tracking numbers of the late shipment in BC (Update Document)
		bc().data.updateShipmentTracking(lateShipment, { packageTrackingNo: '00340434000000000022', returnTrackingNo: 'RT0000000022' });
		const second = await nextRun(first.startedAt, (r) => r.status === 'success' && r.created === 1, 'the run that sends the late shipment');
		const quiet = await nextRun(second.startedAt, (r) => r.status === 'success', 'a run after it');
		const errors = await lab.errorRows(KEY);
		await lab.stop();
		log(`n8n ${version}: first ${JSON.stringify(first)}; second ${JSON.stringify(second)}; quiet ${JSON.stringify(quiet)}`);

		// first run: 24 OTTO shipments read in BC (the foreign one is no OTTO order), 21 sent, 1 skipped, 1 waiting, 1 overdue
		expect(first).toMatchObject({ read: 24, created: 21, skipped: 1, failed: 0 });
		expect(first.cursorTo).toBe(first.cursorFrom);
		expect(first.message).toBe(
			'Created 21 OTTO shipment(s) with 41 position item(s); 1 BC shipment(s) skipped (nothing processable at OTTO: already SENT, cancelled or no OTTO order); 1 waiting for tracking numbers in BC; 1 shipped piece(s) without a processable OTTO item; 1 without tracking data after 24 h (see the sync errors table); 1 more next run',
		);
		expect(postsAfterFirst).toBe(21);
		// second run: the late shipment; the others are SENT at OTTO now and skipped; the cursor moves
		expect(second).toMatchObject({ read: 24, created: 1, skipped: 22, failed: 0 });
		expect(second.cursorTo).toBe(second.startedAt);
		// the next run re-reads the overlap window (cursorOverlapMinutes): everything is SENT at OTTO, nothing is sent
		expect(quiet).toMatchObject({ read: 24, created: 0, skipped: 23, failed: 0 });
		expect(shipmentPosts()).toHaveLength(22);
		expect(shipmentPosts().every((r) => r.status === 201)).toBe(true);

		// OTTO: the 20 regular orders shipped in full with BC's tracking data, one shipment each
		const byTracking = new Map(shipmentPosts().map((r) => [bodyOf(r).trackingKey.trackingNumber, bodyOf(r)]));
		regular.forEach((order, n) => {
			const shipment = byTracking.get(regularShipments[n].packageTrackingNo)!;
			expect(shipment).toBeDefined();
			expect(shipment.trackingKey.carrier).toBe(AGENTS[n % AGENTS.length].carrier);
			expect(shipment.shipFromAddress).toEqual({ city: 'Bremen', countryCode: 'DEU', zipCode: '28199' });
			expect(shipment.shipDate.slice(0, 10)).toBe(regularShipments[n].postingDate);
			expect(shipment.positionItems.map((p) => p.positionItemId).sort()).toEqual(order.positionItems.map((p) => p.positionItemId).sort());
			for (const p of shipment.positionItems) {
				expect(p).toMatchObject({ salesOrderId: order.salesOrderId, returnTrackingKey: { carrier: 'DHL', trackingNumber: regularShipments[n].returnTrackingNo } });
			}
			for (const item of order.positionItems) {
				expect(item.fulfillmentStatus).toBe('SENT');
				expect(item.trackingInfo?.trackingNumber).toBe(regularShipments[n].packageTrackingNo);
			}
		});
		// sent by hand: nothing for the full order, only the other item of the partly sent one
		expect(byTracking.has('00340434000000000020')).toBe(false);
		expect(byTracking.get(partly.packageTrackingNo)!.positionItems.map((p) => p.positionItemId)).toEqual([partlySent.positionItems[1].positionItemId]);
		expect(partlySent.positionItems[0].trackingInfo?.trackingNumber).toBe('00340434999999999999');
		expect(late.positionItems.every((p) => p.fulfillmentStatus === 'SENT' && p.trackingInfo?.trackingNumber === '00340434000000000022')).toBe(true);
		expect(overdue.positionItems.every((p) => p.fulfillmentStatus === 'PROCESSABLE')).toBe(true);
		expect(other.positionItems.every((p) => p.fulfillmentStatus === 'PROCESSABLE')).toBe(true);

		// the overdue shipment is reported (once per run that read it) without failing a run
		expect(errors.length).toBeGreaterThanOrEqual(1);
		for (const e of errors) {
			expect(e).toMatchObject({ reference: overdueShipment.number, node: 'Plan shipments' });
			expect(e.reason).toMatch(new RegExp(`^BC shipment ${overdueShipment.number} \\(OTTO order ${overdue.orderNumber}\\) has no return tracking number in BC 24 hours after its posting date ${overdueShipment.postingDate}, so it was not sent to OTTO\\.`));
		}
		log(`n8n ${version}: BC requests ${bc().requests().length}, OTTO requests ${otto().requests().length} (${shipmentPosts().length} POST /v1/shipments, ${otto().requests({ path: '/v4/orders' }).length} order list pages)`);
	});

	test('OTTO answers a shipment with 500: the run fails, records it, keeps its cursor and mails; the next run sends it once', async () => {
		await lab.start();
		const stateBefore = await lab.stateRow(KEY);
		expect(stateBefore?.cursor).toBeTruthy();
		lab.smtp.clear();
		otto().clearRequests();
		otto().configure({ faults: [{ type: '500', path: '^/v1/shipments$', method: 'POST' }] });
		const orders = injectOrders(otto().data, { count: 2, orderDate: Date.now() - DAY, statuses: ['PROCESSABLE'] });
		const shipped = orders.map((order, n) => shipInBc(order, 40 + n));
		const started = new Date().toISOString();
		const failedRun = await nextRun(started, (r) => r.status === 'failed', 'a failed run');
		const errors = (await lab.errorRows(KEY)).filter((e) => e.executionId === failedRun.executionId && e.node === 'Create shipments at OTTO');
		otto().configure({ faults: [] });
		const recovered = await nextRun(failedRun.startedAt, (r) => r.status === 'success', 'a successful run after it');
		const mail = await lab.waitFor('the error e-mail', async () => lab.smtp.messages.find((m) => m.text.includes('OTTO Market ← BC: shipments')), 60_000);
		const state = await lab.stateRow(KEY);
		await lab.stop();
		log(`n8n ${version}: failed run ${JSON.stringify(failedRun)}; errors ${JSON.stringify(errors.map((e) => `${e.reference}: ${e.reason}`))}; recovery ${JSON.stringify(recovered)}`);

		refused = errors;
		expect(failedRun).toMatchObject({ failed: 2, created: 0 });
		expect(failedRun.cursorTo).toBe(failedRun.cursorFrom);
		expect(errors.map((e) => e.reference).sort()).toEqual(shipped.map((s) => s.number).sort());
		for (const e of errors) {
			expect(e.logref).toMatch(/^[0-9a-f-]{36}$/);
			expect(e.reason).toMatch(/^OTTO did not create the shipment of BC shipment \S+ \(OTTO order \w+, (DHL|HERMES) \d+\): Not applied: /);
		}
		expect(mail.text).toContain('BC shipment(s) not sent to OTTO');
		expect(recovered).toMatchObject({ created: 2, failed: 0 });
		expect(String(state?.cursor) > String(stateBefore?.cursor)).toBe(true);
		orders.forEach((order, n) => {
			expect(order.positionItems[0].fulfillmentStatus).toBe('SENT');
			expect(order.positionItems[0].trackingInfo?.trackingNumber).toBe(shipped[n].packageTrackingNo);
		});
		// OTTO applied none of the refused POSTs; each shipment was created by exactly one successful POST
		const created = shipmentPosts().filter((r) => r.status === 201);
		expect(created.map((r) => bodyOf(r).trackingKey.trackingNumber).sort()).toEqual(shipped.map((s) => s.packageTrackingNo).sort());
	});

	test('the next sync-error digest mails the refused shipments once, with OTTO\'s logrefs', async () => {
		expect(refused).toHaveLength(2);
		await lab.importAndActivate(
			lab.configure([DIGEST_WORKFLOW_ID], { notifyEmail: 'ops@shop.example', digestEmailFrom: 'digest@shop.example', digestDelayMinutes: 0.05 }),
			[DIGEST_WORKFLOW_ID],
		);
		lab.smtp.clear();
		const started = new Date().toISOString();
		await lab.start();
		const mailed = await lab.nextRun(DIGEST_WORKFLOW_KEY, started, (r) => r.created === 1, 'the digest run that mailed');
		const next = await lab.nextRun(DIGEST_WORKFLOW_KEY, mailed.startedAt, () => true, 'the next digest run');
		const third = await lab.nextRun(DIGEST_WORKFLOW_KEY, next.startedAt, () => true, 'a third digest run');
		await lab.stop();
		const digests = lab.smtp.messages.filter((m) => m.subject.startsWith('[n8n] OTTO sync-error digest'));
		log(`n8n ${version}: digest runs ${JSON.stringify([mailed, next, third].map((r) => r.message))}; ${digests.length} digest e-mail(s)`);

		const naming = digests.filter((m) => refused.some((e) => m.text.includes(e.reference)));
		expect(naming).toHaveLength(1);
		const [mail] = naming;
		expect(mail.to).toEqual(['ops@shop.example']);
		expect(mail.text).toMatch(new RegExp(`== ${KEY}: \\d+ errors?, \\d+ records? ==`));
		for (const e of refused) {
			const line = mail.text.split('\n').find((l) => l.startsWith(`- ${e.reference}`));
			expect(line).toBeDefined();
			expect(line).toContain('OTTO did not create the shipment');
			expect(mail.text).toContain(e.logref);
		}
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
