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
		// 3: Order → Get Many lists the newest orders first unless "Sort Direction" is set (1 and 2: oldest first)
		version: [1, 2, 3],
		defaultVersion: 3,
		// the labels the user picked ("Get Many: Order"), not the stored values; test/unit/node-subtitle.test.ts keeps it
		// in step with the operations
		subtitle:
			'={{ (({"adCampaign":{"create":"Create","get":"Get","getAll":"Get Many","update":"Update"},"adChangeRequest":{"get":"Get"},"adKeyword":{"create":"Create","delete":"Delete","get":"Get","getAll":"Get Many","update":"Update"},"adReport":{"createReport":"Create Report","getCampaignPerformance":"Get Campaign Performance","getProductPerformance":"Get Product Performance"},"adTarget":{"create":"Create","delete":"Delete","get":"Get","getAll":"Get Many","update":"Update"},"brand":{"getAll":"Get Many"},"category":{"get":"Get","getAll":"Get Many"},"deliveryInformation":{"get":"Get","getAll":"Get Many","update":"Update"},"order":{"cancel":"Cancel","cancelPositionItems":"Cancel Position Items","get":"Get","getAll":"Get Many"},"priceReduction":{"apply":"Apply","getAll":"Get Many"},"product":{"createOrUpdate":"Create or Update","get":"Get","getActiveStatus":"Get Active Status","getContentChanges":"Get Content Changes","getAll":"Get Many","getMarketplaceStatus":"Get Marketplace Status","getPrices":"Get Prices","getUpdateTask":"Get Update Task","updateActiveStatus":"Update Active Status","updatePrices":"Update Prices"},"quantity":{"get":"Get","getAll":"Get Many","update":"Update"},"receipt":{"downloadPdf":"Download PDF","get":"Get","getAll":"Get Many"},"return":{"accept":"Accept","getAll":"Get Many","reject":"Reject"},"returnAddress":{"addCarrier":"Add Carrier","create":"Create","delete":"Delete","get":"Get","getCarrier":"Get Carrier","getAll":"Get Many","getAllCarriers":"Get Many Carriers","removeCarrier":"Remove Carrier","update":"Update","updateCarrier":"Update Carrier"},"returnShipment":{"get":"Get","getAll":"Get Many"},"sandbox":{"generateTestOrders":"Generate Test Orders"},"shipment":{"addPositionItems":"Add Position Items","create":"Create","createMultiparcel":"Create Multiparcel","get":"Get","getAll":"Get Many"},"shippingProfile":{"create":"Create","delete":"Delete","get":"Get","getAll":"Get Many","update":"Update"} })[$parameter["resource"]] || {})[$parameter["operation"]] + ": " + ({"adCampaign":"Ad Campaign","adChangeRequest":"Ad Change Request","adKeyword":"Ad Keyword","adReport":"Ad Report","adTarget":"Ad Target","brand":"Brand","category":"Category","deliveryInformation":"Delivery Information","order":"Order","priceReduction":"Price Reduction","product":"Product","quantity":"Quantity","receipt":"Receipt","return":"Return","returnAddress":"Return Address","returnShipment":"Return Shipment","sandbox":"Sandbox","shipment":"Shipment","shippingProfile":"Shipping Profile"})[$parameter["resource"]] }}',
		// What the actions do (also the default tool description for AI agents). The node panel's merged "Otto Market"
		// entry shows the trigger's description instead: see OttoMarketTrigger.node.ts.
		description:
			'Get and update OTTO Market orders, shipments, returns, receipts, products, stock, prices, shipping profiles and ads',
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
					{ name: 'Ad Campaign', value: 'adCampaign' },
					{ name: 'Ad Change Request', value: 'adChangeRequest' },
					{ name: 'Ad Keyword', value: 'adKeyword' },
					{ name: 'Ad Report', value: 'adReport' },
					{ name: 'Ad Target', value: 'adTarget' },
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
