import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { readReceiptNumber, receiptNumberField } from './receiptNumber';

const properties: INodeProperties[] = [receiptNumberField];

const displayOptions = { show: { resource: ['receipt'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const receiptNumber = readReceiptNumber(this, i);
	return (await ottoRequestBody.call(this, {
		method: 'GET',
		path: apiPath`/v3/receipts/${receiptNumber}`,
		itemIndex: i,
	})) as IDataObject;
}
