/**
 * Products v5 (scope `products`): 0-based `page` + `limit`, `links[]` with `self`/`prev`/`next`.
 * Lists: variations, prices, active status, marketplace status, content changes (≤100), brands (≤1000),
 * categories (≤2000). Writes (variations, prices, active status; ≤500 entries, 413 above) answer 202 with an
 * update task that is done after `productTaskTiming.pollsUntilDone` polls made at or after its `pingAfter`;
 * its per-SKU outcome (succeeded / failed with error codes / unchanged) is decided and applied when the
 * write arrives.
 *
 * Error codes of failed variations are the simulator's own (OTTO publishes no list):
 * INVALID_ATTRIBUTE_VALUE, UNKNOWN_BRAND, BRAND_NOT_USABLE, UNKNOWN_CATEGORY, MISSING_LEGAL_ATTRIBUTE,
 * EAN_ALREADY_ASSIGNED, EAN_NOT_UNIQUE, DUPLICATE_SKU_IN_REQUEST, UNKNOWN_SKU.
 */
import { z } from 'zod';
import { apiError, newLogref } from '../errors';
import {
	MARKETPLACE_STATUSES,
	type ActiveStatusRecord,
	type Link,
	type MarketPlaceStatusRecord,
	type ProductTaskError,
	type ProductUpdateTaskRecord,
	type ProductVariation,
} from '../model';
import { buildHref } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import type { SimulatorStore } from '../store';
import { jsonPathOf, parseBody, parseQuery, qDateTime, qEnum, qEnumArray, qInt, qString } from '../validation';

export const MAX_WRITE_ENTRIES = 500;

/** EANs that belong to another partner's product: variations using them fail with EAN_ALREADY_ASSIGNED. */
export const POISON_EANS = ['4006381333931', '4012345678901', '4099887766554'] as const;

/** Products-style page: items + self/prev/next links (filters are kept in the hrefs). */
export function productsPage<T>(
	path: string,
	items: T[],
	page: number,
	limit: number,
	filters: Record<string, string | string[] | undefined>,
): { page: T[]; links: Link[] } {
	const slice = items.slice(page * limit, page * limit + limit);
	const href = (p: number) => buildHref(path, { ...filters, page: p, limit });
	const links: Link[] = [{ rel: 'self', href: href(page) }];
	if (page > 0) links.push({ rel: 'prev', href: href(page - 1) });
	if ((page + 1) * limit < items.length) links.push({ rel: 'next', href: href(page + 1) });
	return { page: slice, links };
}

// ------------------------------------------------------------------------------------------------
// seeded state of SKUs nobody changed at runtime (deterministic by position in the catalogue)

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function positionOf(store: SimulatorStore, product: ProductVariation): number {
	return store.products.indexOf(product);
}

export function activeStatusOf(store: SimulatorStore, product: ProductVariation): ActiveStatusRecord {
	const set = store.activeStatus.get(product.sku);
	if (set) return set;
	const k = positionOf(store, product);
	return { sku: product.sku, active: k % 10 !== 7, lastModified: new Date(Date.parse(store.info.now) - (k + 1) * HOUR).toISOString() };
}

function shopLink(product: ProductVariation): string {
	return `https://www.otto.de/p/${encodeURIComponent(product.productReference.toLowerCase())}/#variationId=${encodeURIComponent(product.sku)}`;
}

export function marketplaceStatusOf(store: SimulatorStore, product: ProductVariation): MarketPlaceStatusRecord {
	const set = store.marketplaceStatus.get(product.sku);
	if (set) return set;
	const k = positionOf(store, product);
	const status = (['ONLINE', 'ONLINE', 'ONLINE', 'ONLINE', 'ONLINE', 'ONLINE', 'PENDING', 'INACTIVE', 'RESTRICTED', 'REJECTED'] as const)[k % 10];
	return statusRecord(product, status, new Date(Date.parse(store.info.now) - (k + 1) * 2 * HOUR).toISOString());
}

