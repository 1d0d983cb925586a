/**
 * Pure rules of OTTO's Sponsored Product Ads and SPA Reporting (docs/otto-api.md §4.11). The field models are
 * OTTO's unpublished working model: only what is needed to send a value or to read a decision is assumed here.
 */

export interface Problem {
	field: string;
	reason: string;
}

/** `{amount, currency: "EUR"}` (docs/otto-api.md §3.3: only EUR, at most 2 decimals). */
export interface Money {
	amount: number;
	currency: 'EUR';
}

/** An amount in EUR greater than 0 with at most 2 decimals (a budget, a bid), from a number or a numeric text. */
export function parseAmount(field: string, raw: unknown): { value?: Money; problem?: Problem } {
	const text = typeof raw === 'string' ? raw.trim().replace(',', '.') : raw;
	const amount = typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
	if (typeof amount !== 'number' || !Number.isFinite(amount)) {
		return { problem: { field, reason: `must be an amount in EUR, got ${JSON.stringify(raw ?? null)}` } };
	}
	if (amount <= 0) return { problem: { field, reason: `must be more than 0 EUR, got ${amount}` } };
	if (Math.round(amount * 100) !== Number((amount * 100).toFixed(6))) {
		return { problem: { field, reason: `at most 2 decimals, got ${amount}` } };
	}
	return { value: { amount, currency: 'EUR' } };
}

/** Campaign states (model); targets and keywords know only ACTIVE and PAUSED. */
export const CAMPAIGN_STATUSES = ['ACTIVE', 'PAUSED', 'ARCHIVED'] as const;
export const ENTITY_STATUSES = ['ACTIVE', 'PAUSED'] as const;
export const MATCH_TYPES = ['BROAD', 'EXACT', 'PHRASE'] as const;
export const REPORT_KINDS = ['campaign', 'keyword', 'product'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * A reporting date range: both days or neither (then OTTO reports its default, the last 7 days); `from` not after `to`.
 * Days are `YYYY-MM-DD` texts, so they compare as text.
 */
export function checkDateRange(from: string | undefined, to: string | undefined): Problem | undefined {
	if (!from && !to) return undefined;
	if (!from || !to) {
		return {
			field: from ? 'To Date' : 'From Date',
			reason: 'give both dates or neither (without dates OTTO reports the last 7 days)',
		};
	}
	if (from > to) return { field: 'From Date', reason: `${from} is after "To Date" (${to})` };
	return undefined;
}

// ------------------------------------------------------------------------------------------------
// change requests: every write answers 202 with a requestId that OTTO decides later

export type RequestStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'PARTIALLY_ACCEPTED' | string;

const text = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));

/** The change request's overall status, upper case ('' when OTTO named none). */
export function requestStatusOf(request: unknown): RequestStatus {
	return String((request as Record<string, unknown> | undefined)?.status ?? '').toUpperCase();
}

/** Still undecided: PENDING, or no status yet. */
export function isPending(request: unknown): boolean {
	const status = requestStatusOf(request);
	return status === '' || status === 'PENDING' || status === 'IN_PROGRESS';
}

/** The change request's entities (`entities`, else the first array of objects in it). */
export function entitiesOf(request: unknown): Array<Record<string, unknown>> {
	if (!request || typeof request !== 'object') return [];
	const own = (request as Record<string, unknown>).entities;
	const list = Array.isArray(own) ? own : Object.values(request).find((v) => Array.isArray(v) && v.every((e) => e && typeof e === 'object'));
	return (Array.isArray(list) ? list : []) as Array<Record<string, unknown>>;
}

/** The id an entity of a change request names (`entityId`, else `id`). */
export const entityIdOf = (entity: Record<string, unknown>): string | undefined => text(entity.entityId) ?? text(entity.id);

export interface EntityDecision {
	/** ACCEPTED, REJECTED, or what else OTTO said; undefined when OTTO's answer does not tell. */
	status?: string;
	reason?: string;
	/** OTTO's entry for the entity, untouched, when it has one. */
	entity?: Record<string, unknown>;
}

/**
 * OTTO's decision on one entity of a decided change request: its own entry (by id; the only entry when the request
 * had one entity), else the request's status when that decides all entities alike (ACCEPTED, REJECTED). A partly
 * accepted request that does not name the entity leaves it undecided.
 */
export function entityDecision(request: unknown, entityId: string | undefined, entityCount: number): EntityDecision {
	const entities = entitiesOf(request);
	const own =
		(entityId !== undefined ? entities.find((e) => entityIdOf(e) === entityId) : undefined) ??
		(entityCount === 1 && entities.length === 1 ? entities[0] : undefined);
	const overall = requestStatusOf(request);
	const overallReason = text((request as Record<string, unknown>)?.reason) ?? text((request as Record<string, unknown>)?.message);
	if (own) {
		const status = text(own.status)?.toUpperCase() ?? (overall === 'ACCEPTED' || overall === 'REJECTED' ? overall : undefined);
		return { status, reason: text(own.reason) ?? text(own.message) ?? (status === overall ? overallReason : undefined), entity: own };
	}
	if (overall === 'ACCEPTED' || overall === 'REJECTED') return { status: overall, reason: overallReason };
	return {};
}
