import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as createOrUpdate from './createOrUpdate.operation';
import * as get from './get.operation';
import * as getActiveStatus from './getActiveStatus.operation';
import * as getAll from './getAll.operation';
import * as getContentChanges from './getContentChanges.operation';
import * as getMarketplaceStatus from './getMarketplaceStatus.operation';
import * as getPrices from './getPrices.operation';
import * as getUpdateTask from './getUpdateTask.operation';
import * as updateActiveStatus from './updateActiveStatus.operation';
import * as updatePrices from './updatePrices.operation';

export const operations: Record<string, OperationModule> = {
	createOrUpdate,
	get,
	getActiveStatus,
	getAll,
	getContentChanges,
	getMarketplaceStatus,
	getPrices,
	getUpdateTask,
	updateActiveStatus,
	updatePrices,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				action: 'Create or update product variations',
				description:
					'Upload product variations in batches of up to 500 and report, per SKU, whether OTTO accepted, rejected or ignored them as unchanged',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a product variation',
				description: 'Get one product variation by SKU',
			},
			{
				name: 'Get Active Status',
				value: 'getActiveStatus',
				action: 'Get the active status of product variations',
				description: 'Whether variations are switched on for sale, for one SKU or many',
			},
			{
				name: 'Get Content Changes',
				value: 'getContentChanges',
				action: 'Get content changes of product variations',
				description: 'Product data OTTO changed in the shop (last 28 days), for one SKU or many',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many product variations',
				description: 'List product variations, filtered by SKU, product reference, category or brand',
			},
			{
				name: 'Get Marketplace Status',
				value: 'getMarketplaceStatus',
				action: 'Get the marketplace status of product variations',
				description: 'Whether variations are online, pending, restricted or rejected on otto.de, with the reasons',
			},
			{
				name: 'Get Prices',
				value: 'getPrices',
				action: 'Get prices of product variations',
				description: 'Standard and sale prices, for one SKU or many',
			},
			{
				name: 'Get Update Task',
				value: 'getUpdateTask',
				action: 'Get a product update task',
				description: 'State of an upload and the SKUs that succeeded, failed or stayed unchanged',
			},
			{
				name: 'Update Active Status',
				value: 'updateActiveStatus',
				action: 'Update the active status of product variations',
				description: 'Switch variations on or off for sale, in batches of up to 500',
			},
			{
				name: 'Update Prices',
				value: 'updatePrices',
				action: 'Update prices of product variations',
				description: 'Set standard and sale prices, in batches of up to 500',
			},
		],
		default: 'getAll',
	},
	...createOrUpdate.description,
	...get.description,
	...getActiveStatus.description,
	...getAll.description,
	...getContentChanges.description,
	...getMarketplaceStatus.description,
	...getPrices.description,
	...getUpdateTask.description,
	...updateActiveStatus.description,
	...updatePrices.description,
];
