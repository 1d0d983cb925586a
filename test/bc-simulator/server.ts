/**
 * HTTP core of the Business Central simulator: request log, latency, outage switch, fault injection, Entra
 * token endpoint, bearer authentication, per-client rate limit, routing to the API v2.0 / OData V4 / custom API
 * services, and the `/__control/*` API.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { FaultPicker, faultRuleSchema as baseFaultRuleSchema, fireFault, formatZod } from '../simulator-core/faults';
import { closeServer, isControlPath, listenLocal, readRequest, sleep, writeReply as writeHttpReply, type HttpReply } from '../simulator-core/http';
import { controlRequestFilter, firstValues, queryRecord, redact, redactText, RequestLog } from '../simulator-core/log';
import { DEFAULT_BC_CLIENT, DEFAULT_TENANT_DOMAIN, DEFAULT_TENANT_ID, EntraService, parseBearer, tokenIdOf, type BcTokenRecord } from './auth';
import { buildApiDefinitions, type ApiScope } from './entities';
import { bcError, bcErrorBody, BcError, EntraError, resourceNotFound, unauthorized } from './errors';
import { handleOData, JSON_CONTENT_TYPE, type EntityDef, type NavDef, type ODataResponse } from './odata/engine';
import { buildCustomApiRoots, buildODataV4Roots } from './pageServices';
import { trackingApiNavs, trackingPageNavs } from './shipmentTracking';
import { returnOrderApiNavs, returnsControl } from './returnsApi';
import { seedStore } from './seed';
import { BcStore, type CompanyData } from './store';
import type {
	BcClient,
	BcConfigPatch,
	BcSeedOptions,
	BcSimulator,
	BcSimulatorConfig,
	BcStartOptions,
	CustomApiRoute,
	LoggedRequest,
	RequestFilter,
} from './types';

export const DEFAULT_BC_CONFIG: BcSimulatorConfig = Object.freeze({
	tokenTtlSeconds: 3599,
	latencyMs: 0,
	faults: [],
	maxPageSize: 100,
	outage: false,
	rateLimit: null,
	postingGroupEndpoint: { odataServiceName: 'CustomerCard', customApi: null },
	shipmentTracking: {
		odataServiceName: 'PostedSalesShipment',
		customApi: { publisher: 'mySeller', group: 'ottoMarket', version: 'v1.0', entitySet: 'shipmentTracking' },
	},
	returnOrderApi: { publisher: 'mySeller', group: 'ottoMarket', version: 'v1.0', entitySet: 'ottoReturnOrders' },
	apiTemplates: [],
	requirePostingGroupsToPost: true,
}) as BcSimulatorConfig;

const TOKEN_PATH_RE = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;

// ------------------------------------------------------------------------------------------------
// schemas

const faultRuleSchema = baseFaultRuleSchema.refine((r) => !(r.after && r.type === '429'), 'after faults cannot be 429');

const segmentName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a valid OData name');

const apiTemplateSchema = z
	.object({
		code: z.string().min(1),
		order: z.number(),
		conditions: z.object({ country: z.union([z.string(), z.array(z.string())]).optional() }).strict().optional(),
		fields: z
			.object({
				customerPostingGroup: z.string().optional(),
				genBusPostingGroup: z.string().optional(),
				vatBusPostingGroup: z.string().optional(),
				paymentTermsCode: z.string().optional(),
				pricesIncludingVat: z.boolean().optional(),
				currencyCode: z.string().optional(),
				taxLiable: z.boolean().optional(),
			})
			.strict(),
	})
	.strict();

const customApiSchema = z
	.object({ publisher: segmentName, group: segmentName, version: z.string().regex(/^v\d+\.\d+$/), entitySet: segmentName })
	.strict();

const configPatchSchema = z
	.object({
		tokenTtlSeconds: z.number().positive().optional(),
		latencyMs: z.number().min(0).optional(),
		faults: z.array(faultRuleSchema).optional(),
		faultSeed: z.number().int().optional(),
		maxPageSize: z.number().int().min(1).max(20_000).optional(),
		outage: z.boolean().optional(),
		outageRetryAfterSeconds: z.number().min(0).optional(),
		rateLimit: z
			.object({ maxRequests: z.number().int().min(1), windowSeconds: z.number().positive(), retryAfterSeconds: z.number().min(0).optional() })
			.strict()
			.nullable()
			.optional(),
		postingGroupEndpoint: z
			.object({
				odataServiceName: segmentName.nullable().optional(),
				customApi: z
					.object({ publisher: segmentName, group: segmentName, version: z.string().regex(/^v\d+\.\d+$/), entitySet: segmentName })
					.strict()
					.nullable()
					.optional(),
			})
			.strict()
			.optional(),
		shipmentTracking: z
			.object({ odataServiceName: segmentName.nullable().optional(), customApi: customApiSchema.nullable().optional() })
			.strict()
			.optional(),
		returnOrderApi: customApiSchema.nullable().optional(),
		apiTemplates: z.array(apiTemplateSchema).optional(),
		requirePostingGroupsToPost: z.boolean().optional(),
	})
	.strict();

const seedOptionsSchema = z
	.object({
		seed: z.number().int().optional(),
		customers: z.number().int().min(0).max(50_000).optional(),
		ottoProducts: z.number().int().min(0).max(10_000).optional(),
		ottoSeed: z.number().int().optional(),
		extraItems: z.number().int().min(0).max(10_000).optional(),
		salesOrders: z.number().int().min(0).max(50_000).optional(),
		shippedOrders: z.number().int().min(0).max(50_000).optional(),
		postingGroups: z
			.object({ customer: z.array(z.string().min(1)).optional(), genBus: z.array(z.string().min(1)).optional(), vatBus: z.array(z.string().min(1)).optional() })
			.strict()
			.optional(),
		now: z.union([z.string(), z.number()]).optional(),
	})
	.strict();

const clientSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string(), enabledInBc: z.boolean().optional() }).strict();

const companyRef = z.string().optional();

const shipmentSchema = z
	.object({
		company: companyRef,
		salesOrderId: z.string().optional(),
		salesOrderNumber: z.string().optional(),
		externalDocumentNumber: z.string().optional(),
		lines: z
			.array(z.object({ sequence: z.number().int().optional(), lineObjectNumber: z.string().optional(), quantity: z.number().positive() }).strict())
			.optional(),
		postingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
		shipmentMethodCode: z.string().optional(),
		packageTrackingNo: z.string().optional(),
		shippingAgentCode: z.string().optional(),
		returnTrackingNo: z.string().optional(),
		/** Post even when posting groups are missing. */
		force: z.boolean().optional(),
	})
	.strict();

