import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** An error about one input item's parameter: names the field and the reason; nothing was sent. */
export function invalidParameter(ctx: IExecuteFunctions, itemIndex: number, field: string, reason: string) {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field}": ${reason}`, {
		itemIndex,
		description: 'Nothing was sent to OTTO for this item.',
	});
}

/** A date-time parameter (ISO string, Luxon DateTime or JS Date) as an ISO-8601 UTC string. */
export function toIsoDateTime(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let date: Date | undefined;
	if (value instanceof Date) date = value;
	else if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		date = new Date(String((value as { toISO: () => string }).toISO()));
	} else if (typeof value === 'string' || typeof value === 'number') {
		date = new Date(value);
	}
	if (!date || Number.isNaN(date.getTime())) {
		throw invalidParameter(ctx, itemIndex, field, `"${String(value)}" is not a date-time (use ISO 8601, e.g. 2026-01-31T08:00:00Z)`);
	}
	return date.toISOString();
}

/**
 * A date parameter as a UTC day `yyyy-mm-dd` (receipts, advertising). A date (or a date-time without zone, as n8n's
 * date picker gives) keeps its calendar day; an instant with a zone is taken in UTC.
 */
export function toUtcDay(ctx: IExecuteFunctions, i: number, field: string, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') {
		const local = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(value.trim());
		if (local) {
			const day = local[1];
			const check = new Date(`${day}T00:00:00Z`);
			if (!Number.isNaN(check.getTime()) && check.toISOString().startsWith(day)) return day;
			throw invalidParameter(ctx, i, field, `"${value}" is not a date (use yyyy-mm-dd)`);
		}
	}
	return (toIsoDateTime(ctx, i, field, value) as string).slice(0, 10);
}

export function requireString(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!text) throw invalidParameter(ctx, itemIndex, field, 'a value is required');
	return text;
}

export function oneOf<T extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	const text = String(value);
	if (!allowed.includes(text as T)) {
		throw invalidParameter(ctx, itemIndex, field, `"${text}" is not one of ${allowed.join(', ')}`);
	}
	return text as T;
}

/** "Return All" / "Limit" of a Get Many: undefined = every entry, else the number asked for. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}

/** Whether a raw parameter value holds an expression anywhere (an n8n expression is a string starting with "="). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** `={{ $json.a.b }}`, `={{ $json["a b"] }}`: an expression that only names a field of the input item. */
const FIELD_EXPRESSION = /^=\{\{\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const FIELD_SEGMENT = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

/** The field path of an expression like `={{ $json.sku }}`, or undefined for any other value. */
export function fieldPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = FIELD_EXPRESSION.exec(raw);
	if (!match) return undefined;
	const path: string[] = [];
	for (const segment of match[1].matchAll(FIELD_SEGMENT)) path.push(segment[1] ?? segment[2] ?? segment[3]);
	return path;
}

type ParameterReader = (itemIndex: number) => unknown;
const readers = new WeakMap<IExecuteFunctions, Map<string, ParameterReader>>();

function ownProperty(value: unknown, key: string): unknown {
	return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)
		? (value as Record<string, unknown>)[key]
		: undefined;
}

function makeReader(ctx: IExecuteFunctions, name: string, fallback: unknown): ParameterReader {
	const raw = (ctx.getNode().parameters ?? {})[name];
	if (!hasExpression(raw)) {
		// The same value for every item: read (and let n8n apply its defaults) once.
		let value: unknown;
		let read = false;
		return (itemIndex) => {
			if (!read) {
				value = ctx.getNodeParameter(name, itemIndex, fallback);
				read = true;
			}
			return value;
		};
	}
	const path = fieldPathOf(raw);
	if (path) {
		// A plain field reference: the item's own value, as n8n's expression would return it, without
		// starting the expression engine for every item.
		const items = ctx.getInputData();
		return (itemIndex) => path.reduce<unknown>((value, key) => ownProperty(value, key), items[itemIndex]?.json);
	}
	return (itemIndex) => ctx.getNodeParameter(name, itemIndex, fallback);
}

/**
 * A top-level parameter of one input item, read as cheaply as its value allows: a fixed value once per run,
 * `{{ $json.field }}` straight from the item, any other expression through n8n for each item. For the bulk
 * writes, where thousands of items are read.
 */
export function itemParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	let byName = readers.get(ctx);
	if (!byName) readers.set(ctx, (byName = new Map()));
	let reader = byName.get(name);
	if (!reader) byName.set(name, (reader = makeReader(ctx, name, fallback)));
	return reader(itemIndex);
}
