import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './actions';
import { router } from './actions/router';
import { listSearch } from './methods';

export class OttoMarket implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Otto Market',
		name: 'ottoMarket',
		icon: { light: 'file:otto.svg', dark: 'file:otto.dark.svg' },
		group: ['transform'],
		// 2: every bulk write has the same options fragment ("Options" → Batch Size, One Request per Item)
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Run your OTTO Market seller business: orders, shipments, returns, receipts, products and more',
		defaults: { name: 'Otto Market' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Brand', value: 'brand' },
					{ name: 'Category', value: 'category' },
					{ name: 'Delivery Information', value: 'deliveryInformation' },
					{ name: 'Order', value: 'order' },
					{ name: 'Price Reduction', value: 'priceReduction' },
					{ name: 'Product', value: 'product' },
					{ name: 'Quantity', value: 'quantity' },
					{ name: 'Receipt', value: 'receipt' },
					{ name: 'Return', value: 'return' },
					{ name: 'Return Address', value: 'returnAddress' },
					{ name: 'Return Shipment', value: 'returnShipment' },
					{ name: 'Sandbox', value: 'sandbox' },
					{ name: 'Shipment', value: 'shipment' },
					{ name: 'Shipping Profile', value: 'shippingProfile' },
				],
				default: 'order',
			},
			...Object.values(resources).flatMap((resource) => resource.description),
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
