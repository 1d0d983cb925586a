import { EXAMPLE_API_TEMPLATES, startBcSimulator } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import { call, companyBase, controlJson, token } from './helpers';

let t: string;

const sim = useServer(() => startBcSimulator({ port: 0 }));
beforeAll(async () => {
	t = await token(sim());
});

const cardUrl = (no: string, service = 'CustomerCard') => `${sim().odataBase}/Company('${encodeURIComponent(sim().data.info.mainCompanyName)}')/${service}('${encodeURIComponent(no)}')`;

async function createCustomer(body: Record<string, unknown>): Promise<any> {
	const res = await call(sim(), t, `${companyBase(sim())}/customers`, { method: 'POST', body });
	expect(res.status).toBe(201);
	return res.json;
}

describe('posting groups through the Customer Card OData V4 page', () => {
	it('a customer created through API v2.0 has no posting groups; PATCH on CustomerCard sets all three; the state shows them', async () => {
		const created = await createCustomer({ displayName: 'Marktplatz Kunde', country: 'DE' });
		const card = await call(sim(), t, cardUrl(created.number));
		expect(card.status).toBe(200);
		expect(card.json).toMatchObject({ No: created.number, Name: 'Marktplatz Kunde', Customer_Posting_Group: '', Gen_Bus_Posting_Group: '', VAT_Bus_Posting_Group: '' });
		expect(card.json['@odata.context']).toBe(`${sim().odataBase}/$metadata#Company('CRONUS%20DE')/CustomerCard/$entity`);

		const patch = await call(sim(), t, cardUrl(created.number), {
			method: 'PATCH',
			body: { Customer_Posting_Group: 'domestic', Gen_Bus_Posting_Group: 'DOMESTIC', VAT_Bus_Posting_Group: 'DOMESTIC' },
			headers: { 'If-Match': card.json['@odata.etag'] },
		});
		expect(patch.status).toBe(200);
		expect(patch.json).toMatchObject({ Customer_Posting_Group: 'DOMESTIC', Gen_Bus_Posting_Group: 'DOMESTIC', VAT_Bus_Posting_Group: 'DOMESTIC' });

		const state = await controlJson(sim(), 'GET', '/state');
		const stored = state.json.companies[0].customers.find((c: any) => c.number === created.number);
		expect(stored).toMatchObject({ customerPostingGroup: 'DOMESTIC', genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'DOMESTIC' });
		// API v2.0 shows the VAT group as the customer's tax area (VAT countries) and a new ETag
		const api = await call(sim(), t, `${companyBase(sim())}/customers(${created.id})`);
		expect(api.json.taxAreaDisplayName).toBe('Domestic customers and vendors');
		expect(api.json['@odata.etag']).not.toBe(created['@odata.etag']);
	});

	it('an unknown code is a BC-shaped 400 and changes nothing; If-Match is required; a stale ETag is 412', async () => {
		const no = sim().data.info.customers.withoutPostingGroups;
		const card = await call(sim(), t, cardUrl(no));
		const bad = await call(sim(), t, cardUrl(no), {
			method: 'PATCH',
			body: { Customer_Posting_Group: 'DOMESTIC', Gen_Bus_Posting_Group: 'INLAND', VAT_Bus_Posting_Group: 'DOMESTIC' },
			headers: { 'If-Match': card.json['@odata.etag'] },
		});
		expect(bad.status).toBe(400);
		expect(bad.json.error.code).toBe('Internal_InvalidTableRelation');
		expect(bad.json.error.message).toMatch(/^The field Gen\. Bus\. Posting Group of table Customer contains a value \(INLAND\) that cannot be found in the related table \(Gen\. Business Posting Group\)\./);
		const customer = sim().data.mainCompany().customers.find((c) => c.number === no)!;
		expect([customer.customerPostingGroup, customer.genBusPostingGroup, customer.vatBusPostingGroup]).toEqual(['', '', '']);

		const noIfMatch = await call(sim(), t, cardUrl(no), { method: 'PATCH', body: { Customer_Posting_Group: 'EU' } });
		expect(noIfMatch.status).toBe(400);
		expect(noIfMatch.json.error.code).toBe('BadRequest_InvalidToken');

		const ok = await call(sim(), t, cardUrl(no), { method: 'PATCH', body: { Customer_Posting_Group: 'EU' }, headers: { 'If-Match': card.json['@odata.etag'] } });
		expect(ok.status).toBe(200);
		const stale = await call(sim(), t, cardUrl(no), { method: 'PATCH', body: { Gen_Bus_Posting_Group: 'EU' }, headers: { 'If-Match': card.json['@odata.etag'] } });
		expect(stale.status).toBe(412);
		const star = await call(sim(), t, cardUrl(no), { method: 'PATCH', body: { Gen_Bus_Posting_Group: 'EU', VAT_Bus_Posting_Group: 'EU' }, headers: { 'If-Match': '*' } });
		expect(star.status).toBe(200);
		expect([customer.customerPostingGroup, customer.genBusPostingGroup, customer.vatBusPostingGroup]).toEqual(['EU', 'EU', 'EU']);

		const unknownField = await call(sim(), t, cardUrl(no), { method: 'PATCH', body: { customerPostingGroup: 'EU' }, headers: { 'If-Match': '*' } });
		expect(unknownField.status).toBe(400);
		expect(unknownField.json.error.message).toMatch(/The property 'customerPostingGroup' does not exist on type 'Microsoft.NAV.CustomerCard'/);
		const missing = await call(sim(), t, cardUrl('C99999'));
		expect(missing.status).toBe(404);
		expect(missing.json.error.message).toMatch(/The Customer does not exist\. Identification fields and values: No\.='C99999'/);
	});

	it('the page service lists and filters customers; the service name is configurable and can be unpublished', async () => {
		const list = await call(sim(), t, `${sim().odataBase}/Company('CRONUS%20DE')/CustomerCard?$filter=${encodeURIComponent("VAT_Bus_Posting_Group ne 'DOMESTIC'")}&$select=No,VAT_Bus_Posting_Group`);
		expect(list.status).toBe(200);
		const expected = sim().data.mainCompany().customers.filter((c) => c.vatBusPostingGroup !== 'DOMESTIC').map((c) => c.number);
		expect(list.json.value.map((c: any) => c.No)).toEqual(expected);

		sim().configure({ postingGroupEndpoint: { odataServiceName: 'Kundenkarte' } });
		expect((await call(sim(), t, cardUrl('C00010'))).status).toBe(404);
		const renamed = await call(sim(), t, cardUrl('C00010', 'Kundenkarte'));
		expect(renamed.status).toBe(200);
		expect(renamed.json.No).toBe('C00010');

		sim().configure({ postingGroupEndpoint: { odataServiceName: null } });
		const gone = await call(sim(), t, cardUrl('C00010', 'Kundenkarte'));
		expect(gone.status).toBe(404);
		expect(gone.json.error.code).toBe('BadRequest_ResourceNotFound');
	});

	it('a custom API route (extension) can carry the posting groups instead', async () => {
		sim().configure({ postingGroupEndpoint: { customApi: { publisher: 'contoso', group: 'otto', version: 'v1.0', entitySet: 'customerPostingSetups' } } });
		const customer = sim().data.mainCompany().customers.find((c) => c.number === sim().data.info.customers.withoutPostingGroups)!;
		const url = `${sim().url}/v2.0/${sim().tenantId}/${sim().environment}/api/contoso/otto/v1.0/companies(${sim().data.info.mainCompanyId})/customerPostingSetups(${customer.id})`;
		const get = await call(sim(), t, url);
		expect(get.status).toBe(200);
		expect(get.json).toMatchObject({ number: customer.number, customerPostingGroup: '' });
		const patch = await call(sim(), t, url, { method: 'PATCH', body: { customerPostingGroup: 'FOREIGN', genBusPostingGroup: 'EXPORT', vatBusPostingGroup: 'EXPORT' }, headers: { 'If-Match': get.json['@odata.etag'] } });
		expect(patch.status).toBe(200);
		expect([customer.customerPostingGroup, customer.genBusPostingGroup, customer.vatBusPostingGroup]).toEqual(['FOREIGN', 'EXPORT', 'EXPORT']);
		const wrongGroup = await call(sim(), t, `${sim().url}/v2.0/${sim().tenantId}/${sim().environment}/api/contoso/other/v1.0/companies`);
		expect(wrongGroup.status).toBe(404);
	});

	it('API templates (API Setup) fill the posting groups of new customers by country; explicit taxAreaId wins for the VAT group', async () => {
		sim().configure({ apiTemplates: EXAMPLE_API_TEMPLATES });
		const de = await createCustomer({ displayName: 'Kunde DE', country: 'DE' });
		const fr = await createCustomer({ displayName: 'Client FR', country: 'FR' });
		const us = await createCustomer({ displayName: 'Customer US', country: 'US' });
		const euArea = sim().data.mainCompany().taxAreas.find((a) => a.code === 'EU')!;
		const override = await createCustomer({ displayName: 'Kunde DE (EU VAT)', country: 'DE', taxAreaId: euArea.id });
		const byNo = (no: string) => sim().data.mainCompany().customers.find((c) => c.number === no)!;
		expect(byNo(de.number)).toMatchObject({ appliedTemplate: 'CUST-DE', customerPostingGroup: 'DOMESTIC', genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'DOMESTIC', paymentTermsCode: '14 DAYS', pricesIncludingVat: true });
		expect(byNo(fr.number)).toMatchObject({ appliedTemplate: 'CUST-EU', customerPostingGroup: 'EU', vatBusPostingGroup: 'EU' });
		expect(byNo(us.number)).toMatchObject({ appliedTemplate: 'CUST-OTHER', customerPostingGroup: 'FOREIGN', genBusPostingGroup: 'EXPORT', paymentTermsCode: '30 DAYS' });
		expect(byNo(override.number)).toMatchObject({ genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'EU' });
		expect(override.taxAreaId).toBe(euArea.id);
		// reset() restores the start-up config: no templates
		sim().reset();
		const plain = await createCustomer({ displayName: 'Plain', country: 'DE' });
		expect(sim().data.mainCompany().customers.find((c) => c.number === plain.number)!.customerPostingGroup).toBe('');
	});
});

