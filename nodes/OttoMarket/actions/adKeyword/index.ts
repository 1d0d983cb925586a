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
		displayOptions: { show: { resource: ['adKeyword'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create ad keywords',
				description: 'Bid on search terms for a target: all input items of a target in one request',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete ad keywords',
				description: 'Remove keywords from a target: many keyword IDs in one request',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an ad keyword',
				description: 'Get one keyword of a target by ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many ad keywords',
				description: 'List the keywords of a target',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update ad keywords',
				description: 'Pause, resume or re-bid keywords; only the fields given are sent',
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
