/**
 * The business logic of the returns template (workflows-templates/otto-returns-bc.json): its Code nodes ("Run
 * Once for All Items") run in a node:vm context with shims for what the Code node offers (`$input`, `$(name)`
 * with `first()`, `all(branch, run)` and `isExecuted`, `$execution`, `$runIndex`). The runs in real n8n are in
 * test/e2e/bc-returns.e2e.test.ts; the edge cases are here.
 */
import { RETURN_SETTINGS } from '../templates/returns';
import { configOf, loadTemplate, runTemplateCode, thrown, type Json } from './fixtures/templateCode';

const TEMPLATE = loadTemplate('otto-returns-bc.json');

const CONFIG: Json = {
	...configOf(TEMPLATE),
	bcTenantId: 'contoso.onmicrosoft.com',
	bcCompanyId: '3c0f5b01-1351-4c79-8d2e-2cde6e17e512',
	syncStateTableId: 'tblState',
	syncLogTableId: 'tblLog',
	syncErrorTableId: 'tblErrors',
	defaultCustomerNo: 'C00010',
	bcPricesIncludeVat: false,
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


// --- OTTO and BC data as the nodes hand them on -------------------------------------------------------------

const announced = (positionItemId: string, orderNumber: string, occurredTime = '2026-03-04T11:30:00.000Z', status = 'ANNOUNCED'): Json => ({
	positionItemId,
	salesOrderId: `so-${orderNumber}`,
	status,
	occurredTime,
	details: { orderNumber, returnTrackingKey: { carrier: 'DHL', trackingNumbers: [] } },
});

const bcLine = (ottoPositionItemId: string, over: Json = {}): Json => ({ sequence: 10000, lineObjectNumber: 'MUG-01', quantity: 1, returnQtyReceived: 0, returnReasonCode: '', ottoPositionItemId, ...over });
const bcReturnOrder = (number: string, externalDocumentNumber: string, lines: Json[]): Json => ({ id: `id-${number}`, number, externalDocumentNumber, customerNumber: 'C00020', ottoReturnOrderLines: lines });

async function prepare(listed: Json[], config: Json = {}): Promise<Json> {
	const [out] = await runCode('Prepare lookups', { Config: [[{ ...CONFIG, ...config }]], 'Plan run': [[RUN]], 'Get announced returns': [listed] });
	return out;
}

async function planReturns(listed: Json[], pages: Json[], config: Json = {}): Promise<Json> {
	const prepared = await prepare(listed, config);
	const [out] = await runCode('Plan returns', { Config: [[{ ...CONFIG, ...config }]], 'Plan run': [[RUN]], 'Prepare lookups': [[prepared]], 'Find return orders in BC': [pages] });
	return out;
}

describe('returns template: "Plan run"', () => {
	test('an empty setting of this template fails the run naming it, before the lock is claimed', async () => {
		for (const key of ['returnOrderApi', 'returnOrderEntitySet', 'returnRejectReasonCode', 'ottoRejectionReason']) {
			expect(await thrown(runCode('Plan run', { Config: [[{ ...CONFIG, [key]: ' ' }]] }, [{}]))).toBe(`Config: "${key}" is empty. Fill in the Config node (see the note "Set up").`);
		}
		const [run] = await runCode('Plan run', { Config: [[{ ...CONFIG, returnAcceptCondition: '' }]] }, [{}]);
		expect(run).toMatchObject({ busy: false, bcRoot: ROOT, claim: { workflow: 'otto-returns-bc' } });
	});
});

describe('returns template: "Prepare lookups"', () => {
	test('announced returns once each, oldest first; BC lookups by External Document No. (prefix + order number), 20 per request; the extension URL', async () => {
		const listed = [announced('pi-2', 'ord0000002', '2026-03-04T11:40:00.000Z'), announced('pi-1', 'ord0000001'), announced('pi-1', 'ord0000001'), announced('pi-3', 'ord0000002'), {}];
		const out = await prepare(listed, { externalDocumentPrefix: 'otto-' });
		expect(out.read).toBe(3);
		expect(out.announced.map((r: Json) => [r.positionItemId, r.externalDocumentNumber])).toEqual([
			['pi-1', 'OTTO-ORD0000001'],
			['pi-3', 'OTTO-ORD0000002'],
			['pi-2', 'OTTO-ORD0000002'],
		]);
		expect(out.batches).toEqual(["externalDocumentNumber eq 'OTTO-ORD0000001' or externalDocumentNumber eq 'OTTO-ORD0000002'"]);
		expect(out.returnOrderUrl).toBe(`${ROOT}/api/mySeller/ottoMarket/v1.0/companies(${CONFIG.bcCompanyId})/ottoReturnOrders`);
		const many = await prepare(Array.from({ length: 45 }, (_, i) => announced(`pi-${i}`, `o${String(i).padStart(9, '0')}`)));
		expect(many.batches).toHaveLength(3);
		expect(many.batches[2].split(' or ')).toHaveLength(5);
	});

	test('returns OTTO lists in another status are left out; an empty list (alwaysOutputData) reads nothing', async () => {
		expect((await prepare([announced('pi-1', 'ord0000001', undefined, 'ACCEPTED')])).read).toBe(0);
		expect(await prepare([{}])).toMatchObject({ read: 0, announced: [], batches: [] });
	});

	test('OTTO could not list the returns: nothing to do, the error with its logref', async () => {
		const out = await prepare([{ error: 'OTTO answered 503', description: 'Service Unavailable (logref abc-123)' }]);
		expect(out).toMatchObject({ read: 0, announced: [], batches: [], ottoError: { message: 'OTTO answered 503: Service Unavailable (logref abc-123)', logref: 'abc-123' } });
	});

	test('Config values OTTO or BC would refuse: nothing is read or sent, the error names each field', async () => {
		const out = await prepare([announced('pi-1', 'ord0000001')], { returnOrderApi: 'mySeller/ottoMarket', ottoRejectionReason: 'BROKEN', returnAcceptCondition: 'f', returnRejectReasonCode: 'MUCH-TOO-LONG', returnOrderEntitySet: 'otto returns' });
		expect(out.read).toBe(0);
		expect(out.configError).toContain('"returnOrderApi" must be <publisher>/<group>/<version>');
		expect(out.configError).toContain('"returnOrderEntitySet" must be the entity set name');
		expect(out.configError).toContain('"returnRejectReasonCode" is a BC Return Reason Code: at most 10 characters');
		expect(out.configError).toContain('"ottoRejectionReason" must be one of DAMAGE_TO_THE_HYGIENE_SEAL, EXCHANGE, ITEM_DAMAGED');
		expect(out.configError).toContain('"returnAcceptCondition" must be empty or one of A, B, C, D, E (it is "F")');
		expect((await prepare([], { returnAcceptCondition: 'b', returnOrderApi: '/contoso/returns/v2.0/' })).configError).toBeUndefined();
	});
});

describe('returns template: "Plan returns"', () => {
	const listed = [
		announced('pi-rec', 'ord0000001'),
		announced('pi-rej', 'ord0000001'),
		announced('pi-both', 'ord0000001'),
		announced('pi-wait', 'ord0000002'),
		announced('pi-part', 'ord0000002'),
		announced('pi-new', 'ord0000003'),
		announced('pi-new2', 'ord0000003', '2026-03-04T10:50:00.000Z'),
		announced('pi-old', 'ord0000004', '2026-03-04T10:49:59.000Z'),
	];
	const pages = [
		{ value: [bcReturnOrder('S-RET1', 'ORD0000001', [bcLine('pi-rec', { returnQtyReceived: 1 }), bcLine('pi-rej', { returnReasonCode: 'reject' }), bcLine('pi-both', { returnQtyReceived: 1, returnReasonCode: 'REJECT' })])] },
		{ value: [bcReturnOrder('S-RET2', 'ORD0000002', [bcLine('pi-wait'), bcLine('pi-part', { quantity: 2, returnQtyReceived: 1 }), bcLine('', { lineObjectNumber: 'COMMENT' })])] },
	];

	test('received → accept, reject code (any case, also when received) → reject, not received → waits, no line since the window began → create, older → left alone', async () => {
		const out = await planReturns(listed, pages);
		expect(out.accept).toEqual([{ salesOrderId: 'so-ord0000001', positionItemId: 'pi-rec', orderNumber: 'ord0000001', returnOrderNumber: 'S-RET1', pending: true }]);
		expect(out.reject.map((d: Json) => d.positionItemId)).toEqual(['pi-both', 'pi-rej']);
		expect(out.waiting).toBe(2);
		expect(out.toCreate.map((r: Json) => r.positionItemId)).toEqual(['pi-new2', 'pi-new']);
		expect(out.notInBc).toBe(1);
		expect(out.orderIds).toEqual(['so-ord0000003']);
	});

	test('a BC lookup answered with an error page (n8n 1.x pagination): nothing is created or decided', async () => {
		const out = await planReturns(listed, [pages[0], { error: { message: '503 - "{\\"error\\":{\\"code\\":\\"ServiceUnavailable\\",\\"message\\":\\"busy\\"}}"' } }]);
		expect(out).toMatchObject({ accept: [], reject: [], toCreate: [], lookupError: { node: 'Find return orders in BC' } });
	});
});

describe('returns template: "Plan lookups" and "Plan return orders"', () => {
	const item = (positionItemId: string, sku: string, gross: number, ean = '4000000000017') => ({ positionItemId, product: { sku, ean }, itemValueGrossPrice: { amount: gross, currency: 'EUR' } });
	const ottoOrder = (orderNumber: string, items: Json[]) => ({ salesOrderId: `so-${orderNumber}`, orderNumber, positionItems: items });
	const toCreate = [
		{ ...announced('pi-1', 'ord0000001'), salesOrderId: 'so-ord0000001', orderNumber: 'ord0000001' },
		{ ...announced('pi-2', 'ord0000001'), salesOrderId: 'so-ord0000001', orderNumber: 'ord0000001' },
		{ ...announced('pi-3', 'ord0000002'), salesOrderId: 'so-ord0000002', orderNumber: 'ord0000002' },
		{ ...announced('pi-4', 'ord0000003'), salesOrderId: 'so-ord0000003', orderNumber: 'ord0000003' },
		{ ...announced('pi-5', 'ord0000004'), salesOrderId: 'so-ord0000004', orderNumber: 'ord0000004' },
	];
	const ordersAsked = ['so-ord0000001', 'so-ord0000002', 'so-ord0000003', 'so-ord0000004'];
	const answers = [
		ottoOrder('ord0000001', [item('pi-1', 'mug-01', 11.9), item('pi-2', 'LAMP-OLD', 23.8), item('pi-x', 'MUG-01', 11.9)]),
		{ error: 'The resource was not found', description: 'Not Found (logref lr-9)' },
		ottoOrder('ord0000003', [item('pi-other', 'MUG-01', 11.9)]),
		ottoOrder('ord0000004', [item('pi-5', 'NOPE-1', 5)]),
	];

	async function lookups(config: Json = {}): Promise<Json> {
		const [out] = await runCode('Plan lookups', {
			Config: [[{ ...CONFIG, ...config }]],
			'Plan returns': [[{ toCreate }]],
			'Orders to read': [ordersAsked.map((salesOrderId) => ({ salesOrderId }))],
			'Get OTTO orders': [answers],
		});
		return out;
	}

	test('each return gets its SKU, EAN and price from its OTTO order; orders OTTO did not deliver and unknown position items are reported', async () => {
		const out = await lookups({ externalDocumentPrefix: 'x-' });
		expect(out.returns.map((r: Json) => [r.positionItemId, r.externalDocumentNumber, r.sku, r.amount])).toEqual([
			['pi-1', 'X-ORD0000001', 'mug-01', 11.9],
			['pi-2', 'X-ORD0000001', 'LAMP-OLD', 23.8],
			['pi-5', 'X-ORD0000004', 'NOPE-1', 5],
		]);
		expect(out.orderErrors).toEqual([{ reference: 'ord0000002', returns: 1, message: 'The resource was not found: Not Found (logref lr-9)', logref: 'lr-9' }]);
		expect(out.invalid).toEqual([{ reference: 'pi-4', reason: 'OTTO order ord0000003 has no position item pi-4' }]);
		expect(out.shipmentBatches).toEqual(["externalDocumentNumber eq 'X-ORD0000001' or externalDocumentNumber eq 'X-ORD0000004'"]);
		expect(out.itemBatches).toEqual(["number eq 'MUG-01' or number eq 'LAMP-OLD' or number eq 'NOPE-1'"]);
		expect((await lookups({ itemMatch: 'ean' })).itemBatches).toEqual(["gtin eq '4000000000017'"]);
	});

	test('one return order per OTTO order with a line per position item (net price, OTTO ids); the customer of the posted shipment, else the default customer; unknown and blocked items are reported', async () => {
		const planned = await lookups();
		const plan = async (config: Json = {}, shipments: Json[] = [{ number: 'S-SHPT1', externalDocumentNumber: 'ORD0000001', customerNumber: 'C00020' }]) => {
			const [out] = await runCode('Plan return orders', {
				Config: [[{ ...CONFIG, ...config }]],
				'Plan lookups': [[planned]],
				'Find shipments in BC': [[{ value: shipments }]],
				'Find items in BC': [[{ value: [{ number: 'MUG-01', gtin: '4000000000017', blocked: false }, { number: 'LAMP-OLD', gtin: '', blocked: true }] }]],
			});
			return out;
		};
		const out = await plan();
		expect(out.toCreate).toEqual([
			{
				orderNumber: 'ord0000001',
				salesOrderId: 'so-ord0000001',
				externalDocumentNumber: 'ORD0000001',
				customerNumber: 'C00020',
				onDefaultCustomer: false,
				positionItemIds: ['pi-1'],
				body: {
					externalDocumentNumber: 'ORD0000001',
					customerNumber: 'C00020',
					documentDate: '2026-03-04',
					ottoReturnOrderLines: [{ lineType: 'Item', lineObjectNumber: 'MUG-01', quantity: 1, unitPrice: 10, ottoPositionItemId: 'pi-1', ottoSalesOrderId: 'so-ord0000001' }],
				},
			},
		]);
		expect(out.invalid).toEqual([
			{ reference: 'pi-2', reason: 'return of OTTO order ord0000001: BC item LAMP-OLD is blocked' },
			{ reference: 'pi-5', reason: 'return of OTTO order ord0000004: SKU NOPE-1 is no BC item' },
		]);
		// gross prices, no shipment in BC: the default customer; none configured: reported
		const gross = await plan({ bcPricesIncludeVat: true }, []);
		expect(gross.toCreate[0]).toMatchObject({ customerNumber: 'C00010', onDefaultCustomer: true, body: { ottoReturnOrderLines: [{ unitPrice: 11.9 }] } });
		const none = await plan({ defaultCustomerNo: '' }, []);
		expect(none.toCreate).toEqual([]);
		expect(none.invalid[0].reason).toBe('return of OTTO order ord0000001: no posted BC sales shipment with External Document No. ORD0000001 and Config "defaultCustomerNo" is empty');
		const capped = await plan({ maxOrdersPerRun: 1 });
		expect(capped).toMatchObject({ deferred: 0 });
	});
});

describe('returns template: "Finish run"', () => {
	const prepared = { read: 9, announced: [], batches: [], returnOrderUrl: 'x' };
	const plan = { waiting: 2, notInBc: 0, accept: [], reject: [], toCreate: [], orderIds: [] };
	const decision = (positionItemId: string) => ({ salesOrderId: 'so-1', positionItemId, orderNumber: 'ord0000001', returnOrderNumber: 'S-RET1', pending: true });

	async function finish(nodes: Record<string, Json[][]>): Promise<Json> {
		const [out] = await runCode('Finish run', {
			Config: [[CONFIG]],
			'Plan run': [[RUN]],
			'Prepare lookups': [[prepared]],
			'Plan returns': [[plan]],
			...nodes,
		});
		return out;
	}

	test('decisions paired with the node\'s answers in order: accepted, refused (OTTO\'s words and logref), the node failed as a whole → one row each, the run fails and keeps its cursor', async () => {
		const out = await finish({
			Acceptances: [[decision('pi-1'), decision('pi-2'), decision('pi-3')]],
			'Accept returns at OTTO': [[
				{ positionItemId: 'pi-1', status: 'ACCEPTED' },
				{ error: 'Not applied: OTTO answered 500', description: 'Simulated (logref lr-1)\nIt is safe to send again.' },
				{ positionItemId: 'pi-3', status: 'ACCEPTED', outcome: 'alreadyDone' },
			]],
			Rejections: [[decision('pi-4')]],
			'Reject returns at OTTO': [[{ ...decision('pi-4'), error: 'boom' }]],
		});
		expect(out.ok).toBe(false);
		expect(out.errors.map((e: Json) => [e.reference, e.node, e.logref])).toEqual([
			['pi-2', 'Accept returns at OTTO', 'lr-1'],
			['pi-4', 'Reject returns at OTTO', ''],
		]);
		expect(out.errors[0].reason).toBe('OTTO did not accept the return (order ord0000001, BC return order S-RET1): Not applied: OTTO answered 500 — Simulated (logref lr-1) It is safe to send again.');
		expect(out.errors[1].reason).toMatch(/^OTTO did not reject the return \(order ord0000001, BC return order S-RET1\): the Otto Market node failed as a whole/);
		expect(out.state).toEqual({ workflow: 'otto-returns-bc', runningSince: '', runningExecutionId: '' });
		expect(out.log).toMatchObject({ status: 'failed', read: 9, created: 0, skipped: 2, failed: 2, cursorTo: RUN.cursorFrom });
	});

	test('return orders created (one on the default customer: a notice, no failure); a 4xx and an ambiguous 5xx answer are recorded', async () => {
		const sent = (orderNumber: string, over: Json = {}) => ({ orderNumber, externalDocumentNumber: orderNumber.toUpperCase(), customerNumber: 'C00020', onDefaultCustomer: false, positionItemIds: ['a', 'b'], attempt: 1, ...over });
		const ok = await finish({
			'Plan return orders': [[{ invalid: [], toCreate: [], deferred: 1 }]],
			'Check answers': [[
				{ ...sent('ord0000001'), answer: { id: 'id-1', number: 'S-RET1' }, error: null, retry: false },
				{ ...sent('ord0000002', { customerNumber: 'C00010', onDefaultCustomer: true }), answer: { id: 'id-2', number: 'S-RET2' }, error: null, retry: false },
			]],
		});
		expect(ok.ok).toBe(true);
		expect(ok.log).toMatchObject({ status: 'partial', created: 2, failed: 0, cursorTo: RUN.cursorFrom });
		expect(ok.message).toBe('Created 2 BC return order(s) with 4 line(s); accepted 0 and rejected 0 return(s) at OTTO; 2 waiting in BC; 1 on the default customer (see the sync errors table); 1 more next run');
		expect(ok.errors).toHaveLength(1);
		expect(ok.errors[0]).toMatchObject({ reference: 'ord0000002', node: 'Plan return orders' });
		expect(ok.errors[0].reason).toMatch(/^return order S-RET2 \(External Document No\. ORD0000002\) was created on the default customer C00010: /);

		const failed = await finish({
			'Check answers': [[
				{ ...sent('ord0000003'), answer: null, error: { status: 400, code: 'Internal_InvalidTableRelation', message: 'The field No. of table Sales Line contains a value (X) …' }, retry: false },
				{ ...sent('ord0000004', { attempt: 2 }), answer: null, error: { status: 503, code: 'ServiceUnavailable', message: 'busy' }, retry: false },
			]],
		});
		expect(failed.ok).toBe(false);
		expect(failed.errors.map((e: Json) => [e.reference, e.bcErrorCode, e.reason])).toEqual([
			['ord0000003', 'Internal_InvalidTableRelation', 'BC did not create the return order for 2 return(s) (a, b): The field No. of table Sales Line contains a value (X) …'],
			['ord0000004', 'ServiceUnavailable', 'BC answered 503 — the next run checks whether BC created the return order: busy (attempt 2)'],
		]);
	});

	test('a Config error, an OTTO list failure, a BC lookup failure and orders OTTO did not deliver each fail the run with their row', async () => {
		const out = await finish({
			'Prepare lookups': [[{ ...prepared, configError: 'Config: "ottoRejectionReason" must be one of …', ottoError: { message: 'OTTO answered 503', logref: 'lr-2' } }]],
			'Plan returns': [[{ ...plan, lookupError: { node: 'Find return orders in BC', code: 'ServiceUnavailable', message: 'busy' } }]],
			'Plan lookups': [[{ invalid: [{ reference: 'pi-4', reason: 'OTTO order o has no position item pi-4' }], orderErrors: [{ reference: 'ord0000002', returns: 2, message: 'Not Found', logref: 'lr-3' }] }]],
		});
		expect(out.ok).toBe(false);
		expect(out.errors.map((e: Json) => [e.reference, e.node, e.logref, e.bcErrorCode])).toEqual([
			['(Config)', 'Prepare lookups', '', ''],
			['(return list)', 'Get announced returns', 'lr-2', ''],
			['(BC lookup)', 'Find return orders in BC', '', 'ServiceUnavailable'],
			['ord0000002', 'Get OTTO orders', 'lr-3', ''],
			['pi-4', 'Plan lookups', '', ''],
		]);
		expect(out.errors[3].reason).toBe('OTTO did not deliver the order, so its 2 return(s) did not reach BC (the next run tries again): Not Found');
	});

	test('the defaults of this template\'s settings are in its Config', () => {
		expect(Object.fromEntries(Object.keys(RETURN_SETTINGS).map((k) => [k, CONFIG[k]]))).toEqual(RETURN_SETTINGS);
		expect(CONFIG.workflowKey).toBe('otto-returns-bc');
	});
});
