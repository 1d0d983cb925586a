import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { skuField } from '../common.descriptions';
import { readSku } from './descriptions';
import { listBySku, notFound } from './lookup';
import { ENDPOINTS } from '../../transport';

const properties: INodeProperties[] = [skuField];

const displayOptions = { show: { resource: ['product'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const sku = readSku(this, i);
	const [variation] = await listBySku.call(this, i, { list: ENDPOINTS.products, qs: { sku } }, sku);
	if (!variation) throw notFound(this, i, 'product variation', sku);
	return variation;
}
