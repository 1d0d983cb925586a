import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ottoListItems, type ListEndpoint } from '../../transport';
import { returnAllOrLimit, skuField } from '../common.descriptions';
import { readLimit } from '../params';
import { readSku, scopeField } from './descriptions';

/**
 * Reads of one SKU go through the list endpoint's `sku` filter: OTTO documents that single-resource paths
 * break for SKUs with `/` or `.` (docs/otto-api.md §3.1), which encoding cannot fix.
 */
export async function listBySku(
	this: IExecuteFunctions,
	i: number,
	request: { list: ListEndpoint; qs: IDataObject },
	sku: string,
): Promise<IDataObject[]> {
	const entries = await ottoListItems.call(this, request.list, { qs: request.qs, itemIndex: i });
	// Keep exact matches only, should a filter ever match more loosely.
	return entries.filter((entry) => entry.sku === sku);
}

export function notFound(ctx: IExecuteFunctions, i: number, what: string, sku: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `OTTO has no ${what} for SKU "${sku}"`, {
		itemIndex: i,
		description: 'SKUs are matched exactly: upper and lower case, blanks and special characters count.',
	});
}

export interface SkuOrManyConfig {
	operation: string;
	/** Used in messages and descriptions, e.g. "active status". */
	what: string;
	/** The list endpoint (its `sku` filter serves "One SKU"). */
	list: ListEndpoint;
	/** Fields shown for "Many" besides Return All / Limit (usually a Filters collection). */
	manyFields: INodeProperties[];
	/** Fields shown for both scopes. */
	commonFields?: INodeProperties[];
	/** Query of "Many". */
	manyQuery: (ctx: IExecuteFunctions, i: number) => IDataObject;
	/** Query of "One SKU" (default `{sku}`), plus the common fields' query. */
	skuQuery?: (ctx: IExecuteFunctions, i: number, sku: string) => IDataObject;
	/** Whether "One SKU" returns every entry OTTO lists for it (content changes) instead of exactly one. */
	allEntriesOfSku?: boolean;
}

/** An operation offered for one SKU or for many, e.g. Get Active Status (`/v5/products/active-status`). */
export function skuOrManyOperation(config: SkuOrManyConfig) {
	const onlySku = { show: { scope: ['sku'] } };
	const onlyMany = { show: { scope: ['many'] } };
	const properties: INodeProperties[] = [
		scopeField(config.what),
		{ ...skuField, displayOptions: onlySku },
		...returnAllOrLimit.map((field) => ({
			...field,
			displayOptions: { show: { ...onlyMany.show, ...(field.displayOptions?.show ?? {}) } },
		})),
		...config.manyFields.map((field) => ({ ...field, displayOptions: onlyMany })),
		...(config.commonFields ?? []),
	];
	const description = updateDisplayOptions({ show: { resource: ['product'], operation: [config.operation] } }, properties);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject | IDataObject[]> {
		if (this.getNodeParameter('scope', i) === 'sku') {
			const sku = readSku(this, i);
			const qs = config.skuQuery ? config.skuQuery(this, i, sku) : { sku };
			const entries = await listBySku.call(this, i, { list: config.list, qs }, sku);
			if (config.allEntriesOfSku) return entries;
			if (entries.length === 0) throw notFound(this, i, config.what, sku);
			return entries[0];
		}
		return await ottoListItems.call(this, config.list, { qs: config.manyQuery(this, i), itemIndex: i }, { limit: readLimit(this, i) });
	}

	return { description, execute };
}
