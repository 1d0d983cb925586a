/**
 * BC API v2.0 entity sets (`…/api/v2.0/companies({id})/<set>`): fields, navigation properties, and how
 * requests map onto the store. Field names, types and read-only flags follow Microsoft's API v2.0 resource
 * reference (api-reference/v2.0/resources) and the APIV2 pages in microsoft/BCApps; lengths are the lengths of
 * the underlying table fields (Code[20] numbers, Code[35] External Document No., Text[100] names …).
 */
import { round2 } from '../simulator-core/prng';
import { dialogError } from './errors';
import type {
	Address,
	CodeRec,
	CompanyRec,
	CustomerRec,
	DocumentAttachmentRec,
	ItemLedgerEntryRec,
	ItemRec,
	SalesDocKind,
	SalesDocRec,
	SalesLineRec,
	ShipmentLineRec,
	ShipmentRec,
} from './model';
import type { AnyRecord, EntityDef, FieldDef, NavDef } from './odata/engine';
import { BLANK_GUID, type BcStore, type CompanyData } from './store';
import type { BcSimulatorConfig } from './types';

export interface ApiScope {
	store: BcStore;
	config: BcSimulatorConfig;
	/** Absolute service root of the request (for media links). */
	serviceRoot: string;
	/** Set below `companies({id})`. */
	cd?: CompanyData;
}

export function companyOf(scope: ApiScope): CompanyData {
	if (!scope.cd) throw new Error('company scope missing');
	return scope.cd;
}

// ------------------------------------------------------------------------------------------------
// field helpers

const f = {
	id: (name = 'id'): FieldDef => ({ name, type: 'guid', readOnly: true }),
	guid: (name: string, readOnly = false): FieldDef => ({ name, type: 'guid', readOnly }),
	code: (name: string, max: number, readOnly = false): FieldDef => ({ name, type: 'code', max, readOnly }),
	text: (name: string, max: number, readOnly = false): FieldDef => ({ name, type: 'string', max, readOnly }),
	dec: (name: string, readOnly = false): FieldDef => ({ name, type: 'decimal', readOnly }),
	int: (name: string, readOnly = false): FieldDef => ({ name, type: 'integer', readOnly }),
	bool: (name: string, readOnly = false): FieldDef => ({ name, type: 'boolean', readOnly }),
	date: (name: string, readOnly = false): FieldDef => ({ name, type: 'date', readOnly }),
	dt: (name: string, readOnly = true): FieldDef => ({ name, type: 'datetime', readOnly }),
	enum: (name: string, values: readonly string[], readOnly = false): FieldDef => ({ name, type: 'enum', values, readOnly }),
	stream: (name: string): FieldDef => ({ name, type: 'stream' }),
};

/** Read-only copy of selected record fields in field order. */
function pick(rec: AnyRecord, fields: FieldDef[], computed: AnyRecord = {}): AnyRecord {
	const out: AnyRecord = {};
	for (const field of fields) {
		if (field.type === 'stream') continue;
		out[field.name] = field.name in computed ? computed[field.name] : rec[field.name];
	}
	return out;
}

function etagOf(store: BcStore) {
	return (rec: AnyRecord) => store.etag({ id: String(rec.id), version: typeof rec.version === 'number' ? rec.version : 0 });
}

function addressFields(prefix: string, readOnly = false): FieldDef[] {
	return [
		f.text(`${prefix}AddressLine1`, 100, readOnly),
		f.text(`${prefix}AddressLine2`, 50, readOnly),
		f.text(`${prefix}City`, 30, readOnly),
		f.code(`${prefix}Country`, 10, readOnly),
		f.text(`${prefix}State`, 30, readOnly),
		f.code(`${prefix}PostCode`, 20, readOnly),
	];
}

function addressJson(prefix: string, a: Address): AnyRecord {
	return {
		[`${prefix}AddressLine1`]: a.addressLine1,
		[`${prefix}AddressLine2`]: a.addressLine2,
		[`${prefix}City`]: a.city,
		[`${prefix}Country`]: a.country,
		[`${prefix}State`]: a.state,
		[`${prefix}PostCode`]: a.postCode,
	};
}

const LINE_TYPES = ['Comment', 'Account', 'Item', 'Resource', 'Fixed Asset', 'Charge'] as const;
const POSTED_LINE_TYPES = [' ', 'G/L Account', 'Item', 'Resource', 'Fixed Asset', 'Charge (Item)', 'Comment'] as const;
export const ATTACHMENT_PARENT_TYPES = [
	' ',
	'Journal',
	'Sales Order',
	'Sales Quote',
	'Sales Credit Memo',
	'Sales Invoice',
	'Sales Return Order',
	'Purchase Invoice',
	'Purchase Order',
	'Customer',
	'Item',
	'Vendor',
	'Employee',
] as const;

function postedLineType(t: string): string {
	if (t === 'Account') return 'G/L Account';
	if (t === 'Charge') return 'Charge (Item)';
	return t;
}

