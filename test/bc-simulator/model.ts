/**
 * Records held by the simulator. Field names follow BC API v2.0 where the API exposes the field; fields the
 * API does not expose (posting groups, tracking data) are kept on the records so tests can assert them through
 * `sim.data` or `GET /__control/state`.
 */

export interface Versioned {
	id: string;
	/** Bumped on every change; the ETag is derived from it. */
	version: number;
	lastModifiedDateTime: string;
}

export interface CompanyRec extends Versioned {
	name: string;
	displayName: string;
	businessProfileId: string;
	systemVersion: string;
	systemCreatedAt: string;
	systemCreatedBy: string;
	systemModifiedAt: string;
	systemModifiedBy: string;
}

export type CustomerBlocked = ' ' | 'Ship' | 'Invoice' | 'All';

export interface CustomerRec extends Versioned {
	number: string;
	displayName: string;
	type: 'Company' | 'Person';
	addressLine1: string;
	addressLine2: string;
	city: string;
	state: string;
	country: string;
	postalCode: string;
	phoneNumber: string;
	email: string;
	website: string;
	salespersonCode: string;
	balanceDue: number;
	creditLimit: number;
	taxLiable: boolean;
	taxRegistrationNumber: string;
	/** '' = local currency. */
	currencyCode: string;
	paymentTermsCode: string;
	shipmentMethodCode: string;
	paymentMethodCode: string;
	blocked: CustomerBlocked;
	/** Not in API v2.0 (page 30009); set through API templates or the Customer Card OData page. */
	customerPostingGroup: string;
	genBusPostingGroup: string;
	vatBusPostingGroup: string;
	pricesIncludingVat: boolean;
	/** Code of the API template applied on creation, if any. */
	appliedTemplate?: string;
}

export interface ItemRec extends Versioned {
	number: string;
	displayName: string;
	displayName2: string;
	type: 'Inventory' | 'Service' | 'Non-Inventory';
	itemCategoryCode: string;
	blocked: boolean;
	gtin: string;
	/** Total quantity on hand (sum of item ledger entries); a FlowField, so changes do not touch lastModifiedDateTime. */
	inventory: number;
	unitPrice: number;
	priceIncludesTax: boolean;
	unitCost: number;
	/** VAT Prod. Posting Group (exposed as taxGroupCode). */
	vatProdPostingGroup: string;
	baseUnitOfMeasureCode: string;
	generalProductPostingGroupCode: string;
	inventoryPostingGroupCode: string;
}

export type SalesLineType = 'Comment' | 'Account' | 'Item' | 'Resource' | 'Fixed Asset' | 'Charge';

export interface SalesLineRec extends Versioned {
	documentId: string;
	sequence: number;
	lineType: SalesLineType;
	itemId: string;
	accountId: string;
	lineObjectNumber: string;
	description: string;
	description2: string;
	unitOfMeasureCode: string;
	quantity: number;
	unitPrice: number;
	discountAmount: number;
	discountPercent: number;
	taxPercent: number;
	shipmentDate: string;
	shippedQuantity: number;
	invoicedQuantity: number;
	/** Return orders: quantity received back. */
	returnQtyReceived: number;
	/** Return orders: Return Reason Code (a BC field API v2.0 does not show; see returnsApi.ts). */
	returnReasonCode?: string;
	/** Return orders: fields a seller's extension adds to the line (see returnsApi.ts). */
	ottoPositionItemId?: string;
	ottoSalesOrderId?: string;
}

export type SalesDocKind = 'order' | 'creditMemo' | 'returnOrder';

export interface Address {
	addressLine1: string;
	addressLine2: string;
	city: string;
	country: string;
	state: string;
	postCode: string;
}

