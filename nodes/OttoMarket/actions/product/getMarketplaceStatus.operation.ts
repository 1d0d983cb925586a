import type { IDataObject } from 'n8n-workflow';

import { oneOf, toIsoDateTime } from '../params';
import { catalogFilters, catalogQuery, MARKETPLACE_STATUSES, marketplaceStatusOptions } from './descriptions';
import { skuOrManyOperation } from './lookup';
import { ENDPOINTS } from '../../transport';

export const { description, execute } = skuOrManyOperation({
	operation: 'getMarketplaceStatus',
	what: 'marketplace status',
	list: ENDPOINTS.marketplaceStatus,
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
				options: marketplaceStatusOptions,
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
