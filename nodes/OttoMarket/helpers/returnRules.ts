import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { describeOttoErrorEntry } from '../transport/errors';
import { readItems } from '../transport/pagination';

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

export type EntryOutcome =
	| { ok: true; result?: IDataObject }
	/** `unconfirmed`: the answer named the item neither as done nor as refused, so OTTO may have applied it. */
	| { ok: false; message: string; description?: string; unconfirmed?: true };

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `text` names `id` as a whole token (so id "12" is not found inside "123"). */
function mentions(text: string, id: string): boolean {
	return new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(id)}($|[^A-Za-z0-9_-])`).test(text);
}

function textOf(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** OTTO's error list in whatever nesting it arrives (array, `{errors: […]}`, problem `validationErrors`). */
function errorList(errors: unknown): IDataObject[] {
	if (Array.isArray(errors)) return errors.flatMap((e) => (e && typeof e === 'object' ? [e as IDataObject] : []));
	if (errors && typeof errors === 'object') {
		const e = errors as IDataObject;
		if (e.errors !== undefined) return errorList(e.errors);
		if (Array.isArray(e.validationErrors)) return errorList(e.validationErrors);
		return [e];
	}
	return [];
}

/** The position item an answer entry is about: its own field, else the one sent item whose ID it names. */
function owner(entry: IDataObject, sent: DecisionEntry[]): number | undefined {
	const own = entry.positionItemId ?? entry.salesOrderPositionItemId;
	if (typeof own === 'string') {
		const hit = sent.findIndex((s) => s.positionItemId === own);
		if (hit >= 0) return hit;
	}
	const text = Object.values(entry).map(textOf).join(' ');
	const named = sent.map((s, i) => (mentions(text, s.positionItemId) ? i : -1)).filter((i) => i >= 0);
	if (named.length === 1) return named[0];
	// An entry that only points at a list index of the request body, e.g. `$.positionItems[3]`.
	const indexed = /positionItems\[(\d+)\]/.exec(text);
	if (named.length === 0 && indexed && Number(indexed[1]) < sent.length) return Number(indexed[1]);
	return undefined;
}

/**
 * Splits OTTO's answer to one acceptance/rejection request back onto the position items sent in it.
 * 2xx other than 207: all accepted. 207 `{results, errors}`: results are accepted, errors rejected with OTTO's
 * reason; an item named in neither is reported as unconfirmed (`unconfirmed: true`), never silently dropped.
 */
export function splitDecisionAnswer(sent: DecisionEntry[], status: number, body: unknown): EntryOutcome[] {
	if (status !== 207) return sent.map(() => ({ ok: true }));
	const b = body && typeof body === 'object' ? (body as IDataObject) : {};
	const results = readItems(b, 'results');
	const errors = errorList(b.errors);
	const failures = new Map<number, string[]>();
	const unattributed: string[] = [];
	errors.forEach((error) => {
		const at = owner(error, sent);
		if (at === undefined) unattributed.push(describeOttoErrorEntry(error));
		else failures.set(at, [...(failures.get(at) ?? []), describeOttoErrorEntry(error)]);
	});
	const accepted = new Map<number, IDataObject>();
	const anonymous: IDataObject[] = [];
	for (const result of results) {
		const at = owner(result, sent);
		if (at === undefined) anonymous.push(result);
		else accepted.set(at, result);
	}
	// Results that name no item can only be trusted when they account for exactly the items not otherwise named.
	const open = sent.map((_, i) => i).filter((i) => !failures.has(i) && !accepted.has(i));
	if (anonymous.length > 0 && anonymous.length === open.length && unattributed.length === 0) {
		open.forEach((i, k) => accepted.set(i, anonymous[k]));
	}
	return sent.map((entry, i): EntryOutcome => {
		const reasons = failures.get(i);
		if (reasons) {
			return {
				ok: false,
				message: `OTTO rejected position item ${entry.positionItemId}: ${reasons[0]}`,
				description: reasons.length > 1 ? reasons.join('\n') : undefined,
			};
		}
		if (accepted.has(i)) return { ok: true, result: accepted.get(i) };
		return {
			ok: false,
			unconfirmed: true,
			message: `OTTO's multi-status answer (207) neither confirmed nor rejected position item ${entry.positionItemId}`,
			description: [
				'Check the return with Return → Get Many before sending it again.',
				...unattributed.map((line) => `OTTO error not tied to an item: ${line}`),
			].join('\n'),
		};
	});
}

/**
 * Splits a failed request (an error the transport threw) onto its position items: every item failed, because
 * OTTO rejects 4xx requests as a whole; lines of the error that name an item become that item's reason.
 */
export function splitDecisionFailure(
	sent: DecisionEntry[],
	error: { message: string; description?: string | null; httpCode?: string | null },
): Array<{ message: string; description?: string }> {
	const lines = String(error.description ?? '')
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	const status = Number(error.httpCode ?? 0);
	const uncertain = status === 0 || status >= 500;
	const note = uncertain
		? 'OTTO may have processed part of this request; check the return with Return → Get Many before sending it again.'
		: 'OTTO rejected the whole request, so this position item was not processed.';
	return sent.map((entry, index) => {
		const own = lines.filter((line) => mentions(line, entry.positionItemId) || line.includes(`positionItems[${index}]`));
		if (own.length > 0) {
			return {
				message: `OTTO rejected position item ${entry.positionItemId}${status ? ` (${status})` : ''}: ${own[0]}`,
				...(own.length > 1 ? { description: own.slice(1).join('\n') } : {}),
			};
		}
		return { message: error.message, description: [note, ...lines].join('\n') };
	});
}

