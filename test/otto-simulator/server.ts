/**
 * HTTP core of the OTTO Market API simulator: request log, latency, fault injection, authentication,
 * scope check, routing, error handling and the `/__control/*` API. Interfaces live in routes/*.ts.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { FaultPicker, faultRuleSchema, fireFault, formatZod } from '../simulator-core/faults';
import { closeServer, isControlPath, listenLocal, readRequest, sleep, writeReply } from '../simulator-core/http';
import { controlRequestFilter, firstValues, queryRecord, redact, RequestLog } from '../simulator-core/log';
import { monotonicMs, rateLimitSchema, TokenBucket } from '../simulator-core/rateLimit';
import { AuthService, DEFAULT_CLIENT, parseBearer, tokenIdOf, type TokenRecord } from './auth';
import { ApiError, errorBody } from './errors';
import {
	announceReturns,
	announceReturnsSchema,
	failReportSchema,
	injectKeywords,
	injectKeywordsSchema,
	injectOrders,
	injectOrdersSchema,
} from './inject';
import { Router, type RouteContext, type RouteModule, type RouteResponse } from './router';
import { ROUTE_MODULES } from './routes';
import { generateSeed } from './seed';
import { SimulatorStore } from './store';
import type {
	LoggedRequest,
	OttoSimulator,
	RequestFilter,
	SeedOptions,
	SimulatorClient,
	SimulatorConfig,
	StartOptions,
} from './types';
import type { QueryRecord } from './validation';

export const DEFAULT_CONFIG: SimulatorConfig = Object.freeze({ tokenTtlSeconds: 1800, latencyMs: 0, faults: [] }) as SimulatorConfig;

/** Token-issuing endpoints: only faulted by rules whose `path` explicitly matches them. */
const TOKEN_PATH_RE = /^\/v1\/token\/?$|^\/v1\/apps\/[^/]+\/installations\/[^/]+\/accessToken\/?$/;

// ------------------------------------------------------------------------------------------------
// schemas for configuration / control bodies

const configPatchSchema = z
	.object({
		tokenTtlSeconds: z.number().positive().optional(),
		latencyMs: z.number().min(0).optional(),
		faults: z.array(faultRuleSchema).optional(),
		faultSeed: z.number().int().optional(),
		rateLimit: rateLimitSchema.nullable().optional(),
		ads: z
			.object({
				changeRequestPolls: z.number().int().min(0).max(10_000).optional(),
				reportPolls: z.number().int().min(0).max(10_000).optional(),
				retryAfterSeconds: z.number().min(0).max(3600).optional(),
			})
			.strict()
			.optional(),
	})
	.strict();

const seedOptionsSchema = z
	.object({
		seed: z.number().int().optional(),
		orders: z.number().int().min(0).max(200_000).optional(),
		products: z.number().int().min(1).max(100_000).optional(),
		brands: z.number().int().min(1).max(100_000).optional(),
		shippingProfiles: z.number().int().min(0).max(100_000).optional(),
		now: z.union([z.string(), z.number()]).optional(),
	})
	.strict();

const clientSchema = z
	.object({
		clientId: z.string().min(1),
		clientSecret: z.string(),
		scopes: z.array(z.string()),
		appId: z.string().optional(),
		installationId: z.string().optional(),
		partnerId: z.string().optional(),
	})
	.strict();

// ------------------------------------------------------------------------------------------------
// helpers

function parseRequestBody(raw: Buffer, contentType: string | undefined): { value?: unknown; error?: string } {
	if (raw.length === 0) return {};
	const ct = (contentType ?? '').toLowerCase();
	const text = raw.toString('utf8');
	if (ct.includes('application/x-www-form-urlencoded')) return { value: firstValues(new URLSearchParams(text)) };
	if (ct === '' || ct.includes('json')) {
		try {
			return { value: JSON.parse(text) };
		} catch (e) {
			return { value: text, error: `Request body is not valid JSON: ${(e as Error).message}` };
		}
	}
	return { value: text };
}

function writeResponse(res: ServerResponse, response: RouteResponse): void {
	writeReply(res, response, 'application/json;charset=UTF-8');
}

function deepCopyConfig(config: SimulatorConfig): SimulatorConfig {
	const { rateLimit, ads, ...rest } = config;
	// `rateLimit` appears only while a limit is set, `ads` only while one of its fields is set.
	return {
		...rest,
		faults: config.faults.map((f) => ({ ...f })),
		...(ads ? { ads: { ...ads } } : {}),
		...(rateLimit ? { rateLimit: { ...rateLimit } } : {}),
	};
}

