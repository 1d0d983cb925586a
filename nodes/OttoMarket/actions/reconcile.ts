import type { IDataObject } from 'n8n-workflow';

import { ottoFailureOf } from '../transport/errors';

/**
 * Reconciling writes that OTTO may have applied although the request failed.
 *
 * OTTO has no idempotency keys (its docs name none), so a create or a decision that fails with a 5xx, a
 * timeout or a dropped connection may or may not have taken effect, and repeating it blindly would ship,
 * refund or cancel twice. Instead, the operation asks OTTO with a read that shows the write (the shipment
 * by its tracking key, the return's status, the order's position items, …) and reports every entry as
 * applied, not applied, or unknown. A repeated write that OTTO refuses because it is already done (409:
 * already sent / accepted / cancelled) is checked the same way and reported as already done, with the
 * existing ids, so a workflow can simply run again after a crash.
 *
 * Output of a reconciled entry: the usual result plus `outcome` ('applied' | 'alreadyDone') and
 * `outcomeNote` (what failed and what OTTO showed). Entries that were not applied, or whose state is
 * unknown, fail with a message that says so.
 */

/** What a check read at OTTO: applied (with the ids it found), not applied, or unknown. */
export type Verdict =
	| { state: 'applied'; evidence: string; details?: IDataObject }
	| { state: 'notApplied'; evidence: string }
	| { state: 'unknown'; evidence: string };

export type FailureKind = 'ambiguous' | 'conflict' | 'refused';

/** How a failed write is to be treated: ambiguous (check), a 409 (check for "already done"), or refused. */
export function failureKind(error: unknown): FailureKind {
	const info = ottoFailureOf(error);
	if (!info) return 'refused';
	if (info.ambiguous) return 'ambiguous';
	return info.status === 409 ? 'conflict' : 'refused';
}

/** "OTTO answered 503 Service unavailable" / "the connection was lost before OTTO answered" — for notes. */
export function failureSummary(error: unknown): string {
	const info = ottoFailureOf(error);
	if (!info) return (error as Error)?.message ?? String(error);
	if (info.status === 0) return `the answer to ${info.method} ${info.path} was lost (${info.networkCode ?? 'no response'})`;
	return `OTTO answered ${info.status} to ${info.method} ${info.path}`;
}

export interface Reconciled {
	/** Set when the check found the write done: merge into the entry's result. */
	result?: IDataObject;
	/** Set when the entry failed (not applied, unknown, or refused for another reason). */
	error?: { message: string; description?: string };
}

/**
 * Runs `check` after a failed write and turns its verdict into the entry's result or error. Errors that
 * are neither ambiguous nor a 409 are passed on unchanged (as `error`), without a check. A check that
 * itself fails makes the state unknown.
 */
export async function reconcile(error: unknown, check: () => Promise<Verdict>): Promise<Reconciled> {
	const kind = failureKind(error);
	const { message, description } = error as Error & { description?: string | null };
	const base = { message, description: description ?? undefined };
	if (kind === 'refused') return { error: base };

	let verdict: Verdict;
	try {
		verdict = await check();
	} catch (checkError) {
		verdict = { state: 'unknown', evidence: `the check failed: ${(checkError as Error).message}` };
	}
	const what = failureSummary(error);
	if (verdict.state === 'applied') {
		return {
			result: {
				...verdict.details,
				outcome: kind === 'conflict' ? 'alreadyDone' : 'applied',
				outcomeNote:
					kind === 'conflict'
						? `Already done at OTTO: ${verdict.evidence}`
						: `Applied at OTTO although ${what}: ${verdict.evidence}`,
			},
		};
	}
	if (kind === 'conflict') {
		// A real conflict (not the same write done before): OTTO's own error, with what the check saw.
		return { error: { ...base, description: [description, `Checked at OTTO: ${verdict.evidence}`].filter(Boolean).join('\n') } };
	}
	if (verdict.state === 'notApplied') {
		return {
			error: {
				message: `Not applied: ${message}`,
				description: [description, `OTTO did not apply it (${verdict.evidence}); it is safe to send again.`]
					.filter(Boolean)
					.join('\n'),
			},
		};
	}
	return {
		error: {
			message: `Unknown whether OTTO applied it: ${message}`,
			description: [
				description,
				`${what}, and whether the write took effect could not be confirmed (${verdict.evidence}). Check at OTTO before sending it again.`,
			]
				.filter(Boolean)
				.join('\n'),
		},
	};
}

/** The HTTP status of a failed check request (404 = the thing is not there), or undefined. */
export function statusOf(error: unknown): number | undefined {
	return ottoFailureOf(error)?.status;
}

/** Gives a failed request's error the reconciled message and description (keeping its HTTP code and logref). */
export function withOutcome<E>(error: E, outcome: { message: string; description?: string }): E {
	if (error instanceof Error) {
		error.message = outcome.message;
		(error as Error & { description?: string | null }).description = outcome.description ?? null;
	}
	return error;
}

/** For per-item operations: the reconciled result, or the original transport error with the reconciled text, thrown. */
export function settle(error: unknown, reconciled: Reconciled): IDataObject {
	if (reconciled.result) return reconciled.result;
	throw reconciled.error ? withOutcome(error, reconciled.error) : error;
}
