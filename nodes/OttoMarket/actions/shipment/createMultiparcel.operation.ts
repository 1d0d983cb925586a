import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { SHIPMENT_CARRIERS } from '../../helpers/shipmentRules';
import { ottoRequestBody } from '../../transport';
import { invalidParameter, oneOf, requireString } from '../params';
import { reconcile, withOutcome } from '../reconcile';
import { carrierField, returnCarrierField, shipDateAndFromFields } from './descriptions';
import { parseJsonList, readCarrier, readReturnCarrier, readShipDate, readShipFromAddress, text } from './parameters';
import { checkMultiparcel } from './reconcile';

const properties: INodeProperties[] = [
	{
		displayName: 'Sales Order ID',
		name: 'salesOrderId',
		type: 'string',
		default: '',
		required: true,
		description: 'The salesOrderId of the order the split position item belongs to',
	},
	{
		displayName: 'Position Item ID',
		name: 'positionItemId',
		type: 'string',
		default: '',
		required: true,
		description: 'The one position item (e.g. a wardrobe) that travels in several parcels',
	},
	carrierField,
	...shipDateAndFromFields,
	returnCarrierField,
	{
		displayName: 'Define Parcels',
		name: 'parcelsSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'One entry per parcel' },
			{ name: 'Using JSON', value: 'json', description: 'An array of parcels, e.g. built in an expression' },
		],
		default: 'fields',
	},
	{
		displayName: 'Parcels',
		name: 'parcels',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parcel',
		default: {},
		required: true,
		displayOptions: { show: { parcelsSource: ['fields'] } },
		description: 'At least two parcels, each with its own tracking number and return label',
		options: [
			{
				displayName: 'Parcel',
				name: 'parcel',
				values: [
					{
						displayName: 'Return Tracking Number',
						name: 'returnTrackingNumber',
						type: 'string',
						default: '',
						required: true,
						description: 'Tracking number of the return label in this parcel',
					},
					{
						displayName: 'Tracking Number',
						name: 'trackingNumber',
						type: 'string',
						default: '',
						required: true,
						description: "The carrier's tracking number of this parcel",
					},
				],
			},
		],
	},
	{
		displayName: 'Parcels (JSON)',
		name: 'parcelsJson',
		type: 'json',
		default: '[\n  { "trackingNumber": "", "returnTrackingNumber": "" },\n  { "trackingNumber": "", "returnTrackingNumber": "" }\n]',
		required: true,
		displayOptions: { show: { parcelsSource: ['json'] } },
		description: 'Array of objects with trackingNumber and returnTrackingNumber (optionally carrier and returnCarrier per parcel)',
	},
];

const displayOptions = { show: { resource: ['shipment'], operation: ['createMultiparcel'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const salesOrderId = requireString(this, i, 'Sales Order ID', this.getNodeParameter('salesOrderId', i, ''));
	const positionItemId = requireString(this, i, 'Position Item ID', this.getNodeParameter('positionItemId', i, ''));
	const defaultCarrier = readCarrier(this, i);
	const shipDate = readShipDate(this, i);
	const shipFromAddress = readShipFromAddress(this, i);
	const defaultReturnCarrier = readReturnCarrier(this, i);

	const source = oneOf(this, i, 'Define Parcels', this.getNodeParameter('parcelsSource', i, 'fields'), ['fields', 'json']);
	const field = source === 'json' ? 'Parcels (JSON)' : 'Parcels';
	const entries =
		source === 'json'
			? parseJsonList(this, i, field, this.getNodeParameter('parcelsJson', i, '[]'))
			: ((this.getNodeParameter('parcels', i, {}) as { parcel?: IDataObject[] }).parcel ?? []);
	// One parcel is an ordinary shipment; OTTO's multiparcel interface takes two or more.
	if (entries.length < 2) {
		throw invalidParameter(this, i, field, `a multiparcel shipment needs at least 2 parcels, got ${entries.length}; use Create for a single parcel`);
	}

	const seen = new Set<string>();
	const body = entries.map((entry, n) => {
		const label = `${field} [${n + 1}]`;
		const carrier = entry.carrier ? oneOf(this, i, `${label} → Carrier`, text(entry.carrier), SHIPMENT_CARRIERS) : defaultCarrier;
		const trackingNumber = requireString(this, i, `${label} → Tracking Number`, entry.trackingNumber);
		const key = `${carrier} ${trackingNumber}`;
		if (seen.has(key)) throw invalidParameter(this, i, `${label} → Tracking Number`, `${key} is used for two parcels`);
		seen.add(key);
		const returnTrackingNumber = text(entry.returnTrackingNumber);
		if (!returnTrackingNumber) {
			throw invalidParameter(this, i, `${label} → Return Tracking Number`, 'OTTO needs a return tracking key for every parcel');
		}
		const returnCarrier = entry.returnCarrier
			? readReturnCarrier(this, i, entry.returnCarrier, `${label} → Return Carrier`)
			: defaultReturnCarrier;
		return {
			trackingKey: { carrier, trackingNumber },
			shipDate,
			shipFromAddress,
			positionItems: [
				{ positionItemId, salesOrderId, returnTrackingKey: { carrier: returnCarrier, trackingNumber: returnTrackingNumber } },
			],
		};
	});

	const output = (multiParcelShipmentId: unknown, shipmentIds?: unknown[]): IDataObject => ({
		multiParcelShipmentId: multiParcelShipmentId as IDataObject[string],
		salesOrderId,
		positionItemId,
		shipDate,
		shipFromAddress: shipFromAddress as unknown as IDataObject,
		parcels: body.map((parcel, n) => ({
			...(shipmentIds ? { shipmentId: shipmentIds[n] ?? null } : {}),
			trackingKey: parcel.trackingKey,
			returnTrackingKey: parcel.positionItems[0].returnTrackingKey,
		})),
	});
	let response: IDataObject | undefined;
	try {
		response = (await ottoRequestBody.call(this, {
			method: 'POST',
			path: '/v1/multiparcel-shipments',
			body,
			itemIndex: i,
		})) as IDataObject | undefined;
	} catch (error) {
		// Never sent again: after a 5xx, a lost answer or a 409, one read per parcel (its tracking key) tells
		// whether OTTO created the parcels with the split position item.
		const reconciled = await reconcile(error, () => checkMultiparcel(this, i, body));
		if (!reconciled.result) throw withOutcome(error, reconciled.error!);
		const { parcelShipmentIds, ...outcome } = reconciled.result;
		return { ...output(null, parcelShipmentIds as unknown[]), ...outcome };
	}
	return output(response?.multiParcelShipmentId);
}
