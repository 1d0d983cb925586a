import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { readShippingProfileId, shippingProfileLocator } from '../locators';

const properties: INodeProperties[] = [shippingProfileLocator('The shipping profile to get')];

const displayOptions = { show: { resource: ['shippingProfile'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = readShippingProfileId(this, i);
	return (await ottoRequestBody.call(this, { method: 'GET', path: apiPath`/v1/shipping-profiles/${id}`, itemIndex: i })) as IDataObject;
}
