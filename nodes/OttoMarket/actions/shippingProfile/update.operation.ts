import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { readShippingProfileId, shippingProfileLocator } from '../locators';
import { invalidParameter } from '../params';
import { profileFields, toProfileBody } from './profile';

const properties: INodeProperties[] = [
	shippingProfileLocator('The shipping profile to change'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Fields to change; the others keep their current values. The delivery type cannot be changed — create a new profile for another delivery type.',
		options: profileFields,
	},
];

const displayOptions = { show: { resource: ['shippingProfile'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = readShippingProfileId(this, i);
	const changes = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	if (Object.keys(changes).length === 0) {
		throw invalidParameter(this, i, 'Update Fields', 'add at least one field to change');
	}
	const path = apiPath`/v1/shipping-profiles/${id}`;
	// OTTO replaces the whole profile (PUT), so unchanged fields are taken from the current one.
	const current = (await ottoRequestBody.call(this, { method: 'GET', path, itemIndex: i })) as IDataObject;
	const profile = toProfileBody(this, i, { ...current, ...changes, deliveryType: current.deliveryType });
	await ottoRequestBody.call(this, { method: 'PUT', path, body: profile, itemIndex: i });
	return { shippingProfileId: id, ...profile };
}
