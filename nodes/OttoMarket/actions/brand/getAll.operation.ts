import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectMatching, isUsableBrand } from '../../methods/catalog';
import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Usable Only',
		name: 'usableOnly',
		type: 'boolean',
		default: true,
		description: 'Whether to return only brands you may use as brandId of your product variations',
	},
];

const displayOptions = { show: { resource: ['brand'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	if (!this.getNodeParameter('usableOnly', i, true)) {
		return await ottoListItems.call(this, ENDPOINTS.brands, { itemIndex: i }, { limit });
	}
	// OTTO has no filter for usable brands: read pages until enough usable ones are found.
	const { entries } = await collectMatching.call(this, ENDPOINTS.brands, { match: isUsableBrand, want: limit ?? Infinity });
	return limit === undefined ? entries : entries.slice(0, limit);
}
