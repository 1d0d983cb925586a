/** OTTO error bodies flattened once, answer entries assigned to sent keys by one rule, 207s and failures split. */
import {
	assignEntry,
	assignLine,
	describeErrorEntry,
	flattenOttoErrors,
	mentions,
	namedKey,
	pathIndex,
	splitFailedRequest,
	splitMultiStatusAnswer,
	type SplitWording,
} from '../../../nodes/OttoMarket/transport/multiStatus';
import { parseOttoErrorBody } from '../../../nodes/OttoMarket/transport/errors';
import { errorEntries, ownerOf } from '../../../nodes/OttoMarket/helpers/availabilityRules';

describe('flattenOttoErrors: every error-body shape (docs/otto-api.md §3.4)', () => {
	const a = { title: 'Bad', detail: 'one', logref: 'l1' };
	const b = { title: 'Worse', detail: 'two', logref: 'l2' };

	test('an array', () => {
		expect(flattenOttoErrors([a, b])).toEqual([a, b]);
		expect(flattenOttoErrors([a, 'text', null, 3])).toEqual([a]);
	});

	test('{errors: […]} and errors as one object', () => {
		expect(flattenOttoErrors({ errors: [a, b] })).toEqual([a, b]);
		expect(flattenOttoErrors({ errors: a })).toEqual([a]);
	});

	test('nested errors, as Price Reductions send them', () => {
		expect(flattenOttoErrors({ errors: { errors: [a, b] } })).toEqual([a, b]);
		expect(flattenOttoErrors([{ errors: [a] }, b])).toEqual([a, b]);
	});

	test('a problem with validationErrors: each keeps the problem\'s title unless it has its own', () => {
		const problem = { type: 'http://x', title: 'Validation failed', status: 400, validationErrors: [{ detail: 'd1', logref: 'l1' }, { title: 'Own', detail: 'd2' }] };
		expect(flattenOttoErrors(problem)).toEqual([
			{ title: 'Validation failed', detail: 'd1', logref: 'l1' },
			{ title: 'Own', detail: 'd2' },
		]);
		// the same problem as the `errors` of a 207 answer (delivery information), or inside `errors`
		expect(flattenOttoErrors({ errors: problem })).toEqual(flattenOttoErrors(problem));
	});

	test('a plain entry is itself; nothing else is an entry', () => {
		expect(flattenOttoErrors(a)).toEqual([a]);
		expect(flattenOttoErrors(undefined)).toEqual([]);
		expect(flattenOttoErrors('Bad Request')).toEqual([]);
		expect(flattenOttoErrors({ errors: null })).toEqual([]);
	});

	test('the transport and the availability helper read bodies through the same flattener', () => {
		const problem = { title: 'Validation failed', validationErrors: [{ detail: 'processingTime must be 1-99', logref: 'l3' }] };
		expect(parseOttoErrorBody({ errors: problem })).toEqual([
			{ title: 'Validation failed', detail: 'processingTime must be 1-99', field: undefined, code: undefined, logref: 'l3' },
		]);
		expect(parseOttoErrorBody([a])).toEqual([{ ...a, field: undefined, code: undefined }]);
		expect(errorEntries({ errors: problem })).toEqual(flattenOttoErrors(problem));
	});

	test('an entry as one line', () => {
		expect(describeErrorEntry({ title: 'T', detail: 'D', path: '/v1/x', jsonPath: '$[0]', code: 404, logref: 'l' })).toBe(
			'T: D (path /v1/x, field $[0], code 404, logref l)',
		);
		expect(describeErrorEntry({ detail: 'only' })).toBe('only');
	});
});

