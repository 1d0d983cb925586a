import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RETURN_SHIPMENT_CARRIERS } from '../../helpers/shipmentRules';
import { apiPath, ottoRequestBody } from '../../transport';
import { oneOf, requireString } from '../params';

const properties: INodeProperties[] = [
	{
		displayName: 'Find Return Shipment By',
		name: 'getBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Carrier and Tracking Number',
				value: 'trackingKey',
				description: 'The tracking key of the return label (OTTO finds return shipments of the last 30–42 days this way)',
			},
			{ name: 'Return Shipment ID', value: 'returnShipmentId', description: 'The returnShipmentId from Get Many' },
		],
		default: 'returnShipmentId',
	},
	{
		displayName: 'Return Shipment ID',
		name: 'returnShipmentId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { getBy: ['returnShipmentId'] } },
	},
	{
		displayName: 'Return Carrier',
		name: 'carrier',
		type: 'options',
		options: [
			{ name: 'DHL', value: 'DHL' },
			{ name: 'GLS', value: 'GLS' },
			{ name: 'Hermes', value: 'HERMES' },
			{ name: 'HES (Hermes Einrichtungs Service)', value: 'HES' },
		],
		default: 'DHL',
		displayOptions: { show: { getBy: ['trackingKey'] } },
		description: 'The carrier of the return parcel',
	},
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { getBy: ['trackingKey'] } },
		description: 'Tracking number of the return label',
	},
];

const displayOptions = { show: { resource: ['returnShipment'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const by = oneOf(this, i, 'Find Return Shipment By', this.getNodeParameter('getBy', i, 'returnShipmentId'), [
		'returnShipmentId',
		'trackingKey',
	]);
	let path: string;
	if (by === 'returnShipmentId') {
		const id = requireString(this, i, 'Return Shipment ID', this.getNodeParameter('returnShipmentId', i, ''));
		path = apiPath`/v1/return-shipments/${id}`;
	} else {
		const carrier = oneOf(this, i, 'Return Carrier', String(this.getNodeParameter('carrier', i, '')).trim(), RETURN_SHIPMENT_CARRIERS);
		const trackingNumber = requireString(this, i, 'Tracking Number', this.getNodeParameter('trackingNumber', i, ''));
		path = apiPath`/v1/return-shipments/carriers/${carrier}/trackingnumbers/${trackingNumber}`;
	}
	return (await ottoRequestBody.call(this, { method: 'GET', path, itemIndex: i })) as IDataObject;
}