export interface SalesDocRec extends Versioned {
	kind: SalesDocKind;
	number: string;
	externalDocumentNumber: string;
	/** orderDate (orders), creditMemoDate (credit memos), documentDate (return orders). */
	documentDate: string;
	postingDate: string;
	dueDate: string;
	requestedDeliveryDate: string;
	customerId: string;
	customerNumber: string;
	customerName: string;
	billToCustomerId: string;
	billToCustomerNumber: string;
	billToName: string;
	shipToName: string;
	shipToContact: string;
	sellTo: Address;
	billTo: Address;
	shipTo: Address;
	currencyCode: string;
	pricesIncludeTax: boolean;
	paymentTermsCode: string;
	shipmentMethodCode: string;
	salesperson: string;
	partialShipping: boolean;
	discountAmount: number;
	status: string;
	phoneNumber: string;
	email: string;
	shortcutDimension1Code: string;
	shortcutDimension2Code: string;
	/** Copied from the customer when the document is created (BC does the same), not exposed by API v2.0 orders. */
	customerPostingGroup: string;
	genBusPostingGroup: string;
	vatBusPostingGroup: string;
	/** Credit memos. */
	invoiceId: string;
	invoiceNumber: string;
	lines: SalesLineRec[];
}

export interface ShipmentLineRec {
	id: string;
	documentId: string;
	documentNo: string;
	sequence: number;
	lineType: string;
	lineObjectNumber: string;
	description: string;
	description2: string;
	unitOfMeasureCode: string;
	unitPrice: number;
	quantity: number;
	discountPercent: number;
	taxPercent: number;
	shipmentDate: string;
	/** Sequence of the order line this line ships. */
	orderLineSequence: number;
}

export interface ShipmentRec extends Versioned {
	number: string;
	externalDocumentNumber: string;
	invoiceDate: string;
	postingDate: string;
	dueDate: string;
	customerPurchaseOrderReference: string;
	customerId: string;
	customerNumber: string;
	customerName: string;
	billToCustomerId: string;
	billToName: string;
	billToCustomerNumber: string;
	shipToName: string;
	shipToContact: string;
	sellTo: Address;
	billTo: Address;
	shipTo: Address;
	currencyCode: string;
	orderId: string;
	orderNumber: string;
	paymentTermsCode: string;
	shipmentMethodCode: string;
	salesperson: string;
	pricesIncludeTax: boolean;
	phoneNumber: string;
	email: string;
	/** Not exposed by API v2.0 salesShipments (no Package Tracking No. / Shipping Agent Code there). */
	packageTrackingNo: string;
	shippingAgentCode: string;
	/** Not a BC field at all: added by a seller's extension (OTTO wants the return label's tracking number). */
	returnTrackingNo: string;
	lines: ShipmentLineRec[];
}

/** A posted sales invoice (created by shipAndInvoice; kept for the state dump only). */
export interface PostedInvoiceRec {
	id: string;
	number: string;
	orderNumber: string;
	externalDocumentNumber: string;
	customerNumber: string;
	postingDate: string;
	totalAmountIncludingTax: number;
}

export interface DocumentAttachmentRec extends Versioned {
	fileName: string;
	content: Buffer;
	contentType: string;
	parentType: string;
	parentId: string;
	lineNumber: number;
	documentFlowSales: boolean;
	documentFlowPurchase: boolean;
}

export interface ItemLedgerEntryRec extends Versioned {
	entryNumber: number;
	itemNumber: string;
	postingDate: string;
	entryType: 'Purchase' | 'Sale' | 'Positive Adjmt.' | 'Negative Adjmt.';
	sourceNumber: string;
	sourceType: '' | 'Customer' | 'Vendor' | 'Item';
	documentNumber: string;
	documentType: '' | 'Sales Shipment' | 'Sales Return Receipt';
	description: string;
	quantity: number;
	salesAmountActual: number;
	costAmountActual: number;
}

export interface CodeRec {
	id: string;
	code: string;
	displayName: string;
	version: number;
	lastModifiedDateTime: string;
}

export interface CountryRec extends CodeRec {
	addressFormat: string;
}

export interface CurrencyRec extends CodeRec {
	symbol: string;
}

export interface PaymentTermsRec extends CodeRec {
	dueDateCalculation: string;
	discountDateCalculation: string;
	discountPercent: number;
	calculateDiscountOnCreditMemos: boolean;
}

export interface VatProdGroupRec {
	code: string;
	description: string;
	/** VAT % for customers whose VAT Bus. Posting Group is domestic (or blank). */
	domesticRate: number;
}

export interface PostingGroupCode {
	code: string;
	description: string;
}

export interface NumberSeries {
	code: string;
	prefix: string;
	next: number;
	width: number;
	step: number;
	manualNos: boolean;
}