function statusRecord(product: ProductVariation, status: MarketPlaceStatusRecord['status'], lastModified: string): MarketPlaceStatusRecord {
	const links: Link[] = [{ rel: 'variation', href: `/v5/products/${encodeURIComponent(product.sku)}` }];
	if (status === 'ONLINE' || status === 'RESTRICTED') links.push({ rel: 'shop', href: shopLink(product) });
	const record: MarketPlaceStatusRecord = { sku: product.sku, status, errors: [], information: [], links, lastModified };
	if (product.moin) record.moin = product.moin;
	if (status === 'REJECTED') record.errors.push({ code: 'IMAGE_QUALITY', title: 'The main image does not meet the requirements' });
	if (status === 'RESTRICTED') record.errors.push({ code: 'MISSING_ATTRIBUTE', title: 'Recommended attribute "Material" is missing' });
	if (status === 'PENDING') record.information.push({ code: 'IN_REVIEW', title: 'The variation is being checked' });
	return record;
}

/** OTTO-side content edits: every third seeded variation changed within the last 28 days. */
export function contentChangeOf(store: SimulatorStore, product: ProductVariation) {
	const k = positionOf(store, product);
	if (k % 3 !== 0) return undefined;
	return {
		sku: product.sku,
		ean: product.ean,
		productReference: product.productReference,
		shopLink: shopLink(product),
		lastContentChange: new Date(Date.parse(store.info.now) - ((k % 20) + 1) * DAY).toISOString(),
	};
}

// ------------------------------------------------------------------------------------------------
// lists

const catalogQuery = {
	sku: qString(),
	productReference: qString(),
	category: qString(),
	brandId: qString(),
	page: qInt(0, undefined, 0),
};

type CatalogFilter = { sku?: string; productReference?: string; category?: string; brandId?: string };

function matchesCatalog(p: ProductVariation, q: CatalogFilter): boolean {
	return (
		(!q.sku || p.sku === q.sku) &&
		(!q.productReference || p.productReference === q.productReference) &&
		(!q.category || p.productDescription.category === q.category) &&
		(!q.brandId || p.productDescription.brandId === q.brandId)
	);
}

const catalogHrefFilters = (q: CatalogFilter) => ({ sku: q.sku, productReference: q.productReference, category: q.category, brandId: q.brandId });

const variationsQuery = z.object({ ...catalogQuery, limit: qInt(1, 100, 100) });

function listVariations(ctx: RouteContext): RouteResponse {
	const q = parseQuery(variationsQuery, ctx.query, ctx.path);
	const matching = ctx.data.products.filter((p) => matchesCatalog(p, q));
	const { page, links } = productsPage('/v5/products', matching, q.page, q.limit, catalogHrefFilters(q));
	return { status: 200, body: { productVariations: page, links } };
}

function pricingOf(product: ProductVariation) {
	return { sku: product.sku, standardPrice: product.pricing.standardPrice, ...(product.pricing.sale ? { sale: product.pricing.sale } : {}) };
}

function listPrices(ctx: RouteContext): RouteResponse {
	const q = parseQuery(variationsQuery, ctx.query, ctx.path);
	const matching = ctx.data.products.filter((p) => matchesCatalog(p, q)).map(pricingOf);
	const { page, links } = productsPage('/v5/products/prices', matching, q.page, q.limit, catalogHrefFilters(q));
	return { status: 200, body: { variationPrices: page, links } };
}

function listActiveStatus(ctx: RouteContext): RouteResponse {
	const q = parseQuery(variationsQuery, ctx.query, ctx.path);
	const matching = ctx.data.products.filter((p) => matchesCatalog(p, q)).map((p) => activeStatusOf(ctx.data, p));
	const { page, links } = productsPage('/v5/products/active-status', matching, q.page, q.limit, catalogHrefFilters(q));
	return { status: 200, body: { status: page, links } };
}