const shipmentTrackingSchema = z
	.object({
		company: companyRef,
		shipmentNumber: z.string().min(1),
		packageTrackingNo: z.string().max(30).optional(),
		shippingAgentCode: z.string().max(10).optional(),
		returnTrackingNo: z.string().max(50).optional(),
	})
	.strict();

const returnOrderSchema = z
	.object({
		company: companyRef,
		customerNumber: z.string().optional(),
		shipmentNumber: z.string().optional(),
		externalDocumentNumber: z.string().optional(),
		documentDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
		lines: z
			.array(z.object({ lineObjectNumber: z.string(), quantity: z.number(), unitPrice: z.number().optional(), description: z.string().optional() }).strict())
			.optional(),
	})
	.strict();

const itemSchema = z
	.object({
		company: companyRef,
		number: z.string().min(1).max(20),
		displayName: z.string().max(100).optional(),
		gtin: z.string().max(14).optional(),
		unitPrice: z.number().optional(),
		unitCost: z.number().optional(),
		priceIncludesTax: z.boolean().optional(),
		blocked: z.boolean().optional(),
		type: z.enum(['Inventory', 'Service', 'Non-Inventory']).optional(),
		vatProdPostingGroup: z.string().optional(),
		itemCategoryCode: z.string().optional(),
		inventory: z.number().optional(),
	})
	.strict();

const inventorySchema = z.object({ company: companyRef, number: z.string().min(1), inventory: z.number() }).strict();

const customerSchema = z
	.object({
		company: companyRef,
		number: z.string().optional(),
		displayName: z.string().min(1),
		country: z.string().optional(),
		city: z.string().optional(),
		postalCode: z.string().optional(),
		addressLine1: z.string().optional(),
		email: z.string().optional(),
		blocked: z.enum([' ', 'Ship', 'Invoice', 'All']).optional(),
		customerPostingGroup: z.string().optional(),
		genBusPostingGroup: z.string().optional(),
		vatBusPostingGroup: z.string().optional(),
		pricesIncludingVat: z.boolean().optional(),
	})
	.strict();

// ------------------------------------------------------------------------------------------------
// helpers

