import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { iso, latestMs, toMs } from '../helpers';
import { lifecycleDate, newestOrder, orderOutput, orderSimplify, ordersQuery, positionItems } from './orders';
import type { Occurrence, TriggerEvent } from './types';

type NewOrderStatus = 'ANNOUNCED' | 'PROCESSABLE';

function statuses(ctx: IPollFunctions): NewOrderStatus[] {
	const value = ctx.getNodeParameter('fulfillmentStatus', []) as unknown;
	return ([] as unknown[])
		.concat(value ?? [])
		.filter((s): s is NewOrderStatus => s === 'ANNOUNCED' || s === 'PROCESSABLE');
}

/** When the order reached each status, in the sense of OTTO's status buckets (`mode=BUCKET`, the default). */
function reached(order: IDataObject, wanted: NewOrderStatus[]): Occurrence[] {
	const id = String(order.salesOrderId);
	const items = positionItems(order);
	const current = new Set(items.map((item) => item.fulfillmentStatus));
	const out: Occurrence[] = [];
	if (wanted.includes('ANNOUNCED') && current.has('ANNOUNCED')) {
		out.push({ key: `${id}:ANNOUNCED`, time: toMs(order.orderDate) });
	}
	if (wanted.includes('PROCESSABLE') && current.has('PROCESSABLE') && !current.has('ANNOUNCED')) {
		// The last item to become processable made the order ready to ship; later shipments keep this date.
		const time = latestMs(items.map((item) => item.processableDate));
		out.push({ key: `${id}:PROCESSABLE`, time: Number.isNaN(time) ? lifecycleDate(order) : time });
	}
	return out;
}

export const newOrder: TriggerEvent = {
	value: 'newOrder',
	name: 'New Order',
	action: 'On new order',
	description: 'An order OTTO shows for the first time, or that reaches a chosen status (e.g. ready to ship)',
	properties: [
		{
			displayName: 'Only When Status Is',
			name: 'fulfillmentStatus',
			type: 'multiOptions',
			options: [
				{
					name: 'Announced',
					value: 'ANNOUNCED',
					description: 'Ordered but not yet processable (e.g. prepayment pending): reserve stock',
				},
				{
					name: 'Processable',
					value: 'PROCESSABLE',
					description: 'Ready to ship: emitted when the order becomes processable, also days after it was placed',
				},
			],
			default: [],
			description:
				'Emit each order when it reaches one of these statuses instead of when OTTO first shows it. An order is emitted once per status.',
		},
		orderSimplify,
	],

	queries({ from, floor }) {
		const wanted = statuses(this);
		const qs: IDataObject = { fromDate: iso(from) };
		if (wanted.length > 0) qs.fulfillmentStatus = wanted;
		// Only "processable" happens long after the order date; otherwise OTTO can leave out older orders.
		if (!wanted.includes('PROCESSABLE')) qs.fromOrderDate = iso(floor);
		return [ordersQuery(qs)];
	},
	queryDate: lifecycleDate,
	occurrences(order) {
		const wanted = statuses(this);
		if (wanted.length === 0) return [{ key: String(order.salesOrderId), time: toMs(order.orderDate) }];
		return reached(order, wanted);
	},
	output: orderOutput,
	async newest() {
		const wanted = statuses(this);
		return await newestOrder.call(this, wanted.length > 0 ? { fulfillmentStatus: wanted } : {});
	},
};
