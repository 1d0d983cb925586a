import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequest } from '../../transport';
import { requireString } from '../params';
import { readReceiptNumber, receiptNumberField } from './receiptNumber';

const properties: INodeProperties[] = [
	receiptNumberField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description: 'Binary field the PDF is stored in; binary fields the item already has are kept',
	},
];

const displayOptions = { show: { resource: ['receipt'], operation: ['downloadPdf'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const receiptNumber = readReceiptNumber(this, i);
	const binaryPropertyName = requireString(this, i, 'Put Output File in Field', this.getNodeParameter('binaryPropertyName', i, 'data'));
	const response = await ottoRequest.call(this, {
		method: 'GET',
		path: apiPath`/v3/receipts/${receiptNumber}` + '.pdf',
		response: 'binary',
		itemIndex: i,
	});
	const pdf = response.body as Buffer;
	// A PDF starts with "%PDF-" (readers allow some bytes before it); anything else is not a receipt.
	if (!Buffer.isBuffer(pdf) || !pdf.subarray(0, 1024).includes('%PDF-')) {
		throw new NodeOperationError(this.getNode(), `OTTO did not return a PDF for receipt ${receiptNumber}`, {
			itemIndex: i,
			description: `Content-Type was "${response.headers['content-type'] ?? 'unknown'}".`,
		});
	}
	const binary = await this.helpers.prepareBinaryData(pdf, `${receiptNumber}.pdf`, 'application/pdf');
	const item = this.getInputData()[i];
	return [{ json: item.json, binary: { ...(item.binary ?? {}), [binaryPropertyName]: binary } }];
}
