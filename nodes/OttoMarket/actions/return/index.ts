import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as accept from './accept.operation';
import * as getAll from './getAll.operation';
import * as reject from './reject.operation';

export const operations: Record<string, OperationModule> = { accept, getAll, reject };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['return'] } },
		options: [
			{
				name: 'Accept',
				value: 'accept',
				action: 'Accept returns',
				description:
					'Accept announced returns by sales order ID and position item IDs, which refunds the customer; all input items go to OTTO in as few requests as possible and each position item comes out accepted or with OTTO\'s reason',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many returns',
				description:
					'List returned position items by status (e.g. announced returns waiting for a decision), newest first, with sales order ID, condition, reason and return tracking',
			},
			{
				name: 'Reject',
				value: 'reject',
				action: 'Reject returns',
				description:
					'Reject announced returns by sales order ID and position item IDs with a rejection reason (e.g. item damaged); all input items go to OTTO in as few requests as possible',
			},
		],
		default: 'getAll',
	},
	...accept.description,
	...getAll.description,
	...reject.description,
];
