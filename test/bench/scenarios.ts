/**
 * The bench's scenarios: what runs (the Otto Market node, or the per-item baseline node) on which simulator set-up,
 * and the floor each is compared with. Sizes are parameters so the bench's unit test runs the same definitions small.
 */
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { CREDENTIAL_ID, ottoWorkflow, runWorkflow, type TestCredentialsHelper, type WorkflowResult } from '../harness';
import { TestPoller } from '../harness/poll';
import { BASELINE_NODE_TYPE, BASELINE_NODE_TYPES } from './baselineNode';
import type { BenchSimulator, SimFacts, SimSetup } from './simHost';

// ------------------------------------------------------------------------------------------------
// Assumed node defaults for the floor. The bench passes no `concurrency` / `requestsPerSecond` in the node's bulk
// options, so the node runs with its defaults; change these two when those defaults change.

/** Requests the node has in flight at once (bulk option `concurrency`, default 4). */
export const NODE_CONCURRENCY = 4;
/** The node's client-side pace per credential (bulk option `requestsPerSecond`, default 20). */
export const NODE_REQUESTS_PER_SECOND = 20;

/** Simulated network + OTTO latency of every request. */
export const LATENCY_MS = 50;
/** The simulator's rate limit in scenario 5 (token bucket, burst = one second's worth). */
export const LIMITED_RATE = 20;
/**
 * Latency in scenario 5: low enough that one request after another (cursor paging) could go faster than the
 * allowed rate, so the pace, not the latency, sets the rate.
 */
export const LIMITED_LATENCY_MS = 10;
/** "Max Requests per Second" of scenario 1b, which shows the node's own cost per item (no latency). */
export const FAST_REQUESTS_PER_SECOND = 100;

/** OTTO's maxima (docs/otto-api.md): quantities per POST, orders per page, variations per Products write. */
export const STOCK_BATCH_MAX = 200;
export const ORDERS_PAGE_MAX = 128;
export const PRODUCTS_BATCH_MAX = 500;

export interface BenchSizes {
	/** SKUs of the stock update (package). */
	stockSkus: number;
	/** SKUs of the stock update's per-item baseline (a POST each). */
	stockBaselineSkus: number;
	/** Orders of the backfill (both variants). */
	orders: number;
	/** Variations uploaded (package). */
	products: number;
	/** Variations uploaded by the baseline (a POST each). */
	productsBaseline: number;
	/** SKUs of the baseline's stock update at the limited rate. */
	limitedStockBaselineSkus: number;
}

export const FULL_SIZES: BenchSizes = {
	stockSkus: 10_000,
	stockBaselineSkus: 1_000,
	orders: 10_000,
	products: 1_200,
	productsBaseline: 300,
	limitedStockBaselineSkus: 200,
};

export interface RunContext {
	sim: BenchSimulator;
	facts: SimFacts;
	/** A fresh credential (no token yet) per run. */
	helper: TestCredentialsHelper;
}

export interface RunOutcome {
	/** Output items (orders, per-SKU results, …). */
	output: number;
	/** Items that failed (error items; the nodes run with "On Error: Continue"). */
	failed: number;
	note?: string;
}

export interface Variant {
	variant: 'package' | 'per-item baseline';
	/** Input size this variant runs with (for the floor and the per-1,000 figure). */
	items: number;
	/** How the items column shows it, e.g. "1 poll". */
	itemsLabel?: string;
	/** Runs before the measured part; its request log is cleared (e.g. the trigger's first poll). */
	prepare?: (ctx: RunContext) => Promise<unknown>;
	run: (ctx: RunContext, prepared: unknown) => Promise<RunOutcome>;
	note?: string;
}

/** A row without a measurement ("n/a"). */
export interface NotApplicable {
	variant: 'per-item baseline';
	na: string;
}

