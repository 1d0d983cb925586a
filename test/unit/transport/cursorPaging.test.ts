/**
 * The advertising lists page by a cursor in the body (docs/otto-api.md §3.2, §4.11): `nextCursor` goes back as
 * `cursor=` with the same request; none (absent, null, empty) ends the list. Their list key is not published.
 */
import { ENDPOINTS, endpointPath, ottoListItems } from '../../../nodes/OttoMarket/transport';
import { readItems, nextPage } from '../../../nodes/OttoMarket/transport/pagination';
import { scopeForPath } from '../../../nodes/OttoMarket/transport/errors';
import { fakeContext, urlOf } from './fake-context';

const keywords = (from: number, count: number) => Array.from({ length: count }, (_, k) => ({ keywordId: `k-${from + k}` }));

describe('nextPage, cursor style', () => {
	const paging = ENDPOINTS.adCampaigns.paging;
	const ctx = { baseUrl: 'http://otto.test', pageItemCount: 2, pageSize: 2, sizeParam: 'limit' };
	const current = { method: 'GET' as const, path: '/v1/sponsored-product-ads/campaigns', qs: { limit: 2, campaignId: 'x' } };

	test('the same request with cursor=<nextCursor>, filters and page size kept', () => {
		expect(nextPage({ campaigns: [], nextCursor: 'abc' }, current, paging, ctx)).toEqual({
			path: '/v1/sponsored-product-ads/campaigns',
			qs: { limit: 2, campaignId: 'x', cursor: 'abc' },
		});
		expect(nextPage({ nextCursor: 'def' }, { ...current, qs: { ...current.qs, cursor: 'abc' } }, paging, ctx)?.qs).toEqual({
			limit: 2,
			campaignId: 'x',
			cursor: 'def',
		});
	});

	test('no cursor, null, empty or a bare array ends the list; a short page with a cursor still goes on', () => {
		for (const body of [{}, { nextCursor: null }, { nextCursor: '' }, { nextCursor: '  ' }, [], null]) {
			expect(nextPage(body, current, paging, ctx)).toBeUndefined();
		}
		expect(nextPage({ nextCursor: 'z' }, current, paging, { ...ctx, pageItemCount: 1 })).toBeDefined();
	});
});

test('readItems: the model key, else items/content/data/resources, else the first array in the body', () => {
	const key = ENDPOINTS.adKeywords.listKey;
	expect(readItems({ keywords: [{ a: 1 }], items: [{ b: 2 }] }, key)).toEqual([{ a: 1 }]);
	expect(readItems({ content: [{ c: 3 }], nextCursor: 'x' }, key)).toEqual([{ c: 3 }]);
	expect(readItems({ nextCursor: null, results: [{ d: 4 }] }, key)).toEqual([{ d: 4 }]);
	expect(readItems([{ e: 5 }], key)).toEqual([{ e: 5 }]);
	expect(readItems({ total: 0 }, key)).toEqual([]);
	// the other endpoints keep their single key
	expect(readItems({ items: [{ f: 6 }] }, ENDPOINTS.orders.listKey)).toEqual([]);
});

test('endpointPath fills in the path of one campaign or target, each value one encoded segment', () => {
	expect(endpointPath(ENDPOINTS.adKeywords.path, { campaignId: 'c/1', targetId: 't.2' })).toBe(
		'/v1/sponsored-product-ads/campaigns/c%2F1/targets/t%2E2/keywords',
	);
	expect(() => endpointPath(ENDPOINTS.adTargets.path, {})).toThrow('No value for {campaignId}');
});

test('a 403 on an advertising endpoint names the scope advertising-services', () => {
	expect(scopeForPath('/v1/sponsored-product-ads/campaigns', 'PATCH')).toBe('advertising-services');
	expect(scopeForPath('/v1/spa-reporting/campaign-performance')).toBe('advertising-services');
});

describe('ottoListItems over an advertising list', () => {
	/** A keyword list of `total` entries in pages of the requested limit, cursor = offset. */
	const server = (total: number) =>
		fakeContext((options) => {
			const url = urlOf(options);
			const limit = Number(url.searchParams.get('limit') ?? 100);
			const offset = Number(url.searchParams.get('cursor') ?? 0);
			const end = Math.min(total, offset + limit);
			return {
				status: 200,
				body: { keywords: keywords(offset, end - offset), nextCursor: end < total ? String(end) : null, prevCursor: offset ? '0' : null },
			};
		});
	const list = { ...ENDPOINTS.adKeywords, path: endpointPath(ENDPOINTS.adKeywords.path, { campaignId: 'c-1', targetId: 't-1' }) };

	test('Return All: 2,500 keywords in 3 requests of limit 1000, each after the first with the previous cursor', async () => {
		const { ctx, requests } = server(2500);
		const entries = await ottoListItems.call(ctx, list, { qs: { status: 'ACTIVE' } });
		expect(entries).toHaveLength(2500);
		expect(entries[2499]).toEqual({ keywordId: 'k-2499' });
		expect(requests.map((r) => [urlOf(r).pathname, urlOf(r).searchParams.get('limit'), urlOf(r).searchParams.get('cursor'), urlOf(r).searchParams.get('status')])).toEqual([
			['/v1/sponsored-product-ads/campaigns/c-1/targets/t-1/keywords', '1000', null, 'ACTIVE'],
			['/v1/sponsored-product-ads/campaigns/c-1/targets/t-1/keywords', '1000', '1000', 'ACTIVE'],
			['/v1/sponsored-product-ads/campaigns/c-1/targets/t-1/keywords', '1000', '2000', 'ACTIVE'],
		]);
	});

	test('a limit asks for no larger page and stops paging once reached', async () => {
		const { ctx, requests } = server(2500);
		const entries = await ottoListItems.call(ctx, list, {}, { limit: 1200 });
		expect(entries).toHaveLength(1200);
		expect(requests.map((r) => urlOf(r).searchParams.get('limit'))).toEqual(['1000', '1000']);
		const small = server(2500);
		expect(await ottoListItems.call(small.ctx, list, {}, { limit: 5 })).toHaveLength(5);
		expect(small.requests.map((r) => urlOf(r).searchParams.get('limit'))).toEqual(['5']);
	});

	test('a cursor that repeats a page already read ends the list instead of looping', async () => {
		const { ctx, requests } = fakeContext(() => ({ status: 200, body: { campaigns: [{ campaignId: 'c' }], nextCursor: 'same' } }));
		const entries = await ottoListItems.call(ctx, ENDPOINTS.adCampaigns, {});
		expect(requests).toHaveLength(2);
		expect(entries).toHaveLength(2);
	});
});
