import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { apiPath, ottoRequestBody, ottoRequestAllItems, type OttoContext } from '../../transport';

/** OTTO's ProductProcessProgress: the answer of every Products write and of the task poll. */
export interface ProductUpdateTask extends IDataObject {
	state?: string;
	message?: string;
	total?: number;
	progress?: number;
	succeeded?: number;
	failed?: number;
	unchanged?: number;
	/** Do not poll before this date-time. */
	pingAfter?: string;
}

/** One entry of `/failed`, `/succeeded` or `/unchanged`: `variation` is the SKU. */
export interface TaskVariationResult extends IDataObject {
	variation: string;
	errors?: IDataObject[];
}

export interface UpdateTaskResults {
	succeeded: TaskVariationResult[];
	failed: TaskVariationResult[];
	unchanged: TaskVariationResult[];
}

export const TASK_OUTCOMES = ['failed', 'succeeded', 'unchanged'] as const;

/** Shortest pause between two polls, also when `pingAfter` is already past or missing. */
const MIN_POLL_MS = 100;
/** Pause when OTTO sends no `pingAfter`; doubles up to MAX_FALLBACK_POLL_MS. */
const FALLBACK_POLL_MS = 1_000;
const MAX_FALLBACK_POLL_MS = 15_000;

export interface WaitOptions {
	/** Epoch ms after which waiting stops (shared by all tasks of one run). */
	deadline: number;
	itemIndex?: number;
	/** Replaces n8n-workflow's sleep and the clock (unit tests). */
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
}

/** The task's processUuid: OTTO puts it only into the links (`…/update-tasks/<processUuid>`). */
export function processUuidOf(task: unknown): string | undefined {
	if (!task || typeof task !== 'object') return undefined;
	const own = (task as IDataObject).processUuid;
	if (typeof own === 'string' && own) return own;
	const links = (task as IDataObject).links;
	const list = (Array.isArray(links) ? links : links ? [links] : []) as IDataObject[];
	const self = list.find((l) => l && String(l.rel) === 'self') ?? list[0];
	const match = /\/update-tasks\/([^/?#]+)/.exec(String(self?.href ?? ''));
	return match ? decodeURIComponent(match[1]) : undefined;
}

export function isTaskDone(task: ProductUpdateTask): boolean {
	return String(task.state ?? '').toLowerCase() === 'done';
}

export async function getUpdateTask(this: OttoContext, processUuid: string, itemIndex?: number): Promise<ProductUpdateTask> {
	return (await ottoRequestBody.call(this, {
		method: 'GET',
		path: apiPath`/v5/products/update-tasks/${processUuid}`,
		itemIndex,
	})) as ProductUpdateTask;
}

/** How long to wait before the next poll: until `pingAfter` (or the fallback pause), at least MIN_POLL_MS. */
export function nextPollDelay(task: ProductUpdateTask, now: number, fallbackMs: number): number {
	const pingAfter = task.pingAfter ? Date.parse(task.pingAfter) : NaN;
	const wanted = Number.isNaN(pingAfter) ? fallbackMs : pingAfter - now;
	return Math.max(wanted, MIN_POLL_MS);
}

/**
 * Polls an update task until OTTO reports `done` or the next poll would fall after the deadline, never
 * earlier than the task's `pingAfter`. `first` is the task as the write answered it (its `pingAfter`
 * counts too). Returns the last state seen; `done` says whether it finished in time.
 */
export async function waitForUpdateTask(
	this: OttoContext,
	processUuid: string,
	first: ProductUpdateTask | undefined,
	options: WaitOptions,
): Promise<{ task: ProductUpdateTask; done: boolean }> {
	const now = options.now ?? Date.now;
	const pause = options.sleep ?? sleep;
	let task: ProductUpdateTask = first ?? {};
	let fallback = FALLBACK_POLL_MS;
	while (!isTaskDone(task)) {
		const delay = nextPollDelay(task, now(), fallback);
		// OTTO asks not to poll before pingAfter: when that lies beyond the deadline, the wait is over.
		if (now() + delay > options.deadline) return { task, done: false };
		if (!task.pingAfter) fallback = Math.min(fallback * 2, MAX_FALLBACK_POLL_MS);
		await pause(delay);
		task = await getUpdateTask.call(this, processUuid, options.itemIndex);
	}
	return { task, done: true };
}

/**
 * Reads the per-SKU lists of a finished task. A list whose counter is 0 is not requested; the lists are
 * paged like the other Products lists should OTTO ever split them.
 */
export async function readUpdateTaskResults(
	this: OttoContext,
	processUuid: string,
	task: ProductUpdateTask,
	itemIndex?: number,
): Promise<UpdateTaskResults> {
	const results: UpdateTaskResults = { succeeded: [], failed: [], unchanged: [] };
	for (const outcome of TASK_OUTCOMES) {
		if (task[outcome] === 0) continue;
		const entries = await ottoRequestAllItems.call(
			this,
			{ method: 'GET', path: apiPath`/v5/products/update-tasks/${processUuid}/${outcome}`, itemIndex },
			{ listKey: 'results', paging: { style: 'links' } },
		);
		results[outcome] = entries.map((entry) => ({
			...entry,
			variation: String(entry.variation ?? entry.sku ?? ''),
		}));
	}
	return results;
}
