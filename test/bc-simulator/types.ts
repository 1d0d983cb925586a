/** Public types of the Business Central API simulator (re-exported by index.ts). */
import type { BcStore } from './store';
import type { FaultRule, FaultType } from '../simulator-core/faults';
import type { BaseLoggedRequest, RequestFilter } from '../simulator-core/log';

export type { FaultRule, FaultType, RequestFilter };

export interface BcClient {
	/** Application (client) id of the Entra app registration. */
	clientId: string;
	clientSecret: string;
	/**
	 * Whether the app is entered and enabled on BC's "Microsoft Entra Applications" page (default true).
	 * When false, Entra still issues tokens but every BC call answers 401 Authentication_InvalidCredentials.
	 */
	enabledInBc?: boolean;
}

/**
 * API Setup / Config. Tmpl. Selection Rules: on `POST …/customers`, the template with the lowest `order` whose
 * conditions match fills the fields the POST did not send (BC "Configure API Templates").
 */
export interface ApiTemplate {
	code: string;
	order: number;
	/** Conditions on the new customer; a missing condition always matches. */
	conditions?: { country?: string | string[] };
	fields: {
		customerPostingGroup?: string;
		genBusPostingGroup?: string;
		vatBusPostingGroup?: string;
		paymentTermsCode?: string;
		pricesIncludingVat?: boolean;
		currencyCode?: string;
		taxLiable?: boolean;
	};
}

export interface CustomApiRoute {
	publisher: string;
	group: string;
	version: string;
	entitySet: string;
}

export interface PostingGroupEndpointConfig {
	/**
	 * Name under which page 21 "Customer Card" is published as an OData V4 web service:
	 * `…/ODataV4/Company('<name>')/<serviceName>('<No>')`. null = not published (404). Default `CustomerCard`.
	 */
	odataServiceName: string | null;
	/**
	 * A custom API page (as an extension would add) exposing the three posting groups:
	 * `…/api/<publisher>/<group>/<version>/companies(<id>)/<entitySet>(<customer id>)`. null (default) = not installed.
	 */
	customApi: CustomApiRoute | null;
}

export interface ShipmentTrackingConfig {
	/**
	 * Name under which page 130 "Posted Sales Shipment" is published as an OData V4 web service (with the
	 * page extension field `Return_Tracking_No`): `…/ODataV4/Company('<name>')/<serviceName>('<No>')`.
	 * null = not published (404). Default `PostedSalesShipment`.
	 */
	odataServiceName: string | null;
	/**
	 * A seller's extension API page with the tracking fields of posted shipments:
	 * `…/api/<publisher>/<group>/<version>/companies(<id>)/<entitySet>`. null = not installed.
	 * Default `mySeller/ottoMarket/v1.0/shipmentTracking`.
	 */
	customApi: CustomApiRoute | null;
}

export interface RateLimitConfig {
	/** Requests allowed per client in the sliding window (BC online: 6,000 per 5 minutes). */
	maxRequests: number;
	windowSeconds: number;
	/** `Retry-After` of the 429 answers; omitted when undefined. */
	retryAfterSeconds?: number;
}

export interface BcSimulatorConfig {
	/** Lifetime of issued tokens in seconds (fractions allowed). Default 3599, as Entra reports. */
	tokenTtlSeconds: number;
	/** Artificial delay before each request is processed. Default 0. */
	latencyMs: number;
	faults: FaultRule[];
	/** Seed of the PRNG used for `rate`. Default 1. */
	faultSeed?: number;
	/** Server page size (BC online: 20,000; default here 100 so paging is exercised). `Prefer: odata.maxpagesize` lowers it. */
	maxPageSize: number;
	/** Outage switch: every BC call (API and ODataV4, not the token endpoint) answers 503 until cleared. */
	outage: boolean;
	/** `Retry-After` sent with outage 503s; omitted when undefined. */
	outageRetryAfterSeconds?: number;
	/** Real request counting per client; null = off (default). */
	rateLimit: RateLimitConfig | null;
	postingGroupEndpoint: PostingGroupEndpointConfig;
	/** Where the tracking numbers of posted shipments can be read (API v2.0 has none). */
	shipmentTracking: ShipmentTrackingConfig;
	/**
	 * A seller's extension API page for sales return orders (API v2.0 salesReturnOrders is read-only):
	 * `…/api/<publisher>/<group>/<version>/companies(<id>)/<entitySet>` with lines `ottoReturnOrderLines`
	 * (returnsApi.ts). null = not installed. Default `mySeller/ottoMarket/v1.0/ottoReturnOrders`.
	 */
	returnOrderApi: CustomApiRoute | null;
	/** API templates applied on customer creation. Default none (API Setup empty). */
	apiTemplates: ApiTemplate[];
	/** Posting (shipment, shipAndInvoice, credit memo post) fails when a document lacks posting groups. Default true. */
	requirePostingGroupsToPost: boolean;
}

