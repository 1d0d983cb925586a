import type { IDataObject } from 'n8n-workflow';

import { assignEntry, flattenOttoErrors, splitFailedRequest, splitMultiStatusAnswer } from '../transport/multiStatus';
import type { FailedRequest, KeyOutcome, SplitWording } from '../transport/multiStatus';
import { skuProblem } from './productRules';

/** Entries per POST of quantities or delivery information (docs/otto-api.md §3.6; more → 413). */
export const MAX_AVAILABILITY_BATCH = 200;
export const MAX_QUANTITY = 999_999_999;

/** A field of one entry that cannot be sent, with the reason. */
export interface FieldProblem {
	field: string;
	reason: string;
}

export type Parsed<T> = { value: T; problem?: undefined } | { value?: undefined; problem: FieldProblem };

export function parseSku(raw: unknown): Parsed<string> {
	const problem = skuProblem(typeof raw === 'number' ? String(raw) : raw);
	return problem ? { problem: { field: 'SKU', reason: problem } } : { value: String(raw) };
}

/** Stock: a whole number 0–999 999 999, as a number or as digits (CSV and spreadsheet columns are text). */
export function parseQuantity(raw: unknown): Parsed<number> {
	const text = typeof raw === 'string' ? raw.trim() : raw;
	const value = typeof text === 'string' && /^[+-]?\d+$/.test(text) ? Number(text) : text;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_QUANTITY) {
		const shown = raw === undefined || raw === null || raw === '' ? 'nothing' : JSON.stringify(raw);
		return { problem: { field: 'Quantity', reason: `must be a whole number from 0 to 999 999 999, got ${shown}` } };
	}
	return { value };
}

/**
 * Processing time of delivery information: "DEFAULT" (the shipping profile's default) or 1–99 working days,
 * sent as text as OTTO requires.
 */
export function parseProcessingTime(raw: unknown): Parsed<string> {
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	if (text.toUpperCase() === 'DEFAULT') return { value: 'DEFAULT' };
	if (/^\d{1,2}$/.test(text) && Number(text) >= 1) return { value: String(Number(text)) };
	return {
		problem: {
			field: 'Processing Time',
			reason: `must be DEFAULT or a whole number of days from 1 to 99, got ${text === '' ? 'nothing' : JSON.stringify(raw)}`,
		},
	};
}

// ---------------------------------------------------------------------------------------------
// OTTO's answer to one POST, split back onto the SKUs sent in it

export type SkuOutcome = KeyOutcome;

/** How the availability writes name their key, the SKU, in the split messages. */
const SKU_WORDING: SplitWording = {
	keyFields: ['sku'],
	label: (sku) => `SKU "${sku}"`,
	checkFirst: 'Check the SKU with a Get before sending it again.',
	anyKey: 'a SKU',
	notDone: (sku, message) => `SKU "${sku}" was not updated: ${message}`,
	maybeApplied: 'OTTO may have stored part of this request; check the SKU with a Get before sending it again.',
	refusedWhole: 'OTTO rejected the whole request, so this SKU was not updated.',
};

/** The sent SKU an answer entry is about, by the one rule of `assignEntry` (docs/otto-api.md §3.8). */
export function ownerOf(entry: IDataObject, skus: string[]): number | undefined {
	return assignEntry(entry, skus, SKU_WORDING.keyFields);
}

/** OTTO's errors in whatever form they come (docs/otto-api.md §3.4), as one flat list. */
export function errorEntries(errors: unknown): IDataObject[] {
	return flattenOttoErrors(errors) as IDataObject[];
}

/**
 * Splits OTTO's answer to one availability POST onto the SKUs sent. 200/202: all accepted. 207
 * `{results, errors}`: SKUs in `results` are accepted, errors become that SKU's reason; a SKU named by
 * neither is reported as unconfirmed — never counted as a success.
 */
export function splitAvailabilityAnswer(skus: string[], status: number, body: unknown): SkuOutcome[] {
	return splitMultiStatusAnswer(skus, status, body, SKU_WORDING);
}

/**
 * Splits a failed POST (the error the transport threw) onto its SKUs: all of them failed; a line of OTTO's
 * error that names a SKU becomes that SKU's reason. After a 5xx or a lost connection OTTO may have stored some.
 */
export function splitAvailabilityFailure(skus: string[], error: FailedRequest): Array<{ message: string; description?: string }> {
	return splitFailedRequest(skus, error, SKU_WORDING);
}
