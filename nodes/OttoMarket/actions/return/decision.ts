import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	ACCEPTANCE_REASONS,
	REJECTION_REASONS,
	RETURN_CONDITIONS,
	parseIdList,
	splitDecisionAnswer,
	splitDecisionFailure,
	valuesOf,
	type DecisionEntry,
} from '../../helpers/returns';
import { invalidParameter, oneOf, requireString } from '../../helpers/params';
import { ottoBatchRequest, ottoRequest, type Batch, type OttoContext, type OttoResponse } from '../../transport';
import type { BulkResult } from '../types';

/** OTTO takes at most 200 position items per acceptance or rejection request (REFERENCE §3.6). */
export const MAX_POSITION_ITEMS_PER_REQUEST = 200;

export type Decision = 'accept' | 'reject';

const PATH: Record<Decision, string> = { accept: '/v3/returns/acceptance', reject: '/v3/returns/rejection' };
const NEW_STATUS: Record<Decision, string> = { accept: 'ACCEPTED', reject: 'REJECTED' };

/** The parameters shared by Accept and Reject (the reason differs: optional there, required here). */
export function decisionProperties(decision: Decision): INodeProperties[] {
	const verb = decision === 'accept' ? 'accepted' : 'rejected';
	const properties: INodeProperties[] = [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Combine All Items',
					value: 'combine',
					description: `All input items are ${verb} in as few requests as OTTO allows (up to 200 position items each)`,
				},
				{
					name: 'One Request per Item',
					value: 'perItem',
					description: 'Each input item is sent on its own',
				},
			],
			default: 'combine',
		},
		{
			displayName: 'Sales Order ID',
			name: 'salesOrderId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 2f7d8c5e-3b1a-4c6e-9d0f-1a2b3c4d5e6f',
			description: 'The order the returned items belong to (salesOrderId of the return)',
		},
		{
			displayName: 'Position Item IDs',
			name: 'positionItemIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5e1c…, 7a9d…',
			description: `One or more position items of that order to be ${verb}, comma-separated (positionItemId of the return)`,
		},
	];
	if (decision === 'reject') {
		properties.push({
			displayName: 'Rejection Reason',
			name: 'rejectionReason',
			type: 'options',
			required: true,
			options: REJECTION_REASONS,
			default: 'ITEM_DAMAGED',
			description: 'Why the return is rejected (OTTO requires a reason)',
		});
	}
	const fields: INodeProperties[] = [
		{
			displayName: 'Condition',
			name: 'condition',
			type: 'options',
			options: RETURN_CONDITIONS,
			default: 'A',
			description: 'Condition of the returned item',
		},
	];
	if (decision === 'accept') {
		fields.push({
			displayName: 'Acceptance Reason',
			name: 'acceptanceReason',
			type: 'options',
			options: ACCEPTANCE_REASONS,
			default: 'RETURN_RECEIVED',
			description: 'Why the return is accepted',
		});
	}
	properties.push({
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: fields,
	});
	return properties;
}

interface Entry extends DecisionEntry {
	itemIndex: number;
	condition?: string;
	reason?: string;
}

interface ItemPlan {
	itemIndex: number;
	mode: 'combine' | 'perItem';
	entries: Entry[];
	error?: { message: string; description?: string };
}

function readItem(this: IExecuteFunctions, decision: Decision, i: number): ItemPlan {
	const mode = oneOf(this, i, 'Input Mode', this.getNodeParameter('inputMode', i, 'combine'), ['combine', 'perItem']);
	const salesOrderId = requireString(this, i, 'Sales Order ID', this.getNodeParameter('salesOrderId', i, ''));
	const ids = parseIdList(this.getNodeParameter('positionItemIds', i, ''));
	if (ids.length === 0) throw invalidParameter(this, i, 'Position Item IDs', 'at least one position item ID is required');
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const condition =
		fields.condition === undefined || fields.condition === ''
			? undefined
			: oneOf(this, i, 'Condition', fields.condition, valuesOf(RETURN_CONDITIONS));
	const reason =
		decision === 'reject'
			? oneOf(this, i, 'Rejection Reason', this.getNodeParameter('rejectionReason', i, ''), valuesOf(REJECTION_REASONS))
			: fields.acceptanceReason === undefined || fields.acceptanceReason === ''
				? undefined
				: oneOf(this, i, 'Acceptance Reason', fields.acceptanceReason, valuesOf(ACCEPTANCE_REASONS));
	return {
		itemIndex: i,
		mode,
		entries: ids.map((positionItemId) => ({ itemIndex: i, positionItemId, salesOrderId, condition, reason })),
	};
}

/** An error the transport threw (a NodeApiError with OTTO's words and logref). */
type RequestFailure = { message: string; description?: string | null; httpCode?: string | null };

type Sent = { response: OttoResponse; error?: undefined } | { response?: undefined; error: RequestFailure };

