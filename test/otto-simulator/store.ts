/**
 * In-memory state of the simulator (`sim.data`). Arrays hold the wire-format objects; maps index them.
 * Route modules mutate through this class so the indexes stay consistent.
 */
import type {
	Brand,
	CategoryGroup,
	DeliveryInformation,
	PartnerOrder,
	PositionItem,
	PriceReductionRecord,
	ProductVariation,
	QuantityRecord,
	Receipt,
	ReturnPositionItem,
	ReturnShipment,
	Shipment,
	ShippingProfile,
	ActiveStatusRecord,
	MarketPlaceStatusRecord,
	ProductUpdateTaskRecord,
	ReturnAddressCarrier,
	ReturnWarehouseAddress,
} from './model';
import { AdsStore, type SeededAds } from './adsStore';
import type { SeededAdsInfo } from './adsSeed';
import { Random } from './prng';
import { buildReceipt } from './seed';

export interface SeedInfo {
	seed: number;
	/** Reference time of the seed (ISO). */
	now: string;
	/** No seeded date is later than this (now − 2 min). */
	latestSeededDate: string;
	/** lifecycleChangeDate shared by a group of orders (≥ 20 with the default 1000 orders). */
	sharedLifecycleChangeDate?: string;
	sharedLifecycleOrderIds: string[];
	/** orderDate shared by a smaller group of orders. */
	sharedOrderDate?: string;
	sharedOrderDateOrderIds: string[];
	/** SKUs containing `/`, `.`, `,` or spaces (first products of the seed). */
	specialSkus: string[];
	/** The first orders are generated with fixed status combinations (one per entry, in this order). */
	fixedOrders: Array<{ salesOrderId: string; orderNumber: string; statuses: string[] }>;
	/** Seeded Sponsored Product Ads: campaign ids (creation order) and ACTIVE targets of sold-out SKUs. */
	ads?: SeededAdsInfo;
}

export interface SeededState {
	info: SeedInfo;
	/** Sponsored Product Ads (optional: states built by hand may leave them out). */
	ads?: SeededAds;
	orders: PartnerOrder[];
	shipments: Shipment[];
	returnShipments: ReturnShipment[];
	returns: ReturnPositionItem[];
	receipts: Receipt[];
	priceReductions: PriceReductionRecord[];
	products: ProductVariation[];
	brands: Brand[];
	categoryGroups: CategoryGroup[];
	quantities: QuantityRecord[];
	deliveryInformation: DeliveryInformation[];
	shippingProfiles: ShippingProfile[];
	articleNumbers: Map<string, string>;
	nextReceiptNumber: number;
}

export class SimulatorStore {
	info!: SeedInfo;
	orders: PartnerOrder[] = [];
	ordersById = new Map<string, PartnerOrder>();
	ordersByNumber = new Map<string, PartnerOrder>();
	/** positionItemId → order and item. */
	positionItems = new Map<string, { order: PartnerOrder; item: PositionItem }>();
	shipments: Shipment[] = [];
	shipmentsById = new Map<string, Shipment>();
	returnShipments: ReturnShipment[] = [];
	returnShipmentsById = new Map<string, ReturnShipment>();
	returns: ReturnPositionItem[] = [];
	receipts: Receipt[] = [];
	receiptsByNumber = new Map<string, Receipt>();
	priceReductions: PriceReductionRecord[] = [];
	products: ProductVariation[] = [];
	productsBySku = new Map<string, ProductVariation>();
	/** sku → OTTO article number used in orders. */
	articleNumbers = new Map<string, string>();
	brands: Brand[] = [];
	categoryGroups: CategoryGroup[] = [];
	/** sku → quantity (Availability v1). */
	quantities = new Map<string, QuantityRecord>();
	/** sku → delivery information (Availability v1). */
	deliveryInformation = new Map<string, DeliveryInformation>();
	shippingProfiles: ShippingProfile[] = [];
	shippingProfilesById = new Map<string, ShippingProfile>();
	/** Returns Warehouse v2 addresses and their carriers (none after a reset). */
	returnAddresses: ReturnWarehouseAddress[] = [];
	returnAddressCarriers: ReturnAddressCarrier[] = [];
	/** Products v5 update tasks by processUuid. */
	productTasks = new Map<string, ProductUpdateTaskRecord>();
	/** Active / marketplace status set at runtime; other SKUs have their seeded state (routes/products.ts). */
	activeStatus = new Map<string, ActiveStatusRecord>();
	marketplaceStatus = new Map<string, MarketPlaceStatusRecord>();
	/** Update tasks: distance of `pingAfter`, and polls at or after it until a task is done. */
	productTaskTiming = { pingAfterMs: 150, pollsUntilDone: 2 };
	/** Sponsored Product Ads: campaigns, targets, keywords, change requests, reports (adsStore.ts). */
	readonly ads = new AdsStore({ hasSku: (sku) => this.productsBySku.has(sku) });
	/** Deterministic PRNG for ids/values created at runtime (seeded from the data seed). */
	random = new Random(1);
	private receiptCounter = 0;

