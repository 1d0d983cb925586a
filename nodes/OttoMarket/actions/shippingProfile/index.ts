import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = { create, delete: deleteOperation, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shippingProfile'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a shipping profile',
				description: 'Create a shipping profile: delivery type, working days, order cut-off, processing and transport time',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a shipping profile',
				description: 'Delete a shipping profile that no SKU uses any more',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a shipping profile',
				description: 'Get one shipping profile by name or ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many shipping profiles',
				description: 'List your shipping profiles',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a shipping profile',
				description:
					'Change name, working days, cut-off, processing or transport time of a profile (the delivery type cannot be changed)',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteOperation.description,
	...get.description,
	...getAll.description,
	...update.description,
];