/** The transport's batching, fixed to this operation's types (`.call` does not infer generics). */
const sendInBatches: (
	this: OttoContext,
	entries: Entry[],
	batchSize: number,
	send: (this: OttoContext, batch: Batch<Entry>) => Promise<Sent>,
) => Promise<Array<{ batch: Batch<Entry>; result: Sent }>> = ottoBatchRequest;

function errorOf(error: unknown): { message: string; description?: string } {
	const e = error as { message?: string; description?: string | null };
	return { message: e?.message ?? String(error), ...(e?.description ? { description: e.description } : {}) };
}

/**
 * Accept or Reject as a bulk operation: every input item's position items, in as few requests as OTTO allows
 * ("Combine All Items") or one request per input item; OTTO's answer is split back per position item.
 */
export function decide(decision: Decision) {
	return async function (this: IExecuteFunctions, items: INodeExecutionData[]): Promise<BulkResult[]> {
		const plans: ItemPlan[] = items.map((_, i) => {
			try {
				return readItem.call(this, decision, i);
			} catch (error) {
				return { itemIndex: i, mode: 'perItem', entries: [], error: errorOf(error) };
			}
		});

		// One request cannot say which of two equal position items an answer is about.
		const firstSeen = new Map<string, number>();
		for (const plan of plans) {
			if (plan.error || plan.mode !== 'combine') continue;
			const twice = plan.entries.find((e) => firstSeen.has(e.positionItemId));
			if (twice) {
				plan.error = {
					message: `Position item ${twice.positionItemId} is already in input item ${firstSeen.get(twice.positionItemId)}`,
					description: 'Each position item can be sent once per run; nothing was sent to OTTO for this item.',
				};
				continue;
			}
			for (const e of plan.entries) firstSeen.set(e.positionItemId, plan.itemIndex);
		}

		const invalid = plans.filter((p) => p.error);
		if (invalid.length > 0 && !this.continueOnFail()) {
			throw new NodeOperationError(
				this.getNode(),
				invalid.length === 1 ? invalid[0].error!.message : `${invalid.length} input items are invalid`,
				{
					description: [
						...invalid.map((p) => `item ${p.itemIndex}: ${p.error!.message}`),
						'Nothing was sent to OTTO.',
					].join('\n'),
					itemIndex: invalid[0].itemIndex,
				},
			);
		}

		const outcomes = new Map<Entry, BulkResult>();
		const send = async (entries: Entry[], itemIndex?: number) => {
			const answers = await sendInBatches.call(
				this,
				entries,
				MAX_POSITION_ITEMS_PER_REQUEST,
				async function (this: OttoContext, batch): Promise<Sent> {
					const body = {
						positionItems: batch.entries.map((e) => ({
							positionItemId: e.positionItemId,
							salesOrderId: e.salesOrderId,
							...(e.condition ? { condition: e.condition } : {}),
							...(e.reason ? { reason: e.reason } : {}),
						})),
					};
					try {
						return { response: await ottoRequest.call(this, { method: 'POST', path: PATH[decision], body, itemIndex }) };
					} catch (error) {
						return { error: error as RequestFailure };
					}
				},
			);
			for (const { batch, result } of answers) {
				if (result.error) {
					const failures = splitDecisionFailure(batch.entries, result.error);
					batch.entries.forEach((entry, k) => outcomes.set(entry, { itemIndex: entry.itemIndex, error: failures[k] }));
					continue;
				}
				const { status, body } = result.response;
				const split = splitDecisionAnswer(batch.entries, status, body);
				batch.entries.forEach((entry, k) => {
					const outcome = split[k];
					if (!outcome.ok) {
						outcomes.set(entry, {
							itemIndex: entry.itemIndex,
							error: { message: outcome.message, ...(outcome.description ? { description: outcome.description } : {}) },
						});
						return;
					}
					outcomes.set(entry, {
						itemIndex: entry.itemIndex,
						json: {
							...(outcome.result ?? {}),
							positionItemId: entry.positionItemId,
							salesOrderId: entry.salesOrderId,
							status: NEW_STATUS[decision],
							...(entry.condition ? { condition: entry.condition } : {}),
							...(entry.reason ? { reason: entry.reason } : {}),
						},
					});
				});
			}
		};

		const valid = plans.filter((p) => !p.error);
		const combined = valid.filter((p) => p.mode === 'combine').flatMap((p) => p.entries);
		if (combined.length > 0) await send(combined);
		for (const plan of valid.filter((p) => p.mode === 'perItem')) await send(plan.entries, plan.itemIndex);

		return plans.flatMap((plan): BulkResult[] =>
			plan.error
				? [{ itemIndex: plan.itemIndex, error: plan.error }]
				: plan.entries.map(
						(entry) =>
							outcomes.get(entry) ?? {
								itemIndex: entry.itemIndex,
								error: { message: `Position item ${entry.positionItemId} was not sent to OTTO` },
							},
					),
		);
	};
}
