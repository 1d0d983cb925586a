/**
 * The business logic of the shipments template (workflows-templates/otto-shipments-from-bc.json): its Code nodes
 * ("Run Once for All Items") run in a node:vm context with shims for what the Code node offers (`$input`,
 * `$(name)` with `first()`, `all(branch, run)` and `isExecuted`, `$execution`, `$runIndex`), fed with what the
 * BC list nodes (pages `{ value: [...] }`) and the Otto Market nodes would hand on. "Plan shipments" reads the
 * clock, so posting dates are relative to today.
 */
import { SHIPMENT_ODATA_SETTINGS, SHIPMENT_SETTINGS } from '../templates/shipments';
import { configOf, loadTemplate, runTemplateCode, type Json } from './fixtures/templateCode';

const TEMPLATE = loadTemplate('otto-shipments-from-bc.json');

const CONFIG: Json = {
	...configOf(TEMPLATE),
	bcTenantId: 'contoso.onmicrosoft.com',
	bcCompanyId: '3c0f5b01-1351-4c79-8d2e-2cde6e17e512',
	syncStateTableId: 'tblState',
	syncLogTableId: 'tblLog',
	syncErrorTableId: 'tblErrors',
};
const ROOT = 'https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/production';
const RUN: Json = {
	startedAt: '2026-03-04T12:00:00.000Z',
	since: '2026-03-04T10:50:00.000Z',
	cursorFrom: '2026-03-04T11:00:00.000Z',
	bcRoot: ROOT,
	bcApi: `${ROOT}/api/v2.0/companies(${CONFIG.bcCompanyId})`,
	pageSize: 100,
};

/** Runs one of the template's Code nodes; `nodes` holds each other node's runs (branch 0). */
const runCode = (name: string, nodes: Record<string, Json[][]> = {}, input: Json[] = [], executionId = '4711') =>
	runTemplateCode(TEMPLATE, name, { nodes, input, executionId });

// --- BC and OTTO data as the nodes hand them on ---------------------------------------------------------------

/** YYYY-MM-DD `days` from today (UTC). */
const dateOf = (days: number): string => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

const line = (item: string, quantity = 1, lineType = 'Item', sequence = 10000): Json => ({ sequence, lineType, lineObjectNumber: item, quantity });
const shipment = (number: string, externalDocumentNumber: string, lines: Json[], postingDate = dateOf(-1)): Json => ({
	id: `id-${number}`,
	number,
	externalDocumentNumber,
	orderNumber: `SO-${number}`,
	postingDate,
	lastModifiedDateTime: '2026-03-04T11:10:00Z',
	salesShipmentLines: lines,
});
const track = (number: string, packageTrackingNo: string, shippingAgentCode: string, returnTrackingNo: string): Json => ({ number, packageTrackingNo, shippingAgentCode, returnTrackingNo });
const item = (positionItemId: string, sku: string, fulfillmentStatus = 'PROCESSABLE', trackingNumber?: string, ean = '4000000000000'): Json => ({
	positionItemId,
	fulfillmentStatus,
	product: { sku, ean },
	...(trackingNumber ? { trackingInfo: { carrier: 'DHL', trackingNumber } } : {}),
});
const ottoOrder = (orderNumber: string, positionItems: Json[]): Json => ({ salesOrderId: `so-${orderNumber}`, orderNumber, positionItems });

async function prepare(pages: Json[], config: Json = {}): Promise<Json> {
	const [out] = await runCode('Prepare tracking', { Config: [[{ ...CONFIG, ...config }]], 'Plan run': [[RUN]], 'Find shipments in BC': [pages] });
	return out;
}

interface PlanInput {
	shipments: Json[];
	tracking?: Json[];
	orders?: Json[];
	items?: Json[];
	config?: Json;
	/** Raw outputs replacing the defaults, e.g. a failed lookup. */
	nodes?: Record<string, Json[][]>;
}

