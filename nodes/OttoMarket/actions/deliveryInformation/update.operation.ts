import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseProcessingTime } from '../../helpers/availabilityRules';
import { availabilityWrite, bulkOptions, readSkuParameter } from '../availabilityRequests';
import { skuField } from '../common.descriptions';
import { shippingProfileIdOf, shippingProfileLocator } from '../locators';
import { itemParameter } from '../params';

const properties: INodeProperties[] = [
	skuField,
	shippingProfileLocator('The shipping profile that delivers this SKU'),
	{
		displayName: 'Processing Time',
		name: 'processingTime',
		type: 'string',
		required: true,
		default: 'DEFAULT',
		placeholder: 'e.g. DEFAULT or 3',
		description:
			"DEFAULT uses the shipping profile's default processing time; 1 to 99 working days overrides it for this SKU, also after moving it to another profile",
	},
	bulkOptions('delivery information'),
];

const displayOptions = { show: { resource: ['deliveryInformation'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// An upsert of a SKU's profile and processing time: availabilityWrite sends it as idempotent, so the transport repeats it after a
// 502/503/504 or a lost answer; a repeat leaves the same state.
export const executeBulk = availabilityWrite({
	path: '/v1/availability/product-delivery-information',
	read(ctx, i) {
		const { sku, problem, raw } = readSkuParameter(ctx, i);
		if (sku === undefined) return { problem, sku: raw };
		const shippingProfileId = shippingProfileIdOf(ctx, i);
		if (!shippingProfileId) return { problem: { field: 'Shipping Profile', reason: 'a shipping profile is required' }, sku };
		const processingTime = parseProcessingTime(itemParameter(ctx, 'processingTime', i, 'DEFAULT'));
		if (processingTime.problem) return { problem: processingTime.problem, sku };
		return { entry: { sku, payload: { sku, shippingProfileId, processingTime: processingTime.value } } };
	},
});
