import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getBySku, requireSku } from '../availabilityRequests';
import { skuField } from '../common.descriptions';

const properties: INodeProperties[] = [skuField];

const displayOptions = { show: { resource: ['quantity'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const sku = requireSku(this, i);
	return await getBySku.call(this, i, sku, {
		base: '/v1/availability/quantities',
		listKey: 'resources.variations',
		what: 'quantity',
	});
}
