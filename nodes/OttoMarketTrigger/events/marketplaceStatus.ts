import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ottoApiRequest } from '../../OttoMarket/transport';
import { readItems } from '../../OttoMarket/transport/pagination';
import { iso, toMs } from '../helpers';
import type { TriggerEvent } from './types';

const MARKETPLACE_STATUSES = ['INACTIVE', 'ONLINE', 'PENDING', 'REJECTED', 'RESTRICTED'];

function chosenStatuses(ctx: IPollFunctions): string[] {
	const chosen = ([] as unknown[]).concat(ctx.getNodeParameter('marketPlaceStatus', []) ?? []).map(String);
	return MARKETPLACE_STATUSES.filter((status) => chosen.includes(status));
}

const lastModified = (status: IDataObject): number => toMs(status.lastModified);

export const marketplaceStatus: TriggerEvent = {
	value: 'marketplaceStatus',
	name: 'Product Marketplace Status Changed',
	description: 'OTTO changed whether a product variation is online, restricted, rejected, pending or inactive',
	properties: [
		{
			displayName: 'New Status',
			name: 'marketPlaceStatus',
			type: 'multiOptions',
			options: [
				{ name: 'Inactive', value: 'INACTIVE', description: 'Switched off by you (active status)' },
				{ name: 'Online', value: 'ONLINE', description: 'Buyable on otto.de' },
				{ name: 'Pending', value: 'PENDING', description: 'OTTO is still checking the variation' },
				{ name: 'Rejected', value: 'REJECTED', description: 'Not accepted; see the errors' },
				{ name: 'Restricted', value: 'RESTRICTED', description: 'Online with restrictions; see the errors' },
			],
			default: [],
			description: 'Only changes to these statuses; none chosen means every change',
		},
	],

	queries({ from }) {
		const statuses = chosenStatuses(this);
		return [
			{
				request: {
					method: 'GET',
					path: '/v5/products/marketplace-status',
					qs: {
						fromDate: iso(from),
						'sort-order': 'asc',
						...(statuses.length > 0 ? { marketPlaceStatus: statuses } : {}),
					},
				},
				listKey: 'marketPlaceStatus',
				paging: { style: 'links' },
				maxPageSize: 100,
				order: 'asc',
			},
		];
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
		const body = await ottoApiRequest.call(this, {
			method: 'GET',
			path: '/v5/products/marketplace-status',
			qs: { 'sort-order': 'desc', limit: 1, ...(statuses.length > 0 ? { marketPlaceStatus: statuses } : {}) },
		});
		return readItems(body, 'marketPlaceStatus')[0];
	},
};
