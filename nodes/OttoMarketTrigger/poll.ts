import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Occurrence, TriggerEvent } from './events/types';
import { readPages } from './helpers';
import { advance, initialState, loadState, storeState } from './state';

export const DEFAULT_SAFETY_MARGIN_MINUTES = 60;

/** Share of n8n's poll budget spent reading lists; the rest is left for building the output. */
const BUDGET_SHARE = 0.8;

/** A poll that runs longer than this no longer keeps a later one from starting. */
const OVERLAP_GUARD_MS = 15 * 60 * 1000;

/**
 * Polls running per workflow node in this n8n process. n8n starts the next poll on schedule even while the
 * last one is still reading; both would start from the same state and emit the same items.
 */
const running = new Map<string, { since: number }>();

function startFromOption(ctx: IPollFunctions, value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text =
		typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function'
			? String((value as { toISO: () => string }).toISO())
			: String(value);
	const ms = Date.parse(text);
	if (Number.isNaN(ms)) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Start From": "${text}" is not a date-time`, {
			description: 'Use an ISO 8601 date-time, e.g. 2026-01-31T08:00:00Z, or clear the option to start from now.',
		});
	}
	return ms;
}

function marginMsOption(ctx: IPollFunctions, value: unknown): number {
	const minutes = value === undefined || value === null || value === '' ? DEFAULT_SAFETY_MARGIN_MINUTES : Number(value);
	if (!Number.isFinite(minutes) || minutes < 0) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Safety Margin (Minutes)": "${String(value)}"`, {
			description: 'Use a number of minutes, 0 or more.',
		});
	}
	return minutes * 60 * 1000;
}

/** n8n 2.x gives a poll a time budget before it abandons the tick; older versions have none. */
function budgetMs(ctx: IPollFunctions): number {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
	return typeof budget === 'number' && budget > 0 ? budget * BUDGET_SHARE : Infinity;
}

/** "Fetch Test Event": the newest matching entity, whatever was emitted before; the state is not touched. */
async function testEvent(this: IPollFunctions, event: TriggerEvent): Promise<INodeExecutionData[][] | null> {
	const entity = await event.newest.call(this);
	return entity ? [this.helpers.returnJsonArray([await event.output.call(this, entity)])] : null;
}

/**
 * One poll of one event: reads OTTO's lists from the stored window on, emits each occurrence not emitted
 * before, and only then stores the new window. Any error (after the transport's retries) is thrown before the
 * state is written, so the next poll reads the same window again.
 */
async function pollWindow(
	this: IPollFunctions,
	event: TriggerEvent,
	otherEvents: string[],
	now: number,
): Promise<INodeExecutionData[][] | null> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const marginMs = marginMsOption(this, options.safetyMarginMinutes);
	const lookbackMs = event.lookbackMs ? event.lookbackMs.call(this, marginMs) : marginMs;
	const nodeData = this.getWorkflowStaticData('node');
	const state = loadState(nodeData[event.value]) ?? initialState(now, lookbackMs, startFromOption(this, options.startFrom));
	const deadline = now + budgetMs(this);

	const seen = new Map(state.seen);
	const found: Array<Occurrence & { entity: IDataObject }> = [];
	let high = -Infinity;
	let resumeFrom: number | undefined;
	for (const query of event.queries.call(this, { from: state.from, floor: state.floor, now })) {
		await readPages(this, query, (entities) => {
			let last = NaN;
			for (const entity of entities) {
				last = event.queryDate(entity);
				if (last > high) high = last;
				for (const occurrence of event.occurrences.call(this, entity)) {
					if (!(occurrence.time >= state.floor) || seen.has(occurrence.key)) continue;
					seen.set(occurrence.key, occurrence.time);
					found.push({ ...occurrence, entity });
				}
			}
			// Newest first: the rest of the list is older than the window.
			if (query.order === 'desc') return !(last < state.from);
			// Oldest first: out of time, so stop after this full page and go on from its last date next time.
			if (query.order === 'asc' && entities.length >= (query.list.maxPageSize ?? Infinity) && Date.now() >= deadline && !Number.isNaN(last)) {
				resumeFrom = last;
				return false;
			}
			return true;
		});
	}

	const items: IDataObject[] = [];
	if (!state.baseline) {
		found.sort((a, b) => a.time - b.time);
		for (const { entity } of found) items.push(await event.output.call(this, entity));
	}
	for (const other of otherEvents) delete nodeData[other];
	nodeData[event.value] = storeState(advance(state, { high, seen, lookbackMs, resumeFrom }));
	return items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
}

export async function pollEvent(
	this: IPollFunctions,
	event: TriggerEvent,
	otherEvents: string[],
): Promise<INodeExecutionData[][] | null> {
	if (this.getMode() === 'manual') return await testEvent.call(this, event);
	const now = Date.now();
	const key = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	const other = running.get(key);
	// The running poll emits whatever this one would have.
	if (other && now - other.since < OVERLAP_GUARD_MS) return null;
	const mine = { since: now };
	running.set(key, mine);
	try {
		return await pollWindow.call(this, event, otherEvents, now);
	} finally {
		if (running.get(key) === mine) running.delete(key);
	}
}
