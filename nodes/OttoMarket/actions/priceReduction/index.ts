import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as apply from './apply.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { apply, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['priceReduction'] } },
		options: [
			{
				name: 'Apply',
				value: 'apply',
				action: 'Apply a price reduction',
				description:
					'Refund part of the price of a shipped position item (e.g. as compensation for a complaint) by sales order ID, position item ID and an amount in EUR; OTTO issues a partial refund receipt',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many price reductions',
				description:
					'List price reductions (partial refunds) with their amounts and status, optionally for one position item',
			},
		],
		default: 'getAll',
	},
	...apply.description,
	...getAll.description,
];
