import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description: 'Get one order by its sales order ID or its 10-character order number',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many orders',
				description:
					'List orders, filtered by fulfillment status, order date or last change (e.g. processable orders ready to ship)',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