const marketplaceQuery = z.object({
	...catalogQuery,
	// REFERENCE §4.1: the parameter doc says max 1000, the endpoint doc 100; the simulator accepts both.
	limit: qInt(1, 1000, 100),
	fromDate: qDateTime(),
	marketPlaceStatus: qEnumArray(MARKETPLACE_STATUSES),
	'sort-order': qEnum(['desc', 'asc'] as const, 'desc'),
});

function listMarketplaceStatus(ctx: RouteContext): RouteResponse {
	const q = parseQuery(marketplaceQuery, ctx.query, ctx.path);
	const sign = q['sort-order'] === 'asc' ? 1 : -1;
	const matching = ctx.data.products
		.filter((p) => matchesCatalog(p, q))
		.map((p) => marketplaceStatusOf(ctx.data, p))
		.filter((s) => (!q.fromDate || s.lastModified >= q.fromDate) && (q.marketPlaceStatus.length === 0 || q.marketPlaceStatus.includes(s.status)))
		.sort((a, b) => sign * (a.lastModified.localeCompare(b.lastModified) || a.sku.localeCompare(b.sku)));
	const { page, links } = productsPage('/v5/products/marketplace-status', matching, q.page, q.limit, {
		...catalogHrefFilters(q),
		fromDate: q.fromDate,
		marketPlaceStatus: q.marketPlaceStatus,
		'sort-order': q['sort-order'],
	});
	return { status: 200, body: { marketPlaceStatus: page, links } };
}

/** `sku` repeated or comma-separated; a single value is split at commas (hence OTTO's empty `&sku=` trick). */
const skuList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string())).transform((values) =>
	(values.length === 1 ? values[0].split(',') : values).filter((s) => s !== ''),
);

const contentChangesQuery = z.object({ sku: skuList, fromDate: qDateTime(), page: qInt(0, undefined, 0), limit: qInt(1, 100, 100) });

type ContentChangesQuery = z.output<typeof contentChangesQuery>;

/** `skus`: the SKUs asked for (all when empty); `hrefSku`: the `sku` values to repeat in the page links. */
function contentChangesPage(ctx: RouteContext, q: ContentChangesQuery, skus: string[], basePath: string, hrefSku?: string[]): RouteResponse {
	// fromDate defaults to, and cannot reach before, now − 28 days.
	const earliest = new Date(Date.now() - 28 * DAY).toISOString();
	const from = q.fromDate && q.fromDate > earliest ? q.fromDate : earliest;
	const wanted = new Set(skus);
	const matching = ctx.data.products
		.filter((p) => wanted.size === 0 || wanted.has(p.sku))
		.map((p) => contentChangeOf(ctx.data, p))
		.filter((c): c is NonNullable<typeof c> => c !== undefined && c.lastContentChange >= from)
		.sort((a, b) => b.lastContentChange.localeCompare(a.lastContentChange) || a.sku.localeCompare(b.sku));
	const { page, links } = productsPage(basePath, matching, q.page, q.limit, { sku: hrefSku, fromDate: q.fromDate });
	return { status: 200, body: { contentChanges: page, links } };
}

