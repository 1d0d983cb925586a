/** How OTTO's answers to return acceptances and rejections are split onto the position items sent. */
import { splitDecisionAnswer, splitDecisionFailure } from '../../../nodes/OttoMarket/helpers/returnRules';

describe('splitting OTTO answers (what the simulator does not vary)', () => {
	const sent = [
		{ positionItemId: 'p-1', salesOrderId: 's' },
		{ positionItemId: 'p-12', salesOrderId: 's' },
		{ positionItemId: 'p-3', salesOrderId: 's' },
	];

	test('a 207 item named in neither results nor errors is reported, not dropped', () => {
		const split = splitDecisionAnswer(sent, 207, {
			results: [{ positionItemId: 'p-12' }],
			errors: [{ title: 'Invalid', detail: "item 'p-1' is not announced", logref: 'abc' }],
		});
		expect(split[0]).toEqual({ ok: false, message: "OTTO rejected position item p-1: Invalid: item 'p-1' is not announced (logref abc)" });
		expect(split[1]).toEqual({ ok: true, result: { positionItemId: 'p-12' } });
		expect(split[2]).toEqual(expect.objectContaining({ ok: false, message: expect.stringContaining('neither confirmed nor rejected position item p-3') }));
	});

	test('errors pointing at a body index and results without IDs are still matched', () => {
		const split = splitDecisionAnswer(sent, 207, { results: [{}, {}], errors: { errors: [{ title: 'Bad', path: '$.positionItems[1]' }] } });
		expect(split.map((s) => s.ok)).toEqual([true, false, true]);
	});

	test('413: every item of the request fails with the readable message', () => {
		const failures = splitDecisionFailure(sent, {
			message: 'OTTO answered 413 Too many items in one request (POST /v3/returns/acceptance)',
			description: 'Payload Too Large: positionItems: at most 200 position items per request (logref x)',
			httpCode: '413',
		});
		expect(failures).toHaveLength(3);
		expect(failures.every((f) => f.message.startsWith('OTTO answered 413 Too many items in one request'))).toBe(true);
		expect(failures[0].description).toContain('OTTO rejected the whole request');
	});
});
