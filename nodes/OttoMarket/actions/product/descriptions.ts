import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { bulkOptionsField, type BulkOptionsField } from '../bulk';
import { brandLocator, categoryLocator, locatorValue } from '../locators';
import { requireString } from '../params';

/** Fields shared by the Products operations. */

/** OTTO's marketplace states of a product variation, in OTTO's order. */
export const MARKETPLACE_STATUSES = ['PENDING', 'ONLINE', 'RESTRICTED', 'REJECTED', 'INACTIVE'] as const;

/** The marketplace states as options, alphabetized (the action's filter and the trigger's choice). */
export const marketplaceStatusOptions: INodePropertyOptions[] = [
	{ name: 'Inactive', value: 'INACTIVE', description: 'Switched off by you (active status)' },
	{ name: 'Online', value: 'ONLINE', description: 'Buyable on otto.de' },
	{ name: 'Pending', value: 'PENDING', description: 'OTTO is still checking the variation' },
	{ name: 'Rejected', value: 'REJECTED', description: 'Not accepted; see the errors' },
	{ name: 'Restricted', value: 'RESTRICTED', description: 'Online with restrictions; see the errors' },
];

/** "One SKU" or "Many" for operations OTTO offers both ways. */
export function scopeField(what: string): INodeProperties {
	return {
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One SKU', value: 'sku', description: `The ${what} of one SKU` },
			{ name: 'Many', value: 'many', description: `The ${what} of many SKUs, filtered` },
		],
		default: 'sku',
	};
}

/** The filters every Products list endpoint shares. */
export const catalogFilterOptions: INodeProperties[] = [
	brandLocator('brandId', 'Brand', 'Only variations of this brand'),
	categoryLocator('category', 'Category', 'Only variations in this OTTO category'),
	{
		displayName: 'Product Reference',
		name: 'productReference',
		type: 'string',
		default: '',
		description: 'Only the variations of this product (your product reference)',
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		description: 'Only this SKU',
	},
];

export function catalogFilters(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [...catalogFilterOptions, ...extra].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Query parameters of the shared filters, without empty ones. */
export function catalogQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	const sku = filters.sku === undefined ? '' : String(filters.sku);
	if (sku !== '') qs.sku = sku;
	const reference = filters.productReference === undefined ? '' : String(filters.productReference).trim();
	if (reference) qs.productReference = reference;
	const category = locatorValue(filters.category);
	if (category) qs.category = category;
	const brandId = locatorValue(filters.brandId);
	if (brandId) qs.brandId = brandId;
	return qs;
}

/** The SKU parameter of one item: required, kept exactly as typed apart from surrounding blanks. */
export function readSku(ctx: IExecuteFunctions, i: number, name = 'sku', label = 'SKU'): string {
	return requireString(ctx, i, label, ctx.getNodeParameter(name, i, ''));
}


// ------------------------------------------------------------------------------------------------
// asynchronous writes

/** OTTO's maximum entries per Products write (docs/otto-api.md §3.6). */
export const MAX_BATCH_SIZE = 500;
export const DEFAULT_TIMEOUT_SECONDS = 300;

export function uploadFields(what: string): INodeProperties[] {
	const options: BulkOptionsField = {
		what: 'entries',
		maxBatch: MAX_BATCH_SIZE,
		extra: [
			{
				displayName: 'Processing Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description: 'How long to wait for OTTO to finish processing; SKUs still pending afterwards are reported as errors naming the update task',
				displayOptions: { show: { '/waitForProcessing': [true] } },
			},
		],
	};
	return [
		{
			displayName: 'Wait for Processing',
			name: 'waitForProcessing',
			type: 'boolean',
			default: true,
			description: `Whether to wait until OTTO has processed the ${what} and return one item per SKU (succeeded, failed with OTTO's errors, or unchanged). Off: return the update task(s) to check later with Get Update Task.`,
		},
		// node version 1 called the options fragment "uploadOptions"; from version 2 every bulk write has "options"
		bulkOptionsField({ ...options, name: 'uploadOptions', displayOptions: { show: { '@version': [1] } } }),
		bulkOptionsField({ ...options, displayOptions: { show: { '@version': [2, 3] } } }),
	];
}
