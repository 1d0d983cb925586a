import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CREDENTIAL_ERROR_OPENINGS } from '../../../credentials/OttoMarketOAuth2Api.credentials';
import { describeErrorEntry, flattenOttoErrors } from './multiStatus';

/** What the transport knows about a failed call, taken from whatever n8n's HTTP helper threw. */
export interface FailedResponse {
	status: number; // 0 = no HTTP response (connection error, timeout)
	headers: Record<string, string>;
	body: unknown;
	networkCode?: string;
	message?: string;
	/** Set when the credential's token exchange failed: shown as it is, never retried. */
	credentialMessage?: string;
}

/** Interface → scope, to say which scope a 403 is about (docs/otto-api.md §2.2). */
const SCOPE_BY_PATH: Array<[RegExp, string | ((method: string) => string)]> = [
	[/^\/v\d+\/orders/, 'orders'],
	[/^\/v\d+\/(shipments|multiparcel-shipments|return-shipments)/, 'shipments'],
	[/^\/v\d+\/returns(\/|$|\?)/, 'returns'],
	[/^\/v\d+\/receipts/, 'receipts'],
	[/^\/v\d+\/price-reductions/, 'price-reduction'],
	[/^\/v\d+\/products/, 'products'],
	[/^\/v\d+\/(availability|quantities)/, 'availability'],
	[/^\/v\d+\/shipping-profiles/, 'shipping-profiles'],
	// Sponsored Product Ads and SPA Reporting (docs/otto-api.md §2.2, §4.11)
	[/^\/v\d+\/(sponsored-product-ads|spa-reporting)(\/|$)/, 'advertising-services'],
	[
		/^\/v\d+\/returns-warehouse/,
		(method) => (method === 'GET' ? 'returns-warehouse-read' : 'returns-warehouse-write'),
	],
];

export function scopeForPath(path: string, method = 'GET'): string | undefined {
	for (const [pattern, scope] of SCOPE_BY_PATH) {
		if (pattern.test(path)) return typeof scope === 'function' ? scope(method.toUpperCase()) : scope;
	}
	return undefined;
}

/** Openings of the credential's token-exchange errors: how the transport recognises them. */
const CREDENTIAL_MESSAGES: readonly string[] = Object.values(CREDENTIAL_ERROR_OPENINGS);

/** Node.js / HTTP-client codes of a request that got no HTTP answer. */
const NETWORK_CODE = /^(E[A-Z0-9_]+|UND_ERR_[A-Z_]+|ERR_SOCKET_[A-Z_]+|ERR_STREAM_PREMATURE_CLOSE)$/;

/**
 * One object of an error's chain, as this module reads it. Errors of n8n 1.x and 2.x and of their HTTP clients
 * share no type: every field may be missing or of another kind, and is checked where it is read.
 */
interface ErrorLink {
	name?: unknown;
	message?: unknown;
	messages?: unknown;
	code?: unknown;
	httpCode?: unknown;
	response?: { status?: unknown; statusCode?: unknown; headers?: unknown; data?: unknown; body?: unknown };
	cause?: ErrorLink;
	errorResponse?: unknown;
	reason?: unknown;
	error?: unknown;
	errors?: unknown;
}

/**
 * Every object in an error's chain: the error, its `cause`, and what n8n's wrappers keep the original
 * in (`errorResponse`, `reason`, `error`, AggregateError's `errors`), breadth first, without loops.
 */
function errorChain(error: unknown): ErrorLink[] {
	const out: ErrorLink[] = [];
	const seen = new Set<unknown>();
	const queue: unknown[] = [error];
	while (queue.length > 0 && out.length < 32) {
		const current = queue.shift();
		if (!current || typeof current !== 'object' || seen.has(current)) continue;
		seen.add(current);
		const c = current as ErrorLink;
		out.push(c);
		queue.push(c.cause, c.errorResponse, c.reason, c.error);
		if (Array.isArray(c.errors)) queue.push(...c.errors);
	}
	return out;
}

/**
 * Pulls status, headers and body out of an error n8n's request helper threw. With
 * `ignoreHttpStatusErrors` the helper only throws for failures without an HTTP answer (and for a 401
 * that is sent in n8n's throwing mode to renew the token), so network failures are recognised by their
 * error code wherever n8n 1.x or 2.x keeps it, never by message text (n8n rewrites the messages).
 */
