import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { oneOf } from '../../helpers/params';
import { ottoApiRequest } from '../../transport';
import { RETURN_CARRIERS, carrierCodeFields, returnAddressIdField, toCarrierCodes } from './address';
import { carriersPath } from './carrier';

const properties: INodeProperties[] = [
	returnAddressIdField,
	{
		displayName: 'Carrier',
		name: 'returnCarrierName',
		type: 'options',
		required: true,
		options: [
			{ name: 'DHL', value: 'DHL', description: 'The only carrier for international addresses and the consolidation hub' },
			{ name: 'GLS', value: 'GLS' },
			{ name: 'Hermes', value: 'HERMES' },
		],
		default: 'DHL',
		description: 'Carrier that brings returns to this address; it cannot be changed later, only its codes',
	},
	{
		displayName: 'Carrier Codes',
		name: 'returnCarrierCodes',
		type: 'collection',
		placeholder: 'Add Code',
		default: {},
		description: "Your DHL customer data for returns (Hermes has none)",
		options: carrierCodeFields,
		displayOptions: { show: { returnCarrierName: ['DHL', 'GLS'] } },
	},
];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['addCarrier'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const path = carriersPath(this, i);
	const carrier = oneOf(this, i, 'Carrier', this.getNodeParameter('returnCarrierName', i), RETURN_CARRIERS);
	const codes = carrier === 'HERMES' ? undefined : toCarrierCodes(this, i, carrier, this.getNodeParameter('returnCarrierCodes', i, {}) as IDataObject);
	const body: IDataObject = { returnCarrierName: carrier, ...(codes ? { returnCarrierCodes: codes } : {}) };
	return (await ottoApiRequest.call(this, { method: 'POST', path, body, itemIndex: i })) as IDataObject;
}
