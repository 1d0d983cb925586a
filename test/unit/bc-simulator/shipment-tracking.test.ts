/**
 * The BC simulator's two places for the tracking data of posted sales shipments (shipmentTracking.ts), read the
 * way the shipments template reads them: the extension API page `shipmentTracking` and page 130 published as
 * OData V4 web service; both with the return tracking number BC itself has no field for. Plus the control call
 * that plays the warehouse entering tracking numbers later (Update Document), and configuration.
 */
import { startBcSimulator } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import type { SalesDocRec, ShipmentRec } from '../../bc-simulator/model';
import { call, controlJson, token } from './helpers';

let bearer: string;

const sim = useServer(() => startBcSimulator({ port: 0, seed: { seed: 11, customers: 5 }, config: { tokenTtlSeconds: 600 } }));
beforeEach(async () => {
	bearer = await token(sim());
});

const company = () => sim().data.mainCompany();
const API = () => `${sim().url}/v2.0/${sim().tenantId}/production/api/mySeller/ottoMarket/v1.0/companies(${sim().data.info.mainCompanyId})/shipmentTracking`;
const PAGE = (service = 'PostedSalesShipment') => `${sim().odataBase}/Company('${encodeURIComponent(sim().data.info.mainCompanyName)}')/${service}`;

function shipped(externalDocumentNumber: string, tracking: { packageTrackingNo?: string; shippingAgentCode?: string; returnTrackingNo?: string }): ShipmentRec {
	const item = sim().data.upsertItem(company(), { number: 'TRACK-ITEM-1', displayName: 'Tracked item' });
	const order: SalesDocRec = sim().data.createSalesDoc(company(), 'order', { customerNumber: 'C00010', externalDocumentNumber }, [
		{ lineType: 'Item', lineObjectNumber: item.number, quantity: 2 },
	]);
	return sim().data.postShipment(company(), order, tracking, false);
}

describe('shipmentTracking (extension API page)', () => {
	it('lists the tracking data of posted shipments by $filter on the number, read-only', async () => {
		const a = shipped('AB12CD34EF', { packageTrackingNo: '00340434161094042557', shippingAgentCode: 'dhl', returnTrackingNo: 'RT-1' });
		const b = shipped('ZZ99YY88XX', { packageTrackingNo: 'H1234', shippingAgentCode: 'HERMES' });
		const filter = encodeURIComponent(`number eq '${a.number}' or number eq '${b.number}'`);
		const listed = await call(sim(), bearer, `${API()}?$select=number,packageTrackingNo,shippingAgentCode,returnTrackingNo&$filter=${filter}`);
		expect(listed.status).toBe(200);
		expect(listed.json.value).toEqual([
			{ '@odata.etag': expect.any(String), number: a.number, packageTrackingNo: '00340434161094042557', shippingAgentCode: 'DHL', returnTrackingNo: 'RT-1' },
			{ '@odata.etag': expect.any(String), number: b.number, packageTrackingNo: 'H1234', shippingAgentCode: 'HERMES', returnTrackingNo: '' },
		]);
		const one = await call(sim(), bearer, `${API()}(${a.id})`);
		expect(one.json).toMatchObject({ id: a.id, number: a.number, orderNumber: a.orderNumber, externalDocumentNumber: 'AB12CD34EF', customerNumber: 'C00010', postingDate: a.postingDate });
		const write = await call(sim(), bearer, `${API()}(${a.id})`, { method: 'PATCH', body: { packageTrackingNo: 'X' }, headers: { 'If-Match': '*' } });
		expect(write.status).toBeGreaterThanOrEqual(400);
		expect(write.status).toBeLessThan(500);
		expect(a.packageTrackingNo).toBe('00340434161094042557');
	});

	it('the warehouse enters tracking numbers later: the shipment changes (lastModifiedDateTime moves on)', async () => {
		const a = shipped('AB12CD34EF', {});
		const before = a.lastModifiedDateTime;
		await new Promise((resolve) => setTimeout(resolve, 5));
		const res = await controlJson(sim(), 'POST', '/shipment-tracking', { shipmentNumber: a.number, packageTrackingNo: '0034', returnTrackingNo: 'RT-9', shippingAgentCode: 'gls' });
		expect(res.status).toBe(200);
		const read = await call(sim(), bearer, `${API()}(${a.id})?$select=packageTrackingNo,shippingAgentCode,returnTrackingNo,lastModifiedDateTime`);
		expect(read.json).toMatchObject({ packageTrackingNo: '0034', shippingAgentCode: 'GLS', returnTrackingNo: 'RT-9' });
		expect(Date.parse(read.json.lastModifiedDateTime)).toBeGreaterThan(Date.parse(before));
		// API v2.0 salesShipments sees the change too (the template filters on it)
		const since = encodeURIComponent(`lastModifiedDateTime gt ${before}`);
		const changed = await call(sim(), bearer, `${sim().apiBase}/companies(${sim().data.info.mainCompanyId})/salesShipments?$select=number&$filter=${since}`);
		expect(changed.json.value.map((s: { number: string }) => s.number)).toEqual([a.number]);
		expect((await controlJson(sim(), 'POST', '/shipment-tracking', { shipmentNumber: 'NOPE-1' })).status).toBe(404);
		expect((await controlJson(sim(), 'POST', '/shipment-tracking', { shipmentNumber: a.number, packageTrackingNo: 'x'.repeat(31) })).status).toBe(400);
	});

	it('not installed (config customApi null) → 404 like BC for an unknown API route', async () => {
		sim().configure({ shipmentTracking: { customApi: null } });
		const res = await call(sim(), bearer, API());
		expect(res.status).toBe(404);
	});
});

describe('page 130 Posted Sales Shipment as OData V4 web service', () => {
	it('lists No, Package_Tracking_No, Shipping_Agent_Code and the page extension field Return_Tracking_No', async () => {
		const a = shipped('AB12CD34EF', { packageTrackingNo: 'P-1', shippingAgentCode: 'DPD', returnTrackingNo: 'RT-2' });
		const filter = encodeURIComponent(`No eq '${a.number}'`);
		const listed = await call(sim(), bearer, `${PAGE()}?$select=No,Package_Tracking_No,Shipping_Agent_Code,Return_Tracking_No&$filter=${filter}`);
		expect(listed.status).toBe(200);
		expect(listed.json.value).toEqual([{ '@odata.etag': expect.any(String), No: a.number, Package_Tracking_No: 'P-1', Shipping_Agent_Code: 'DPD', Return_Tracking_No: 'RT-2' }]);
		const one = await call(sim(), bearer, `${PAGE()}('${a.number}')`);
		expect(one.json).toMatchObject({ No: a.number, External_Document_No: 'AB12CD34EF', Sell_to_Customer_No: 'C00010', Order_No: a.orderNumber });
	});

	it('published under another name, or not at all', async () => {
		const a = shipped('AB12CD34EF', {});
		sim().configure({ shipmentTracking: { odataServiceName: 'Lieferungen' } });
		const listed = await call(sim(), bearer, `${PAGE('Lieferungen')}?$filter=${encodeURIComponent("External_Document_No eq 'AB12CD34EF'")}`);
		expect(listed.json.value.map((s: { No: string }) => s.No)).toEqual([a.number]);
		expect((await call(sim(), bearer, PAGE())).status).toBe(404);
		sim().configure({ shipmentTracking: { odataServiceName: null } });
		expect((await call(sim(), bearer, PAGE('Lieferungen'))).status).toBe(404);
	});
});
