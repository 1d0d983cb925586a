import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { marketplaceStatusOptions } from '../../OttoMarket/actions/product/descriptions';
import { ENDPOINTS } from '../../OttoMarket/transport';
import { firstEntry, iso, toMs } from '../helpers';
import type { TriggerEvent } from './types';

const MARKETPLACE_STATUSES = marketplaceStatusOptions.map((option) => String(option.value));

function chosenStatuses(ctx: IPollFunctions): string[] {
	const chosen = ([] as unknown[]).concat(ctx.getNodeParameter('marketPlaceStatus', []) ?? []).map(String);
	return MARKETPLACE_STATUSES.filter((status) => chosen.includes(status));
}

const lastModified = (status: IDataObject): number => toMs(status.lastModified);

export const marketplaceStatus: TriggerEvent = {
	value: 'marketplaceStatus',
	name: 'Product Marketplace Status Changed',
	action: 'On product marketplace status changed',
	description: 'OTTO changed whether a product variation is online, restricted, rejected, pending or inactive',
	properties: [
		{
			displayName: 'New Status',
			name: 'marketPlaceStatus',
			type: 'multiOptions',
			options: marketplaceStatusOptions,
			default: [],
			description: 'Only changes to these statuses; none chosen means every change',
		},
	],

	queries({ from }) {
		const statuses = chosenStatuses(this);
		const qs = { fromDate: iso(from), 'sort-order': 'asc', ...(statuses.length > 0 ? { marketPlaceStatus: statuses } : {}) };
		// `sort-order=desc` (OTTO's default) lists the latest change first (docs/otto-api.md, Products v5).
		return [{ list: ENDPOINTS.marketplaceStatus, qs, order: 'asc', newestFirst: { 'sort-order': 'desc' } }];
	},
	queryDate: lastModified,
	occurrences(status) {
		const time = lastModified(status);
		return [{ key: `${String(status.sku)}@${time}:${String(status.status)}`, time }];
	},
	async output(status) {
		return status;
	},
	async newest() {
		const statuses = chosenStatuses(this);
		const qs = { 'sort-order': 'desc', ...(statuses.length > 0 ? { marketPlaceStatus: statuses } : {}) };
		return await firstEntry(this, ENDPOINTS.marketplaceStatus, qs);
	},
};
