import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [...returnAllOrLimit];

const displayOptions = { show: { resource: ['shippingProfile'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	// OTTO pages by a cursor in a single `links` object, 300 profiles a page, with no page size to choose.
	return await ottoListItems.call(this, ENDPOINTS.shippingProfiles, { itemIndex: i }, { limit });
}