export interface Scenario {
	id: string;
	title: string;
	setup: SimSetup;
	/** Entries per request at OTTO's maximum: the floor is ⌈items / batchMax⌉ requests. */
	batchMax: number;
	/** Requests can only go one after another (cursor paging: each page names the next). */
	sequential?: boolean;
	/** The node's "Max Requests per Second" when the scenario sets it (else the default). */
	nodeRate?: number;
	variants: Array<Variant | NotApplicable>;
	note?: string;
}

// ------------------------------------------------------------------------------------------------
// the floor

/** The rates that bound a scenario: the node's own pace, and the simulator's limit when one is set. */
export function allowedRate(scenario: Scenario): number {
	const server = scenario.setup.rateLimit?.requestsPerSecond;
	const node = scenario.nodeRate ?? NODE_REQUESTS_PER_SECOND;
	return server === undefined ? node : Math.min(node, server);
}

/**
 * Minimum requests ⌈items / OTTO's batch maximum⌉ and minimum time max(⌈requests / concurrency⌉ × latency,
 * requests / allowed rate), with concurrency 1 for sequential scenarios. The same floor for both variants.
 */
export function floorOf(scenario: Scenario, items: number): { requests: number; ms: number } {
	const requests = Math.max(1, Math.ceil(items / scenario.batchMax));
	const concurrency = scenario.sequential ? 1 : NODE_CONCURRENCY;
	const byLatency = Math.ceil(requests / concurrency) * scenario.setup.latencyMs;
	const byRate = (requests / allowedRate(scenario)) * 1000;
	return { requests, ms: Math.max(byLatency, byRate) };
}

// ------------------------------------------------------------------------------------------------
// workflows

const ON_ERROR_CONTINUE = { onError: 'continueRegularOutput' } as Partial<INode>;

function outcomeOf(result: WorkflowResult, nodeName: string): RunOutcome {
	if (result.error) throw new Error(`${nodeName}: ${result.error.message}`);
	const out = result.output(nodeName);
	return { output: out.length, failed: out.filter((item) => item.json.error !== undefined).length };
}

/** The Otto Market node (version 2, no bulk options set: the node's defaults). */
async function runPackage(ctx: RunContext, parameters: IDataObject, items: IDataObject[] = [{}]): Promise<RunOutcome> {
	const result = await runWorkflow(ottoWorkflow(parameters, items, { typeVersion: 2, ...ON_ERROR_CONTINUE }), ctx.helper);
	return outcomeOf(result, 'Otto Market');
}

/** Test items → the per-item baseline node with the OTTO credential. */
export function baselineWorkflow(parameters: IDataObject, items: IDataObject[]) {
	return {
		nodes: [
			{ name: 'Start', type: 'test.items', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
			{
				name: 'HTTP Request',
				type: BASELINE_NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: { ottoMarketOAuth2Api: { id: CREDENTIAL_ID, name: 'OTTO Market (test)' } },
				...ON_ERROR_CONTINUE,
			},
		] as INode[],
		connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } } as unknown as IConnections,
	};
}

async function runBaseline(ctx: RunContext, parameters: IDataObject, items: IDataObject[] = [{}]): Promise<RunOutcome> {
	const result = await runWorkflow(baselineWorkflow(parameters, items), ctx.helper, { nodeTypes: BASELINE_NODE_TYPES });
	return outcomeOf(result, 'HTTP Request');
}

// ------------------------------------------------------------------------------------------------
// input data

export function stockItems(facts: SimFacts, count: number): IDataObject[] {
	if (facts.skus.length < count) throw new Error(`the seed has ${facts.skus.length} SKUs, the scenario needs ${count}`);
	return facts.skus.slice(0, count).map((sku, k) => ({ sku, quantity: (k * 7) % 500 }));
}

const MANUFACTURER = {
	name: 'Nordwerk GmbH',
	address: 'Hauptstraße 1, 20095 Hamburg',
	regionCode: 'DE',
	email: 'safety@nordwerk.example.com',
	roles: ['MANUFACTURER', 'DISTRIBUTOR'],
};

