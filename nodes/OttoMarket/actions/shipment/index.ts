import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as addPositionItems from './addPositionItems.operation';
import * as create from './create.operation';
import * as createMultiparcel from './createMultiparcel.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { addPositionItems, create, createMultiparcel, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shipment'] } },
		options: [
			{
				name: 'Add Position Items',
				value: 'addPositionItems',
				action: 'Add position items to a shipment',
				description:
					'Correct a shipment that forgot some position items: marks them SENT under the same tracking number (found by shipment ID or carrier and tracking number)',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a shipment',
				description:
					'Confirm that position items were shipped: sends carrier, tracking number, ship date, ship-from address and each item\'s return tracking number; OTTO marks the items SENT and issues the purchase receipt',
			},
			{
				name: 'Create Multiparcel',
				value: 'createMultiparcel',
				action: 'Create a multiparcel shipment',
				description:
					'Confirm that one position item (e.g. a piece of furniture) was shipped in two or more parcels, each with its own tracking number',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a shipment',
				description: 'Get one shipment with its position items and tracking states, by shipment ID or by carrier and tracking number',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many shipments',
				description: 'List shipments created or with a tracking state change since a date (shipment ID, tracking key, states)',
			},
		],
		default: 'create',
	},
	...addPositionItems.description,
	...create.description,
	...createMultiparcel.description,
	...get.description,
	...getAll.description,
];
