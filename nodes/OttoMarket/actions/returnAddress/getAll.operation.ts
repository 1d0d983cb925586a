import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { oneOf, readLimit } from '../params';
import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { WAREHOUSE_TYPES, warehouseTypeOptions } from './address';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Return Warehouse Type',
				name: 'returnWarehouseType',
				type: 'options',
				options: warehouseTypeOptions,
				default: 'NATIONAL',
				description: 'Only addresses of this type',
			},
		],
	},
];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {
		returnWarehouseType: filters.returnWarehouseType
			? oneOf(this, i, 'Return Warehouse Type', filters.returnWarehouseType, WAREHOUSE_TYPES)
			: undefined,
	};
	// A bare array without links: pages are numbered from 1 and the list ends with a short page.
	return await ottoListItems.call(this, ENDPOINTS.returnAddresses, { qs, itemIndex: i }, { limit });
}
