import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { carrierIdField, returnAddressIdField } from './address';
import { carrierPath } from './carrier';

const properties: INodeProperties[] = [returnAddressIdField, carrierIdField];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['getCarrier'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path } = carrierPath(this, i);
	return (await ottoRequestBody.call(this, { method: 'GET', path, itemIndex: i })) as IDataObject;
}
