/**
 * Wire-format models of the OTTO Market API as served by the simulator (REFERENCE §4).
 * Property names are exactly the camelCase names on the wire.
 */

export type Currency = 'EUR';

export interface Amount {
	amount: number;
	currency: Currency;
}

export interface Link {
	rel: string;
	href: string;
}

export const FULFILLMENT_STATUSES = [
	'ANNOUNCED',
	'PROCESSABLE',
	'SENT',
	'RETURNED',
	'CANCELLED_BY_PARTNER',
	'CANCELLED_BY_MARKETPLACE',
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

export const CANCELLATION_REASONS = [
	'CANCELLED_ON_CUSTOMER_WISH',
	'CANCELLED_ON_PARTNER_WISH',
	'CANCELLED_ON_MARKETPLACE_WISH',
	'PAYMENT_ABORTED',
	'PAYMENT_FRAUD',
	'PARTNER_TERMINATED',
	'ILLEGAL_PRODUCT',
	'MARKETPLACE_FRAUD',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export const PAYMENT_METHODS = [
	'INVOICE_SINGLE',
	'INVOICE_INSTALLMENTS',
	'PREPAYMENT',
	'DIRECT_DEBIT',
	'DIRECT_DEBIT_INSTALLMENTS',
	'PAYPAL',
	'CREDIT_CARD',
] as const;

export type Salutation = 'MR' | 'MS' | 'COMPANY' | 'UNKNOWN';

export interface Address {
	salutation: Salutation;
	title?: string;
	firstName: string;
	lastName: string;
	street: string;
	houseNumber: string;
	addition?: string;
	zipCode: string;
	city: string;
	countryCode: string;
	phoneNumber?: string;
	email?: string;
}

export interface OrderProduct {
	sku: string;
	articleNumber: string;
	productTitle: string;
	vatRate: number;
	ean?: string;
	shopUrl?: string;
	dimensions?: Array<{ type: string; displayName: string; value: string }>;
}

export interface TrackingInfo {
	carrier: string;
	carrierServiceCode?: string;
	trackingNumber: string;
}

export interface PositionItem {
	positionItemId: string;
	fulfillmentStatus: FulfillmentStatus;
	itemValueGrossPrice: Amount;
	itemValueDiscount?: Amount;
	itemValueReducedGrossPrice?: Amount;
	product: OrderProduct;
	processableDate?: string;
	sentDate?: string;
	returnedDate?: string;
	cancellationDate?: string;
	cancellationReason?: CancellationReason;
	expectedDeliveryDate?: string;
	trackingInfo?: TrackingInfo;
	returnAcceptedByMarketplace?: boolean;
	weeePickup?: boolean;
	dealId?: string;
	dealName?: string;
}

export interface DeliveryFee {
	deliveryFeeAmount: Amount;
	name: string;
	positionItemIds: string[];
	vatRate: number;
}

export interface Discount {
	discountAmount: Amount;
	discountId: string;
	discountName: string;
	name: string;
	positionItemIds: string[];
	vatRate: number;
}

export interface PartnerOrder {
	salesOrderId: string;
	orderNumber: string;
	orderDate: string;
	lastModifiedDate: string;
	orderLifecycleInformation: { lifecycleChangeDate: string };
	positionItems: PositionItem[];
	deliveryAddress: Address;
	invoiceAddress: Address;
	payment: { paymentMethod: string };
	initialDeliveryFees: DeliveryFee[];
	initialDiscounts: Discount[];
	suspectedFraudCase: boolean;
	links: Link[];
}

export interface TrackingKey {
	carrier: string;
	trackingNumber: string;
}

export interface ShipmentPositionItem {
	positionItemId: string;
	salesOrderId: string;
	returnTrackingKey: TrackingKey;
	returnAddressCarrierId?: string;
}

export interface Shipment {
	shipmentId: string;
	creationDate: string;
	trackingKey: TrackingKey;
	shipDate: string;
	shipFromAddress: { city: string; countryCode: string; zipCode: string };
	positionItems: ShipmentPositionItem[];
	states: Array<{ state: string; occurredOn: string }>;
}

export interface ReturnShipment {
	returnShipmentId: string;
	createdAt: string;
	trackingKey: TrackingKey;
	returnPositionItems: Array<{ salesOrderId: string; salesOrderPositionItemId: string }>;
	states: Array<{ state: 'ANNOUNCED' | 'ON_THE_WAY' | 'DELIVERED'; occurredOn: string; statusText?: string }>;
}

export type ReturnStatus = 'ANNOUNCED' | 'ACCEPTED' | 'REJECTED' | 'MISDIRECTED';

export interface ReturnPositionItem {
	positionItemId: string;
	salesOrderId: string;
	status: ReturnStatus;
	occurredTime: string;
	details: {
		condition?: string;
		reason?: string;
		returnTrackingKey: { carrier: string; trackingNumbers: string[] };
		orderNumber: string;
		ottoWarehouseID?: string;
	};
}

export interface ReceiptPrice {
	taxType: 'VAT' | 'INSURANCE';
	taxRate: string;
	gross: Amount;
	net: Amount;
	tax: Amount;
}

export interface ReceiptItemPosition {
	lineNumber: number;
	sku: string;
	expectedPerformancePeriod?: string;
	articleNumber: string;
	productTitle: string;
	variationAttributes?: string;
	positionItemIds: string[];
	quantity: number;
	unitPrice: ReceiptPrice;
	priceToPayPerPositionItems?: ReceiptPrice[];
	positionSum: ReceiptPrice;
	priceModifications: Array<{
		lineNumber: number;
		priceModificationType: string;
		details?: Record<string, unknown>;
		priceModificationAmount: ReceiptPrice;
	}>;
}

export interface ReceiptDeliveryCost {
	lineNumber: number;
	deliveryCostType: 'DELIVERY_FEE_STANDARD' | 'DELIVERY_FEE_FREIGHT_SURCHARGE';
	unitPrice: ReceiptPrice;
	positionSum: ReceiptPrice;
	priceModifications: unknown[];
}

export type ReceiptType = 'PURCHASE' | 'REFUND' | 'PARTIAL_REFUND';

export interface Receipt {
	receiptType: ReceiptType;
	isRealReceipt: boolean;
	receiptNumber: string;
	creationDate: string;
	fulfillmentDate?: string;
	salesOrderId: string;
	orderNumber: string;
	orderDate: string;
	shipmentDate?: string;
	shipment?: { shipFromAddress: { zipCode: string; countryCode: string } };
	linkedReceiptNumber?: string;
	linkedCreationDate?: string;
	payment: { paymentProvider: 'PLAZA' | 'OTTOPAYMENTS'; paymentMethod: string; installmentCount?: number; paymentBreak?: boolean };
	partner: Record<string, string>;
	customer: { invoiceAddress: Address };
	deliveryAddress: Address;
	lineItems: {
		itemPositions: ReceiptItemPosition[];
		itemPartialRefundPositions: ReceiptItemPosition[];
		servicePositions: unknown[];
		servicePartialRefundPositions: unknown[];
		deliveryCosts: ReceiptDeliveryCost[];
		deliveryFeePartialRefundPositions: unknown[];
	};
	totals: ReceiptPrice[];
	refundType?: string;
	partialRefundType?: string;
	amountDue: Amount;
	totalsGrossAmount: Amount;
	totalsReductions: Array<{ type: 'VOUCHER'; details: { voucherCode: string }; gross: Amount }>;
}

export type PriceReductionStatus = 'INITIATED' | 'PROCESSED' | 'REJECTED';

export interface PriceReductionRecord {
	salesOrderId: string;
	positionItemId: string;
	totalPriceReduction: Amount;
	invoicePrice: Amount;
	priceReductions: Array<{
		receiptNumber?: string;
		priceReduction: Amount;
		creationDateTime: string;
		status: PriceReductionStatus;
	}>;
}

export interface ProductSafetyAddress {
	name: string;
	address: string;
	regionCode?: string;
	email?: string;
	url?: string;
	phone?: string;
	roles: Array<'MANUFACTURER' | 'DISTRIBUTOR'>;
	components?: string[];
}

export interface ProductVariation {
	productReference: string;
	sku: string;
	ean: string;
	pzn?: string;
	mpn?: string;
	moin?: string;
	releaseDate?: string;
	productDescription: {
		category: string;
		brandId: string;
		productLine?: string;
		productionDate?: string;
		multiPack?: boolean;
		bundle?: boolean;
		fscCertified?: boolean;
		disposal?: boolean;
		productUrl?: string;
		description?: string;
		bulletPoints?: string[];
		attributes?: Array<{ name: string; values: string[]; additional?: boolean }>;
	};
	mediaAssets: Array<{ type: string; location: string }>;
	order?: { maxOrderQuantity: { quantity: number; periodInDays: number } };
	pricing: {
		standardPrice: Amount;
		vat: 'FULL' | 'REDUCED' | 'FREE' | 'NONE';
		msrp?: Amount;
		sale?: { salePrice: Amount; startDate?: string; endDate?: string };
		normPriceInfo?: { normAmount: number; normUnit: string; salesAmount: number; salesUnit: string };
	};
	logistics?: { packingUnitCount: number; packingUnits: Array<{ weight: number; width: number; height: number; length: number }> };
	compliance: { productSafety: { addresses: ProductSafetyAddress[] } };
}

export interface Brand {
	id: string;
	name: string;
	logo?: string;
	usable: boolean;
}

export interface AttributeDefinition {
	name: string;
	attributeGroup: string;
	type: string;
	multiValue: boolean;
	unit?: string;
	unitDisplayName?: string;
	allowedValues: string[];
	featureRelevance: string[];
	relatedMediaAssets: string[];
	relevance: 'HIGH' | 'MEDIUM' | 'LOW';
	description?: string;
	exampleValues: string[];
	recommendedValues: string[];
	reference?: string;
}

export interface CategoryGroup {
	categoryGroup: string;
	categories: string[];
	variationThemes: string[];
	title: string;
	attributes: AttributeDefinition[];
	createdAt: string;
	lastModified: string;
	additionalRequirements: unknown[];
}

export interface QuantityRecord {
	sku: string;
	quantity: number;
	lastModified: string;
}

export interface DeliveryInformation {
	sku: string;
	shippingProfileId: string;
	processingTime: string;
}

export const DELIVERY_TYPES = ['PARCEL', 'FORWARDER_PREFERREDLOCATION', 'FORWARDER_CURBSIDE', 'FORWARDER_HEAVYDUTY'] as const;
export const WORKING_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface ShippingProfile {
	shippingProfileId: string;
	shippingProfileName: string;
	workingDays: string[];
	orderCutoff: string;
	deliveryType: (typeof DELIVERY_TYPES)[number];
	defaultProcessingTime: number;
	transportTime: number;
}

// Products v5 runtime state (routes/products.ts)

export interface ActiveStatusRecord {
	sku: string;
	active: boolean;
	lastModified: string;
}

export const MARKETPLACE_STATUSES = ['PENDING', 'ONLINE', 'RESTRICTED', 'REJECTED', 'INACTIVE'] as const;

export interface MarketPlaceStatusRecord {
	sku: string;
	moin?: string;
	status: (typeof MARKETPLACE_STATUSES)[number];
	errors: Array<{ code: string; title: string }>;
	information: Array<{ code: string; title: string }>;
	links: Link[];
	lastModified: string;
}

export interface ProductTaskError {
	code: string;
	title: string;
	path?: string;
	jsonPath?: string;
	logref: string;
}

/** An update task of a Products write (ProductProcessProgress) with its per-SKU outcome. */
export interface ProductUpdateTaskRecord {
	processUuid: string;
	kind: 'products' | 'prices' | 'active-status';
	createdAt: string;
	state: 'pending' | 'done';
	pingAfter: string;
	/** Polls at or after `pingAfter`; the task is done after `pollsUntilDone` of them. */
	polls: number;
	/** Polls that came before `pingAfter` (a client that ignores it). */
	earlyPolls: number;
	total: number;
	succeeded: string[];
	failed: Array<{ variation: string; errors: ProductTaskError[] }>;
	unchanged: string[];
}

export const RETURN_WAREHOUSE_TYPES = ['NATIONAL', 'INTERNATIONAL', 'INTERNATIONAL_CONSOLIDATION_HUB'] as const;

/** A Returns Warehouse v2 address (REFERENCE §4.10); country as an English name. */
export interface ReturnWarehouseAddress {
	returnAddressId: string;
	returnWarehouseType: (typeof RETURN_WAREHOUSE_TYPES)[number];
	isMisdirectedAddress: boolean;
	returnRecipient: string;
	returnRecipientSuffix?: string;
	isBusinessAddress?: boolean;
	returnStreet?: string;
	returnHouseNumber?: string;
	returnZipCode?: string;
	returnCity?: string;
	returnCountry?: string;
}

/** A carrier linked to a return address (request field `returnCarrierName`, response field `returnCarrier`). */
export interface ReturnAddressCarrier {
	returnAddressId: string;
	returnAddressCarrierId: string;
	returnCarrier: string;
	returnCarrierCodes?: Record<string, string | number>;
}

// ------------------------------------------------------------------------------------------------
// Sponsored Product Ads v1 and SPA Reporting v1 (REFERENCE §4.11; field models are the package's working model)

export const AD_CAMPAIGN_STATUSES = ['ACTIVE', 'PAUSED', 'ARCHIVED'] as const;
export type AdCampaignStatus = (typeof AD_CAMPAIGN_STATUSES)[number];
export const AD_ENTITY_STATUSES = ['ACTIVE', 'PAUSED'] as const;
export type AdEntityStatus = (typeof AD_ENTITY_STATUSES)[number];
export const AD_MATCH_TYPES = ['EXACT', 'PHRASE', 'BROAD'] as const;
export type AdMatchType = (typeof AD_MATCH_TYPES)[number];

export interface AdCampaign {
	campaignId: string;
	name: string;
	status: AdCampaignStatus;
	dailyBudget: Amount;
	/** `YYYY-MM-DD`. */
	startDate: string;
	/** `YYYY-MM-DD`; absent = open end. */
	endDate?: string;
	createdAt: string;
	lastModifiedAt: string;
}

export interface AdTarget {
	targetId: string;
	campaignId: string;
	sku: string;
	status: AdEntityStatus;
	/** Absent = OTTO bids automatically. */
	bid?: Amount;
}

export interface AdKeyword {
	keywordId: string;
	targetId: string;
	keyword: string;
	matchType: AdMatchType;
	status: AdEntityStatus;
	/** Absent = the target's bid. */
	bid?: Amount;
}

export type AdChangeStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'PARTIALLY_ACCEPTED';
export type AdEntityType = 'CAMPAIGN' | 'TARGET' | 'KEYWORD';

export interface AdChangeEntity {
	entityId: string;
	entityType: AdEntityType;
	status: 'PENDING' | 'ACCEPTED' | 'REJECTED';
	reason?: string;
}

export interface AdChangeRequest {
	requestId: string;
	status: AdChangeStatus;
	entities: AdChangeEntity[];
}

export const AD_REPORT_KINDS = ['campaign', 'keyword', 'product'] as const;
export type AdReportKind = (typeof AD_REPORT_KINDS)[number];
export type AdReportStatus = 'PENDING' | 'READY' | 'FAILED';