export type BcConfigPatch = Partial<Omit<BcSimulatorConfig, 'postingGroupEndpoint' | 'shipmentTracking'>> & {
	postingGroupEndpoint?: Partial<PostingGroupEndpointConfig>;
	shipmentTracking?: Partial<ShipmentTrackingConfig>;
};

export interface BcSeedOptions {
	/** PRNG seed (default 42). */
	seed?: number;
	/** Customers of the main company (default 20; a few fixed ones come first, see `data.info`). */
	customers?: number;
	/** Items mirrored from the OTTO simulator's seed products (same SKUs as item numbers, EANs as GTINs). Default 60; 0 = none. */
	ottoProducts?: number;
	/** OTTO seed the mirrored products come from (default 42 = the OTTO simulator's default). */
	ottoSeed?: number;
	/** Additional BC-only items (default 6; includes a blocked item and a service item). */
	extraItems?: number;
	/** Open sales orders of the main company (default 8). */
	salesOrders?: number;
	/** How many of them are already shipped (posted sales shipments; default 3). */
	shippedOrders?: number;
	/** Posting group codes (defaults: customer DOMESTIC/EU/FOREIGN, gen. bus. and VAT bus. DOMESTIC/EU/EXPORT). */
	postingGroups?: { customer?: string[]; genBus?: string[]; vatBus?: string[] };
	/** Reference "now" (ISO string or epoch ms). Default: the current time. */
	now?: string | number;
}

export interface LoggedRequest extends BaseLoggedRequest {
	clientId?: string;
	/** For binary bodies: size and sha256 instead of the bytes. */
	bodyBytes?: { size: number; sha256: string };
	ifMatch?: string;
	prefer?: string;
	/** BC error code of a 4xx/5xx answer produced by the simulator's logic. */
	errorCode?: string;
}

export interface BcSimulator {
	url: string;
	port: number;
	tenantId: string;
	tenantDomain: string;
	environment: string;
	/** `<url>/v2.0/<tenantId>/<environment>/api/v2.0`. */
	apiBase: string;
	/** `<url>/v2.0/<tenantId>/<environment>/ODataV4`. */
	odataBase: string;
	/** `<url>/<tenantId>/oauth2/v2.0/token`. */
	tokenUrl: string;
	/** Re-seed (start-up seed overridden by the given fields), clear the log and faults, restore the start-up config. */
	reset(seed?: BcSeedOptions): void;
	configure(patch: BcConfigPatch): void;
	getConfig(): BcSimulatorConfig;
	requests(filter?: RequestFilter): LoggedRequest[];
	clearRequests(): void;
	addClient(client: BcClient): void;
	data: BcStore;
	close(): Promise<void>;
}

export interface BcStartOptions {
	/** Port on 127.0.0.1; 0 (default) = random free port. */
	port?: number;
	seed?: BcSeedOptions;
	config?: BcConfigPatch;
	/** Clients to register; DEFAULT_BC_CLIENT is always registered too. */
	clients?: BcClient[];
	/** Entra tenant id (GUID). Default DEFAULT_TENANT_ID. */
	tenantId?: string;
	/** Verified domain of the tenant, usable instead of the id in URLs. Default `otto-sim.onmicrosoft.com`. */
	tenantDomain?: string;
	/** BC environment name. Default `production`. */
	environment?: string;
}