async function plan({ shipments, tracking = [], orders = [], items, config = {}, nodes = {} }: PlanInput): Promise<Json> {
	const prepared = await prepare([{ value: shipments }], config);
	expect(prepared.configError).toBeUndefined();
	const [out] = await runCode('Plan shipments', {
		Config: [[{ ...CONFIG, ...config }]],
		'Plan run': [[RUN]],
		'Prepare tracking': [[prepared]],
		'Read tracking in BC': [[{ value: tracking }]],
		'Get processable orders': [orders.length ? orders : [{}]],
		...(items ? { 'Find items in BC': [[{ value: items }]] } : {}),
		...nodes,
	});
	return out;
}

describe('shipments template: "Prepare tracking"', () => {
	const pages = [
		{
			value: [
				shipment('S-3', 'otto-ord0000003', [line('LAMP-01')]),
				shipment('S-1', 'OTTO-ORD0000001', [line('mug-01', 2), line('8400', 1, 'Account', 20000), line('VASE-01', 0, 'Item', 30000), line('', 1, 'Comment', 40000)], dateOf(-2)),
				shipment('S-X', 'ORD0000009', [line('MUG-01')]), // no prefix
				shipment('S-Y', 'OTTO-ORD00001', [line('MUG-01')]), // 8 characters
				shipment('S-Z', 'OTTO-ORD00000011', [line('MUG-01')]), // 11 characters
				shipment('S-W', 'OTTO-ORD-000001', [line('MUG-01')]), // not letters or digits
				shipment('S-F', 'OTTO-ORD0000004', [line('8400', 1, 'Account')]), // only a shipping fee
			],
		},
		{ value: [shipment('S-1', 'OTTO-ORD0000001', [line('OTHER', 5)], dateOf(-2))] }, // listed twice by the paging
	];

	test('OTTO shipments only (prefix + 10-character order number), Item lines with a quantity, once each, oldest first; the extension URL', async () => {
		const out = await prepare(pages, { externalDocumentPrefix: 'otto-' });
		expect(out.read).toBe(2);
		expect(out.shipments).toEqual([
			{ number: 'S-1', orderNumber: 'SO-S-1', externalDocumentNumber: 'OTTO-ORD0000001', ottoOrderNumber: 'ORD0000001', postingDate: dateOf(-2), lastModifiedDateTime: '2026-03-04T11:10:00Z', lines: [{ sequence: 10000, itemNumber: 'MUG-01', quantity: 2 }] },
			{ number: 'S-3', orderNumber: 'SO-S-3', externalDocumentNumber: 'OTTO-ORD0000003', ottoOrderNumber: 'ORD0000003', postingDate: dateOf(-1), lastModifiedDateTime: '2026-03-04T11:10:00Z', lines: [{ sequence: 10000, itemNumber: 'LAMP-01', quantity: 1 }] },
		]);
		expect(out.batches).toEqual(["number eq 'S-1' or number eq 'S-3'"]);
		expect(out.trackingUrl).toBe(`${ROOT}/api/mySeller/ottoMarket/v1.0/companies(${CONFIG.bcCompanyId})/shipmentTracking`);
		expect(out.select).toBe('number,packageTrackingNo,shippingAgentCode,returnTrackingNo');
		expect(out.fields).toEqual({ trackingKeyField: 'number', trackingNumberField: 'packageTrackingNo', shippingAgentField: 'shippingAgentCode', returnTrackingNumberField: 'returnTrackingNo' });
		expect(out.itemBatches).toEqual([]);
		expect(out.carrierMap).toEqual({});
		// without a prefix only the bare 10-character order number is an OTTO order
		expect((await prepare(pages)).shipments.map((s: Json) => [s.number, s.ottoOrderNumber])).toEqual([['S-X', 'ORD0000009']]);

		const many = await prepare([{ value: Array.from({ length: 45 }, (_, i) => shipment(`S-${100 + i}`, `O${String(i).padStart(9, '0')}`, [line('MUG-01')])) }]);
		expect(many.batches).toHaveLength(3);
		expect(many.batches[0].split(' or ')).toHaveLength(20);
		expect(many.batches[2].split(' or ')).toEqual(['number eq \'S-140\'', 'number eq \'S-141\'', 'number eq \'S-142\'', 'number eq \'S-143\'', 'number eq \'S-144\'']);
	});

	test('page 130 as OData (company name with a space and an apostrophe); item lookups only with itemMatch = ean; "Tracking lookups" and "Item lookups"', async () => {
		const odata = await prepare(pages, { ...SHIPMENT_ODATA_SETTINGS, externalDocumentPrefix: 'OTTO-', bcCompanyName: "O'Neill Trading", itemMatch: 'ean', carrierMap: 'dhlpaket:dhl, HERMESDE = hermes' });
		expect(odata.trackingUrl).toBe(`${ROOT}/ODataV4/Company('O''Neill%20Trading')/PostedSalesShipment`);
		expect(odata.select).toBe('No,Package_Tracking_No,Shipping_Agent_Code,Return_Tracking_No');
		expect(odata.batches).toEqual(["No eq 'S-1' or No eq 'S-3'"]);
		expect(odata.itemBatches).toEqual(["number eq 'MUG-01' or number eq 'LAMP-01'"]);
		expect(odata.carrierMap).toEqual({ DHLPAKET: 'DHL', HERMESDE: 'HERMES' });
		expect(await runCode('Tracking lookups', {}, [odata])).toEqual([{ filter: "No eq 'S-1' or No eq 'S-3'" }]);
		expect(await runCode('Item lookups', {}, [odata])).toEqual([{ filter: "number eq 'MUG-01' or number eq 'LAMP-01'" }]);
		expect(await runCode('Item lookups', {}, [await prepare(pages, { externalDocumentPrefix: 'OTTO-' })])).toEqual([]);
		// slashes around the endpoint are dropped
		expect((await prepare([], { trackingEndpoint: '/api/contoso/otto/v2.0/companies({companyId})/tracking/' })).trackingUrl).toBe(`${ROOT}/api/contoso/otto/v2.0/companies(${CONFIG.bcCompanyId})/tracking`);
	});

	test('Config values BC or OTTO would refuse: one configError naming each, nothing to look up', async () => {
		const out = await prepare(pages, {
			externalDocumentPrefix: 'OTTO-',
			trackingEndpoint: 'https://bc.example/tracking',
			trackingNumberField: 'Package Tracking No',
			defaultCarrier: 'post',
			returnCarrier: 'dpd',
			carrierMap: 'DHLPAKET:DHL, BROKEN, X:NOPE',
			trackingWaitHours: -1,
		});
		expect(out).toMatchObject({ read: 0, shipments: [], batches: [], itemBatches: [], trackingUrl: '', select: '' });
		const error = out.configError as string;
		expect(error.startsWith('Config: "trackingEndpoint" must start with api/ (an extension\'s API page) or ODataV4/ (a published page), e.g. api/mySeller/ottoMarket/v1.0/companies({companyId})/shipmentTracking (it is "https://bc.example/tracking")')).toBe(true);
		expect(error).toContain('"trackingNumberField" must be a field name of the tracking endpoint (it is "Package Tracking No")');
		expect(error).toContain('"defaultCarrier" must be one of OTTO\'s carriers: BTW, BURSPED,');
		expect(error).toContain('ZUFALL (it is "POST")');
		expect(error).toContain('"returnCarrier" must be one of DHL, GLS, HERMES (it is "DPD")');
		expect(error).toContain('"carrierMap" entry "BROKEN" must be <BC shipping agent code>:<OTTO carrier>, e.g. DHLPAKET:DHL');
		expect(error).toContain('"carrierMap" entry "X:NOPE" must be');
		expect(error).toContain('"trackingWaitHours" must be a number of hours (0 or more)');
		expect(error.endsWith('. Nothing was read or sent.')).toBe(true);
		expect(error).not.toContain('shippingAgentField');
		expect(await runCode('Tracking lookups', {}, [out])).toEqual([]);
	});

	test('BC answered the shipment list with an error: lookupError, nothing to look up', async () => {
		const out = await prepare([{ value: [shipment('S-1', 'ORD0000001', [line('MUG-01')])] }, { error: { message: 'The filter is invalid', code: 'BadRequest' } }]);
		expect(out).toMatchObject({ read: 0, shipments: [], batches: [], lookupError: { node: 'Find shipments in BC', code: 'BadRequest', message: 'The filter is invalid' } });
		expect(out.configError).toBeUndefined();
	});
});

