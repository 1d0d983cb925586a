/**
 * OTTO Market API simulator — public entry point.
 *
 *   const sim = await startSimulator({ port: 0 });
 *   // … point the node at sim.url, credentials DEFAULT_CLIENT …
 *   await sim.close();
 */
export { startSimulator, SimulatorServer, DEFAULT_CONFIG } from './server';
export { DEFAULT_CLIENT, ALL_SELLER_SCOPES, DEVELOPER_SCOPE, tokenIdOf } from './auth';
export { SPECIAL_SKUS, FIXED_ORDER_STATUSES } from './seed';
export { TEST_ORDER_SCENARIOS } from './routes/orders';
export { buildPdf } from './pdf';
export { SimulatorStore } from './store';
export { AdsStore, DEFAULT_ADS_CONFIG, adsConfig, mergePatch, ADS_FAIL_REPORT_CAMPAIGN_ID, AD_MIN_BID, AD_MIN_DAILY_BUDGET, AD_MAX_KEYWORD_LENGTH } from './adsStore';
export { injectKeywords } from './inject';
export type { SeedInfo } from './store';
export type {
	FaultRule,
	RateLimitConfig,
	FaultType,
	LoggedRequest,
	OttoSimulator,
	RequestFilter,
	SeedOptions,
	SimulatorClient,
	SimulatorConfig,
	AdsConfig,
	SimulatorData,
	StartOptions,
} from './types';
export type { RouteContext, RouteDef, RouteModule, RouteResponse, InterfaceDef } from './router';
export type * from './model';
