/** How OTTO's answers to availability writes (quantities, delivery information) are split onto the SKUs sent. */
import { splitAvailabilityAnswer, splitAvailabilityFailure } from '../../../nodes/OttoMarket/helpers/availabilityRules';

describe('splitting OTTO\'s answers onto SKUs (shapes the simulator does not produce)', () => {
	const skus = ['A', 'A B', '404', 'C/1.5'];

	test('an error found by list index, by own sku field or by name; "404" is not found in a status code', () => {
		const outcomes = splitAvailabilityAnswer(skus, 207, {
			results: [{ sku: 'A' }],
			errors: [
				{ code: 404, title: 'Unknown', detail: 'not found', path: '$[3].sku', logref: 'l1' },
				{ sku: 'A B', title: 'Invalid', detail: 'quantity too large' },
			],
		});
		expect(outcomes[0]).toEqual({ ok: true, result: { sku: 'A' } });
		expect(outcomes[1]).toEqual({ ok: false, message: 'OTTO rejected SKU "A B": Invalid: quantity too large' });
		expect(outcomes[3]).toEqual({ ok: false, message: 'OTTO rejected SKU "C/1.5": Unknown: not found (path $[3].sku, code 404, logref l1)' });
		// Named nowhere: never counted as a success.
		expect(outcomes[2]).toMatchObject({ ok: false, message: 'OTTO\'s multi-status answer (207) neither confirmed nor rejected SKU "404"' });
	});

	test('results without SKUs count only when they match the SKUs named nowhere else', () => {
		const errors = { title: 'Validation failed', validationErrors: [{ detail: "sku 'A B' unknown", logref: 'l2' }] };
		const ok = splitAvailabilityAnswer(['A', 'A B'], 207, { results: [{ message: 'ok' }], errors });
		expect(ok.map((o) => o.ok)).toEqual([true, false]);
		const unsure = splitAvailabilityAnswer(['A', 'A B', 'C'], 207, { results: [{ message: 'ok' }], errors });
		expect(unsure.map((o) => o.ok)).toEqual([false, false, false]);
		expect(splitAvailabilityAnswer(['A'], 200, undefined)).toEqual([{ ok: true }]);
	});

	test('a failed request: lines naming a SKU become its reason, the others get the whole error', () => {
		const failures = splitAvailabilityFailure(['A', 'A B', '404'], {
			message: 'OTTO answered 422 Request not processable',
			description: "Unknown SKU: sku 'A B' is unknown (code 404, logref l3)",
			httpCode: '422',
		});
		expect(failures[1].message).toBe("OTTO rejected SKU \"A B\" (422): Unknown SKU: sku 'A B' is unknown (code 404, logref l3)");
		expect(failures[0].message).toBe('SKU "A" was not updated: OTTO answered 422 Request not processable');
		expect(failures[2].message).toBe('SKU "404" was not updated: OTTO answered 422 Request not processable');
		expect(failures[0].description).toContain('OTTO rejected the whole request');
		const lost = splitAvailabilityFailure(['A'], { message: 'Could not reach OTTO', httpCode: null });
		expect(lost[0].description).toContain('OTTO may have stored part of this request');
	});
});
