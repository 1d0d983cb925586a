import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	MAX_AVAILABILITY_BATCH,
	parseSku,
	splitAvailabilityAnswer,
	splitAvailabilityFailure,
	type FieldProblem,
} from '../helpers/availabilityRules';
import { apiPath, ottoListItems, ottoRequest, ottoRequestBody, type ListEndpoint, type OttoContext } from '../transport';
import { bulkOptionsField, errorOf, isAuthFailure, lastPerKey, readBulkOptions, requestGroups, resultAs, sendChunks, type RequestFailure } from './bulk';
import { itemParameter } from './params';
import type { BulkResult } from './types';

/** What Quantity and Delivery Information (both Availability v1) share: batched writes and single-SKU reads. */

/** "Batch Size" and "One Request per Item" of the availability writes. */
export function bulkOptions(what: string): INodeProperties {
	return bulkOptionsField({ what, maxBatch: MAX_AVAILABILITY_BATCH, unit: 'SKUs' });
}

/** One SKU's write: the body entry OTTO gets and the item that comes out when OTTO accepts it. */
export interface AvailabilityEntry {
	sku: string;
	payload: IDataObject;
}

interface Planned extends AvailabilityEntry {
	itemIndex: number;
	batchSize: number;
	perItem: boolean;
	concurrency: number;
	problem?: { message: string; description?: string };
}

export interface AvailabilityWrite {
	path: string;
	/** Reads one item's entry; `problem` names the field that keeps it from being sent. */
	read: (ctx: IExecuteFunctions, i: number) => { entry?: AvailabilityEntry; problem?: FieldProblem; sku?: string };
}

function readOptions(ctx: IExecuteFunctions, i: number): { batchSize: number; perItem: boolean; concurrency: number } {
	const { batchSize, perItem, concurrency } = readBulkOptions(ctx, i, MAX_AVAILABILITY_BATCH);
	return { batchSize, perItem, concurrency };
}

/**
 * A bulk write (POST of a SKU list): all input items in as few requests as OTTO allows, or one request per item.
 * Invalid items are never sent and get an error naming SKU and field; the valid ones still go out. OTTO's
 * answer — 200/202, a multi-status 207, or a failed request — is split back onto the input items.
 */
export function availabilityWrite(config: AvailabilityWrite) {
	return async function executeBulk(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<BulkResult[]> {
		const plans: Planned[] = items.map((_, i) => {
			const plan: Planned = { itemIndex: i, sku: '', payload: {}, batchSize: MAX_AVAILABILITY_BATCH, perItem: false, concurrency: 1 };
			try {
				Object.assign(plan, readOptions(this, i));
				const { entry, problem, sku } = config.read(this, i);
				if (entry) Object.assign(plan, entry);
				else plan.problem = { message: invalidMessage(problem, sku), description: 'Nothing was sent to OTTO for this item.' };
			} catch (error) {
				plan.problem = errorOf(error);
			}
			return plan;
		});

		const outcomes = new Map<Planned, BulkResult>();
		const send = async (entries: Planned[], batchSize: number, itemIndex?: number, concurrency = 1) => {
			// Both writes are upserts keyed by SKU (a quantity, a profile assignment): sending the same list again
			// leaves the same state, so the transport may repeat it after a 502/503/504 or a lost answer. After a
			// 401/403 every further request would fail the same way: the rest is not sent.
			const chunks = await sendChunks(
				this,
				entries,
				batchSize,
				async function (this: OttoContext, batch) {
					const body = batch.entries.map((e) => e.payload);
					return await ottoRequest.call(this, { method: 'POST', path: config.path, body, itemIndex, idempotent: true });
				},
				isAuthFailure,
				concurrency,
			);
			for (const { entries: sent, outcome } of chunks) {
				const skus = sent.map((e) => e.sku);
				if (outcome.error) {
					const failures = splitAvailabilityFailure(skus, outcome.error);
					sent.forEach((entry, k) => outcomes.set(entry, { itemIndex: entry.itemIndex, error: failures[k] }));
					continue;
				}
				const split = splitAvailabilityAnswer(skus, outcome.result.status, outcome.result.body);
				sent.forEach((entry, k) => {
					const result = split[k];
					outcomes.set(
						entry,
						result.ok
							? { itemIndex: entry.itemIndex, json: { ...entry.payload, ...withoutLinks(result.result) } }
							: { itemIndex: entry.itemIndex, error: { message: result.message, ...(result.description ? { description: result.description } : {}) } },
					);
				});
			}
		};

		// all combining items together, in chunks of their batch size; every "one request per item" item alone
		const valid = plans.filter((p) => !p.problem);
		// OTTO's answer names SKUs, so one request must not carry a SKU twice: a SKU given again is sent once,
		// with the last value given, and every input item that had it gets OTTO's answer.
		const { unique, sentAs } = lastPerKey(
			valid.filter((p) => !p.perItem),
			(p) => p.sku,
		);
		const bySize = new Map<number, Planned[]>();
		for (const plan of unique) {
			const group = bySize.get(plan.batchSize);
			if (group) group.push(plan);
			else bySize.set(plan.batchSize, [plan]);
		}
		for (const [size, entries] of bySize) await send(entries, size, undefined, entries[0].concurrency);
		for (const group of requestGroups(valid.filter((p) => p.perItem), () => false)) await send(group, 1, group[0].itemIndex);

		return plans.map(
			(plan): BulkResult =>
				plan.problem
					? { itemIndex: plan.itemIndex, error: plan.problem }
					: (outcomes.get(plan) ??
						resultAs(outcomes.get(sentAs.get(plan)!), plan.itemIndex) ?? {
							itemIndex: plan.itemIndex,
							error: { message: `SKU "${plan.sku}" was not sent to OTTO` },
						}),
		);
	};
}

/** "Invalid "Quantity" for SKU "A-1": must be …", or for the SKU itself "Invalid "SKU" "…": …". */
function invalidMessage(problem: FieldProblem | undefined, sku: string | undefined): string {
	const field = problem?.field ?? 'SKU';
	const reason = problem?.reason ?? 'a value is required';
	let named = '';
	if (sku && field !== 'SKU') named = ` for SKU "${sku}"`;
	else if (sku && !reason.includes(`"${sku}"`)) named = ` "${sku}"`;
	return `Invalid "${field}"${named}: ${reason}`;
}

/** An OTTO entry without its `links` (self links are noise in an item). */
export function withoutLinks(result: IDataObject | undefined): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(result ?? {})) if (key !== 'links') out[key] = value;
	return out;
}

