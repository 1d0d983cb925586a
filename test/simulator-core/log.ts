/** Request log shared by the simulators: entry base type, bounded in-memory log, filtering and secret redaction. */

/** Keys whose values never reach the request log. */
export const SECRET_KEY_RE = /secret|password|passwd|token|authorization|assertion|api[-_]?key/i;
/** Secrets inside free text: form-style pairs, bearer/basic credentials, JWT-looking tokens. */
const SECRET_TEXT_RES: Array<[RegExp, string]> = [
	[/((?:client_secret|password|refresh_token|access_token|client_assertion|assertion)=)[^&\s]*/gi, '$1***'],
	[/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***'],
	[/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '***'],
];

export const MAX_LOG_ENTRIES = 100_000;

/** Fields every simulator logs for a request. */
export interface BaseLoggedRequest {
	seq: number;
	time: string;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Response status; 0 when the connection was dropped. */
	status: number;
	authorized: boolean;
	/** Non-secret id of the bearer token. */
	tokenId?: string;
	body?: unknown;
	fault?: string;
	/** Set when an `after` fault replaced the answer: the request was applied. */
	applied?: boolean;
	contentType?: string;
}

export interface RequestFilter {
	/** string: exact pathname; RegExp: tested against the pathname. */
	path?: string | RegExp;
	method?: string;
}

export function redactText(text: string): string {
	let out = text;
	for (const [re, replacement] of SECRET_TEXT_RES) out = out.replace(re, replacement);
	return out;
}

/** Deep copy with secret-looking keys replaced by "***" and secrets in strings masked. */
export function redact(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return redactText(value);
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEY_RE.test(k) ? '***' : redact(v, depth + 1);
	return out;
}

/** Query parameters; repeated keys become arrays. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of params) {
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else out[key] = [existing, value];
	}
	return out;
}

/** Query/form parameters; the first value of a repeated key wins. */
export function firstValues(params: URLSearchParams): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of params) if (!(k in out)) out[k] = v;
	return out;
}

/** In-memory request log, oldest entries dropped beyond MAX_LOG_ENTRIES. */
export class RequestLog<E extends BaseLoggedRequest> {
	private entries: E[] = [];
	private seq = 0;

	/** Next sequence number (1, 2, …; restarts after `reset`). */
	nextSeq(): number {
		return ++this.seq;
	}

	push(entry: E): void {
		this.entries.push(entry);
		if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
	}

	get size(): number {
		return this.entries.length;
	}

	/** Copies of the entries matching the filter. */
	list(filter: RequestFilter = {}): E[] {
		const method = filter.method?.toUpperCase();
		return this.entries
			.filter((entry) => {
				if (method && entry.method !== method) return false;
				if (filter.path instanceof RegExp) return filter.path.test(entry.path);
				if (typeof filter.path === 'string') return entry.path === filter.path;
				return true;
			})
			.map((entry) => ({ ...entry }));
	}

	/** Drop the entries; sequence numbers continue. */
	clear(): void {
		this.entries = [];
	}

	/** Drop the entries and restart the sequence. */
	reset(): void {
		this.entries = [];
		this.seq = 0;
	}
}

/**
 * Filter of `GET /__control/requests?path=<regex>&method=<m>`; an error message when `path` is not a valid
 * regular expression.
 */
export function controlRequestFilter(path: string | null | undefined, method: string | null | undefined): { filter: RequestFilter } | { error: string } {
	let regex: RegExp | undefined;
	if (path) {
		try {
			regex = new RegExp(path);
		} catch {
			return { error: `path: '${path}' is not a valid regular expression` };
		}
	}
	return { filter: { path: regex, method: method || undefined } };
}
