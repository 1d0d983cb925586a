import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { ottoBaseUrl } from '../../../credentials/OttoMarketOAuth2Api.credentials';
import { extractFailure, ottoApiError, parseBody, plainHeaders, type FailedResponse } from './errors';
import { followLink, nextPage, readItems } from './pagination';
import { oneRenewalAtATime, paced, paceOf, runRate } from './pace';
import { DEFAULT_RETRY_POLICY, retryDelayMs, shouldRetry, type RetryPolicy } from './retry';
import type { AllItemsOptions, Batch, ListEndpoint, OttoContext, OttoRequest, OttoResponse } from './types';

export { apiPath, endpointPath } from './path';
export { parseRetryAfter } from './retry';
export { DEFAULT_REQUESTS_PER_SECOND, MAX_REQUESTS_PER_SECOND, setRunRate, toRate } from './pace';
export { ENDPOINTS } from './endpoints';
export type { RetryPolicy } from './retry';
export type {
	AllItemsOptions,
	Batch,
	ListEndpoint,
	OttoContext,
	OttoRequest,
	OttoResponse,
	PagingStyle,
} from './types';

export const CREDENTIAL_TYPE = 'ottoMarketOAuth2Api';

interface ResolvedCredential {
	baseUrl: string;
	secrets: string[];
	/** The credential's identity for pacing and token renewal: API host and client id. */
	key: string;
}

async function resolveCredential(ctx: OttoContext): Promise<ResolvedCredential> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const secrets = [credentials.clientSecret, credentials.accessToken]
		.filter((s) => typeof s === 'string' && s.length > 0)
		.map(String);
	const baseUrl = ottoBaseUrl(credentials);
	return { baseUrl, secrets, key: `${baseUrl} ${String(credentials.clientId ?? '')}` };
}

function toQueryString(qs: IDataObject | undefined): string {
	if (!qs) return '';
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		// OTTO repeats the key for array parameters: ?fulfillmentStatus=A&fulfillmentStatus=B
		if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
		else params.append(key, String(value));
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}

/**
 * The URL a request goes to. A path is appended to the credential's base URL; an absolute URL (a `next`
 * link, a list-search pagination token) is only accepted on the credential's API host, so the bearer token
 * n8n adds never goes anywhere else. Throws before anything is sent.
 */
export function resolveUrl(node: INode, baseUrl: string, path: string): string {
	if (!/^[a-z][a-z0-9+.-]*:/i.test(path)) {
		if (!path.startsWith('/')) {
			throw new NodeOperationError(node, `Refused to send a request to "${path.slice(0, 200)}": not a path of the OTTO API`);
		}
		return `${baseUrl}${path}`;
	}
	let target: URL | undefined;
	try {
		target = new URL(path);
	} catch {
		target = undefined;
	}
	const api = new URL(baseUrl);
	if (!target || target.origin !== api.origin || (target.username || target.password) !== '') {
		const shown = target ? `${target.protocol}//${target.host}` : path.slice(0, 200);
		throw new NodeOperationError(node, `Refused to send the OTTO access token to ${shown}`, {
			description: `Requests only go to the credential's API host (${api.origin}). A link or pagination token pointing elsewhere is not followed.`,
		});
	}
	return target.toString().replace(/[?#].*$/, '');
}

interface FullResponse<T> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
}

/**
 * The one function that sends a request to OTTO: base URL from the credential, authentication and token
 * renewal by n8n (the credential's preAuthentication on a 401), retries on 429/5xx/resets, OTTO errors
 * mapped to readable NodeApiErrors without secrets.
 *
 * n8n's request helper is asked for the full response and never to throw on an HTTP error status: what
 * n8n keeps of a thrown error differs between n8n 1.x and 2.x (1.x loses the headers and OTTO's body), so
 * status, headers (Retry-After) and OTTO's error body are read here, the same way on every version. Only
 * a 401 is sent again in n8n's throwing mode, because n8n renews the token when it sees a 401 error.
 */
export async function ottoRequest<T = unknown>(this: OttoContext, request: OttoRequest): Promise<OttoResponse<T>> {
	const { baseUrl, secrets, key } = await resolveCredential(this);
	const rate = runRate(this);
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
	const method = request.method.toUpperCase() as IHttpRequestMethods;
	const idempotent = request.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method);
	const url = resolveUrl(this.getNode(), baseUrl, request.path) + toQueryString(request.qs);
	const displayPath = request.path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
	const binary = request.response === 'binary';

	const options: IHttpRequestOptions = {
		method,
		url,
		headers: {
			Accept: binary ? 'application/pdf, application/octet-stream, */*' : 'application/json',
			...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...request.headers,
		},
		returnFullResponse: true,
		json: !binary,
		...(binary ? { encoding: 'arraybuffer' as const } : {}),
		...(request.body !== undefined ? { body: request.body as IDataObject } : {}),
	};
	const send = async (throwOnHttpError: boolean): Promise<FullResponse<T>> => {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			...options,
			headers: { ...options.headers },
			...(throwOnHttpError ? {} : { ignoreHttpStatusErrors: true }),
		})) as { statusCode: number; headers: unknown; body: T };
		return { statusCode: Number(response.statusCode), headers: plainHeaders(response.headers), body: response.body };
	};

	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		let failure: FailedResponse | undefined;
		let response: FullResponse<T> | undefined;
		try {
			await paced(key, rate);
			response = await send(false);
			// A stale token: n8n renews it (the credential's preAuthentication) only when its helper sees a
			// 401 error, then repeats the request once. OTTO did not process a request it answered with 401.
			if (response.statusCode === 401) response = await oneRenewalAtATime(key, async () => await send(true));
		} catch (error) {
			failure = extractFailure(error);
			response = undefined;
		}
		if (response && response.statusCode >= 400 && request.accept?.includes(response.statusCode)) {
			return { status: response.statusCode, headers: response.headers, body: parseBody(response.body) as T };
		}
		if (response && response.statusCode >= 400) {
			failure = { status: response.statusCode, headers: response.headers, body: parseBody(response.body) };
		} else if (response) {
			let body = response.body;
			if (binary && !Buffer.isBuffer(body)) body = Buffer.from(body as unknown as ArrayBuffer) as unknown as T;
			if (!binary && typeof body === 'string' && body.trim() === '') body = undefined as unknown as T;
			return { status: response.statusCode, headers: response.headers, body };
		}
		const failed = failure as FailedResponse;
		if (failed.status === 429) paceOf(key, rate).slowDown();
		const decision = shouldRetry(failed, { attempt, idempotent, policy, waitedMs });
		if (!decision) {
			throw ottoApiError(
				this.getNode(),
				failed,
				{ method, path: displayPath, attempts: attempt, idempotent },
				secrets,
				request.itemIndex,
			);
		}
		const delay = retryDelayMs(failed, attempt, policy);
		waitedMs += delay;
		await (policy.sleep ?? sleep)(delay);
	}
}

