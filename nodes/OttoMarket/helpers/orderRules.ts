import type { IDataObject } from 'n8n-workflow';

const money = (value: unknown): number | undefined => {
	const amount = (value as IDataObject | undefined)?.amount;
	return typeof amount === 'number' ? amount : amount !== undefined ? Number(amount) : undefined;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * One flat object per order with what a workflow usually needs (ids, dates, a status summary, addresses,
 * totals, position items). The raw order is what OTTO returned, with Simplify off.
 */
export function simplifyOrder(order: IDataObject): IDataObject {
	const items = (Array.isArray(order.positionItems) ? order.positionItems : []) as IDataObject[];
	const statusCounts: Record<string, number> = {};
	let gross = 0;
	let reduced = 0;
	for (const item of items) {
		const status = String(item.fulfillmentStatus ?? 'UNKNOWN');
		statusCounts[status] = (statusCounts[status] ?? 0) + 1;
		gross += money(item.itemValueGrossPrice) ?? 0;
		reduced += money(item.itemValueReducedGrossPrice) ?? money(item.itemValueGrossPrice) ?? 0;
	}
	const deliveryFees = ((order.initialDeliveryFees as IDataObject[] | undefined) ?? []).reduce(
		(sum, fee) => sum + (money(fee.deliveryFeeAmount) ?? 0),
		0,
	);
	const lifecycle = order.orderLifecycleInformation as IDataObject | undefined;
	const statuses = Object.keys(statusCounts);
	return {
		salesOrderId: order.salesOrderId,
		orderNumber: order.orderNumber,
		orderDate: order.orderDate,
		lastModifiedDate: order.lastModifiedDate,
		lifecycleChangeDate: lifecycle?.lifecycleChangeDate,
		status: statuses.length === 1 ? statuses[0] : statuses.length === 0 ? undefined : 'MIXED',
		statusCounts,
		paymentMethod: (order.payment as IDataObject | undefined)?.paymentMethod,
		suspectedFraudCase: order.suspectedFraudCase,
		currency: 'EUR',
		itemsGrossTotal: round2(gross),
		itemsReducedGrossTotal: round2(reduced),
		deliveryFeesTotal: round2(deliveryFees),
		orderTotal: round2(reduced + deliveryFees),
		deliveryAddress: order.deliveryAddress,
		invoiceAddress: order.invoiceAddress,
		positionItems: items.map((item) => {
			const product = (item.product as IDataObject | undefined) ?? {};
			const tracking = item.trackingInfo as IDataObject | undefined;
			return {
				positionItemId: item.positionItemId,
				fulfillmentStatus: item.fulfillmentStatus,
				sku: product.sku,
				ean: product.ean,
				articleNumber: product.articleNumber,
				productTitle: product.productTitle,
				vatRate: product.vatRate,
				grossPrice: money(item.itemValueGrossPrice),
				reducedGrossPrice: money(item.itemValueReducedGrossPrice) ?? money(item.itemValueGrossPrice),
				discount: money(item.itemValueDiscount),
				expectedDeliveryDate: item.expectedDeliveryDate,
				sentDate: item.sentDate,
				carrier: tracking?.carrier,
				trackingNumber: tracking?.trackingNumber,
				cancellationReason: item.cancellationReason,
			};
		}),
	};
}
