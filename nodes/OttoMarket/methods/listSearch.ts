import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { apiPath, ENDPOINTS, ottoRequest } from '../transport';
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

/** A sales order ID or a 10-character order number: OTTO serves either under `/v4/orders/{…}`. */
const ORDER_KEY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9]{10})$/i;

/** "Sent", or "2 sent, 1 returned" when the position items differ ("CANCELLED_BY_PARTNER" → "cancelled by partner"). */
function orderStatus(order: IDataObject): string {
	const counts = new Map<string, number>();
	for (const item of (Array.isArray(order.positionItems) ? order.positionItems : []) as IDataObject[]) {
		const status = String(item.fulfillmentStatus ?? 'UNKNOWN').toLowerCase().replace(/_/g, ' ');
		counts.set(status, (counts.get(status) ?? 0) + 1);
	}
	if (counts.size === 1) {
		const [status] = counts.keys();
		return status.charAt(0).toUpperCase() + status.slice(1);
	}
	return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

/** "a1b2c3d4e5 · 2026-12-06 14:03 · Processable"; the value is the sales order ID (what the "By Sales Order ID" mode holds). */
function orderEntry(order: IDataObject): INodeListSearchItems {
	const date = typeof order.orderDate === 'string' ? order.orderDate.slice(0, 16).replace('T', ' ') : '';
	const status = orderStatus(order);
	return {
		name: [String(order.orderNumber ?? order.salesOrderId), date, status].filter(Boolean).join(' · '),
		value: String(order.salesOrderId),
	};
}

/**
 * Orders for Order → Get's "From List": the most recently changed first (`orderDirection=DESC` on OTTO's default
 * sort column, the lifecycle change), a page of up to 128 and a token for more. OTTO's order list cannot search,
 * so a typed order number or sales order ID is looked up directly first; other text (or a key OTTO does not know)
 * is matched against the order numbers and IDs page by page, at most `MAX_PAGES` pages a call.
 */
export async function searchOrders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const typed = (filter ?? '').trim();
	if (ORDER_KEY.test(typed) && !paginationToken) {
		// 404: perhaps part of an ID, or the number in other letter case; the list search below decides
		const { status, body } = await ottoRequest.call(this, { method: 'GET', path: apiPath`/v4/orders/${typed}`, accept: [404] });
		const order = body as IDataObject | undefined;
		if (status < 300 && order?.salesOrderId) return { results: [orderEntry(order)] };
	}
	const { entries, next } = await collectMatching.call(this, ENDPOINTS.orders, {
		qs: { orderDirection: 'DESC' },
		match: (order) => matches(typed, order.orderNumber, order.salesOrderId),
		want: WANT,
		maxPages: MAX_PAGES,
		from: paginationToken,
	});
	return { results: entries.map(orderEntry), paginationToken: next };
}
