import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import type { Verdict } from '../reconcile';

/**
 * The check behind Order → Cancel and Cancel Position Items when the cancellation failed ambiguously (5xx,
 * lost answer) or with a 409 (nothing cancellable, e.g. a re-run): one `GET /v4/orders/{salesOrderId}` shows
 * each position item's fulfillmentStatus.
 *
 * - Cancel Position Items: every targeted item CANCELLED_BY_PARTNER → applied; any targeted item still
 *   PROCESSABLE → not applied (OTTO cancels all of them or none); otherwise (e.g. SENT) → unknown.
 * - Cancel (whole order): OTTO cancels every PROCESSABLE item, so any PROCESSABLE item left → not applied;
 *   none left and at least one CANCELLED_BY_PARTNER → applied; otherwise → unknown.
 */

interface OttoPositionItem {
	positionItemId?: string;
	fulfillmentStatus?: string;
	cancellationDate?: string;
}

const CANCELLED = 'CANCELLED_BY_PARTNER';
const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

function describe(items: OttoPositionItem[]): string {
	return items
		.map((p) => `${p.positionItemId ?? '?'} ${p.fulfillmentStatus ?? '?'}${p.cancellationDate ? ` (${p.cancellationDate})` : ''}`)
		.join(', ');
}

/** Whether the cancellation of the order (or of `positionItemIds` only) is in place at OTTO. */
export async function checkCancellation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	salesOrderId: string,
	positionItemIds?: string[],
): Promise<Verdict> {
	const order = ((await ottoRequestBody.call(ctx, { method: 'GET', path: apiPath`/v4/orders/${salesOrderId}`, itemIndex })) ?? {}) as {
		positionItems?: OttoPositionItem[];
	};
	const all = Array.isArray(order.positionItems) ? order.positionItems : [];
	const processable = (list: OttoPositionItem[]) => list.filter((p) => p.fulfillmentStatus === 'PROCESSABLE');
	const cancelled = (list: OttoPositionItem[]) => list.filter((p) => p.fulfillmentStatus === CANCELLED);

	if (positionItemIds) {
		const byId = new Map(all.map((p) => [p.positionItemId, p]));
		const missing = positionItemIds.filter((id) => !byId.has(id));
		if (missing.length) {
			return { state: 'unknown', evidence: `order ${salesOrderId} has no position ${plural(missing.length, 'item')} ${missing.join(', ')}` };
		}
		const targeted = positionItemIds.map((id) => byId.get(id)!);
		if (cancelled(targeted).length === targeted.length) {
			return {
				state: 'applied',
				evidence: `position ${plural(targeted.length, 'item')} ${describe(targeted)} of order ${salesOrderId}`,
			};
		}
		if (processable(targeted).length > 0) {
			return { state: 'notApplied', evidence: `order ${salesOrderId} shows ${describe(targeted)}` };
		}
		return { state: 'unknown', evidence: `order ${salesOrderId} shows ${describe(targeted)}` };
	}

	const open = processable(all);
	if (open.length > 0) {
		return {
			state: 'notApplied',
			evidence: `order ${salesOrderId} still has PROCESSABLE position ${plural(open.length, 'item')} ${open.map((p) => p.positionItemId).join(', ')}`,
		};
	}
	const done = cancelled(all);
	if (done.length > 0) {
		const others = all.filter((p) => p.fulfillmentStatus !== CANCELLED);
		return {
			state: 'applied',
			evidence:
				`order ${salesOrderId} has no PROCESSABLE position item left; ${describe(done)}` +
				(others.length ? `; the others are ${describe(others)}` : ''),
		};
	}
	return { state: 'unknown', evidence: `order ${salesOrderId} has no PROCESSABLE or ${CANCELLED} position item: ${describe(all) || 'none'}` };
}

