/**
 * zod helpers for query/body validation. Failures become OTTO-shaped 400 responses:
 * `{errors:[{path,title:"Invalid Parameter",code:"400",detail,jsonPath:"$.limit",logref}]}`
 * (or the problem style for interfaces that use it).
 */
import { z } from 'zod';
import { ApiError, errorsBody, problemBody, type ErrorStyle } from './errors';

export type QueryRecord = Record<string, string | string[]>;

function first(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

function all(value: unknown): unknown {
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

/** Optional single string parameter (repeated values: first wins). Empty string counts as absent. */
export function qString(options: { max?: number } = {}) {
	return z.preprocess(
		(v) => {
			const f = first(v);
			return f === '' ? undefined : f;
		},
		options.max !== undefined
			? z.string().max(options.max, `must be at most ${options.max} characters`).optional()
			: z.string().optional(),
	);
}

/** Required single string parameter. */
export function qRequiredString() {
	return z.preprocess(
		(v) => {
			const f = first(v);
			return f === '' ? undefined : f;
		},
		z.string({ required_error: 'is required' }),
	);
}

/** Integer parameter with bounds and a default. */
export function qInt(min: number, max: number | undefined, def: number) {
	return z.preprocess(first, z.string().optional()).transform((value, ctx): number => {
		if (value === undefined || value === '') return def;
		if (!/^-?\d+$/.test(value.trim())) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be an integer, got '${value}'` });
			return z.NEVER;
		}
		const n = Number(value.trim());
		if (n < min || (max !== undefined && n > max)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message:
					max !== undefined
						? `must be between ${min} and ${max}, got ${n}`
						: `must be greater than or equal to ${min}, got ${n}`,
			});
			return z.NEVER;
		}
		return n;
	});
}

function enumIssue<T extends string>(values: readonly T[], raw: string): string {
	return `invalid value '${raw}', allowed values: ${values.join(', ')}`;
}

/** Single enum value (optionally case-insensitive) with a default. */
export function qEnum<T extends string>(values: readonly T[], def: T, options: { caseInsensitive?: boolean } = {}) {
	return z.preprocess(first, z.string().optional()).transform((value, ctx): T => {
		if (value === undefined || value === '') return def;
		const found = values.find((v) => (options.caseInsensitive ? v.toLowerCase() === value.toLowerCase() : v === value));
		if (!found) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: enumIssue(values, value) });
			return z.NEVER;
		}
		return found;
	});
}

/** Optional single enum value (no default). */
export function qOptionalEnum<T extends string>(values: readonly T[], options: { caseInsensitive?: boolean } = {}) {
	return z.preprocess(first, z.string().optional()).transform((value, ctx): T | undefined => {
		if (value === undefined || value === '') return undefined;
		const found = values.find((v) => (options.caseInsensitive ? v.toLowerCase() === value.toLowerCase() : v === value));
		if (!found) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: enumIssue(values, value) });
			return z.NEVER;
		}
		return found;
	});
}

/** Repeatable enum parameter (`?x=A&x=B`); comma lists are accepted too. */
export function qEnumArray<T extends string>(values: readonly T[], options: { caseInsensitive?: boolean } = {}) {
	return z.preprocess(all, z.array(z.string())).transform((raw, ctx): T[] => {
		const out: T[] = [];
		for (const entry of raw.flatMap((r) => r.split(','))) {
			const value = entry.trim();
			if (value === '') continue;
			const found = values.find((v) => (options.caseInsensitive ? v.toLowerCase() === value.toLowerCase() : v === value));
			if (!found) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: enumIssue(values, value) });
				return z.NEVER;
			}
			if (!out.includes(found)) out.push(found);
		}
		return out;
	});
}

const DATE_TIME_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parses ISO-8601 date or date-time (any offset; no offset = UTC) into a normalised UTC ISO string
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`). A `+` offset that arrived as a space (unencoded query) is repaired.
 */
export function parseIsoDate(raw: string): string | undefined {
	let value = raw.trim();
	value = value.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1');
	const m = DATE_TIME_RE.exec(value);
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s, frac, zone] = m;
	const month = Number(mo);
	const day = Number(d);
	if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
	if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) return undefined;
	let offsetMinutes = 0;
	if (zone && zone.toUpperCase() !== 'Z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
	}
	const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
	const time = Date.UTC(Number(y), month - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
	const check = new Date(Date.UTC(Number(y), month - 1, day));
	if (check.getUTCDate() !== day) return undefined;
	return new Date(time - offsetMinutes * 60_000).toISOString();
}

/** Optional date / date-time parameter → normalised UTC ISO string. */
export function qDateTime(options: { dateOnly?: boolean } = {}) {
	return z.preprocess(first, z.string().optional()).transform((value, ctx): string | undefined => {
		if (value === undefined || value === '') return undefined;
		if (options.dateOnly && !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a date (yyyy-mm-dd), got '${value}'` });
			return z.NEVER;
		}
		const parsed = parseIsoDate(value);
		if (!parsed) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be an ISO-8601 date-time (e.g. 2024-01-10T00:00:00Z), got '${value}'`,
			});
			return z.NEVER;
		}
		return parsed;
	});
}

/** Required date/date-time parameter. */
export function qRequiredDateTime() {
	return z.preprocess(first, z.string({ required_error: 'is required' })).transform((value, ctx): string => {
		const parsed = value.trim() === '' ? undefined : parseIsoDate(value);
		if (!parsed) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message:
					value.trim() === ''
						? 'is required'
						: `must be an ISO-8601 date or date-time (e.g. 2024-01-10 or 2024-01-10T00:00:00Z), got '${value}'`,
			});
			return z.NEVER;
		}
		return parsed;
	});
}

