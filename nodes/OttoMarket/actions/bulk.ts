import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_REQUESTS_PER_SECOND,
	MAX_REQUESTS_PER_SECOND,
	ottoBatchRequest,
	setRunRate,
	toRate,
	type Batch,
	type OttoContext,
} from '../transport';
import { itemParameter } from './params';
import type { BulkResult } from './types';

/**
 * What every bulk write shares (quantities, delivery information, return decisions, Products writes): the
 * error of one entry, keys sent once per request, "all items combined" vs "one request per item", and sending
 * chunks that never throw — a failed chunk becomes the failure of its own entries, the others still go out.
 * Each operation keeps only what is its own: reading an item, the body of a request, splitting OTTO's answer.
 */

/** Chunks in flight at once by default: OTTO's pace, not the number of connections, is the limit. */
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 16;

/** The parameter of the bulk options fragment (node version 2 on; Products writes of version 1: `uploadOptions`). */
export const BULK_OPTIONS = 'options';

export interface BulkOptionsField {
	/** What one input item sends, e.g. "stock" ("Whether to send each input item's stock in its own request"). */
	what: string;
	/** The largest batch OTTO accepts; without it there is no "Batch Size" option (OTTO's maximum is used). */
	maxBatch?: number;
	/** What a batch counts, e.g. "SKUs". */
	unit?: string;
	/** Further options of the operation, after the two shared ones. */
	extra?: INodeProperties[];
	/** Another parameter name (kept for workflows saved with node version 1). */
	name?: string;
	displayOptions?: INodeProperties['displayOptions'];
}

/** The one options fragment of every bulk write: "Batch Size" and "One Request per Item", then its own options. */
export function bulkOptionsField(field: BulkOptionsField): INodeProperties {
	const options: INodeProperties[] = [];
	const { maxBatch } = field;
	if (maxBatch) {
		options.push({
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxBatch },
			default: maxBatch,
			description: `${field.unit ?? 'Entries'} per request; OTTO accepts at most ${maxBatch}. Input items are combined into as few requests as this allows.`,
		});
	}
	options.push(
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description: 'Requests in flight at the same time; all of them stay within "Max Requests per Second"',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_REQUESTS_PER_SECOND },
			default: DEFAULT_REQUESTS_PER_SECOND,
			description:
				"Pace of the requests to OTTO, shared by every node and execution using this credential in this n8n process. OTTO allows about 20 per second per seller account; lower it when other tools use the same account.",
		},
	);
	options.push({
		displayName: 'One Request per Item',
		name: 'perItem',
		type: 'boolean',
		default: false,
		description: `Whether to send each input item's ${field.what} in its own request instead of combining all input items into as few requests as OTTO allows`,
	});
	return {
		displayName: 'Options',
		name: field.name ?? BULK_OPTIONS,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, ...(field.extra ?? [])],
		...(field.displayOptions ? { displayOptions: field.displayOptions } : {}),
	};
}

/** Reads the fragment of one input item: batch size within 1…`maxBatch`, one request per item or not. */
export function readBulkOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	maxBatch: number,
	name: string = BULK_OPTIONS,
): { batchSize: number; perItem: boolean; concurrency: number; options: IDataObject } {
	const options = (itemParameter(ctx, name, itemIndex, {}) ?? {}) as IDataObject;
	const size = Math.floor(Number(options.batchSize ?? maxBatch));
	const batchSize = Number.isFinite(size) ? Math.min(maxBatch, Math.max(1, size)) : maxBatch;
	const lanes = Math.floor(Number(options.concurrency ?? DEFAULT_CONCURRENCY));
	const concurrency = Number.isFinite(lanes) ? Math.min(MAX_CONCURRENCY, Math.max(1, lanes)) : DEFAULT_CONCURRENCY;
	return { batchSize, perItem: options.perItem === true, concurrency, options };
}

/**
 * The pace a node run asks for ("Max Requests per Second" of its options), set once for all its requests.
 * Operations without the option run at the default pace.
 */
export function applyRunPace(ctx: IExecuteFunctions): void {
	for (const name of [BULK_OPTIONS, 'uploadOptions']) {
		const options = itemParameter(ctx, name, 0, {}) as IDataObject | undefined;
		if (options && typeof options === 'object' && options.requestsPerSecond !== undefined) {
			setRunRate(ctx, toRate(options.requestsPerSecond));
			return;
		}
	}
}

/** Node version 2 on: bulk writes take the options fragment; version 1 kept each operation's own parameters. */
export const isVersion1 = (ctx: IExecuteFunctions): boolean => ctx.getNode().typeVersion < 2;