export function extractFailure(error: unknown): FailedResponse {
	const chain = errorChain(error);
	// n8n 2.x keeps the credential's error as the cause; n8n 1.x keeps only its message, so both are checked.
	const credential =
		chain.find((c) => c.name === 'OttoCredentialError') ??
		chain.find((c) => typeof c.message === 'string' && CREDENTIAL_MESSAGES.some((m) => (c.message as string).includes(m)));
	if (credential) {
		const text = String(credential.message);
		const start = Math.max(0, Math.min(...CREDENTIAL_MESSAGES.map((m) => text.indexOf(m)).filter((i) => i >= 0)));
		return { status: 0, headers: {}, body: undefined, credentialMessage: text.slice(start) };
	}
	for (const c of chain) {
		const response = c.response;
		const status = Number(response?.status ?? response?.statusCode ?? 0);
		if (status && response) {
			return { status, headers: plainHeaders(response.headers), body: parseBody(response.data ?? response.body ?? c.error) };
		}
	}
	// n8n 2.x keeps the HTTP client's error (with its `code`) as the cause; n8n 1.x drops the cause and
	// keeps the code only as the wrapper's `httpCode` (e.g. httpCode "ECONNRESET").
	const networkCode = chain
		.flatMap((c) => [c.code, c.httpCode])
		.find((code) => typeof code === 'string' && NETWORK_CODE.test(code)) as string | undefined;
	const first = chain[0] ?? {};
	const httpCode = Number(first.httpCode);
	if (httpCode >= 400 && !networkCode) {
		return { status: httpCode, headers: {}, body: parseBody(first.cause?.error ?? first.error), message: first.message as string | undefined };
	}
	const original = chain.find((c) => c.code === networkCode) ?? first.cause ?? first;
	const message = (Array.isArray(first.messages) && first.messages.length ? String(first.messages[0]) : undefined) ?? original?.message;
	return {
		status: 0,
		headers: {},
		body: undefined,
		networkCode,
		message: (original === first ? message : original?.message) as string | undefined,
	};
}

/** Response headers as plain lower-case strings, whatever object n8n's HTTP client hands back. */
export function plainHeaders(raw: unknown): Record<string, string> {
	const source =
		raw && typeof (raw as { toJSON?: unknown }).toJSON === 'function'
			? ((raw as { toJSON: () => Record<string, unknown> }).toJSON() ?? {})
			: ((raw ?? {}) as Record<string, unknown>);
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(source)) {
		if (value !== undefined && value !== null) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return headers;
}

export function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (body instanceof ArrayBuffer) body = Buffer.from(body).toString('utf8');
	if (typeof body === 'string') {
		const text = body.trim();
		if (text.startsWith('{') || text.startsWith('[')) {
			try {
				return JSON.parse(text);
			} catch {
				return text;
			}
		}
		return text;
	}
	return body;
}

export interface OttoIssue {
	title?: string;
	detail?: string;
	field?: string;
	code?: string;
	logref?: string;
}

function asIssue(value: unknown): OttoIssue | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const v = value as Record<string, unknown>;
	const str = (x: unknown) => (x === undefined || x === null || x === '' ? undefined : String(x));
	const issue: OttoIssue = {
		title: str(v.title) ?? str(v.error),
		detail: str(v.detail) ?? str(v.error_description) ?? str(v.message),
		// Only `jsonPath` names a field; `path` in OTTO's error bodies is the request path.
		field: str(v.jsonPath),
		code: str(v.code),
		logref: str(v.logref),
	};
	return issue.title || issue.detail ? issue : undefined;
}

/** One entry of an OTTO `errors` list as a readable line: "title: detail (path …, field …, code …, logref …)". */
export function describeOttoErrorEntry(entry: Record<string, unknown>): string {
	return describeErrorEntry(entry);
}

/** An issue as a line of the error's description, in the same words as an entry: "title: detail (field …, code …, logref …)". */
function describeIssue(issue: OttoIssue): string {
	return describeErrorEntry({ title: issue.title, detail: issue.detail, jsonPath: issue.field, code: issue.code, logref: issue.logref });
}

/** Every OTTO error body shape (docs/otto-api.md §3.4) → a flat list of issues; a body with none is its own issue. */
export function parseOttoErrorBody(body: unknown): OttoIssue[] {
	if (!body || typeof body !== 'object') return [];
	const issues = flattenOttoErrors(body)
		.map(asIssue)
		.filter((x): x is OttoIssue => x !== undefined);
	if (issues.length === 0) {
		const own = asIssue(body);
		if (own) issues.push(own);
	}
	return issues;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not found',
	405: 'Method not allowed',
	409: 'Conflict',
	412: 'Precondition failed',
	413: 'Too many items in one request',
	422: 'Request not processable',
	424: 'Failed dependency',
	429: 'Too many requests',
	500: 'OTTO server error',
	502: 'Bad gateway',
	503: 'Service unavailable',
	504: 'Gateway timeout',
};

const NETWORK_TEXT: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	ETIMEDOUT: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request was aborted',
	ENOTFOUND: 'the host was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EPIPE: 'the connection was closed',
};

