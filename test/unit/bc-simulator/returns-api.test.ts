/**
 * The BC simulator's return order API page of a seller's extension (returnsApi.ts): POST with lines inline and
 * the extension's line fields, GET with $filter/$expand, not installed → 404, and the warehouse's control calls
 * Post → Receive and Return Reason Code.
 */
import { startBcSimulator } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import { call, controlJson, token } from './helpers';

let bearer: string;

const sim = useServer(() => startBcSimulator({ port: 0, seed: { seed: 7, customers: 12 }, config: { tokenTtlSeconds: 600 } }));
beforeEach(async () => {
	bearer = await token(sim());
});

const API = () => `${sim().url}/v2.0/${sim().tenantId}/production/api/mySeller/ottoMarket/v1.0/companies(${sim().data.info.mainCompanyId})/ottoReturnOrders`;
const sku = (i: number) => sim().data.info.ottoSkus[i];

function createReturnOrder(lines: Array<Record<string, unknown>>, header: Record<string, unknown> = {}) {
	return call(sim(), bearer, API(), {
		method: 'POST',
		body: { externalDocumentNumber: 'AB12CD34EF', customerNumber: 'C00010', documentDate: '2026-03-04', ottoReturnOrderLines: lines, ...header },
	});
}

const line = (i: number, positionItemId: string, over: Record<string, unknown> = {}) => ({
	lineType: 'Item',
	lineObjectNumber: sku(i),
	quantity: 1,
	unitPrice: 10 + i,
	ottoPositionItemId: positionItemId,
	ottoSalesOrderId: '2f7d8c5e-3b1a-4c6e-9d0f-1a2b3c4d5e6f',
	...over,
});

describe('ottoReturnOrders (extension API page)', () => {
	it('POST with lines inline creates a BC sales return order whose lines carry the OTTO ids; GET finds it by External Document No. with its lines', async () => {
		const created = await createReturnOrder([line(0, 'pi-1'), line(1, 'pi-2')]);
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ number: expect.stringMatching(/^S-RET\d+$/), externalDocumentNumber: 'AB12CD34EF', customerNumber: 'C00010', documentDate: '2026-03-04', status: 'Open' });
		const doc = sim().data.mainCompany().salesReturnOrders.find((d) => d.id === created.json.id)!;
		expect(doc.lines.map((l) => [l.lineObjectNumber, l.quantity, l.unitPrice, l.ottoPositionItemId, l.returnQtyReceived])).toEqual([
			[sku(0).toUpperCase(), 1, 10, 'pi-1', 0],
			[sku(1).toUpperCase(), 1, 11, 'pi-2', 0],
		]);

		const filter = encodeURIComponent("externalDocumentNumber eq 'AB12CD34EF' or externalDocumentNumber eq 'OTHER'");
		const listed = await call(sim(), bearer, `${API()}?$filter=${filter}&$expand=ottoReturnOrderLines($select=sequence,ottoPositionItemId,quantity,returnQtyReceived,returnReasonCode)`);
		expect(listed.status).toBe(200);
		expect(listed.json.value).toHaveLength(1);
		expect(listed.json.value[0].ottoReturnOrderLines).toEqual([
			expect.objectContaining({ sequence: 10000, ottoPositionItemId: 'pi-1', quantity: 1, returnQtyReceived: 0, returnReasonCode: '' }),
			expect.objectContaining({ sequence: 20000, ottoPositionItemId: 'pi-2', quantity: 1, returnQtyReceived: 0, returnReasonCode: '' }),
		]);
		// API v2.0 shows the same return order, read-only
		const v2 = await call(sim(), bearer, `${sim().apiBase}/companies(${sim().data.info.mainCompanyId})/salesReturnOrders(${created.json.id})?$expand=salesReturnOrderLines`);
		expect(v2.json).toMatchObject({ number: created.json.number, externalDocumentNumber: 'AB12CD34EF' });
		expect(v2.json.salesReturnOrderLines).toHaveLength(2);
		const v2Post = await call(sim(), bearer, `${sim().apiBase}/companies(${sim().data.info.mainCompanyId})/salesReturnOrders`, { method: 'POST', body: { customerNumber: 'C00010' } });
		expect(v2Post.status).toBe(405);
	});

	it('refuses what BC refuses, and creates nothing then: unknown item, unknown Return Reason Code, no customer, unknown field, read-only received quantity ignored', async () => {
		const before = sim().data.mainCompany().salesReturnOrders.length;
		const unknownItem = await createReturnOrder([line(0, 'pi-1'), line(0, 'pi-2', { lineObjectNumber: 'NO-SUCH-ITEM' })]);
		expect(unknownItem.status).toBe(400);
		expect(unknownItem.json.error.code).toBe('Internal_InvalidTableRelation');
		const unknownReason = await createReturnOrder([line(0, 'pi-1', { returnReasonCode: 'NOPE' })]);
		expect(unknownReason.status).toBe(400);
		expect(unknownReason.json.error.message).toContain('Return Reason Code');
		const noCustomer = await createReturnOrder([line(0, 'pi-1')], { customerNumber: undefined });
		expect(noCustomer.status).toBe(400);
		expect(noCustomer.json.error.message).toMatch(/^A "customerNumber" or a "customerId" must be provided\. /);
		const unknownField = await createReturnOrder([line(0, 'pi-1', { ottoSku: 'X' })]);
		expect(unknownField.status).toBe(400);
		expect(unknownField.json.error.message).toContain("The property 'ottoSku' does not exist on type 'Microsoft.NAV.ottoReturnOrderLine'");
		const tooLong = await createReturnOrder([line(0, 'x'.repeat(51))]);
		expect(tooLong.status).toBe(400);
		expect(tooLong.json.error.code).toBe('Application_StringExceededLength');
		expect(sim().data.mainCompany().salesReturnOrders).toHaveLength(before);

		const received = await createReturnOrder([line(0, 'pi-1', { returnQtyReceived: 1, returnReasonCode: 'damaged' })]);
		expect(received.status).toBe(201);
		const doc = sim().data.mainCompany().salesReturnOrders.find((d) => d.id === received.json.id)!;
		expect(doc.lines[0]).toMatchObject({ returnQtyReceived: 0, returnReasonCode: 'DAMAGED' });
	});

	it('is not there when the extension is not installed (404), and moves with the configured route', async () => {
		sim().configure({ returnOrderApi: null });
		const missing = await call(sim(), bearer, API());
		expect(missing.status).toBe(404);
		expect(missing.json.error.code).toBe('BadRequest_ResourceNotFound');
		sim().configure({ returnOrderApi: { publisher: 'contoso', group: 'returns', version: 'v2.0', entitySet: 'returnDocs' } });
		const moved = await call(sim(), bearer, `${sim().url}/v2.0/${sim().tenantId}/production/api/contoso/returns/v2.0/companies(${sim().data.info.mainCompanyId})/returnDocs`);
		expect(moved.status).toBe(200);
		expect(Array.isArray(moved.json.value)).toBe(true);
		// the shipment tracking page of the same extension route is unaffected
		sim().reset();
		const tracking = await call(sim(), bearer, API().replace(/ottoReturnOrders$/, 'shipmentTracking'));
		expect(tracking.status).toBe(200);
	});
});

