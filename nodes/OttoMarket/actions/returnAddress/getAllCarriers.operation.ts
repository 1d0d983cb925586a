import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { returnAddressIdField } from './address';
import { carriersPath } from './carrier';

const properties: INodeProperties[] = [returnAddressIdField];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['getAllCarriers'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	// A short bare array (one entry per carrier); OTTO documents no paging for it.
	const carriers = await ottoRequestBody.call(this, { method: 'GET', path: carriersPath(this, i), itemIndex: i });
	return Array.isArray(carriers) ? (carriers as IDataObject[]) : [];
}
