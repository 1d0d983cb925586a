import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseQuantity } from '../../helpers/availabilityRules';
import { availabilityWrite, bulkOptions, readSkuParameter } from '../availabilityRequests';
import { skuField } from '../common.descriptions';
import { itemParameter } from '../params';

const properties: INodeProperties[] = [
	skuField,
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0, maxValue: 999999999, numberPrecision: 0 },
		default: 0,
		description: 'Units in stock that OTTO may sell (0 takes the SKU offline until stock returns)',
	},
	bulkOptions('stock'),
];

const displayOptions = { show: { resource: ['quantity'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// An upsert of an absolute quantity per SKU: availabilityWrite sends it as idempotent, so the transport repeats it after a
// 502/503/504 or a lost answer; a repeat leaves the same state.
export const executeBulk = availabilityWrite({
	path: '/v1/availability/quantities',
	read(ctx, i) {
		const { sku, problem, raw } = readSkuParameter(ctx, i);
		if (sku === undefined) return { problem, sku: raw };
		const quantity = parseQuantity(itemParameter(ctx, 'quantity', i));
		if (quantity.problem) return { problem: quantity.problem, sku };
		return { entry: { sku, payload: { sku, quantity: quantity.value } } };
	},
});
