import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidParameter, oneOf, readLimit, toUtcDay } from '../params';
import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';

export const RECEIPT_TYPES = ['PURCHASE', 'REFUND', 'PARTIAL_REFUND'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Receipt Types',
		name: 'receiptTypes',
		type: 'multiOptions',
		options: [
			{ name: 'Partial Refund', value: 'PARTIAL_REFUND', description: 'Credit note for a price reduction' },
			{ name: 'Purchase', value: 'PURCHASE', description: 'Invoice, issued when position items are shipped' },
			{ name: 'Refund', value: 'REFUND', description: 'Credit note for a return or cancellation' },
		],
		default: ['PARTIAL_REFUND', 'PURCHASE', 'REFUND'],
		required: true,
		description: 'The receipt types to list (OTTO asks to always name the types a workflow handles)',
	},
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description: 'Receipts created on or after this day (UTC, whole day)',
			},
			{
				displayName: 'Created To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description: 'Receipts created on or before this day (UTC, whole day)',
			},
			{
				displayName: 'Sales Order ID',
				name: 'salesOrderId',
				type: 'string',
				default: '',
				description: 'Only the receipts of this order',
			},
		],
	},
];

const displayOptions = { show: { resource: ['receipt'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const types = ([] as unknown[]).concat(this.getNodeParameter('receiptTypes', i, []) ?? []);
	if (types.length === 0) throw invalidParameter(this, i, 'Receipt Types', 'select at least one receipt type');
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const from = toUtcDay(this, i, 'Created From', filters.from);
	const to = toUtcDay(this, i, 'Created To', filters.to);
	if (from && to && from > to) throw invalidParameter(this, i, 'Created From', `${from} is after "Created To" (${to})`);
	const qs: IDataObject = {
		receiptTypes: types.map((t) => oneOf(this, i, 'Receipt Types', t, RECEIPT_TYPES)),
		from,
		to,
		salesOrderId: filters.salesOrderId ? String(filters.salesOrderId).trim() : undefined,
	};
	const limit = readLimit(this, i);
	// The next link carries OTTO's `next` cursor, which remembers the filters.
	return await ottoListItems.call(this, ENDPOINTS.receipts, { qs, itemIndex: i }, { limit });
}
