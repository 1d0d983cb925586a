/** Returns v3 (scope `returns`): `status`, `limit` (≤50, default 10), 1-based `page`; newest status change first. */
import { z } from 'zod';
import type { ReturnStatus } from '../model';
import { buildHref, nextLinks, offsetPage } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseQuery, qInt, qOptionalEnum } from '../validation';

export const RETURN_STATUSES: readonly ReturnStatus[] = ['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED'];

const listQuery = z.object({
	status: qOptionalEnum(RETURN_STATUSES, { caseInsensitive: true }),
	limit: qInt(1, 50, 10),
	page: qInt(1, undefined, 1),
});

function listReturns(ctx: RouteContext): RouteResponse {
	const q = parseQuery(listQuery, ctx.query, ctx.path);
	const matching = ctx.data.returns
		.filter((r) => q.status === undefined || r.status === q.status)
		.sort((a, b) =>
			a.occurredTime !== b.occurredTime
				? a.occurredTime < b.occurredTime
					? 1
					: -1
				: a.positionItemId < b.positionItemId
					? 1
					: a.positionItemId > b.positionItemId
						? -1
						: 0,
		);
	const { page, hasMore } = offsetPage(matching, (q.page - 1) * q.limit, q.limit);
	const href = hasMore ? buildHref('/v3/returns', { status: q.status, limit: q.limit, page: q.page + 1 }) : undefined;
	return { status: 200, body: { positionItems: page, links: nextLinks(href) } };
}

export const returnsRoutes: RouteModule = {
	name: 'returns',
	interfaces: [
		{ prefix: '/v3/returns', scope: 'returns' },
		{ prefix: '/v2/returns', scope: 'returns' },
	],
	routes: [{ method: 'GET', pattern: '/v3/returns', handler: listReturns }],
};
