import type { IDataObject } from 'n8n-workflow';

import { ottoApiRequest, type OttoContext } from '../transport';
import { nextLink, readItems } from '../transport/pagination';

/** A list endpoint walked page by page, e.g. brands (`page` + `limit`) or shipping profiles (`cursor`). */
export interface CatalogList {
	path: string;
	listKey: string;
	/** Page size sent as `limit` (brands, categories); shipping profiles have a fixed one. */
	pageSize?: number;
}

/** The request a `rel=next` href stands for; the page size is kept when the link leaves it out. */
function requestOf(href: string, list: CatalogList): { path: string; qs: IDataObject } {
	const absolute = /^https?:\/\//i.test(href);
	const url = new URL(href, 'http://relative.invalid');
	const qs: IDataObject = {};
	for (const [key, value] of url.searchParams) {
		const existing = qs[key];
		qs[key] = existing === undefined ? value : ([] as string[]).concat(existing as string, value);
	}
	if (list.pageSize && qs.limit === undefined) qs.limit = list.pageSize;
	return { path: absolute ? `${url.origin}${url.pathname}` : url.pathname, qs };
}

/**
 * Reads pages until `want` entries match or the list ends, and says where to continue (`next`, the next
 * page's href; used as the pagination token of list searches). Entries are filtered on the client because
 * OTTO's catalogue lists have no search parameter.
 */
export async function collectMatching(
	this: OttoContext,
	list: CatalogList,
	options: { match: (entry: IDataObject) => boolean; want: number; maxPages?: number; from?: string },
): Promise<{ entries: IDataObject[]; next?: string }> {
	const entries: IDataObject[] = [];
	let request = options.from
		? requestOf(options.from, list)
		: { path: list.path, qs: list.pageSize ? ({ limit: list.pageSize } as IDataObject) : {} };
	for (let pages = 1; ; pages++) {
		const body = await ottoApiRequest.call(this, { method: 'GET', ...request });
		entries.push(...readItems(body, list.listKey).filter(options.match));
		const next = nextLink(body);
		if (!next) return { entries };
		if (entries.length >= options.want || pages >= (options.maxPages ?? Infinity)) return { entries, next };
		request = requestOf(next, list);
	}
}

export const BRANDS: CatalogList = { path: '/v5/products/brands', listKey: 'brands', pageSize: 1000 };
export const CATEGORIES: CatalogList = { path: '/v5/products/categories', listKey: 'categoryGroups', pageSize: 2000 };
export const SHIPPING_PROFILES: CatalogList = { path: '/v1/shipping-profiles', listKey: 'results' };

/** Only brands OTTO marks usable can be the brandId of a variation. */
export const isUsableBrand = (brand: IDataObject) => brand.usable === true;

/** Case-insensitive "contains" over the given texts; everything matches an empty filter. */
export function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	const needle = (filter ?? '').trim().toLowerCase();
	return !needle || texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

/** Category names of category groups, each once, with its group. */
export function categoriesOf(groups: IDataObject[]): Array<{ category: string; group: string }> {
	const seen = new Set<string>();
	const out: Array<{ category: string; group: string }> = [];
	for (const group of groups) {
		for (const category of (group.categories as unknown[] | undefined) ?? []) {
			const name = String(category);
			if (seen.has(name)) continue;
			seen.add(name);
			out.push({ category: name, group: String(group.categoryGroup ?? '') });
		}
	}
	return out;
}