	load(state: SeededState): void {
		this.info = state.info;
		this.orders = [];
		this.ordersById = new Map();
		this.ordersByNumber = new Map();
		this.positionItems = new Map();
		for (const order of state.orders) this.addOrder(order);
		this.shipments = [];
		this.shipmentsById = new Map();
		for (const s of state.shipments) this.addShipment(s);
		this.returnShipments = [];
		this.returnShipmentsById = new Map();
		for (const r of state.returnShipments) this.addReturnShipment(r);
		this.returns = state.returns;
		this.receipts = [];
		this.receiptsByNumber = new Map();
		for (const r of state.receipts) this.addReceipt(r);
		this.priceReductions = state.priceReductions;
		this.products = [];
		this.productsBySku = new Map();
		for (const p of state.products) this.upsertProduct(p);
		this.articleNumbers = state.articleNumbers;
		this.brands = state.brands;
		this.categoryGroups = state.categoryGroups;
		this.quantities = new Map(state.quantities.map((q) => [q.sku, q]));
		this.deliveryInformation = new Map(state.deliveryInformation.map((d) => [d.sku, d]));
		this.shippingProfiles = [];
		this.shippingProfilesById = new Map();
		for (const p of state.shippingProfiles) this.addShippingProfile(p);
		this.returnAddresses = [];
		this.returnAddressCarriers = [];
		this.productTasks = new Map();
		this.activeStatus = new Map();
		this.marketplaceStatus = new Map();
		this.productTaskTiming = { pingAfterMs: 150, pollsUntilDone: 2 };
		this.random = new Random((state.info.seed ^ 0x5eed) >>> 0);
		this.receiptCounter = state.nextReceiptNumber;
		this.ads.load(state.ads ?? { campaigns: [], targets: [], keywords: [] }, state.info.seed);
	}

	nowIso(): string {
		return new Date().toISOString();
	}

	newUuid(): string {
		return this.random.uuid();
	}

	nextReceiptNumber(): string {
		return String(this.receiptCounter++);
	}

	addOrder(order: PartnerOrder): void {
		this.orders.push(order);
		this.ordersById.set(order.salesOrderId, order);
		this.ordersByNumber.set(order.orderNumber, order);
		for (const item of order.positionItems) this.positionItems.set(item.positionItemId, { order, item });
	}

	/** Find by salesOrderId (uuid) or orderNumber. */
	findOrder(idOrNumber: string): PartnerOrder | undefined {
		return this.ordersById.get(idOrNumber) ?? this.ordersByNumber.get(idOrNumber);
	}

	findPositionItem(positionItemId: string): { order: PartnerOrder; item: PositionItem } | undefined {
		return this.positionItems.get(positionItemId);
	}

	/** Record a change of the order: lifecycleChangeDate and lastModifiedDate = `date` (default now). */
	touchOrder(order: PartnerOrder, date: string = this.nowIso()): void {
		order.orderLifecycleInformation.lifecycleChangeDate = date;
		order.lastModifiedDate = date;
	}

