import type { IDataObject } from 'n8n-workflow';

/**
 * OTTO's error bodies and multi-status (207) answers, read in one place: the error-body shapes are flattened
 * once (docs/otto-api.md §3.4), answer entries are assigned to the keys sent (SKUs, position items) by one
 * rule, and a 207 answer or a failed request is split back onto those keys (docs/otto-api.md §3.8).
 */

/** One entry of an OTTO error list: `title`, `detail`, `path`, `jsonPath`, `code`, `logref`, … as sent. */
export type OttoErrorEntry = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Every OTTO error-body shape as one flat list of entries (docs/otto-api.md §3.4): an array, `{errors: […]}`,
 * `errors` as one object or nested again (`{errors: {errors: […]}}`), and a problem with `validationErrors`,
 * whose `title` each validation error keeps unless it has its own. Anything else that is an object is itself
 * one entry; texts and numbers are none.
 */
export function flattenOttoErrors(errors: unknown): OttoErrorEntry[] {
	if (Array.isArray(errors)) return errors.flatMap(flattenOttoErrors);
	if (!isObject(errors)) return [];
	const nested = errors.errors !== undefined;
	const validation = errors.validationErrors !== undefined && errors.validationErrors !== null;
	if (!nested && !validation) return [errors];
	const title = errors.title;
	return [
		...(nested ? flattenOttoErrors(errors.errors) : []),
		...(validation
			? flattenOttoErrors(errors.validationErrors).map((entry) => (present(entry.title) || !present(title) ? entry : { ...entry, title }))
			: []),
	];
}

const textOf = (value: unknown): string =>
	value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** One entry as a line: "title: detail (path …, field …, code …, logref …)" — OTTO support asks for the logref. */
export function describeErrorEntry(entry: OttoErrorEntry): string {
	const head = [entry.title, entry.detail].filter(present).map(textOf).join(': ');
	const extra = [
		present(entry.path) ? `path ${textOf(entry.path)}` : '',
		present(entry.jsonPath) ? `field ${textOf(entry.jsonPath)}` : '',
		present(entry.code) ? `code ${textOf(entry.code)}` : '',
		present(entry.logref) ? `logref ${textOf(entry.logref)}` : '',
	]
		.filter(Boolean)
		.join(', ');
	const line = head || textOf(entry);
	return extra ? `${line} (${extra})` : line;
}

// ---------------------------------------------------------------------------------------------
// Which sent key an answer entry is about

/** Characters a key is made of: a key is named "as a whole" when no such character touches it. */
const WORD = /[A-Za-z0-9_-]/;

/** Whether `text` names `key` as a whole token (so "AB-1" is not found inside "AB-12"). */
export function mentions(text: string, key: string): boolean {
	if (key === '') return false;
	for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
		const before = at > 0 ? text[at - 1] : '';
		const after = text[at + key.length] ?? '';
		if (!WORD.test(before) && !WORD.test(after)) return true;
	}
	return false;
}

/**
 * The one key a text names as a whole token. When it names several, the longest wins if it contains all the
 * others (keys "A B" and "A" in "sku 'A B' unknown"); otherwise the text is about no single key.
 */
export function namedKey(text: string, keys: readonly string[]): number | undefined {
	const named = keys.map((key, i) => (mentions(text, key) ? i : -1)).filter((i) => i >= 0);
	if (named.length === 0) return undefined;
	const longest = named.reduce((a, b) => (keys[b].length > keys[a].length ? b : a));
	return named.every((i) => keys[longest].includes(keys[i])) ? longest : undefined;
}

/**
 * The list index a JSON path of the request body starts with: `[3]`, `$[3].sku` (a body that is a list) or
 * `positionItems[3]`, `$.positionItems[3].reason` (a body holding one list). A request path ("/v1/…") has none.
 */
export function pathIndex(path: unknown): number | undefined {
	if (typeof path !== 'string') return undefined;
	const indexed = /^\s*\$?(?:\.?[A-Za-z_][A-Za-z0-9_]*)?\[(\d+)\]/.exec(path);
	return indexed ? Number(indexed[1]) : undefined;
}

/** The fields of an entry that hold OTTO's words; codes, logrefs and paths are never searched for a key. */
const WORDS = ['title', 'detail', 'message'] as const;

/**
 * THE rule that assigns an answer entry (an error or a result) to one of the keys sent in the request:
 * 1. its own key field (`sku`, `positionItemId`, …) when it holds a key that was sent;
 * 2. else the list index its `jsonPath` or `path` starts with (`[3]`, `positionItems[3]`), when that many
 *    entries were sent;
 * 3. else the one key its words (title, detail, message) name as a whole token, the longest when one named
 *    key contains the others (see `namedKey`). A key such as "404" is never found in a status code or a logref.
 * Undefined when none of these applies: the entry is about no single key.
 */
export function assignEntry(entry: OttoErrorEntry, keys: readonly string[], keyFields: readonly string[]): number | undefined {
	for (const field of keyFields) {
		const own = entry[field];
		if (typeof own === 'string' || typeof own === 'number') {
			const at = keys.indexOf(String(own));
			if (at >= 0) return at;
		}
	}
	for (const index of [pathIndex(entry.jsonPath), pathIndex(entry.path)]) {
		if (index !== undefined && index < keys.length) return index;
	}
	return namedKey(WORDS.map((field) => textOf(entry[field])).join(' '), keys);
}

/**
 * The same rule for a line of a failed request's description, as the transport writes them:
 * "title: detail (path …, field …, code …, logref …)". The bracket gives the path (step 2), the words
 * before it are searched for a key (step 3); step 1 has no field to read.
 */
