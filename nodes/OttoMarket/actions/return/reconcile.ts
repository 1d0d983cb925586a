import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';

/**
 * The check behind Return → Accept / Reject when a decision request failed ambiguously (5xx, lost answer,
 * or a 207 that names a position item neither as done nor as refused) or when OTTO refused items (207 error
 * entries, 409, 422), e.g. because a re-run sends items that are already decided.
 *
 * It reads the returns list by status (`GET /v3/returns?status=…`, 50 position items per page, newest status
 * change first). That is cheaper than the orders: one page covers 50 position items of any number of orders,
 * whereas `GET /v4/orders/{id}` costs one request per order and shows only accepted returns (the item becomes
 * RETURNED); a rejected return leaves no trace on the order.
 *
 * - The list of the decision's own status (ACCEPTED / REJECTED) first: items decided by the failed request
 *   are the newest status changes, so they are on its first pages. It is read until every item is found, for
 *   ⌈items/50⌉+1 pages, and further only while pages still hold status changes made since the request.
 * - Ambiguous items not found there with a change since the request: the ANNOUNCED list (the open returns),
 *   until every item is found or it ends. Still ANNOUNCED → not applied.
 * - Items still unresolved: the list of the other decision for ⌈items/50⌉+1 pages ("decided the other way").
 *
 * `occurredTime` is read as the time of the status change. Should it be another time, nothing is concluded
 * from it wrongly: an item is only called applied when OTTO lists it in the decision's status, and not
 * applied when OTTO lists it as ANNOUNCED or in the other status; otherwise the state is unknown.
 */

/** Allowed difference between this machine's clock and OTTO's. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Position items per page of the returns list. */
const PAGE_SIZE = ENDPOINTS.returns.maxPageSize;
/** Never more pages than this in one list, whatever happens. */
const MAX_EXTRA_PAGES = 20;
const MAX_ANNOUNCED_PAGES = 100;

export type Decision = 'accept' | 'reject';
export const DECIDED_STATUS: Record<Decision, string> = { accept: 'ACCEPTED', reject: 'REJECTED' };
const OTHER: Record<Decision, Decision> = { accept: 'reject', reject: 'accept' };

export interface CheckedItem {
	positionItemId: string;
	salesOrderId: string;
}

export type ReturnVerdict =
	/** OTTO lists the return in the decision's status; `record` is OTTO's entry of it. */
	| { state: 'applied'; evidence: string; record: IDataObject }
	/** Still ANNOUNCED, or (`otherWay`) decided the other way. */
	| { state: 'notApplied'; evidence: string; otherWay?: { status: string } }
	| { state: 'unknown'; evidence: string };

interface Scan {
	hits: Map<string, IDataObject>;
	pages: number;
	/** Entries read. */
	read: number;
	/** Every item not in `hits` is not in the list (the list ended, or every item was found). */
	complete: boolean;
}

/**
 * Reads `GET /v3/returns?status=…` page by page and keeps the newest entry of each wanted position item
 * (same salesOrderId). Reads `pages` pages at least (unless all items are found), then more only while
 * `extend` says so, never more than `hardCap`.
 */
async function scan(
	ctx: IExecuteFunctions,
	status: string,
	wanted: Map<string, string>,
	limits: { pages: number; hardCap: number; extend?: (page: IDataObject[], hits: Map<string, IDataObject>) => boolean },
): Promise<Scan> {
	const hits = new Map<string, IDataObject>();
	if (wanted.size === 0) return { hits, pages: 0, read: 0, complete: true };
	let pages = 0;
	let read = 0;
	let cut = false;
	await ottoListItems.call(
		ctx,
		ENDPOINTS.returns,
		{ qs: { status, page: 1 } },
		{
			onPage: (items) => {
				pages++;
				read += items.length;
				for (const entry of items) {
					const id = typeof entry.positionItemId === 'string' ? entry.positionItemId : undefined;
					if (id === undefined || hits.has(id) || !wanted.has(id)) continue;
					if (entry.salesOrderId !== undefined && entry.salesOrderId !== wanted.get(id)) continue;
					hits.set(id, entry);
				}
				if (hits.size === wanted.size) return false;
				if (pages < limits.pages) return true;
				if (pages < limits.hardCap && limits.extend?.(items, hits)) return true;
				cut = true;
				return false;
			},
		},
	);
	return { hits, pages, read, complete: !cut || hits.size === wanted.size };
}

const timeOf = (entry: IDataObject | undefined): number => {
	const value = entry?.occurredTime;
	return typeof value === 'string' ? Date.parse(value) : NaN;
};

const since = (entry: IDataObject) => (typeof entry.occurredTime === 'string' ? ` since ${entry.occurredTime}` : '');

const wantedOf = (items: CheckedItem[]) => new Map(items.map((i) => [i.positionItemId, i.salesOrderId]));

