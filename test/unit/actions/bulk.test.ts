/**
 * The bulk writes' shared core (nodes/OttoMarket/actions/bulk.ts): entry errors, keys sent once per combined
 * request, combined vs one request per item, and chunks that never throw.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { errorOf, isAuthFailure, repeatedKeys, requestGroups, sendChunks, type RequestFailure } from '../../../nodes/OttoMarket/actions/bulk';

const ctx = {} as IExecuteFunctions;

describe('errorOf', () => {
	it('keeps message and description, drops an empty description, turns anything else into text', () => {
		expect(errorOf({ message: 'OTTO said no', description: 'field sku' })).toEqual({ message: 'OTTO said no', description: 'field sku' });
		expect(errorOf({ message: 'no description', description: null })).toEqual({ message: 'no description' });
		expect(errorOf('plain text')).toEqual({ message: 'plain text' });
	});
});

describe('repeatedKeys', () => {
	const plans = [
		{ itemIndex: 0, keys: ['A', 'B'] },
		{ itemIndex: 1, keys: ['C'] },
		{ itemIndex: 2, keys: ['B'], alone: true },
		{ itemIndex: 3, keys: ['D', 'A'] },
		{ itemIndex: 4, keys: ['C'], invalid: true },
		{ itemIndex: 5, keys: ['C'] },
	];
	it('names the first repeated key and the input item that had it first; skipped plans take no part', () => {
		const repeated = repeatedKeys(plans, (p) => p.keys, (p) => !!p.alone || !!p.invalid);
		expect([...repeated].map(([plan, info]) => [plan.itemIndex, info])).toEqual([
			[3, { key: 'A', firstItem: 0 }],
			[5, { key: 'C', firstItem: 1 }],
		]);
	});
	it('a plan that repeats a key claims none of its other keys', () => {
		const repeated = repeatedKeys(
			[
				{ itemIndex: 0, keys: ['A'] },
				{ itemIndex: 1, keys: ['X', 'A'] },
				{ itemIndex: 2, keys: ['X'] },
			],
			(p) => p.keys,
			() => false,
		);
		expect([...repeated.keys()].map((p) => p.itemIndex)).toEqual([1]);
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
