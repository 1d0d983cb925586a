/** Price Reductions v1 (scope `price-reduction`): `positionItemId`, 1-based `page`, `limit` (≤128, default 10). */
import { z } from 'zod';
import { apiError } from '../errors';
import { buildHref, nextLinks, offsetPage } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseQuery, qInt, qString } from '../validation';

const listQuery = z.object({
	positionItemId: qString(),
	page: qInt(1, undefined, 1),
	limit: qInt(1, 128, 10),
});

function listPriceReductions(ctx: RouteContext): RouteResponse {
	const q = parseQuery(listQuery, ctx.query, ctx.path);
	if (q.positionItemId && !ctx.data.findPositionItem(q.positionItemId)) {
		throw apiError(404, ctx.path, `Position item '${q.positionItemId}' not found`);
	}
	const matching = ctx.data.priceReductions.filter((r) => !q.positionItemId || r.positionItemId === q.positionItemId);
	const { page, hasMore } = offsetPage(matching, (q.page - 1) * q.limit, q.limit);
	const href = hasMore
		? buildHref('/v1/price-reductions', { positionItemId: q.positionItemId, page: q.page + 1, limit: q.limit })
		: undefined;
	return { status: 200, body: { results: page, links: nextLinks(href) } };
}

export const priceReductionsRoutes: RouteModule = {
	name: 'priceReductions',
	interfaces: [{ prefix: '/v1/price-reductions', scope: 'price-reduction' }],
	routes: [{ method: 'GET', pattern: '/v1/price-reductions', handler: listPriceReductions }],
};