describe('posting: shipments, shipAndInvoice, inventory', () => {
	it('an order created before the groups were set cannot be posted; after fixing the customer a new order posts', async () => {
		const customer = await createCustomer({ displayName: 'Späte Gruppen', country: 'DE' });
		const early = await call(sim(), t, `${companyBase(sim())}/salesOrders`, {
			method: 'POST',
			body: { customerId: customer.id, externalDocumentNumber: 'OTTO-1', salesOrderLines: [{ lineObjectNumber: 'CABLE-1.5M', quantity: 1 }] },
		});
		expect(early.status).toBe(201);
		const failed = await controlJson(sim(), 'POST', '/shipments', { salesOrderNumber: early.json.number });
		expect(failed.status).toBe(400);
		expect(failed.json.error).toMatchObject({ code: 'Application_FieldValidationException', message: expect.stringMatching(/^Gen\. Bus\. Posting Group must have a value in Sales Header: Document Type=Order, No\.=S-ORD\d+\. It cannot be zero or empty\./) });
		const invoice = await call(sim(), t, `${companyBase(sim())}/salesOrders(${early.json.id})/Microsoft.NAV.shipAndInvoice`, { method: 'POST' });
		expect(invoice.status).toBe(400);
		expect(invoice.json.error.code).toBe('Application_FieldValidationException');

		const card = await call(sim(), t, cardUrl(customer.number), {
			method: 'PATCH',
			body: { Customer_Posting_Group: 'DOMESTIC', Gen_Bus_Posting_Group: 'DOMESTIC', VAT_Bus_Posting_Group: 'DOMESTIC' },
			headers: { 'If-Match': '*' },
		});
		expect(card.status).toBe(200);
		// the early order still carries the blank groups it copied on creation
		expect((await controlJson(sim(), 'POST', '/shipments', { salesOrderNumber: early.json.number })).status).toBe(400);
		const late = await call(sim(), t, `${companyBase(sim())}/salesOrders`, {
			method: 'POST',
			body: { customerId: customer.id, externalDocumentNumber: 'OTTO-2', salesOrderLines: [{ lineObjectNumber: 'CABLE-1.5M', quantity: 1 }] },
		});
		expect((await controlJson(sim(), 'POST', '/shipments', { externalDocumentNumber: 'otto-2' })).status).toBe(201);
		const state = await controlJson(sim(), 'GET', '/state');
		const order = state.json.companies[0].salesOrders.find((o: any) => o.id === late.json.id);
		expect([order.customerPostingGroup, order.genBusPostingGroup, order.vatBusPostingGroup]).toEqual(['DOMESTIC', 'DOMESTIC', 'DOMESTIC']);
		expect(order.lines[0].shippedQuantity).toBe(1);
		// force posts regardless of the groups
		expect((await controlJson(sim(), 'POST', '/shipments', { salesOrderNumber: early.json.number, force: true })).status).toBe(201);
	});

	it('posting a (partial) shipment through the control API: salesShipments + lines in the API, shippedQuantity, inventory and ledger entries', async () => {
		const item = sim().data.mainCompany().items.find((i) => i.number === 'TSHIRT/BLUE/M')!;
		await controlJson(sim(), 'POST', '/inventory', { number: item.number, inventory: 10 });
		const itemEtag = (await call(sim(), t, `${companyBase(sim())}/items(${item.id})`)).json['@odata.etag'];
		const created = await call(sim(), t, `${companyBase(sim())}/salesOrders`, {
			method: 'POST',
			body: { customerNumber: 'C00010', externalDocumentNumber: 'OTTO-SHIP-1', salesOrderLines: [{ lineObjectNumber: item.number, quantity: 3 }] },
		});
		const partial = await controlJson(sim(), 'POST', '/shipments', { salesOrderId: created.json.id, lines: [{ sequence: 10000, quantity: 2 }], shipmentMethodCode: 'DHL', packageTrackingNo: '00340434161094042557', shippingAgentCode: 'DHL' });
		expect(partial.status).toBe(201);
		expect(partial.json.shipment).toMatchObject({ number: 'S-SHPT102004', orderNumber: created.json.number, packageTrackingNo: '00340434161094042557' });

		const shipments = await call(sim(), t, `${companyBase(sim())}/salesShipments?$filter=${encodeURIComponent("orderNumber eq '" + created.json.number + "'")}&$expand=salesShipmentLines`);
		expect(shipments.json.value).toHaveLength(1);
		const shipment = shipments.json.value[0];
		expect(shipment).toMatchObject({ externalDocumentNumber: 'OTTO-SHIP-1', shipmentMethodCode: 'DHL', customerNumber: 'C00010' });
		expect(shipment).not.toHaveProperty('packageTrackingNo');
		expect(shipment.salesShipmentLines.map((l: any) => [l.lineObjectNumber, l.quantity, l.lineType])).toEqual([[item.number, 2, 'Item']]);

		const order = await call(sim(), t, `${companyBase(sim())}/salesOrders(${created.json.id})?$expand=salesOrderLines`);
		expect(order.json.fullyShipped).toBe(false);
		expect(order.json.salesOrderLines[0]).toMatchObject({ shippedQuantity: 2, shipQuantity: 1 });
		const tooMuch = await controlJson(sim(), 'POST', '/shipments', { salesOrderId: created.json.id, lines: [{ sequence: 10000, quantity: 5 }] });
		expect(tooMuch.status).toBe(400);
		expect(tooMuch.json.error.message).toMatch(/You cannot ship more than 1 units\./);

		// inventory is the sum of item ledger entries; the item record (ETag, lastModifiedDateTime) is unchanged
		const itemNow = await call(sim(), t, `${companyBase(sim())}/items(${item.id})`);
		expect(itemNow.json.inventory).toBe(8);
		expect(itemNow.json['@odata.etag']).toBe(itemEtag);
		const ledger = await call(sim(), t, `${companyBase(sim())}/itemLedgerEntries?$filter=${encodeURIComponent(`itemNumber eq '${item.number}'`)}&$orderby=entryNumber desc&$top=1`);
		expect(ledger.json.value[0]).toMatchObject({ entryType: 'Sale', quantity: -2, documentType: 'Sales Shipment', documentNumber: 'S-SHPT102004', sourceNumber: 'C00010' });
		const sum = sim().data.mainCompany().itemLedgerEntries.filter((e) => e.itemNumber === item.number).reduce((s, e) => s + e.quantity, 0);
		expect(sum).toBe(8);
	});

	it('shipAndInvoice ships the rest, books a posted invoice and removes the fully posted order', async () => {
		const open = sim().data.mainCompany().salesOrders.find((o) => o.number === sim().data.info.openOrderNumbers[0])!;
		const res = await call(sim(), t, `${companyBase(sim())}/salesOrders(${open.id})/Microsoft.NAV.shipAndInvoice`, { method: 'POST' });
		expect(res.status).toBe(204);
		expect((await call(sim(), t, `${companyBase(sim())}/salesOrders(${open.id})`)).status).toBe(404);
		const shipments = await call(sim(), t, `${companyBase(sim())}/salesShipments?$filter=${encodeURIComponent(`orderNumber eq '${open.number}'`)}`);
		expect(shipments.json.value).toHaveLength(1);
		const state = await controlJson(sim(), 'GET', '/state');
		expect(state.json.companies[0].postedInvoices).toEqual([expect.objectContaining({ orderNumber: open.number, number: 'S-INV103001' })]);
		const again = await call(sim(), t, `${companyBase(sim())}/salesOrders(${sim().data.mainCompany().salesOrders[0].id})/Microsoft.NAV.shipAndInvoice`, { method: 'GET' });
		expect(again.status).toBe(405);
	});
});
