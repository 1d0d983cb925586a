import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { skuProblem } from '../../helpers/productRules';
import type { OttoContext } from '../../transport';
import { skuField } from '../common.descriptions';
import type { BulkResult } from '../types';
import { uploadFields } from './descriptions';
import { postProductUpdate, uploadItems, type SentUpdate } from './upload';

const properties: INodeProperties[] = [
	skuField,
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		description: 'Whether the variation is offered on otto.de (off: taken offline without deleting it)',
	},
	...uploadFields('status changes'),
];

const displayOptions = { show: { resource: ['product'], operation: ['updateActiveStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// An upsert per SKU: safe to repeat, so the transport retries it after a 502/503/504 or a lost answer (see postProductUpdate).
async function sendStatus(this: OttoContext, payloads: unknown[]): Promise<SentUpdate> {
	return await postProductUpdate.call(this, '/v5/products/active-status', { status: payloads });
}

export async function executeBulk(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<BulkResult[]> {
	return await uploadItems.call(
		this,
		items,
		(i) => {
			const sku = this.getNodeParameter('sku', i, '') as string;
			const active = this.getNodeParameter('active', i, true);
			const problem = skuProblem(sku);
			if (problem) return [{ invalid: `Invalid "SKU": ${problem}` }];
			if (typeof active !== 'boolean') return [{ invalid: `Invalid "Active" for SKU "${sku}": must be true or false` }];
			return [{ sku, payload: { sku, active } }];
		},
		sendStatus,
	);
}
