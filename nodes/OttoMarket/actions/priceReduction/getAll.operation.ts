import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Position Item ID',
				name: 'positionItemId',
				type: 'string',
				default: '',
				description: 'Only the price reductions of this position item',
			},
		],
	},
];

const displayOptions = { show: { resource: ['priceReduction'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const positionItemId = String(filters.positionItemId ?? '').trim();
	const qs = { positionItemId: positionItemId || undefined, page: 1 };
	return await ottoListItems.call(this, ENDPOINTS.priceReductions, { qs, itemIndex: i }, { limit });
}
