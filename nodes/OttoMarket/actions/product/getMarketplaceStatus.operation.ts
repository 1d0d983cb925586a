import type { IDataObject } from 'n8n-workflow';

import { oneOf, toIsoDateTime } from '../../helpers/params';
import { catalogFilters, catalogQuery } from './descriptions';
import { skuOrManyOperation } from './lookup';

export const MARKETPLACE_STATUSES = ['PENDING', 'ONLINE', 'RESTRICTED', 'REJECTED', 'INACTIVE'] as const;

export const { description, execute } = skuOrManyOperation({
	operation: 'getMarketplaceStatus',
	what: 'marketplace status',
	path: '/v5/products/marketplace-status',
	listKey: 'marketPlaceStatus',
	manyFields: [
		catalogFilters([
			{
				displayName: 'Changed Since',
				name: 'fromDate',
				type: 'dateTime',
				default: '',
				description: 'Only variations whose marketplace status changed at or after this time',
			},
			{
				displayName: 'Marketplace Status',
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
				description: 'Only variations in these states',
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Newest Change First', value: 'desc' },
					{ name: 'Oldest Change First', value: 'asc' },
				],
				default: 'desc',
			},
		]),
	],
	manyQuery: (ctx, i) => {
		const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const statuses = ([] as unknown[]).concat(filters.marketPlaceStatus ?? []);
		return {
			...catalogQuery(filters),
			marketPlaceStatus: statuses.map((s) => oneOf(ctx, i, 'Marketplace Status', s, MARKETPLACE_STATUSES)),
			fromDate: toIsoDateTime(ctx, i, 'Changed Since', filters.fromDate),
			'sort-order': filters.sortOrder ? oneOf(ctx, i, 'Sort Order', filters.sortOrder, ['desc', 'asc']) : undefined,
		};
	},
});
