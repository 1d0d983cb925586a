import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems, type ListEndpoint, type OttoContext } from '../transport';

/**
 * Reads pages until `want` entries match or the list ends, and says where to continue (`next`, used as
 * the pagination token of list searches). Entries are filtered on the client because OTTO's catalogue
 * lists have no search parameter. Paging is the transport's: a token naming another host than the
 * credential's is refused before anything is sent. `qs` are the first page's filters; OTTO's next links carry them on.
 */
export async function collectMatching(
	this: OttoContext,
	list: ListEndpoint,
	options: { match: (entry: IDataObject) => boolean; want: number; maxPages?: number; from?: string; qs?: IDataObject },
): Promise<{ entries: IDataObject[]; next?: string }> {
	const entries: IDataObject[] = [];
	let next: string | undefined;
	let pages = 0;
	await ottoListItems.call(this, list, options.qs ? { qs: options.qs } : {}, {
		from: options.from,
		onPage: (items, following) => {
			pages++;
			entries.push(...items.filter(options.match));
			next = following;
			return entries.length < options.want && pages < (options.maxPages ?? Infinity);
		},
	});
	return { entries, next };
}

/** Kept for Category → Get until it reads `ENDPOINTS.categories` itself; the facts are in the transport's table. */
export const CATEGORIES = ENDPOINTS.categories;

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
