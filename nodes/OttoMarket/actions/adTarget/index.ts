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
		displayOptions: { show: { resource: ['adTarget'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create ad targets',
				description: 'Advertise SKUs in a campaign: all input items of a campaign in one request',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete ad targets',
				description: 'Remove SKUs from a campaign: many target IDs in one request',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an ad target',
				description: 'Get one target of a campaign by ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many ad targets',
				description: 'List the targets (SKUs) of a campaign',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update ad targets',
				description: 'Pause, resume or re-bid targets; only the fields given are sent',
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
