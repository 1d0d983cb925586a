import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS } from '../../transport';
import { getChangedSince } from '../changedSince';
import { returnAllOrLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Changed Since',
		name: 'dateFrom',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Shipments created or with a new tracking state at or after this time (OTTO requires it)',
	},
	...returnAllOrLimit,
];

const displayOptions = { show: { resource: ['shipment'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await getChangedSince.call(this, i, ENDPOINTS.shipments.path);
}
