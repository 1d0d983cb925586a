import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { readShippingProfileId, shippingProfileLocator } from '../locators';

const properties: INodeProperties[] = [shippingProfileLocator('The shipping profile to delete')];

const displayOptions = { show: { resource: ['shippingProfile'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = readShippingProfileId(this, i);
	try {
		await ottoRequestBody.call(this, { method: 'DELETE', path: apiPath`/v1/shipping-profiles/${id}`, itemIndex: i });
	} catch (error) {
		// 412: SKUs still use the profile; say what to do about it next to OTTO's own words.
		if (error instanceof NodeApiError && error.httpCode === '412') {
			error.description = [
				'The profile is still assigned to SKUs. Move them to another profile with Delivery Information → Update, then delete it.',
				error.description,
			]
				.filter(Boolean)
				.join('\n');
		}
		throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
	}
	return { shippingProfileId: id, deleted: true };
}
