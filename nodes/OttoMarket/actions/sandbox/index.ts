import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as generateTestOrders from './generateTestOrders.operation';

export const operations: Record<string, OperationModule> = { generateTestOrders };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sandbox'] } },
		options: [
			{
				name: 'Generate Test Orders',
				value: 'generateTestOrders',
				action: 'Generate sandbox test orders',
				description:
					'Create test orders in the OTTO sandbox (all 8 scenarios or one of them) to try out shipping, returns and receipts; works only with a sandbox or custom base URL credential and is refused for production',
			},
		],
		default: 'generateTestOrders',
	},
	...generateTestOrders.description,
];
