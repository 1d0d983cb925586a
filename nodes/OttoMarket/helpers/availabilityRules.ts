import type { IDataObject } from 'n8n-workflow';

import { describeOttoErrorEntry } from '../transport/errors';
import { skuProblem } from './productRules';

/** Entries per POST of quantities or delivery information (docs/otto-api.md §3.6; more → 413). */
export const MAX_AVAILABILITY_BATCH = 200;
/** Largest page of the availability lists (docs/otto-api.md §3.6). */
export const AVAILABILITY_PAGE_SIZE = 200;
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

export type SkuOutcome = { ok: true; result?: IDataObject } | { ok: false; message: string; description?: string };

function textOf(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** One OTTO error entry as a line: "title: detail (code …, logref …)" — the logref is what OTTO support asks for. */

const WORD = /[A-Za-z0-9_-]/;

/** Whether `text` names `sku` as a whole (so "AB-1" is not found inside "AB-12"). */
function mentions(text: string, sku: string): boolean {
	for (let at = text.indexOf(sku); at >= 0; at = text.indexOf(sku, at + 1)) {
		const before = at > 0 ? text[at - 1] : '';
		const after = text[at + sku.length] ?? '';
		if (!WORD.test(before) && !WORD.test(after)) return true;
	}
	return false;
}

/**
 * The sent SKU an answer entry is about: its own `sku` field, else a list index in its path (`[3]`), else the
 * one SKU its text names (the longest when one named SKU contains another, e.g. "A B" and "A").
 */
export function ownerOf(entry: IDataObject, skus: string[]): number | undefined {
	if (typeof entry.sku === 'string') {
		const own = skus.indexOf(entry.sku);
		if (own >= 0) return own;
	}
	const where = `${textOf(entry.jsonPath)} ${textOf(entry.path)}`;
	const indexed = /^\$?\[(\d+)\]|\s\$?\[(\d+)\]/.exec(where);
	const index = indexed ? Number(indexed[1] ?? indexed[2]) : undefined;
	if (index !== undefined && index < skus.length) return index;
	// Only OTTO's words count: a SKU like "404" must not be found in a status code or a logref.
	return namedSku(`${textOf(entry.detail)} ${textOf(entry.message)}`, skus);
}

/** The one SKU a text names; the longest when one named SKU contains another (e.g. "A B" and "A"). */
function namedSku(text: string, skus: string[]): number | undefined {
	const named = skus.map((sku, i) => (mentions(text, sku) ? i : -1)).filter((i) => i >= 0);
	if (named.length === 0) return undefined;
	const longest = named.reduce((a, b) => (skus[b].length > skus[a].length ? b : a));
	return named.every((i) => skus[longest].includes(skus[i])) ? longest : undefined;
}

/** OTTO's errors in whatever form they come: an array, `{errors: […]}` or a problem with `validationErrors`. */
export function errorEntries(errors: unknown): IDataObject[] {
	if (Array.isArray(errors)) return errors.flatMap((e) => (e && typeof e === 'object' ? [e as IDataObject] : []));
	if (errors && typeof errors === 'object') {
		const e = errors as IDataObject;
		if (e.errors !== undefined) return errorEntries(e.errors);
		if (Array.isArray(e.validationErrors)) {
			return errorEntries(e.validationErrors).map((v) => ({ ...(e.title && !v.title ? { title: e.title } : {}), ...v }));
		}
		return [e];
	}
	return [];
}

/**
 * Splits OTTO's answer to one availability POST onto the SKUs sent. 200/202: all accepted. 207
 * `{results, errors}`: SKUs in `results` are accepted, errors become that SKU's reason; a SKU named by
 * neither is reported as unconfirmed — never counted as a success.
 */
export function splitAvailabilityAnswer(skus: string[], status: number, body: unknown): SkuOutcome[] {
	if (status !== 207) return skus.map(() => ({ ok: true }));
	const b = body && typeof body === 'object' ? (body as IDataObject) : {};
	const reasons = new Map<number, string[]>();
	const unattributed: string[] = [];
	for (const error of errorEntries(b.errors)) {
		const at = ownerOf(error, skus);
		if (at === undefined) unattributed.push(describeOttoErrorEntry(error));
		else reasons.set(at, [...(reasons.get(at) ?? []), describeOttoErrorEntry(error)]);
	}
	const accepted = new Map<number, IDataObject>();
	const anonymous: IDataObject[] = [];
	const results = Array.isArray(b.results) ? (b.results as unknown[]) : [];
	for (const result of results) {
		if (!result || typeof result !== 'object') continue;
		const at = ownerOf(result as IDataObject, skus);
		if (at === undefined) anonymous.push(result as IDataObject);
		else if (!reasons.has(at)) accepted.set(at, result as IDataObject);
	}
	// Results that name no SKU are only trusted when they account for exactly the SKUs named nowhere else.
	const open = skus.map((_, i) => i).filter((i) => !reasons.has(i) && !accepted.has(i));
	if (anonymous.length > 0 && anonymous.length === open.length && unattributed.length === 0) {
		open.forEach((i, k) => accepted.set(i, anonymous[k]));
	}
	return skus.map((sku, i): SkuOutcome => {
		const own = reasons.get(i);
		if (own) {
			return { ok: false, message: `OTTO rejected SKU "${sku}": ${own[0]}`, ...(own.length > 1 ? { description: own.join('\n') } : {}) };
		}
		if (accepted.has(i)) return { ok: true, result: accepted.get(i) };
		return {
			ok: false,
			message: `OTTO's multi-status answer (207) neither confirmed nor rejected SKU "${sku}"`,
			description: ['Check the SKU with a Get before sending it again.', ...unattributed.map((line) => `OTTO error not tied to a SKU: ${line}`)].join(
				'\n',
			),
		};
	});
}

/**
 * Splits a failed POST (the error the transport threw) onto its SKUs: all of them failed; a line of OTTO's
 * error that names a SKU becomes that SKU's reason. After a 5xx or a lost connection OTTO may have stored some.
 */
export function splitAvailabilityFailure(
	skus: string[],
	error: { message: string; description?: string | null; httpCode?: string | null },
): Array<{ message: string; description?: string }> {
	const lines = String(error.description ?? '')
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
	const status = Number(error.httpCode ?? 0);
	const note =
		status === 0 || status >= 500
			? 'OTTO may have stored part of this request; check the SKU with a Get before sending it again.'
			: 'OTTO rejected the whole request, so this SKU was not updated.';
	// A line is "title: detail (field …, code …, logref …)"; the part in brackets never names a SKU.
	const owners = lines.map((line) => {
		const indexed = /\$?\[(\d+)\]/.exec(line);
		if (indexed && Number(indexed[1]) < skus.length) return Number(indexed[1]);
		return namedSku(line.replace(/\s\((?:field|code|logref) [^()]*\)$/, ''), skus);
	});
	return skus.map((sku, index) => {
		const own = lines.filter((_, k) => owners[k] === index);
		if (own.length > 0) {
			return {
				message: `OTTO rejected SKU "${sku}"${status ? ` (${status})` : ''}: ${own[0]}`,
				...(own.length > 1 ? { description: own.slice(1).join('\n') } : {}),
			};
		}
		return { message: `SKU "${sku}" was not updated: ${error.message}`, description: [note, ...lines].join('\n') };
	});
}
