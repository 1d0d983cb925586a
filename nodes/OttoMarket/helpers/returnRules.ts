import type { INodePropertyOptions } from 'n8n-workflow';

import { splitFailedRequest, splitMultiStatusAnswer } from '../transport/multiStatus';
import type { FailedRequest, KeyOutcome, SplitWording } from '../transport/multiStatus';

/** Return `condition` (docs/otto-api.md §5): one letter. */
export const RETURN_CONDITIONS: INodePropertyOptions[] = [
	{ name: 'A – Original Packaging', value: 'A', description: 'Unused, in its original packaging' },
	{ name: 'B – As New', value: 'B', description: 'Unused or as new, packaging opened or missing' },
	{ name: 'C – Slightly Used', value: 'C' },
	{ name: 'D – Heavily Used', value: 'D' },
	{ name: 'E – Mistake or Incomplete', value: 'E', description: 'Wrong item, damaged or parts missing' },
];

/** Returns v3 acceptance `reason` values (docs/otto-api.md §5). */
export const ACCEPTANCE_REASONS: INodePropertyOptions[] = [
	{ name: 'Cancel Request by Customer', value: 'CANCEL_REQUEST_BY_CUSTOMER' },
	{ name: 'Complaint', value: 'COMPLAINT' },
	{ name: 'Refund After Affidavit', value: 'REFUND_AFTER_AFFIDAVIT' },
	{ name: 'Return Lost', value: 'RETURN_LOST' },
	{ name: 'Return Received', value: 'RETURN_RECEIVED', description: 'The returned item arrived (the usual case)' },
	{ name: 'Shipment Lost', value: 'SHIPMENT_LOST' },
	{ name: 'Status Sent by Accident', value: 'STATUS_SENT_BY_ACCIDENT' },
	{ name: 'Undeliverable', value: 'UNDELIVERABLE' },
];

/** Returns v3 rejection `reason` values (docs/otto-api.md §5). */
export const REJECTION_REASONS: INodePropertyOptions[] = [
	{ name: 'Damage to the Hygiene Seal', value: 'DAMAGE_TO_THE_HYGIENE_SEAL' },
	{ name: 'Exchange', value: 'EXCHANGE' },
	{ name: 'Item Damaged', value: 'ITEM_DAMAGED' },
	{ name: 'Item Not in the Parcel', value: 'ITEM_NOT_IN_THE_PARCEL' },
	{ name: 'Return Period Exceeded', value: 'RETURN_PERIOD_EXCEEDED' },
	{ name: 'Third-Party Item', value: 'THIRD_PARTY_ITEM' },
	{ name: 'Wrong Item', value: 'WRONG_ITEM' },
];

export const valuesOf = (options: INodePropertyOptions[]) => options.map((o) => String(o.value));

/**
 * Position item IDs given as a list (expression) or as one comma/whitespace separated text, trimmed,
 * without empties and duplicates, in the order given.
 */
export function parseIdList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
	const ids = raw.flatMap((v) => String(v).split(/[\s,;]+/)).map((s) => s.trim()).filter((s) => s !== '');
	return [...new Set(ids)];
}

// ---------------------------------------------------------------------------------------------
// Multi-status answers (207) of POST /v3/returns/acceptance and /rejection

export interface DecisionEntry {
	positionItemId: string;
	salesOrderId: string;
}

export type EntryOutcome = KeyOutcome;

/** How the return decisions name their key, the position item, in the split messages. */
const POSITION_ITEM_WORDING: SplitWording = {
	keyFields: ['positionItemId', 'salesOrderPositionItemId'],
	label: (id) => `position item ${id}`,
	checkFirst: 'Check the return with Return → Get Many before sending it again.',
	anyKey: 'an item',
	notDone: (_id, message) => message,
	maybeApplied: 'OTTO may have processed part of this request; check the return with Return → Get Many before sending it again.',
	refusedWhole: 'OTTO rejected the whole request, so this position item was not processed.',
};

/**
 * Splits OTTO's answer to one acceptance/rejection request back onto the position items sent in it.
 * 2xx other than 207: all accepted. 207 `{results, errors}`: results are accepted, errors rejected with OTTO's
 * reason; an item named in neither is reported as unconfirmed (`unconfirmed: true`), never silently dropped.
 */
export function splitDecisionAnswer(sent: DecisionEntry[], status: number, body: unknown): EntryOutcome[] {
	return splitMultiStatusAnswer(
		sent.map((s) => s.positionItemId),
		status,
		body,
		POSITION_ITEM_WORDING,
	);
}

/**
 * Splits a failed request (an error the transport threw) onto its position items: every item failed, because
 * OTTO rejects 4xx requests as a whole; lines of the error that name an item become that item's reason.
 */
export function splitDecisionFailure(sent: DecisionEntry[], error: FailedRequest): Array<{ message: string; description?: string }> {
	return splitFailedRequest(
		sent.map((s) => s.positionItemId),
		error,
		POSITION_ITEM_WORDING,
	);
}
