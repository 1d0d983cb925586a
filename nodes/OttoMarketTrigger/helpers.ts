import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ottoRequestBody, ottoListItems, type ListEndpoint } from '../OttoMarket/transport';
import { readItems } from '../OttoMarket/transport/pagination';
import type { EventQuery } from './events/types';

/** An OTTO date (ISO string) as epoch ms; NaN when absent or unreadable. */
export function toMs(value: unknown): number {
	if (typeof value === 'number') return value;
	return typeof value === 'string' && value !== '' ? Date.parse(value) : NaN;
}

/** The latest of some OTTO dates (epoch ms); NaN when none is readable. */
export function latestMs(values: unknown[]): number {
	let latest = NaN;
	for (const value of values) {
		const ms = toMs(value);
		if (!Number.isNaN(ms) && (Number.isNaN(latest) || ms > latest)) latest = ms;
	}
	return latest;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Hands a list to `onPage` page by page, until its last page or until `onPage` returns false; `more` tells
 * whether another page follows.
 */
export async function readPages(
	ctx: IPollFunctions,
	query: EventQuery,
	onPage: (entities: IDataObject[], more: boolean) => boolean,
): Promise<void> {
	await ottoListItems.call(ctx, query.list, { qs: query.qs }, { onPage: (entities, next) => onPage(entities, next !== undefined) });
}

/** Every entity of a list (all pages). */
export async function readAll(ctx: IPollFunctions, query: EventQuery): Promise<IDataObject[]> {
	return await ottoListItems.call(ctx, query.list, { qs: query.qs });
}

/** The first entry of a list asked for one entry only: the newest, where `qs` sorts the list newest first. */
export async function firstEntry(ctx: IPollFunctions, list: ListEndpoint, qs: IDataObject): Promise<IDataObject | undefined> {
	const body = await ottoRequestBody.call(ctx, { method: 'GET', path: list.path, qs: { ...qs, limit: 1 } });
	return readItems(body, list.listKey)[0];
}

/** The entity with the latest date, for "Fetch Test Event". */
export function newestOf(entities: IDataObject[], dateOf: (entity: IDataObject) => number): IDataObject | undefined {
	let newest: IDataObject | undefined;
	let newestMs = -Infinity;
	for (const entity of entities) {
		const ms = dateOf(entity);
		if (ms > newestMs) {
			newest = entity;
			newestMs = ms;
		}
	}
	return newest;
}

/** Newest entity of a list that needs a start date: looks back one day, then a week, then 30 days. */
export async function newestSince(
	ctx: IPollFunctions,
	query: (since: number) => EventQuery,
	dateOf: (entity: IDataObject) => number,
): Promise<IDataObject | undefined> {
	const now = Date.now();
	for (const days of [1, 7, 30]) {
		const newest = newestOf(await readAll(ctx, query(now - days * DAY_MS)), dateOf);
		if (newest) return newest;
	}
	return undefined;
}
