import type { IPollFunctions } from 'n8n-workflow';

import { iso, latestMs } from '../helpers';
import { lifecycleDate, newestOrder, orderOutput, orderSimplify, ordersQuery, positionItems } from './orders';
import type { TriggerEvent } from './types';

const CANCELLED = ['CANCELLED_BY_MARKETPLACE', 'CANCELLED_BY_PARTNER'];

function cancelledBy(ctx: IPollFunctions): string[] {
	const chosen = ([] as unknown[]).concat(ctx.getNodeParameter('cancelledBy', []) ?? []).map(String);
	const valid = CANCELLED.filter((status) => chosen.includes(status));
	return valid.length > 0 ? valid : CANCELLED;
}

export const orderCancelled: TriggerEvent = {
	value: 'orderCancelled',
	name: 'Order Cancelled',
	action: 'On order cancelled',
	description: 'Position items of an order were cancelled; emitted again when more items of it are cancelled later',
	properties: [
		{
			displayName: 'Cancelled By',
			name: 'cancelledBy',
			type: 'multiOptions',
			options: [
				{ name: 'Marketplace', value: 'CANCELLED_BY_MARKETPLACE', description: 'OTTO or the customer cancelled' },
				{ name: 'Partner', value: 'CANCELLED_BY_PARTNER', description: 'You cancelled (e.g. with Order → Cancel)' },
			],
			default: [],
			description: 'Whose cancellations to emit; none chosen means both',
		},
		orderSimplify,
	],

	queries({ from }) {
		// A "cancelled" status bucket of OTTO's order list holds every order with at least one item cancelled that way.
		return [ordersQuery({ fromDate: iso(from), fulfillmentStatus: cancelledBy(this) })];
	},
	queryDate: lifecycleDate,
	occurrences(order) {
		const statuses = cancelledBy(this);
		const cancelled = positionItems(order).filter((item) => statuses.includes(String(item.fulfillmentStatus)));
		if (cancelled.length === 0) return [];
		const latest = latestMs(cancelled.map((item) => item.cancellationDate));
		const time = Number.isNaN(latest) ? lifecycleDate(order) : latest;
		return [{ key: `${String(order.salesOrderId)}@${time}`, time }];
	},
	output: orderOutput,
	async newest() {
		return await newestOrder.call(this, { fulfillmentStatus: cancelledBy(this) });
	},
};
