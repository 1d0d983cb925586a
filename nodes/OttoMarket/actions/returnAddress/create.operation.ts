import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoApiRequest } from '../../transport';
import {
	ADDRESSES_PATH,
	INTERNATIONAL_COUNTRIES,
	addressLineFields,
	businessAddressField,
	misdirectedField,
	recipientField,
	recipientSuffixField,
	toAddressBody,
	warehouseTypeOptions,
} from './address';

const withAddress = { show: { returnWarehouseType: ['NATIONAL', 'INTERNATIONAL'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Return Warehouse Type',
		name: 'returnWarehouseType',
		type: 'options',
		required: true,
		options: warehouseTypeOptions,
		default: 'NATIONAL',
		description: 'Where the warehouse is; it cannot be changed later',
	},
	{ ...recipientField, required: true },
	{ ...businessAddressField, displayOptions: { show: { returnWarehouseType: ['NATIONAL'] } } },
	...addressLineFields.map((field) => ({ ...field, displayOptions: withAddress })),
	{
		displayName: 'Country',
		name: 'returnCountry',
		type: 'options',
		options: INTERNATIONAL_COUNTRIES.map((country) => ({ name: country, value: country })),
		default: 'Austria',
		description: 'Country of the warehouse (national addresses are in Germany); it cannot be changed later',
		displayOptions: { show: { returnWarehouseType: ['INTERNATIONAL'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [misdirectedField, recipientSuffixField],
	},
];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = this.getNodeParameter('returnWarehouseType', i) as string;
	const fields: IDataObject = {
		returnWarehouseType: type,
		returnRecipient: this.getNodeParameter('returnRecipient', i, ''),
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
	};
	if (type === 'NATIONAL') fields.isBusinessAddress = this.getNodeParameter('isBusinessAddress', i, true);
	if (type === 'NATIONAL' || type === 'INTERNATIONAL') {
		for (const field of addressLineFields) fields[field.name] = this.getNodeParameter(field.name, i, '');
	}
	if (type === 'INTERNATIONAL') fields.returnCountry = this.getNodeParameter('returnCountry', i, '');
	const address = toAddressBody(this, i, fields);
	const answer = (await ottoApiRequest.call(this, { method: 'POST', path: ADDRESSES_PATH, body: address, itemIndex: i })) as IDataObject;
	return { ...(answer ?? {}), ...address };
}