	addShipment(shipment: Shipment): void {
		this.shipments.push(shipment);
		this.shipmentsById.set(shipment.shipmentId, shipment);
	}

	addReturnShipment(returnShipment: ReturnShipment): void {
		this.returnShipments.push(returnShipment);
		this.returnShipmentsById.set(returnShipment.returnShipmentId, returnShipment);
	}

	addReceipt(receipt: Receipt): void {
		this.receipts.push(receipt);
		this.receiptsByNumber.set(receipt.receiptNumber, receipt);
	}

	/**
	 * Books a REFUND (accepted return) or PARTIAL_REFUND (price reduction) receipt for position items of an
	 * order, numbered next and linked to the order's purchase receipt of those items.
	 */
	addRefundReceipt(type: 'REFUND' | 'PARTIAL_REFUND', order: PartnerOrder, items: PositionItem[], partialAmount?: number): Receipt {
		const ids = new Set(items.map((i) => i.positionItemId));
		const purchase = this.receipts.find(
			(r) =>
				r.receiptType === 'PURCHASE' &&
				r.salesOrderId === order.salesOrderId &&
				r.lineItems.itemPositions.some((p) => p.positionItemIds.some((id) => ids.has(id))),
		);
		const receipt = buildReceipt(type, order, items, {
			receiptNumber: this.nextReceiptNumber(),
			creationDate: this.nowIso(),
			linked: purchase,
			partialAmount,
			includeDeliveryFees: false,
		});
		this.addReceipt(receipt);
		return receipt;
	}

	/** A customer announces the return of a shipped position item: a Returns v3 entry with status ANNOUNCED. */
	announceReturn(positionItemId: string, occurredTime: string = this.nowIso()): ReturnPositionItem {
		const found = this.positionItems.get(positionItemId);
		if (!found || found.item.fulfillmentStatus !== 'SENT') {
			throw new Error(`Position item ${positionItemId} is not a sent item, so no return can be announced`);
		}
		if (this.returns.some((r) => r.positionItemId === positionItemId && r.status === 'ANNOUNCED')) {
			throw new Error(`A return of position item ${positionItemId} is already announced`);
		}
		const shipped = this.shipments
			.flatMap((s) => s.positionItems)
			.find((p) => p.positionItemId === positionItemId)?.returnTrackingKey;
		const entry: ReturnPositionItem = {
			positionItemId,
			salesOrderId: found.order.salesOrderId,
			status: 'ANNOUNCED',
			occurredTime,
			details: {
				returnTrackingKey: { carrier: shipped?.carrier ?? 'DHL', trackingNumbers: shipped ? [shipped.trackingNumber] : [] },
				orderNumber: found.order.orderNumber,
			},
		};
		this.returns.push(entry);
		return entry;
	}

	upsertProduct(product: ProductVariation): void {
		const existing = this.productsBySku.get(product.sku);
		if (existing) this.products[this.products.indexOf(existing)] = product;
		else this.products.push(product);
		this.productsBySku.set(product.sku, product);
	}

	addShippingProfile(profile: ShippingProfile): void {
		this.shippingProfiles.push(profile);
		this.shippingProfilesById.set(profile.shippingProfileId, profile);
	}

	/** Entity counts (served by `GET /__control/state`). */
	counts(): Record<string, number> {
		return {
			orders: this.orders.length,
			positionItems: this.positionItems.size,
			shipments: this.shipments.length,
			returnShipments: this.returnShipments.length,
			returns: this.returns.length,
			receipts: this.receipts.length,
			priceReductions: this.priceReductions.length,
			products: this.products.length,
			brands: this.brands.length,
			categoryGroups: this.categoryGroups.length,
			quantities: this.quantities.size,
			deliveryInformation: this.deliveryInformation.size,
			shippingProfiles: this.shippingProfiles.length,
			...this.ads.counts(),
		};
	}
}
