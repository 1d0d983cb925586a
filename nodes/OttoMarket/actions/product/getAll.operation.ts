import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { catalogFilters, catalogQuery } from './descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [...returnAllOrLimit, catalogFilters()];

const displayOptions = { show: { resource: ['product'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	const qs = catalogQuery(this.getNodeParameter('filters', i, {}) as IDataObject);
	return await ottoListItems.call(this, ENDPOINTS.products, { qs, itemIndex: i }, { limit });
}
