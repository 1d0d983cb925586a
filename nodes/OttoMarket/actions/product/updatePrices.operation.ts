import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { describeIssues, validatePriceEntry } from '../../helpers/productRules';
import type { OttoContext } from '../../transport';
import { skuField } from '../common.descriptions';
import { toIsoDateTime } from '../params';
import type { BulkResult } from '../types';
import { uploadFields } from './descriptions';
import { postProductUpdate, uploadItems, type SentUpdate } from './upload';

const properties: INodeProperties[] = [
	skuField,
	{
		displayName: 'Standard Price (EUR)',
		name: 'standardPrice',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Gross price in euros, at most 2 decimals',
	},
	{
		displayName: 'Sale',
		name: 'sale',
		type: 'collection',
		placeholder: 'Add Sale Field',
		default: {},
		options: [
			{
				displayName: 'Sale End',
				name: 'endDate',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Sale Price (EUR)',
				name: 'salePrice',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: 'Reduced gross price in euros during the sale',
			},
			{
				displayName: 'Sale Start',
				name: 'startDate',
				type: 'dateTime',
				default: '',
			},
		],
	},
	...uploadFields('prices'),
];

const displayOptions = { show: { resource: ['product'], operation: ['updatePrices'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readPriceEntry(ctx: IExecuteFunctions, i: number): IDataObject {
	const entry: IDataObject = {
		sku: ctx.getNodeParameter('sku', i, '') as string,
		standardPrice: { amount: ctx.getNodeParameter('standardPrice', i) as number, currency: 'EUR' },
	};
	const sale = ctx.getNodeParameter('sale', i, {}) as IDataObject;
	if (sale.salePrice !== undefined && sale.salePrice !== '') {
		entry.sale = {
			salePrice: { amount: sale.salePrice, currency: 'EUR' },
			...(sale.startDate ? { startDate: toIsoDateTime(ctx, i, 'Sale Start', sale.startDate) } : {}),
			...(sale.endDate ? { endDate: toIsoDateTime(ctx, i, 'Sale End', sale.endDate) } : {}),
		};
	}
	return entry;
}

// An upsert per SKU: safe to repeat, so the transport retries it after a 502/503/504 or a lost answer (see postProductUpdate).
async function sendPrices(this: OttoContext, payloads: unknown[]): Promise<SentUpdate> {
	return await postProductUpdate.call(this, '/v5/products/prices', payloads);
}

export async function executeBulk(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<BulkResult[]> {
	return await uploadItems.call(
		this,
		items,
		(i) => {
			const entry = readPriceEntry(this, i);
			const issues = validatePriceEntry(entry);
			if (issues.length === 0) return [{ sku: entry.sku as string, payload: entry }];
			return [{ invalid: `Price of SKU "${String(entry.sku)}" is invalid: ${describeIssues(issues)}` }];
		},
		sendPrices,
	);
}
