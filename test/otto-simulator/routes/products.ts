/**
 * Products v5 (scope `products`): 0-based `page` + `limit`, `links[]` with `self`/`prev`/`next`.
 * Lists: variations (≤100), brands (≤1000), categories (≤2000); single variation by SKU.
 */
import { z } from 'zod';
import { apiError } from '../errors';
import type { Link } from '../model';
import { buildHref } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseQuery, qInt, qString } from '../validation';

/** Products-style page: items + self/prev/next links (filters are kept in the hrefs). */
export function productsPage<T>(
	path: string,
	items: T[],
	page: number,
	limit: number,
	filters: Record<string, string | undefined>,
): { page: T[]; links: Link[] } {
	const slice = items.slice(page * limit, page * limit + limit);
	const href = (p: number) => buildHref(path, { ...filters, page: p, limit });
	const links: Link[] = [{ rel: 'self', href: href(page) }];
	if (page > 0) links.push({ rel: 'prev', href: href(page - 1) });
	if ((page + 1) * limit < items.length) links.push({ rel: 'next', href: href(page + 1) });
	return { page: slice, links };
}

const variationsQuery = z.object({
	sku: qString(),
	productReference: qString(),
	category: qString(),
	brandId: qString(),
	page: qInt(0, undefined, 0),
	limit: qInt(1, 100, 100),
});

function listVariations(ctx: RouteContext): RouteResponse {
	const q = parseQuery(variationsQuery, ctx.query, ctx.path);
	const matching = ctx.data.products.filter(
		(p) =>
			(!q.sku || p.sku === q.sku) &&
			(!q.productReference || p.productReference === q.productReference) &&
			(!q.category || p.productDescription.category === q.category) &&
			(!q.brandId || p.productDescription.brandId === q.brandId),
	);
	const { page, links } = productsPage('/v5/products', matching, q.page, q.limit, {
		sku: q.sku,
		productReference: q.productReference,
		category: q.category,
		brandId: q.brandId,
	});
	return { status: 200, body: { productVariations: page, links } };
}

const brandsQuery = z.object({ page: qInt(0, undefined, 0), limit: qInt(1, 1000, 100) });

function listBrands(ctx: RouteContext): RouteResponse {
	const q = parseQuery(brandsQuery, ctx.query, ctx.path);
	const { page, links } = productsPage('/v5/products/brands', ctx.data.brands, q.page, q.limit, {});
	return { status: 200, body: { brands: page, links } };
}

const categoriesQuery = z.object({ page: qInt(0, undefined, 0), limit: qInt(1, 2000, 100), category: qString() });

function listCategories(ctx: RouteContext): RouteResponse {
	const q = parseQuery(categoriesQuery, ctx.query, ctx.path);
	const matching = ctx.data.categoryGroups.filter((g) => !q.category || g.categories.includes(q.category));
	const { page, links } = productsPage('/v5/products/categories', matching, q.page, q.limit, { category: q.category });
	return { status: 200, body: { categoryGroups: page, links } };
}

function getVariation(ctx: RouteContext): RouteResponse {
	const product = ctx.data.productsBySku.get(ctx.params.sku);
	if (!product) throw apiError(404, ctx.path, `Product variation with sku '${ctx.params.sku}' not found`);
	return { status: 200, body: product };
}

export const productsRoutes: RouteModule = {
	name: 'products',
	interfaces: [
		{ prefix: '/v5/products', scope: 'products' },
		{ prefix: '/v4/products', scope: 'products' },
		{ prefix: '/v3/products', scope: 'products' },
	],
	routes: [
		{ method: 'GET', pattern: '/v5/products', handler: listVariations },
		{ method: 'GET', pattern: '/v5/products/brands', handler: listBrands },
		{ method: 'GET', pattern: '/v5/products/categories', handler: listCategories },
		{ method: 'GET', pattern: '/v5/products/{sku}', handler: getVariation },
	],
};
