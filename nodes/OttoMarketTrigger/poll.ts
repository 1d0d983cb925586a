import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EventQuery, Occurrence, TriggerEvent } from './events/types';
import { readPages } from './helpers';
import { advance, initialState, loadState, storeState, type EventState } from './state';

export const DEFAULT_SAFETY_MARGIN_MINUTES = 60;

/** How often (n8n's clock) a poll reads the whole window again when the lists can be read newest first. */
export const DEFAULT_FULL_READ_MINUTES = 10;

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

function minutesOption(ctx: IPollFunctions, value: unknown, name: string, fallback: number): number {
	const minutes = value === undefined || value === null || value === '' ? fallback : Number(value);
	if (!Number.isFinite(minutes) || minutes < 0) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "${name}": "${String(value)}"`, {
			description: 'Use a number of minutes, 0 or more.',
		});
	}
	return minutes * 60 * 1000;
}

/**
 * The lists of a quick poll: every query of the event read newest first, or undefined when this poll reads the
 * whole window (the first poll, a backfill or a resumed read still under way, the last full read is
 * `fullReadMs` or longer ago, or a list OTTO cannot sort newest first).
 */
function quickQueries(queries: EventQuery[], state: EventState, now: number, fullReadMs: number): EventQuery[] | undefined {
	if (state.baseline || state.from !== state.floor || state.fullRead === undefined) return undefined;
	if (!(now >= state.fullRead && now - state.fullRead < fullReadMs)) return undefined;
	const newest: EventQuery[] = [];
	for (const query of queries) {
		if (query.order === 'desc') newest.push(query);
		else if (query.order === 'asc' && query.newestFirst) newest.push({ ...query, qs: { ...query.qs, ...query.newestFirst }, order: 'desc' });
		else return undefined;
	}
	return newest;
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
 *
 * Between full reads of the window (every "Re-Read Safety Margin Every" minutes) a poll reads the lists newest
 * first and stops at the first page that reaches below the previous poll's high-water date without anything new
 * below it: a quiet poll costs one request, a busy margin does not add to it. The window stays where the last
 * full read left it, so the next full read still finds what OTTO showed late with an earlier date.
 */
async function pollWindow(
	this: IPollFunctions,
	event: TriggerEvent,
	otherEvents: string[],
	now: number,
): Promise<INodeExecutionData[][] | null> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const marginMs = minutesOption(this, options.safetyMarginMinutes, 'Safety Margin (Minutes)', DEFAULT_SAFETY_MARGIN_MINUTES);
	const fullReadMs = minutesOption(this, options.fullReadMinutes, 'Re-Read Safety Margin Every (Minutes)', DEFAULT_FULL_READ_MINUTES);
	const lookbackMs = event.lookbackMs ? event.lookbackMs.call(this, marginMs) : marginMs;
	const nodeData = this.getWorkflowStaticData('node');
	const state = loadState(nodeData[event.value]) ?? initialState(now, lookbackMs, startFromOption(this, options.startFrom));
	const deadline = now + budgetMs(this);

	const queries = event.queries.call(this, { from: state.from, floor: state.floor, now });
	const quick = quickQueries(queries, state, now, fullReadMs);
	const seen = new Map(state.seen);
	const found: Array<Occurrence & { entity: IDataObject }> = [];
	let high = -Infinity;
	let resumeFrom: number | undefined;
	let incomplete = false;
	for (const query of quick ?? queries) {
		await readPages(this, query, (entities, more) => {
			let last = NaN;
			let foundLate = false;
			for (const entity of entities) {
				last = event.queryDate(entity);
				if (last > high) high = last;
				for (const occurrence of event.occurrences.call(this, entity)) {
					if (!(occurrence.time >= state.floor) || seen.has(occurrence.key)) continue;
					seen.set(occurrence.key, occurrence.time);
					found.push({ ...occurrence, entity });
					if (!(last >= state.high)) foundLate = true;
				}
			}
			if (quick) {
				// Everything at or after the previous high-water date has been read; below it only what OTTO showed
				// late, which comes in runs: go on while a page still brings some, leave the rest to the next full read.
				if (!(last >= state.high) && !foundLate) return false;
				if (last < state.from) return false;
				// Out of time: the next poll reads the whole window (it can stop and resume oldest first).
				if (more && Date.now() >= deadline) {
					incomplete = true;
					return false;
				}
				return true;
			}
			// Newest first: the rest of the list is older than the window.
			if (query.order === 'desc') return !(last < state.from);
			// Oldest first: out of time, so stop after this full page and go on from its last date next time — unless
			// the page is all at the date this poll started from (going on from there would read it again).
			if (query.order === 'asc' && entities.length >= (query.list.maxPageSize ?? Infinity) && Date.now() >= deadline && last > state.from) {
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
	nodeData[event.value] = storeState(
		advance(state, { high, seen, lookbackMs, resumeFrom, read: quick ? 'newest' : 'full', incomplete, now }),
	);
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
