import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireString } from './params';

/** Resource locators of brands, categories and shipping profiles (several resources use them), and their values. */

export function brandLocator(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a brand...',
				typeOptions: { searchListMethod: 'searchBrands', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. KDYTMZDB',
			},
		],
	};
}

export function categoryLocator(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a category...',
				typeOptions: { searchListMethod: 'searchCategories', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. T-Shirt',
			},
		],
	};
}

/** The value of a resource locator, also when an expression produced a plain string. */
export function locatorValue(raw: unknown): string {
	const value = raw && typeof raw === 'object' ? (raw as IDataObject).value : raw;
	return value === undefined || value === null ? '' : String(value).trim();
}

/** A shipping profile: picked from OTTO's list (by name) or given by ID. */
export function shippingProfileLocator(description: string): INodeProperties {
	return {
		displayName: 'Shipping Profile',
		name: 'shippingProfileId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a shipping profile...',
				typeOptions: { searchListMethod: 'searchShippingProfiles', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 0f4e1a52-7d3b-4b8e-9c2a-5a1f3e6d7b90',
			},
		],
	};
}

/** The shipping profile ID of item `i` (from either locator mode, or a plain string from an expression); '' when none. */
export function shippingProfileIdOf(ctx: IExecuteFunctions, i: number): string {
	return locatorValue(ctx.getNodeParameter('shippingProfileId', i, '', { extractValue: true }));
}

export function readShippingProfileId(ctx: IExecuteFunctions, i: number): string {
	return requireString(ctx, i, 'Shipping Profile', shippingProfileIdOf(ctx, i));
}
