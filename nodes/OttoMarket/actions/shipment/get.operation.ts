import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { shipmentLookupFields } from './descriptions';
import { shipmentPath } from './parameters';

const properties: INodeProperties[] = shipmentLookupFields();

const displayOptions = { show: { resource: ['shipment'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path } = shipmentPath(this, i);
	return (await ottoRequestBody.call(this, { method: 'GET', path, itemIndex: i })) as IDataObject;
}
