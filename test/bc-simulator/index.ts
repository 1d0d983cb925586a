/**
 * Microsoft Dynamics 365 Business Central API simulator — public entry point.
 *
 *   const bc = await startBcSimulator({ port: 0 });
 *   // token: POST bc.tokenUrl (client credentials, DEFAULT_BC_CLIENT, scope BC_SCOPE); API: bc.apiBase
 *   await bc.close();
 */
export { startBcSimulator, BcSimulatorServer, DEFAULT_BC_CONFIG } from './server';
export { DEFAULT_BC_CLIENT, DEFAULT_TENANT_ID, DEFAULT_TENANT_DOMAIN, BC_SCOPE, BC_RESOURCE, tokenIdOf } from './auth';
export { DEFAULT_BC_SEED, DEFAULT_POSTING_GROUPS, EU_COUNTRIES, MAIN_COMPANY_NAME, SECOND_COMPANY_NAME } from './seed';
export { EXAMPLE_API_TEMPLATES } from './templates';
export { RETURN_REASON_CODES, receiveReturnOrder, setReturnReason } from './returnsApi';
export type { ReceiveReturnSpec, ReturnReasonSpec } from './returnsApi';
export { BcStore, BLANK_GUID, BLANK_DATE } from './store';
export type { BcSeedInfo, CompanyData, PostShipmentOptions, ReturnOrderSpec } from './store';
export { compileFilter, parseFilter } from './odata/filter';
export type {
	ApiTemplate,
	BcClient,
	BcConfigPatch,
	BcSeedOptions,
	BcSimulator,
	BcSimulatorConfig,
	BcStartOptions,
	CustomApiRoute,
	FaultRule,
	FaultType,
	LoggedRequest,
	PostingGroupEndpointConfig,
	RateLimitConfig,
	RequestFilter,
} from './types';
export type * from './model';
