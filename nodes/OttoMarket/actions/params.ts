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
