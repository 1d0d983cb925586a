import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as get from './get.operation';

export const operations: Record<string, OperationModule> = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['adChangeRequest'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an ad change request',
				description: "Get OTTO's decision on an advertising write: PENDING, ACCEPTED, REJECTED or partly accepted, per entity",
			},
		],
		default: 'get',
	},
	...get.description,
];
