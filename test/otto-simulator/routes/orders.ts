/** Orders v4 (scope `orders`): list with filters/cursor paging, single order, cancellations, sandbox test orders. */
import { z } from 'zod';
import { apiError } from '../errors';
import { FULFILLMENT_STATUSES, type FulfillmentStatus, type PartnerOrder } from '../model';
import { decodeCursor, encodeCursor, keysetPage, nextLinks } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { OrderFactory, type OrderSpec } from '../seed';
import { parseQuery, qDateTime, qEnum, qEnumArray, qInt, qString } from '../validation';

const MAX_LIMIT = 128;
const DIRECTIONS = ['ASC', 'DESC'] as const;
const COLUMNS = ['ORDER_LIFECYCLE_DATE', 'ORDER_DATE'] as const;
const MODES = ['BUCKET', 'AT_LEAST_ONE'] as const;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const listQuery = z.object({
	fromDate: qDateTime(),
	fromOrderDate: qDateTime(),
	toOrderDate: qDateTime(),
	fulfillmentStatus: qEnumArray(FULFILLMENT_STATUSES),
	limit: qInt(1, MAX_LIMIT, MAX_LIMIT),
	orderDirection: qEnum(DIRECTIONS, 'ASC'),
	orderColumnType: qEnum(COLUMNS, 'ORDER_LIFECYCLE_DATE'),
	mode: qEnum(MODES, 'BUCKET'),
	nextcursor: qString(),
});

/** With a cursor only `limit` is read (-1 = not given → the cursor's limit). */
const cursorQuery = z.object({ limit: qInt(1, MAX_LIMIT, -1) });

const filterSchema = z.object({
	fromDate: z.string().optional(),
	fromOrderDate: z.string().optional(),
	toOrderDate: z.string().optional(),
	fulfillmentStatus: z.array(z.enum(FULFILLMENT_STATUSES)),
	orderDirection: z.enum(DIRECTIONS),
	orderColumnType: z.enum(COLUMNS),
	mode: z.enum(MODES),
});
type OrderFilter = z.infer<typeof filterSchema>;

const cursorSchema = z.object({
	v: z.literal(1),
	f: filterSchema,
	a: z.tuple([z.string(), z.string()]),
	l: z.number().int().min(1).max(MAX_LIMIT),
});

/** Does the order fall into the BUCKET of `status` (REFERENCE §4.4)? */
export function inBucket(statuses: Set<FulfillmentStatus>, status: FulfillmentStatus): boolean {
	const has = (s: FulfillmentStatus) => statuses.has(s);
	switch (status) {
		case 'ANNOUNCED':
			return has('ANNOUNCED');
		case 'PROCESSABLE':
			return has('PROCESSABLE') && !has('ANNOUNCED');
		case 'SENT':
			return has('SENT') && !has('ANNOUNCED') && !has('PROCESSABLE');
		case 'RETURNED':
			return has('RETURNED') && !has('ANNOUNCED') && !has('PROCESSABLE') && !has('SENT');
		case 'CANCELLED_BY_PARTNER':
			return has('CANCELLED_BY_PARTNER');
		case 'CANCELLED_BY_MARKETPLACE':
			return has('CANCELLED_BY_MARKETPLACE');
	}
}

export function orderMatches(order: PartnerOrder, filter: OrderFilter): boolean {
	const lifecycle = order.orderLifecycleInformation.lifecycleChangeDate;
	if (filter.fromDate && lifecycle < filter.fromDate) return false;
	if (filter.fromOrderDate && order.orderDate < filter.fromOrderDate) return false;
	if (filter.toOrderDate && order.orderDate > filter.toOrderDate) return false;
	if (filter.fulfillmentStatus.length > 0) {
		const statuses = new Set(order.positionItems.map((i) => i.fulfillmentStatus));
		if (filter.mode === 'AT_LEAST_ONE') return filter.fulfillmentStatus.some((s) => statuses.has(s));
		return filter.fulfillmentStatus.some((s) => inBucket(statuses, s));
	}
	return true;
}

type OrderColumn = (typeof COLUMNS)[number];

function compareOrders(column: OrderColumn, a: PartnerOrder, b: PartnerOrder): number {
	const da = column === 'ORDER_DATE' ? a.orderDate : a.orderLifecycleInformation.lifecycleChangeDate;
	const db = column === 'ORDER_DATE' ? b.orderDate : b.orderLifecycleInformation.lifecycleChangeDate;
	if (da !== db) return da < db ? -1 : 1;
	return a.salesOrderId < b.salesOrderId ? -1 : a.salesOrderId > b.salesOrderId ? 1 : 0;
}

const sortCache = new WeakMap<PartnerOrder[], Map<OrderColumn, PartnerOrder[]>>();

