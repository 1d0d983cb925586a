/** Pieces shared by the Sponsored Product Ads and SPA Reporting route modules (REFERENCE §4.11). */
import { z } from 'zod';
import { apiError } from '../errors';
import type { RouteContext } from '../router';

export const ADS_SCOPE = 'advertising-services';

/** `YYYY-MM-DD` and a real calendar day. */
export function isDateOnly(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const ms = Date.parse(`${value}T00:00:00Z`);
	return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function dateOnly() {
	return z
		.string({ required_error: 'is required', invalid_type_error: 'must be a date string (YYYY-MM-DD)' })
		.refine(isDateOnly, (v) => ({ message: `must be a date (YYYY-MM-DD), got '${v}'` }));
}

/** Whole days from `from` to `to` (dates `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function todayUtc(): string {
	return new Date().toISOString().slice(0, 10);
}

/** Enum with OTTO-like messages (`is required` / allowed values). */
export function enumField<T extends string>(values: readonly [T, ...T[]]) {
	return z.enum(values, {
		errorMap: (_issue, ctx) => ({
			message: ctx.data === undefined ? 'is required' : `invalid value '${String(ctx.data)}', allowed values: ${values.join(', ')}`,
		}),
	});
}

/** `Retry-After` value: whole numbers as such, fractions as decimals (`0.05`). */
export function retryAfter(seconds: number): string {
	return String(Math.round(seconds * 1000) / 1000);
}

/** 400 with one OTTO error naming the field (`$.field`). */
export function invalidField(ctx: RouteContext, field: string, detail: string, title = 'Invalid Parameter') {
	return apiError(400, ctx.path, `${field}: ${detail}`, { title, jsonPath: `$.${field}` });
}
