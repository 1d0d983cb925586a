import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyOrder } from '../../helpers/orderRules';
import { apiPath, ottoRequestBody } from '../../transport';
import { simplifyOff } from '../common.descriptions';
import { invalidParameter, requireString } from '../params';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const properties: INodeProperties[] = [
	{
		displayName: 'Order',
		name: 'orderId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The order to get',
		modes: [
			{
				// holds the sales order ID, as "By Sales Order ID" does
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an order...',
				typeOptions: { searchListMethod: 'searchOrders', searchable: true },
			},
			{
				displayName: 'By Sales Order ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2f7d8c5e-3b1a-4c6e-9d0f-1a2b3c4d5e6f',
				validation: [
					{
						type: 'regex',
						properties: { regex: UUID.source, errorMessage: 'Not a sales order ID (a UUID)' },
					},
				],
			},
			{
				displayName: 'By Order Number',
				name: 'orderNumber',
				type: 'string',
				placeholder: 'e.g. a1b2c3d4e5',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[A-Za-z0-9]{10}$', errorMessage: 'An order number has 10 characters' },
					},
				],
			},
		],
	},
	simplifyOff,
];

const displayOptions = { show: { resource: ['order'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const locator = this.getNodeParameter('orderId', i, undefined, { extractValue: false }) as
		| { mode?: string; value?: unknown }
		| string;
	const mode = typeof locator === 'object' ? locator.mode ?? 'id' : 'id';
	const value = requireString(this, i, 'Order', typeof locator === 'object' ? locator.value : locator);
	if (mode === 'id' && !UUID.test(value)) {
		throw invalidParameter(this, i, 'Order', `"${value}" is not a sales order ID (a UUID); use "By Order Number" for 10-character order numbers`);
	}
	if (mode === 'orderNumber' && !/^[A-Za-z0-9]{10}$/.test(value)) {
		throw invalidParameter(this, i, 'Order', `"${value}" is not an order number (10 letters or digits)`);
	}
	// "From List" holds a sales order ID; an expression there may also give an order number.
	if (mode === 'list' && !UUID.test(value) && !/^[A-Za-z0-9]{10}$/.test(value)) {
		throw invalidParameter(this, i, 'Order', `"${value}" is neither a sales order ID (a UUID) nor an order number (10 letters or digits)`);
	}
	// OTTO serves both identifiers under the same path template.
	const order = (await ottoRequestBody.call(this, {
		method: 'GET',
		path: apiPath`/v4/orders/${value}`,
		itemIndex: i,
	})) as IDataObject;
	return this.getNodeParameter('simplify', i, false) ? simplifyOrder(order) : order;
}
