import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [...returnAllOrLimit];

const displayOptions = { show: { resource: ['deliveryInformation'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	// `links` is a single object here; its href carries the cursor, which must be sent back unchanged.
	return await ottoListItems.call(this, ENDPOINTS.deliveryInformation, { itemIndex: i }, { limit });
}