// ------------------------------------------------------------------------------------------------

export class SimulatorServer implements OttoSimulator {
	url = '';
	port = 0;
	readonly data = new SimulatorStore();

	private readonly server: http.Server;
	private readonly router: Router;
	private readonly auth: AuthService;
	private readonly initialConfig: SimulatorConfig;
	private readonly initialSeed: SeedOptions;
	private config: SimulatorConfig;
	private readonly log = new RequestLog<LoggedRequest>();
	private readonly faults = new FaultPicker(TOKEN_PATH_RE);
	private readonly clock: () => number;
	private bucket: TokenBucket | undefined;

	constructor(options: StartOptions & { modules?: RouteModule[] } = {}) {
		this.clock = options.clock ?? monotonicMs;
		this.auth = new AuthService(() => `${this.url}/sec-api/auth/realms/otto-partner`);
		this.auth.addClient(DEFAULT_CLIENT);
		for (const client of options.clients ?? []) this.addClient(client);
		this.router = new Router([...ROUTE_MODULES, ...(options.modules ?? [])]);
		this.initialConfig = this.validatedConfig({ ...deepCopyConfig(DEFAULT_CONFIG), ...(options.config ?? {}) });
		this.config = deepCopyConfig(this.initialConfig);
		this.applyFaultState();
		this.applyRateLimit();
		this.initialSeed = { ...(options.seed ?? {}) };
		this.data.load(generateSeed(this.initialSeed));
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((err) => {
				process.stderr.write(`[otto-simulator] unhandled error: ${(err as Error)?.stack ?? String(err)}\n`);
				if (!res.headersSent) writeResponse(res, { status: 500, body: errorBody(req.url ?? '/', 500, 'Internal simulator error') });
				else res.destroy();
			});
		});
		this.server.keepAliveTimeout = 5000;
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

	reset(seed?: SeedOptions): void {
		const options = { ...this.initialSeed, ...(seed ?? {}) };
		const parsed = seedOptionsSchema.safeParse(options);
		if (!parsed.success) throw new Error(`Invalid seed options: ${formatZod(parsed.error)}`);
		this.data.load(generateSeed(parsed.data));
		this.log.reset();
		this.config = deepCopyConfig(this.initialConfig);
		this.applyFaultState();
		this.applyRateLimit();
	}

	configure(patch: Partial<SimulatorConfig>): void {
		const parsed = configPatchSchema.safeParse(patch);
		if (!parsed.success) throw new Error(`Invalid simulator config: ${formatZod(parsed.error)}`);
		const p = parsed.data;
		const { rateLimit: currentLimit, ...current } = this.config;
		const rateLimit = p.rateLimit !== undefined ? p.rateLimit : currentLimit;
		this.config = {
			...current,
			...(p.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: p.tokenTtlSeconds } : {}),
			...(p.latencyMs !== undefined ? { latencyMs: p.latencyMs } : {}),
			...(p.faults !== undefined ? { faults: p.faults.map((f) => ({ ...f })) } : {}),
			...(p.faultSeed !== undefined ? { faultSeed: p.faultSeed } : {}),
			...(p.ads !== undefined ? { ads: { ...(current.ads ?? {}), ...p.ads } } : {}),
			...(rateLimit ? { rateLimit: { ...rateLimit } } : {}),
		};
		if (p.faults !== undefined || p.faultSeed !== undefined) this.applyFaultState();
		// A new limit starts with a full bucket.
		if (p.rateLimit !== undefined) this.applyRateLimit();
	}

	/** Current configuration (copy). */
	getConfig(): SimulatorConfig {
		return deepCopyConfig(this.config);
	}

	requests(filter: RequestFilter = {}): LoggedRequest[] {
		return this.log.list(filter);
	}

	clearRequests(): void {
		this.log.clear();
	}

	addClient(client: SimulatorClient): void {
		const parsed = clientSchema.safeParse(client);
		if (!parsed.success) throw new Error(`Invalid client: ${formatZod(parsed.error)}`);
		this.auth.addClient(parsed.data);
	}

	// --- internals ---------------------------------------------------------------------------------

	private validatedConfig(config: SimulatorConfig): SimulatorConfig {
		const parsed = configPatchSchema.safeParse(config);
		if (!parsed.success) throw new Error(`Invalid simulator config: ${formatZod(parsed.error)}`);
		return config;
	}

	private applyFaultState(): void {
		this.faults.reset(this.config.faults, this.config.faultSeed);
	}

	private applyRateLimit(): void {
		this.bucket = this.config.rateLimit ? new TokenBucket(this.config.rateLimit, this.clock) : undefined;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const incoming = await readRequest(req, res);
		if (!incoming) return;
		const { url, path, method, rawBody } = incoming;
		const query = queryRecord(url.searchParams);
		if (isControlPath(path)) {
			writeResponse(res, this.handleControl(method, path, query, rawBody, req.headers['content-type']));
			return;
		}

		const contentType = req.headers['content-type'];
		const parsedBody = parseRequestBody(rawBody, contentType);
		const entry: LoggedRequest = {
			seq: this.log.nextSeq(),
			time: new Date().toISOString(),
			method,
			path,
			query: redact(query) as LoggedRequest['query'],
			status: 0,
			authorized: false,
		};
		if (parsedBody.value !== undefined) entry.body = redact(parsedBody.value);
		if (contentType) entry.contentType = contentType;
		this.log.push(entry);

		if (this.config.latencyMs > 0) await sleep(this.config.latencyMs);

		// Rate limit (token bucket): the token endpoints are never limited; a refused request takes no token.
		if (this.bucket && !TOKEN_PATH_RE.test(path)) {
			const waitSeconds = this.bucket.take();
			if (waitSeconds > 0) {
				entry.status = 429;
				entry.rateLimited = true;
				const { requestsPerSecond } = this.bucket.config;
				writeResponse(res, {
					status: 429,
					headers: { 'Retry-After': this.bucket.retryAfter(waitSeconds) },
					body: errorBody(path, 429, `Rate limit exceeded: at most ${requestsPerSecond} requests per second`),
				});
				return;
			}
		}

		const send = (response: RouteResponse) => {
			// "Applied, then failed": the write took effect, but the client sees a 5xx or a dropped connection.
			const late = response.status < 300 ? this.faults.pick(method, path, true) : undefined;
			if (late) {
				const status = fireFault(late, entry, req.socket, true);
				if (status === undefined) return;
				writeResponse(res, { status, headers: {}, body: errorBody(path, status, `Simulated ${status} fault after the request was applied`) });
				return;
			}
			entry.status = response.status;
			writeResponse(res, response);
		};

		const fault = this.faults.pick(method, path);
		if (fault) {
			const status = fireFault(fault, entry, req.socket);
			if (status === undefined) return;
			const headers: Record<string, string> = {};
			if (status === 429 && fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
			writeResponse(res, {
				status,
				headers,
				body: errorBody(path, status, status === 429 ? 'Rate limit exceeded (simulated fault)' : `Simulated ${status} fault`),
			});
			return;
		}

		try {
			const matches = this.router.match(path);
			const authMode = matches.length > 0 ? matches[0].route.auth ?? 'seller' : 'seller';
			let token: TokenRecord | undefined;
			if (authMode !== 'none') {
				const authorization = req.headers.authorization;
				const presented = parseBearer(typeof authorization === 'string' ? authorization : undefined);
				if (presented) entry.tokenId = tokenIdOf(presented);
				token = presented ? this.auth.verify(presented) : undefined;
				if (!token) {
					send({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="otto-partner", error="invalid_token"' } });
					return;
				}
				if (authMode === 'developer' && token.kind !== 'developer') {
					send({ status: 403, body: errorBody(path, 403, 'This endpoint requires a developer token (scope developer).') });
					return;
				}
				if (authMode === 'seller' && token.kind === 'developer') {
					send({ status: 403, body: errorBody(path, 403, 'A developer token cannot access seller interfaces; use an installation access token.') });
					return;
				}
				entry.authorized = true;
			}
			const hit = matches.find((m) => m.route.method === method);
			if (authMode === 'seller') {
				const scope = hit?.route.scope ?? this.router.interfaceScope(path, method);
				if (scope && token && !token.scopes.includes(scope)) {
					send({
						status: 403,
						body: errorBody(path, 403, `The access token does not grant the scope '${scope}' required for this interface.`),
					});
					return;
				}
			}
			if (!hit) {
				if (matches.length > 0) {
					const allow = [...new Set(matches.map((m) => m.route.method))].join(', ');
					send({ status: 405, headers: { Allow: allow }, body: errorBody(path, 405, `Method ${method} is not allowed for ${path}`) });
				} else {
					send({ status: 404, body: errorBody(path, 404, `No resource found for ${method} ${path}`) });
				}
				return;
			}
			const ctx: RouteContext = {
				method,
				path,
				params: hit.params,
				query,
				body: parsedBody.value,
				bodyError: parsedBody.error,
				rawBody,
				headers: req.headers,
				data: this.data,
				auth: this.auth,
				config: this.config,
				token,
				log: entry,
			};
			send(await hit.route.handler(ctx));
		} catch (err) {
			if (err instanceof ApiError) {
				send({ status: err.status, body: err.body, headers: err.headers });
				return;
			}
			process.stderr.write(`[otto-simulator] ${method} ${path} failed: ${(err as Error)?.stack ?? String(err)}\n`);
			send({ status: 500, body: errorBody(path, 500, 'Internal simulator error') });
		}
	}

	private handleControl(
		method: string,
		path: string,
		query: QueryRecord,
		raw: Buffer,
		contentType: string | undefined,
	): RouteResponse {
		const parsed = parseRequestBody(raw, contentType?.includes('form') ? 'application/json' : contentType);
		if (parsed.error) return { status: 400, body: { error: parsed.error } };
		const body = parsed.value ?? {};
		const route = `${method} ${path.replace(/\/$/, '')}`;
		try {
			switch (route) {
				case 'POST /__control/reset': {
					const seed = seedOptionsSchema.safeParse(body);
					if (!seed.success) return { status: 400, body: { error: formatZod(seed.error) } };
					this.reset(seed.data);
					return { status: 200, body: { ok: true, counts: this.data.counts(), info: this.data.info } };
				}
				case 'POST /__control/config': {
					this.configure(body as Partial<SimulatorConfig>);
					return { status: 200, body: { ok: true, config: this.getConfig() } };
				}
				case 'GET /__control/config':
					return { status: 200, body: this.getConfig() };
				case 'GET /__control/requests': {
					const p = Array.isArray(query.path) ? query.path[0] : query.path;
					const m = Array.isArray(query.method) ? query.method[0] : query.method;
					const requestFilter = controlRequestFilter(p, m);
					if ('error' in requestFilter) return { status: 400, body: { error: requestFilter.error } };
					return { status: 200, body: { requests: this.requests(requestFilter.filter) } };
				}
				case 'DELETE /__control/requests':
					this.clearRequests();
					return { status: 200, body: { ok: true } };
				case 'POST /__control/orders': {
					const spec = injectOrdersSchema.safeParse(body);
					if (!spec.success) return { status: 400, body: { error: formatZod(spec.error) } };
					const orders = injectOrders(this.data, spec.data);
					return { status: 201, body: { ok: true, orders: orders.map((o) => ({ salesOrderId: o.salesOrderId, orderNumber: o.orderNumber })) } };
				}
				case 'POST /__control/returns': {
					const spec = announceReturnsSchema.safeParse(body);
					if (!spec.success) return { status: 400, body: { error: formatZod(spec.error) } };
					return { status: 201, body: { ok: true, returns: announceReturns(this.data, spec.data) } };
				}
				case 'POST /__control/ads/keywords': {
					const spec = injectKeywordsSchema.safeParse(body);
					if (!spec.success) return { status: 400, body: { error: formatZod(spec.error) } };
					const keywords = injectKeywords(this.data, spec.data);
					return { status: 201, body: { ok: true, count: keywords.length, keywordIds: keywords.map((k) => k.keywordId) } };
				}
				case 'POST /__control/ads/decide': {
					const decided = this.data.ads.decideAll();
					return { status: 200, body: { ok: true, decided: decided.map((r) => this.data.ads.presentChangeRequest(r)) } };
				}
				case 'POST /__control/ads/fail-report': {
					const spec = failReportSchema.safeParse(body);
					if (!spec.success) return { status: 400, body: { error: formatZod(spec.error) } };
					const report = this.data.ads.failReport(spec.data.reportId);
					return { status: 200, body: { ok: true, reportId: report.reportId, status: report.status } };
				}
				case 'POST /__control/clients':
					this.addClient(body as SimulatorClient);
					return { status: 201, body: { ok: true } };
				case 'GET /__control/state': {
					const counts = this.data.counts();
					return {
						status: 200,
						body: {
							// entity counts top-level (state.orders) and grouped (state.counts.orders)
							...counts,
							url: this.url,
							counts,
							info: this.data.info,
							config: this.getConfig(),
							requestCount: this.log.size,
							tokenCount: this.auth.tokenCount(),
						},
					};
				}
				default:
					return { status: 404, body: { error: `Unknown control endpoint ${method} ${path}` } };
			}
		} catch (err) {
			return { status: 400, body: { error: (err as Error).message } };
		}
	}
}

export async function startSimulator(options: StartOptions & { modules?: RouteModule[] } = {}): Promise<OttoSimulator> {
	const simulator = new SimulatorServer(options);
	await simulator.listen(options.port ?? 0);
	return simulator;
}
