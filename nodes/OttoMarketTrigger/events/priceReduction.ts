import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS } from '../../OttoMarket/transport';
import { DAY_MS, latestMs, newestOf, readAll } from '../helpers';
import type { EventQuery, TriggerEvent } from './types';

const DEFAULT_WATCH_DAYS = 7;

/** `GET /v1/price-reductions`: one record per position item, no date filter, order not documented by OTTO. */
const priceReductionsQuery: EventQuery = { list: ENDPOINTS.priceReductions, order: 'any' };

const reductions = (record: IDataObject): IDataObject[] =>
	Array.isArray(record.priceReductions) ? (record.priceReductions as IDataObject[]) : [];

/** When the latest reduction of the position item was requested. */
const latestReduction = (record: IDataObject): number =>
	latestMs(reductions(record).map((reduction) => reduction.creationDateTime));

export const priceReduction: TriggerEvent = {
	value: 'priceReduction',
	name: 'New or Changed Price Reduction',
	action: 'On new or changed price reduction',
	description: 'A price reduction was requested for a position item, or OTTO processed or rejected one',
	properties: [
		{
			displayName: 'Watch Status Changes For (Days)',
			name: 'watchDays',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_WATCH_DAYS,
			description:
				'OTTO changes a reduction from Initiated to Processed or Rejected some time after it was requested. Changes to reductions requested longer ago than this are not emitted.',
		},
	],

	queries() {
		return [priceReductionsQuery];
	},
	queryDate: latestReduction,
	occurrences(record) {
		const time = latestReduction(record);
		// A new reduction changes the time; OTTO processing one changes the statuses.
		const statuses = reductions(record).map((reduction) => String(reduction.status)).join(',');
		return [{ key: `${String(record.positionItemId)}@${time}:${statuses}`, time }];
	},
	async output(record) {
		return record;
	},
	async newest() {
		return newestOf(await readAll(this, priceReductionsQuery), latestReduction);
	},
	lookbackMs(marginMs) {
		const days = Number(this.getNodeParameter('watchDays', DEFAULT_WATCH_DAYS));
		return Math.max(marginMs, (Number.isFinite(days) && days > 0 ? days : DEFAULT_WATCH_DAYS) * DAY_MS);
	},
};
