import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireString } from '../params';

export const receiptNumberField: INodeProperties = {
	displayName: 'Receipt Number',
	name: 'receiptNumber',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1000000123',
	description: 'The receiptNumber of the receipt (from Get Many, or from a shipment\'s purchase receipt)',
};

export function readReceiptNumber(ctx: IExecuteFunctions, i: number): string {
	return requireString(ctx, i, 'Receipt Number', ctx.getNodeParameter('receiptNumber', i, ''));
}