/** Removes bearer tokens, JWT-looking strings and the given secret values from a text. */
export function redact(text: string, secrets: string[] = []): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('***');
	}
	return out
		.replace(/Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi, 'Bearer ***')
		.replace(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '***')
		.replace(/(client_secret=)[^&\s"]+/gi, '$1***');
}

export interface RequestSummary {
	method: string;
	path: string;
	attempts?: number;
	/** The request was not safe to repeat (a create, a decision): a 5xx or a lost answer leaves it unknown. */
	idempotent?: boolean;
}

/**
 * What the transport knows about a failed request, kept on the error it throws (`error.otto`), so an
 * operation can tell a refusal from an ambiguous failure without reading message texts.
 */
export interface OttoFailureInfo {
	/** HTTP status; 0 when no answer arrived (connection dropped, timeout, refused). */
	status: number;
	/** The Node.js network error code when no answer arrived, e.g. ECONNRESET. */
	networkCode?: string;
	method: string;
	path: string;
	/**
	 * OTTO may have applied the request although it failed: a write that is not safe to repeat got a 5xx,
	 * or its answer was lost (connection dropped or reset, timeout). Never set for 4xx answers (OTTO
	 * refused), for a refused connection (nothing was sent) or for the credential's token exchange.
	 */
	ambiguous: boolean;
	/** OTTO's error entries (message, field, code, logref). */
	issues: OttoIssue[];
}

/** Network errors after which the request may have reached OTTO (a refused connection or an unknown host never did). */
const MAYBE_SENT_NETWORK = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'UND_ERR_SOCKET',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

export function isAmbiguous(failure: FailedResponse, idempotent: boolean): boolean {
	if (idempotent || failure.credentialMessage) return false;
	if (failure.status >= 500) return true;
	return failure.status === 0 && (failure.networkCode === undefined || MAYBE_SENT_NETWORK.has(failure.networkCode));
}

/** The failure facts of an error thrown by the transport, or undefined for any other error. */
export function ottoFailureOf(error: unknown): OttoFailureInfo | undefined {
	const info = (error as { otto?: OttoFailureInfo } | null | undefined)?.otto;
	return info && typeof info === 'object' && typeof info.status === 'number' ? info : undefined;
}

/** Builds the NodeApiError a user sees: OTTO's own words, the field, the logref; no secrets. */
export function ottoApiError(
	node: INode,
	failure: FailedResponse,
	request: RequestSummary,
	secrets: string[] = [],
	itemIndex?: number,
): NodeApiError {
	const { status } = failure;
	const issues = parseOttoErrorBody(failure.body);
	const where = `${request.method} ${request.path.split('?')[0]}`;
	let message: string;
	const lines: string[] = [];

	if (failure.credentialMessage) {
		message = failure.credentialMessage;
	} else if (status === 0) {
		// n8n replaces messages that contain a raw error code, so the code goes into the description.
		const reason = NETWORK_TEXT[failure.networkCode ?? ''] ?? 'no response';
		message = `Could not reach OTTO for ${where} (${reason})`;
		if (request.attempts && request.attempts > 1) message += ` after ${request.attempts} attempts`;
		lines.push(`Network error ${failure.networkCode ?? ''} ${failure.message ?? ''}`.trim());
	} else {
		const first = issues[0];
		// OTTO's title often just repeats the status ("Not Found"); then its detail says more.
		const title = first?.title && first.title.toLowerCase() !== (STATUS_TEXT[status] ?? '').toLowerCase() ? first.title : undefined;
		const headline = first ? [title, first.detail].filter(Boolean).join(': ') || first.title || '' : '';
		message = `OTTO answered ${status} ${STATUS_TEXT[status] ?? ''}`.trim();
		if (status === 401) {
			message = 'OTTO rejected the access token (401) even after requesting a new one';
			lines.push('Check the credential: client ID, client secret, environment and app type.');
		} else if (status === 403) {
			const scope = scopeForPath(request.path, request.method);
			message = scope
				? `OTTO refused access (403): the token may lack the scope "${scope}" needed for ${where}`
				: `OTTO refused access (403) to ${where}`;
			if (scope) {
				lines.push(
					`Select the scope "${scope}" in the credential and tick that interface for the app in OTTO Partner Connect.`,
				);
			}
			if (headline) lines.push(`OTTO says: ${headline}`);
		} else if (status === 429) {
			message = `OTTO's rate limit was still exceeded after ${request.attempts ?? 1} attempts (429)`;
		} else if (headline) {
			message += `: ${headline}`;
		}
		message += status === 401 || status === 403 || status === 429 ? '' : ` (${where})`;
	}

	for (const issue of issues) lines.push(describeIssue(issue));
	if (issues.length === 0 && typeof failure.body === 'string' && failure.body) {
		lines.push(failure.body.slice(0, 500));
	}
	const logrefs = issues.map((i) => i.logref).filter(Boolean);

	const error = new NodeApiError(
		node,
		{ message: redact(message, secrets), httpCode: status ? String(status) : null } as unknown as JsonObject,
		{
			message: redact(message, secrets),
			description: redact(lines.join('\n'), secrets) || undefined,
			httpCode: status ? String(status) : undefined,
			itemIndex,
		},
	);
	if (logrefs.length) (error as NodeApiError & { logref?: string }).logref = logrefs.join(', ');
	const info: OttoFailureInfo = {
		status,
		...(failure.networkCode ? { networkCode: failure.networkCode } : {}),
		method: request.method,
		path: request.path.split('?')[0],
		ambiguous: isAmbiguous(failure, request.idempotent ?? true),
		issues,
	};
	Object.defineProperty(error, 'otto', { value: info, enumerable: false, configurable: true, writable: true });
	return error;
}
