import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS } from '../../OttoMarket/transport';
import { DAY_MS, iso, newestOf, readAll, toMs } from '../helpers';
import type { EventQuery, TriggerEvent } from './types';

/** OTTO lists content changes of the last 28 days only and rejects an earlier `fromDate`. */
const KEPT_MS = 28 * DAY_MS - 10 * 60 * 1000;

function contentChangesQuery(since: number, now: number): EventQuery {
	return { list: ENDPOINTS.contentChanges, qs: { fromDate: iso(Math.max(since, now - KEPT_MS)) }, order: 'any' };
}

const lastContentChange = (change: IDataObject): number => toMs(change.lastContentChange);

export const contentChange: TriggerEvent = {
	value: 'contentChange',
	name: 'Product Content Changed by OTTO',
	action: 'On product content changed by OTTO',
	description: "OTTO edited a product variation's content (title, description, attributes or images)",
	properties: [],

	queries({ from, now }) {
		return [contentChangesQuery(from, now)];
	},
	queryDate: lastContentChange,
	occurrences(change) {
		const time = lastContentChange(change);
		return [{ key: `${String(change.sku)}@${time}`, time }];
	},
	async output(change) {
		return change;
	},
	async newest() {
		const now = Date.now();
		return newestOf(await readAll(this, contentChangesQuery(0, now)), lastContentChange);
	},
};
