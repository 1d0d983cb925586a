import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ENDPOINTS } from '../transport';
import { categoriesOf, collectMatching, isUsableBrand, matches } from './catalog';

/** Entries one search call aims for before it hands back a pagination token. */
const WANT = 100;
/** Pages one search call reads at most, so a rare search term cannot keep the dropdown waiting long. */
const MAX_PAGES = 10;

/** Usable brands (only those can be a variation's brandId), by name or ID. */
export async function searchBrands(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const { entries, next } = await collectMatching.call(this, ENDPOINTS.brands, {
		match: (brand) => isUsableBrand(brand) && matches(filter, brand.name, brand.id),
		want: WANT,
		maxPages: MAX_PAGES,
		from: paginationToken,
	});
	return {
		results: entries.map((brand) => ({ name: String(brand.name ?? brand.id), value: String(brand.id) })),
		paginationToken: next,
	};
}

/** OTTO category names (what a variation's productDescription.category holds), with their category group. */
export async function searchCategories(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const { entries, next } = await collectMatching.call(this, ENDPOINTS.categories, {
		match: (group) => categoriesOf([group]).some(({ category }) => matches(filter, category)),
		want: WANT,
		maxPages: MAX_PAGES,
		from: paginationToken,
	});
	return {
		results: categoriesOf(entries)
			.filter(({ category }) => matches(filter, category))
			.map(({ category, group }) => ({ name: category, value: category, description: group })),
		paginationToken: next,
	};
}

/** Shipping profiles by name or ID; the value is the shippingProfileId. */
export async function searchShippingProfiles(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { entries, next } = await collectMatching.call(this, ENDPOINTS.shippingProfiles, {
		match: (profile) => matches(filter, profile.shippingProfileName, profile.shippingProfileId),
		want: WANT,
		maxPages: MAX_PAGES,
		from: paginationToken,
	});
	return {
		results: entries.map((profile) => ({
			name: String(profile.shippingProfileName ?? profile.shippingProfileId),
			value: String(profile.shippingProfileId),
			description: [profile.deliveryType, profile.defaultProcessingTime !== undefined ? `processing ${String(profile.defaultProcessingTime)} d` : undefined]
				.filter(Boolean)
				.join(', '),
		})),
		paginationToken: next,
	};
}