/**
 * Orders sorted ascending by (date column, salesOrderId). The sorted copy is cached per store array and
 * re-validated on every call (same length and still sorted, O(n)), so in-place changes such as a new
 * lifecycleChangeDate trigger a re-sort.
 */
function sortedOrders(orders: PartnerOrder[], column: OrderColumn): PartnerOrder[] {
	let perColumn = sortCache.get(orders);
	if (!perColumn) {
		perColumn = new Map();
		sortCache.set(orders, perColumn);
	}
	const cached = perColumn.get(column);
	if (cached && cached.length === orders.length) {
		let valid = true;
		for (let i = 1; i < cached.length; i++) {
			if (compareOrders(column, cached[i - 1], cached[i]) > 0) {
				valid = false;
				break;
			}
		}
		if (valid) return cached;
	}
	const sorted = orders.slice().sort((a, b) => compareOrders(column, a, b));
	perColumn.set(column, sorted);
	return sorted;
}

function listOrders(ctx: RouteContext): RouteResponse {
	let filter: OrderFilter;
	let after: [string, string] | undefined;
	let limit: number;
	const rawCursor = Array.isArray(ctx.query.nextcursor) ? ctx.query.nextcursor[0] : ctx.query.nextcursor;
	if (rawCursor) {
		// with a cursor only `limit` counts; other parameters are ignored
		const q = parseQuery(cursorQuery, ctx.query, ctx.path);
		const decoded = cursorSchema.safeParse(decodeCursor(rawCursor));
		if (!decoded.success) {
			throw apiError(400, ctx.path, 'nextcursor: is not a valid cursor', { title: 'Invalid Parameter', jsonPath: '$.nextcursor' });
		}
		filter = decoded.data.f;
		after = decoded.data.a;
		limit = q.limit === -1 ? decoded.data.l : q.limit;
	} else {
		const q = parseQuery(listQuery, ctx.query, ctx.path);
		filter = {
			fromDate: q.fromDate,
			fromOrderDate: q.fromOrderDate,
			toOrderDate: q.toOrderDate,
			fulfillmentStatus: q.fulfillmentStatus,
			orderDirection: q.orderDirection,
			orderColumnType: q.orderColumnType,
			mode: q.mode,
		};
		limit = q.limit;
	}
	const dateOf = (o: PartnerOrder) =>
		filter.orderColumnType === 'ORDER_DATE' ? o.orderDate : o.orderLifecycleInformation.lifecycleChangeDate;
	const key = (o: PartnerOrder): [string, string] => [dateOf(o), o.salesOrderId];
	const ascending = sortedOrders(ctx.data.orders, filter.orderColumnType);
	const ordered = filter.orderDirection === 'ASC' ? ascending : ascending.slice().reverse();
	const unfiltered = !filter.fromDate && !filter.fromOrderDate && !filter.toOrderDate && filter.fulfillmentStatus.length === 0;
	const matching = unfiltered ? ordered : ordered.filter((o) => orderMatches(o, filter));
	const { page, hasMore } = keysetPage(matching, key, after, limit, filter.orderDirection);
	let href: string | undefined;
	if (hasMore && page.length > 0) {
		const last = page[page.length - 1];
		href = `/v4/orders?nextcursor=${encodeCursor({ v: 1, f: filter, a: key(last), l: limit })}`;
	}
	return { status: 200, body: { resources: page, links: nextLinks(href) } };
}

function findOrder(ctx: RouteContext, id: string): PartnerOrder {
	const order = UUID_RE.test(id) ? ctx.data.ordersById.get(id.toLowerCase()) ?? ctx.data.ordersById.get(id) : ctx.data.ordersByNumber.get(id);
	if (!order) throw apiError(404, ctx.path, `Order '${id}' not found`);
	return order;
}

function getOrder(ctx: RouteContext): RouteResponse {
	return { status: 200, body: findOrder(ctx, ctx.params.salesOrderId) };
}

function cancel(ctx: RouteContext, order: PartnerOrder, itemIds: Set<string>): void {
	const now = ctx.data.nowIso();
	for (const item of order.positionItems) {
		if (!itemIds.has(item.positionItemId) || item.fulfillmentStatus !== 'PROCESSABLE') continue;
		item.fulfillmentStatus = 'CANCELLED_BY_PARTNER';
		item.cancellationDate = now;
		item.cancellationReason = 'CANCELLED_ON_PARTNER_WISH';
		delete item.expectedDeliveryDate;
	}
	ctx.data.touchOrder(order, now);
}

function cancelOrder(ctx: RouteContext): RouteResponse {
	const order = findOrder(ctx, ctx.params.salesOrderId);
	const cancellable = order.positionItems.filter((i) => i.fulfillmentStatus === 'PROCESSABLE');
	if (cancellable.length === 0) {
		throw apiError(409, ctx.path, 'The order has no position item in a cancellable state (PROCESSABLE)');
	}
	cancel(ctx, order, new Set(cancellable.map((i) => i.positionItemId)));
	return { status: 200 };
}

