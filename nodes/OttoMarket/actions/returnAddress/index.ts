import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as addCarrier from './addCarrier.operation';
import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getAllCarriers from './getAllCarriers.operation';
import * as getCarrier from './getCarrier.operation';
import * as removeCarrier from './removeCarrier.operation';
import * as update from './update.operation';
import * as updateCarrier from './updateCarrier.operation';

export const operations: Record<string, OperationModule> = {
	addCarrier,
	create,
	delete: deleteOperation,
	get,
	getAll,
	getAllCarriers,
	getCarrier,
	removeCarrier,
	update,
	updateCarrier,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['returnAddress'] } },
		options: [
			{
				name: 'Add Carrier',
				value: 'addCarrier',
				action: 'Add a carrier to a return address',
				description: 'Link DHL, GLS or Hermes to a return address, with your DHL codes',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a return address',
				description: 'Create a national, international or consolidation-hub address for returns',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a return address',
				description: 'Delete a return address without carriers that does not take misdirected returns',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a return address',
				description: 'Get one return address by ID',
			},
			{
				name: 'Get Carrier',
				value: 'getCarrier',
				action: 'Get a carrier of a return address',
				description: 'Get one carrier link of a return address with its codes',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many return addresses',
				description: 'List your return addresses, optionally of one warehouse type',
			},
			{
				name: 'Get Many Carriers',
				value: 'getAllCarriers',
				action: 'Get many carriers of a return address',
				description: 'List the carriers linked to a return address',
			},
			{
				name: 'Remove Carrier',
				value: 'removeCarrier',
				action: 'Remove a carrier from a return address',
				description: 'Unlink a carrier from a return address',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a return address',
				description: 'Change recipient or address lines of a return address (type and country stay)',
			},
			{
				name: 'Update Carrier',
				value: 'updateCarrier',
				action: 'Update a carrier of a return address',
				description: "Change a carrier's codes (the carrier itself stays)",
			},
		],
		default: 'getAll',
	},
	...addCarrier.description,
	...create.description,
	...deleteOperation.description,
	...get.description,
	...getAll.description,
	...getAllCarriers.description,
	...getCarrier.description,
	...removeCarrier.description,
	...update.description,
	...updateCarrier.description,
];
