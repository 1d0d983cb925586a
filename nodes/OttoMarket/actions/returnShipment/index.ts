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
		displayOptions: { show: { resource: ['returnShipment'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a return shipment',
				description:
					'Get the tracking of one customer return parcel (states ANNOUNCED, ON_THE_WAY, DELIVERED and its position items), by ID or by carrier and tracking number',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many return shipments',
				description:
					'List customer return parcels announced or moved since a date, to see returns coming in before they arrive. Says nothing about acceptance or refunds.',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
