import type { ListEndpoint, PagingStyle } from './types';

/**
 * OTTO's list endpoints, one entry each: path, where the entries are in a page, how the next page is found
 * and the largest page OTTO serves (sent as `limit`, so a list takes as few requests as it can). Every
 * list read goes through this table: the actions' Get Many, the trigger's events and the list searches.
 * Facts from OTTO's developer docs (https://api.otto.market/docs), per interface.
 */

/** A `rel=next` link in a `links` array or a single `links` object; its href carries OTTO's cursor. */
const LINKS: PagingStyle = { style: 'links' };

/** Page numbers from 1 in `page`; the next link, when a page has `links`, wins (see `nextPage`). */
const PAGES_FROM_1: PagingStyle = { style: 'page', param: 'page', first: 1 };

/** Advertising lists: the body's `nextCursor` goes back as `cursor=` (docs/otto-api.md §3.2, §4.11). */
const BODY_CURSOR: PagingStyle = { style: 'cursor', param: 'cursor', bodyKey: 'nextCursor' };

/**
 * OTTO has not published the list key of the advertising bodies: the documented working model's key, else the
 * usual ones, else the first array in the body (docs/otto-api.md §4.11).
 */
const adList = (key: string) => `${key}|items|content|data|resources|*`;

export const ENDPOINTS = {
	/** Orders v4: oldest first by default, up to 128 a page; the next link carries `nextcursor`. */
	orders: { path: '/v4/orders', listKey: 'resources', paging: LINKS, maxPageSize: 128 },
	/** Receipts v3: newest first, up to 128 a page; the next link carries the `next` cursor (with the filters). */
	receipts: { path: '/v3/receipts', listKey: 'resources', paging: LINKS, maxPageSize: 128 },
	/** Shipments v1: `datefrom` is required; 1–100 a page; the next link carries `next` with datefrom and limit. */
	shipments: { path: '/v1/shipments', listKey: 'resources', paging: LINKS, maxPageSize: 100 },
	/** Return Shipments v1: as Shipments. */
	returnShipments: { path: '/v1/return-shipments', listKey: 'resources', paging: LINKS, maxPageSize: 100 },
	/**
	 * Returns v3: newest status change first, up to 50 a page. OTTO documents both a `page` parameter and
	 * a `rel=next` link, so the list is read either way (next link when there is one, else page numbers).
	 */
	returns: { path: '/v3/returns', listKey: 'positionItems', paging: PAGES_FROM_1, maxPageSize: 50 },
	/** Price Reductions v1: up to 128 a page; `page` and a `rel=next` link, read as Returns. */
	priceReductions: { path: '/v1/price-reductions', listKey: 'results', paging: PAGES_FROM_1, maxPageSize: 128 },
	/** Availability v1 quantities: sorted by SKU, up to 200 a page; the next link carries the last SKU as cursor. */
	quantities: { path: '/v1/availability/quantities', listKey: 'resources.variations', paging: LINKS, maxPageSize: 200 },
	/** Availability v1 delivery information: up to 200 a page; `links` is one object whose cursor is sent back unchanged. */
	deliveryInformation: { path: '/v1/availability/product-delivery-information', listKey: 'results', paging: LINKS, maxPageSize: 200 },
	/** Shipping Profiles v1: 300 a page with no page size to choose; `links` is one object with the cursor. */
	shippingProfiles: { path: '/v1/shipping-profiles', listKey: 'results', paging: LINKS },
	/** Products v5 variations: up to 100 a page. */
	products: { path: '/v5/products', listKey: 'productVariations', paging: LINKS, maxPageSize: 100 },
	/** Products v5 brands: up to 1000 a page. */
	brands: { path: '/v5/products/brands', listKey: 'brands', paging: LINKS, maxPageSize: 1000 },
	/** Products v5 category groups: up to 2000 a page. */
	categories: { path: '/v5/products/categories', listKey: 'categoryGroups', paging: LINKS, maxPageSize: 2000 },
	/** Products v5 marketplace status: up to 100 a page; `sort-order` asc or desc by lastModified. */
	marketplaceStatus: { path: '/v5/products/marketplace-status', listKey: 'marketPlaceStatus', paging: LINKS, maxPageSize: 100 },
	/** Products v5 active status: up to 100 a page. */
	activeStatus: { path: '/v5/products/active-status', listKey: 'status', paging: LINKS, maxPageSize: 100 },
	/** Products v5 prices: up to 100 a page. */
	prices: { path: '/v5/products/prices', listKey: 'variationPrices', paging: LINKS, maxPageSize: 100 },
	/** Products v5 content changes by OTTO: the last 28 days only, up to 100 a page. */
	contentChanges: { path: '/v5/products/content-changes', listKey: 'contentChanges', paging: LINKS, maxPageSize: 100 },
	/** Returns Warehouse v2 addresses: a bare array, pages from 1, up to 50 a page, the list ends with a short page. */
	returnAddresses: { path: '/v2/returns-warehouse/addresses', listKey: '', paging: PAGES_FROM_1, maxPageSize: 50 },
	/** Sponsored Product Ads v1 campaigns: up to 1000 a page, cursor in the body. */
	adCampaigns: { path: '/v1/sponsored-product-ads/campaigns', listKey: adList('campaigns'), paging: BODY_CURSOR, maxPageSize: 1000 },
	/** The targets (SKUs) of one campaign: paged as campaigns; fill in the path with `endpointPath`. */
	adTargets: {
		path: '/v1/sponsored-product-ads/campaigns/{campaignId}/targets',
		listKey: adList('targets'),
		paging: BODY_CURSOR,
		maxPageSize: 1000,
	},
	/** The keywords of one target: paged as campaigns. */
	adKeywords: {
		path: '/v1/sponsored-product-ads/campaigns/{campaignId}/targets/{targetId}/keywords',
		listKey: adList('keywords'),
		paging: BODY_CURSOR,
		maxPageSize: 1000,
	},
	/** SPA Reporting v1 KPIs per campaign; no paging documented, a `nextCursor` would still be followed. */
	adCampaignPerformance: { path: '/v1/spa-reporting/campaign-performance', listKey: adList('campaigns'), paging: BODY_CURSOR },
	/** SPA Reporting v1 KPIs per SKU; as campaign performance. */
	adProductPerformance: { path: '/v1/spa-reporting/product-performance', listKey: adList('products'), paging: BODY_CURSOR },
} satisfies Record<string, ListEndpoint>;
