import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidParameter, oneOf, requireString } from '../../helpers/params';
import { ottoApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Sales Order ID',
		name: 'salesOrderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2f7d8c5e-3b1a-4c6e-9d0f-1a2b3c4d5e6f',
		description: 'The order of the shipped position item',
	},
	{
		displayName: 'Position Item ID',
		name: 'positionItemId',
		type: 'string',
		required: true,
		default: '',
		description: 'The shipped (not returned) position item whose price is reduced',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		description: 'Gross amount refunded to the customer, at most 2 decimals; must be below what is left of the item\'s invoice amount',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: [{ name: 'Euro (EUR)', value: 'EUR' }],
		default: 'EUR',
		description: 'OTTO accepts euros only',
	},
];

const displayOptions = { show: { resource: ['priceReduction'], operation: ['apply'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** A positive amount of euros with at most 2 decimals (OTTO's amount format, REFERENCE §3.3). */
function euroAmount(this: IExecuteFunctions, i: number, value: unknown): number {
	const amount =
		typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isFinite(amount) || amount <= 0) {
		throw invalidParameter(this, i, 'Amount', `must be a positive number of euros (e.g. 5.50), got "${String(value)}"`);
	}
	const cents = Math.round(amount * 100);
	if (Math.abs(cents - amount * 100) > 1e-6) {
		throw invalidParameter(this, i, 'Amount', `${String(value)} has more than 2 decimal places`);
	}
	return cents / 100;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const salesOrderId = requireString(this, i, 'Sales Order ID', this.getNodeParameter('salesOrderId', i, ''));
	const positionItemId = requireString(this, i, 'Position Item ID', this.getNodeParameter('positionItemId', i, ''));
	const amount = euroAmount.call(this, i, this.getNodeParameter('amount', i, 0));
	const currency = oneOf(this, i, 'Currency', this.getNodeParameter('currency', i, 'EUR'), ['EUR']);
	const priceReduction = { amount, currency };

	const answer = await ottoApiRequest.call(this, {
		method: 'POST',
		path: '/v1/price-reductions',
		body: { positionItemId, salesOrderId, priceReduction },
		itemIndex: i,
	});
	const results = (answer as IDataObject | undefined)?.results;
	const result = results && typeof results === 'object' && !Array.isArray(results) ? (results as IDataObject) : {};
	return {
		salesOrderId,
		positionItemId,
		priceReduction,
		// Accepted for processing (202); OTTO books the PARTIAL_REFUND receipt when it is processed.
		status: 'INITIATED',
		...(result.detail || result.title ? { message: String(result.detail ?? result.title) } : {}),
		...(result.logref ? { logref: String(result.logref) } : {}),
	};
}
