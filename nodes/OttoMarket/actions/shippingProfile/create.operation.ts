import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoApiRequest } from '../../transport';
import { deliveryTypeField, profileFields, toProfileBody } from './profile';

const field = (name: string): INodeProperties => ({ ...profileFields.find((f) => f.name === name)!, required: true });

const properties: INodeProperties[] = [
	field('shippingProfileName'),
	{ ...deliveryTypeField, required: true },
	field('workingDays'),
	field('orderCutoff'),
	field('defaultProcessingTime'),
	field('transportTime'),
];

const displayOptions = { show: { resource: ['shippingProfile'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const fields: IDataObject = {};
	for (const name of ['shippingProfileName', 'deliveryType', 'workingDays', 'orderCutoff', 'defaultProcessingTime', 'transportTime']) {
		fields[name] = this.getNodeParameter(name, i, undefined);
	}
	const profile = toProfileBody(this, i, fields);
	// A name already in use is OTTO's 409; the transport reports it with OTTO's words.
	const answer = (await ottoApiRequest.call(this, {
		method: 'POST',
		path: '/v1/shipping-profiles',
		body: profile,
		itemIndex: i,
	})) as IDataObject;
	return { shippingProfileId: answer?.shippingProfileId, ...profile, ...(answer?.message ? { message: answer.message } : {}) };
}
