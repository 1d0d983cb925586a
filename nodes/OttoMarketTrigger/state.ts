import type { IDataObject } from 'n8n-workflow';

import { iso, toMs } from './helpers';

/**
 * What one event remembers between polls, in the node's static data under the event's name. Dates are OTTO's
 * clock (the dates OTTO returned), except the start point of a first activation.
 */
export interface EventState {
	/** The next poll asks OTTO for everything whose list date is at or after this (epoch ms). */
	from: number;
	/** Occurrences older than this are never emitted; `seen` holds every key emitted at or after it. */
	floor: number;
	/** The latest list date seen so far; the window trails it by the lookback. */
	high: number;
	/** Occurrence key → occurrence time (epoch ms): what was emitted, kept while it is inside the window. */
	seen: Map<string, number>;
	/** The first window is still being read: remember what is there, emit nothing. */
	baseline: boolean;
	/**
	 * When the last full read of the window finished (epoch ms, n8n's clock); undefined when none did yet (or the
	 * state was stored before this existed): the next poll reads the whole window.
	 */
	fullRead?: number;
}

interface StoredState extends IDataObject {
	v: 1;
	from: string;
	floor: string;
	high: string;
	seen: IDataObject;
	baseline?: boolean;
	/** Absent in states stored by earlier versions: they read the whole window on every poll. */
	fullRead?: string;
}

/** The stored state of an event, or undefined when there is none (or it is unreadable: start afresh). */
export function loadState(raw: unknown): EventState | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const stored = raw as Partial<StoredState>;
	const from = toMs(stored.from);
	const floor = toMs(stored.floor);
	const high = toMs(stored.high);
	if (stored.v !== 1 || [from, floor, high].some(Number.isNaN) || !stored.seen || typeof stored.seen !== 'object') {
		return undefined;
	}
	const seen = new Map<string, number>();
	for (const [key, time] of Object.entries(stored.seen)) {
		if (typeof time === 'number') seen.set(key, time);
	}
	const fullRead = toMs(stored.fullRead);
	return { from, floor, high, seen, baseline: stored.baseline === true, ...(Number.isNaN(fullRead) ? {} : { fullRead }) };
}

/**
 * Where an event starts: from `startFrom` (backfill, emitting everything since), or from now — then the first
 * poll only records what is already inside the lookback window, so nothing from before the activation is
 * emitted, but an order OTTO shows later with an older date still is.
 */
export function initialState(now: number, lookbackMs: number, startFrom?: number): EventState {
	if (startFrom !== undefined) return { from: startFrom, floor: startFrom, high: startFrom, seen: new Map(), baseline: false };
	return { from: now - lookbackMs, floor: now - lookbackMs, high: now, seen: new Map(), baseline: true };
}

export function storeState(state: EventState): StoredState {
	const seen: IDataObject = {};
	for (const [key, time] of state.seen) seen[key] = time;
	return {
		v: 1,
		from: iso(state.from),
		floor: iso(state.floor),
		high: iso(state.high),
		seen,
		...(state.baseline ? { baseline: true } : {}),
		...(state.fullRead !== undefined ? { fullRead: iso(state.fullRead) } : {}),
	};
}

/** What one poll read and found, for `advance`. */
export interface PollResult {
	/** The latest list date the poll saw (-Infinity: none). */
	high: number;
	/** Everything emitted so far, including this poll's occurrences. */
	seen: Map<string, number>;
	lookbackMs: number;
	/** Full read: ran out of time after a page ending at this list date; the next poll goes on from there. */
	resumeFrom?: number;
	/**
	 * `full`: the window was read from `from` on (oldest first, or to its end); `newest`: only the newest part of
	 * the list was read (a quick poll between full reads).
	 */
	read: 'full' | 'newest';
	/** A quick poll that stopped before it reached the previous high-water date (time budget). */
	incomplete?: boolean;
	/** n8n's clock at the start of the poll. */
	now: number;
}

/**
 * The state after a poll. A finished full read moves the window up to `high − lookback` (never back), forgets
 * occurrences that fell out of it and notes when it finished; a full read that stopped early (time budget)
 * resumes at `resumeFrom` next time and keeps its floor and everything it has seen, so nothing between the two
 * polls is lost or repeated. A quick (newest-first) poll leaves the window where the last full read put it and
 * only adds what it emitted: the next full read starts where the last one did, so an entity OTTO shows late with
 * an earlier date is still found, however many quick polls ran in between.
 */
export function advance(state: EventState, poll: PollResult): EventState {
	const high = Math.max(state.high, poll.high);
	if (poll.read === 'newest') {
		const { fullRead, ...rest } = state;
		// Cut short: read the whole window next time, so nothing above the old high-water date stays unread.
		return { ...rest, high, seen: poll.seen, baseline: false, ...(poll.incomplete ? {} : { fullRead }) };
	}
	if (poll.resumeFrom !== undefined) {
		return { ...state, from: Math.max(state.from, poll.resumeFrom), high, seen: poll.seen };
	}
	const floor = Math.max(state.floor, high - poll.lookbackMs);
	const seen = new Map([...poll.seen].filter(([, time]) => time >= floor));
	return { from: floor, floor, high, seen, baseline: false, fullRead: poll.now };
}
