import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { withoutLinks } from '../availabilityRequests';
import { readLimit } from '../params';

const properties: INodeProperties[] = [...returnAllOrLimit];

const displayOptions = { show: { resource: ['quantity'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	// Sorted by SKU; each next link carries the last SKU as cursor.
	const variations = await ottoListItems.call(this, ENDPOINTS.quantities, { itemIndex: i }, { limit });
	return variations.map(withoutLinks);
}
