import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getBySku, requireSku } from '../availabilityRequests';
import { skuField } from '../common.descriptions';
import { ENDPOINTS } from '../../transport';

const properties: INodeProperties[] = [skuField];

const displayOptions = { show: { resource: ['deliveryInformation'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const sku = requireSku(this, i);
	return await getBySku.call(this, i, sku, {
		list: ENDPOINTS.deliveryInformation,
		what: 'delivery information',
	});
}