describe('assignEntry: the one rule', () => {
	const skus = ['A', 'A B', '404', 'C/1.5'];

	test('1. the entry\'s own key field', () => {
		expect(assignEntry({ sku: 'A B', detail: "sku 'A' unknown", jsonPath: '$[0]' }, skus, ['sku'])).toBe(1);
		expect(assignEntry({ salesOrderPositionItemId: 'p-2' }, ['p-1', 'p-2'], ['positionItemId', 'salesOrderPositionItemId'])).toBe(1);
		// a key field holding a key that was not sent falls through to the next steps
		expect(assignEntry({ sku: 'ZZ', detail: "sku 'A' unknown" }, skus, ['sku'])).toBe(0);
	});

	test('2. the list index its jsonPath or path starts with', () => {
		expect(assignEntry({ path: '$[3].sku', detail: "sku 'A' unknown" }, skus, ['sku'])).toBe(3);
		expect(assignEntry({ jsonPath: '[2]' }, skus, ['sku'])).toBe(2);
		expect(assignEntry({ path: '$.positionItems[1]' }, ['p-1', 'p-2'], ['positionItemId'])).toBe(1);
		expect(assignEntry({ jsonPath: 'positionItems[0].reason' }, ['p-1', 'p-2'], ['positionItemId'])).toBe(0);
		// out of range, or a request path: no index
		expect(assignEntry({ jsonPath: '$[9]' }, skus, ['sku'])).toBeUndefined();
		expect(pathIndex('/v1/availability/quantities')).toBeUndefined();
		expect(pathIndex('$.a.b[2]')).toBeUndefined();
	});

	test('3. the one key its words name as a whole token', () => {
		expect(assignEntry({ title: 'Invalid', detail: "sku 'C/1.5' unknown" }, skus, ['sku'])).toBe(3);
		expect(assignEntry({ message: 'A is sold out' }, skus, ['sku'])).toBe(0);
		expect(assignEntry({ detail: 'item p-12 is not announced' }, ['p-1', 'p-12'], ['positionItemId'])).toBe(1);
		expect(mentions('AB-12 unknown', 'AB-1')).toBe(false);
		expect(mentions("'AB-1' unknown", 'AB-1')).toBe(true);
	});

	test('the tie rule: the longest named key wins only when it contains all the others', () => {
		expect(namedKey("sku 'A B' unknown", skus)).toBe(1);
		expect(namedKey('A and C/1.5 unknown', skus)).toBeUndefined();
		expect(namedKey('nothing here', skus)).toBeUndefined();
	});

	test('a key is never found in a status code, a logref or a path', () => {
		expect(assignEntry({ code: 404, title: 'Unknown', detail: 'not found', logref: '404-x' }, skus, ['sku'])).toBeUndefined();
		expect(assignEntry({ title: 'Bad', path: '/v3/returns/p-1', logref: 'p-2' }, ['p-1', 'p-2'], ['positionItemId'])).toBeUndefined();
		expect(assignLine('Unknown: not found (code 404, logref 404)', skus)).toBeUndefined();
	});

	test('a line of a failed request follows the same rule (path from the bracket, words before it)', () => {
		expect(assignLine('Bad: quantity too large (field $[1].quantity, code 400, logref x)', skus)).toBe(1);
		expect(assignLine("Unknown SKU: sku 'A B' is unknown (code 404, logref l3)", skus)).toBe(1);
		expect(assignLine('Payload Too Large: at most 200 per request (logref x)', skus)).toBeUndefined();
	});

	test('the availability wrapper keeps its signature', () => {
		expect(ownerOf({ sku: 'A' }, skus)).toBe(0);
		expect(ownerOf({ detail: "'404' unknown", code: 404 }, skus)).toBe(2);
	});
});

describe('splitting a 207 answer and a failed request onto the keys', () => {
	const wording: SplitWording = {
		keyFields: ['key'],
		label: (key) => `key ${key}`,
		checkFirst: 'Check it.',
		anyKey: 'a key',
		notDone: (key, message) => `${key}: ${message}`,
		maybeApplied: 'maybe applied',
		refusedWhole: 'refused whole',
	};
	const keys = ['k1', 'k12', 'k3'];

	test('a 207: errors fail their key, results accept theirs, the rest is unconfirmed', () => {
		const split = splitMultiStatusAnswer(keys, 207, {
			results: [{ key: 'k12' }],
			errors: [
				{ title: 'Bad', detail: 'k1 unknown', logref: 'l1' },
				{ title: 'Worse', jsonPath: '$[0]' },
				{ title: 'Free', detail: 'about nothing' },
			],
		}, wording);
		expect(split[0]).toEqual({ ok: false, message: 'OTTO rejected key k1: Bad: k1 unknown (logref l1)', description: 'Bad: k1 unknown (logref l1)\nWorse (field $[0])' });
		expect(split[1]).toEqual({ ok: true, result: { key: 'k12' } });
		expect(split[2]).toEqual({
			ok: false,
			unconfirmed: true,
			message: "OTTO's multi-status answer (207) neither confirmed nor rejected key k3",
			description: 'Check it.\nOTTO error not tied to a key: Free: about nothing',
		});
	});

	test('a 207 whose errors are a problem: the title stays on each reason', () => {
		const split = splitMultiStatusAnswer(['A', 'B'], 207, { results: [{}], errors: { title: 'Validation failed', validationErrors: [{ detail: "'B' unknown" }] } }, wording);
		expect(split).toEqual([{ ok: true, result: {} }, { ok: false, message: "OTTO rejected key B: Validation failed: 'B' unknown" }]);
	});

	test('any other status: all accepted', () => {
		expect(splitMultiStatusAnswer(keys, 200, undefined, wording).every((o) => o.ok)).toBe(true);
	});

	test('a failed request: lines tied to a key are its reason, the others get the whole error and the note', () => {
		const failures = splitFailedRequest(keys, { message: 'OTTO answered 422', description: 'Bad: k12 gone (logref k3)\nOther: second (field $[1])', httpCode: '422' }, wording);
		expect(failures[1]).toEqual({ message: 'OTTO rejected key k12 (422): Bad: k12 gone (logref k3)', description: 'Other: second (field $[1])' });
		expect(failures[2]).toEqual({ message: 'k3: OTTO answered 422', description: 'refused whole\nBad: k12 gone (logref k3)\nOther: second (field $[1])' });
		expect(splitFailedRequest(['k1'], { message: 'lost', httpCode: null }, wording)).toEqual([{ message: 'k1: lost', description: 'maybe applied' }]);
		expect(splitFailedRequest(['k1'], { message: 'boom', httpCode: '503' }, wording)[0].description).toBe('maybe applied');
	});
});
