import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AVAILABILITY_PAGE_SIZE } from '../../helpers/availability';
import { ottoRequestAllItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { withoutLinks } from './availability';

const properties: INodeProperties[] = [...returnAllOrLimit];

const displayOptions = { show: { resource: ['quantity'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
	// Sorted by SKU; each next link carries the last SKU as cursor.
	const variations = await ottoRequestAllItems.call(
		this,
		{ method: 'GET', path: '/v1/availability/quantities', itemIndex: i },
		{ listKey: 'resources.variations', paging: { style: 'links' }, maxPageSize: AVAILABILITY_PAGE_SIZE, limit },
	);
	return variations.map(withoutLinks);
}