/** A valid v5 variation (seeded category "T-Shirt"); `n` makes SKU and EAN unique. */
export function variation(n: number, brandId: string): IDataObject {
	return {
		productReference: `BENCH-SHIRT-${Math.floor(n / 4)}`,
		sku: `BENCH-${String(n).padStart(6, '0')}`,
		ean: `425${String(n).padStart(10, '0')}`,
		productDescription: {
			category: 'T-Shirt',
			brandId,
			productLine: 'Basic Shirt',
			bulletPoints: ['100 % Baumwolle', 'Waschbar bei 40 °C'],
			attributes: [
				{ name: 'Farbe', values: ['Blau'], additional: false },
				{ name: 'Herstellerhinweis', values: ['Nicht im Trockner trocknen'], additional: false },
			],
		},
		mediaAssets: [{ type: 'IMAGE', location: `https://images.example.com/${n}/front.jpg` }],
		pricing: { standardPrice: { amount: 19.99, currency: 'EUR' }, vat: 'FULL' },
		compliance: { productSafety: { addresses: [MANUFACTURER] } },
	};
}

// ------------------------------------------------------------------------------------------------
// the scenarios

const STOCK_PARAMETERS = { resource: 'quantity', operation: 'update', sku: '={{ $json.sku }}', quantity: '={{ $json.quantity }}' };
const BACKFILL_PARAMETERS = { resource: 'order', operation: 'getAll', returnAll: true };

function stockPackage(skus: number, requestsPerSecond?: number): Variant {
	const parameters = requestsPerSecond ? { ...STOCK_PARAMETERS, options: { requestsPerSecond } } : STOCK_PARAMETERS;
	return {
		variant: 'package',
		items: skus,
		...(requestsPerSecond ? { note: `Max Requests per Second ${requestsPerSecond}` } : {}),
		run: (ctx) => runPackage(ctx, parameters, stockItems(ctx.facts, skus)),
	};
}

function stockBaseline(skus: number, of: number): Variant {
	return {
		variant: 'per-item baseline',
		items: skus,
		...(skus < of ? { note: `measured on ${skus.toLocaleString('en')} of ${of.toLocaleString('en')} SKUs` } : {}),
		run: (ctx) =>
			runBaseline(
				ctx,
				{ method: 'POST', url: `${ctx.sim.url}/v1/availability/quantities`, jsonBody: '={{ [{ sku: $json.sku, quantity: $json.quantity }] }}' },
				stockItems(ctx.facts, skus),
			),
	};
}

/** A backfill's outcome, noting when fewer orders came out than the seed has. */
function ordersOut(outcome: RunOutcome, orders: number): RunOutcome {
	return outcome.output === orders ? outcome : { ...outcome, note: `${outcome.output.toLocaleString('en')} items out` };
}

function backfillPackage(orders: number): Variant {
	return { variant: 'package', items: orders, run: async (ctx) => ordersOut(await runPackage(ctx, BACKFILL_PARAMETERS), orders) };
}

function backfillBaseline(orders: number): Variant {
	return {
		variant: 'per-item baseline',
		items: orders,
		note: 'follows the next link page by page',
		// The orders, or one error item when a page failed (like HTTP Request's pagination, no partial result).
		run: async (ctx) =>
			ordersOut(
				await runBaseline(ctx, { method: 'GET', url: `${ctx.sim.url}/v4/orders?limit=${ORDERS_PAGE_MAX}`, followNext: true, listKey: 'resources' }),
				orders,
			),
	};
}