export function jsonPathOf(path: ReadonlyArray<string | number>): string {
	let out = '$';
	for (const seg of path) {
		if (typeof seg === 'number') out += `[${seg}]`;
		else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += `.${seg}`;
		else out += `['${seg}']`;
	}
	return out;
}

function issueField(path: ReadonlyArray<string | number>, fallback: string): string {
	if (path.length === 0) return fallback;
	return path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : seg)).join('.').replace(/\.\[/g, '[');
}

export function zodToApiError(
	error: z.ZodError,
	requestPath: string,
	options: { style?: ErrorStyle; title?: string; root?: string } = {},
): ApiError {
	const title = options.title ?? 'Invalid Parameter';
	const details = error.issues.map((issue) => {
		const field = issueField(issue.path, options.root ?? 'body');
		return { field, detail: `${field}: ${issue.message}`, jsonPath: jsonPathOf(issue.path) };
	});
	if (options.style === 'problem') {
		return new ApiError(
			400,
			problemBody(requestPath, title, 400, details.map((d) => d.detail)),
		);
	}
	return new ApiError(
		400,
		errorsBody(details.map((d) => ({ path: requestPath, title, code: '400', detail: d.detail, jsonPath: d.jsonPath }))),
	);
}

/** Validate the query record against a zod object schema; throws ApiError(400) on failure. */
export function parseQuery<S extends z.ZodTypeAny>(
	schema: S,
	query: QueryRecord,
	requestPath: string,
	style: ErrorStyle = 'errors',
): z.output<S> {
	const result = schema.safeParse(query);
	if (!result.success) throw zodToApiError(result.error, requestPath, { style, title: 'Invalid Parameter' });
	return result.data;
}

/** Validate a JSON body; `bodyError` (unparsable JSON) → 400 as well. */
export function parseBody<S extends z.ZodTypeAny>(
	schema: S,
	body: unknown,
	requestPath: string,
	options: { style?: ErrorStyle; bodyError?: string } = {},
): z.output<S> {
	if (options.bodyError) {
		if (options.style === 'problem') {
			throw new ApiError(400, problemBody(requestPath, 'Invalid Request Body', 400, [options.bodyError]));
		}
		throw new ApiError(
			400,
			errorsBody([{ path: requestPath, title: 'Invalid Request Body', code: '400', detail: options.bodyError }]),
		);
	}
	const result = schema.safeParse(body);
	if (!result.success) {
		throw zodToApiError(result.error, requestPath, { style: options.style, title: 'Invalid Attribute' });
	}
	return result.data;
}
