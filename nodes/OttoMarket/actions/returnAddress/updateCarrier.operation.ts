import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { invalidParameter } from '../params';
import { carrierCodeFields, carrierIdField, returnAddressIdField, toCarrierCodes } from './address';
import { carrierPath } from './carrier';

const properties: INodeProperties[] = [
	returnAddressIdField,
	carrierIdField,
	{
		displayName: 'Carrier Codes',
		name: 'returnCarrierCodes',
		type: 'collection',
		placeholder: 'Add Code',
		default: {},
		description: 'Codes to change; the others keep their current values. The carrier itself cannot be changed.',
		options: carrierCodeFields,
	},
];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['updateCarrier'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path, carrierId } = carrierPath(this, i);
	const changes = this.getNodeParameter('returnCarrierCodes', i, {}) as IDataObject;
	if (Object.keys(changes).length === 0) throw invalidParameter(this, i, 'Carrier Codes', 'add at least one code to change');
	// OTTO replaces the carrier (PUT) and needs its name, which only the current carrier tells.
	const current = (await ottoRequestBody.call(this, { method: 'GET', path, itemIndex: i })) as IDataObject;
	const carrier = String(current.returnCarrier ?? current.returnCarrierName ?? '');
	const currentCodes = (current.returnCarrierCodes as IDataObject | undefined) ?? {};
	const codes = toCarrierCodes(this, i, carrier, { ...currentCodes, ...changes });
	const body: IDataObject = { returnCarrierName: carrier, ...(codes ? { returnCarrierCodes: codes } : {}) };
	await ottoRequestBody.call(this, { method: 'PUT', path, body, itemIndex: i });
	return {
		returnAddressId: current.returnAddressId,
		returnAddressCarrierId: carrierId,
		returnCarrier: carrier,
		...(codes ? { returnCarrierCodes: codes } : {}),
	};
}
