import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** What one input item produced: JSON objects, or complete items (e.g. with binary data). */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

/** A result of a bulk operation, tied to the input item it belongs to. */
export interface BulkResult {
	itemIndex: number;
	json?: IDataObject;
	binary?: INodeExecutionData['binary'];
	/** The entry failed at OTTO or in validation; becomes an error item (Continue On Fail) or part of one error. */
	error?: { message: string; description?: string };
}

/** How the router runs a bulk operation. */
export interface BulkRun {
	/**
	 * The node's Continue On Fail setting. Without it, an operation whose entries must all be valid before
	 * anything is sent (return decisions, shipments) stops with its own error and sends nothing.
	 */
	continueOnFail: boolean;
}

export interface OperationModule {
	description: INodeProperties[];
	/** Per item: called once for every input item. */
	execute?: (this: IExecuteFunctions, itemIndex: number) => Promise<OperationResult>;
	/**
	 * Bulk: called once with all input items (e.g. batched stock updates). Continue On Fail is decided by the
	 * router alone: it passes the setting in `run`, and fails the node when an entry failed without it.
	 */
	executeBulk?: (this: IExecuteFunctions, items: INodeExecutionData[], run: BulkRun) => Promise<BulkResult[]>;
}
