import type { IDataObject } from 'n8n-workflow';

import type { PartnerOrder, PositionItem, PriceReductionRecord } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

const { sim, helper } = useSimulator();

const applyCalls = () => sim().requests({ path: '/v1/price-reductions', method: 'POST' });
const listCalls = () => sim().requests({ path: '/v1/price-reductions', method: 'GET' });

/** Shipped items that have neither a return nor a price reduction yet. */
function freshSentItems(count: number): Array<{ order: PartnerOrder; item: PositionItem }> {
	const busy = new Set([...sim().data.returns, ...sim().data.priceReductions].map((r) => r.positionItemId));
	const out: Array<{ order: PartnerOrder; item: PositionItem }> = [];
	for (const order of sim().data.orders) {
		for (const item of order.positionItems) {
			if (item.fulfillmentStatus === 'SENT' && !busy.has(item.positionItemId) && item.itemValueGrossPrice.amount > 10) out.push({ order, item });
			if (out.length === count) return out;
		}
	}
	throw new Error('not enough shipped items');
}

const applyParams = {
	resource: 'priceReduction',
	operation: 'apply',
	salesOrderId: '={{ $json.salesOrderId }}',
	positionItemId: '={{ $json.positionItemId }}',
	amount: '={{ $json.amount }}',
};

describe('Price Reduction → Apply', () => {
	test('sends one reduction in EUR; OTTO answers 202, books a partial refund receipt and lists it as INITIATED', async () => {
		const [{ order, item }] = freshSentItems(1);
		const receiptsBefore = sim().data.receipts.length;
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'priceReduction', operation: 'apply', salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, amount: 5.5 }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const [out] = result.output('Otto Market');
		expect(out.json).toEqual(
			expect.objectContaining({
				salesOrderId: order.salesOrderId,
				positionItemId: item.positionItemId,
				priceReduction: { amount: 5.5, currency: 'EUR' },
				status: 'INITIATED',
				logref: expect.any(String),
			}),
		);
		expect(applyCalls()).toHaveLength(1);
		expect(applyCalls()[0].status).toBe(202);
		expect(applyCalls()[0].body).toEqual({
			positionItemId: item.positionItemId,
			salesOrderId: order.salesOrderId,
			priceReduction: { amount: 5.5, currency: 'EUR' },
		});
		const record = sim().data.priceReductions.find((r) => r.positionItemId === item.positionItemId);
		expect(record?.priceReductions.map((p) => p.status)).toEqual(['INITIATED']);
		expect(sim().data.receipts).toHaveLength(receiptsBefore + 1);
		const receipt = sim().data.receipts[sim().data.receipts.length - 1];
		expect(receipt.receiptType).toBe('PARTIAL_REFUND');
		expect(receipt.amountDue.amount).toBe(-5.5);
	});

	test('Continue On Fail: invalid amounts and missing IDs never reach OTTO; good items do, each paired', async () => {
		const [a, b] = freshSentItems(2);
		const ids = (x: { order: PartnerOrder; item: PositionItem }) => ({ salesOrderId: x.order.salesOrderId, positionItemId: x.item.positionItemId });
		const input = [
			{ ...ids(a), amount: 2.25 },
			{ ...ids(b), amount: 0 },
			{ ...ids(b), amount: 1.234 },
			{ ...ids(b), amount: 'twelve' },
			{ ...ids(b), amount: -3 },
			{ salesOrderId: '', positionItemId: b.item.positionItemId, amount: 1 },
			{ ...ids(b), amount: '4.10' },
		];
		const result = await runWorkflow(ottoWorkflow(applyParams, input, { continueOnFail: true }), helper());
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(out[0].json.priceReduction).toEqual({ amount: 2.25, currency: 'EUR' });
		expect(out[1].json.error).toContain('Invalid "Amount": must be a positive number');
		expect(out[2].json.error).toContain('more than 2 decimal places');
		expect(out[3].json.error).toContain('Invalid "Amount"');
		expect(out[4].json.error).toContain('Invalid "Amount"');
		expect(out[5].json.error).toContain('Invalid "Sales Order ID"');
		expect(out[6].json.priceReduction).toEqual({ amount: 4.1, currency: 'EUR' });
		expect(applyCalls().map((c) => (c.body as IDataObject).priceReduction)).toEqual([
			{ amount: 2.25, currency: 'EUR' },
			{ amount: 4.1, currency: 'EUR' },
		]);
	});

	test('a currency other than EUR is refused before sending', async () => {
		const [{ order, item }] = freshSentItems(1);
		const result = await runWorkflow(
			ottoWorkflow({ ...applyParams, currency: '={{ $json.currency }}' }, [
				{ salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, amount: 1, currency: 'USD' },
			]),
			helper(),
		);
		expect(result.error?.message).toContain('Invalid "Currency": "USD" is not one of EUR');
		expect(applyCalls()).toHaveLength(0);
	});

	test('409: more than is left of the invoice, or an item not shipped; readable with OTTO\'s logref', async () => {
		const [{ order, item }] = freshSentItems(1);
		const processable = sim().data.orders[0]; // fixed seed order: one PROCESSABLE item
		const invoice = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice).amount;
		const result = await runWorkflow(
			ottoWorkflow(
				applyParams,
				[
					{ salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, amount: invoice },
					{ salesOrderId: processable.salesOrderId, positionItemId: processable.positionItems[0].positionItemId, amount: 1 },
				],
				{ continueOnFail: true },
			),
			helper(),
		);
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out[0].httpCode).toBe('409');
		expect(out[0].error).toContain('OTTO answered 409 Conflict');
		expect(out[0].error).toContain('must be below the remaining amount');
		expect(out[0].description).toMatch(/logref [0-9a-f-]{36}/);
		expect(out[1].httpCode).toBe('409');
		expect(out[1].error).toContain('is PROCESSABLE');
		expect(sim().data.priceReductions.some((r) => r.positionItemId === item.positionItemId)).toBe(false);

		// Without Continue On Fail the run stops with the same readable error on item 0.
		const failed = await runWorkflow(
			ottoWorkflow(applyParams, [{ salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, amount: invoice + 1 }]),
			helper(),
		);
		expect(failed.error?.message).toContain('OTTO answered 409 Conflict');
		expect(failed.error?.context?.itemIndex).toBe(0);
	});

	test('404 for an unknown position item', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'priceReduction', operation: 'apply', salesOrderId: 'x', positionItemId: 'no-such-item', amount: 1 }),
			helper(),
		);
		expect(result.error?.message).toContain('OTTO answered 404');
		expect(result.error?.message).toContain("Position item 'no-such-item' not found");
	});
});

