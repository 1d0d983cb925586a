import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems, ottoRequestBody } from '../../transport';
import { invalidParameter, oneOf, requireString } from '../params';
import { reconcile, statusOf, withOutcome, type Verdict } from '../reconcile';

const properties: INodeProperties[] = [
	{
		displayName: 'Sales Order ID',
		name: 'salesOrderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2f7d8c5e-3b1a-4c6e-9d0f-1a2b3c4d5e6f',
		description: 'The order of the shipped position item',
	},
	{
		displayName: 'Position Item ID',
		name: 'positionItemId',
		type: 'string',
		required: true,
		default: '',
		description: 'The shipped (not returned) position item whose price is reduced',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		description: 'Gross amount refunded to the customer, at most 2 decimals; must be below what is left of the item\'s invoice amount',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: [{ name: 'Euro (EUR)', value: 'EUR' }],
		default: 'EUR',
		description: 'OTTO accepts euros only',
	},
	{
		displayName: 'Skip If Already Reduced',
		name: 'skipIfAlreadyReduced',
		type: 'boolean',
		default: true,
		description:
			"Whether to look up the item's price reductions first and, when one of this amount is already there (not rejected), report it as already done instead of refunding the customer twice — so a workflow can run again after a crash. Turn off to grant a second reduction of the same amount on purpose.",
	},
];