function listContentChanges(ctx: RouteContext): RouteResponse {
	const q = parseQuery(contentChangesQuery, ctx.query, ctx.path);
	const raw = ctx.query.sku;
	return contentChangesPage(ctx, q, q.sku, '/v5/products/content-changes', raw === undefined ? undefined : ([] as string[]).concat(raw));
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

// ------------------------------------------------------------------------------------------------
// single SKU paths

/**
 * The SKU of a single-resource path. Unlike OTTO (REFERENCE §3.1: `/` and `.` break these paths), the
 * simulator decodes any encoded SKU; tests assert that the node uses the lists' `sku` filter instead.
 */
function skuFromPath(ctx: RouteContext): ProductVariation {
	const product = ctx.data.productsBySku.get(ctx.params.sku);
	if (!product) throw apiError(404, ctx.path, `Product variation with sku '${ctx.params.sku}' not found`);
	return product;
}

const getVariation = (ctx: RouteContext): RouteResponse => ({ status: 200, body: skuFromPath(ctx) });
const getSkuPrices = (ctx: RouteContext): RouteResponse => ({ status: 200, body: pricingOf(skuFromPath(ctx)) });
const getSkuActiveStatus = (ctx: RouteContext): RouteResponse => ({ status: 200, body: activeStatusOf(ctx.data, skuFromPath(ctx)) });
const getSkuMarketplaceStatus = (ctx: RouteContext): RouteResponse => ({ status: 200, body: marketplaceStatusOf(ctx.data, skuFromPath(ctx)) });

function getSkuContentChanges(ctx: RouteContext): RouteResponse {
	const product = skuFromPath(ctx);
	// The path names the SKU; a `sku` query parameter is not part of this endpoint.
	const { sku: _ignored, ...query } = ctx.query;
	const q = parseQuery(contentChangesQuery, query, ctx.path);
	return contentChangesPage(ctx, q, [product.sku], ctx.path);
}

// ------------------------------------------------------------------------------------------------
// writes → update tasks

const isoDateTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date-time');
const money = z.object({
	amount: z
		.number()
		.positive()
		.refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'must have at most 2 decimals'),
	currency: z.literal('EUR'),
});
const sale = z.object({ salePrice: money, startDate: isoDateTime.optional(), endDate: isoDateTime.optional() });
const sku = z
	.string()
	.min(1)
	.max(50)
	.refine((s) => s === s.trim(), 'must not start or end with blanks');

const variationSchema = z.object({
	productReference: z.string().min(1).max(50),
	sku,
	ean: z
		.string()
		.regex(/^\d{8,14}$/, 'must be 8 to 14 digits')
		.refine((e) => !e.startsWith('2'), 'must not start with 2'),
	pzn: z.string().optional(),
	mpn: z.string().max(50).optional(),
	moin: z.string().optional(),
	releaseDate: isoDateTime.optional(),
	productDescription: z.object({
		category: z.string().min(1),
		brandId: z.string().min(1),
		productLine: z.string().max(70).optional(),
		productionDate: isoDateTime.optional(),
		multiPack: z.boolean().optional(),
		bundle: z.boolean().optional(),
		fscCertified: z.boolean().optional(),
		disposal: z.boolean().optional(),
		productUrl: z.string().optional(),
		description: z.string().optional(),
		bulletPoints: z.array(z.string().min(3).max(180)).optional(),
		attributes: z.array(z.object({ name: z.string().min(1), values: z.array(z.string()), additional: z.boolean().optional() })).optional(),
	}),
	mediaAssets: z
		.array(z.object({ type: z.string(), location: z.string().url().max(2083) }))
		.refine((assets) => assets.some((a) => a.type === 'IMAGE'), 'needs at least one IMAGE'),
	order: z.object({ maxOrderQuantity: z.object({ quantity: z.number().int().min(1).max(50), periodInDays: z.number().int().min(1).max(90) }) }).optional(),
	pricing: z.object({
		standardPrice: money,
		vat: z.enum(['FULL', 'REDUCED', 'FREE']),
		msrp: money.optional(),
		sale: sale.optional(),
		normPriceInfo: z.object({ normAmount: z.number(), normUnit: z.string(), salesAmount: z.number(), salesUnit: z.string() }).optional(),
	}),
	logistics: z.object({ packingUnitCount: z.number().int(), packingUnits: z.array(z.record(z.number())) }).partial().optional(),
	compliance: z.object({
		productSafety: z.object({
			addresses: z
				.array(
					z
						.object({
							name: z.string().min(1).max(100),
							address: z.string().min(1).max(200).refine((a) => !/[\r\n]/.test(a), 'must be one line'),
							regionCode: z.string().regex(/^[A-Z]{2}$/).optional(),
							email: z.string().max(100).optional(),
							url: z.string().max(200).optional(),
							phone: z.string().max(20).optional(),
							roles: z.array(z.enum(['MANUFACTURER', 'DISTRIBUTOR'])).min(1),
							components: z.array(z.string()).optional(),
						})
						.refine((a) => a.email || a.url, 'needs an email or a url'),
				)
				.min(1),
		}),
	}),
});

