import { randomUUID } from 'node:crypto';

import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import type { Receipt } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

const { sim, helper } = useSimulator();

const listCalls = () => sim().requests({ path: '/v3/receipts', method: 'GET' });
const pdfCalls = () => sim().requests({ path: /^\/v3\/receipts\/[^/]+\.pdf$/, method: 'GET' });
const newestFirst = (a: Receipt, b: Receipt) =>
	a.creationDate < b.creationDate ? 1 : a.creationDate > b.creationDate ? -1 : a.receiptNumber < b.receiptNumber ? 1 : -1;

/** Start → Otto Market nodes in a row, each with its own parameters. */
function chain(items: IDataObject[], ...steps: Array<{ name: string; parameters: IDataObject; extra?: Partial<INode> }>) {
	const base = ottoWorkflow(steps[0].parameters, items, { name: steps[0].name, ...steps[0].extra });
	const nodes: INode[] = [base.nodes[0]];
	const connections: IConnections = {};
	let previous = 'Start';
	steps.forEach((step, n) => {
		nodes.push({
			...base.nodes[1],
			id: randomUUID(),
			name: step.name,
			position: [200 * (n + 1), 0],
			parameters: step.parameters,
			...step.extra,
		} as INode);
		connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] } as IConnections[string];
		previous = step.name;
	});
	return { nodes, connections };
}

describe('Receipt → Get Many', () => {
	test('Return All pages through all receipts with the next cursor (128 per page), newest first', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'receipt', operation: 'getAll', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out).toHaveLength(sim().data.receipts.length);
		expect(out.map((i) => i.json.receiptNumber)).toEqual([...sim().data.receipts].sort(newestFirst).map((r) => r.receiptNumber));
		expect(paired(out).every((p) => p === 0)).toBe(true);

		const pages = listCalls();
		expect(pages).toHaveLength(Math.ceil(sim().data.receipts.length / 128));
		expect(pages.length).toBeGreaterThanOrEqual(3);
		// OTTO asks clients to always name the receipt types they handle: repeated query keys.
		expect(pages[0].query).toEqual({ receiptTypes: ['PARTIAL_REFUND', 'PURCHASE', 'REFUND'], limit: '128' });
		expect(pages.slice(1).every((p) => typeof p.query.next === 'string' && p.query.limit === '128')).toBe(true);
	});

	test('Limit stops early with a page of that size', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'receipt', operation: 'getAll', returnAll: false, limit: 10 }), helper());
		expect(result.output('Otto Market')).toHaveLength(10);
		expect(listCalls()).toHaveLength(1);
		expect(listCalls()[0].query.limit).toBe('10');
	});

	test('type, sales order and day filters reach OTTO as dates (UTC) and the answer respects them', async () => {
		const refunds = sim().data.receipts.filter((r) => r.receiptType === 'REFUND').sort(newestFirst);
		const to = refunds[5].creationDate.slice(0, 10);
		const from = new Date(Date.parse(to) - 10 * 86_400_000).toISOString().slice(0, 10);
		const result = await runWorkflow(
			ottoWorkflow({
				resource: 'receipt',
				operation: 'getAll',
				receiptTypes: ['REFUND'],
				returnAll: true,
				// n8n's date picker gives a date-time without zone: its calendar day is meant.
				filters: { from: `${from}T00:00:00`, to },
			}),
			helper(),
		);
		const out = result.output('Otto Market').map((i) => i.json);
		const expected = refunds.filter((r) => r.creationDate.slice(0, 10) >= from && r.creationDate.slice(0, 10) <= to);
		expect(expected.length).toBeGreaterThan(3);
		expect(out.map((r) => r.receiptNumber)).toEqual(expected.map((r) => r.receiptNumber));
		expect(listCalls()[0].query).toEqual({ receiptTypes: 'REFUND', from, to, limit: '128' });
	});

	test('an instant with a zone is taken as its UTC day; sales order filter', async () => {
		const receipt = sim().data.receipts.find((r) => r.receiptType === 'REFUND') as Receipt;
		const result = await runWorkflow(
			ottoWorkflow({
				resource: 'receipt',
				operation: 'getAll',
				returnAll: true,
				filters: { salesOrderId: receipt.salesOrderId, from: '2020-01-01T23:30:00-02:00' },
			}),
			helper(),
		);
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out.map((r) => r.receiptNumber).sort()).toEqual(
			sim().data.receipts.filter((r) => r.salesOrderId === receipt.salesOrderId).map((r) => r.receiptNumber).sort(),
		);
		expect(out.map((r) => r.receiptType)).toEqual(expect.arrayContaining(['PURCHASE', 'REFUND']));
		expect(listCalls()[0].query).toEqual(expect.objectContaining({ salesOrderId: receipt.salesOrderId, from: '2020-01-02' }));
	});

	test.each([
		['a day that does not exist', { from: '2026-02-30' }, 'Invalid "Created From": "2026-02-30" is not a date'],
		['from after to', { from: '2026-03-02', to: '2026-03-01' }, 'Invalid "Created From": 2026-03-02 is after "Created To" (2026-03-01)'],
		['no date at all', { to: 'soon' }, 'Invalid "Created To": "soon" is not a date-time'],
	])('%s: the error names the field and nothing is sent', async (_name, filters, message) => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'receipt', operation: 'getAll', returnAll: true, filters }), helper());
		expect(result.error?.message).toContain(message);
		expect(listCalls()).toHaveLength(0);
	});
});

