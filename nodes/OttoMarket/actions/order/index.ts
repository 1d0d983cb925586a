import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as cancel from './cancel.operation';
import * as cancelPositionItems from './cancelPositionItems.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { cancel, cancelPositionItems, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel an order',
				description:
					'Cancel a whole order by its sales order ID: every processable position item is cancelled, items already sent are left as they are',
			},
			{
				name: 'Cancel Position Items',
				value: 'cancelPositionItems',
				action: 'Cancel position items of an order',
				description:
					'Cancel one or more position items of an order by sales order ID and position item IDs (e.g. an item out of stock); all must still be processable',
			},
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
	...cancel.description,
	...cancelPositionItems.description,
	...get.description,
	...getAll.description,
];
