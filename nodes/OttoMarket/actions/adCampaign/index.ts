import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = { create, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['adCampaign'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an ad campaign',
				description: 'Create a Sponsored Product Ads campaign with a daily budget; OTTO decides the change later',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an ad campaign',
				description: 'Get one campaign by ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many ad campaigns',
				description: 'List your Sponsored Product Ads campaigns',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update an ad campaign',
				description: 'Change name, budget, dates or status of a campaign; only the fields given are sent',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
];
