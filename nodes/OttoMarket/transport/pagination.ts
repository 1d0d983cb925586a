import type { IDataObject } from 'n8n-workflow';

import type { OttoRequest, PagingStyle } from './types';

export type { PagingStyle } from './types';

function itemsAt(body: unknown, listKey: string): unknown {
	if (listKey === '*') {
		// the first array in the body (a bare array is its own list)
		if (Array.isArray(body) || !body || typeof body !== 'object') return body;
		return Object.values(body as IDataObject).find((value) => Array.isArray(value));
	}
	let value: unknown = body;
	if (listKey) {
		for (const key of listKey.split('.')) {
			value = value && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
		}
	}
	return value;
}

/** The entries of a page at `listKey`; `a|b|*` tries each alternative in turn (see `AllItemsOptions.listKey`). */
export function readItems(body: unknown, listKey: string): IDataObject[] {
	for (const key of listKey.split('|')) {
		const value = itemsAt(body, key);
		if (Array.isArray(value)) return value as IDataObject[];
	}
	return [];
}

/** The cursor a page names for the next one (`nextCursor`): a non-empty string or a number, else undefined. */
export function bodyCursor(body: unknown, bodyKey: string): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const value = (body as IDataObject)[bodyKey];
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The `href` of the `rel=next` link, whether `links` is an array or one object. */
export function nextLink(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const links = (body as IDataObject).links;
	const list = Array.isArray(links) ? links : links && typeof links === 'object' ? [links] : [];
	const next = (list as IDataObject[]).find((l) => l && String(l.rel).toLowerCase() === 'next' && l.href);
	return next ? String(next.href) : undefined;
}

export function nextPage(
	body: unknown,
	current: OttoRequest,
	paging: PagingStyle,
	ctx: { baseUrl: string; pageItemCount: number; pageSize?: number; sizeParam: string },
): Pick<OttoRequest, 'path' | 'qs'> | undefined {
	if (paging.style === 'links') {
		const href = nextLink(body);
		return href ? followLink(href, current, ctx) : undefined;
	}
	if (paging.style === 'cursor') {
		// The same request again with the body's cursor (the filters and the page size stay).
		const cursor = bodyCursor(body, paging.bodyKey);
		return cursor === undefined ? undefined : { path: current.path, qs: { ...current.qs, [paging.param]: cursor } };
	}
	// Page numbers. Returns v3 and Price Reductions v1 take `page` and also answer with a `rel=next` link
	// (OTTO's docs call the returns list cursor-based via that link), so both readings are served: a page
	// that carries `links` decides by its next link; a page without `links` goes on by number while full.
	const href = nextLink(body);
	if (href) return followLink(href, current, ctx);
	const hasLinks = !!body && typeof body === 'object' && !Array.isArray(body) && (body as IDataObject).links !== undefined;
	if (hasLinks) return undefined;
	const page = Number(current.qs?.[paging.param] ?? paging.first);
	if (ctx.pageItemCount === 0) return undefined;
	if (ctx.pageSize === undefined || ctx.pageItemCount < ctx.pageSize) return undefined;
	return { path: current.path, qs: { ...current.qs, [paging.param]: page + 1 } };
}

/**
 * The request for a `rel=next` href (or a list-search pagination token, which is one). Relative hrefs are
 * relative to the API root (a custom base URL's path prefix is kept). An absolute href keeps its own
 * origin: `ottoRequest` refuses it unless it is the credential's API host, so the token never leaves it.
 */
export function followLink(
	href: string,
	current: Pick<OttoRequest, 'qs'>,
	ctx: { baseUrl: string; sizeParam: string },
): Pick<OttoRequest, 'path' | 'qs'> {
	const base = new URL(`${ctx.baseUrl}/`);
	const absolute = /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
	const url = new URL(href, base);
	const prefix = base.pathname.replace(/\/$/, '');
	const path = absolute || url.pathname.startsWith(`${prefix}/`) ? url.pathname : `${prefix}${url.pathname}`;
	const qs: IDataObject = {};
	for (const [key, value] of url.searchParams) {
		const existing = qs[key];
		qs[key] = existing === undefined ? value : ([] as string[]).concat(existing as string, value);
	}
	// The next link may leave out the page size; keep ours so pages stay as large as asked.
	if (qs[ctx.sizeParam] === undefined && current.qs?.[ctx.sizeParam] !== undefined) {
		qs[ctx.sizeParam] = current.qs[ctx.sizeParam];
	}
	const origin = absolute ? `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}` : base.origin;
	return { path: `${origin}${path}`, qs };
}
