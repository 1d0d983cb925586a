import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = { get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['quantity'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get the stock of a SKU',
				description: 'Get the quantity OTTO has for one SKU and when it was last changed',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many stock quantities',
				description: 'List the stock of many SKUs, sorted by SKU',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update stock quantities',
				description:
					'Set the stock of one SKU per input item; all items go to OTTO together, 200 SKUs per request, and OTTO\'s verdict comes back per SKU',
			},
		],
		default: 'update',
	},
	...get.description,
	...getAll.description,
	...update.description,
];
