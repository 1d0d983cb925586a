import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { RetryPolicy } from './retry';

/** The n8n contexts the transport is called from: actions, list searches, the trigger's polls, hooks. */
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
	/** Error statuses that are an answer here, returned instead of thrown (e.g. 404 when checking whether something exists). */
	accept?: number[];
	retry?: Partial<RetryPolicy>;
}

export interface OttoResponse<T = unknown> {
	status: number;
	headers: Record<string, string>;
	body: T;
}

/**
 * How an interface points at its next page (OTTO's developer docs, https://api.otto.market/docs, describe
 * the style of each list):
 * - `links`: a `links` array or single object with `rel: "next"` and an (often relative) `href` — follow it;
 * - `page`: page numbers in `param`, starting at `first`; a page that carries `links` decides by its
 *   `rel=next` link, a page without `links` goes on by page number while it is full;
 * - `cursor`: a cursor in the body (`bodyKey`, e.g. `nextCursor`) is sent back as `param` with the same request;
 *   no cursor (absent, null or empty) ends the list (advertising lists, docs/otto-api.md §3.2, §4.11).
 */
export type PagingStyle =
	| { style: 'links' }
	| { style: 'page'; param: string; first: number }
	| { style: 'cursor'; param: string; bodyKey: string };

export interface AllItemsOptions {
	/**
	 * Where the list is in a page: `resources`, `resources.variations`, `positionItems`; empty for a bare array.
	 * Alternatives are separated by `|` (the first one that holds an array wins); `*` is the first array in the body.
	 */
	listKey: string;
	/** How the next page is found; `links` (rel=next in an array or object) covers most interfaces. */
	paging: PagingStyle;
	/** Stop after this many items (Return All off). */
	limit?: number;
	/** Largest page size the interface allows, sent as `limit`. */
	maxPageSize?: number;
	/** Query parameter that carries the page size (default `limit`). */
	pageSizeParam?: string;
	/**
	 * Called with each page's items (e.g. by the trigger); returning false stops paging after this page.
	 * `next` is where the list goes on (a token for `from`), undefined on the last page.
	 */
	onPage?: (items: IDataObject[], next?: string) => boolean | void;
	/** Start at this token instead of the first page: a `next` href or a token `onPage` handed out. */
	from?: string;
}

/** One OTTO list endpoint: where it is, where its entries are in a page, how it pages, how large a page may be. */
export interface ListEndpoint {
	path: string;
	listKey: string;
	paging: PagingStyle;
	/** Largest page OTTO serves, sent as `limit`; unset where OTTO has no page size to choose. */
	maxPageSize?: number;
}

export interface Batch<T> {
	/** Position of the first entry of this chunk in the whole list. */
	offset: number;
	entries: T[];
}