/** Body for the log: form → object, JSON → value, other → size + hash. Always redacted. */
function loggableBody(raw: Buffer, contentType: string | undefined): Pick<LoggedRequest, 'body' | 'bodyBytes'> {
	if (raw.length === 0) return {};
	const ct = (contentType ?? '').toLowerCase();
	const text = raw.toString('utf8');
	if (ct.includes('application/x-www-form-urlencoded')) return { body: redact(firstValues(new URLSearchParams(text))) };
	if (ct === '' || ct.includes('json')) {
		try {
			return { body: redact(JSON.parse(text)) };
		} catch {
			return { body: redactText(text.slice(0, 2000)) };
		}
	}
	if (ct.startsWith('text/')) return { body: redactText(text.slice(0, 2000)) };
	return { bodyBytes: { size: raw.length, sha256: createHash('sha256').update(raw).digest('hex') } };
}

type Reply = HttpReply;

function writeReply(res: ServerResponse, reply: Reply): void {
	writeHttpReply(res, reply, 'application/json; charset=utf-8');
}

function copyConfig(config: BcSimulatorConfig): BcSimulatorConfig {
	return {
		...config,
		faults: config.faults.map((f) => ({ ...f })),
		rateLimit: config.rateLimit ? { ...config.rateLimit } : null,
		postingGroupEndpoint: {
			odataServiceName: config.postingGroupEndpoint.odataServiceName,
			customApi: config.postingGroupEndpoint.customApi ? { ...config.postingGroupEndpoint.customApi } : null,
		},
		shipmentTracking: {
			odataServiceName: config.shipmentTracking.odataServiceName,
			customApi: config.shipmentTracking.customApi ? { ...config.shipmentTracking.customApi } : null,
		},
		returnOrderApi: config.returnOrderApi ? { ...config.returnOrderApi } : null,
		apiTemplates: config.apiTemplates.map((t) => ({ ...t, conditions: t.conditions ? { ...t.conditions } : undefined, fields: { ...t.fields } })),
	};
}