/** Reads the SKU field of item `i`: the SKU, or the problem that keeps it from being sent. */
export function readSkuParameter(ctx: IExecuteFunctions, i: number): { sku?: string; problem?: FieldProblem; raw: string } {
	const raw = itemParameter(ctx, 'sku', i, '');
	const parsed = parseSku(raw);
	return parsed.problem ? { problem: parsed.problem, raw: raw === undefined || raw === null ? '' : String(raw) } : { sku: parsed.value, raw: parsed.value };
}

/** A SKU read from the node's SKU field for a single read; invalid SKUs are refused before any request. */
export function requireSku(ctx: IExecuteFunctions, i: number): string {
	const { sku, problem, raw } = readSkuParameter(ctx, i);
	if (sku === undefined) {
		throw new NodeOperationError(ctx.getNode(), invalidMessage(problem, raw.trim() ? raw : undefined), {
			itemIndex: i,
			description: 'Nothing was sent to OTTO for this item.',
		});
	}
	return sku;
}

export interface SkuRead {
	/** The list endpoint: `${list.path}/${sku}` serves one SKU; the list is read when that path cannot. */
	list: ListEndpoint;
	what: string;
}

/**
 * One SKU's availability data. OTTO's single-SKU paths break for SKUs with `/` or `.` even
 * encoded, answering 404 or — with suffix matching — another SKU; for those SKUs the list is read instead.
 */
export async function getBySku(this: IExecuteFunctions, i: number, sku: string, read: SkuRead): Promise<IDataObject> {
	const fragile = /[/.]/.test(sku);
	try {
		const body = (await ottoRequestBody.call(this, { method: 'GET', path: `${read.list.path}${apiPath`/${sku}`}`, itemIndex: i })) as IDataObject;
		if (!fragile || !body || typeof body !== 'object' || body.sku === undefined || body.sku === sku) return body;
	} catch (error) {
		// The transport's NodeApiError comes back unchanged from this constructor.
		if (!fragile || (error as RequestFailure).httpCode !== '404') throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
	}
	const entries = await ottoListItems.call(this, read.list, { itemIndex: i });
	const found = entries.find((entry) => entry.sku === sku);
	if (!found) {
		throw new NodeOperationError(this.getNode(), `OTTO has no ${read.what} for SKU "${sku}"`, {
			itemIndex: i,
			description: 'Check the SKU (upper/lower case and blanks count) or list them with Get Many.',
		});
	}
	return withoutLinks(found);
}
