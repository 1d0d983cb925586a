/** Public types of the OTTO Market API simulator (re-exported by index.ts). */
import type { SimulatorStore } from './store';
import type { FaultRule, FaultType } from '../simulator-core/faults';
import type { BaseLoggedRequest, RequestFilter } from '../simulator-core/log';
import type { RateLimitConfig } from '../simulator-core/rateLimit';

export type { FaultRule, FaultType, RateLimitConfig, RequestFilter };

export interface SimulatorClient {
	clientId: string;
	clientSecret: string;
	/** Scopes this client (app) may request, e.g. `orders`, `products`. */
	scopes: string[];
	/** Service-partner app id: required for `scope=developer` tokens. */
	appId?: string;
	/** Installation (seller) of the app that developer tokens may exchange for a seller token. */
	installationId?: string;
	/** Partner id reported by `GET /v1/apps/{appId}/installation` (default `1000042`). */
	partnerId?: string;
}

export interface SimulatorConfig {
	/** Lifetime of issued tokens in seconds (fractions allowed). Default 1800. */
	tokenTtlSeconds: number;
	/** Artificial delay before each API request is processed. Default 0. */
	latencyMs: number;
	faults: FaultRule[];
	/** Seed of the PRNG used for `rate`. Default 1. */
	faultSeed?: number;
	/**
	 * Token-bucket rate limit of the API requests (not the token endpoints): requests beyond it are answered 429 with
	 * `Retry-After`. Absent or `null` (default) = unlimited; `configure({ rateLimit: null })` removes it. Setting it (configure, reset)
	 * starts with a full bucket.
	 */
	rateLimit?: RateLimitConfig | null;
	/**
	 * Sponsored Product Ads / SPA Reporting timing (README "Sponsored Product Ads"); fields not set have their defaults
	 * (`DEFAULT_ADS_CONFIG`). Appears only while set; `configure({ ads })` merges field by field.
	 */
	ads?: Partial<AdsConfig>;
}

export interface AdsConfig {
	/** GETs of a change request until it is decided: the N-th GET answers the decision; 0 = decided when written. Default 2. */
	changeRequestPolls: number;
	/** Status GETs of a report until it is READY (or FAILED): the N-th GET answers it. Default 2. */
	reportPolls: number;
	/** `Retry-After` (seconds, fractions allowed) on PENDING change requests and report statuses. Default 1. */
	retryAfterSeconds: number;
}

export interface SeedOptions {
	/** PRNG seed (default 42). */
	seed?: number;
	/** Number of seeded orders (default 1000). */
	orders?: number;
	/** Number of product variations (default 60). */
	products?: number;
	/** Number of brands (default 150). */
	brands?: number;
	/** Number of shipping profiles (default 6). */
	shippingProfiles?: number;
	/**
	 * Reference "now" for the seed (ISO string or epoch ms). Default: the current time (whole seconds).
	 * All seeded dates lie before `now - 2 minutes`.
	 */
	now?: string | number;
}

/** One entry of the request log. */
export type LoggedRequest = BaseLoggedRequest & {
	/** Answered 429 by the rate limit (`config.rateLimit`). */
	rateLimited?: boolean;
};

export type SimulatorData = SimulatorStore;

export interface OttoSimulator {
	url: string;
	port: number;
	/**
	 * Re-seed data (start-up seed options overridden by the given fields), clear the request log and
	 * faults, restore the start-up config. Clients and tokens survive.
	 */
	reset(seed?: SeedOptions): void;
	configure(patch: Partial<SimulatorConfig>): void;
	requests(filter?: RequestFilter): LoggedRequest[];
	clearRequests(): void;
	addClient(client: SimulatorClient): void;
	data: SimulatorData;
	close(): Promise<void>;
}

export interface StartOptions {
	/** Port on 127.0.0.1; 0 (default) = random free port. */
	port?: number;
	seed?: SeedOptions;
	config?: Partial<SimulatorConfig>;
	/** Clients to register; DEFAULT_CLIENT is always registered too. */
	clients?: SimulatorClient[];
	/** Clock of the rate limit in milliseconds (default: monotonic `performance.now()`); tests inject their own. */
	clock?: () => number;
}
