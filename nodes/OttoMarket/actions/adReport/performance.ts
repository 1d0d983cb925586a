import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ottoListItems, type ListEndpoint } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';
import { fromDateField, readDateRange, toDateField } from './report';

/** Get Campaign Performance and Get Product Performance: KPIs of a date range, one item per campaign or SKU. */

export const performanceFields: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Without dates OTTO reports the last 7 days; give both dates or neither',
		options: [
			{
				displayName: 'Campaign ID',
				name: 'campaignId',
				type: 'string',
				default: '',
				description: 'Only this campaign',
			},
			fromDateField,
			toDateField,
		],
	},
];

export async function readPerformance(this: IExecuteFunctions, i: number, list: ListEndpoint): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	// neither date: OTTO's default, the last 7 days
	const { fromDate, toDate } = readDateRange(this, i, filters);
	const campaignId = String(filters.campaignId ?? '').trim();
	const qs: IDataObject = { campaignId: campaignId || undefined, fromDate, toDate };
	return await ottoListItems.call(this, list, { qs, itemIndex: i }, { limit: readLimit(this, i) });
}
