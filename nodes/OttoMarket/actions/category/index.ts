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
		displayOptions: { show: { resource: ['category'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a category',
				description: 'Get the category group of one OTTO category with its attribute definitions (which attributes are required)',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many categories',
				description: 'List OTTO category groups with their categories and attribute definitions',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