const displayOptions = { show: { resource: ['priceReduction'], operation: ['apply'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** A positive amount of euros with at most 2 decimals (OTTO's amount format, docs/otto-api.md §3.3). */
function euroAmount(this: IExecuteFunctions, i: number, value: unknown): number {
	const amount =
		typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isFinite(amount) || amount <= 0) {
		throw invalidParameter(this, i, 'Amount', `must be a positive number of euros (e.g. 5.50), got "${String(value)}"`);
	}
	const cents = Math.round(amount * 100);
	if (Math.abs(cents - amount * 100) > 1e-6) {
		throw invalidParameter(this, i, 'Amount', `${String(value)} has more than 2 decimal places`);
	}
	return cents / 100;
}

/** Allowed difference between this machine's clock and OTTO's `creationDateTime`. */
const CLOCK_SKEW_MS = 5 * 60_000;

interface ListedReduction {
	receiptNumber?: string | null;
	priceReduction?: { amount?: number; currency?: string };
	creationDateTime?: string;
	status?: string;
}

const cents = (amount: unknown) => (typeof amount === 'number' ? Math.round(amount * 100) : NaN);

/**
 * Reads the item's price reductions (`GET /v1/price-reductions?positionItemId=…`) and looks for one of the same
 * amount: created since `notBefore` (an ambiguous failure: did our request create it?) or at any time (a 409
 * to a repeated request: is it already there?). REJECTED reductions do not count as done. OTTO keeps no
 * request ID, so a second, intended reduction of the same amount for the same item is only ever taken for a
 * repeat when its request failed: after a 5xx or lost answer when one of that amount was created in the
 * minutes before, or when OTTO refuses it with a 409.
 */
async function checkReduction(
	ctx: IExecuteFunctions,
	i: number,
	positionItemId: string,
	amount: number,
	notBefore?: number,
): Promise<Verdict> {
	// OTTO may answer 404 for an item without any price reduction: an empty list.
	const records = await ottoListItems.call(ctx, ENDPOINTS.priceReductions, { qs: { positionItemId, page: 1 }, itemIndex: i, accept: [404] });
	const listed = records
		.filter((r) => r.positionItemId === undefined || r.positionItemId === positionItemId)
		.flatMap((r) => (Array.isArray(r.priceReductions) ? (r.priceReductions as ListedReduction[]) : []));
	const window = notBefore === undefined ? '' : ` since ${new Date(notBefore).toISOString()}`;
	const created = (p: ListedReduction) => (typeof p.creationDateTime === 'string' ? Date.parse(p.creationDateTime) : NaN);
	const sameAmount = listed.filter((p) => cents(p.priceReduction?.amount) === cents(amount));
	const same = sameAmount
		.filter((p) => notBefore === undefined || created(p) >= notBefore)
		.sort((a, b) => String(b.creationDateTime ?? '').localeCompare(String(a.creationDateTime ?? '')));
	const done = same.find((p) => p.status !== 'REJECTED');
	const what = `a price reduction of ${amount.toFixed(2)} EUR for position item ${positionItemId}`;
	const undated = sameAmount.filter((p) => p.status !== 'REJECTED' && Number.isNaN(created(p)));
	if (!done && notBefore !== undefined && undated.length > 0) {
		return { state: 'unknown', evidence: `OTTO lists ${what} without a readable creation date` };
	}
	if (done) {
		return {
			state: 'applied',
			evidence: `OTTO lists ${what} created ${done.creationDateTime ?? '(no date)'}, status ${done.status ?? 'unknown'}${done.receiptNumber ? `, receipt ${done.receiptNumber}` : ''}`,
			details: {
				status: done.status ?? 'INITIATED',
				...(done.creationDateTime ? { creationDateTime: done.creationDateTime } : {}),
				...(done.receiptNumber ? { receiptNumber: done.receiptNumber } : {}),
			},
		};
	}
	if (same.length > 0) {
		return { state: 'notApplied', evidence: `OTTO lists ${what}${window} only as REJECTED (it failed OTTO's checks)` };
	}
	return { state: 'notApplied', evidence: `OTTO lists no ${what.slice(2)}${window} (${listed.length} reductions of the item in all)` };
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const salesOrderId = requireString(this, i, 'Sales Order ID', this.getNodeParameter('salesOrderId', i, ''));
	const positionItemId = requireString(this, i, 'Position Item ID', this.getNodeParameter('positionItemId', i, ''));
	const amount = euroAmount.call(this, i, this.getNodeParameter('amount', i, 0));
	const currency = oneOf(this, i, 'Currency', this.getNodeParameter('currency', i, 'EUR'), ['EUR']);
	const priceReduction = { amount, currency };
	const output = { salesOrderId, positionItemId, priceReduction };

	// A repeated run must not refund twice: OTTO keeps no request ID and may accept the same reduction again.
	if (this.getNodeParameter('skipIfAlreadyReduced', i, true) as boolean) {
		const existing = await checkReduction(this, i, positionItemId, amount);
		if (existing.state === 'applied') {
			return {
				...output,
				...existing.details,
				outcome: 'alreadyDone',
				outcomeNote: `Already done at OTTO, nothing sent: ${existing.evidence}. Turn off "Skip If Already Reduced" to grant another reduction of this amount.`,
			};
		}
	}
	const sentAt = Date.now();
	let answer: unknown;
	try {
		answer = await ottoRequestBody.call(this, {
			method: 'POST',
			path: '/v1/price-reductions',
			body: { positionItemId, salesOrderId, priceReduction },
			itemIndex: i,
		});
	} catch (error) {
		// Never sent again: after a 5xx or lost answer OTTO is asked whether it created the reduction, after a
		// 409 whether one of this amount is already there (a repeated run).
		const reconciled = await reconcile(error, async () =>
			await checkReduction(this, i, positionItemId, amount, statusOf(error) === 409 ? undefined : sentAt - CLOCK_SKEW_MS),
		);
		if (reconciled.result) return { ...output, status: 'INITIATED', ...reconciled.result };
		throw withOutcome(error, reconciled.error!);
	}
	const results = (answer as IDataObject | undefined)?.results;
	const result = results && typeof results === 'object' && !Array.isArray(results) ? (results as IDataObject) : {};
	return {
		...output,
		// Accepted for processing (202); OTTO books the PARTIAL_REFUND receipt when it is processed.
		status: 'INITIATED',
		...(result.detail || result.title ? { message: String(result.detail ?? result.title) } : {}),
		...(result.logref ? { logref: String(result.logref) } : {}),
	};
}

