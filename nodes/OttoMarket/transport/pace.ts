import { sleep } from 'n8n-workflow';

/**
 * Client-side pacing: every request to OTTO takes a slot from the bucket of its credential first, so a bulk
 * run or a backfill stays within OTTO's allowed rate instead of provoking 429s (docs/otto-api.md §3.5: about
 * 20 requests per second per partner, 1,200 per minute; the per-endpoint list is not published). One bucket
 * per credential (API host + client id) in this n8n process: all executions and nodes that share a credential
 * share its pace. n8n's queue mode runs executions in several worker processes; each paces itself.
 */

/** OTTO's documented rate per partner (docs/otto-api.md §3.5). */
export const DEFAULT_REQUESTS_PER_SECOND = 20;
/** The highest rate the option accepts. */
export const MAX_REQUESTS_PER_SECOND = 100;

/** After a 429 the bucket runs at this share of its rate, … */
const SLOWDOWN = 0.7;
/** … never below this share, … */
const FLOOR = 0.2;
/** … and regains this share of its rate per second without a 429. */
const RECOVERY_PER_SECOND = 0.1;

export class Pace {
	/** Requests per second asked for. */
	private rate: number;
	/** Share of the rate in force (1 unless OTTO answered 429 lately). */
	private factor = 1;
	private factorAt = 0;
	/** When the next slot is free (epoch ms): each request moves it on by one interval. */
	private nextSlot = 0;

	constructor(
		requestsPerSecond: number,
		private readonly now: () => number = Date.now,
	) {
		this.rate = requestsPerSecond;
	}

	setRate(requestsPerSecond: number): void {
		this.rate = requestsPerSecond;
	}

	/** The rate in force now (requests per second). */
	current(): number {
		const now = this.now();
		if (this.factor < 1) {
			this.factor = Math.min(1, this.factor + ((now - this.factorAt) / 1000) * RECOVERY_PER_SECOND);
			this.factorAt = now;
		}
		return this.rate * this.factor;
	}

	/**
	 * Milliseconds the caller must wait before sending; the slot is taken at once, so callers running at the
	 * same time each get their own. Slots are one interval apart, without bursts: a run never goes faster than
	 * the rate over any stretch of time, which is what a limiter at OTTO counts.
	 */
	take(): number {
		const now = this.now();
		const interval = 1000 / this.current();
		const slot = Math.max(this.nextSlot, now);
		this.nextSlot = slot + interval;
		return Math.max(0, Math.ceil(slot - now));
	}

	/** OTTO answered 429: run slower for a while. */
	slowDown(): void {
		const now = this.now();
		this.current();
		this.factor = Math.max(FLOOR, this.factor * SLOWDOWN);
		this.factorAt = now;
	}
}

const paces = new Map<string, Pace>();

/** The bucket of a credential, at `requestsPerSecond` (the rate of the latest caller). */
export function paceOf(key: string, requestsPerSecond: number = DEFAULT_REQUESTS_PER_SECOND): Pace {
	let pace = paces.get(key);
	if (!pace) paces.set(key, (pace = new Pace(requestsPerSecond)));
	else pace.setRate(requestsPerSecond);
	return pace;
}

/** Waits for a slot of the credential's bucket. */
export async function paced(key: string, requestsPerSecond?: number): Promise<void> {
	const wait = paceOf(key, requestsPerSecond).take();
	if (wait > 0) await sleep(wait);
}

/** A requests-per-second option as a rate: a number within 0.1…MAX, else the default. */
export function toRate(value: unknown): number {
	const rate = Number(value);
	if (value === undefined || value === null || value === '' || !Number.isFinite(rate) || rate <= 0) return DEFAULT_REQUESTS_PER_SECOND;
	return Math.min(MAX_REQUESTS_PER_SECOND, Math.max(0.1, rate));
}

const ratesOfRuns = new WeakMap<object, number>();

/** The rate the requests of one node run ask for (its "Max Requests per Second" option); unset: the default. */
export function setRunRate(ctx: object, requestsPerSecond: number): void {
	ratesOfRuns.set(ctx, requestsPerSecond);
}

export function runRate(ctx: object): number | undefined {
	return ratesOfRuns.get(ctx);
}

const renewals = new Map<string, Promise<unknown>>();

/**
 * Runs `repeat` (a request sent again after a 401, which makes n8n renew the token) one at a time per
 * credential: requests running at the same time that all meet an expired token renew it once; the others
 * find the new token when their turn comes.
 */
export async function oneRenewalAtATime<T>(key: string, repeat: () => Promise<T>): Promise<T> {
	const before = renewals.get(key) ?? Promise.resolve();
	const mine = before.then(repeat, repeat);
	const settled = mine.then(
		() => undefined,
		() => undefined,
	);
	renewals.set(key, settled);
	try {
		return await mine;
	} finally {
		if (renewals.get(key) === settled) renewals.delete(key);
	}
}
