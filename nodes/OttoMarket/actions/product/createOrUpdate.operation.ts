import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	applyVariationDefaults,
	describeIssues,
	productSafetyAddressFrom,
	validateVariation,
	type ProductSafetyDefaults,
	type VariationDefaults,
} from '../../helpers/productRules';
import type { OttoContext } from '../../transport';
import { invalidParameter } from '../params';
import type { BulkResult } from '../types';
import { uploadFields } from './descriptions';
import { postProductUpdate, uploadItems, type SentUpdate } from './upload';

const properties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Each Item Is One Variation',
				value: 'item',
				description: "Send each input item's JSON as one product variation (OTTO's v5 shape)",
			},
			{
				name: 'JSON per Item',
				value: 'json',
				description: 'Send the variations given per item as a JSON array (or one JSON object)',
			},
		],
		default: 'item',
	},
	{
		displayName: 'Variations (JSON)',
		name: 'variationsJson',
		type: 'json',
		default: '[]',
		required: true,
		description: 'Product variations in the shape of OTTO Products v5: productReference, sku, ean, productDescription, mediaAssets, pricing, compliance, …',
		displayOptions: { show: { inputMode: ['json'] } },
	},
	{
		displayName: 'Defaults for Missing Data',
		name: 'variationDefaults',
		type: 'collection',
		placeholder: 'Add Default',
		default: {},
		description: 'Filled into variations that lack them; values given on a variation win',
		options: [
			{
				displayName: 'Default VAT Rate',
				name: 'vat',
				type: 'options',
				options: [
					{ name: 'Free (0 %)', value: 'FREE' },
					{ name: 'Full (19 %)', value: 'FULL' },
					{ name: 'Reduced (7 %)', value: 'REDUCED' },
				],
				default: 'FULL',
				description: 'Used as pricing.vat where a variation has none',
			},
			{
				displayName: 'Manufacturer Address',
				name: 'address',
				type: 'string',
				default: '',
				placeholder: 'e.g. Werner-Otto-Straße 1, 22179 Hamburg',
				description: 'Postal address in one line (GPSR product safety information, at most 200 characters)',
			},
			{
				displayName: 'Manufacturer Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Contact email (an email or a URL is required)',
			},
			{
				displayName: 'Manufacturer Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Name of the manufacturer or EU distributor; variations without product safety addresses get this address',
			},
			{
				displayName: 'Manufacturer Phone',
				name: 'phone',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Manufacturer Region Code',
				name: 'regionCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. DE',
				description: 'Country of the address, ISO 3166-1 alpha-2',
			},
			{
				displayName: 'Manufacturer Roles',
				name: 'roles',
				type: 'multiOptions',
				options: [
					{ name: 'Distributor', value: 'DISTRIBUTOR', description: 'Responsible person in the EU (OTTO asks for at least one distributor address)' },
					{ name: 'Manufacturer', value: 'MANUFACTURER' },
				],
				default: ['MANUFACTURER', 'DISTRIBUTOR'],
				description: 'What the default address is for the product',
			},
			{
				displayName: 'Manufacturer URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://www.example.com/contact',
				description: 'Contact web page (an email or a URL is required)',
			},
		],
	},
	...uploadFields('variations'),
];

const displayOptions = { show: { resource: ['product'], operation: ['createOrUpdate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readVariations(ctx: IExecuteFunctions, i: number, item: INodeExecutionData): unknown[] {
	if (ctx.getNodeParameter('inputMode', i, 'item') === 'item') return [item.json];
	let value = ctx.getNodeParameter('variationsJson', i, '[]') as unknown;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch (error) {
			throw invalidParameter(ctx, i, 'Variations (JSON)', `not valid JSON (${(error as Error).message})`);
		}
	}
	return Array.isArray(value) ? value : [value];
}

function readDefaults(ctx: IExecuteFunctions, i: number): VariationDefaults {
	// The option names are those of ProductSafetyDefaults, plus `vat`.
	const options = ctx.getNodeParameter('variationDefaults', i, {}) as ProductSafetyDefaults & { vat?: string };
	return { vat: options.vat || undefined, productSafetyAddress: productSafetyAddressFrom(options) };
}

// An upsert per SKU: safe to repeat, so the transport retries it after a 502/503/504 or a lost answer (see postProductUpdate).
async function sendVariations(this: OttoContext, payloads: unknown[]): Promise<SentUpdate> {
	return await postProductUpdate.call(this, '/v5/products', payloads);
}

export async function executeBulk(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<BulkResult[]> {
	return await uploadItems.call(
		this,
		items,
		(i) => {
			const defaults = readDefaults(this, i);
			return readVariations(this, i, items[i]).map((raw, k) => {
				const variation = raw && typeof raw === 'object' && !Array.isArray(raw) ? applyVariationDefaults(raw as IDataObject, defaults) : raw;
				const issues = validateVariation(variation);
				const sku = (variation as IDataObject | null)?.sku;
				if (issues.length === 0) return { sku: sku as string, payload: variation };
				const name = typeof sku === 'string' && sku.trim() ? `SKU "${sku}"` : `Variation ${k + 1} of item ${i}`;
				return { invalid: `${name} is invalid: ${describeIssues(issues)}` };
			});
		},
		sendVariations,
	);
}
