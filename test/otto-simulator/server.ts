/**
 * HTTP core of the OTTO Market API simulator: request log, latency, fault injection, authentication,
 * scope check, routing, error handling and the `/__control/*` API. Interfaces live in routes/*.ts.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AuthService, DEFAULT_CLIENT, parseBearer, tokenIdOf, type TokenRecord } from './auth';
import { ApiError, errorBody } from './errors';
import { injectOrders, injectOrdersSchema } from './inject';
import { Random } from './prng';
import { Router, type RouteContext, type RouteModule, type RouteResponse } from './router';
import { ROUTE_MODULES } from './routes';
import { generateSeed } from './seed';
import { SimulatorStore } from './store';
import type {
	FaultRule,
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

const MAX_BODY_BYTES = 50 * 1024 * 1024;
const MAX_LOG_ENTRIES = 100_000;
const CONTROL_PREFIX = '/__control';
/** Token-issuing endpoints: only faulted by rules whose `path` explicitly matches them. */
const TOKEN_PATH_RE = /^\/v1\/token\/?$|^\/v1\/apps\/[^/]+\/installations\/[^/]+\/accessToken\/?$/;
/** Keys whose values never reach the request log. */
const SECRET_KEY_RE = /secret|password|passwd|token|authorization|assertion|api[-_]?key/i;
/** Secrets inside free text: form-style pairs, bearer/basic credentials, JWT-looking tokens. */
const SECRET_TEXT_RES: Array<[RegExp, string]> = [
	[/((?:client_secret|password|refresh_token|access_token|client_assertion|assertion)=)[^&\s]*/gi, '$1***'],
	[/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***'],
	[/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '***'],
];

// ------------------------------------------------------------------------------------------------
// schemas for configuration / control bodies

const faultRuleSchema = z
	.object({
		type: z.enum(['429', '500', '502', '503', '504', 'drop']),
		rate: z.number().min(0).max(1).optional(),
		path: z
			.string()
			.refine((p) => {
				try {
					new RegExp(p);
					return true;
				} catch {
					return false;
				}
			}, 'is not a valid regular expression')
			.optional(),
		method: z.string().optional(),
		count: z.number().int().min(0).optional(),
		skip: z.number().int().min(0).optional(),
		retryAfterSeconds: z.number().min(0).optional(),
		after: z.boolean().optional(),
	})
	.strict();

const configPatchSchema = z
	.object({
		tokenTtlSeconds: z.number().positive().optional(),
		latencyMs: z.number().min(0).optional(),
		faults: z.array(faultRuleSchema).optional(),
		faultSeed: z.number().int().optional(),
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

function formatZod(error: z.ZodError): string {
	return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

// ------------------------------------------------------------------------------------------------
// helpers

function queryRecord(params: URLSearchParams): QueryRecord {
	const out: QueryRecord = {};
	for (const [key, value] of params) {
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else out[key] = [existing, value];
	}
	return out;
}

function redactText(text: string): string {
	let out = text;
	for (const [re, replacement] of SECRET_TEXT_RES) out = out.replace(re, replacement);
	return out;
}

/** Deep copy with secret-looking keys replaced by "***" and secrets in strings masked. */
function redact(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return redactText(value);
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEY_RE.test(k) ? '***' : redact(v, depth + 1);
	return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseRequestBody(raw: Buffer, contentType: string | undefined): { value?: unknown; error?: string } {
	if (raw.length === 0) return {};
	const ct = (contentType ?? '').toLowerCase();
	const text = raw.toString('utf8');
	if (ct.includes('application/x-www-form-urlencoded')) {
		const out: Record<string, string> = {};
		for (const [k, v] of new URLSearchParams(text)) if (!(k in out)) out[k] = v;
		return { value: out };
	}
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
	if (res.destroyed || res.writableEnded) return;
	let payload: Buffer | undefined;
	let contentType = response.contentType;
	if (Buffer.isBuffer(response.body)) payload = response.body;
	else if (response.body !== undefined) {
		payload = Buffer.from(JSON.stringify(response.body), 'utf8');
		contentType ??= 'application/json;charset=UTF-8';
	}
	const headers: Record<string, string | number> = { ...(response.headers ?? {}), 'Content-Length': payload ? payload.length : 0 };
	if (contentType) headers['Content-Type'] = contentType;
	res.writeHead(response.status, headers);
	res.end(payload);
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		timer.unref();
	});
}

function deepCopyConfig(config: SimulatorConfig): SimulatorConfig {
	return { ...config, faults: config.faults.map((f) => ({ ...f })) };
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
	private log: LoggedRequest[] = [];
	private seq = 0;
	private faultHits: number[] = [];
	private faultPassed: number[] = [];
	private faultRegexes: Array<RegExp | undefined> = [];
	private faultRng = new Random(1);

	constructor(options: StartOptions & { modules?: RouteModule[] } = {}) {
		this.auth = new AuthService(() => `${this.url}/sec-api/auth/realms/otto-partner`);
		this.auth.addClient(DEFAULT_CLIENT);
		for (const client of options.clients ?? []) this.addClient(client);
		this.router = new Router([...ROUTE_MODULES, ...(options.modules ?? [])]);
		this.initialConfig = this.validatedConfig({ ...deepCopyConfig(DEFAULT_CONFIG), ...(options.config ?? {}) });
		this.config = deepCopyConfig(this.initialConfig);
		this.applyFaultState();
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

	listen(port = 0): Promise<void> {
		return new Promise((resolve, reject) => {
			const onError = (err: Error) => reject(err);
			this.server.once('error', onError);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', onError);
				const address = this.server.address() as AddressInfo;
				this.port = address.port;
				this.url = `http://127.0.0.1:${address.port}`;
				resolve();
			});
		});
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			if (!this.server.listening) {
				resolve();
				return;
			}
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// --- public control API ----------------------------------------------------------------------

	reset(seed?: SeedOptions): void {
		const options = { ...this.initialSeed, ...(seed ?? {}) };
		const parsed = seedOptionsSchema.safeParse(options);
		if (!parsed.success) throw new Error(`Invalid seed options: ${formatZod(parsed.error)}`);
		this.data.load(generateSeed(parsed.data));
		this.log = [];
		this.seq = 0;
		this.config = deepCopyConfig(this.initialConfig);
		this.applyFaultState();
	}

	configure(patch: Partial<SimulatorConfig>): void {
		const parsed = configPatchSchema.safeParse(patch);
		if (!parsed.success) throw new Error(`Invalid simulator config: ${formatZod(parsed.error)}`);
		const p = parsed.data;
		this.config = {
			...this.config,
			...(p.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: p.tokenTtlSeconds } : {}),
			...(p.latencyMs !== undefined ? { latencyMs: p.latencyMs } : {}),
			...(p.faults !== undefined ? { faults: p.faults.map((f) => ({ ...f })) } : {}),
			...(p.faultSeed !== undefined ? { faultSeed: p.faultSeed } : {}),
		};
		if (p.faults !== undefined || p.faultSeed !== undefined) this.applyFaultState();
	}

	/** Current configuration (copy). */
	getConfig(): SimulatorConfig {
		return deepCopyConfig(this.config);
	}

	requests(filter: RequestFilter = {}): LoggedRequest[] {
		const method = filter.method?.toUpperCase();
		return this.log
			.filter((entry) => {
				if (method && entry.method !== method) return false;
				if (filter.path instanceof RegExp) return filter.path.test(entry.path);
				if (typeof filter.path === 'string') return entry.path === filter.path;
				return true;
			})
			.map((entry) => ({ ...entry }));
	}

	clearRequests(): void {
		this.log = [];
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
		this.faultHits = this.config.faults.map(() => 0);
		this.faultPassed = this.config.faults.map(() => 0);
		this.faultRegexes = this.config.faults.map((f) => (f.path !== undefined ? new RegExp(f.path) : undefined));
		this.faultRng = new Random(this.config.faultSeed ?? 1);
	}

	/** The fault rule that fires for this request: `after` rules only once the route has applied it (2xx). */
	private pickFault(method: string, path: string, after = false): FaultRule | undefined {
		const isTokenPath = TOKEN_PATH_RE.test(path);
		for (let i = 0; i < this.config.faults.length; i++) {
			const rule = this.config.faults[i];
			if (!!rule.after !== after) continue;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			const regex = this.faultRegexes[i];
			if (regex) {
				if (!regex.test(path)) continue;
			} else if (isTokenPath) continue;
			if (rule.count !== undefined && this.faultHits[i] >= rule.count) continue;
			if (rule.skip !== undefined && this.faultPassed[i] < rule.skip) {
				this.faultPassed[i]++;
				continue;
			}
			const rate = rule.rate ?? 1;
			if (rate < 1 && this.faultRng.next() >= rate) continue;
			this.faultHits[i]++;
			return rule;
		}
		return undefined;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		const method = (req.method ?? 'GET').toUpperCase();
		let rawBody: Buffer;
		try {
			rawBody = await readBody(req);
		} catch {
			res.destroy();
			return;
		}
		const query = queryRecord(url.searchParams);
		if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
			writeResponse(res, this.handleControl(method, path, query, rawBody, req.headers['content-type']));
			return;
		}

		const contentType = req.headers['content-type'];
		const parsedBody = parseRequestBody(rawBody, contentType);
		const entry: LoggedRequest = {
			seq: ++this.seq,
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
		if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);

		if (this.config.latencyMs > 0) await sleep(this.config.latencyMs);

		const send = (response: RouteResponse) => {
			// "Applied, then failed": the write took effect, but the client sees a 5xx or a dropped connection.
			const late = response.status < 300 ? this.pickFault(method, path, true) : undefined;
			if (late) {
				entry.fault = late.type;
				entry.applied = true;
				if (late.type === 'drop') {
					entry.status = 0;
					req.socket.destroy();
					return;
				}
				const status = Number(late.type);
				entry.status = status;
				writeResponse(res, { status, headers: {}, body: errorBody(path, status, `Simulated ${status} fault after the request was applied`) });
				return;
			}
			entry.status = response.status;
			writeResponse(res, response);
		};

		const fault = this.pickFault(method, path);
		if (fault) {
			entry.fault = fault.type;
			if (fault.type === 'drop') {
				entry.status = 0;
				req.socket.destroy();
				return;
			}
			const status = Number(fault.type);
			const headers: Record<string, string> = {};
			if (status === 429 && fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
			entry.status = status;
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
					let regex: RegExp | undefined;
					if (p) {
						try {
							regex = new RegExp(p);
						} catch {
							return { status: 400, body: { error: `path: '${p}' is not a valid regular expression` } };
						}
					}
					return { status: 200, body: { requests: this.requests({ path: regex, method: m || undefined }) } };
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
							requestCount: this.log.length,
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
