import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { applyRunPace } from './bulk';
import { resources } from './index';
import type { OperationResult } from './types';

function isExecutionData(value: unknown): value is INodeExecutionData {
	return !!value && typeof value === 'object' && 'json' in (value as object) && typeof (value as INodeExecutionData).json === 'object';
}

function toItems(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) =>
		isExecutionData(entry)
			? { ...entry, pairedItem: { item: itemIndex } }
			: { json: entry as IDataObject, pairedItem: { item: itemIndex } },
	);
}

function errorJson(error: { message: string; description?: string | null; httpCode?: string | null }): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	return json;
}

/**
 * The one item loop of the node: every operation reads its parameters for its own item; results are
 * paired to their input item; Continue On Fail turns a failed item into an error item and goes on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.operations[operation];
	if (!module) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const out: INodeExecutionData[] = [];
	// the one place that reads Continue On Fail
	const continueOnFail = this.continueOnFail();

	applyRunPace(this);

	if (module.executeBulk) {
		const results = await module.executeBulk.call(this, items, { continueOnFail });
		const failed = results.filter((r) => r.error);
		if (failed.length && !continueOnFail) {
			const accepted = results.length - failed.length;
			throw new NodeOperationError(
				this.getNode(),
				`${failed.length} of ${results.length} entries failed${accepted ? ` (the other ${accepted} succeeded at OTTO)` : ''}`,
				{
					description: failed
						.map((r) => `item ${r.itemIndex}: ${r.error?.message}${r.error?.description ? ` (${r.error.description})` : ''}`)
						.join('\n'),
					itemIndex: failed[0].itemIndex,
				},
			);
		}
		for (const result of results) {
			out.push(
				result.error
					? { json: errorJson(result.error), pairedItem: { item: result.itemIndex } }
					: { json: result.json ?? {}, binary: result.binary, pairedItem: { item: result.itemIndex } },
			);
		}
		return [out];
	}

	for (let i = 0; i < items.length; i++) {
		try {
			const result = await module.execute!.call(this, i);
			out.push(...toItems(result, i));
		} catch (error) {
			if (continueOnFail) {
				out.push({ json: errorJson(error as NodeApiError), pairedItem: { item: i } });
				continue;
			}
			// Both constructors hand back an error of their own class unchanged; the item index is added here.
			if (error instanceof NodeApiError) {
				if (error.context.itemIndex === undefined) error.context.itemIndex = i;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex: i });
			}
			if (error instanceof NodeOperationError && error.context.itemIndex === undefined) {
				error.context.itemIndex = i;
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [out];
}
