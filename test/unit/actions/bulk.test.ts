/**
 * The bulk writes' shared core (nodes/OttoMarket/actions/bulk.ts): entry errors, a key sent once per run (last
 * value wins), combined vs one request per item, and chunks that never throw.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { errorOf, isAuthFailure, lastPerKey, requestGroups, resultAs, sendChunks, type RequestFailure } from '../../../nodes/OttoMarket/actions/bulk';

const ctx = {} as IExecuteFunctions;

describe('errorOf', () => {
	it('keeps message and description, drops an empty description, turns anything else into text', () => {
		expect(errorOf({ message: 'OTTO said no', description: 'field sku' })).toEqual({ message: 'OTTO said no', description: 'field sku' });
		expect(errorOf({ message: 'no description', description: null })).toEqual({ message: 'no description' });
		expect(errorOf('plain text')).toEqual({ message: 'plain text' });
	});
});

describe('lastPerKey', () => {
	const entries = [
		{ itemIndex: 0, key: 'A', v: 1 },
		{ itemIndex: 1, key: 'B', v: 2 },
		{ itemIndex: 2, key: undefined, v: 3 },
		{ itemIndex: 3, key: 'A', v: 4 },
		{ itemIndex: 4, key: undefined, v: 5 },
		{ itemIndex: 5, key: 'A', v: 6 },
	];
	it('sends each key once with the last value given; entries without a key are all sent', () => {
		const { unique, sentAs } = lastPerKey(entries, (e) => e.key);
		expect(unique.map((e) => e.v)).toEqual([2, 3, 5, 6]);
		expect([...sentAs].map(([left, kept]) => [left.itemIndex, kept.itemIndex])).toEqual([
			[0, 5],
			[3, 5],
		]);
	});
	it('an entry left out gets the result of the one sent, for its own input item', () => {
		expect(resultAs({ itemIndex: 5, json: { sku: 'A', quantity: 6 } }, 0)).toEqual({ itemIndex: 0, json: { sku: 'A', quantity: 6 } });
		expect(resultAs(undefined, 0)).toBeUndefined();
	});
});

describe('requestGroups', () => {
	const entries = [
		{ itemIndex: 0, k: 'a' },
		{ itemIndex: 1, k: 'b' },
		{ itemIndex: 1, k: 'c' },
		{ itemIndex: 2, k: 'd' },
		{ itemIndex: 3, k: 'e' },
	];
	it('combining entries first, in input order; every other input item on its own', () => {
		const groups = requestGroups(entries, (e) => e.itemIndex !== 1 && e.itemIndex !== 3);
		expect(groups.map((g) => g.map((e) => e.k))).toEqual([['a', 'd'], ['b', 'c'], ['e']]);
	});
	it('all combined, none combined, nothing', () => {
		expect(requestGroups(entries, () => true).map((g) => g.length)).toEqual([5]);
		expect(requestGroups(entries, () => false).map((g) => g.map((e) => e.itemIndex))).toEqual([[0], [1, 1], [2], [3]]);
		expect(requestGroups([], () => true)).toEqual([]);
	});
});

describe('sendChunks', () => {
	it('chunks of the batch size in order; a failed chunk carries its failure, the others are still sent', async () => {
		const sent: number[][] = [];
		const chunks = await sendChunks(ctx, [1, 2, 3, 4, 5], 2, async (batch) => {
			sent.push(batch.entries);
			if (batch.entries.includes(3)) throw Object.assign(new Error('OTTO answered 400'), { httpCode: '400' });
			return batch.entries.reduce((a, b) => a + b, 0);
		});
		expect(sent).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunks.map((c) => c.entries)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunks.map((c) => c.outcome.result)).toEqual([3, undefined, 5]);
		expect((chunks[1].outcome.error as RequestFailure).httpCode).toBe('400');
		expect(chunks.every((c) => typeof c.sentAt === 'number')).toBe(true);
	});
	it('stopAfter: after a 401/403 the later chunks get that failure without being sent', async () => {
		const sent: number[][] = [];
		const chunks = await sendChunks(
			ctx,
			[1, 2, 3, 4, 5, 6],
			2,
			async (batch) => {
				sent.push(batch.entries);
				if (batch.entries.includes(3)) throw Object.assign(new Error('Forbidden'), { httpCode: '403' });
				return 'ok';
			},
			isAuthFailure,
		);
		expect(sent).toEqual([[1, 2], [3, 4]]);
		expect(chunks.map((c) => c.outcome.error?.httpCode ?? c.outcome.result)).toEqual(['ok', '403', '403']);
		expect(isAuthFailure({ message: 'x', httpCode: '401' })).toBe(true);
		expect(isAuthFailure({ message: 'x', httpCode: '500' })).toBe(false);
	});
});
