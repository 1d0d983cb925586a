import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { ottoRequest, type OttoContext } from '../../transport';
import { ottoFailureOf } from '../../transport/errors';
import { BULK_OPTIONS, errorOf, isVersion1, lastPerKey, readBulkOptions, requestGroups, resultAs, sendChunks } from '../bulk';
import type { BulkResult } from '../types';
import { DEFAULT_TIMEOUT_SECONDS, MAX_BATCH_SIZE } from './descriptions';
import {
	processUuidOf,
	readUpdateTaskResults,
	waitForUpdateTask,
	TASK_OUTCOMES,
	type ProductUpdateTask,
	type UpdateTaskResults,
} from './tasks';

/** One SKU's entry of a Products write, with the input item that carried it. */
export interface UploadEntry {
	itemIndex: number;
	sku: string;
	payload: unknown;
}

export interface UploadSettings {
	batchSize: number;
	perItem: boolean;
	concurrency: number;
	wait: boolean;
	timeoutSeconds: number;
}

/** OTTO's update task (the 202 answer) and how often the request had to be sent to get it. */
export interface SentUpdate {
	task: ProductUpdateTask;
	/** Requests sent, the first one included: more than 1 when the transport repeated it after a failure. */
	attempts: number;
}

/** Sends one request's entries and returns OTTO's update task. */
export type SendBatch = (this: OttoContext, payloads: unknown[]) => Promise<SentUpdate>;

/**
 * POSTs a Products write (variations, prices, active status). OTTO keys these writes by SKU: they are
 * upserts, and sending the same data again changes nothing (OTTO reports those SKUs as "unchanged"). So the
 * request is marked idempotent and the transport repeats it after a 502/503/504 or a lost answer instead of
 * leaving it in doubt. A repeat carries the same X-Request-Timestamp as the first attempt: it is the same
 * update, not a newer one.
 */
export async function postProductUpdate(this: OttoContext, path: string, body: unknown): Promise<SentUpdate> {
	let attempts = 1;
	const response = await ottoRequest.call(this, {
		method: 'POST',
		path,
		body,
		headers: { 'X-Request-Timestamp': new Date().toISOString() },
		idempotent: true,
		// Counts the transport's repeats (it waits before each one).
		retry: {
			sleep: async (ms: number) => {
				attempts++;
				await sleep(ms);
			},
		},
	});
	return { task: (response.body ?? {}) as ProductUpdateTask, attempts };
}

/**
 * Request-level settings come from the first item: all items share the requests, so they cannot differ
 * per item.
 */