describe('shipments template: "Plan shipments"', () => {
	const shipments = [
		shipment('S-1', 'ORD0000001', [line('MUG-01', 2), line('LAMP-01', 1, 'Item', 20000)]),
		shipment('S-2', 'ORD0000001', [line('MUG-01')]),
		shipment('S-3', 'ORD0000003', [line('VASE-01')]),
		shipment('S-4', 'ORD0000004', [line('MUG-01')]),
		shipment('S-5', 'ORD0000005', [line('MUG-01')]),
		shipment('S-6', 'ORD0000006', [line('SOFA-01')]),
		shipment('S-7', 'ORD0000007', [line('MUG-01')], dateOf(1)),
	];
	const tracking = [
		track('s-1', '00340434161234567890', 'dhlpaket', 'RT-1'),
		track('S-2', 'H-2', 'HERMES', 'RT-2'),
		track('S-3', 'G-3', 'POSTAL-X', 'RT-3'),
		track('S-4', 'D-4', 'DPD', 'RT-4'),
		track('S-5', 'T-5', 'DHL', 'RT-5'),
		track('S-6', '', 'DACHSER', 'RT-6'),
		track('S-7', 'U-7', 'UPS', 'RT-7'),
	];
	const orders = [
		ottoOrder('ord0000001', [item('pi-1', 'MUG-01'), item('pi-2', 'mug-01'), item('pi-4', 'LAMP-01'), item('pi-3', 'MUG-01')]),
		ottoOrder('ord0000003', [item('pi-31', 'VASE-01')]),
		ottoOrder('ord0000005', [item('pi-51', 'MUG-01', 'SENT', 'T-5'), item('pi-52', 'LAMP-01')]),
		ottoOrder('ord0000006', [item('pi-61', 'SOFA-01')]),
		ottoOrder('ord0000007', [item('pi-71', 'MUG-01')]),
	];
	const config = { carrierMap: 'DHLPAKET:DHL', defaultCarrier: 'gls' };

	test('one parcel per shipment: carrier mapped, exact or default; pieces claim position items by SKU; skipped, already SENT; a forwarder without tracking number', async () => {
		const before = Date.now();
		const out = await plan({ shipments, tracking, orders, config });
		const after = Date.now();
		const ids = (p: Json) => p.positionItems.map((i: Json) => i.positionItemId);
		expect(out.parcels.map((p: Json) => [p.shipmentNumber, p.orderNumber, p.carrier, p.trackingNumber, ids(p), p.missing])).toEqual([
			['S-1', 'ord0000001', 'DHL', '00340434161234567890', ['pi-1', 'pi-2', 'pi-4'], 0],
			['S-2', 'ord0000001', 'HERMES', 'H-2', ['pi-3'], 0],
			['S-3', 'ord0000003', 'GLS', 'G-3', ['pi-31'], 0],
			['S-6', 'ord0000006', 'DACHSER', '', ['pi-61'], 0],
			['S-7', 'ord0000007', 'UPS', 'U-7', ['pi-71'], 0],
		]);
		expect(out.parcels[0]).toEqual({
			shipmentNumber: 'S-1',
			orderNumber: 'ord0000001',
			carrier: 'DHL',
			trackingNumber: '00340434161234567890',
			shipDate: `${dateOf(-1)}T12:00:00.000Z`,
			missing: 0,
			positionItems: [
				{ salesOrderId: 'so-ord0000001', positionItemId: 'pi-1', returnTrackingNumber: 'RT-1' },
				{ salesOrderId: 'so-ord0000001', positionItemId: 'pi-2', returnTrackingNumber: 'RT-1' },
				{ salesOrderId: 'so-ord0000001', positionItemId: 'pi-4', returnTrackingNumber: 'RT-1' },
			],
		});
		// posted tomorrow: shipped now, not in the future
		const shipDate = Date.parse(out.parcels[4].shipDate);
		expect(shipDate).toBeGreaterThanOrEqual(before);
		expect(shipDate).toBeLessThanOrEqual(after);
		expect(out.skipped).toEqual(['S-4', 'S-5']);
		expect(out.alreadyDone).toBe(1);
		expect(out).toMatchObject({ deferred: 0, waiting: 0, overdue: [], invalid: [] });
		expect((await runCode('Shipments to send', {}, [out])).map((p) => p.shipmentNumber)).toEqual(['S-1', 'S-2', 'S-3', 'S-6', 'S-7']);
	});

	test('more pieces than processable items are counted as missing; maxOrdersPerRun caps the parcels, the rest is deferred', async () => {
		const short = await plan({ shipments: [shipment('S-1', 'ORD0000001', [line('MUG-01', 3)])], tracking, orders: [ottoOrder('ord0000001', [item('pi-1', 'MUG-01'), item('pi-2', 'MUG-01', 'CANCELLED_BY_MARKETPLACE')])], config });
		expect(short.parcels).toHaveLength(1);
		expect(short.parcels[0]).toMatchObject({ missing: 2, positionItems: [{ positionItemId: 'pi-1' }] });
		const capped = await plan({ shipments, tracking, orders, config: { ...config, maxOrdersPerRun: 2 } });
		expect(capped.parcels.map((p: Json) => p.shipmentNumber)).toEqual(['S-1', 'S-2']);
		expect(capped.deferred).toBe(3);
	});

	test('two lines of the same item in one shipment ship two different position items', async () => {
		const out = await plan({
			shipments: [shipment('S-1', 'ORD0000001', [line('MUG-01', 1, 'Item', 10000), line('MUG-01', 1, 'Item', 20000)])],
			tracking: [track('S-1', '00340434000000000001', 'DHL', 'RT-1')],
			orders: [ottoOrder('ord0000001', [item('pi-1', 'MUG-01'), item('pi-2', 'MUG-01')])],
		});
		expect(out.parcels).toHaveLength(1);
		expect(out.parcels[0].positionItems.map((p: Json) => p.positionItemId)).toEqual(['pi-1', 'pi-2']);
		expect(out.parcels[0].missing).toBe(0);
	});

	test('no tracking number (parcel carrier) or no return tracking number: waiting within trackingWaitHours, overdue after', async () => {
		const lacking = [
			shipment('S-8', 'ORD0000008', [line('MUG-01')], dateOf(-3)),
			shipment('S-9', 'ORD0000009', [line('MUG-01')], dateOf(-3)),
			shipment('S-10', 'ORD0000010', [line('MUG-01')], dateOf(0)),
		];
		const rows = [track('S-8', '', 'DHL', ''), track('S-9', 'D-9', 'DPD', ''), track('S-10', '', 'GLS', 'RT-10')];
		const listed = [ottoOrder('ord0000008', [item('pi-8', 'MUG-01')]), ottoOrder('ord0000009', [item('pi-9', 'MUG-01')]), ottoOrder('ord0000010', [item('pi-10', 'MUG-01')])];
		const out = await plan({ shipments: lacking, tracking: rows, orders: listed });
		expect(out.parcels).toEqual([]);
		expect(out.waiting).toBe(1);
		expect(out.overdue.map((o: Json) => [o.reference, o.orderNumber])).toEqual([
			['S-8', 'ord0000008'],
			['S-9', 'ord0000009'],
		]);
		const reason = out.overdue[0].reason as string;
		expect(reason).toBe(`BC shipment S-8 (OTTO order ord0000008) has no tracking number and return tracking number in BC 24 hours after its posting date ${dateOf(-3)}, so it was not sent to OTTO. Enter it in BC (the next run sends the shipment when BC changes it) or ship the items at OTTO by hand.`);
		expect(out.overdue[1].reason).toMatch(/^BC shipment S-9 \(OTTO order ord0000009\) has no return tracking number in BC 24 hours after its posting date \d{4}-\d\d-\d\d,/);
		// a longer wait: all three still wait
		expect(await plan({ shipments: lacking, tracking: rows, orders: listed, config: { trackingWaitHours: 200 } })).toMatchObject({ parcels: [], waiting: 3, overdue: [] });
		// a shipment BC has no tracking row for at all waits as well
		expect(await plan({ shipments: [lacking[2]], tracking: [], orders: listed })).toMatchObject({ parcels: [], waiting: 1 });
	});

	test('itemMatch = ean: BC items\' GTINs from "Find items in BC" match the OTTO items\' EAN', async () => {
		const out = await plan({
			shipments: [shipment('S-1', 'ORD0000001', [line('MUG-01'), line('LAMP-01', 1, 'Item', 20000)])],
			tracking: [track('S-1', 'T-1', 'DHL', 'RT-1')],
			orders: [ottoOrder('ord0000001', [item('pi-1', 'otto-sku-a', 'PROCESSABLE', undefined, '4000000000017'), item('pi-2', 'MUG-01', 'PROCESSABLE', undefined, '4000000000024')])],
			items: [{ number: 'MUG-01', gtin: '4000000000017' }, { number: 'LAMP-01', gtin: '4000000000099' }],
			config: { itemMatch: 'ean' },
		});
		expect(out.parcels).toHaveLength(1);
		expect(out.parcels[0]).toMatchObject({ shipmentNumber: 'S-1', carrier: 'DHL', missing: 1, positionItems: [{ positionItemId: 'pi-1', salesOrderId: 'so-ord0000001' }] });
		expect(out.parcels[0].positionItems).toHaveLength(1);
	});

	test('OTTO could not list the orders: ottoError with its logref; a BC lookup answered with an error: lookupError; nothing is sent', async () => {
		const otto = await plan({ shipments, tracking, nodes: { 'Get processable orders': [[{ error: 'OTTO answered 503', description: 'Service Unavailable (logref abc-123)' }]] } });
		expect(otto).toMatchObject({ parcels: [], skipped: [], alreadyDone: 0, waiting: 0, overdue: [], ottoError: { message: 'OTTO answered 503: Service Unavailable (logref abc-123)', logref: 'abc-123' } });
		const failed = { error: { message: 'Bad Request - the field Package_Tracking_No does not exist', code: 'BadRequest' } };
		const bc = await plan({ shipments, orders, nodes: { 'Read tracking in BC': [[{ value: [] }, failed]] } });
		expect(bc).toMatchObject({ parcels: [], lookupError: { node: 'Read tracking in BC', code: 'BadRequest', message: 'Bad Request - the field Package_Tracking_No does not exist' } });
		const items = await plan({ shipments, tracking, orders, config: { itemMatch: 'ean' }, nodes: { 'Find items in BC': [[failed]] } });
		expect(items).toMatchObject({ parcels: [], lookupError: { node: 'Find items in BC', code: 'BadRequest' } });
	});
});