describe('Receipt → Get', () => {
	test('as JSON by receipt number; an unknown number is a readable 404 with Continue On Fail', async () => {
		const receipt = sim().data.receipts[42];
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'receipt', operation: 'get', receiptNumber: '={{ $json.n }}' }, [{ n: receipt.receiptNumber }, { n: '999' }], {
				continueOnFail: true,
			}),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out[0].json).toEqual(JSON.parse(JSON.stringify(receipt)));
		expect(out[1].json.error).toMatch(/^OTTO answered 404 Not found: Receipt '999' not found/);
		expect(out[1].json.httpCode).toBe('404');
		expect(paired(out)).toEqual([0, 1]);
	});
});

describe('Receipt → Download PDF', () => {
	test('the PDF lands as binary with file name, MIME type and PDF bytes; item JSON and earlier binaries are kept', async () => {
		const [first, second] = sim().data.receipts;
		const result = await runWorkflow(
			chain(
				[{ orderRef: 'A-1', first: first.receiptNumber, second: second.receiptNumber }],
				{ name: 'Purchase PDF', parameters: { resource: 'receipt', operation: 'downloadPdf', receiptNumber: '={{ $json.first }}', binaryPropertyName: 'invoice' } },
				{ name: 'Second PDF', parameters: { resource: 'receipt', operation: 'downloadPdf', receiptNumber: '={{ $json.second }}' } },
			),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const [item] = result.output('Second PDF');
		expect(item.json).toEqual({ orderRef: 'A-1', first: first.receiptNumber, second: second.receiptNumber });
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['data', 'invoice']);
		const invoice = item.binary!.invoice;
		expect(invoice.fileName).toBe(`${first.receiptNumber}.pdf`);
		expect(invoice.mimeType).toBe('application/pdf');
		const bytes = Buffer.from(invoice.data, 'base64');
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(bytes.toString('latin1')).toContain(`Belegnummer: ${first.receiptNumber}`);
		expect(item.binary!.data.fileName).toBe(`${second.receiptNumber}.pdf`);
		expect(pdfCalls().map((c) => [c.path, c.status])).toEqual([
			[`/v3/receipts/${first.receiptNumber}.pdf`, 200],
			[`/v3/receipts/${second.receiptNumber}.pdf`, 200],
		]);
	});

	test('Continue On Fail: a good and an unknown receipt', async () => {
		const receipt = sim().data.receipts[7];
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'receipt', operation: 'downloadPdf', receiptNumber: '={{ $json.n }}' }, [{ n: '404404' }, { n: receipt.receiptNumber }], {
				continueOnFail: true,
			}),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out[0].json.error).toMatch(/404/);
		expect(out[0].binary).toBeUndefined();
		expect(out[1].binary?.data.fileName).toBe(`${receipt.receiptNumber}.pdf`);
		expect(paired(out)).toEqual([0, 1]);
	});
});

describe('order to receipt', () => {
	test('shipping an item books a purchase receipt that Get Many finds and Download PDF fetches', async () => {
		const order = sim().data.orders.find((o) => o.positionItems.some((p) => p.fulfillmentStatus === 'PROCESSABLE')) ?? sim().data.orders[0];
		const item = order.positionItems.find((p) => p.fulfillmentStatus === 'PROCESSABLE')!;
		const before = new Set(sim().data.receipts.map((r) => r.receiptNumber));
		const result = await runWorkflow(
			chain(
				[{ salesOrderId: order.salesOrderId, positionItemId: item.positionItemId }],
				{
					name: 'Ship',
					parameters: {
						resource: 'shipment',
						operation: 'create',
						carrier: 'GLS',
						trackingNumber: 'GLS-4711',
						shipDate: new Date().toISOString(),
						shipFromCity: 'Wien',
						shipFromCountryCode: 'AT',
						shipFromZipCode: '1010',
						returnCarrier: 'GLS',
						positionItems: {
							positionItem: [{ salesOrderId: '={{ $json.salesOrderId }}', positionItemId: '={{ $json.positionItemId }}', returnTrackingNumber: 'GLS-R-4711' }],
						},
					},
				},
				{
					name: 'Receipts',
					parameters: {
						resource: 'receipt',
						operation: 'getAll',
						receiptTypes: ['PURCHASE'],
						returnAll: true,
						filters: { salesOrderId: "={{ $('Ship').item.json.positionItems[0].salesOrderId }}", from: new Date().toISOString().slice(0, 10) },
					},
				},
				{ name: 'PDF', parameters: { resource: 'receipt', operation: 'downloadPdf', receiptNumber: '={{ $json.receiptNumber }}' } },
			),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const receipts = result.output('Receipts').map((i) => i.json);
		expect(receipts).toHaveLength(1);
		expect(before.has(receipts[0].receiptNumber as string)).toBe(false);
		expect(receipts[0]).toEqual(
			expect.objectContaining({
				receiptType: 'PURCHASE',
				salesOrderId: order.salesOrderId,
				shipment: { shipFromAddress: { zipCode: '1010', countryCode: 'AUT' } },
			}),
		);
		const [pdf] = result.output('PDF');
		expect(pdf.binary?.data.fileName).toBe(`${receipts[0].receiptNumber}.pdf`);
		expect(Buffer.from(pdf.binary!.data.data, 'base64').toString('latin1')).toContain(`SKU ${item.product.sku}`);
	});
});
