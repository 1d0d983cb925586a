/** The transport's pager: the next request after a page, by page number or by OTTO's next links. */
import { nextPage } from '../../../nodes/OttoMarket/transport/pagination';

describe('nextPage', () => {
	test('pages without links continue by page number while full; links win when present, keeping their own host (which the transport refuses unless it is the API host)', () => {
		const ctx = { baseUrl: 'http://otto.test', pageItemCount: 50, pageSize: 50, sizeParam: 'limit' };
		const paging = { style: 'page', param: 'page', first: 1 } as const;
		const current = { method: 'GET' as const, path: '/v3/returns', qs: { page: 1, limit: 50 } };
		expect(nextPage({ positionItems: [] }, current, paging, ctx)).toEqual({ path: '/v3/returns', qs: { page: 2, limit: 50 } });
		expect(nextPage({ positionItems: [] }, { ...current, qs: { page: 2, limit: 50 } }, paging, { ...ctx, pageItemCount: 20 })).toBeUndefined();
		expect(nextPage({ links: [] }, current, paging, ctx)).toBeUndefined();
		expect(nextPage({ links: [{ rel: 'next', href: '/v3/returns?cursor=abc' }] }, current, paging, ctx)).toEqual({
			path: 'http://otto.test/v3/returns',
			qs: { cursor: 'abc', limit: 50 },
		});
		// Not rewritten onto the API host: ottoRequest refuses it before sending (test/unit/transport).
		expect(nextPage({ links: [{ rel: 'next', href: 'https://elsewhere.example/v3/returns?cursor=abc' }] }, current, paging, ctx)).toEqual({
			path: 'https://elsewhere.example/v3/returns',
			qs: { cursor: 'abc', limit: 50 },
		});
	});
});
