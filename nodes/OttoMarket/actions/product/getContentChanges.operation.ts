import type { INodeProperties } from 'n8n-workflow';

import { toIsoDateTime } from '../params';
import { skuOrManyOperation } from './lookup';
import { ENDPOINTS } from '../../transport';

const changedSince: INodeProperties = {
	displayName: 'Changed Since',
	name: 'fromDate',
	type: 'dateTime',
	default: '',
	description: 'Only changes at or after this time; OTTO keeps 28 days (also the default)',
};

/**
 * OTTO reads a single `sku` value as a comma-separated list; an extra empty `sku=` keeps a SKU that
 * contains a comma whole (docs/otto-api.md §4.1).
 */
export function skuListQuery(skus: string[]): string[] | undefined {
	if (skus.length === 0) return undefined;
	if (skus.length === 1 && skus[0].includes(',')) return [skus[0], ''];
	return skus;
}

export const { description, execute } = skuOrManyOperation({
	operation: 'getContentChanges',
	what: 'content changes',
	list: ENDPOINTS.contentChanges,
	allEntriesOfSku: true,
	manyFields: [
		{
			displayName: 'SKUs',
			name: 'skus',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add SKU' },
			default: [],
			description: 'Only these SKUs (all SKUs when empty)',
		},
	],
	commonFields: [changedSince],
	skuQuery: (ctx, i, sku) => ({ sku: skuListQuery([sku]), fromDate: toIsoDateTime(ctx, i, 'Changed Since', ctx.getNodeParameter('fromDate', i, '')) }),
	manyQuery: (ctx, i) => {
		const raw = ctx.getNodeParameter('skus', i, []) as unknown;
		const skus = (Array.isArray(raw) ? raw : [raw]).map((s) => String(s ?? '')).filter((s) => s !== '');
		return { sku: skuListQuery(skus), fromDate: toIsoDateTime(ctx, i, 'Changed Since', ctx.getNodeParameter('fromDate', i, '')) };
	},
});
