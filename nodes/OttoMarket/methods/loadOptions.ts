import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ottoRequestAllItems } from '../transport';
import { BRANDS, CATEGORIES, categoriesOf, isUsableBrand, SHIPPING_PROFILES, type CatalogList } from './catalog';

async function all(ctx: ILoadOptionsFunctions, list: CatalogList): Promise<IDataObject[]> {
	return await ottoRequestAllItems.call(
		ctx,
		{ method: 'GET', path: list.path },
		{ listKey: list.listKey, paging: { style: 'links' }, maxPageSize: list.pageSize },
	);
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** Usable brands as a plain dropdown (prefer the searchable brand list for large catalogues). */
export async function getBrands(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await all(this, BRANDS))
		.filter(isUsableBrand)
		.map((brand) => ({ name: String(brand.name ?? brand.id), value: String(brand.id) }))
		.sort(byName);
}

export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return categoriesOf(await all(this, CATEGORIES))
		.map(({ category, group }) => ({ name: category, value: category, description: group }))
		.sort(byName);
}

/** Shipping profiles as a plain dropdown, e.g. inside collections. */
export async function getShippingProfiles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await all(this, SHIPPING_PROFILES))
		.map((profile) => ({ name: String(profile.shippingProfileName ?? profile.shippingProfileId), value: String(profile.shippingProfileId) }))
		.sort(byName);
}