/** The error of one entry: becomes an error item (Continue On Fail) or part of the node's error (router). */
export type BulkError = NonNullable<BulkResult['error']>;

/** A request the transport could not complete: its NodeApiError (OTTO's words, HTTP code, logref). */
export interface RequestFailure {
	message: string;
	description?: string | null;
	httpCode?: string | null;
}

/** Any thrown value as an entry's error: its message and, when it has one, its description. */
export function errorOf(error: unknown): BulkError {
	const e = error as { message?: string; description?: string | null };
	return { message: e?.message ?? String(error), ...(e?.description ? { description: e.description } : {}) };
}

/** After a 401 or 403 every further request of the run would fail the same way. */
export function isAuthFailure(failure: RequestFailure): boolean {
	return failure.httpCode === '401' || failure.httpCode === '403';
}

/**
 * Entries of one run that share a key (SKU, position item) are sent once: OTTO answers by key, so one request
 * cannot carry a key twice, and the last value given is the one OTTO should keep. Returns the entries to send
 * and, for every entry left out, the entry sent in its place — whose result it gets. Entries without a key
 * are all sent.
 */
export function lastPerKey<E>(entries: E[], keyOf: (entry: E) => string | undefined): { unique: E[]; sentAs: Map<E, E> } {
	const last = new Map<string, E>();
	for (const entry of entries) {
		const key = keyOf(entry);
		if (key !== undefined) last.set(key, entry);
	}
	const unique: E[] = [];
	const sentAs = new Map<E, E>();
	for (const entry of entries) {
		const key = keyOf(entry);
		const kept = key === undefined ? entry : last.get(key)!;
		if (kept === entry) unique.push(entry);
		else sentAs.set(entry, kept);
	}
	return { unique, sentAs };
}

/** The result of an entry that was sent as another one (`lastPerKey`): the same outcome, for its own input item. */
export function resultAs(result: BulkResult | undefined, itemIndex: number): BulkResult | undefined {
	return result ? { ...result, itemIndex } : undefined;
}

/**
 * The requests of a bulk run: the entries of input items that combine go together (in chunks), every other
 * input item's entries on their own, in input order.
 */
export function requestGroups<E extends { itemIndex: number }>(entries: E[], combine: (entry: E) => boolean): E[][] {
	const combined = entries.filter(combine);
	const own = new Map<number, E[]>();
	for (const entry of entries) {
		if (combine(entry)) continue;
		const group = own.get(entry.itemIndex);
		if (group) group.push(entry);
		else own.set(entry.itemIndex, [entry]);
	}
	return [...(combined.length ? [combined] : []), ...own.values()];
}

/** One chunk's outcome: what `send` returned, or the failure it threw. */
export type ChunkOutcome<R> = { result: R; error?: undefined } | { result?: undefined; error: RequestFailure };

/**
 * Sends `entries` in chunks of at most `batchSize` through the transport's batching, up to `concurrency`
 * chunks at once (results stay in chunk order); `send` makes one request of a chunk. Never throws: a chunk
 * whose request failed carries the failure. With `stopAfter`, a failure it matches (e.g. 401/403) is given to
 * every chunk not yet sent.
 */
export async function sendChunks<E, R>(
	ctx: IExecuteFunctions,
	entries: E[],
	batchSize: number,
	send: (this: OttoContext, batch: Batch<E>) => Promise<R>,
	stopAfter?: (failure: RequestFailure) => boolean,
	concurrency = 1,
): Promise<Array<{ entries: E[]; sentAt: number; outcome: ChunkOutcome<R> }>> {
	type Chunk = { sentAt: number; outcome: ChunkOutcome<R> };
	// the transport's batching with this function's types (`.call` does not infer generics)
	const batched: (
		this: OttoContext,
		list: E[],
		size: number,
		each: (this: OttoContext, batch: Batch<E>) => Promise<Chunk>,
		lanes: number,
	) => Promise<Array<{ batch: Batch<E>; result: Chunk }>> = ottoBatchRequest;
	let fatal: RequestFailure | undefined;
	const answers = await batched.call(ctx, entries, batchSize, async function (this: OttoContext, batch): Promise<Chunk> {
		const sentAt = Date.now();
		if (fatal) return { sentAt, outcome: { error: fatal } };
		try {
			return { sentAt, outcome: { result: await send.call(this, batch) } };
		} catch (error) {
			const failure = error as RequestFailure;
			if (stopAfter?.(failure)) fatal = failure;
			return { sentAt, outcome: { error: failure } };
		}
	}, concurrency);
	return answers.map(({ batch, result }) => ({ entries: batch.entries, ...result }));
}
