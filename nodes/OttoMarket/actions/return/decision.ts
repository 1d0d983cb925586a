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
} from '../../helpers/returnRules';
import { ottoRequest, type OttoContext } from '../../transport';
import { bulkOptionsField, errorOf, isVersion1, lastPerKey, readBulkOptions, requestGroups, resultAs, sendChunks } from '../bulk';
import { invalidParameter, oneOf, requireString, itemParameter } from '../params';
import { failureKind, failureSummary, statusOf } from '../reconcile';
import type { BulkResult, BulkRun } from '../types';
import { checkReturns, DECIDED_STATUS, type ReturnVerdict } from './reconcile';

/** OTTO takes at most 200 position items per acceptance or rejection request (docs/otto-api.md §3.6). */
export const MAX_POSITION_ITEMS_PER_REQUEST = 200;

export type Decision = 'accept' | 'reject';

const PATH: Record<Decision, string> = { accept: '/v3/returns/acceptance', reject: '/v3/returns/rejection' };
const NEW_STATUS: Record<Decision, string> = DECIDED_STATUS;
const VERB: Record<Decision, { done: string; doing: string }> = {
	accept: { done: 'accepted', doing: 'accept' },
	reject: { done: 'rejected', doing: 'reject' },
};

/** The parameters shared by Accept and Reject (the reason differs: optional there, required here). */
export function decisionProperties(decision: Decision): INodeProperties[] {
	const verb = decision === 'accept' ? 'accepted' : 'rejected';
	const properties: INodeProperties[] = [
		{
			// node version 1; from version 2 the options fragment's "One Request per Item"
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { '@version': [1] } },
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
	// as many position items per request as OTTO takes (200): no "Batch Size"
	properties.push(bulkOptionsField({ what: 'position items', displayOptions: { show: { '@version': [2, 3] } } }));
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
	const mode = isVersion1(this)
		? oneOf(this, i, 'Input Mode', itemParameter(this, 'inputMode', i, 'combine'), ['combine', 'perItem'])
		: readBulkOptions(this, i, MAX_POSITION_ITEMS_PER_REQUEST).perItem
			? 'perItem'
			: 'combine';
	const salesOrderId = requireString(this, i, 'Sales Order ID', itemParameter(this, 'salesOrderId', i, ''));
	const ids = parseIdList(itemParameter(this, 'positionItemIds', i, ''));
	if (ids.length === 0) throw invalidParameter(this, i, 'Position Item IDs', 'at least one position item ID is required');
	const fields = itemParameter(this, 'additionalFields', i, {}) as IDataObject;
	const condition =
		fields.condition === undefined || fields.condition === ''
			? undefined
			: oneOf(this, i, 'Condition', fields.condition, valuesOf(RETURN_CONDITIONS));
	const reason =
		decision === 'reject'
			? oneOf(this, i, 'Rejection Reason', itemParameter(this, 'rejectionReason', i, ''), valuesOf(REJECTION_REASONS))
			: fields.acceptanceReason === undefined || fields.acceptanceReason === ''
				? undefined
				: oneOf(this, i, 'Acceptance Reason', fields.acceptanceReason, valuesOf(ACCEPTANCE_REASONS));
	return {
		itemIndex: i,
		mode,
		entries: ids.map((positionItemId) => ({ itemIndex: i, positionItemId, salesOrderId, condition, reason })),
	};
}

/** An entry whose outcome OTTO is asked about after all requests: what failed, and OTTO's words. */
interface Open {
	entry: Entry;
	/** Set for ambiguous failures: "OTTO answered 503 to POST …" / "the answer … was lost". */
	what?: string;
	message: string;
	description?: string;
}

/**
 * Accept or Reject as a bulk operation: every input item's position items, in as few requests as OTTO allows
 * ("Combine All Items") or one request per input item; OTTO's answer is split back per position item.
 *
 * A decision is never sent twice. When a request fails ambiguously (5xx, lost answer) or a 207 leaves an
 * item unconfirmed, and when OTTO refuses items (207 error entries, 409, 422: e.g. a re-run of items already
 * decided), OTTO's returns lists are read once after all requests (see `./reconcile`): an item that is in
 * the decision's status succeeds with `outcome` 'applied' (ambiguous failure) or 'alreadyDone' (refused);
 * an ambiguous item still ANNOUNCED fails with "Not applied: …"; one decided the other way fails saying so;
 * anything else fails with "Unknown whether OTTO applied it: …" or, when refused, with OTTO's own reason.
 */
export function decide(decision: Decision) {
	return async function (this: IExecuteFunctions, items: INodeExecutionData[], run: BulkRun): Promise<BulkResult[]> {
		const plans: ItemPlan[] = items.map((_, i) => {
			try {
				return readItem.call(this, decision, i);
			} catch (error) {
				return { itemIndex: i, mode: 'perItem', entries: [], error: errorOf(error) };
			}
		});

		const invalid = plans.filter((p) => p.error);
		if (invalid.length > 0 && !run.continueOnFail) {
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
		const ambiguous: Open[] = [];
		const refused: Open[] = [];
		let firstAmbiguousAt = Infinity;
		const succeeded = (entry: Entry, record: IDataObject | undefined, extra: IDataObject = {}): BulkResult => ({
			itemIndex: entry.itemIndex,
			json: {
				...(record ?? {}),
				positionItemId: entry.positionItemId,
				salesOrderId: entry.salesOrderId,
				status: NEW_STATUS[decision],
				...(entry.condition ? { condition: entry.condition } : {}),
				...(entry.reason ? { reason: entry.reason } : {}),
				...extra,
			},
		});

		const concurrency = isVersion1(this) ? 1 : readBulkOptions(this, 0, MAX_POSITION_ITEMS_PER_REQUEST).concurrency;
		const send = async (entries: Entry[], itemIndex?: number) => {
			const chunks = await sendChunks(
				this,
				entries,
				MAX_POSITION_ITEMS_PER_REQUEST,
				async function (this: OttoContext, batch) {
					const body = {
						positionItems: batch.entries.map((e) => ({
							positionItemId: e.positionItemId,
							salesOrderId: e.salesOrderId,
							...(e.condition ? { condition: e.condition } : {}),
							...(e.reason ? { reason: e.reason } : {}),
						})),
					};
					return await ottoRequest.call(this, { method: 'POST', path: PATH[decision], body, itemIndex });
				},
				undefined,
				concurrency,
			);
			for (const { entries: sent, sentAt, outcome } of chunks) {
				if (outcome.error) {
					const error = outcome.error;
					if (failureKind(error) === 'ambiguous') {
						// OTTO may have applied any part of it: asked below, never sent again.
						firstAmbiguousAt = Math.min(firstAmbiguousAt, sentAt);
						const what = failureSummary(error);
						for (const entry of sent) {
							ambiguous.push({ entry, what, message: error.message, description: error.description ?? undefined });
						}
						continue;
					}
					const failures = splitDecisionFailure(sent, error);
					const status = statusOf(error);
					sent.forEach((entry, k) => {
						// 409/422: OTTO refused items, e.g. because they are already decided: asked below.
						if (status === 409 || status === 422) refused.push({ entry, ...failures[k] });
						else outcomes.set(entry, { itemIndex: entry.itemIndex, error: failures[k] });
					});
					continue;
				}
				const { status, body } = outcome.result;
				const split = splitDecisionAnswer(sent, status, body);
				sent.forEach((entry, k) => {
					const result = split[k];
					if (result.ok) {
						outcomes.set(entry, succeeded(entry, result.result));
						return;
					}
					const open: Open = { entry, message: result.message, ...(result.description ? { description: result.description } : {}) };
					if (result.unconfirmed) {
						firstAmbiguousAt = Math.min(firstAmbiguousAt, sentAt);
						ambiguous.push({ ...open, what: `OTTO's multi-status answer (207) did not say what became of position item ${entry.positionItemId}` });
					} else refused.push(open);
				});
			}
		};

		// all "Combine All Items" items together, in chunks of OTTO's maximum; every other item alone
		const combines = new Set(plans.filter((p) => !p.error && p.mode === 'combine').map((p) => p.itemIndex));
		// One request cannot say which of two equal position items an answer is about: a position item given
		// again is sent once, as the last input item gives it, and each input item that had it gets the result.
		const { unique, sentAs } = lastPerKey(
			plans.filter((p) => !p.error).flatMap((p) => p.entries),
			(e) => (combines.has(e.itemIndex) ? e.positionItemId : undefined),
		);
		for (const group of requestGroups(unique, (e) => combines.has(e.itemIndex))) {
			await send(group, combines.has(group[0].itemIndex) ? undefined : group[0].itemIndex);
		}

		if (ambiguous.length > 0 || refused.length > 0) {
			const checked = await checkReturns(
				this,
				decision,
				ambiguous.map((o) => o.entry),
				refused.map((o) => o.entry),
				Number.isFinite(firstAmbiguousAt) ? firstAmbiguousAt : Date.now(),
			);
			ambiguous.forEach((open, k) => outcomes.set(open.entry, afterAmbiguous(decision, open, checked.ambiguous[k], succeeded)));
			refused.forEach((open, k) => outcomes.set(open.entry, afterRefusal(decision, open, checked.refused[k], succeeded)));
		}

		return plans.flatMap((plan): BulkResult[] =>
			plan.error
				? [{ itemIndex: plan.itemIndex, error: plan.error }]
				: plan.entries.map(
						(entry) =>
							outcomes.get(entry) ??
							resultAs(outcomes.get(sentAs.get(entry)!), entry.itemIndex) ?? {
								itemIndex: entry.itemIndex,
								error: { message: `Position item ${entry.positionItemId} was not sent to OTTO` },
							},
					),
		);
	};
}

type Succeeded = (entry: Entry, record: IDataObject | undefined, extra?: IDataObject) => BulkResult;

const lines = (...parts: Array<string | undefined>) => parts.filter(Boolean).join('\n') || undefined;

/** An item whose request failed ambiguously: applied, not applied, or unknown, as OTTO's lists show it. */
function afterAmbiguous(decision: Decision, open: Open, verdict: ReturnVerdict, succeeded: Succeeded): BulkResult {
	const { entry } = open;
	if (verdict.state === 'applied') {
		return succeeded(entry, verdict.record, {
			outcome: 'applied',
			outcomeNote: `Applied at OTTO although ${open.what}: ${verdict.evidence}`,
		});
	}
	if (verdict.state === 'notApplied') {
		// OTTO's Returns documentation: an accepted return cannot be rejected afterwards, a rejected one can still be accepted.
		const next = verdict.otherWay
			? decision === 'accept'
				? 'OTTO lets you accept a rejected return, so it is safe to send again.'
				: 'An accepted return cannot be rejected.'
			: 'It is safe to send again.';
		return {
			itemIndex: entry.itemIndex,
			error: {
				message: `Not applied: ${open.message}`,
				description: lines(open.description, `OTTO did not ${VERB[decision].doing} it (${verdict.evidence}). ${next}`),
			},
		};
	}
	return {
		itemIndex: entry.itemIndex,
		error: {
			message: `Unknown whether OTTO applied it: ${open.message}`,
			description: lines(
				open.description,
				`${open.what}, and whether position item ${entry.positionItemId} was ${VERB[decision].done} could not be confirmed (${verdict.evidence}). ` +
					'Check it with Return → Get Many before sending it again.',
			),
		},
	};
}

/** An item OTTO refused: already decided this way (done), decided the other way, or OTTO's reason stands. */
function afterRefusal(decision: Decision, open: Open, verdict: ReturnVerdict, succeeded: Succeeded): BulkResult {
	const { entry } = open;
	if (verdict.state === 'applied') {
		return succeeded(entry, verdict.record, {
			outcome: 'alreadyDone',
			outcomeNote: `Already done at OTTO: ${verdict.evidence}. OTTO refused to ${VERB[decision].doing} it again: ${open.message}`,
		});
	}
	if (verdict.state === 'notApplied' && verdict.otherWay) {
		return {
			itemIndex: entry.itemIndex,
			error: {
				message: `Position item ${entry.positionItemId} was not ${VERB[decision].done}: its return is already ${verdict.otherWay.status} at OTTO`,
				description: lines(open.message, open.description, `Checked at OTTO: ${verdict.evidence}.`),
			},
		};
	}
	return {
		itemIndex: entry.itemIndex,
		error: { message: open.message, description: lines(open.description, `Checked at OTTO: ${verdict.evidence}.`) },
	};
}
