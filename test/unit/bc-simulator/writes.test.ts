import { startBcSimulator } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import { call, companyBase, controlJson, token } from './helpers';

let t: string;

const sim = useServer(() => startBcSimulator({ port: 0 }));
beforeAll(async () => {
	t = await token(sim());
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', body, headers });

describe('customers: create, validation, duplicates', () => {
	it('POST creates a customer with the next number of the series; 201 with Location and ETag', async () => {
		const res = await call(sim(), t, `${companyBase(sim())}/customers`, json({ displayName: 'Neukunde GmbH', country: 'de', email: 'neu@example.com', addressLine1: 'Weg 1' }));
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject({ number: 'C00210', displayName: 'Neukunde GmbH', country: 'DE', type: 'Company', blocked: ' ' });
		expect(res.headers.get('location')).toBe(`${companyBase(sim())}/customers(${res.json.id})`);
		expect(res.headers.get('etag')).toBe(res.json['@odata.etag']);
		const stored = sim().data.mainCompany().customers.find((c) => c.id === res.json.id)!;
		expect(stored).toMatchObject({ number: 'C00210', customerPostingGroup: '', genBusPostingGroup: '', vatBusPostingGroup: '' });
		const again = await call(sim(), t, `${companyBase(sim())}/customers(${res.json.id})`);
		expect(again.json.email).toBe('neu@example.com');
	});

	it('validation errors are BC-shaped: missing displayName, duplicate number, too long, unknown property, bad enum/GUID/type, unknown country', async () => {
		const base = `${companyBase(sim())}/customers`;
		const cases: Array<[unknown, number, string, RegExp]> = [
			[{ email: 'x@example.com' }, 400, 'Application_DialogException', /A "displayName" must be provided\./],
			[{ displayName: '   ' }, 400, 'Application_DialogException', /The blank "displayName" is not allowed/],
			[{ number: 'C00010', displayName: 'Dup' }, 400, 'Internal_EntityWithSameKeyExists', /The Customer already exists\. Identification fields and values: No\.='C00010'/],
			[{ displayName: 'x'.repeat(101) }, 400, 'Application_StringExceededLength', /The length of the string is 101, but it must be less than or equal to 100 characters/],
			[{ displayName: 'X', customerPostingGroup: 'DOMESTIC' }, 400, 'BadRequest', /The property 'customerPostingGroup' does not exist on type 'Microsoft.NAV.customer'/],
			[{ displayName: 'X', blocked: 'Sometimes' }, 400, 'Application_EvaluateException', /cannot be evaluated into type Option/],
			[{ displayName: 'X', currencyId: 'eur' }, 400, 'Application_InvalidGUID', /Invalid format of GUID string/],
			[{ displayName: 'X', creditLimit: '100' }, 400, 'BadRequest', /Cannot convert a primitive value to the expected type 'Edm.Decimal'/],
			[{ displayName: 'X', country: 'XX' }, 400, 'Internal_InvalidTableRelation', /Country\/Region Code of table Customer contains a value \(XX\)/],
			[{ displayName: 'X', paymentTermsId: '00000000-0000-0000-0000-0000000000aa' }, 400, 'Application_DialogException', /"paymentTermsId" does not match/],
		];
		for (const [body, status, code, message] of cases) {
			const res = await call(sim(), t, base, json(body));
			expect({ body, status: res.status, code: res.json?.error?.code }).toEqual({ body, status, code });
			expect(res.json.error.message).toMatch(message);
		}
		const invalidJson = await call(sim(), t, base, { method: 'POST', raw: Buffer.from('{nope'), headers: { 'Content-Type': 'application/json' } });
		expect(invalidJson.status).toBe(400);
		expect(invalidJson.json.error.message).toMatch(/Invalid Request Body/);
		// nothing was created by the failing requests
		expect(sim().data.mainCompany().customers).toHaveLength(20);
	});

	it('read-only properties (id, balanceDue, lastModifiedDateTime, @odata.*) in a body are ignored', async () => {
		const res = await call(sim(), t, `${companyBase(sim())}/customers`, json({ id: '11111111-1111-1111-1111-111111111111', displayName: 'RO', balanceDue: 99, '@odata.etag': 'x' }));
		expect(res.status).toBe(201);
		expect(res.json.id).not.toBe('11111111-1111-1111-1111-111111111111');
		expect(res.json.balanceDue).toBe(0);
	});
});

describe('ETags and If-Match', () => {
	it('PATCH needs If-Match: missing → 400 BadRequest_InvalidToken, stale → 412, current or * → 200 with a new ETag', async () => {
		const customer = sim().data.mainCompany().customers[5];
		const url = `${companyBase(sim())}/customers(${customer.id})`;
		const first = await call(sim(), t, url);
		const etag1 = first.json['@odata.etag'];

		const missing = await call(sim(), t, url, { method: 'PATCH', body: { displayName: 'No Match' } });
		expect(missing.status).toBe(400);
		expect(missing.json.error.code).toBe('BadRequest_InvalidToken');

		const ok = await call(sim(), t, url, { method: 'PATCH', body: { displayName: 'Renamed' }, headers: { 'If-Match': etag1 } });
		expect(ok.status).toBe(200);
		expect(ok.json.displayName).toBe('Renamed');
		const etag2 = ok.json['@odata.etag'];
		expect(etag2).not.toBe(etag1);
		expect(ok.headers.get('etag')).toBe(etag2);

		const stale = await call(sim(), t, url, { method: 'PATCH', body: { displayName: 'Stale' }, headers: { 'If-Match': etag1 } });
		expect(stale.status).toBe(412);
		expect(stale.json.error.code).toBe('Request_EntityChanged');
		expect(sim().data.mainCompany().customers[5].displayName).toBe('Renamed');

		const star = await call(sim(), t, url, { method: 'PATCH', body: { city: 'Bremen' }, headers: { 'If-Match': '*' } });
		expect(star.status).toBe(200);
		expect(star.json).toMatchObject({ displayName: 'Renamed', city: 'Bremen' });
	});

	it('DELETE needs If-Match too; a customer with open orders cannot be deleted', async () => {
		const created = await call(sim(), t, `${companyBase(sim())}/customers`, json({ displayName: 'Temp' }));
		const url = `${companyBase(sim())}/customers(${created.json.id})`;
		expect((await call(sim(), t, url, { method: 'DELETE' })).status).toBe(400);
		const del = await call(sim(), t, url, { method: 'DELETE', headers: { 'If-Match': created.json['@odata.etag'] } });
		expect(del.status).toBe(204);
		expect((await call(sim(), t, url)).status).toBe(404);

		const withOrders = sim().data.mainCompany().salesOrders[0];
		const blocked = await call(sim(), t, `${companyBase(sim())}/customers(${withOrders.customerId})`, { method: 'DELETE', headers: { 'If-Match': '*' } });
		expect(blocked.status).toBe(400);
		expect(blocked.json.error).toMatchObject({ code: 'Application_DialogException', message: expect.stringMatching(/outstanding Sales Order/) });
	});
});

describe('sales orders', () => {
	const otto = (extra: Record<string, unknown> = {}) => ({
		customerNumber: 'C00010',
		externalDocumentNumber: 'otto-4711',
		orderDate: '2026-01-15',
		shipToName: 'Erika Mustermann',
		shipToAddressLine1: 'Musterweg 5',
		shipToCity: 'Berlin',
		shipToPostCode: '10115',
		shipToCountry: 'DE',
		salesOrderLines: [
			{ lineType: 'Item', lineObjectNumber: 'TSHIRT/BLUE/M', quantity: 2, unitPrice: 16.8 },
			{ lineObjectNumber: 'CABLE-1.5M', quantity: 1 },
			{ lineType: 'Account', lineObjectNumber: '4730', description: 'Versandkosten', quantity: 1, unitPrice: 4.16 },
			{ lineType: 'Comment', description: 'OTTO order 4711' },
		],
		...extra,
	});

	it('deep insert creates header and lines in one request; number series, sequences, totals, Code upper-casing', async () => {
		const res = await call(sim(), t, `${companyBase(sim())}/salesOrders?$expand=salesOrderLines`, json(otto()));
		expect(res.status).toBe(201);
		const order = res.json;
		expect(order).toMatchObject({
			number: 'S-ORD101009',
			externalDocumentNumber: 'OTTO-4711',
			customerNumber: 'C00010',
			customerName: 'OTTO Market Kunden DE',
			orderDate: '2026-01-15',
			shipToName: 'Erika Mustermann',
			shipToCity: 'Berlin',
			sellToCity: 'Hamburg',
			currencyCode: 'EUR',
			status: 'Draft',
			fullyShipped: false,
		});
		expect(order.salesOrderLines.map((l: any) => [l.sequence, l.lineType, l.lineObjectNumber, l.quantity])).toEqual([
			[10000, 'Item', 'TSHIRT/BLUE/M', 2],
			[20000, 'Item', 'CABLE-1.5M', 1],
			[30000, 'Account', '4730', 1],
			[40000, 'Comment', '', 0],
		]);
		const cable = sim().data.mainCompany().items.find((i) => i.number === 'CABLE-1.5M')!;
		expect(order.salesOrderLines[1]).toMatchObject({ unitPrice: cable.unitPrice, description: cable.displayName, taxPercent: 19, documentId: order.id });
		const excl = Math.round((2 * 16.8 + cable.unitPrice + 4.16) * 100) / 100;
		expect(order.totalAmountExcludingTax).toBeCloseTo(excl, 2);
		expect(order.totalAmountIncludingTax).toBeCloseTo(order.totalAmountExcludingTax + order.totalTaxAmount, 2);

		const found = await call(sim(), t, `${companyBase(sim())}/salesOrders?$filter=${encodeURIComponent("externalDocumentNumber eq 'OTTO-4711'")}&$select=id,number`);
		expect(found.json.value).toEqual([{ '@odata.etag': expect.any(String), id: order.id, number: 'S-ORD101009' }]);
		// posting groups copied from the customer onto the document
		const stored = sim().data.mainCompany().salesOrders.find((o) => o.id === order.id)!;
		expect([stored.customerPostingGroup, stored.genBusPostingGroup, stored.vatBusPostingGroup]).toEqual(['DOMESTIC', 'DOMESTIC', 'DOMESTIC']);
	});

	it('a failing line creates nothing (atomic deep insert); item, customer and number errors are BC-shaped', async () => {
		const before = sim().data.mainCompany().salesOrders.length;
		const url = `${companyBase(sim())}/salesOrders`;
		const cases: Array<[unknown, string, RegExp]> = [
			[otto({ salesOrderLines: [{ lineObjectNumber: 'TSHIRT/BLUE/M', quantity: 1 }, { lineObjectNumber: 'NO-SUCH-SKU', quantity: 1 }] }), 'Internal_InvalidTableRelation', /No\. of table Sales Line contains a value \(NO-SUCH-SKU\).*\(Item\)/],
			[otto({ salesOrderLines: [{ lineObjectNumber: sim().data.info.blockedItemNumber, quantity: 1 }] }), 'Application_FieldValidationException', /Blocked must be equal to 'No'/],
			[otto({ customerNumber: undefined }), 'Application_DialogException', /A "customerNumber" or a "customerId" must be provided/],
			[otto({ customerNumber: 'C99999' }), 'Application_DialogException', /The sell-to customer cannot be found/],
			[otto({ customerNumber: sim().data.info.customers.blocked }), 'Application_DialogException', /blocked with type All/],
			[otto({ number: 'MY-1' }), 'Application_DialogException', /You may not enter numbers manually/],
			[otto({ externalDocumentNumber: '2f6e4f7a-1b2c-4d5e-8f90-123456789abc' }), 'Application_StringExceededLength', /length of the string is 36, but it must be less than or equal to 35/],
			[otto({ salesOrderLines: [{ sequence: 10000, lineObjectNumber: 'CABLE-1.5M' }, { sequence: 10000, lineObjectNumber: 'CABLE-1.5M' }] }), 'Internal_EntityWithSameKeyExists', /Sales Line already exists/],
			[otto({ salesOrderLines: [{ lineObjectNumber: 'CABLE-1.5M', quantity: 1, foo: 1 }] }), 'BadRequest', /The property 'foo' does not exist on type 'Microsoft.NAV.salesOrderLine'/],
		];
		for (const [body, code, message] of cases) {
			const res = await call(sim(), t, url, json(body));
			expect({ code: res.json?.error?.code, status: res.status }).toEqual({ code, status: 400 });
			expect(res.json.error.message).toMatch(message);
		}
		expect(sim().data.mainCompany().salesOrders).toHaveLength(before);
		// the number series did not move either
		const ok = await call(sim(), t, url, json(otto()));
		expect(ok.json.number).toBe('S-ORD101009');
	});

	it('lines can be added, changed and deleted below the order (If-Match required); the order ETag changes', async () => {
		const created = await call(sim(), t, `${companyBase(sim())}/salesOrders`, json(otto({ salesOrderLines: [{ lineObjectNumber: 'CABLE-1.5M', quantity: 1 }] })));
		const orderUrl = `${companyBase(sim())}/salesOrders(${created.json.id})`;
		const added = await call(sim(), t, `${orderUrl}/salesOrderLines`, json({ lineObjectNumber: 'SCREWS,100PCS', quantity: 3 }));
		expect(added.status).toBe(201);
		expect(added.json).toMatchObject({ sequence: 20000, lineObjectNumber: 'SCREWS,100PCS', quantity: 3, documentId: created.json.id });
		const lineUrl = `${orderUrl}/salesOrderLines(${added.json.id})`;
		const patched = await call(sim(), t, lineUrl, { method: 'PATCH', body: { quantity: 5, discountPercent: 10 }, headers: { 'If-Match': added.json['@odata.etag'] } });
		expect(patched.status).toBe(200);
		const price = sim().data.mainCompany().items.find((i) => i.number === 'SCREWS,100PCS')!.unitPrice;
		expect(patched.json).toMatchObject({ quantity: 5, discountPercent: 10 });
		expect(patched.json.discountAmount).toBeCloseTo(5 * price * 0.1, 2);
		expect(patched.json.amountExcludingTax).toBeCloseTo(5 * price * 0.9, 1);
		const order = await call(sim(), t, orderUrl);
		expect(order.json['@odata.etag']).not.toBe(created.json['@odata.etag']);
		const del = await call(sim(), t, lineUrl, { method: 'DELETE', headers: { 'If-Match': patched.json['@odata.etag'] } });
		expect(del.status).toBe(204);
		const lines = await call(sim(), t, `${orderUrl}/salesOrderLines`);
		expect(lines.json.value.map((l: any) => l.lineObjectNumber)).toEqual(['CABLE-1.5M']);
		// the header can be patched and deleted
		const hdr = await call(sim(), t, orderUrl, { method: 'PATCH', body: { externalDocumentNumber: 'otto-4712' }, headers: { 'If-Match': '*' } });
		expect(hdr.json.externalDocumentNumber).toBe('OTTO-4712');
		expect((await call(sim(), t, orderUrl, { method: 'DELETE', headers: { 'If-Match': '*' } })).status).toBe(204);
		expect(sim().data.mainCompany().salesOrders.some((o) => o.id === created.json.id)).toBe(false);
	});

	it('read-only sets refuse writes with 405 BadRequest_MethodNotAllowed', async () => {
		for (const set of ['salesShipments', 'salesReturnOrders', 'companies']) {
			const url = set === 'companies' ? `${sim().apiBase}/companies` : `${companyBase(sim())}/${set}`;
			const res = await call(sim(), t, url, json({ number: 'X' }));
			expect(res.status).toBe(405);
			expect(res.json.error.code).toBe('BadRequest_MethodNotAllowed');
		}
	});
});

describe('credit memos, return orders, attachments', () => {
	it('salesCreditMemos: deep insert with lines, then Microsoft.NAV.post sets status Open and books the return into inventory', async () => {
		const item = sim().data.mainCompany().items.find((i) => i.number === 'TSHIRT/BLUE/L')!;
		const stockBefore = item.inventory;
		const res = await call(sim(), t, `${companyBase(sim())}/salesCreditMemos?$expand=salesCreditMemoLines`, json({
			customerNumber: 'C00010',
			externalDocumentNumber: 'OTTO-RET-1',
			salesCreditMemoLines: [{ lineObjectNumber: 'TSHIRT/BLUE/L', quantity: 1 }],
		}));
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject({ number: 'S-CR104001', status: 'Draft', externalDocumentNumber: 'OTTO-RET-1' });
		expect(res.json.salesCreditMemoLines).toHaveLength(1);
		const post = await call(sim(), t, `${companyBase(sim())}/salesCreditMemos(${res.json.id})/Microsoft.NAV.post`, { method: 'POST' });
		expect(post.status).toBe(204);
		const after = await call(sim(), t, `${companyBase(sim())}/salesCreditMemos(${res.json.id})`);
		expect(after.json.status).toBe('Open');
		expect(sim().data.mainCompany().items.find((i) => i.number === 'TSHIRT/BLUE/L')!.inventory).toBe(stockBefore + 1);
		const unknownAction = await call(sim(), t, `${companyBase(sim())}/salesCreditMemos(${res.json.id})/Microsoft.NAV.explode`, { method: 'POST' });
		expect(unknownAction.status).toBe(400);
		expect(unknownAction.json.error.code).toBe('BadRequest_MethodNotImplemented');
	});

	it('sales return orders created through the control API are readable (read-only) with their lines and posting groups', async () => {
		const shipment = sim().data.mainCompany().salesShipments[0];
		const created = await controlJson(sim(), 'POST', '/return-orders', { shipmentNumber: shipment.number });
		expect(created.status).toBe(201);
		const res = await call(sim(), t, `${companyBase(sim())}/salesReturnOrders(${created.json.returnOrder.id})?$expand=salesReturnOrderLines`);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ sellToCustomerNumber: shipment.customerNumber, externalDocumentNumber: shipment.externalDocumentNumber, status: 'Open', customerPostingGroup: 'DOMESTIC' });
		expect(res.json.salesReturnOrderLines.map((l: any) => [l.lineObjectNumber, l.quantity, l.documentType])).toEqual(
			shipment.lines.map((l) => [l.lineObjectNumber, l.quantity, 'Return Order']),
		);
		const patch = await call(sim(), t, `${companyBase(sim())}/salesReturnOrders(${created.json.returnOrder.id})`, { method: 'PATCH', body: {}, headers: { 'If-Match': '*' } });
		expect(patch.status).toBe(405);
	});

	it('documentAttachments: POST metadata, PATCH binary attachmentContent with If-Match, GET it back', async () => {
		const order = sim().data.mainCompany().salesOrders[1];
		const meta = await call(sim(), t, `${companyBase(sim())}/documentAttachments`, json({ fileName: 'label.pdf', parentType: 'Sales Order', parentId: order.id }));
		expect(meta.status).toBe(201);
		expect(meta.json).toMatchObject({ fileName: 'label.pdf', byteSize: 0, parentType: 'Sales Order', parentId: order.id, lineNumber: 10000 });
		expect(meta.json['attachmentContent@odata.mediaReadLink']).toBe(`${companyBase(sim())}/documentAttachments(${meta.json.id})/attachmentContent`);
		const content = Buffer.from('%PDF-1.4 simulated label\n', 'latin1');
		const contentUrl = `${companyBase(sim())}/documentAttachments(${meta.json.id})/attachmentContent`;
		const noMatch = await call(sim(), t, contentUrl, { method: 'PATCH', raw: content, headers: { 'Content-Type': 'application/octet-stream' } });
		expect(noMatch.status).toBe(400);
		const put = await call(sim(), t, contentUrl, { method: 'PATCH', raw: content, headers: { 'Content-Type': 'application/pdf', 'If-Match': meta.json['@odata.etag'] } });
		expect(put.status).toBe(200);
		expect(put.json.byteSize).toBe(content.length);
		const get = await fetch(contentUrl, { headers: { Authorization: `Bearer ${t}` } });
		expect(get.status).toBe(200);
		expect(get.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await get.arrayBuffer()).equals(content)).toBe(true);
		// PUT works as well, and the list below the order shows the attachment
		const put2 = await call(sim(), t, contentUrl, { method: 'PUT', raw: Buffer.from('v2'), headers: { 'If-Match': '*' } });
		expect(put2.json.byteSize).toBe(2);
		const nested = await call(sim(), t, `${companyBase(sim())}/salesOrders(${order.id})/documentAttachments`);
		expect(nested.json.value.map((a: any) => a.fileName)).toEqual(['label.pdf']);
		const wrongParent = await call(sim(), t, `${companyBase(sim())}/documentAttachments`, json({ fileName: 'x.pdf', parentType: 'Sales Order', parentId: '00000000-0000-0000-0000-0000000000ff' }));
		expect(wrongParent.status).toBe(400);
		// the log holds the binary body only as size + hash
		const logged = sim().requests({ method: 'PATCH', path: /attachmentContent$/ }).find((e) => e.status === 200)!;
		expect(logged.bodyBytes).toEqual({ size: content.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
	});
});

describe('atomic updates', () => {
	it('a PATCH that fails validation changes nothing (header and line)', async () => {
		const order = sim().data.mainCompany().salesOrders[0];
		const url = `${companyBase(sim())}/salesOrders(${order.id})`;
		const before = await call(sim(), t, url, {});
		const bad = await call(sim(), t, url, { method: 'PATCH', body: { externalDocumentNumber: 'CHANGED', shipToCity: 'Bonn', shipToCountry: 'XX' }, headers: { 'If-Match': '*' } });
		expect(bad.status).toBe(400);
		expect(bad.json.error.code).toBe('Internal_InvalidTableRelation');
		const after = await call(sim(), t, url, {});
		expect(after.json).toEqual(before.json);
		const { id, quantity, lineObjectNumber, version } = order.lines[0];
		const badLine = await call(sim(), t, `${url}/salesOrderLines(${id})`, { method: 'PATCH', body: { quantity: 9, lineObjectNumber: 'NO-SUCH-SKU' }, headers: { 'If-Match': '*' } });
		expect(badLine.status).toBe(400);
		expect(sim().data.mainCompany().salesOrders[0].lines[0]).toMatchObject({ quantity, lineObjectNumber, version });
		expect(quantity).not.toBe(9);
	});
});