const priceSchema = z.object({ sku, standardPrice: money, sale: sale.optional() });
const activeSchema = z.object({ sku, active: z.boolean() });

/** Bodies must at least be lists of objects with a SKU; everything else is judged per SKU in the task. */
const variationsBody = z.array(z.object({ sku: z.string() }).passthrough());
const activeStatusBody = z.object({ status: z.array(z.object({ sku: z.string() }).passthrough()) });

function taskError(code: string, title: string, path?: ReadonlyArray<string | number>): ProductTaskError {
	return { code, title, ...(path ? { path: path.join('.'), jsonPath: jsonPathOf(path) } : {}), logref: newLogref() };
}

function schemaErrors(error: z.ZodError): ProductTaskError[] {
	return error.issues.map((issue) =>
		taskError('INVALID_ATTRIBUTE_VALUE', `${issue.path.join('.') || 'variation'}: ${issue.message}`, issue.path),
	);
}

/** Canonical JSON (sorted keys), to tell an identical resend. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
		return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

type Outcome = { status: 'succeeded' | 'unchanged'; apply?: () => void } | { status: 'failed'; errors: ProductTaskError[] };

function judgeVariation(store: SimulatorStore, raw: Record<string, unknown>): Outcome {
	const parsed = variationSchema.safeParse(raw);
	if (!parsed.success) return { status: 'failed', errors: schemaErrors(parsed.error) };
	const v = parsed.data;
	const errors: ProductTaskError[] = [];
	const brand = store.brands.find((b) => b.id === v.productDescription.brandId);
	if (!brand) errors.push(taskError('UNKNOWN_BRAND', `Brand '${v.productDescription.brandId}' does not exist`, ['productDescription', 'brandId']));
	else if (!brand.usable) errors.push(taskError('BRAND_NOT_USABLE', `Brand '${brand.name}' may not be used`, ['productDescription', 'brandId']));
	const group = store.categoryGroups.find((g) => g.categories.includes(v.productDescription.category));
	if (!group) errors.push(taskError('UNKNOWN_CATEGORY', `Category '${v.productDescription.category}' does not exist`, ['productDescription', 'category']));
	else {
		const given = new Set((v.productDescription.attributes ?? []).filter((a) => a.values.length > 0).map((a) => a.name));
		for (const definition of group.attributes) {
			if (definition.featureRelevance.includes('LEGAL') && !given.has(definition.name)) {
				errors.push(taskError('MISSING_LEGAL_ATTRIBUTE', `Attribute '${definition.name}' is legally required in category '${v.productDescription.category}'`, ['productDescription', 'attributes']));
			}
		}
	}
	if ((POISON_EANS as readonly string[]).includes(v.ean)) {
		errors.push(taskError('EAN_ALREADY_ASSIGNED', `EAN ${v.ean} is assigned to a product of another partner`, ['ean']));
	} else {
		// Accepted variations are stored at once, so earlier entries of the same request count too.
		const owner = store.products.find((p) => p.ean === v.ean && p.sku !== v.sku)?.sku;
		if (owner) errors.push(taskError('EAN_NOT_UNIQUE', `EAN ${v.ean} is already used by SKU '${owner}'`, ['ean']));
	}
	if (errors.length) return { status: 'failed', errors };
	const existing = store.productsBySku.get(v.sku);
	if (existing && canonical(existing) === canonical(raw)) return { status: 'unchanged' };
	return {
		status: 'succeeded',
		apply: () => {
			const product = raw as unknown as ProductVariation;
			store.upsertProduct(product);
			const now = store.nowIso();
			if (!existing) store.activeStatus.set(product.sku, { sku: product.sku, active: true, lastModified: now });
			// Changed content is checked again before it is shown: the shop status goes back to PENDING.
			store.marketplaceStatus.set(product.sku, statusRecord(product, 'PENDING', now));
		},
	};
}

function judgePrice(store: SimulatorStore, raw: Record<string, unknown>): Outcome {
	const parsed = priceSchema.safeParse(raw);
	if (!parsed.success) return { status: 'failed', errors: schemaErrors(parsed.error) };
	const product = store.productsBySku.get(parsed.data.sku);
	if (!product) return { status: 'failed', errors: [taskError('UNKNOWN_SKU', `No product variation with sku '${parsed.data.sku}'`, ['sku'])] };
	const next = { ...product.pricing, standardPrice: parsed.data.standardPrice, sale: parsed.data.sale };
	if (canonical(next) === canonical(product.pricing)) return { status: 'unchanged' };
	return { status: 'succeeded', apply: () => store.upsertProduct({ ...product, pricing: next }) };
}

function judgeActiveStatus(store: SimulatorStore, raw: Record<string, unknown>): Outcome {
	const parsed = activeSchema.safeParse(raw);
	if (!parsed.success) return { status: 'failed', errors: schemaErrors(parsed.error) };
	const product = store.productsBySku.get(parsed.data.sku);
	if (!product) return { status: 'failed', errors: [taskError('UNKNOWN_SKU', `No product variation with sku '${parsed.data.sku}'`, ['sku'])] };
	if (activeStatusOf(store, product).active === parsed.data.active) return { status: 'unchanged' };
	return {
		status: 'succeeded',
		apply: () => store.activeStatus.set(product.sku, { sku: product.sku, active: parsed.data.active, lastModified: store.nowIso() }),
	};
}

function taskBody(task: ProductUpdateTaskRecord, pollsUntilDone: number) {
	const done = task.state === 'done';
	const base = `/v5/products/update-tasks/${task.processUuid}`;
	return {
		state: task.state,
		message: done ? 'Processing finished' : 'Processing in progress',
		total: task.total,
		progress: done ? task.total : Math.floor((task.total * task.polls) / Math.max(1, pollsUntilDone)),
		succeeded: done ? task.succeeded.length : 0,
		failed: done ? task.failed.length : 0,
		unchanged: done ? task.unchanged.length : 0,
		pingAfter: task.pingAfter,
		links: [
			{ rel: 'self', href: base },
			{ rel: 'failed', href: `${base}/failed` },
			{ rel: 'succeeded', href: `${base}/succeeded` },
			{ rel: 'unchanged', href: `${base}/unchanged` },
		],
	};
}

function startTask(
	ctx: RouteContext,
	kind: ProductUpdateTaskRecord['kind'],
	entries: Array<Record<string, unknown> & { sku: string }>,
	judge: (raw: Record<string, unknown>) => Outcome,
): RouteResponse {
	if (entries.length === 0) throw apiError(400, ctx.path, 'The request contains no entries');
	if (entries.length > MAX_WRITE_ENTRIES) {
		throw apiError(413, ctx.path, `At most ${MAX_WRITE_ENTRIES} entries per request, got ${entries.length}`);
	}
	const store = ctx.data;
	const task: ProductUpdateTaskRecord = {
		processUuid: store.newUuid(),
		kind,
		createdAt: store.nowIso(),
		state: 'pending',
		pingAfter: new Date(Date.now() + store.productTaskTiming.pingAfterMs).toISOString(),
		polls: 0,
		earlyPolls: 0,
		total: entries.length,
		succeeded: [],
		failed: [],
		unchanged: [],
	};
	const seen = new Set<string>();
	for (const entry of entries) {
		if (seen.has(entry.sku)) {
			task.failed.push({ variation: entry.sku, errors: [taskError('DUPLICATE_SKU_IN_REQUEST', `SKU '${entry.sku}' appears more than once in the request`, ['sku'])] });
			continue;
		}
		seen.add(entry.sku);
		const outcome = judge(entry);
		if (outcome.status === 'failed') task.failed.push({ variation: entry.sku, errors: outcome.errors });
		else {
			outcome.apply?.();
			task[outcome.status].push(entry.sku);
		}
	}
	store.productTasks.set(task.processUuid, task);
	return { status: 202, body: taskBody(task, store.productTaskTiming.pollsUntilDone) };
}

function postVariations(ctx: RouteContext): RouteResponse {
	const body = parseBody(variationsBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	return startTask(ctx, 'products', body, (raw) => judgeVariation(ctx.data, raw));
}

function postPrices(ctx: RouteContext): RouteResponse {
	const body = parseBody(variationsBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	return startTask(ctx, 'prices', body, (raw) => judgePrice(ctx.data, raw));
}

function postActiveStatus(ctx: RouteContext): RouteResponse {
	const body = parseBody(activeStatusBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	return startTask(ctx, 'active-status', body.status, (raw) => judgeActiveStatus(ctx.data, raw));
}

function findTask(ctx: RouteContext): ProductUpdateTaskRecord {
	const task = ctx.data.productTasks.get(ctx.params.processUuid);
	if (!task) throw apiError(404, ctx.path, `Update task '${ctx.params.processUuid}' not found`);
	return task;
}

function getTask(ctx: RouteContext): RouteResponse {
	const task = findTask(ctx);
	const timing = ctx.data.productTaskTiming;
	if (task.state === 'pending') {
		if (Date.now() < Date.parse(task.pingAfter)) task.earlyPolls++;
		else {
			task.polls++;
			if (task.polls >= timing.pollsUntilDone) task.state = 'done';
			else task.pingAfter = new Date(Date.now() + timing.pingAfterMs).toISOString();
		}
	}
	return { status: 200, body: taskBody(task, timing.pollsUntilDone) };
}

function taskResults(outcome: 'failed' | 'succeeded' | 'unchanged') {
	return (ctx: RouteContext): RouteResponse => {
		const task = findTask(ctx);
		if (task.state !== 'done') return { status: 200, body: { results: [] } };
		const results = outcome === 'failed' ? task.failed : task[outcome].map((variation) => ({ variation }));
		return { status: 200, body: { results } };
	};
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
		{ method: 'POST', pattern: '/v5/products', handler: postVariations },
		{ method: 'GET', pattern: '/v5/products/brands', handler: listBrands },
		{ method: 'GET', pattern: '/v5/products/categories', handler: listCategories },
		{ method: 'GET', pattern: '/v5/products/prices', handler: listPrices },
		{ method: 'POST', pattern: '/v5/products/prices', handler: postPrices },
		{ method: 'GET', pattern: '/v5/products/active-status', handler: listActiveStatus },
		{ method: 'POST', pattern: '/v5/products/active-status', handler: postActiveStatus },
		{ method: 'GET', pattern: '/v5/products/marketplace-status', handler: listMarketplaceStatus },
		{ method: 'GET', pattern: '/v5/products/content-changes', handler: listContentChanges },
		{ method: 'GET', pattern: '/v5/products/update-tasks/{processUuid}', handler: getTask },
		{ method: 'GET', pattern: '/v5/products/update-tasks/{processUuid}/failed', handler: taskResults('failed') },
		{ method: 'GET', pattern: '/v5/products/update-tasks/{processUuid}/succeeded', handler: taskResults('succeeded') },
		{ method: 'GET', pattern: '/v5/products/update-tasks/{processUuid}/unchanged', handler: taskResults('unchanged') },
		{ method: 'GET', pattern: '/v5/products/{sku}', handler: getVariation },
		{ method: 'GET', pattern: '/v5/products/{sku}/prices', handler: getSkuPrices },
		{ method: 'GET', pattern: '/v5/products/{sku}/active-status', handler: getSkuActiveStatus },
		{ method: 'GET', pattern: '/v5/products/{sku}/marketplace-status', handler: getSkuMarketplaceStatus },
		{ method: 'GET', pattern: '/v5/products/{sku}/content-changes', handler: getSkuContentChanges },
	],
};
