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
		displayOptions: { show: { resource: ['deliveryInformation'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get the delivery information of a SKU',
				description: 'Get the shipping profile and processing time of one SKU',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many delivery information entries',
				description: 'List shipping profile and processing time of many SKUs',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update delivery information',
				description:
					'Assign a shipping profile and processing time to one SKU per input item; all items go to OTTO together, 200 SKUs per request, and OTTO\'s verdict comes back per SKU',
			},
		],
		default: 'update',
	},
	...get.description,
	...getAll.description,
	...update.description,
];