function applyPatch(base: BcSimulatorConfig, patch: BcConfigPatch): BcSimulatorConfig {
	const parsed = configPatchSchema.safeParse(patch);
	if (!parsed.success) throw new Error(`Invalid simulator config: ${formatZod(parsed.error)}`);
	const p = parsed.data;
	const next = copyConfig(base);
	if (p.tokenTtlSeconds !== undefined) next.tokenTtlSeconds = p.tokenTtlSeconds;
	if (p.latencyMs !== undefined) next.latencyMs = p.latencyMs;
	if (p.faults !== undefined) next.faults = p.faults.map((f) => ({ ...f }));
	if (p.faultSeed !== undefined) next.faultSeed = p.faultSeed;
	if (p.maxPageSize !== undefined) next.maxPageSize = p.maxPageSize;
	if (p.outage !== undefined) next.outage = p.outage;
	if (p.outageRetryAfterSeconds !== undefined) next.outageRetryAfterSeconds = p.outageRetryAfterSeconds;
	if (p.rateLimit !== undefined) next.rateLimit = p.rateLimit ? { ...p.rateLimit } : null;
	if (p.postingGroupEndpoint?.odataServiceName !== undefined) next.postingGroupEndpoint.odataServiceName = p.postingGroupEndpoint.odataServiceName;
	if (p.postingGroupEndpoint?.customApi !== undefined) next.postingGroupEndpoint.customApi = p.postingGroupEndpoint.customApi;
	if (p.shipmentTracking?.odataServiceName !== undefined) next.shipmentTracking.odataServiceName = p.shipmentTracking.odataServiceName;
	if (p.shipmentTracking?.customApi !== undefined) next.shipmentTracking.customApi = p.shipmentTracking.customApi;
	if (p.returnOrderApi !== undefined) next.returnOrderApi = p.returnOrderApi ? { ...p.returnOrderApi } : null;
	if (p.apiTemplates !== undefined) next.apiTemplates = p.apiTemplates.map((t) => ({ ...t, fields: { ...t.fields } }));
	if (p.requirePostingGroupsToPost !== undefined) next.requirePostingGroupsToPost = p.requirePostingGroupsToPost;
	return next;
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

const FAULT_CODES: Record<number, [string, string]> = {
	429: ['Application_TooManyRequests', 'Too many requests reached. Retry after the cool-off period. (simulated fault)'],
	500: ['Internal_ServerError', 'An unexpected error occurred on the server. (simulated fault)'],
	502: ['BadGateway', 'The gateway received an invalid response. (simulated fault)'],
	503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please try again later. (simulated fault)'],
	504: ['GatewayTimeout', 'The request did not complete within the time limit. (simulated fault)'],
};

// ------------------------------------------------------------------------------------------------

type Service = { kind: 'api' } | { kind: 'odatav4' } | { kind: 'custom' };

export class BcSimulatorServer implements BcSimulator {
	url = '';
	port = 0;
	readonly tenantId: string;
	readonly tenantDomain: string;
	readonly environment: string;
	readonly data = new BcStore();

	private readonly server: http.Server;
	private readonly entra: EntraService;
	private readonly initialConfig: BcSimulatorConfig;
	private readonly initialSeed: BcSeedOptions;
	private readonly apiRoots: Record<string, EntityDef<ApiScope>>;
	private config: BcSimulatorConfig;
	private readonly log = new RequestLog<LoggedRequest>();
	private readonly faults = new FaultPicker(TOKEN_PATH_RE);
	private rateWindows = new Map<string, number[]>();

	constructor(options: BcStartOptions = {}) {
		this.tenantId = (options.tenantId ?? DEFAULT_TENANT_ID).toLowerCase();
		this.tenantDomain = options.tenantDomain ?? DEFAULT_TENANT_DOMAIN;
		this.environment = options.environment ?? 'production';
		this.entra = new EntraService(this.tenantId, this.tenantDomain);
		this.entra.addClient(DEFAULT_BC_CLIENT);
		for (const client of options.clients ?? []) this.addClient(client);
		this.initialConfig = applyPatch(copyConfig(DEFAULT_BC_CONFIG), options.config ?? {});
		this.config = copyConfig(this.initialConfig);
		this.applyFaultState();
		const parsedSeed = seedOptionsSchema.safeParse(options.seed ?? {});
		if (!parsedSeed.success) throw new Error(`Invalid seed options: ${formatZod(parsedSeed.error)}`);
		this.initialSeed = { ...parsedSeed.data };
		seedStore(this.data, this.initialSeed);
		this.apiRoots = buildApiDefinitions(this.data).roots;
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((err) => {
				process.stderr.write(`[bc-simulator] unhandled error: ${(err as Error)?.stack ?? String(err)}\n`);
				if (!res.headersSent) writeReply(res, { status: 500, body: bcErrorBody('Internal_ServerError', 'Internal simulator error') });
				else res.destroy();
			});
		});
		this.server.keepAliveTimeout = 5000;
	}

	get apiBase(): string {
		return `${this.url}/v2.0/${this.tenantId}/${this.environment}/api/v2.0`;
	}

	get odataBase(): string {
		return `${this.url}/v2.0/${this.tenantId}/${this.environment}/ODataV4`;
	}

	get tokenUrl(): string {
		return `${this.url}/${this.tenantId}/oauth2/v2.0/token`;
	}

	async listen(port = 0): Promise<void> {
		const bound = await listenLocal(this.server, port);
		this.port = bound.port;
		this.url = bound.url;
	}

	close(): Promise<void> {
		return closeServer(this.server);
	}

	// --- public control API ----------------------------------------------------------------------

	reset(seed?: BcSeedOptions): void {
		const parsed = seedOptionsSchema.safeParse({ ...this.initialSeed, ...(seed ?? {}) });
		if (!parsed.success) throw new Error(`Invalid seed options: ${formatZod(parsed.error)}`);
		seedStore(this.data, parsed.data);
		this.log.reset();
		this.config = copyConfig(this.initialConfig);
		this.applyFaultState();
		this.rateWindows.clear();
	}

	configure(patch: BcConfigPatch): void {
		this.config = applyPatch(this.config, patch);
		if (patch.faults !== undefined || patch.faultSeed !== undefined) this.applyFaultState();
		if (patch.rateLimit !== undefined) this.rateWindows.clear();
	}

	getConfig(): BcSimulatorConfig {
		return copyConfig(this.config);
	}

	requests(filter: RequestFilter = {}): LoggedRequest[] {
		return this.log.list(filter);
	}

	clearRequests(): void {
		this.log.clear();
	}

	addClient(client: BcClient): void {
		const parsed = clientSchema.safeParse(client);
		if (!parsed.success) throw new Error(`Invalid client: ${formatZod(parsed.error)}`);
		this.entra.addClient(parsed.data);
	}

	/** Company by id or name (default: the main company). */
	companyData(ref?: string): CompanyData {
		if (ref === undefined || ref === '') return this.data.mainCompany();
		const cd = this.data.company(ref);
		if (!cd) throw bcError(404, 'Internal_CompanyNotFound', `The company '${ref}' does not exist.`);
		return cd;
	}

	// --- internals ---------------------------------------------------------------------------------

	private applyFaultState(): void {
		this.faults.reset(this.config.faults, this.config.faultSeed);
	}

	private faultReply(status: number, tokenPath: boolean, retryAfter?: number): Reply {
		const headers: Record<string, string> = {};
		if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
		if (tokenPath) {
			const body = new EntraError(status, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again. (simulated fault)').body(this.url);
			return { status, headers, body };
		}
		const [code, message] = FAULT_CODES[status] ?? ['Unknown', `Simulated ${status} fault`];
		return { status, headers, body: bcErrorBody(code, message) };
	}

	/** Sliding-window request counter per client; true when the request is over the limit. */
	private rateLimited(clientId: string): boolean {
		const limit = this.config.rateLimit;
		if (!limit) return false;
		const now = Date.now();
		const windowStart = now - limit.windowSeconds * 1000;
		const stamps = (this.rateWindows.get(clientId) ?? []).filter((t) => t > windowStart);
		if (stamps.length >= limit.maxRequests) {
			this.rateWindows.set(clientId, stamps);
			return true;
		}
		stamps.push(now);
		this.rateWindows.set(clientId, stamps);
		return false;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const incoming = await readRequest(req, res);
		if (!incoming) return;
		const { url, path, method, rawBody } = incoming;
		if (isControlPath(path)) {
			writeReply(res, this.handleControl(method, path, url.searchParams, rawBody));
			return;
		}

		const contentType = req.headers['content-type'];
		const entry: LoggedRequest = {
			seq: this.log.nextSeq(),
			time: new Date().toISOString(),
			method,
			path,
			query: redact(queryRecord(url.searchParams)) as LoggedRequest['query'],
			status: 0,
			authorized: false,
			...loggableBody(rawBody, contentType),
		};
		if (contentType) entry.contentType = contentType;
		const ifMatch = req.headers['if-match'];
		if (typeof ifMatch === 'string') entry.ifMatch = ifMatch;
		const prefer = req.headers.prefer;
		if (typeof prefer === 'string') entry.prefer = prefer;
		this.log.push(entry);

		if (this.config.latencyMs > 0) await sleep(this.config.latencyMs);

		const tokenMatch = TOKEN_PATH_RE.exec(path);
		const send = (reply: Reply) => {
			const late = reply.status < 300 ? this.faults.pick(method, path, true) : undefined;
			if (late) {
				const status = fireFault(late, entry, req.socket, true);
				if (status === undefined) return;
				writeReply(res, this.faultReply(status, !!tokenMatch));
				return;
			}
			entry.status = reply.status;
			const errorCode = (reply.body as { error?: { code?: unknown } } | undefined)?.error?.code;
			if (reply.status >= 400 && typeof errorCode === 'string') entry.errorCode = errorCode;
			writeReply(res, reply);
		};

		if (!tokenMatch && this.config.outage) {
			entry.fault = 'outage';
			entry.status = 503;
			const reply = this.faultReply(503, false, this.config.outageRetryAfterSeconds);
			reply.body = bcErrorBody('ServiceUnavailable', 'The service is temporarily unavailable. Please try again later. (simulated outage)');
			writeReply(res, reply);
			return;
		}

		const fault = this.faults.pick(method, path);
		if (fault) {
			const status = fireFault(fault, entry, req.socket);
			if (status === undefined) return;
			writeReply(res, this.faultReply(status, !!tokenMatch, status === 429 ? fault.retryAfterSeconds : undefined));
			return;
		}

		try {
			if (tokenMatch) {
				send(this.handleToken(method, safeDecode(tokenMatch[1]), rawBody, contentType, req.headers.authorization, entry));
				return;
			}
			send(this.handleBc(method, path, url, rawBody, req, entry));
		} catch (err) {
			if (err instanceof BcError) {
				send({ status: err.status, body: err.body(), headers: { ...err.headers, 'OData-Version': '4.0' } });
				return;
			}
			if (err instanceof EntraError) {
				send({ status: err.status, body: err.body(this.url) });
				return;
			}
			process.stderr.write(`[bc-simulator] ${method} ${path} failed: ${(err as Error)?.stack ?? String(err)}\n`);
			send({ status: 500, body: bcErrorBody('Internal_ServerError', 'Internal simulator error') });
		}
	}

	private handleToken(
		method: string,
		tenant: string,
		rawBody: Buffer,
		contentType: string | undefined,
		authorization: string | undefined,
		entry: LoggedRequest,
	): Reply {
		if (method !== 'POST') {
			throw new EntraError(400, 'invalid_request', 900561, "The endpoint only accepts POST requests. Received a GET request.");
		}
		if (!(contentType ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
			throw new EntraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
		}
		const form = firstValues(new URLSearchParams(rawBody.toString('utf8')));
		const issued = this.entra.issueToken(tenant, form, authorization, this.config.tokenTtlSeconds);
		entry.authorized = true;
		entry.tokenId = issued.record.id;
		entry.clientId = issued.record.clientId;
		return { status: 200, body: issued.body, headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' } };
	}

	/** `/v2.0/{tenant}/{environment}/{api/v2.0 | ODataV4 | api/<publisher>/<group>/<version>}/…` */
	private handleBc(method: string, path: string, url: URL, rawBody: Buffer, req: IncomingMessage, entry: LoggedRequest): Reply {
		const raw = path.split('/').slice(1);
		if (raw[0] !== 'v2.0' || raw.length < 3) throw resourceNotFound(safeDecode(raw[0] ?? ''));
		// the tenant segment is optional: /v2.0/{environment}/api/… uses the token's tenant
		let tenantSegment: string | undefined;
		let rest: string[];
		if (raw[2] === 'api' || raw[2] === 'ODataV4') {
			rest = raw.slice(1);
		} else {
			tenantSegment = safeDecode(raw[1]);
			rest = raw.slice(2);
		}

		// authentication
		const presented = parseBearer(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
		if (presented) entry.tokenId = tokenIdOf(presented);
		const token: BcTokenRecord | undefined = presented ? this.entra.verify(presented) : undefined;
		const authorizationUri = `${this.url}/${this.tenantId}/oauth2/authorize`;
		if (!token) throw unauthorized(authorizationUri);
		entry.clientId = token.clientId;
		const client = this.entra.getClient(token.clientId);
		if (!client || client.enabledInBc === false) throw unauthorized(authorizationUri);
		if (tenantSegment !== undefined && !this.entra.isTenant(tenantSegment)) throw unauthorized(authorizationUri);
		entry.authorized = true;

		if (this.rateLimited(token.clientId)) {
			const headers: Record<string, string> = {};
			if (this.config.rateLimit?.retryAfterSeconds !== undefined) headers['Retry-After'] = String(this.config.rateLimit.retryAfterSeconds);
			return {
				status: 429,
				headers,
				body: bcErrorBody('Application_TooManyRequests', `Too many requests reached. Actual (${this.config.rateLimit!.maxRequests + 1}). Maximum (${this.config.rateLimit!.maxRequests}).`),
			};
		}

		const environment = safeDecode(rest[0]);
		if (environment !== this.environment) throw resourceNotFound(environment);
		const tenantPart = tenantSegment !== undefined ? `/${raw[1]}` : '';
		const envRoot = `${this.url}/v2.0${tenantPart}/${rest[0]}`;
		const query = firstValues(url.searchParams);
		const scope: ApiScope = { store: this.data, config: this.config, serviceRoot: '' };

		let service: Service;
		let roots: Record<string, EntityDef<ApiScope>>;
		let segments: string[];
		let serviceRoot: string;
		if (rest[1] === 'api' && rest[2] === 'v2.0') {
			service = { kind: 'api' };
			roots = this.apiRoots;
			segments = rest.slice(3);
			serviceRoot = `${envRoot}/api/v2.0`;
		} else if (rest[1] === 'ODataV4') {
			service = { kind: 'odatav4' };
			roots = buildODataV4Roots(this.data, this.config.postingGroupEndpoint.odataServiceName);
			roots.Company = { ...roots.Company, navs: { ...roots.Company.navs, ...trackingPageNavs(this.data, this.config.shipmentTracking.odataServiceName) } };
			segments = rest.slice(2);
			serviceRoot = `${envRoot}/ODataV4`;
		} else if (rest[1] === 'api') {
			const [publisher, group, version] = rest.slice(2, 5);
			const pages = this.extensionApiPages(publisher, group, version);
			if (!pages) throw resourceNotFound(safeDecode(rest.slice(2, 5).join('/')));
			service = { kind: 'custom' };
			roots = { companies: { ...this.apiRoots.companies, navs: pages } };
			segments = rest.slice(5);
			serviceRoot = `${envRoot}/api/${publisher}/${group}/${version}`;
		} else {
			throw resourceNotFound(safeDecode(rest[1] ?? ''));
		}
		scope.serviceRoot = serviceRoot;
		if (segments.length > 0 && segments[segments.length - 1] === '') segments = segments.slice(0, -1);
		segments = segments.map(safeDecode);
		if (segments.length === 0) {
			// service document
			return {
				status: 200,
				contentType: JSON_CONTENT_TYPE,
				headers: { 'OData-Version': '4.0' },
				body: {
					'@odata.context': `${serviceRoot}/$metadata`,
					value: Object.keys(roots).map((name) => ({ name, kind: 'EntitySet', url: name })),
				},
			};
		}
		// `?company=<id|name>` instead of `companies(<id>)/` (API services)
		if (service.kind !== 'odatav4' && !segments[0].startsWith('companies')) {
			const ref = query.company;
			const cd = ref ? this.data.company(ref) : undefined;
			if (!cd) {
				throw bcError(
					400,
					'Internal_CompanyNotFound',
					'Cannot process the request because the default company cannot be found. You can specify a default company in the service configuration file, or specify one for each tenant, or you can add a query string in the form of "company=[name]". You can see the available companies by accessing the default OData web service, Company. For more information, see "OData Web Services" in Help',
				);
			}
			segments = [`companies(${cd.company.id})`, ...segments];
		}
		const result: ODataResponse = handleOData(roots, scope, {
			method,
			segments,
			query,
			headers: req.headers,
			rawBody,
			serviceRoot,
			requestUrl: `${this.url}${url.pathname}${url.search}`,
			maxPageSize: this.config.maxPageSize,
		});
		return { ...result, headers: { ...(result.headers ?? {}), 'OData-Version': '4.0' } };
	}

	/**
	 * The API pages that installed extensions publish under `api/<publisher>/<group>/<version>` (pages of one
	 * extension share that route); undefined when none does.
	 */
	private extensionApiPages(publisher: string, group: string, version: string): Record<string, NavDef<ApiScope>> | undefined {
		const installed: Array<[CustomApiRoute | null, (route: CustomApiRoute) => Record<string, NavDef<ApiScope>>]> = [
			[this.config.postingGroupEndpoint.customApi, (route) => buildCustomApiRoots(this.data, this.apiRoots.companies, route).companies.navs ?? {}],
			[this.config.shipmentTracking.customApi, (route) => trackingApiNavs(this.data, route)],
			[this.config.returnOrderApi, (route) => returnOrderApiNavs(this.data, route)],
		];
		let pages: Record<string, NavDef<ApiScope>> | undefined;
		for (const [route, navs] of installed) {
			if (!route || route.publisher !== publisher || route.group !== group || route.version !== version) continue;
			pages = { ...pages, ...navs(route) };
		}
		return pages;
	}

	private handleControl(method: string, path: string, params: URLSearchParams, raw: Buffer): Reply {
		let body: unknown = {};
		if (raw.length > 0) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch (e) {
				return { status: 400, body: { error: `Request body is not valid JSON: ${(e as Error).message}` } };
			}
		}
		const route = `${method} ${path.replace(/\/$/, '')}`;
		const parse = <T>(schema: z.ZodType<T>): T => {
			const parsed = schema.safeParse(body);
			if (!parsed.success) throw new Error(formatZod(parsed.error));
			return parsed.data;
		};
		try {
			switch (route) {
				case 'POST /__control/reset': {
					this.reset(parse(seedOptionsSchema));
					return { status: 200, body: { ok: true, counts: this.data.counts(), info: this.data.info } };
				}
				case 'POST /__control/config':
					this.configure(body as BcConfigPatch);
					return { status: 200, body: { ok: true, config: this.getConfig() } };
				case 'GET /__control/config':
					return { status: 200, body: this.getConfig() };
				case 'GET /__control/requests': {
					const requestFilter = controlRequestFilter(params.get('path'), params.get('method'));
					if ('error' in requestFilter) return { status: 400, body: { error: requestFilter.error } };
					return { status: 200, body: { requests: this.requests(requestFilter.filter) } };
				}
				case 'DELETE /__control/requests':
					this.clearRequests();
					return { status: 200, body: { ok: true } };
				case 'POST /__control/clients':
					this.addClient(body as BcClient);
					return { status: 201, body: { ok: true } };
				case 'POST /__control/outage': {
					const b = (body ?? {}) as { retryAfterSeconds?: number };
					this.configure({ outage: true, ...(b.retryAfterSeconds !== undefined ? { outageRetryAfterSeconds: b.retryAfterSeconds } : {}) });
					return { status: 200, body: { ok: true, outage: true } };
				}
				case 'DELETE /__control/outage':
					this.configure({ outage: false });
					return { status: 200, body: { ok: true, outage: false } };
				case 'GET /__control/state':
					return {
						status: 200,
						body: {
							url: this.url,
							tenantId: this.tenantId,
							tenantDomain: this.tenantDomain,
							environment: this.environment,
							apiBase: this.apiBase,
							odataBase: this.odataBase,
							tokenUrl: this.tokenUrl,
							counts: this.data.counts(),
							info: this.data.info,
							config: this.getConfig(),
							requestCount: this.log.size,
							tokenCount: this.entra.tokenCount(),
							companies: this.data.dump(),
						},
					};
				case 'POST /__control/shipments': {
					const spec = parse(shipmentSchema);
					const cd = this.companyData(spec.company);
					const order = cd.salesOrders.find(
						(o) =>
							(spec.salesOrderId !== undefined && o.id === spec.salesOrderId.toLowerCase()) ||
							(spec.salesOrderNumber !== undefined && o.number === spec.salesOrderNumber.toUpperCase()) ||
							(spec.externalDocumentNumber !== undefined && o.externalDocumentNumber === spec.externalDocumentNumber.toUpperCase()),
					);
					if (!order) return { status: 404, body: bcErrorBody('BadRequest_NotFound', 'The Sales Header does not exist.') };
					const shipment = this.data.postShipment(cd, order, spec, spec.force ? false : this.config.requirePostingGroupsToPost);
					return { status: 201, body: { ok: true, shipment } };
				}
				case 'POST /__control/shipment-tracking': {
					const spec = parse(shipmentTrackingSchema);
					const cd = this.companyData(spec.company);
					const shipment = cd.salesShipments.find((s) => s.number === spec.shipmentNumber.toUpperCase());
					if (!shipment) return { status: 404, body: bcErrorBody('BadRequest_NotFound', 'The Sales Shipment Header does not exist.') };
					const { company, shipmentNumber, ...update } = spec;
					void company;
					void shipmentNumber;
					return { status: 200, body: { ok: true, shipment: this.data.updateShipmentTracking(shipment, update) } };
				}
				case 'POST /__control/return-orders': {
					const spec = parse(returnOrderSchema);
					const cd = this.companyData(spec.company);
					const ro = this.data.createReturnOrder(cd, spec);
					return { status: 201, body: { ok: true, returnOrder: { id: ro.id, number: ro.number, customerNumber: ro.customerNumber, lines: ro.lines.length } } };
				}
				case 'POST /__control/items': {
					const spec = parse(itemSchema);
					const cd = this.companyData(spec.company);
					const existed = !!this.data.itemByNumber(cd, spec.number);
					const { company, ...values } = spec;
					void company;
					const item = this.data.upsertItem(cd, values);
					return { status: existed ? 200 : 201, body: { ok: true, item } };
				}
				case 'POST /__control/inventory': {
					const spec = parse(inventorySchema);
					const cd = this.companyData(spec.company);
					const item = this.data.itemByNumber(cd, spec.number);
					if (!item) return { status: 404, body: bcErrorBody('BadRequest_NotFound', `The Item does not exist. Identification fields and values: No.='${spec.number}'`) };
					const entry = this.data.setInventory(cd, item, spec.inventory);
					return { status: 200, body: { ok: true, item: { id: item.id, number: item.number, inventory: item.inventory }, entry } };
				}
				case 'POST /__control/customers': {
					const spec = parse(customerSchema);
					const cd = this.companyData(spec.company);
					const { company, customerPostingGroup, genBusPostingGroup, vatBusPostingGroup, pricesIncludingVat, ...apiValues } = spec;
					void company;
					const groups = { customerPostingGroup, genBusPostingGroup, vatBusPostingGroup };
					this.data.checkPostingGroups(cd, groups);
					const customer = this.data.createCustomer(cd, apiValues, this.config.apiTemplates);
					this.data.setPostingGroups(cd, customer, groups);
					if (pricesIncludingVat !== undefined) customer.pricesIncludingVat = pricesIncludingVat;
					return { status: 201, body: { ok: true, customer } };
				}
				case 'POST /__control/return-receipts':
				case 'POST /__control/return-reasons':
					return returnsControl(this.data, route, body, (company) => this.companyData(company))!;
				default:
					return { status: 404, body: { error: `Unknown control endpoint ${method} ${path}` } };
			}
		} catch (err) {
			if (err instanceof BcError) return { status: err.status, body: err.body() };
			return { status: 400, body: { error: (err as Error).message } };
		}
	}
}

export async function startBcSimulator(options: BcStartOptions = {}): Promise<BcSimulator> {
	const simulator = new BcSimulatorServer(options);
	await simulator.listen(options.port ?? 0);
	return simulator;
}