export function buildScenarios(sizes: BenchSizes = FULL_SIZES): Scenario[] {
	// One seed for every scenario (re-seeding costs time): enough orders for the backfill, SKUs for the stock update.
	const seed = { orders: sizes.orders, products: Math.max(60, sizes.stockSkus, sizes.stockBaselineSkus) };
	const plain: SimSetup = { seed, latencyMs: LATENCY_MS };
	const instant: SimSetup = { seed, latencyMs: 0 };
	const limited: SimSetup = { seed, latencyMs: LIMITED_LATENCY_MS, rateLimit: { requestsPerSecond: LIMITED_RATE } };
	const n = (value: number) => value.toLocaleString('en');
	return [
		{
			id: '1',
			title: `stock update, ${n(sizes.stockSkus)} SKUs`,
			setup: plain,
			batchMax: STOCK_BATCH_MAX,
			variants: [stockPackage(sizes.stockSkus), stockBaseline(sizes.stockBaselineSkus, sizes.stockSkus)],
		},
		{
			id: '1b',
			title: `stock update, ${n(sizes.stockSkus)} SKUs, no latency`,
			setup: instant,
			batchMax: STOCK_BATCH_MAX,
			nodeRate: FAST_REQUESTS_PER_SECOND,
			note: "the node's own time per item: no latency, pace raised",
			variants: [stockPackage(sizes.stockSkus, FAST_REQUESTS_PER_SECOND), stockBaseline(sizes.stockBaselineSkus, sizes.stockSkus)],
		},
		{
			id: '2',
			title: `order backfill, ${n(sizes.orders)} orders`,
			setup: plain,
			batchMax: ORDERS_PAGE_MAX,
			sequential: true,
			variants: [backfillPackage(sizes.orders), backfillBaseline(sizes.orders)],
		},
		{
			id: '3',
			title: `product upload, ${n(sizes.products)} variations`,
			setup: plain,
			batchMax: PRODUCTS_BATCH_MAX,
			note: "the floor counts the writes only; waiting for OTTO's update tasks adds polls and result reads",
			variants: [
				{
					variant: 'package',
					items: sizes.products,
					run: (ctx) =>
						runPackage(
							ctx,
							{ resource: 'product', operation: 'createOrUpdate' },
							Array.from({ length: sizes.products }, (_, k) => variation(k, ctx.facts.usableBrandId)),
						),
				},
				{
					variant: 'per-item baseline',
					items: sizes.productsBaseline,
					note: `${sizes.productsBaseline < sizes.products ? `measured on ${n(sizes.productsBaseline)} variations; ` : ''}POSTs only, never waits for the update task`,
					run: (ctx) =>
						runBaseline(
							ctx,
							{ method: 'POST', url: `${ctx.sim.url}/v5/products`, jsonBody: '={{ [$json] }}' },
							Array.from({ length: sizes.productsBaseline }, (_, k) => variation(100_000 + k, ctx.facts.usableBrandId)),
						),
				},
			],
		},
		{
			id: '4',
			title: 'idle trigger poll (New Order)',
			setup: plain,
			batchMax: 1,
			variants: [
				{
					variant: 'package',
					items: 1,
					itemsLabel: '1 poll',
					note: 'second poll after activation, nothing new',
					prepare: async (ctx) => {
						const poller = new TestPoller({ parameters: { event: 'newOrder' }, credentialsHelper: ctx.helper });
						await poller.poll();
						return poller;
					},
					run: async (_ctx, prepared) => {
						const { items } = await (prepared as TestPoller).poll();
						return { output: items?.length ?? 0, failed: 0 };
					},
				},
				{ variant: 'per-item baseline', na: 'a poll is one request either way' },
			],
		},
		{
			id: '5a',
			title: `stock update, ${n(sizes.stockSkus)} SKUs, OTTO allows ${LIMITED_RATE}/s (latency ${LIMITED_LATENCY_MS} ms)`,
			setup: limited,
			batchMax: STOCK_BATCH_MAX,
			variants: [stockPackage(sizes.stockSkus), stockBaseline(sizes.limitedStockBaselineSkus, sizes.stockSkus)],
		},
		{
			id: '5b',
			title: `order backfill, ${n(sizes.orders)} orders, OTTO allows ${LIMITED_RATE}/s (latency ${LIMITED_LATENCY_MS} ms)`,
			setup: limited,
			batchMax: ORDERS_PAGE_MAX,
			sequential: true,
			variants: [backfillPackage(sizes.orders), backfillBaseline(sizes.orders)],
		},
	];
}