describe('Price Reduction → Get Many', () => {
	/** Adds `count` reductions so that lists span several pages. */
	function seedReductions(count: number): void {
		const template = sim().data.priceReductions[0];
		for (let k = 0; k < count; k++) {
			const copy = JSON.parse(JSON.stringify(template)) as PriceReductionRecord;
			copy.positionItemId = `${template.positionItemId}-${k}`;
			sim().data.priceReductions.push(copy);
		}
	}

	test('Return All pages through every reduction, 128 per page, across 3 pages', async () => {
		seedReductions(300);
		const total = sim().data.priceReductions.length;
		const result = await runWorkflow(ottoWorkflow({ resource: 'priceReduction', operation: 'getAll', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out).toHaveLength(total);
		expect(new Set(out.map((r) => r.positionItemId)).size).toBe(total);
		expect(listCalls().map((c) => [c.query.page, c.query.limit])).toEqual([
			['1', '128'],
			['2', '128'],
			['3', '128'],
		]);
	});

	test('Limit and the position item filter', async () => {
		seedReductions(40);
		const target = sim().data.priceReductions[1];
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'priceReduction', operation: 'getAll', returnAll: false, limit: '={{ $json.limit }}', filters: { positionItemId: '={{ $json.id }}' } }, [
				{ limit: 20, id: '' },
				{ limit: 5, id: target.positionItemId },
			]),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out.filter((i) => (i.pairedItem as { item: number }).item === 0)).toHaveLength(20);
		const filtered = out.filter((i) => (i.pairedItem as { item: number }).item === 1).map((i) => i.json);
		expect(filtered).toEqual([JSON.parse(JSON.stringify(target))]);
		expect(listCalls().map((c) => [c.query.limit, c.query.positionItemId])).toEqual([
			['20', undefined],
			['5', target.positionItemId],
		]);
	});
});