describe('warehouse control calls', () => {
	it('POST /__control/return-receipts receives lines (all open ones by default); over-receiving is refused; GET shows the received quantity', async () => {
		const created = await createReturnOrder([line(0, 'pi-1'), line(1, 'pi-2', { quantity: 2 })]);
		const number = created.json.number as string;
		const one = await controlJson(sim(), 'POST', '/return-receipts', { returnOrderNumber: number, lines: [{ ottoPositionItemId: 'pi-1' }] });
		expect(one.status).toBe(200);
		expect(one.json.returnOrder.lines.map((l: { returnQtyReceived: number }) => l.returnQtyReceived)).toEqual([1, 0]);
		const tooMuch = await controlJson(sim(), 'POST', '/return-receipts', { returnOrderNumber: number, lines: [{ sequence: 20000, quantity: 3 }] });
		expect(tooMuch.status).toBe(400);
		expect(tooMuch.json.error.message).toMatch(/^You cannot receive more than 2 units\. /);
		const rest = await controlJson(sim(), 'POST', '/return-receipts', { returnOrderNumber: number.toLowerCase() });
		expect(rest.json.returnOrder.lines.map((l: { returnQtyReceived: number }) => l.returnQtyReceived)).toEqual([1, 2]);
		const nothing = await controlJson(sim(), 'POST', '/return-receipts', { returnOrderNumber: number });
		expect(nothing.status).toBe(400);
		expect(nothing.json.error.message).toMatch(/^There is nothing to post\. /);
		const listed = await call(sim(), bearer, `${API()}(${created.json.id})/ottoReturnOrderLines`);
		expect(listed.json.value.map((l: { returnQtyReceived: number; returnQtyToReceive: number }) => [l.returnQtyReceived, l.returnQtyToReceive])).toEqual([
			[1, 0],
			[2, 0],
		]);
		const unknown = await controlJson(sim(), 'POST', '/return-receipts', { returnOrderNumber: 'S-RET999999' });
		expect(unknown.status).toBe(404);
		const noLine = await controlJson(sim(), 'POST', '/return-receipts', { returnOrderNumber: number, lines: [{ ottoPositionItemId: 'pi-9' }] });
		expect(noLine.status).toBe(404);
		const invalid = await controlJson(sim(), 'POST', '/return-receipts', { returnOrderNumber: number, lines: [{ quantity: -1 }] });
		expect(invalid.status).toBe(400);
	});

	it('POST /__control/return-reasons sets (and clears) the Return Reason Code of lines; unknown codes are refused', async () => {
		const created = await createReturnOrder([line(0, 'pi-1'), line(1, 'pi-2')]);
		const number = created.json.number as string;
		const set = await controlJson(sim(), 'POST', '/return-reasons', { returnOrderNumber: number, returnReasonCode: 'reject', lines: [{ ottoPositionItemId: 'pi-2' }] });
		expect(set.status).toBe(200);
		expect(set.json.returnOrder.lines.map((l: { returnReasonCode: string }) => l.returnReasonCode)).toEqual(['', 'REJECT']);
		const filter = encodeURIComponent(`number eq '${number}'`);
		const listed = await call(sim(), bearer, `${API()}?$filter=${filter}&$expand=ottoReturnOrderLines`);
		expect(listed.json.value[0].ottoReturnOrderLines.map((l: { returnReasonCode: string }) => l.returnReasonCode)).toEqual(['', 'REJECT']);
		const bad = await controlJson(sim(), 'POST', '/return-reasons', { returnOrderNumber: number, returnReasonCode: 'WHATEVER' });
		expect(bad.status).toBe(400);
		expect(bad.json.error.code).toBe('Internal_InvalidTableRelation');
		const cleared = await controlJson(sim(), 'POST', '/return-reasons', { returnOrderNumber: number, returnReasonCode: '' });
		expect(cleared.json.returnOrder.lines.map((l: { returnReasonCode: string }) => l.returnReasonCode)).toEqual(['', '']);
	});
});