function readUploadSettings(ctx: IExecuteFunctions): UploadSettings {
	const { batchSize, perItem, concurrency, options } = readBulkOptions(ctx, 0, MAX_BATCH_SIZE, isVersion1(ctx) ? 'uploadOptions' : BULK_OPTIONS);
	const timeoutSeconds = Number(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
	return {
		batchSize,
		perItem,
		concurrency,
		wait: ctx.getNodeParameter('waitForProcessing', 0, true) as boolean,
		timeoutSeconds: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS,
	};
}

/** A failed write: after a 5xx or a lost answer OTTO may have applied it, which is harmless to repeat. */
function writeError(error: unknown): NonNullable<BulkResult['error']> {
	const failure = errorOf(error);
	const info = ottoFailureOf(error);
	const neverSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(info?.networkCode ?? '');
	if (!info || neverSent || (info.status !== 0 && info.status < 500)) return failure;
	const note =
		'OTTO may have applied this request before it failed. Sending it again is safe: OTTO keys these updates by SKU and reports data it already has as unchanged.';
	return { ...failure, description: [failure.description, note].filter(Boolean).join('\n') };
}

interface SentBatch {
	entries: UploadEntry[];
	task?: ProductUpdateTask;
	attempts?: number;
	error?: NonNullable<BulkResult['error']>;
}

async function sendAll(this: IExecuteFunctions, entries: UploadEntry[], settings: UploadSettings, send: SendBatch): Promise<SentBatch[]> {
	const sent: SentBatch[] = [];
	for (const group of requestGroups(entries, () => !settings.perItem)) {
		// A rejected request (400, 413, …) fails its own entries; the other chunks still go out.
		const chunks = await sendChunks(
			this,
			group,
			settings.batchSize,
			async function (this: OttoContext, batch) {
				return await send.call(this, batch.entries.map((e) => e.payload));
			},
			undefined,
			settings.perItem ? 1 : settings.concurrency,
		);
		for (const { entries: chunk, outcome } of chunks) {
			sent.push(outcome.error ? { entries: chunk, error: writeError(outcome.error) } : { entries: chunk, ...outcome.result });
		}
	}
	return sent;
}

/** One JSON per SKU of a finished task: `{sku, status, processUuid, errors?}`. */
export function skuResults(processUuid: string, lists: UpdateTaskResults): IDataObject[] {
	return TASK_OUTCOMES.flatMap((status) =>
		lists[status].map((entry) => ({ sku: entry.variation, status, processUuid, ...(entry.errors ? { errors: entry.errors } : {}) })),
	);
}

/** Why an "unchanged" SKU of a repeated request may have been changed by this run after all. */
function repeatNote(attempts: number): string {
	return `The request was sent ${attempts} times because an earlier attempt failed or its answer was lost. If that attempt was applied, OTTO reports the data as unchanged here: it is in place either way.`;
}

function perSkuResults(batch: SentBatch, processUuid: string, lists: UpdateTaskResults): BulkResult[] {
	const bySku = new Map(skuResults(processUuid, lists).map((result) => [result.sku as string, result]));
	const repeated = (batch.attempts ?? 1) > 1;
	return batch.entries.map((entry) => {
		const json = bySku.get(entry.sku);
		if (json && repeated && json.status === 'unchanged') {
			return { itemIndex: entry.itemIndex, json: { ...json, outcomeNote: repeatNote(batch.attempts!) } };
		}
		if (json) return { itemIndex: entry.itemIndex, json };
		return {
			itemIndex: entry.itemIndex,
			error: {
				message: `OTTO reported no result for SKU "${entry.sku}" in update task ${processUuid}`,
				description: 'Check the task with Product → Get Update Task.',
			},
		};
	});
}

/**
 * Sends entries to an asynchronous Products endpoint in as few requests as OTTO allows (or one per input
 * item), then either returns the update tasks or waits for them and returns one result per SKU, each
 * paired to the input item that carried the SKU.
 */
async function uploadToOtto(
	this: IExecuteFunctions,
	entries: UploadEntry[],
	settings: UploadSettings,
	send: SendBatch,
): Promise<BulkResult[]> {
	const results: BulkResult[] = [];
	// OTTO reports results by SKU only: a SKU given again is sent once, with the last data given, and every
	// input item that had it gets the result.
	const { unique, sentAs } = lastPerKey(entries, (entry) => entry.sku);
	const byEntry = new Map<UploadEntry, BulkResult>();
	const add = (entry: UploadEntry, result: BulkResult) => {
		results.push(result);
		byEntry.set(entry, result);
	};
	if (unique.length === 0) return results;
	const sent = await sendAll.call(this, unique, settings, send);
	const deadline = Date.now() + settings.timeoutSeconds * 1000;
	/** One request's results: per SKU, or (not waiting) the update task for the request's first item. */
	const settle = async (batch: SentBatch): Promise<Array<{ entry?: UploadEntry; result: BulkResult }>> => {
		const failAll = (error: NonNullable<BulkResult['error']>) =>
			batch.entries.map((entry) => ({ entry, result: { itemIndex: entry.itemIndex, error } }));
		if (batch.error) return failAll(batch.error);
		const task = batch.task ?? {};
		const processUuid = processUuidOf(task);
		if (!settings.wait) {
			const note = (batch.attempts ?? 1) > 1 ? { outcomeNote: repeatNote(batch.attempts!) } : {};
			return [{ result: { itemIndex: batch.entries[0].itemIndex, json: { ...task, processUuid, skus: batch.entries.map((e) => e.sku), ...note } } }];
		}
		if (!processUuid) return failAll({ message: 'OTTO accepted the request but sent no update task to follow', description: JSON.stringify(task) });
		try {
			const waited = await waitForUpdateTask.call(this, processUuid, task, { deadline, itemIndex: batch.entries[0].itemIndex });
			if (!waited.done) {
				return failAll({
					message: `OTTO had not finished update task ${processUuid} within the processing timeout of ${settings.timeoutSeconds} s`,
					description: `OTTO accepted the data and is still processing it; do not send it again. Check the result later with Product → Get Update Task (process UUID ${processUuid}), or raise "Processing Timeout".`,
				});
			}
			const lists = await readUpdateTaskResults.call(this, processUuid, waited.task, batch.entries[0].itemIndex);
			return perSkuResults(batch, processUuid, lists).map((result, k) => ({ entry: batch.entries[k], result }));
		} catch (error) {
			return failAll(errorOf(error));
		}
	};
	// OTTO works on its update tasks side by side: they are waited for at the same time (each poll still takes
	// its slot of the pace), and the results come out in the order of the requests.
	for (const settled of await Promise.all(sent.map(settle))) {
		for (const { entry, result } of settled) {
			if (entry) add(entry, result);
			else results.push(result);
		}
	}
	for (const [entry, kept] of sentAs) {
		const result = resultAs(byEntry.get(kept), entry.itemIndex);
		if (result) results.push(result);
	}
	return results;
}

/** What one input item contributes: entries to send, or why an entry cannot be sent. */
export type ItemEntries = Array<{ sku: string; payload: unknown } | { invalid: string }>;

const notSent = (message: string) => ({ message, description: 'Nothing of this was sent to OTTO.' });

/**
 * A whole bulk Products write: reads every item's entries (an error thrown while reading, or an `invalid`
 * entry, becomes an error of that item and is not sent), uploads the rest, and returns every result in
 * input order.
 */
export async function uploadItems(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => ItemEntries,
	send: SendBatch,
): Promise<BulkResult[]> {
	const results: BulkResult[] = [];
	const entries: UploadEntry[] = [];
	for (let i = 0; i < items.length; i++) {
		let list: ItemEntries;
		try {
			list = read(i);
		} catch (error) {
			results.push({ itemIndex: i, error: notSent((error as Error).message) });
			continue;
		}
		for (const entry of list) {
			if ('invalid' in entry) results.push({ itemIndex: i, error: notSent(entry.invalid) });
			else entries.push({ itemIndex: i, ...entry });
		}
	}
	results.push(...(await uploadToOtto.call(this, entries, readUploadSettings(this), send)));
	// Stable: within an item, entries keep their order.
	return results
		.map((result, position) => ({ result, position }))
		.sort((a, b) => a.result.itemIndex - b.result.itemIndex || a.position - b.position)
		.map(({ result }) => result);
}
