import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Fields of the Shipments operations: carrier and tracking number, ship date and address, position items. */

/** The shipment carriers OTTO accepts, alphabetized by name. */
export const carrierOptions: INodePropertyOptions[] = [
	{ name: 'BTW', value: 'BTW' },
	{ name: 'Bursped', value: 'BURSPED' },
	{ name: 'Cargoline', value: 'CARGOLINE' },
	{ name: 'Dachser', value: 'DACHSER' },
	{ name: 'DB Schenker', value: 'DB_SCHENKER' },
	{ name: 'DHL', value: 'DHL' },
	{ name: 'DHL Express', value: 'DHL_EXPRESS' },
	{ name: 'DHL Freight', value: 'DHL_FREIGHT' },
	{ name: 'DHL Home Delivery', value: 'DHL_HOME_DELIVERY' },
	{ name: 'DPD', value: 'DPD' },
	{ name: 'DSV', value: 'DSV' },
	{ name: 'Emons', value: 'EMONS' },
	{ name: 'EPH Direkt', value: 'EPH_DIREKT' },
	{ name: 'Geis', value: 'GEIS' },
	{ name: 'GEL Express', value: 'GEL' },
	{ name: 'GLS', value: 'GLS' },
	{ name: 'Guettler', value: 'GUETTLER' },
	{ name: 'Hellmann', value: 'HELLMANN' },
	{ name: 'Hermes', value: 'HERMES' },
	{ name: 'HES (Hermes Einrichtungs Service)', value: 'HES' },
	{ name: 'Heuel', value: 'HEUEL' },
	{ name: 'IDS', value: 'IDS' },
	{ name: 'Koch', value: 'KOCH' },
	{ name: 'Kuehne + Nagel', value: 'KUEHNE_NAGEL' },
	{ name: 'Logwin', value: 'LOGWIN' },
	{ name: 'Meyer Jumbo', value: 'MEYER_JUMBO' },
	{ name: 'Other Forwarder', value: 'OTHER_FORWARDER' },
	{ name: 'Raben Logistik', value: 'RABEN_LOGISTIK' },
	{ name: 'Reimer', value: 'REIMER' },
	{ name: 'Reithmeier', value: 'REITHMEIER' },
	{ name: 'Rhenus', value: 'RHENUS' },
	{ name: 'Schmidt Gevelsberg', value: 'SCHMIDT_GEVELSBERG' },
	{ name: 'Schockemoehle', value: 'SCHOCKEMOEHLE' },
	{ name: 'UPS', value: 'UPS' },
	{ name: 'Zufall', value: 'ZUFALL' },
];

export const returnCarrierOptions: INodePropertyOptions[] = [
	{ name: 'DHL', value: 'DHL' },
	{ name: 'GLS', value: 'GLS' },
	{ name: 'Hermes', value: 'HERMES' },
];

export const carrierField: INodeProperties = {
	displayName: 'Carrier',
	name: 'carrier',
	type: 'options',
	options: carrierOptions,
	default: 'DHL',
	description:
		'The carrier that takes the parcel (the "Default Carrier" of an ERP\'s OTTO setup). Use the forwarder\'s code for bulky goods.',
};

const trackingNumberField: INodeProperties = {
	displayName: 'Tracking Number',
	name: 'trackingNumber',
	type: 'string',
	default: '',
	placeholder: 'e.g. 00340434161094042557',
	description: "The carrier's tracking number of the parcel. Required for parcel carriers (DHL, DHL Express, GLS, Hermes, DPD, UPS); forwarders may leave it empty.",
};