// ------------------------------------------------------------------------------------------------

export function buildApiDefinitions(store: BcStore): { roots: Record<string, EntityDef<ApiScope>>; defs: Record<string, EntityDef<ApiScope>> } {
	const etag = etagOf(store);
	const defs: Record<string, EntityDef<ApiScope>> = {};
	const nav = (target: string, many: boolean, list: NavDef<ApiScope>['list'], deepInsert = false): NavDef<ApiScope> => ({
		target: () => defs[target],
		many,
		list,
		deepInsert,
	});
	const attachmentsOf = (parent: AnyRecord, scope: ApiScope) => companyOf(scope).documentAttachments.filter((a) => a.parentId === parent.id);

	// --- code lists -------------------------------------------------------------------------------
	const codeList = (
		entitySet: string,
		entityType: string,
		caption: string,
		extra: FieldDef[],
		list: (cd: CompanyData) => CodeRec[],
		json: (rec: AnyRecord) => AnyRecord = () => ({}),
	): EntityDef<ApiScope> => {
		const fields = [f.id(), f.code('code', 10), f.text('displayName', 100), ...extra, f.dt('lastModifiedDateTime')];
		return {
			entitySet,
			entityType,
			caption,
			keyField: 'id',
			keyType: 'guid',
			fields,
			methods: {},
			toJson: (rec) => pick(rec, fields, json(rec)),
			etag,
			orderKey: (rec) => String(rec.code),
			navs: {},
		};
	};
	const codeLists: Array<[string, (cd: CompanyData) => CodeRec[]]> = [];
	defs.countriesRegions = codeList('countriesRegions', 'countryRegion', 'Country/Region', [f.text('addressFormat', 30, true)], (cd) => cd.countries);
	codeLists.push(['countriesRegions', (cd) => cd.countries]);
	defs.currencies = codeList(
		'currencies',
		'currency',
		'Currency',
		[f.text('symbol', 10, true), f.int('amountDecimalPlaces', true), f.dec('amountRoundingPrecision', true)],
		(cd) => cd.currencies,
		() => ({ amountDecimalPlaces: 2, amountRoundingPrecision: 0.01 }),
	);
	codeLists.push(['currencies', (cd) => cd.currencies]);
	defs.paymentTerms = codeList(
		'paymentTerms',
		'paymentTerm',
		'Payment Terms',
		[f.text('dueDateCalculation', 30, true), f.text('discountDateCalculation', 30, true), f.dec('discountPercent', true), f.bool('calculateDiscountOnCreditMemos', true)],
		(cd) => cd.paymentTerms,
	);
	codeLists.push(['paymentTerms', (cd) => cd.paymentTerms]);
	defs.shipmentMethods = codeList('shipmentMethods', 'shipmentMethod', 'Shipment Method', [], (cd) => cd.shipmentMethods);
	codeLists.push(['shipmentMethods', (cd) => cd.shipmentMethods]);
	defs.paymentMethods = codeList('paymentMethods', 'paymentMethod', 'Payment Method', [], (cd) => cd.paymentMethods);
	codeLists.push(['paymentMethods', (cd) => cd.paymentMethods]);
	defs.taxAreas = codeList('taxAreas', 'taxArea', 'Tax Area', [f.enum('taxType', ['Sales Tax', 'VAT'], true)], (cd) => cd.taxAreas, () => ({ taxType: 'VAT' }));
	codeLists.push(['taxAreas', (cd) => cd.taxAreas]);

	// --- customers ---------------------------------------------------------------------------------
	const customerFields: FieldDef[] = [
		f.id(),
		f.code('number', 20),
		f.text('displayName', 100),
		f.enum('type', ['Company', 'Person']),
		f.text('addressLine1', 100),
		f.text('addressLine2', 50),
		f.text('city', 30),
		f.text('state', 30),
		f.code('country', 10),
		f.code('postalCode', 20),
		f.text('phoneNumber', 30),
		f.text('email', 80),
		f.text('website', 80),
		f.code('salespersonCode', 20),
		f.dec('balanceDue', true),
		f.dec('creditLimit'),
		f.bool('taxLiable'),
		f.guid('taxAreaId'),
		f.text('taxAreaDisplayName', 100, true),
		f.text('taxRegistrationNumber', 20),
		f.guid('currencyId'),
		f.code('currencyCode', 10),
		f.guid('paymentTermsId'),
		f.guid('shipmentMethodId'),
		f.guid('paymentMethodId'),
		f.enum('blocked', [' ', 'Ship', 'Invoice', 'All']),
		f.dt('lastModifiedDateTime'),
	];
	defs.customers = {
		entitySet: 'customers',
		entityType: 'customer',
		caption: 'Customer',
		keyField: 'id',
		keyType: 'guid',
		fields: customerFields,
		methods: { post: true, patch: true, delete: true },
		toJson: (rec, scope) => {
			const c = rec as CustomerRec;
			const cd = companyOf(scope);
			const area = store.taxAreaOf(cd, c.vatBusPostingGroup);
			return pick(c, customerFields, {
				taxAreaId: area?.id ?? BLANK_GUID,
				taxAreaDisplayName: area?.displayName ?? '',
				currencyId: store.currencyIdOf(cd, c.currencyCode),
				currencyCode: store.currencyCodeToApi(cd, c.currencyCode),
				paymentTermsId: store.codeId(cd.paymentTerms, c.paymentTermsCode),
				shipmentMethodId: store.codeId(cd.shipmentMethods, c.shipmentMethodCode),
				paymentMethodId: store.codeId(cd.paymentMethods, c.paymentMethodCode),
			});
		},
		etag,
		orderKey: (rec) => String(rec.number),
		navs: {
			documentAttachments: nav('documentAttachments', true, attachmentsOf),
		},
		create: (scope, body) => store.createCustomer(companyOf(scope), body, scope.config.apiTemplates),
		update: (scope, rec, body) => store.updateCustomer(companyOf(scope), rec as CustomerRec, body),
		remove: (scope, rec) => store.deleteCustomer(companyOf(scope), rec as CustomerRec),
	};

	// --- items ---------------------------------------------------------------------------------------
	const itemFields: FieldDef[] = [
		f.id(),
		f.code('number', 20, true),
		f.text('displayName', 100),
		f.text('displayName2', 50),
		f.enum('type', ['Inventory', 'Service', 'Non-Inventory'], true),
		f.code('itemCategoryCode', 20),
		f.bool('blocked'),
		f.code('gtin', 14),
		f.dec('inventory', true),
		f.dec('unitPrice'),
		f.bool('priceIncludesTax'),
		f.dec('unitCost'),
		f.code('taxGroupCode', 20, true),
		f.code('baseUnitOfMeasureCode', 10, true),
		f.code('generalProductPostingGroupCode', 20, true),
		f.code('inventoryPostingGroupCode', 20, true),
		f.dt('lastModifiedDateTime'),
	];
	defs.items = {
		entitySet: 'items',
		entityType: 'item',
		caption: 'Item',
		keyField: 'id',
		keyType: 'guid',
		fields: itemFields,
		methods: { patch: true },
		toJson: (rec) => pick(rec, itemFields, { taxGroupCode: (rec as ItemRec).vatProdPostingGroup }),
		etag,
		orderKey: (rec) => String(rec.number),
		navs: { documentAttachments: nav('documentAttachments', true, attachmentsOf) },
		update: (_scope, rec, body) => {
			Object.assign(rec, body);
			store.touch(rec as ItemRec);
		},
	};

	// --- item ledger entries -------------------------------------------------------------------------
	const ileFields: FieldDef[] = [
		f.id(),
		f.int('entryNumber', true),
		f.code('itemNumber', 20, true),
		f.date('postingDate', true),
		f.enum('entryType', ['Purchase', 'Sale', 'Positive Adjmt.', 'Negative Adjmt.', 'Transfer', 'Consumption', 'Output'], true),
		f.code('sourceNumber', 20, true),
		f.enum('sourceType', ['', 'Customer', 'Vendor', 'Item'], true),
		f.code('documentNumber', 20, true),
		f.enum('documentType', ['', 'Sales Shipment', 'Sales Invoice', 'Sales Return Receipt', 'Sales Credit Memo'], true),
		f.text('description', 100, true),
		f.dec('quantity', true),
		f.dec('salesAmountActual', true),
		f.dec('costAmountActual', true),
		f.dt('lastModifiedDateTime'),
	];
	defs.itemLedgerEntries = {
		entitySet: 'itemLedgerEntries',
		entityType: 'itemLedgerEntry',
		caption: 'Item Ledger Entry',
		keyField: 'id',
		keyType: 'guid',
		fields: ileFields,
		methods: {},
		toJson: (rec) => pick(rec as ItemLedgerEntryRec, ileFields),
		etag,
		orderKey: (rec) => Number(rec.entryNumber),
	};

	// --- sales documents ----------------------------------------------------------------------------
	const orderLineFields: FieldDef[] = [
		f.id(),
		f.guid('documentId'),
		f.int('sequence'),
		f.guid('itemId'),
		f.guid('accountId'),
		f.enum('lineType', LINE_TYPES),
		f.code('lineObjectNumber', 20),
		f.text('description', 100),
		f.text('description2', 50),
		f.code('unitOfMeasureCode', 10),
		f.dec('quantity'),
		f.dec('unitPrice'),
		f.dec('discountAmount'),
		f.dec('discountPercent'),
		f.bool('discountAppliedBeforeTax', true),
		f.dec('amountExcludingTax', true),
		f.code('taxCode', 20, true),
		f.dec('taxPercent', true),
		f.dec('totalTaxAmount', true),
		f.dec('amountIncludingTax', true),
		f.dec('invoiceDiscountAllocation', true),
		f.dec('netAmount', true),
		f.dec('netTaxAmount', true),
		f.dec('netAmountIncludingTax', true),
		f.date('shipmentDate'),
		f.dec('shippedQuantity', true),
		f.dec('invoicedQuantity', true),
		f.dec('invoiceQuantity', true),
		f.dec('shipQuantity', true),
		f.guid('itemVariantId', true),
		f.guid('locationId', true),
	];
	const creditLineFields = orderLineFields.filter((x) => !['shippedQuantity', 'invoicedQuantity', 'invoiceQuantity', 'shipQuantity'].includes(x.name));

	const docOf = (scope: ApiScope, documentId: string, kind: SalesDocKind): SalesDocRec | undefined => {
		const cd = companyOf(scope);
		const list = kind === 'order' ? cd.salesOrders : kind === 'creditMemo' ? cd.salesCreditMemos : cd.salesReturnOrders;
		return list.find((d) => d.id === documentId);
	};

	const lineDef = (entitySet: string, entityType: string, kind: SalesDocKind, fields: FieldDef[]): EntityDef<ApiScope> => ({
		entitySet,
		entityType,
		caption: 'Sales Line',
		keyField: 'id',
		keyType: 'guid',
		fields,
		methods: { post: true, patch: true, delete: true },
		toJson: (rec, scope) => {
			const line = rec as SalesLineRec;
			const doc = docOf(scope, line.documentId, kind);
			const a = doc ? store.lineAmounts(doc, line) : { amountExcludingTax: 0, totalTaxAmount: 0, amountIncludingTax: 0, lineAmount: 0 };
			return pick(line, fields, {
				discountAppliedBeforeTax: false,
				amountExcludingTax: a.amountExcludingTax,
				taxCode: doc ? doc.vatBusPostingGroup : '',
				totalTaxAmount: a.totalTaxAmount,
				amountIncludingTax: a.amountIncludingTax,
				invoiceDiscountAllocation: 0,
				netAmount: a.amountExcludingTax,
				netTaxAmount: a.totalTaxAmount,
				netAmountIncludingTax: a.amountIncludingTax,
				invoiceQuantity: round2(line.shippedQuantity - line.invoicedQuantity),
				shipQuantity: line.lineType === 'Comment' ? 0 : round2(line.quantity - line.shippedQuantity),
				itemVariantId: BLANK_GUID,
				locationId: BLANK_GUID,
			});
		},
		etag,
		orderKey: (rec) => Number(rec.sequence),
		navs: {
			item: nav('items', false, (rec, scope) => companyOf(scope).items.filter((i) => i.id === rec.itemId)),
		},
		create: (scope, body, parent) => {
			const { documentId, ...values } = body;
			const doc = parent && (parent as SalesDocRec).kind === kind ? (parent as SalesDocRec) : docOf(scope, String(documentId ?? ''), kind);
			if (!doc) throw dialogError('The "documentId" does not match to a document.');
			return store.addLine(companyOf(scope), doc, values);
		},
		update: (scope, rec, body) => {
			const { documentId, ...values } = body;
			const doc = docOf(scope, (rec as SalesLineRec).documentId, kind)!;
			if (documentId !== undefined && documentId !== doc.id) throw dialogError('The "documentId" cannot be changed.');
			store.updateLine(companyOf(scope), doc, rec as SalesLineRec, values);
		},
		remove: (scope, rec) => store.deleteLine(docOf(scope, (rec as SalesLineRec).documentId, kind)!, rec as SalesLineRec),
	});
	defs.salesOrderLines = lineDef('salesOrderLines', 'salesOrderLine', 'order', orderLineFields);
	defs.salesCreditMemoLines = lineDef('salesCreditMemoLines', 'salesCreditMemoLine', 'creditMemo', creditLineFields);

	const headerFields = (dateField: string): FieldDef[] => [
		f.id(),
		f.code('number', 20),
		f.code('externalDocumentNumber', 35),
		f.date(dateField),
		f.date('postingDate'),
		f.guid('customerId'),
		f.code('customerNumber', 20),
		f.text('customerName', 100, true),
		f.text('billToName', 100),
		f.guid('billToCustomerId', true),
		f.code('billToCustomerNumber', 20, true),
		f.text('shipToName', 100),
		f.text('shipToContact', 100),
		...addressFields('sellTo'),
		...addressFields('billTo'),
		...addressFields('shipTo'),
		f.code('shortcutDimension1Code', 20),
		f.code('shortcutDimension2Code', 20),
		f.guid('currencyId'),
		f.code('currencyCode', 10),
		f.bool('pricesIncludeTax', true),
		f.guid('paymentTermsId'),
		f.guid('shipmentMethodId'),
		f.code('salesperson', 20),
		f.dec('discountAmount'),
		f.bool('discountAppliedBeforeTax', true),
		f.dec('totalAmountExcludingTax', true),
		f.dec('totalTaxAmount', true),
		f.dec('totalAmountIncludingTax', true),
		f.dt('lastModifiedDateTime'),
		f.text('phoneNumber', 30),
		f.text('email', 80),
	];
	const orderFields: FieldDef[] = [
		...headerFields('orderDate'),
		f.bool('partialShipping'),
		f.date('requestedDeliveryDate'),
		f.bool('fullyShipped', true),
		f.enum('status', ['Draft', 'In Review', 'Open'], true),
	];
	const creditMemoFields: FieldDef[] = [
		...headerFields('creditMemoDate'),
		f.date('dueDate'),
		f.enum('status', ['Draft', 'In Review', 'Open', 'Canceled', 'Corrective', 'Paid'], true),
		f.guid('invoiceId'),
		f.code('invoiceNumber', 20),
		f.guid('customerReturnReasonId', true),
	];
	const headerJson = (doc: SalesDocRec, scope: ApiScope, dateField: string): AnyRecord => {
		const cd = companyOf(scope);
		return {
			...addressJson('sellTo', doc.sellTo),
			...addressJson('billTo', doc.billTo),
			...addressJson('shipTo', doc.shipTo),
			[dateField]: doc.documentDate,
			currencyId: store.currencyIdOf(cd, doc.currencyCode),
			currencyCode: store.currencyCodeToApi(cd, doc.currencyCode),
			paymentTermsId: store.codeId(cd.paymentTerms, doc.paymentTermsCode),
			shipmentMethodId: store.codeId(cd.shipmentMethods, doc.shipmentMethodCode),
			discountAppliedBeforeTax: false,
			...store.docTotals(doc),
		};
	};
	defs.salesOrders = {
		entitySet: 'salesOrders',
		entityType: 'salesOrder',
		caption: 'Sales Header',
		keyField: 'id',
		keyType: 'guid',
		fields: orderFields,
		methods: { post: true, patch: true, delete: true },
		toJson: (rec, scope) => {
			const doc = rec as SalesDocRec;
			return pick(doc, orderFields, {
				...headerJson(doc, scope, 'orderDate'),
				fullyShipped: doc.lines.every((l) => l.lineType === 'Comment' || l.shippedQuantity >= l.quantity),
			});
		},
		etag,
		orderKey: (rec) => String(rec.number),
		navs: {
			salesOrderLines: nav('salesOrderLines', true, (rec) => (rec as SalesDocRec).lines, true),
			customer: nav('customers', false, (rec, scope) => companyOf(scope).customers.filter((c) => c.id === rec.customerId)),
			documentAttachments: nav('documentAttachments', true, attachmentsOf),
		},
		actions: {
			shipAndInvoice: (scope, rec) => {
				store.shipAndInvoice(companyOf(scope), rec as SalesDocRec, scope.config.requirePostingGroupsToPost);
			},
		},
		create: (scope, body, _parent, nested) => store.createSalesDoc(companyOf(scope), 'order', body, nested.salesOrderLines ?? []),
		update: (scope, rec, body) => store.updateSalesDoc(companyOf(scope), rec as SalesDocRec, body),
		remove: (scope, rec) => store.deleteSalesDoc(companyOf(scope), rec as SalesDocRec),
	};
	defs.salesCreditMemos = {
		entitySet: 'salesCreditMemos',
		entityType: 'salesCreditMemo',
		caption: 'Sales Header',
		keyField: 'id',
		keyType: 'guid',
		fields: creditMemoFields,
		methods: { post: true, patch: true, delete: true },
		toJson: (rec, scope) => {
			const doc = rec as SalesDocRec;
			return pick(doc, creditMemoFields, { ...headerJson(doc, scope, 'creditMemoDate'), customerReturnReasonId: BLANK_GUID });
		},
		etag,
		orderKey: (rec) => String(rec.number),
		navs: {
			salesCreditMemoLines: nav('salesCreditMemoLines', true, (rec) => (rec as SalesDocRec).lines, true),
			customer: nav('customers', false, (rec, scope) => companyOf(scope).customers.filter((c) => c.id === rec.customerId)),
			documentAttachments: nav('documentAttachments', true, attachmentsOf),
		},
		actions: {
			post: (scope, rec) => store.postCreditMemo(companyOf(scope), rec as SalesDocRec, scope.config.requirePostingGroupsToPost),
		},
		create: (scope, body, _parent, nested) => store.createSalesDoc(companyOf(scope), 'creditMemo', body, nested.salesCreditMemoLines ?? []),
		update: (scope, rec, body) => {
			if ((rec as SalesDocRec).status !== 'Draft') throw dialogError('The credit memo is posted and cannot be changed.');
			store.updateSalesDoc(companyOf(scope), rec as SalesDocRec, body);
		},
		remove: (scope, rec) => {
			if ((rec as SalesDocRec).status !== 'Draft') throw dialogError('The credit memo is posted and cannot be deleted.');
			store.deleteSalesDoc(companyOf(scope), rec as SalesDocRec);
		},
	};

	// --- sales return orders (read-only, page 30251) ----------------------------------------------------
	const roFields: FieldDef[] = [
		f.id(),
		f.code('number', 20, true),
		f.code('externalDocumentNumber', 35, true),
		f.date('documentDate', true),
		f.date('postingDate', true),
		f.date('dueDate', true),
		f.code('sellToCustomerNumber', 20, true),
		f.text('sellToCustomerName', 100, true),
		f.text('billToName', 100, true),
		f.code('billToCustomerNumber', 20, true),
		f.text('shipToName', 100, true),
		f.text('shipToContact', 100, true),
		...['sellTo', 'shipTo', 'billTo'].flatMap((p) => [
			f.text(`${p}Address`, 100, true),
			f.text(`${p}Address2`, 50, true),
			f.text(`${p}City`, 30, true),
			f.code(`${p}CountryRegionCode`, 10, true),
			f.text(`${p}County`, 30, true),
			f.code(`${p}PostCode`, 20, true),
		]),
		f.code('currencyCode', 10, true),
		f.bool('pricesIncludingVAT', true),
		f.code('paymentTermsCode', 10, true),
		f.code('shipmentMethodCode', 10, true),
		f.code('salespersonCode', 20, true),
		f.date('orderDate', true),
		f.date('requestedDeliveryDate', true),
		f.text('yourReference', 35, true),
		f.code('locationCode', 10, true),
		f.code('shortcutDimension1Code', 20, true),
		f.code('shortcutDimension2Code', 20, true),
		f.code('customerPostingGroup', 20, true),
		f.code('genBusPostingGroup', 20, true),
		f.code('vatBusPostingGroup', 20, true),
		f.text('sellToContact', 100, true),
		f.text('billToContact', 100, true),
		f.code('responsibilityCenter', 10, true),
		f.enum('status', ['Open', 'Released', 'Pending Approval', 'Pending Prepayment'], true),
		f.dt('lastModifiedDateTime'),
	];
	const roAddress = (prefix: string, a: Address): AnyRecord => ({
		[`${prefix}Address`]: a.addressLine1,
		[`${prefix}Address2`]: a.addressLine2,
		[`${prefix}City`]: a.city,
		[`${prefix}CountryRegionCode`]: a.country,
		[`${prefix}County`]: a.state,
		[`${prefix}PostCode`]: a.postCode,
	});
	const roLineFields: FieldDef[] = [
		f.id(),
		f.enum('documentType', ['Return Order'], true),
		f.code('documentNumber', 20, true),
		f.int('sequence', true),
		f.enum('lineType', POSTED_LINE_TYPES, true),
		f.code('lineObjectNumber', 20, true),
		f.text('description', 100, true),
		f.text('description2', 50, true),
		f.code('unitOfMeasureCode', 10, true),
		f.dec('quantity', true),
		f.dec('unitPrice', true),
		f.dec('lineDiscountPercent', true),
		f.dec('lineDiscountAmount', true),
		f.dec('lineAmount', true),
		f.dec('taxPercent', true),
		f.dec('amountIncludingTax', true),
		f.dec('returnQtyToReceive', true),
		f.dec('returnQtyReceived', true),
		f.code('shortcutDimension1Code', 20, true),
		f.code('shortcutDimension2Code', 20, true),
		f.dt('lastModifiedDateTime'),
	];
	defs.salesReturnOrderLines = {
		entitySet: 'salesReturnOrderLines',
		entityType: 'salesReturnOrderLine',
		caption: 'Sales Line',
		keyField: 'id',
		keyType: 'guid',
		fields: roLineFields,
		methods: {},
		toJson: (rec, scope) => {
			const line = rec as SalesLineRec;
			const doc = docOf(scope, line.documentId, 'returnOrder');
			const a = doc ? store.lineAmounts(doc, line) : { lineAmount: 0, amountIncludingTax: 0 };
			return pick(line, roLineFields, {
				documentType: 'Return Order',
				documentNumber: doc?.number ?? '',
				lineType: postedLineType(line.lineType),
				lineDiscountPercent: line.discountPercent,
				lineDiscountAmount: line.discountAmount,
				lineAmount: a.lineAmount,
				amountIncludingTax: a.amountIncludingTax,
				returnQtyToReceive: round2(line.quantity - line.returnQtyReceived),
				shortcutDimension1Code: '',
				shortcutDimension2Code: '',
			});
		},
		etag,
		orderKey: (rec) => Number(rec.sequence),
	};
	defs.salesReturnOrders = {
		entitySet: 'salesReturnOrders',
		entityType: 'salesReturnOrder',
		caption: 'Sales Header',
		keyField: 'id',
		keyType: 'guid',
		fields: roFields,
		methods: {},
		toJson: (rec) => {
			const doc = rec as SalesDocRec;
			return pick(doc, roFields, {
				...roAddress('sellTo', doc.sellTo),
				...roAddress('shipTo', doc.shipTo),
				...roAddress('billTo', doc.billTo),
				documentDate: doc.documentDate,
				orderDate: doc.documentDate,
				sellToCustomerNumber: doc.customerNumber,
				sellToCustomerName: doc.customerName,
				pricesIncludingVAT: doc.pricesIncludeTax,
				salespersonCode: doc.salesperson,
				yourReference: '',
				locationCode: '',
				sellToContact: '',
				billToContact: '',
				responsibilityCenter: '',
			});
		},
		etag,
		orderKey: (rec) => String(rec.number),
		navs: {
			salesReturnOrderLines: nav('salesReturnOrderLines', true, (rec) => (rec as SalesDocRec).lines),
			documentAttachments: nav('documentAttachments', true, attachmentsOf),
		},
	};

	// --- sales shipments (read-only, page 30062) ----------------------------------------------------------
	const shipmentLineFields: FieldDef[] = [
		f.id(),
		f.guid('documentId', true),
		f.code('documentNo', 20, true),
		f.int('sequence', true),
		f.enum('lineType', POSTED_LINE_TYPES, true),
		f.code('lineObjectNumber', 20, true),
		f.text('description', 100, true),
		f.text('description2', 50, true),
		f.code('unitOfMeasureCode', 10, true),
		f.dec('unitPrice', true),
		f.dec('quantity', true),
		f.dec('discountPercent', true),
		f.dec('taxPercent', true),
		f.date('shipmentDate', true),
	];
	defs.salesShipmentLines = {
		entitySet: 'salesShipmentLines',
		entityType: 'salesShipmentLine',
		caption: 'Sales Shipment Line',
		keyField: 'id',
		keyType: 'guid',
		fields: shipmentLineFields,
		methods: {},
		toJson: (rec) => pick(rec as ShipmentLineRec, shipmentLineFields),
		etag: (rec) => store.etag({ id: String(rec.id), version: 1 }),
		orderKey: (rec) => Number(rec.sequence),
	};
	const shipmentFields: FieldDef[] = [
		f.id(),
		f.code('number', 20, true),
		f.code('externalDocumentNumber', 35, true),
		f.date('invoiceDate', true),
		f.date('postingDate', true),
		f.date('dueDate', true),
		f.text('customerPurchaseOrderReference', 35, true),
		f.guid('customerId', true),
		f.code('customerNumber', 20, true),
		f.text('customerName', 100, true),
		f.guid('billToCustomerId', true),
		f.text('billToName', 100, true),
		f.code('billToCustomerNumber', 20, true),
		f.text('shipToName', 100, true),
		f.text('shipToContact', 100, true),
		...addressFields('sellTo', true),
		...addressFields('billTo', true),
		...addressFields('shipTo', true),
		f.code('currencyCode', 10, true),
		f.code('orderNumber', 20, true),
		f.code('paymentTermsCode', 10, true),
		f.code('shipmentMethodCode', 10, true),
		f.code('salesperson', 20, true),
		f.bool('pricesIncludeTax', true),
		f.dt('lastModifiedDateTime'),
		f.text('phoneNumber', 30, true),
		f.text('email', 80, true),
	];
	defs.salesShipments = {
		entitySet: 'salesShipments',
		entityType: 'salesShipment',
		caption: 'Sales Shipment Header',
		keyField: 'id',
		keyType: 'guid',
		fields: shipmentFields,
		methods: {},
		toJson: (rec, scope) => {
			const s = rec as ShipmentRec;
			return pick(s, shipmentFields, {
				...addressJson('sellTo', s.sellTo),
				...addressJson('billTo', s.billTo),
				...addressJson('shipTo', s.shipTo),
				currencyCode: store.currencyCodeToApi(companyOf(scope), s.currencyCode),
			});
		},
		etag,
		orderKey: (rec) => String(rec.number),
		navs: {
			salesShipmentLines: nav('salesShipmentLines', true, (rec) => (rec as ShipmentRec).lines),
		},
	};

	// --- document attachments ------------------------------------------------------------------------------
	const attachmentFields: FieldDef[] = [
		f.id(),
		f.text('fileName', 250),
		f.int('byteSize', true),
		f.stream('attachmentContent'),
		f.enum('parentType', ATTACHMENT_PARENT_TYPES),
		f.guid('parentId'),
		f.int('lineNumber'),
		f.bool('documentFlowSales'),
		f.bool('documentFlowPurchase'),
		f.dt('lastModifiedDateTime'),
	];
	const parentTypeOf = (cd: CompanyData, parent: AnyRecord): string => {
		if (cd.salesOrders.includes(parent as SalesDocRec)) return 'Sales Order';
		if (cd.salesCreditMemos.includes(parent as SalesDocRec)) return 'Sales Credit Memo';
		if (cd.salesReturnOrders.includes(parent as SalesDocRec)) return 'Sales Return Order';
		if (cd.customers.includes(parent as CustomerRec)) return 'Customer';
		if (cd.items.includes(parent as ItemRec)) return 'Item';
		return ' ';
	};
	defs.documentAttachments = {
		entitySet: 'documentAttachments',
		entityType: 'documentAttachment',
		caption: 'Document Attachment',
		keyField: 'id',
		keyType: 'guid',
		fields: attachmentFields,
		methods: { post: true, patch: true, delete: true },
		toJson: (rec, scope) => {
			const a = rec as DocumentAttachmentRec;
			const link = `${scope.serviceRoot}/companies(${companyOf(scope).company.id})/documentAttachments(${a.id})/attachmentContent`;
			return {
				...pick(a, attachmentFields, { byteSize: a.content.length }),
				'attachmentContent@odata.mediaEditLink': link,
				'attachmentContent@odata.mediaReadLink': link,
			};
		},
		etag,
		orderKey: (rec) => `${rec.parentId}|${String(rec.lineNumber).padStart(10, '0')}|${rec.id}`,
		media: {
			attachmentContent: {
				get: (rec) => ({ content: (rec as DocumentAttachmentRec).content, contentType: (rec as DocumentAttachmentRec).contentType }),
				put: (_scope, rec, content, contentType) => {
					const a = rec as DocumentAttachmentRec;
					a.content = Buffer.from(content);
					a.contentType = contentType && !contentType.includes('json') ? contentType : 'application/octet-stream';
					store.touch(a);
				},
			},
		},
		create: (scope, body, parent) => {
			const cd = companyOf(scope);
			// below a document / customer / item the parent is implied (the company itself is no parent)
			const impliedType = parent ? parentTypeOf(cd, parent) : ' ';
			const values = impliedType !== ' ' ? { ...body, parentId: parent!.id, parentType: impliedType } : body;
			return store.createAttachment(cd, values);
		},
		update: (scope, rec, body) => {
			const a = rec as DocumentAttachmentRec;
			const cd = companyOf(scope);
			const parentType = body.parentType ?? a.parentType;
			const parentId = body.parentId ?? a.parentId;
			if ((body.parentType !== undefined || body.parentId !== undefined) && parentType !== ' ' && !store.parentExists(cd, parentType, parentId)) {
				throw dialogError(`The ${parentType} with the id ${parentId} cannot be found.`);
			}
			Object.assign(a, body);
			store.touch(a);
		},
		remove: (scope, rec) => {
			const cd = companyOf(scope);
			cd.documentAttachments.splice(cd.documentAttachments.indexOf(rec as DocumentAttachmentRec), 1);
		},
	};

	// --- companies (root) -------------------------------------------------------------------------------------
	const companyFields: FieldDef[] = [
		f.id(),
		f.text('systemVersion', 250, true),
		f.int('timestamp', true),
		f.text('name', 30, true),
		f.text('displayName', 250, true),
		f.text('businessProfileId', 250, true),
		f.dt('systemCreatedAt'),
		f.guid('systemCreatedBy', true),
		f.dt('systemModifiedAt'),
		f.guid('systemModifiedBy', true),
	];
	const companyNavs: Record<string, NavDef<ApiScope>> = {};
	const companySets: Array<[string, (cd: CompanyData) => AnyRecord[]]> = [
		['customers', (cd) => cd.customers],
		['items', (cd) => cd.items],
		['itemLedgerEntries', (cd) => cd.itemLedgerEntries],
		['salesOrders', (cd) => cd.salesOrders],
		['salesCreditMemos', (cd) => cd.salesCreditMemos],
		['salesReturnOrders', (cd) => cd.salesReturnOrders],
		['salesShipments', (cd) => cd.salesShipments],
		['documentAttachments', (cd) => cd.documentAttachments],
		...codeLists,
	];
	for (const [name, list] of companySets) companyNavs[name] = nav(name, true, (_rec, scope) => list(companyOf(scope)));
	// salesOrderLines / salesShipmentLines etc. are also addressable directly below the company
	companyNavs.salesOrderLines = nav('salesOrderLines', true, (_rec, scope) => companyOf(scope).salesOrders.flatMap((o) => o.lines));
	companyNavs.salesShipmentLines = nav('salesShipmentLines', true, (_rec, scope) => companyOf(scope).salesShipments.flatMap((s) => s.lines));

	defs.companies = {
		entitySet: 'companies',
		entityType: 'company',
		caption: 'Company',
		keyField: 'id',
		keyType: 'guid',
		fields: companyFields,
		methods: {},
		toJson: (rec) => pick(rec as CompanyRec, companyFields, { timestamp: (rec as CompanyRec).version }),
		etag,
		orderKey: (rec) => String(rec.name),
		navs: companyNavs,
		enter: (rec, scope) => ({ ...scope, cd: store.company(String(rec.id)) }),
		rootList: () => store.companies.map((c) => c.company),
	};

	return { roots: { companies: defs.companies }, defs };
}
