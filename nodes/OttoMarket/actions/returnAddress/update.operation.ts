import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { invalidParameter, requireString } from '../params';
import {
	addressFieldsOf,
	addressLineFields,
	businessAddressField,
	misdirectedField,
	recipientField,
	recipientSuffixField,
	returnAddressIdField,
	toAddressBody,
} from './address';

const properties: INodeProperties[] = [
	returnAddressIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Fields to change; the others keep their current values. Type and country cannot be changed, the zip code not while a DHL carrier is linked.',
		options: [
			businessAddressField,
			...addressLineFields,
			misdirectedField,
			recipientField,
			recipientSuffixField,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = requireString(this, i, 'Return Address ID', this.getNodeParameter('returnAddressId', i, ''));
	const changes = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	if (Object.keys(changes).length === 0) throw invalidParameter(this, i, 'Update Fields', 'add at least one field to change');
	const path = apiPath`/v2/returns-warehouse/addresses/${id}`;
	// OTTO replaces the whole address (PUT): unchanged fields come from the current address.
	const current = (await ottoRequestBody.call(this, { method: 'GET', path, itemIndex: i })) as IDataObject;
	const fields = addressFieldsOf(current);
	const address = toAddressBody(this, i, {
		...fields,
		...changes,
		returnWarehouseType: fields.returnWarehouseType,
		returnCountry: fields.returnCountry,
	});
	await ottoRequestBody.call(this, { method: 'PUT', path, body: address, itemIndex: i });
	return { returnAddressId: id, ...address };
}