const pagesFor = (count: number) => Math.ceil(count / PAGE_SIZE) + 1;

export interface ReturnCheck {
	/** One verdict per ambiguous item, in the order given. */
	ambiguous: ReturnVerdict[];
	/** One verdict per refused item: applied = already decided this way, notApplied + otherWay = the other way. */
	refused: ReturnVerdict[];
}

/**
 * Checks at OTTO what became of position items whose decision failed ambiguously (`ambiguous`, sent at or
 * after `sentSince`) or was refused (`refused`). A failing read makes the still open items unknown.
 */
export async function checkReturns(
	ctx: IExecuteFunctions,
	decision: Decision,
	ambiguous: CheckedItem[],
	refused: CheckedItem[],
	sentSince: number,
): Promise<ReturnCheck> {
	const status = DECIDED_STATUS[decision];
	const otherStatus = DECIDED_STATUS[OTHER[decision]];
	const cutoff = sentSince - CLOCK_SKEW_MS;
	const verdicts = new Map<CheckedItem, ReturnVerdict>();
	const open = (items: CheckedItem[]) => items.filter((i) => !verdicts.has(i));
	let failure: string | undefined;
	let decided: Scan | undefined;
	let announced: Scan | undefined;
	let other: Scan | undefined;

	const applied = (item: CheckedItem, hit: IDataObject, more = '') => ({
		state: 'applied' as const,
		evidence: `OTTO shows the return of position item ${item.positionItemId} as ${status}${since(hit)}${more}`,
		record: hit,
	});

	try {
		// 1. The decision's own status, newest change first.
		const all = [...ambiguous, ...refused];
		decided = await scan(ctx, status, wantedOf(all), {
			pages: pagesFor(all.length),
			hardCap: pagesFor(all.length) + MAX_EXTRA_PAGES,
			// Changes made since the request may still follow: keep reading while the page holds such changes.
			extend: (page, hits) => ambiguous.some((i) => !hits.has(i.positionItemId)) && page.some((e) => timeOf(e) >= cutoff),
		});
		for (const item of refused) {
			const hit = decided.hits.get(item.positionItemId);
			if (hit) {
				verdicts.set(item, applied(item, hit));
			}
		}
		const earlier = new Map<CheckedItem, IDataObject>();
		for (const item of ambiguous) {
			const hit = decided.hits.get(item.positionItemId);
			if (hit && timeOf(hit) >= cutoff) {
				verdicts.set(item, applied(item, hit));
			} else if (hit) earlier.set(item, hit);
		}

		// 2. Ambiguous items without a change since the request: are they still open?
		const stillOpen = open(ambiguous);
		announced = await scan(ctx, 'ANNOUNCED', wantedOf(stillOpen), { pages: 1, hardCap: MAX_ANNOUNCED_PAGES, extend: () => true });
		for (const item of stillOpen) {
			if (announced.hits.has(item.positionItemId)) {
				verdicts.set(item, { state: 'notApplied', evidence: `the return of position item ${item.positionItemId} is still ANNOUNCED` });
			} else if (earlier.has(item) && announced.complete) {
				// Decided this way before (or OTTO dates the change otherwise); no open return is left.
				const hit = earlier.get(item)!;
				verdicts.set(item, applied(item, hit, ' and no open return of it'));
			}
		}

		// 3. Still unresolved: decided the other way?
		const rest = [...open(ambiguous), ...open(refused)];
		other = await scan(ctx, otherStatus, wantedOf(rest), { pages: pagesFor(rest.length), hardCap: pagesFor(rest.length) });
		for (const item of rest) {
			const hit = other.hits.get(item.positionItemId);
			if (hit) {
				verdicts.set(item, {
					state: 'notApplied',
					evidence: `OTTO shows the return of position item ${item.positionItemId} as ${otherStatus}${since(hit)}`,
					otherWay: { status: otherStatus },
				});
			}
		}
	} catch (error) {
		failure = `reading the returns at OTTO failed: ${(error as Error).message}`;
	}

	const notFound = (item: CheckedItem) => {
		if (failure) return failure;
		const among = (list: Scan | undefined, what: string) =>
			!list?.pages ? '' : list.complete ? `among the ${list.read} ${what} returns` : `among the ${list.read} most recently ${what} returns`;
		const lists = [among(decided, status), ambiguous.includes(item) ? among(announced, 'ANNOUNCED') : '', among(other, otherStatus)].filter(Boolean);
		if (lists.length === 1) return `OTTO does not list position item ${item.positionItemId} ${lists[0]}`;
		return `OTTO lists position item ${item.positionItemId} neither ${lists.join(' nor ')}`;
	};
	const verdictOf = (item: CheckedItem): ReturnVerdict => verdicts.get(item) ?? { state: 'unknown', evidence: notFound(item) };
	return { ambiguous: ambiguous.map(verdictOf), refused: refused.map(verdictOf) };
}