/** `ottoRequest` returning only the body of the answer (`ottoRequest` returns status, headers and body). */
export async function ottoRequestBody<T = unknown>(this: OttoContext, request: OttoRequest): Promise<T> {
	const response = await ottoRequest.call<OttoContext, [OttoRequest], Promise<OttoResponse<T>>>(this, request);
	return response.body;
}

/**
 * Fetches every page of a list endpoint, whatever its pagination style, stopping early at `limit`.
 * The one pager: list reads, the trigger's polls and the list searches all page through it.
 */
export async function ottoRequestAllItems(
	this: OttoContext,
	request: OttoRequest,
	options: AllItemsOptions,
): Promise<IDataObject[]> {
	const { baseUrl } = await resolveCredential(this);
	const sizeParam = options.pageSizeParam ?? 'limit';
	const limit = options.limit !== undefined && options.limit > 0 ? Math.floor(options.limit) : undefined;
	const qs: IDataObject = { ...request.qs };
	if (options.maxPageSize) {
		qs[sizeParam] = limit !== undefined ? Math.min(limit, options.maxPageSize) : options.maxPageSize;
	}
	const results: IDataObject[] = [];
	const sizing = { baseUrl, sizeParam };
	let current: OttoRequest = options.from
		? { ...request, ...followLink(options.from, { qs }, sizing) }
		: { ...request, qs };
	const seenPages = new Set<string>();
	for (;;) {
		const body = await ottoRequestBody.call(this, current);
		const items = readItems(body, options.listKey);
		const next = nextPage(body, current, options.paging, {
			...sizing,
			pageItemCount: items.length,
			pageSize: Number.isFinite(Number(current.qs?.[sizeParam])) ? Number(current.qs?.[sizeParam]) : undefined,
		});
		const key = next ? `${next.path}${toQueryString(next.qs)}` : undefined;
		// A link that points at a page already read would loop forever.
		const goesOn = key !== undefined && !seenPages.has(key);
		const wanted = options.onPage?.(items, goesOn ? key : undefined);
		for (const item of items) {
			results.push(item);
			if (limit !== undefined && results.length >= limit) return results;
		}
		if (wanted === false || !goesOn) return results;
		seenPages.add(key);
		current = { ...request, ...next };
	}
}

/**
 * Every entry of one of OTTO's list endpoints (`ENDPOINTS`), read with that endpoint's paging style and
 * largest page size, stopping early at `limit`.
 */
export async function ottoListItems(
	this: OttoContext,
	list: ListEndpoint,
	request: Omit<OttoRequest, 'method' | 'path'> = {},
	options: Pick<AllItemsOptions, 'limit' | 'onPage' | 'from'> = {},
): Promise<IDataObject[]> {
	return await ottoRequestAllItems.call(
		this,
		{ method: 'GET', path: list.path, ...request },
		{ listKey: list.listKey, paging: list.paging, maxPageSize: list.maxPageSize, ...options },
	);
}

/** Splits a bulk body into chunks of at most `size` entries (OTTO's per-request maximum). */
export function toBatches<T>(entries: T[], size: number): Array<Batch<T>> {
	const max = Math.max(1, Math.floor(size));
	const batches: Array<Batch<T>> = [];
	for (let offset = 0; offset < entries.length; offset += max) {
		batches.push({ offset, entries: entries.slice(offset, offset + max) });
	}
	return batches;
}

/**
 * Sends a bulk list chunk by chunk and returns each chunk's result in the order of the chunks, so callers
 * can map results back to entries with `offset`. Up to `concurrency` chunks are in flight at once (each
 * request still waits for its slot of the credential's pace); the first chunk goes alone, so a refused
 * credential or a token to fetch is met once, not by every chunk at the same time.
 */
export async function ottoBatchRequest<T, R>(
	this: OttoContext,
	entries: T[],
	batchSize: number,
	send: (this: OttoContext, batch: Batch<T>) => Promise<R>,
	concurrency = 1,
): Promise<Array<{ batch: Batch<T>; result: R }>> {
	const batches = toBatches(entries, batchSize);
	const out = new Array<{ batch: Batch<T>; result: R }>(batches.length);
	if (batches.length === 0) return out;
	out[0] = { batch: batches[0], result: await send.call(this, batches[0]) };
	let next = 1;
	const worker = async () => {
		while (next < batches.length) {
			const k = next++;
			out[k] = { batch: batches[k], result: await send.call(this, batches[k]) };
		}
	};
	const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, batches.length - 1));
	await Promise.all(Array.from({ length: lanes }, worker));
	return out;
}
