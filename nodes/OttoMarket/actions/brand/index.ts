import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['brand'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many brands',
				description: 'List OTTO brands and their IDs (the brandId of product variations)',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
