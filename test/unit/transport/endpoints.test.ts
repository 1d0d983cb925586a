import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems, type ListEndpoint } from '../../../nodes/OttoMarket/transport';
import { startSimulator, type OttoSimulator } from '../../otto-simulator';
import { token } from '../simulator/helpers';
import { httpContext } from './http-context';

test('one table of list endpoints: path, list key, paging style and OTTO\'s largest page', () => {
	const facts = Object.fromEntries(
		Object.entries(ENDPOINTS as Record<string, ListEndpoint>).map(([name, e]) => [name, `${e.path} ${e.listKey} ${e.paging.style} ${e.maxPageSize ?? '-'}`]),
	);
	expect(facts).toEqual({
		orders: '/v4/orders resources links 128',
		receipts: '/v3/receipts resources links 128',
		shipments: '/v1/shipments resources links 100',
		returnShipments: '/v1/return-shipments resources links 100',
		returns: '/v3/returns positionItems page 50',
		priceReductions: '/v1/price-reductions results page 128',
		quantities: '/v1/availability/quantities resources.variations links 200',
		deliveryInformation: '/v1/availability/product-delivery-information results links 200',
		shippingProfiles: '/v1/shipping-profiles results links -',
		products: '/v5/products productVariations links 100',
		brands: '/v5/products/brands brands links 1000',
		categories: '/v5/products/categories categoryGroups links 2000',
		marketplaceStatus: '/v5/products/marketplace-status marketPlaceStatus links 100',
		activeStatus: '/v5/products/active-status status links 100',
		prices: '/v5/products/prices variationPrices links 100',
		contentChanges: '/v5/products/content-changes contentChanges links 100',
		returnAddresses: '/v2/returns-warehouse/addresses  page 50',
		adCampaigns: '/v1/sponsored-product-ads/campaigns campaigns|items|content|data|resources|* cursor 1000',
		adTargets: '/v1/sponsored-product-ads/campaigns/{campaignId}/targets targets|items|content|data|resources|* cursor 1000',
		adKeywords: '/v1/sponsored-product-ads/campaigns/{campaignId}/targets/{targetId}/keywords keywords|items|content|data|resources|* cursor 1000',
		adCampaignPerformance: '/v1/spa-reporting/campaign-performance campaigns|items|content|data|resources|* cursor -',
		adProductPerformance: '/v1/spa-reporting/product-performance products|items|content|data|resources|* cursor -',
	});
});

/**
 * Returns v3 and Price Reductions v1 are documented with a `page` parameter and with a `rel=next` link. The
 * simulator answers with both; a proxy in front of it that drops `links` plays the reading in which OTTO pages
 * by number only. Both readings must give every entry once.
 */
describe('returns and price reductions: read by next link or by page number', () => {
	let sim: OttoSimulator;
	let bearer: string;
	let proxy: Server;
	let proxyUrl: string;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		bearer = await token(sim);
		const target = new URL(sim.url);
		// Forwards every request to the simulator and hands back its JSON without `links`.
		proxy = createServer((req, res) => {
			const forward = httpRequest(
				{ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
				(answer) => {
					const chunks: Buffer[] = [];
					answer.on('data', (c: Buffer) => chunks.push(c));
					answer.on('end', () => {
						const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as IDataObject;
						delete body.links;
						res.writeHead(answer.statusCode ?? 500, { 'content-type': 'application/json' });
						res.end(JSON.stringify(body));
					});
				},
			);
			req.pipe(forward);
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => proxy.close(resolve));
		await sim.close();
	});

	// Smaller pages than OTTO's largest, so that the seed fills several of them.
	const cases: Array<[string, ListEndpoint, () => IDataObject[], string]> = [
		['returns', { ...ENDPOINTS.returns, maxPageSize: 20 }, () => sim.data.returns as unknown as IDataObject[], 'positionItemId'],
		['price reductions', { ...ENDPOINTS.priceReductions, maxPageSize: 5 }, () => sim.data.priceReductions as unknown as IDataObject[], 'positionItemId'],
	];

	test.each(cases)('%s by next link (the simulator answers with links)', async (_name, list, seeded, key) => {
		const { ctx, urls } = httpContext(sim.url, bearer);
		const entries = await ottoListItems.call(ctx, list, { qs: { page: 1 } });
		const expected = seeded().map((e) => String(e[key]));
		expect(expected.length).toBeGreaterThan(2 * list.maxPageSize!);
		expect(expected.length % list.maxPageSize!).not.toBe(0);
		expect(entries.map((e) => String(e[key])).sort()).toEqual([...expected].sort());
		// Pages after the first come from the next links, one request a page, the last page short.
		expect(urls).toHaveLength(Math.ceil(expected.length / list.maxPageSize!));
		expect(urls.map((u) => u.searchParams.get('page'))).toEqual(urls.map((_u, k) => String(k + 1)));
		expect(urls.every((u) => u.searchParams.get('limit') === String(list.maxPageSize))).toBe(true);
	});

	test.each(cases)('%s by page number (answers without links)', async (_name, list, seeded, key) => {
		const { ctx, urls } = httpContext(proxyUrl, bearer);
		const entries = await ottoListItems.call(ctx, list, {});
		const expected = seeded().map((e) => String(e[key]));
		expect(entries.map((e) => String(e[key])).sort()).toEqual([...expected].sort());
		// Page numbers from 1 (the first request leaves it to OTTO's default), until the first page that is not full.
		const pages = Math.floor(expected.length / list.maxPageSize!) + 1;
		expect(urls.map((u) => u.searchParams.get('page'))).toEqual([null, ...Array.from({ length: pages - 1 }, (_v, k) => String(k + 2))]);
	});

	test('a limit stops both readings early, with the page size shrunk to it', async () => {
		for (const base of [sim.url, proxyUrl]) {
			const { ctx, urls } = httpContext(base, bearer);
			const entries = await ottoListItems.call(ctx, ENDPOINTS.returns, {}, { limit: 70 });
			expect(entries).toHaveLength(70);
			expect(urls.map((u) => u.searchParams.get('limit'))).toEqual(['50', '50']);
		}
	});
});
