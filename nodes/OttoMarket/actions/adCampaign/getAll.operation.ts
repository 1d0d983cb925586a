import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [...returnAllOrLimit];

const displayOptions = { show: { resource: ['adCampaign'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	// Up to 1000 a page; the body's nextCursor is sent back as cursor= (docs/otto-api.md §4.11).
	return await ottoListItems.call(this, ENDPOINTS.adCampaigns, { itemIndex: i }, { limit: readLimit(this, i) });
}
