import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { ottoBaseUrl } from '../../../credentials/OttoMarketOAuth2Api.credentials';
import { extractFailure, ottoApiError, type FailedResponse } from './errors';
import { nextPage, readItems, type PagingStyle } from './pagination';
import { DEFAULT_RETRY_POLICY, retryDelayMs, shouldRetry, type RetryPolicy } from './retry';

export { apiPath } from './path';
export type { PagingStyle } from './pagination';
export type { RetryPolicy } from './retry';

export const CREDENTIAL_TYPE = 'ottoMarketOAuth2Api';

export type OttoContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions;

export interface OttoRequest {
	method: IHttpRequestMethods;
	/** A path built with `apiPath` (segments already encoded), e.g. `/v4/orders`, or an absolute URL from a `next` link. */
	path: string;
	qs?: IDataObject;
	body?: unknown;
	headers?: Record<string, string>;
	/** `binary` returns a Buffer (receipt PDFs). */
	response?: 'json' | 'binary';
	/** Safe to send twice after a 5xx or a dropped connection. GET/HEAD/PUT/DELETE are by default. */
	idempotent?: boolean;
	/** Index of the input item the request serves, for error messages. */
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
}

export interface OttoResponse<T = unknown> {
	status: number;
	headers: Record<string, string>;
	body: T;
}

interface ResolvedCredential {
	baseUrl: string;
	secrets: string[];
}

async function resolveCredential(ctx: OttoContext): Promise<ResolvedCredential> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const secrets = [credentials.clientSecret, credentials.accessToken]
		.filter((s) => typeof s === 'string' && s.length > 0)
		.map(String);
	return { baseUrl: ottoBaseUrl(credentials), secrets };
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
 * The one function that sends a request to OTTO: base URL from the credential, authentication and token
 * renewal by n8n (the credential's preAuthentication on a 401), retries on 429/5xx/resets, OTTO errors
 * mapped to readable NodeApiErrors without secrets.
 */
export async function ottoRequest<T = unknown>(this: OttoContext, request: OttoRequest): Promise<OttoResponse<T>> {
	const { baseUrl, secrets } = await resolveCredential(this);
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
	const method = request.method.toUpperCase() as IHttpRequestMethods;
	const idempotent = request.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method);
	const isAbsolute = /^https?:\/\//i.test(request.path);
	const url = (isAbsolute ? request.path : `${baseUrl}${request.path}`) + toQueryString(request.qs);
	const displayPath = isAbsolute ? request.path.replace(/^https?:\/\/[^/]+/i, '') : request.path;

	const options: IHttpRequestOptions = {
		method,
		url,
		headers: {
			Accept: request.response === 'binary' ? 'application/pdf, application/octet-stream, */*' : 'application/json',
			...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...request.headers,
		},
		returnFullResponse: true,
		json: request.response !== 'binary',
		...(request.response === 'binary' ? { encoding: 'arraybuffer' as const } : {}),
		...(request.body !== undefined ? { body: request.body as IDataObject } : {}),
	};

	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		let failure: FailedResponse;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				{ ...options, headers: { ...options.headers } },
			)) as { statusCode: number; headers: Record<string, string>; body: T };
			let body = response.body;
			if (request.response === 'binary' && !Buffer.isBuffer(body)) {
				body = Buffer.from(body as unknown as ArrayBuffer) as unknown as T;
			}
			if (request.response !== 'binary' && typeof body === 'string' && body.trim() === '') {
				body = undefined as unknown as T;
			}
			return { status: response.statusCode, headers: response.headers ?? {}, body };
		} catch (error) {
			failure = extractFailure(error);
		}
		const decision = shouldRetry(failure, { attempt, idempotent, policy, waitedMs });
		if (!decision) {
			throw ottoApiError(
				this.getNode(),
				failure,
				{ method, path: displayPath, attempts: attempt, idempotent },
				secrets,
				request.itemIndex,
			);
		}
		const delay = retryDelayMs(failure, attempt, policy);
		waitedMs += delay;
		await (policy.sleep ?? sleep)(delay);
	}
}

/** `ottoRequest` returning only the body. */
export async function ottoApiRequest<T = unknown>(this: OttoContext, request: OttoRequest): Promise<T> {
	const response = await ottoRequest.call<OttoContext, [OttoRequest], Promise<OttoResponse<T>>>(this, request);
	return response.body;
}

export interface AllItemsOptions {
	/** Where the list is in a page: `resources`, `resources.variations`, `positionItems`; empty for a bare array. */
	listKey: string;
	/** How the next page is found; `links` (rel=next in an array or object) covers most interfaces. */
	paging: PagingStyle;
	/** Stop after this many items (Return All off). */
	limit?: number;
	/** Largest page size the interface allows (REFERENCE §3.6), sent as `limit`. */
	maxPageSize?: number;
	/** Query parameter that carries the page size (default `limit`). */
	pageSizeParam?: string;
	/** Called with each page's items (e.g. by the trigger); returning false stops paging after this page. */
	onPage?: (items: IDataObject[]) => boolean | void;
}

/**
 * Fetches every page of a list endpoint, whatever its pagination style (REFERENCE §3.2), stopping
 * early at `limit`.
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
	let current: OttoRequest = { ...request, qs };
	const seenPages = new Set<string>();
	for (;;) {
		const body = await ottoApiRequest.call(this, current);
		const items = readItems(body, options.listKey);
		const goOn = options.onPage?.(items);
		for (const item of items) {
			results.push(item);
			if (limit !== undefined && results.length >= limit) return results;
		}
		if (goOn === false) return results;
		const next = nextPage(body, current, options.paging, {
			baseUrl,
			pageItemCount: items.length,
			pageSize: Number.isFinite(Number(current.qs?.[sizeParam])) ? Number(current.qs?.[sizeParam]) : undefined,
			sizeParam,
		});
		if (!next) return results;
		const key = `${next.path}${toQueryString(next.qs)}`;
		// A link that points at a page we already read would loop forever.
		if (seenPages.has(key)) return results;
		seenPages.add(key);
		current = { ...request, ...next };
	}
}

export interface Batch<T> {
	/** Position of the first entry of this chunk in the whole list. */
	offset: number;
	entries: T[];
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
 * can map results back to entries with `offset`. Chunks run one after another today; bounded concurrency
 * can be introduced here without touching operations.
 */
export async function ottoBatchRequest<T, R>(
	this: OttoContext,
	entries: T[],
	batchSize: number,
	send: (this: OttoContext, batch: Batch<T>) => Promise<R>,
): Promise<Array<{ batch: Batch<T>; result: R }>> {
	const out: Array<{ batch: Batch<T>; result: R }> = [];
	for (const batch of toBatches(entries, batchSize)) {
		out.push({ batch, result: await send.call(this, batch) });
	}
	return out;
}