function cancelItems(ctx: RouteContext): RouteResponse {
	const order = findOrder(ctx, ctx.params.salesOrderId);
	const ids = ctx.params.positionItemIds
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (ids.length === 0) throw apiError(400, ctx.path, 'positionItemIds: at least one position item id is required', { title: 'Invalid Parameter' });
	const byId = new Map(order.positionItems.map((i) => [i.positionItemId, i]));
	const unknown = ids.filter((id) => !byId.has(id));
	if (unknown.length > 0) throw apiError(404, ctx.path, `Position item(s) not found in order: ${unknown.join(', ')}`);
	const blocked = ids.filter((id) => {
		const status = byId.get(id)?.fulfillmentStatus;
		return status !== 'PROCESSABLE' && status !== 'CANCELLED_BY_PARTNER';
	});
	if (blocked.length > 0) {
		throw apiError(
			409,
			ctx.path,
			`Position item(s) not cancellable: ${blocked.map((id) => `${id} (${byId.get(id)?.fulfillmentStatus})`).join(', ')}`,
		);
	}
	if (ids.some((id) => byId.get(id)?.fulfillmentStatus === 'PROCESSABLE')) cancel(ctx, order, new Set(ids));
	return { status: 200 };
}

type Scenario = Omit<OrderSpec, 'orderDate' | 'cap'>;

/** The 8 sandbox scenarios: 6 PROCESSABLE, 1 ANNOUNCED prepayment, 1 CANCELLED_BY_MARKETPLACE. */
export const TEST_ORDER_SCENARIOS: Scenario[] = [
	{ statuses: ['PROCESSABLE'], paymentMethod: 'INVOICE_SINGLE', discount: false, deliveryFee: false },
	{ statuses: ['PROCESSABLE', 'PROCESSABLE'], paymentMethod: 'PAYPAL', discount: false },
	{ statuses: ['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE'], paymentMethod: 'CREDIT_CARD', discount: true },
	{ statuses: ['PROCESSABLE'], paymentMethod: 'DIRECT_DEBIT', discount: false, carrier: 'DHL' },
	{ statuses: ['PROCESSABLE', 'PROCESSABLE'], paymentMethod: 'INVOICE_INSTALLMENTS', discount: false, deliveryFee: true },
	{ statuses: ['PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE', 'PROCESSABLE'], paymentMethod: 'DIRECT_DEBIT_INSTALLMENTS', discount: false },
	{ statuses: ['ANNOUNCED'], paymentMethod: 'PREPAYMENT', discount: false },
	{ statuses: ['CANCELLED_BY_MARKETPLACE'], paymentMethod: 'PAYPAL', discount: false, cancellationReason: 'PAYMENT_ABORTED' },
];

function createTestOrders(ctx: RouteContext, scenarios: Scenario[]): RouteResponse {
	const factory = new OrderFactory(ctx.data.random, ctx.data.products, ctx.data.articleNumbers, ctx.data.ordersByNumber.keys());
	const now = Date.now();
	const created = scenarios.map((scenario) => {
		const order = factory.create({ ...scenario, orderDate: now, cap: now, immediate: true });
		ctx.data.addOrder(order);
		return order;
	});
	return { status: 201, body: { resources: created } };
}

export const ordersRoutes: RouteModule = {
	name: 'orders',
	interfaces: [{ prefix: '/v4/orders', scope: 'orders' }],
	routes: [
		{ method: 'GET', pattern: '/v4/orders', handler: listOrders },
		{ method: 'GET', pattern: '/v4/orders/{salesOrderId}', handler: getOrder },
		{ method: 'POST', pattern: '/v4/orders/{salesOrderId}/cancellation', handler: cancelOrder },
		{ method: 'POST', pattern: '/v4/orders/{salesOrderId}/positionItems/{positionItemIds}/cancellation', handler: cancelItems },
		{ method: 'POST', pattern: '/v4/orders/testorders', handler: (ctx) => createTestOrders(ctx, TEST_ORDER_SCENARIOS) },
		{
			method: 'POST',
			pattern: '/v4/orders/testorders/scenario{n}',
			handler: (ctx) => {
				const n = Number(ctx.params.n);
				if (!/^\d+$/.test(ctx.params.n) || n < 1 || n > TEST_ORDER_SCENARIOS.length) {
					throw apiError(404, ctx.path, `Unknown test order scenario '${ctx.params.n}' (1..${TEST_ORDER_SCENARIOS.length})`);
				}
				return createTestOrders(ctx, [TEST_ORDER_SCENARIOS[n - 1]]);
			},
		},
	],
};
