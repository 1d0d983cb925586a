import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyOrder } from '../../helpers/orderRules';
import { invalidParameter, oneOf, readLimit, toIsoDateTime } from '../params';
import { ENDPOINTS, ottoListItems } from '../../transport';
import { returnAllOrLimit, simplifyOn } from '../common.descriptions';

export const FULFILLMENT_STATUSES = [
	'ANNOUNCED',
	'PROCESSABLE',
	'SENT',
	'RETURNED',
	'CANCELLED_BY_PARTNER',
	'CANCELLED_BY_MARKETPLACE',
] as const;

/**
 * Sort direction when "Sort Direction" is not set: version 3 lists the newest orders first (a person reading the
 * list, or taking the first 50, wants the recent ones); versions 1 and 2 keep OTTO's own default, oldest first, so
 * saved workflows read the same orders as before.
 */
export const defaultOrderDirection = (typeVersion: number): 'DESC' | undefined =>
	typeVersion >= 3 ? 'DESC' : undefined;

const oldestFirst: INodeProperties = {
	displayName: 'Sort Direction',
	name: 'orderDirection',
	type: 'options',
	options: [
		{ name: 'Oldest First', value: 'ASC' },
		{ name: 'Newest First', value: 'DESC' },
	],
	default: 'ASC',
	description: "Oldest first unless set (OTTO's default)",
};
const sortDirection = {
	oldestFirst,
	newestFirst: {
		...oldestFirst,
		options: [...(oldestFirst.options ?? [])].reverse(),
		default: 'DESC',
		description: 'Newest first unless set (by the Sort By date)',
	} as INodeProperties,
};

const filtersCollection = (versions: number[], newestFirst: boolean): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Changed Since',
			name: 'fromDate',
			type: 'dateTime',
			default: '',
			description: 'Only orders whose lifecycle changed at or after this time (use this for syncing)',
		},
		{
			displayName: 'Fulfillment Status',
			name: 'fulfillmentStatus',
			type: 'multiOptions',
			options: [
				{ name: 'Announced', value: 'ANNOUNCED', description: 'Ordered, not yet processable (e.g. prepayment pending)' },
				{ name: 'Cancelled by Marketplace', value: 'CANCELLED_BY_MARKETPLACE' },
				{ name: 'Cancelled by Partner', value: 'CANCELLED_BY_PARTNER' },
				{ name: 'Processable', value: 'PROCESSABLE', description: 'Ready to ship' },
				{ name: 'Returned', value: 'RETURNED' },
				{ name: 'Sent', value: 'SENT' },
			],
			default: [],
			description: 'Orders in these states (see Status Mode)',
		},
		{
			displayName: 'Order Date From',
			name: 'fromOrderDate',
			type: 'dateTime',
			default: '',
			description: 'Only orders placed at or after this time',
		},
		{
			displayName: 'Order Date To',
			name: 'toOrderDate',
			type: 'dateTime',
			default: '',
			description: 'Only orders placed at or before this time',
		},
		{
			displayName: 'Sort By',
			name: 'orderColumnType',
			type: 'options',
			options: [
				{ name: 'Lifecycle Change Date', value: 'ORDER_LIFECYCLE_DATE' },
				{ name: 'Order Date', value: 'ORDER_DATE' },
			],
			default: 'ORDER_LIFECYCLE_DATE',
		},
		sortDirection[newestFirst ? 'newestFirst' : 'oldestFirst'],
		{
			displayName: 'Status Mode',
			name: 'mode',
			type: 'options',
			options: [
				{
					name: 'Bucket',
					value: 'BUCKET',
					description: "Each order counts in one status only (e.g. Processable means: some item processable, none announced)",
				},
				{
					name: 'At Least One Item',
					value: 'AT_LEAST_ONE',
					description: 'Every order with at least one item in a selected status',
				},
			],
			default: 'BUCKET',
		},
	],
	displayOptions: { show: { '@version': versions } },
});

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	simplifyOn,
	filtersCollection([1, 2], false),
	filtersCollection([3], true),
];

const displayOptions = { show: { resource: ['order'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;

	const statuses = ([] as unknown[]).concat(filters.fulfillmentStatus ?? []);
	const qs: IDataObject = {
		fulfillmentStatus: statuses.map((s) => oneOf(this, i, 'Fulfillment Status', s, FULFILLMENT_STATUSES)),
		fromDate: toIsoDateTime(this, i, 'Changed Since', filters.fromDate),
		fromOrderDate: toIsoDateTime(this, i, 'Order Date From', filters.fromOrderDate),
		toOrderDate: toIsoDateTime(this, i, 'Order Date To', filters.toOrderDate),
		orderColumnType: filters.orderColumnType
			? oneOf(this, i, 'Sort By', filters.orderColumnType, ['ORDER_LIFECYCLE_DATE', 'ORDER_DATE'])
			: undefined,
		orderDirection: filters.orderDirection
			? oneOf(this, i, 'Sort Direction', filters.orderDirection, ['ASC', 'DESC'])
			: defaultOrderDirection(this.getNode().typeVersion),
		mode: filters.mode ? oneOf(this, i, 'Status Mode', filters.mode, ['BUCKET', 'AT_LEAST_ONE']) : undefined,
	};
	if (qs.fromOrderDate && qs.toOrderDate && String(qs.fromOrderDate) > String(qs.toOrderDate)) {
		throw invalidParameter(this, i, 'Order Date From', 'it is after "Order Date To"');
	}

	const orders = await ottoListItems.call(this, ENDPOINTS.orders, { qs, itemIndex: i }, { limit });
	return this.getNodeParameter('simplify', i, true) ? orders.map(simplifyOrder) : orders;
}
