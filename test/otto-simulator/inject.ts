/**
 * New orders on demand, with chosen dates: lets tests make orders "arrive" between polls, many at one
 * timestamp, or late (visible now, dated earlier). Used in-process (`injectOrders(sim.data, …)`) and over
 * HTTP (`POST /__control/orders`). Returns announced on demand the same way (`POST /__control/returns`).
 */
import { z } from 'zod';
import {
	AD_ENTITY_STATUSES,
	AD_MATCH_TYPES,
	FULFILLMENT_STATUSES,
	type AdKeyword,
	type FulfillmentStatus,
	type PartnerOrder,
	type ReturnPositionItem,
} from './model';
import { OrderFactory } from './seed';
import type { SimulatorStore } from './store';

export interface InjectOrdersSpec {
	/** How many orders (default 1). */
	count?: number;
	/** Checkout time (ISO or epoch ms). */
	orderDate: string | number;
	/** lifecycleChangeDate and lastModifiedDate (default: the order date). */
	lifecycleChangeDate?: string | number;
	/** One position item per entry (default one PROCESSABLE item). */
	statuses?: FulfillmentStatus[];
}

export const injectOrdersSchema = z
	.object({
		count: z.number().int().min(1).max(10_000).optional(),
		orderDate: z.union([z.string(), z.number()]),
		lifecycleChangeDate: z.union([z.string(), z.number()]).optional(),
		statuses: z.array(z.enum(FULFILLMENT_STATUSES)).min(1).optional(),
	})
	.strict();

function epoch(value: string | number, field: string): number {
	const ms = typeof value === 'number' ? value : Date.parse(value);
	if (!Number.isFinite(ms)) throw new Error(`${field}: '${String(value)}' is not a date`);
	return ms;
}

/** Adds `count` orders with exactly the given dates; every item event happens at the order date. */
export function injectOrders(store: SimulatorStore, spec: InjectOrdersSpec): PartnerOrder[] {
	const orderDate = epoch(spec.orderDate, 'orderDate');
	const lifecycle = spec.lifecycleChangeDate === undefined ? orderDate : epoch(spec.lifecycleChangeDate, 'lifecycleChangeDate');
	if (lifecycle < orderDate) throw new Error('lifecycleChangeDate: must not be before orderDate');
	const factory = new OrderFactory(store.random, store.products, store.articleNumbers, store.ordersByNumber.keys());
	const created: PartnerOrder[] = [];
	for (let i = 0; i < (spec.count ?? 1); i++) {
		const order = factory.create({
			statuses: [...(spec.statuses ?? ['PROCESSABLE'])],
			orderDate,
			cap: lifecycle,
			immediate: true,
			forcedLifecycle: lifecycle,
		});
		store.addOrder(order);
		created.push(order);
	}
	return created;
}

// ---------------------------------------------------------------------------------------------
// Returns announced by customers (HTTP: `POST /__control/returns`)

export const announceReturnsSchema = z
	.object({
		/** Sent position items whose return the customers announce (one ANNOUNCED return each). */
		positionItemIds: z.array(z.string().min(1)).min(1).max(10_000),
		/** Announcement time (ISO or epoch ms; default now). */
		occurredTime: z.union([z.string(), z.number()]).optional(),
	})
	.strict();

/** Announces the returns of sent position items; nothing is announced when one of them cannot be. */
export function announceReturns(store: SimulatorStore, spec: z.infer<typeof announceReturnsSchema>): ReturnPositionItem[] {
	const occurredTime = new Date(spec.occurredTime === undefined ? Date.now() : epoch(spec.occurredTime, 'occurredTime')).toISOString();
	for (const id of spec.positionItemIds) {
		const found = store.findPositionItem(id);
		if (!found || found.item.fulfillmentStatus !== 'SENT') throw new Error(`Position item ${id} is not a sent item, so no return can be announced`);
		if (store.returns.some((r) => r.positionItemId === id && r.status === 'ANNOUNCED')) throw new Error(`A return of position item ${id} is already announced`);
	}
	if (new Set(spec.positionItemIds).size !== spec.positionItemIds.length) throw new Error('positionItemIds: a position item is listed twice');
	return spec.positionItemIds.map((id) => store.announceReturn(id, occurredTime));
}

// ---------------------------------------------------------------------------------------------
// Sponsored Product Ads: many keywords at once (HTTP: `POST /__control/ads/keywords`)

export const injectKeywordsSchema = z
	.object({
		campaignId: z.string().min(1),
		targetId: z.string().min(1),
		/** How many keywords (default 1). */
		count: z.number().int().min(1).max(100_000).optional(),
		/** Keyword text `<prefix> <n>`, n counting on from the target's keyword count (default `keyword`). */
		prefix: z.string().min(1).max(60).optional(),
		/** Default: EXACT, PHRASE, BROAD in turn. */
		matchType: z.enum(AD_MATCH_TYPES).optional(),
		status: z.enum(AD_ENTITY_STATUSES).optional(),
		bid: z.number().min(0).optional(),
	})
	.strict();

/** Adds accepted keywords to a target directly (no change request); returns them in order. */
export function injectKeywords(store: SimulatorStore, spec: z.input<typeof injectKeywordsSchema>): AdKeyword[] {
	const { ads } = store;
	if (!ads.getTarget(spec.campaignId, spec.targetId)) throw new Error(`Target ${spec.targetId} not found in campaign ${spec.campaignId}`);
	const start = ads.keywordsOf(spec.targetId)?.size ?? 0;
	const created: AdKeyword[] = [];
	for (let i = 0; i < (spec.count ?? 1); i++) {
		const keyword: AdKeyword = {
			keywordId: ads.newId(),
			targetId: spec.targetId,
			keyword: `${spec.prefix ?? 'keyword'} ${start + i + 1}`,
			matchType: spec.matchType ?? AD_MATCH_TYPES[i % AD_MATCH_TYPES.length],
			status: spec.status ?? 'ACTIVE',
			...(spec.bid !== undefined ? { bid: { amount: spec.bid, currency: 'EUR' as const } } : {}),
		};
		created.push(ads.addKeyword(keyword));
	}
	return created;
}

export const failReportSchema = z.object({ reportId: z.string().min(1) }).strict();
