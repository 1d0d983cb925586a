import type { IDataObject } from 'n8n-workflow';

import type { OttoRequest } from './index';

/**
 * How an interface points at its next page (REFERENCE §3.2):
 * - `links`: a `links` array or single object with `rel: "next"` and an (often relative) `href` — follow it;
 * - `cursor`: a cursor in the body (`field`, e.g. `nextCursor`) sent back as query `param`;
 * - `page`: page numbers in `param`, starting at `first`; stop when a page is short (a `rel=next` link, when
 *   the page has links, wins).
 */
export type PagingStyle =
	| { style: 'links' }
	| { style: 'cursor'; field: string; param: string }
	| { style: 'page'; param: string; first: number };

export function readItems(body: unknown, listKey: string): IDataObject[] {
	let value: unknown = body;
	if (listKey) {
		for (const key of listKey.split('.')) {
			value = value && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
		}
	}
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

/** The `href` of the `rel=next` link, whether `links` is an array or one object. */
export function nextLink(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const links = (body as IDataObject).links;
	const list = Array.isArray(links) ? links : links && typeof links === 'object' ? [links] : [];
	const next = (list as IDataObject[]).find((l) => l && String(l.rel).toLowerCase() === 'next' && l.href);
	return next ? String(next.href) : undefined;
}

/** Cursor fields OTTO uses in bodies, in the order they are looked for when the style names none found. */
const CURSOR_FIELDS = ['nextCursor', 'nextcursor', 'next', 'cursor'];

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
		if (!body || typeof body !== 'object') return undefined;
		const b = body as IDataObject;
		const field = [paging.field, ...CURSOR_FIELDS].find((f) => typeof b[f] === 'string' && b[f] !== '');
		if (!field) return undefined;
		return { path: current.path, qs: { ...current.qs, [paging.param]: b[field] as string } };
	}
	// Page numbers; when a page carries `links` (returns, price reductions), its rel=next decides instead.
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
