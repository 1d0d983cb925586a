/** Route table types and path matching. Route modules (routes/*.ts) export a RouteModule. */
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthService, TokenRecord } from './auth';
import type { SimulatorStore } from './store';
import type { SimulatorConfig } from './types';
import type { QueryRecord } from './validation';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
	method: string;
	/** Request pathname (raw, percent-encoded). */
	path: string;
	/** Path parameters (percent-decoded). */
	params: Record<string, string>;
	query: QueryRecord;
	/** Parsed body: JSON value, form fields (Record<string,string>), or undefined. */
	body: unknown;
	/** Set when the body could not be parsed (e.g. invalid JSON). */
	bodyError?: string;
	rawBody: Buffer;
	headers: IncomingHttpHeaders;
	data: SimulatorStore;
	auth: AuthService;
	config: Readonly<SimulatorConfig>;
	/** The verified token (seller or developer routes). */
	token?: TokenRecord;
	/** Log entry fields a handler may set (token endpoints). */
	log: { authorized: boolean; tokenId?: string };
}

export interface RouteResponse {
	status: number;
	/** Buffer = raw bytes; anything else (not undefined) = JSON. */
	body?: unknown;
	contentType?: string;
	headers?: Record<string, string>;
}

export type RouteAuth = 'seller' | 'developer' | 'none';

export interface RouteDef {
	method: HttpMethod;
	/** Path template, e.g. `/v4/orders/{salesOrderId}/cancellation` or `/v3/receipts/{receiptNumber}.pdf`. */
	pattern: string;
	/** Required scope; defaults to the scope of the interface the path belongs to. */
	scope?: string;
	/** Token kind required (default `seller`). */
	auth?: RouteAuth;
	handler: (ctx: RouteContext) => RouteResponse | Promise<RouteResponse>;
}

export interface InterfaceDef {
	/** Path prefix (segment boundary), e.g. `/v4/orders`. */
	prefix: string;
	/** Scope for all methods, or separate read (GET) / write scopes. */
	scope: string | { read: string; write: string };
}

export interface RouteModule {
	name: string;
	interfaces?: InterfaceDef[];
	routes: RouteDef[];
}

interface CompiledRoute {
	route: RouteDef;
	regex: RegExp;
	names: string[];
	literalLength: number;
}

function escapeRegex(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(route: RouteDef): CompiledRoute {
	const names: string[] = [];
	let source = '';
	let literalLength = 0;
	const re = /\{([A-Za-z0-9_]+)\}/g;
	let last = 0;
	let m: RegExpExecArray | null;
	while ((m = re.exec(route.pattern)) !== null) {
		const literal = route.pattern.slice(last, m.index);
		source += escapeRegex(literal);
		literalLength += literal.length;
		source += '([^/]+)';
		names.push(m[1]);
		last = m.index + m[0].length;
	}
	const tail = route.pattern.slice(last);
	source += escapeRegex(tail);
	literalLength += tail.length;
	return { route, regex: new RegExp(`^${source}/?$`), names, literalLength };
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

export interface RouteMatch {
	route: RouteDef;
	params: Record<string, string>;
}

export class Router {
	private readonly compiled: CompiledRoute[];
	private readonly interfaces: InterfaceDef[];

	constructor(modules: RouteModule[]) {
		this.compiled = modules
			.flatMap((m) => m.routes.map(compile))
			// more literal characters = more specific (e.g. `/v5/products/brands` before `/v5/products/{sku}`)
			.sort((a, b) => b.literalLength - a.literalLength);
		this.interfaces = modules.flatMap((m) => m.interfaces ?? []).sort((a, b) => b.prefix.length - a.prefix.length);
	}

	/** All routes whose pattern matches the path (any method), most specific first. */
	match(path: string): RouteMatch[] {
		const out: RouteMatch[] = [];
		for (const c of this.compiled) {
			const m = c.regex.exec(path);
			if (!m) continue;
			const params: Record<string, string> = {};
			c.names.forEach((name, i) => (params[name] = safeDecode(m[i + 1])));
			out.push({ route: c.route, params });
		}
		return out;
	}

	/** Scope of the interface the path belongs to (undefined for unknown interfaces). */
	interfaceScope(path: string, method: string): string | undefined {
		for (const def of this.interfaces) {
			if (path === def.prefix || path.startsWith(`${def.prefix}/`)) {
				if (typeof def.scope === 'string') return def.scope;
				return method === 'GET' || method === 'HEAD' ? def.scope.read : def.scope.write;
			}
		}
		return undefined;
	}
}