export function assignLine(line: string, keys: readonly string[]): number | undefined {
	const bracket = /\s\(((?:path|field|code|logref) [^()]*)\)$/.exec(line);
	const words = bracket ? line.slice(0, bracket.index) : line;
	const entry: OttoErrorEntry = { detail: words };
	for (const part of bracket ? bracket[1].split(', ') : []) {
		const [name, ...rest] = part.split(' ');
		if (name === 'field') entry.jsonPath = rest.join(' ');
		if (name === 'path') entry.path = rest.join(' ');
	}
	return assignEntry(entry, keys, []);
}

// ---------------------------------------------------------------------------------------------
// Splitting an answer or a failure back onto the keys sent

/** What became of one key of a request. `unconfirmed`: a 207 named it nowhere, so OTTO may have applied it. */
export type KeyOutcome =
	| { ok: true; result?: IDataObject }
	| { ok: false; message: string; description?: string; unconfirmed?: true };

/** How one use names its keys and what it tells the user to check. */
export interface SplitWording {
	/** The key's own fields in OTTO's entries, e.g. `['sku']`. */
	keyFields: readonly string[];
	/** A key as the messages name it: `SKU "A-1"`, `position item 3f…`. */
	label: (key: string) => string;
	/** What to check before sending an unconfirmed key again. */
	checkFirst: string;
	/** "a SKU", "an item": in "OTTO error not tied to a SKU". */
	anyKey: string;
	/** Failed request, a key its lines do not name: the message, from the error's own. */
	notDone: (key: string, errorMessage: string) => string;
	/** Failed request without an answer or with a 5xx: OTTO may have applied part of it. */
	maybeApplied: string;
	/** Failed request with a 4xx: OTTO refused all of it. */
	refusedWhole: string;
}

/**
 * Splits OTTO's answer to one multi-status write onto the keys sent (docs/otto-api.md §3.8). Any status but
 * 207: all accepted. 207 `{results, errors}`: a key an error is assigned to failed with OTTO's reason (several
 * reasons: all in the description); a key a result is assigned to is accepted; results assigned to no key are
 * trusted only when they are exactly as many as the keys named nowhere and no error is left unassigned; every
 * other key is unconfirmed — never counted as a success.
 */
export function splitMultiStatusAnswer(keys: readonly string[], status: number, body: unknown, wording: SplitWording): KeyOutcome[] {
	if (status !== 207) return keys.map(() => ({ ok: true }));
	const b = isObject(body) ? body : {};
	const reasons = new Map<number, string[]>();
	const unassigned: string[] = [];
	for (const error of flattenOttoErrors(b.errors)) {
		const at = assignEntry(error, keys, wording.keyFields);
		if (at === undefined) unassigned.push(describeErrorEntry(error));
		else reasons.set(at, [...(reasons.get(at) ?? []), describeErrorEntry(error)]);
	}
	const accepted = new Map<number, IDataObject>();
	const anonymous: IDataObject[] = [];
	for (const result of Array.isArray(b.results) ? b.results : []) {
		if (!isObject(result)) continue;
		const at = assignEntry(result, keys, wording.keyFields);
		if (at === undefined) anonymous.push(result as IDataObject);
		else if (!reasons.has(at)) accepted.set(at, result as IDataObject);
	}
	const open = keys.map((_, i) => i).filter((i) => !reasons.has(i) && !accepted.has(i));
	if (anonymous.length > 0 && anonymous.length === open.length && unassigned.length === 0) {
		open.forEach((i, k) => accepted.set(i, anonymous[k]));
	}
	return keys.map((key, i): KeyOutcome => {
		const own = reasons.get(i);
		if (own) {
			return { ok: false, message: `OTTO rejected ${wording.label(key)}: ${own[0]}`, ...(own.length > 1 ? { description: own.join('\n') } : {}) };
		}
		if (accepted.has(i)) return { ok: true, result: accepted.get(i) };
		return {
			ok: false,
			unconfirmed: true,
			message: `OTTO's multi-status answer (207) neither confirmed nor rejected ${wording.label(key)}`,
			description: [wording.checkFirst, ...unassigned.map((line) => `OTTO error not tied to ${wording.anyKey}: ${line}`)].join('\n'),
		};
	});
}

/** A failed request as the transport throws it (a NodeApiError): message, description lines, HTTP code. */
export interface FailedRequest {
	message: string;
	description?: string | null;
	httpCode?: string | null;
}

/**
 * Splits a failed request onto its keys: all of them failed. Each line of the error's description that
 * `assignLine` ties to a key becomes that key's reason (the first in the message, the others in the
 * description); a key no line is tied to gets the whole error and a note whether OTTO may have applied part
 * of the request (no answer or 5xx) or refused all of it (4xx).
 */
export function splitFailedRequest(keys: readonly string[], error: FailedRequest, wording: SplitWording): Array<{ message: string; description?: string }> {
	const lines = String(error.description ?? '')
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
	const status = Number(error.httpCode ?? 0);
	const note = status === 0 || status >= 500 ? wording.maybeApplied : wording.refusedWhole;
	const owners = lines.map((line) => assignLine(line, keys));
	return keys.map((key, index) => {
		const own = lines.filter((_, k) => owners[k] === index);
		if (own.length > 0) {
			return {
				message: `OTTO rejected ${wording.label(key)}${status ? ` (${status})` : ''}: ${own[0]}`,
				...(own.length > 1 ? { description: own.slice(1).join('\n') } : {}),
			};
		}
		return { message: wording.notDone(key, error.message), description: [note, ...lines].join('\n') };
	});
}
