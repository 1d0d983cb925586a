/**
 * Where the tracking data of posted sales shipments can be read, which API v2.0 `salesShipments` leaves out
 * (Microsoft's APIV2 "salesShipments" page has no Package Tracking No., no Shipping Agent Code), and the return
 * tracking number OTTO asks for with every shipment, which BC has no field for at all:
 *
 * 1. Page 130 "Posted Sales Shipment" published as an OData V4 web service (service name configurable, default
 *    `PostedSalesShipment`): `…/ODataV4/Company('<company name>')/PostedSalesShipment('<No>')`, fields named as
 *    the page controls (`Package_Tracking_No`, `Shipping_Agent_Code`, …). `Return_Tracking_No` stands for a field
 *    a page extension adds. Microsoft announced that its own pages can no longer be published as OData endpoints
 *    from BC version 30 (2027 release wave 1).
 * 2. A custom API page of a seller's extension (default on, as `…/api/mySeller/ottoMarket/v1.0/companies(<id>)/
 *    shipmentTracking`): camelCase fields `number`, `orderNumber`, `externalDocumentNumber`, `packageTrackingNo`,
 *    `shippingAgentCode`, `returnTrackingNo`, `lastModifiedDateTime`, read-only.
 *
 * Both are read-only lists over the company's posted shipments, with `$filter`, `$select`, `$orderby` and paging
 * from the OData engine.
 */
import { companyOf, type ApiScope } from './entities';
import type { ShipmentRec } from './model';
import type { AnyRecord, EntityDef, FieldDef, NavDef } from './odata/engine';
import type { BcStore } from './store';
import type { CustomApiRoute } from './types';

const code = (name: string, max: number): FieldDef => ({ name, type: 'code', max, readOnly: true });
const text = (name: string, max: number): FieldDef => ({ name, type: 'string', max, readOnly: true });
const date = (name: string): FieldDef => ({ name, type: 'date', readOnly: true });

/** Page field → shipment record field. */
const PAGE_MAP: Array<[FieldDef, (s: ShipmentRec) => unknown]> = [
	[code('No', 20), (s) => s.number],
	[code('Sell_to_Customer_No', 20), (s) => s.customerNumber],
	[text('Sell_to_Customer_Name', 100), (s) => s.customerName],
	[code('External_Document_No', 35), (s) => s.externalDocumentNumber],
	[code('Order_No', 20), (s) => s.orderNumber],
	[date('Posting_Date'), (s) => s.postingDate],
	[code('Shipment_Method_Code', 10), (s) => s.shipmentMethodCode],
	[code('Shipping_Agent_Code', 10), (s) => s.shippingAgentCode],
	[text('Package_Tracking_No', 30), (s) => s.packageTrackingNo],
	// added by a page extension: BC has no return tracking number
	[text('Return_Tracking_No', 50), (s) => s.returnTrackingNo],
];

function pageDef(store: BcStore, serviceName: string): EntityDef<ApiScope> {
	return {
		entitySet: serviceName,
		entityType: serviceName,
		caption: 'Sales Shipment Header',
		keyField: 'No',
		keyType: 'string',
		keyOf: (rec) => String(rec.number),
		keyLabel: 'No.',
		fields: PAGE_MAP.map(([field]) => field),
		methods: {},
		toJson: (rec) => Object.fromEntries(PAGE_MAP.map(([field, value]) => [field.name, value(rec as ShipmentRec)])),
		etag: (rec) => store.etag({ id: String(rec.id), version: Number(rec.version) }),
		orderKey: (rec) => String(rec.number),
	};
}

/** The `Company('<name>')` navigation of the published page (merged into the OData V4 service). */
export function trackingPageNavs(store: BcStore, serviceName: string | null): Record<string, NavDef<ApiScope>> {
	if (!serviceName) return {};
	const def = pageDef(store, serviceName);
	return { [serviceName]: { target: () => def, many: true, list: (_rec, scope) => companyOf(scope).salesShipments } };
}

const API_FIELDS: FieldDef[] = [
	{ name: 'id', type: 'guid', readOnly: true },
	code('number', 20),
	code('orderNumber', 20),
	code('externalDocumentNumber', 35),
	code('customerNumber', 20),
	date('postingDate'),
	code('shipmentMethodCode', 10),
	code('shippingAgentCode', 10),
	text('packageTrackingNo', 30),
	text('returnTrackingNo', 50),
	{ name: 'lastModifiedDateTime', type: 'datetime', readOnly: true },
];

/** The `companies(<id>)/<entitySet>` navigation of the extension's API page. */
export function trackingApiNavs(store: BcStore, route: CustomApiRoute): Record<string, NavDef<ApiScope>> {
	const def: EntityDef<ApiScope> = {
		entitySet: route.entitySet,
		entityType: route.entitySet.replace(/s$/, ''),
		caption: 'Sales Shipment Header',
		keyField: 'id',
		keyType: 'guid',
		fields: API_FIELDS,
		methods: {},
		toJson: (rec) => {
			const out: AnyRecord = {};
			for (const field of API_FIELDS) out[field.name] = rec[field.name];
			return out;
		},
		etag: (rec) => store.etag({ id: String(rec.id), version: Number(rec.version) }),
		orderKey: (rec) => String(rec.number),
	};
	return { [route.entitySet]: { target: () => def, many: true, list: (_rec, scope) => companyOf(scope).salesShipments } };
}
