/** Amounts, date ranges and change-request decisions of the advertising resources (docs/otto-api.md §4.11). */
import { checkDateRange, entityDecision, isPending, parseAmount } from '../../../nodes/OttoMarket/helpers/adRules';

test('amounts: positive EUR with at most 2 decimals, numbers or numeric text', () => {
	expect(parseAmount('Bid', 0.35)).toEqual({ value: { amount: 0.35, currency: 'EUR' } });
	expect(parseAmount('Bid', '1,20')).toEqual({ value: { amount: 1.2, currency: 'EUR' } });
	expect(parseAmount('Daily Budget', -5).problem).toEqual({ field: 'Daily Budget', reason: 'must be more than 0 EUR, got -5' });
	expect(parseAmount('Bid', 0).problem?.reason).toBe('must be more than 0 EUR, got 0');
	expect(parseAmount('Bid', 1.234).problem?.reason).toBe('at most 2 decimals, got 1.234');
	expect(parseAmount('Bid', 'abc').problem?.reason).toBe('must be an amount in EUR, got "abc"');
});

test('date ranges: both or neither, in order', () => {
	expect(checkDateRange(undefined, undefined)).toBeUndefined();
	expect(checkDateRange('2026-01-01', '2026-01-31')).toBeUndefined();
	expect(checkDateRange('2026-01-01', undefined)?.field).toBe('To Date');
	expect(checkDateRange(undefined, '2026-01-31')?.field).toBe('From Date');
	expect(checkDateRange('2026-02-01', '2026-01-31')?.reason).toBe('2026-02-01 is after "To Date" (2026-01-31)');
});

describe('entityDecision', () => {
	const request = {
		requestId: 'r-1',
		status: 'PARTIALLY_ACCEPTED',
		entities: [
			{ entityId: 't-1', entityType: 'TARGET', status: 'ACCEPTED' },
			{ entityId: 't-2', entityType: 'TARGET', status: 'REJECTED', reason: 'SKU not online' },
		],
	};

	test('each entity by its own entry, passed on untouched', () => {
		expect(entityDecision(request, 't-1', 2)).toEqual({ status: 'ACCEPTED', reason: undefined, entity: request.entities[0] });
		expect(entityDecision(request, 't-2', 2)).toMatchObject({ status: 'REJECTED', reason: 'SKU not online' });
	});

	test('an entity the request does not name: the overall status when it decides all alike, else undecided', () => {
		expect(entityDecision(request, 't-3', 2)).toEqual({});
		expect(entityDecision({ status: 'ACCEPTED', entities: [] }, 'k-1', 3)).toEqual({ status: 'ACCEPTED', reason: undefined });
		expect(entityDecision({ status: 'REJECTED', reason: 'budget too low' }, 'c-1', 1)).toEqual({ status: 'REJECTED', reason: 'budget too low' });
		// one entity written, one entity decided: that is its decision, whatever id OTTO gave it
		expect(entityDecision({ status: 'REJECTED', entities: [{ entityId: 'x', status: 'REJECTED', reason: 'no' }] }, undefined, 1)).toMatchObject({
			status: 'REJECTED',
			reason: 'no',
		});
	});

	test('pending until OTTO names another status', () => {
		expect(isPending({ status: 'PENDING' })).toBe(true);
		expect(isPending({})).toBe(true);
		expect(isPending({ status: 'ACCEPTED' })).toBe(false);
		expect(isPending({ status: 'PARTIALLY_ACCEPTED' })).toBe(false);
	});
});