describe('shipments template: "Finish run"', () => {
	const prepared = { read: 5, shipments: [], batches: [], itemBatches: [], trackingUrl: 'x', select: 'number' };
	const planned = { parcels: [], deferred: 0, skipped: ['S-9'], alreadyDone: 1, waiting: 0, overdue: [], invalid: [] };
	const parcel = (shipmentNumber: string, orderNumber: string, positionItemIds: string[], over: Json = {}) => ({
		shipmentNumber,
		orderNumber,
		carrier: 'DHL',
		trackingNumber: `T-${shipmentNumber}`,
		shipDate: '2026-03-03T12:00:00.000Z',
		missing: 0,
		positionItems: positionItemIds.map((positionItemId) => ({ salesOrderId: `so-${orderNumber}`, positionItemId, returnTrackingNumber: 'RT' })),
		...over,
	});
	const overdue = { reference: 'S-8', orderNumber: 'ord0000008', reason: 'BC shipment S-8 (OTTO order ord0000008) has no tracking number in BC 50 hours after its posting date, …' };

	async function finish(nodes: Record<string, Json[][]>): Promise<Json> {
		const [out] = await runCode('Finish run', { Config: [[CONFIG]], 'Plan run': [[RUN]], 'Prepare tracking': [[prepared]], 'Plan shipments': [[planned]], ...nodes });
		return out;
	}

	test('answers paired by index: created, OTTO already had it, refused → one row (BC shipment number, logref); the run fails and keeps its cursor', async () => {
		const sent = [parcel('S-1', 'ord0000001', ['pi-1', 'pi-2']), parcel('S-2', 'ord0000002', ['pi-21']), parcel('S-3', 'ord0000003', ['pi-31'])];
		const out = await finish({
			'Shipments to send': [sent],
			'Create shipments at OTTO': [[
				{ shipmentId: 'sh-1', positionItems: sent[0].positionItems },
				{ shipmentId: 'sh-2', outcome: 'alreadyDone' },
				{ error: 'Not applied: OTTO answered 409', description: 'Conflict (logref lr-7)\nNothing was sent to OTTO.' },
			]],
		});
		expect(out.ok).toBe(false);
		expect(out.errors).toEqual([
			{
				workflow: 'bc-shipments-to-otto',
				executionId: '4711',
				occurredAt: out.log.finishedAt,
				reference: 'S-3',
				reason: 'OTTO did not create the shipment of BC shipment S-3 (OTTO order ord0000003, DHL T-S-3): Not applied: OTTO answered 409 — Conflict (logref lr-7) Nothing was sent to OTTO.',
				logref: 'lr-7',
				bcErrorCode: '',
				node: 'Create shipments at OTTO',
			},
		]);
		expect(out.log).toMatchObject({ status: 'failed', read: 5, created: 1, skipped: 1, failed: 1, cursorFrom: RUN.cursorFrom, cursorTo: RUN.cursorFrom });
		expect(out.state).toEqual({ workflow: 'bc-shipments-to-otto', runningSince: '', runningExecutionId: '' });
		expect(out.message.startsWith('1 BC shipment(s) not sent to OTTO (S-3): OTTO did not create the shipment of BC shipment S-3')).toBe(true);
		// fewer answers than parcels: the unanswered one is a row as well
		const lost = await finish({ 'Shipments to send': [[parcel('S-6', 'ord0000006', ['pi-61'], { carrier: 'DACHSER', trackingNumber: '' })]], 'Create shipments at OTTO': [[]] });
		expect(lost.errors[0].reason).toBe('OTTO did not create the shipment of BC shipment S-6 (OTTO order ord0000006, DACHSER without tracking number): the Otto Market node gave no answer for it');
	});

	test('a clean run moves the cursor to startedAt; overdue shipments become rows that do not fail the run', async () => {
		const sent = [parcel('S-1', 'ord0000001', ['pi-1', 'pi-2'], { missing: 1 }), parcel('S-2', 'ord0000002', ['pi-21'])];
		const out = await finish({
			'Plan shipments': [[{ ...planned, overdue: [overdue] }]],
			'Shipments to send': [sent],
			'Create shipments at OTTO': [[{ shipmentId: 'sh-1' }, { shipmentId: 'sh-2', outcome: 'alreadyDone' }]],
		});
		expect(out.ok).toBe(true);
		expect(out.message).toBe(
			'Created 1 OTTO shipment(s) with 3 position item(s); 1 OTTO already had; 1 BC shipment(s) skipped (nothing processable at OTTO: already SENT, cancelled or no OTTO order), 1 item(s) already SENT with this tracking number; 1 shipped piece(s) without a processable OTTO item; 1 without tracking data after 24 h (see the sync errors table)',
		);
		expect(out.errors).toEqual([{ workflow: 'bc-shipments-to-otto', executionId: '4711', occurredAt: out.log.finishedAt, reference: 'S-8', reason: overdue.reason, logref: '', bcErrorCode: '', node: 'Plan shipments' }]);
		expect(out.log).toMatchObject({ status: 'success', created: 1, skipped: 1, failed: 0, cursorTo: RUN.startedAt });
		expect(out.state).toMatchObject({ workflow: 'bc-shipments-to-otto', cursor: RUN.startedAt, lastExecutionId: '4711', runningSince: '', runningExecutionId: '' });
	});

	test('shipments waiting for tracking data (or deferred by maxOrdersPerRun) keep the cursor: partial', async () => {
		const out = await finish({ 'Plan shipments': [[{ ...planned, waiting: 2, deferred: 1 }]], 'Shipments to send': [[]], 'Create shipments at OTTO': [[]] });
		expect(out.ok).toBe(true);
		expect(out.errors).toEqual([]);
		expect(out.message).toMatch(/; 2 waiting for tracking numbers in BC; 3 more next run$/);
		expect(out.log).toMatchObject({ status: 'partial', created: 0, failed: 0, cursorTo: RUN.cursorFrom });
		expect(out.state).toMatchObject({ cursor: RUN.cursorFrom, runningSince: '' });
	});

	test('a Config error (no plan), a BC lookup failure and an OTTO list failure each fail the run with their row', async () => {
		const config = await finish({ 'Prepare tracking': [[{ ...prepared, read: 0, configError: 'Config: "returnCarrier" must be one of DHL, GLS, HERMES (it is "DPD"). Nothing was read or sent.' }]], 'Plan shipments': [] });
		expect(config.ok).toBe(false);
		expect(config.errors.map((e: Json) => [e.reference, e.node, e.reason])).toEqual([['(Config)', 'Prepare tracking', 'Config: "returnCarrier" must be one of DHL, GLS, HERMES (it is "DPD"). Nothing was read or sent.']]);
		expect(config.log).toMatchObject({ status: 'failed', read: 0, created: 0, skipped: 0, cursorTo: RUN.cursorFrom });
		const out = await finish({
			'Prepare tracking': [[{ ...prepared, lookupError: { node: 'Find shipments in BC', code: 'BadRequest', message: 'The filter is invalid' } }]],
			'Plan shipments': [[{ ...planned, lookupError: { node: 'Read tracking in BC', code: '', message: 'Not Found' }, ottoError: { message: 'OTTO answered 503: (logref lr-2)', logref: 'lr-2' } }]],
		});
		expect(out.errors.map((e: Json) => [e.reference, e.node, e.bcErrorCode, e.logref])).toEqual([
			['(BC lookup)', 'Find shipments in BC', 'BadRequest', ''],
			['(BC lookup)', 'Read tracking in BC', '', ''],
			['(order list)', 'Get processable orders', '', 'lr-2'],
		]);
		expect(out.errors[0].reason).toBe('BC did not answer Find shipments in BC with a list, so nothing was sent: The filter is invalid');
		expect(out.errors[2].reason).toBe('OTTO did not list the processable orders, so nothing was sent: OTTO answered 503: (logref lr-2)');
	});

	test('the defaults of this template\'s settings are in its Config', () => {
		expect(Object.fromEntries(Object.keys(SHIPMENT_SETTINGS).map((k) => [k, CONFIG[k]]))).toEqual(SHIPMENT_SETTINGS);
		expect(CONFIG.workflowKey).toBe('bc-shipments-to-otto');
	});
});
