import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { oneOf, readLimit } from '../params';
import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';

const STATUSES = ['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Accepted', value: 'ACCEPTED', description: 'Returns you accepted (the customer is refunded)' },
			{ name: 'Announced', value: 'ANNOUNCED', description: 'Returns waiting for your decision' },
			{ name: 'Any', value: 'any', description: 'Returns in every status' },
			{ name: 'Misdirected', value: 'MISDIRECTED', description: 'Returns that went to an OTTO warehouse instead of you' },
			{ name: 'Rejected', value: 'REJECTED', description: 'Returns you rejected' },
		],
		default: 'ANNOUNCED',
		description: 'Only returns in this status; newest status change first',
	},
	...returnAllOrLimit,
];

const displayOptions = { show: { resource: ['return'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	const status = String(this.getNodeParameter('status', i, 'ANNOUNCED'));
	const qs: IDataObject = { status: status === 'any' ? undefined : oneOf(this, i, 'Status', status, STATUSES) };
	return await ottoListItems.call(this, ENDPOINTS.returns, { qs: { ...qs, page: 1 }, itemIndex: i }, { limit });
}
