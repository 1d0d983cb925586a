import { iso } from '../helpers';
import { lifecycleDate, newestOrder, orderOutput, orderSimplify, ordersQuery } from './orders';
import type { TriggerEvent } from './types';

export const orderChanged: TriggerEvent = {
	value: 'orderChanged',
	name: 'Order Changed',
	action: 'On order changed',
	description: "Any change in an order's lifecycle: new, processable, sent, returned, cancelled",
	properties: [orderSimplify],

	queries({ from }) {
		return [ordersQuery({ fromDate: iso(from) })];
	},
	queryDate: lifecycleDate,
	occurrences(order) {
		const time = lifecycleDate(order);
		return [{ key: `${String(order.salesOrderId)}@${time}`, time }];
	},
	output: orderOutput,
	async newest() {
		return await newestOrder.call(this, {});
	},
};