/** Ship date and ship-from address (the "Ship From …" of an ERP's OTTO setup). */
export const shipDateAndFromFields: INodeProperties[] = [
	{
		displayName: 'Ship Date',
		name: 'shipDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When the parcel was handed over to the carrier (sent to OTTO in UTC)',
	},
	{
		displayName: 'Ship From City',
		name: 'shipFromCity',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Hamburg',
		description: 'City of the warehouse the parcel was sent from (1–60 characters)',
	},
	{
		displayName: 'Ship From Country Code',
		name: 'shipFromCountryCode',
		type: 'string',
		default: 'DE',
		required: true,
		placeholder: 'e.g. DE',
		description:
			'Country the parcel was sent from, as a 2-letter (DE) or 3-letter (DEU) ISO code; 2-letter codes are converted to the 3-letter codes OTTO wants',
	},
	{
		displayName: 'Ship From Zip Code',
		name: 'shipFromZipCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 22179',
		description: 'Postal code of the warehouse the parcel was sent from (1–10 characters)',
	},
];

/** Carrier, tracking number, ship date and ship-from address: the head of every shipment. */
export const shipmentHeadFields: INodeProperties[] = [carrierField, trackingNumberField, ...shipDateAndFromFields];

export const returnCarrierField: INodeProperties = {
	displayName: 'Return Carrier',
	name: 'returnCarrier',
	type: 'options',
	options: returnCarrierOptions,
	default: 'DHL',
	description:
		"Carrier of the return labels in the parcels. Must be the return carrier set up for your account in OTTO Partner Connect.",
};

/** The position items a shipment carries, as fields or as a JSON array (e.g. from an order's positionItems). */
export const positionItemsFields: INodeProperties[] = [
	returnCarrierField,
	{
		displayName: 'Define Position Items',
		name: 'positionItemsSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'One entry per position item' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'An array of position items, e.g. built from an order in an expression',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Position Items',
		name: 'positionItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Position Item',
		default: {},
		required: true,
		displayOptions: { show: { positionItemsSource: ['fields'] } },
		description: 'The order position items in this parcel (one entry per piece; every piece has its own position item ID)',
		options: [
			{
				displayName: 'Position Item',
				name: 'positionItem',
				values: [
					{
						displayName: 'Position Item ID',
						name: 'positionItemId',
						type: 'string',
						default: '',
						required: true,
						description: 'The positionItemId of the order line piece that was shipped',
					},
					{
						displayName: 'Return Tracking Number',
						name: 'returnTrackingNumber',
						type: 'string',
						default: '',
						required: true,
						description: 'Tracking number of the return label put into the parcel for this item',
					},
					{
						displayName: 'Sales Order ID',
						name: 'salesOrderId',
						type: 'string',
						default: '',
						required: true,
						description: 'The salesOrderId of the order the position item belongs to',
					},
				],
			},
		],
	},
	{
		displayName: 'Position Items (JSON)',
		name: 'positionItemsJson',
		type: 'json',
		default: '[\n  {\n    "salesOrderId": "",\n    "positionItemId": "",\n    "returnTrackingNumber": ""\n  }\n]',
		required: true,
		displayOptions: { show: { positionItemsSource: ['json'] } },
		description:
			'Array of objects with salesOrderId, positionItemId and returnTrackingNumber (or OTTO\'s returnTrackingKey: {carrier, trackingNumber})',
	},
];

/** Which shipment: by its ID or by the carrier and tracking number it was created with. */
export function shipmentLookupFields(): INodeProperties[] {
	return [
		{
			displayName: 'Find Shipment By',
			name: 'getBy',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Carrier and Tracking Number', value: 'trackingKey', description: 'The tracking key the shipment was created with' },
				{ name: 'Shipment ID', value: 'shipmentId', description: 'The ID OTTO returned when the shipment was created' },
			],
			default: 'shipmentId',
		},
		{
			displayName: 'Shipment ID',
			name: 'shipmentId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { getBy: ['shipmentId'] } },
			description: 'The shipmentId OTTO returned when the shipment was created',
		},
		{ ...carrierField, displayOptions: { show: { getBy: ['trackingKey'] } }, description: 'The carrier of the shipment' },
		{
			...trackingNumberField,
			required: true,
			displayOptions: { show: { getBy: ['trackingKey'] } },
			description: 'The tracking number the shipment was created with',
		},
	];
}
