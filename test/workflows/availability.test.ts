import type { IDataObject } from 'n8n-workflow';

import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

// Orders play no part here; without them every reset is quick.
const { sim, helper } = useSimulator({ start: { seed: { orders: 0 } } });

const QUANTITIES = '/v1/availability/quantities';
const DELIVERY = '/v1/availability/product-delivery-information';
const posts = (path: string) => sim().requests({ path, method: 'POST' });
const sent = (call: { body?: unknown }) => call.body as IDataObject[];
const skus = () => sim().data.products.map((p) => p.sku);

const updateQuantities = (extra: IDataObject = {}) => ({
	resource: 'quantity',
	operation: 'update',
	sku: '={{ $json.sku }}',
	quantity: '={{ $json.quantity }}',
	...extra,
});

const updateDelivery = (extra: IDataObject = {}) => ({
	resource: 'deliveryInformation',
	operation: 'update',
	sku: '={{ $json.sku }}',
	shippingProfileId: { __rl: true, mode: 'id', value: '={{ $json.profile }}' },
	processingTime: '={{ $json.processingTime }}',
	...extra,
});

/** Availability data for `count` more SKUs than the seed has, so lists span several pages. */
function addSkus(count: number): string[] {
	const profile = sim().data.shippingProfiles[0].shippingProfileId;
	const added: string[] = [];
	for (let k = 0; k < count; k++) {
		const sku = `EXTRA-${String(k).padStart(4, '0')}`;
		sim().data.quantities.set(sku, { sku, quantity: k, lastModified: '2024-01-01T00:00:00.000Z' });
		sim().data.deliveryInformation.set(sku, { sku, shippingProfileId: profile, processingTime: 'DEFAULT' });
		added.push(sku);
	}
	return added;
}

describe('Quantity → Update', () => {
	test('combines all input items into one request and returns one item per SKU, paired to its input item', async () => {
		const [a, b, c] = skus();
		const input = [
			{ sku: a, quantity: 5 },
			{ sku: b, quantity: 0 },
			{ sku: c, quantity: '12' }, // text from a CSV column
		];
		const result = await runWorkflow(ottoWorkflow(updateQuantities(), input), helper());
		expect(result.error).toBeUndefined();
		expect(posts(QUANTITIES)).toHaveLength(1);
		expect(sent(posts(QUANTITIES)[0])).toEqual([
			{ sku: a, quantity: 5 },
			{ sku: b, quantity: 0 },
			{ sku: c, quantity: 12 },
		]);
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json)).toEqual([
			{ sku: a, quantity: 5 },
			{ sku: b, quantity: 0 },
			{ sku: c, quantity: 12 },
		]);
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(sim().data.quantities.get(c)?.quantity).toBe(12);
	});

	test('10,000 input items go out in exactly 50 requests of 200 SKUs, never a 413, every SKU back on its item', async () => {
		sim().reset({ products: 10_000 });
		const input = skus().map((sku, k) => ({ sku, quantity: k % 1000 }));
		expect(input).toHaveLength(10_000);
		const started = Date.now();
		const result = await runWorkflow(ottoWorkflow(updateQuantities(), input), helper());
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();

		const calls = posts(QUANTITIES);
		expect(calls).toHaveLength(50);
		expect(calls.every((c) => sent(c).length === 200 && c.status === 200)).toBe(true);
		expect(sim().requests({ path: /availability/ }).some((c) => c.status === 413)).toBe(false);
		expect(calls.flatMap((c) => sent(c).map((e) => e.sku))).toEqual(input.map((e) => e.sku));

		const out = result.output('Otto Market');
		expect(out).toHaveLength(10_000);
		expect(paired(out)).toEqual(input.map((_, k) => k));
		expect(out[9_999].json).toEqual({ sku: input[9_999].sku, quantity: input[9_999].quantity });
		expect(sim().data.quantities.get(input[4_321].sku)?.quantity).toBe(321);
		console.log(`Quantity → Update, 10,000 items: ${calls.length} requests in ${elapsed} ms`);
		expect(elapsed).toBeLessThan(15_000);
	}, 30_000);

	test('Batch Size lowers the SKUs per request; One Request per Item sends each item alone', async () => {
		const input = skus()
			.slice(0, 45)
			.map((sku) => ({ sku, quantity: 3 }));
		let result = await runWorkflow(ottoWorkflow(updateQuantities({ options: { batchSize: 20 } }), input), helper());
		expect(result.error).toBeUndefined();
		expect(posts(QUANTITIES).map((c) => sent(c).length)).toEqual([20, 20, 5]);

		sim().clearRequests();
		result = await runWorkflow(ottoWorkflow(updateQuantities({ options: { perItem: true } }), input.slice(0, 4)), helper());
		expect(result.error).toBeUndefined();
		expect(posts(QUANTITIES).map((c) => sent(c))).toEqual(input.slice(0, 4).map((e) => [e]));
		expect(paired(result.output('Otto Market'))).toEqual([0, 1, 2, 3]);
	});

	describe('a multi-status answer (207) is split per SKU', () => {
		const input = () => {
			const [a, b, c] = skus();
			return [
				{ sku: a, quantity: 1 },
				{ sku: 'NOT-AT-OTTO-1', quantity: 2 },
				{ sku: b, quantity: 3 },
				{ sku: 'NOT-AT-OTTO-2', quantity: 4 },
				{ sku: c, quantity: 5 },
			];
		};

		test('Continue On Fail: accepted SKUs are results, rejected ones error items on their own input item', async () => {
			const items = input();
			const result = await runWorkflow(ottoWorkflow(updateQuantities(), items, { continueOnFail: true }), helper());
			expect(result.error).toBeUndefined();
			expect(posts(QUANTITIES)).toHaveLength(1);
			expect(posts(QUANTITIES)[0].status).toBe(207);
			const out = result.output('Otto Market');
			expect(paired(out)).toEqual([0, 1, 2, 3, 4]);
			expect(out[0].json).toEqual({ sku: items[0].sku, quantity: 1, lastModified: expect.any(String) });
			expect(out[2].json).toEqual({ sku: items[2].sku, quantity: 3, lastModified: expect.any(String) });
			for (const k of [1, 3]) {
				expect(out[k].json.error).toContain(`OTTO rejected SKU "${items[k].sku}"`);
				expect(out[k].json.error).toContain(`No product variation with sku '${items[k].sku}' exists`);
				expect(out[k].json.error).toMatch(/logref [0-9a-f-]{36}/);
			}
			expect(sim().data.quantities.get(items[4].sku)?.quantity).toBe(5);
		});

		test('without Continue On Fail: one error lists every rejected SKU by item; the accepted ones are stored', async () => {
			const items = input();
			const result = await runWorkflow(ottoWorkflow(updateQuantities(), items), helper());
			expect(result.error?.message).toBe('2 of 5 entries failed (the other 3 succeeded at OTTO)');
			const description = String(result.error?.description);
			expect(description).toContain('item 1: OTTO rejected SKU "NOT-AT-OTTO-1"');
			expect(description).toContain('item 3: OTTO rejected SKU "NOT-AT-OTTO-2"');
			expect(sim().data.quantities.get(items[0].sku)?.quantity).toBe(1);
			expect(sim().data.quantities.get(items[4].sku)?.quantity).toBe(5);
		});
	});

	test('when OTTO rejects every SKU (422) each item gets its own reason', async () => {
		const items = [
			{ sku: 'GONE-A', quantity: 1 },
			{ sku: 'GONE-AB', quantity: 1 }, // contains the other SKU: reasons must not be mixed up
		];
		const result = await runWorkflow(ottoWorkflow(updateQuantities(), items, { continueOnFail: true }), helper());
		expect(posts(QUANTITIES)[0].status).toBe(422);
		const out = result.output('Otto Market').map((i) => String(i.json.error));
		expect(out[0]).toContain(`OTTO rejected SKU "GONE-A" (422)`);
		expect(out[0]).toContain("sku 'GONE-A' exists");
		expect(out[1]).toContain(`OTTO rejected SKU "GONE-AB" (422)`);
		expect(out[1]).toContain("sku 'GONE-AB' exists");
	});

	test('invalid items are named by SKU and field and never sent; the valid ones still go out', async () => {
		const [a, b] = skus();
		const items: IDataObject[] = [
			{ sku: a, quantity: 7 },
			{ sku: 'X-1', quantity: -1 },
			{ sku: 'X-2', quantity: 1_000_000_000 },
			{ sku: 'X-3', quantity: 2.5 },
			{ sku: 'X-4', quantity: 'lots' },
			{ sku: ' X-5', quantity: 1 },
			{ sku: 'Y'.repeat(51), quantity: 1 },
			{ sku: '', quantity: 1 },
			{ sku: b, quantity: 8 },
			{ sku: a, quantity: 9 }, // the same SKU again: sent once, with the last value given
		];
		const result = await runWorkflow(ottoWorkflow(updateQuantities(), items, { continueOnFail: true }), helper());
		expect(result.error).toBeUndefined();
		expect(posts(QUANTITIES)).toHaveLength(1);
		expect(sent(posts(QUANTITIES)[0])).toEqual([
			{ sku: b, quantity: 8 },
			{ sku: a, quantity: 9 },
		]);
		expect(sim().data.quantities.get(a)?.quantity).toBe(9);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual(items.map((_, k) => k));
		const errors = out.map((i) => i.json.error);
		expect(errors[0]).toBeUndefined();
		// both input items with SKU a get OTTO's answer for the value it now has
		expect(out[0].json).toEqual({ sku: a, quantity: 9 });
		expect(out[9].json).toEqual({ sku: a, quantity: 9 });
		expect(errors[1]).toBe('Invalid "Quantity" for SKU "X-1": must be a whole number from 0 to 999 999 999, got -1');
		expect(errors[2]).toContain('Invalid "Quantity" for SKU "X-2"');
		expect(errors[3]).toContain('Invalid "Quantity" for SKU "X-3"');
		expect(errors[4]).toContain('Invalid "Quantity" for SKU "X-4"');
		expect(errors[5]).toBe('Invalid "SKU": " X-5" must not start or end with blanks');
		expect(errors[6]).toBe(`Invalid "SKU" "${'Y'.repeat(51)}": must be at most 50 characters (has 51)`);
		expect(errors[7]).toBe('Invalid "SKU": is required');
		expect(errors[8]).toBeUndefined();
		expect(errors[9]).toBeUndefined();
		expect(out[1].json.description).toBe('Nothing was sent to OTTO for this item.');
	});

	test('a missing scope stops after the first request instead of failing 50 times', async () => {
		const items = skus()
			.slice(0, 30)
			.map((sku) => ({ sku, quantity: 1 }));
		const result = await runWorkflow(
			ottoWorkflow(updateQuantities({ options: { batchSize: 10 } }), items, { continueOnFail: true }),
			helper({ scopes: ['orders'] }),
		);
		expect(posts(QUANTITIES)).toHaveLength(1);
		const out = result.output('Otto Market');
		expect(out).toHaveLength(30);
		expect(out.every((i) => String(i.json.error).includes('scope "availability"'))).toBe(true);
	});
});

describe('Quantity → Get', () => {
	test('one request per SKU on its own path', async () => {
		const [a, b] = sim().data.products.slice(6).map((p) => p.sku); // plain SKUs
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'quantity', operation: 'get', sku: '={{ $json.sku }}' }, [{ sku: a }, { sku: b }]),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market').map((i) => i.json)).toEqual([a, b].map((sku) => {
			const q = sim().data.quantities.get(sku)!;
			return { sku, quantity: q.quantity, lastModified: q.lastModified };
		}));
		expect(sim().requests({ path: /^\/v1\/availability\/quantities/, method: 'GET' }).map((c) => c.path)).toEqual([`${QUANTITIES}/${a}`, `${QUANTITIES}/${b}`]);
	});

	test('SKUs with "/", ".", "," and blanks work: OTTO cannot route some of them, so the list is read instead', async () => {
		const special = sim().data.info.specialSkus;
		expect(special).toEqual(['TSHIRT/BLUE/M', 'TSHIRT/BLUE/L', 'CABLE-1.5M', 'SCREWS,100PCS', 'GARDEN CHAIR GREEN', 'LAMP 2.0/WHITE, E27']);
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'quantity', operation: 'get', sku: '={{ $json.sku }}' }, special.map((sku) => ({ sku }))),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out.map((q) => q.sku)).toEqual(special);
		expect(out.map((q) => q.quantity)).toEqual(special.map((sku) => sim().data.quantities.get(sku)!.quantity));
		// The single paths were encoded segment by segment; "," and blanks are served directly.
		const single = sim().requests({ path: /^\/v1\/availability\/quantities\/./ });
		expect(single.map((c) => c.path)).toContain('/v1/availability/quantities/SCREWS%2C100PCS');
		expect(single.map((c) => c.path)).toContain('/v1/availability/quantities/TSHIRT%2FBLUE%2FM');
		expect(single.filter((c) => c.status === 404)).toHaveLength(4);
		expect(sim().requests({ path: QUANTITIES, method: 'GET' })).toHaveLength(4);
	});

	test('an unknown SKU is an error naming it', async () => {
		let result = await runWorkflow(ottoWorkflow({ resource: 'quantity', operation: 'get', sku: 'NOPE-1' }), helper());
		expect(result.error?.message).toContain('404');
		expect(result.error?.message).toContain("No quantity found for sku 'NOPE-1'");
		result = await runWorkflow(ottoWorkflow({ resource: 'quantity', operation: 'get', sku: 'NO/PE.2' }), helper());
		expect(result.error?.message).toBe('OTTO has no quantity for SKU "NO/PE.2"');
	});
});

describe('Quantity → Get Many', () => {
	test('Return All follows the cursor links across pages of 200', async () => {
		addSkus(450);
		const result = await runWorkflow(ottoWorkflow({ resource: 'quantity', operation: 'getAll', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out).toHaveLength(sim().data.quantities.size);
		expect(new Set(out.map((q) => q.sku)).size).toBe(out.length);
		expect(out[0]).not.toHaveProperty('links');
		const pages = sim().requests({ path: QUANTITIES, method: 'GET' });
		expect(pages).toHaveLength(3);
		expect(pages.map((p) => p.query.limit)).toEqual(['200', '200', '200']);
		expect(pages[0].query.cursor).toBeUndefined();
		expect(pages[1].query.cursor).toBe(out[199].sku);
		expect(pages[2].query.cursor).toBe(out[399].sku);
	});

	test('Limit stops early with a smaller page', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'quantity', operation: 'getAll', returnAll: false, limit: 7 }), helper());
		expect(result.output('Otto Market')).toHaveLength(7);
		const pages = sim().requests({ path: QUANTITIES, method: 'GET' });
		expect(pages).toHaveLength(1);
		expect(pages[0].query.limit).toBe('7');
	});
});

describe('Delivery Information → Update', () => {
	const profiles = () => sim().data.shippingProfiles.map((p) => p.shippingProfileId);

	test('all accepted (202): one request, one item per SKU with what OTTO stores', async () => {
		const [a, b, c] = skus();
		const [p1, p2] = profiles();
		const input = [
			{ sku: a, profile: p1, processingTime: 'DEFAULT' },
			{ sku: b, profile: p2, processingTime: 3 },
			{ sku: c, profile: p1, processingTime: 'default' },
		];
		const result = await runWorkflow(ottoWorkflow(updateDelivery(), input), helper());
		expect(result.error).toBeUndefined();
		expect(posts(DELIVERY)).toHaveLength(1);
		expect(posts(DELIVERY)[0].status).toBe(202);
		const expected = [
			{ sku: a, shippingProfileId: p1, processingTime: 'DEFAULT' },
			{ sku: b, shippingProfileId: p2, processingTime: '3' },
			{ sku: c, shippingProfileId: p1, processingTime: 'DEFAULT' },
		];
		expect(sent(posts(DELIVERY)[0])).toEqual(expected);
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json)).toEqual(expected);
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(sim().data.deliveryInformation.get(b)).toEqual(expected[1]);
	});

	test('from the list of shipping profiles too (resource locator "From List")', async () => {
		const [a] = skus();
		const [, p2] = profiles();
		const result = await runWorkflow(
			ottoWorkflow({ ...updateDelivery(), shippingProfileId: { __rl: true, mode: 'list', value: p2, cachedResultName: 'Spedition' } }, [
				{ sku: a, processingTime: '2' },
			]),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(sent(posts(DELIVERY)[0])).toEqual([{ sku: a, shippingProfileId: p2, processingTime: '2' }]);
	});

	test('207: an unknown shipping profile is reported on its own item, the rest is stored', async () => {
		const [a, b] = skus();
		const [p1] = profiles();
		const input = [
			{ sku: a, profile: p1, processingTime: '2' },
			{ sku: b, profile: '00000000-0000-4000-8000-000000000000', processingTime: '2' },
		];
		const result = await runWorkflow(ottoWorkflow(updateDelivery(), input, { continueOnFail: true }), helper());
		expect(posts(DELIVERY)[0].status).toBe(207);
		const out = result.output('Otto Market');
		expect(out[0].json).toEqual({ sku: a, shippingProfileId: p1, processingTime: '2' });
		expect(out[1].json.error).toBe(
			`OTTO rejected SKU "${b}": Validation failed: sku '${b}': shipping profile '00000000-0000-4000-8000-000000000000' does not exist (logref ${String(out[1].json.error).split('logref ')[1]}`,
		);
		expect(paired(out)).toEqual([0, 1]);
		expect(sim().data.deliveryInformation.get(a)?.processingTime).toBe('2');

		const failed = await runWorkflow(ottoWorkflow(updateDelivery(), input), helper());
		expect(failed.error?.message).toBe('1 of 2 entries failed (the other 1 succeeded at OTTO)');
		expect(failed.error?.description).toContain(`item 1: OTTO rejected SKU "${b}"`);
	});

	test('processing time and shipping profile are checked before sending', async () => {
		const [a, b] = skus();
		const [p1] = profiles();
		const input: IDataObject[] = [
			{ sku: 'P-1', profile: p1, processingTime: '0' },
			{ sku: 'P-2', profile: p1, processingTime: 100 },
			{ sku: 'P-3', profile: p1, processingTime: 'soon' },
			{ sku: 'P-4', profile: '', processingTime: '1' },
			{ sku: a, profile: p1, processingTime: 99 },
			{ sku: b, profile: p1, processingTime: '1' },
		];
		const result = await runWorkflow(ottoWorkflow(updateDelivery(), input, { continueOnFail: true }), helper());
		expect(sent(posts(DELIVERY)[0])).toEqual([
			{ sku: a, shippingProfileId: p1, processingTime: '99' },
			{ sku: b, shippingProfileId: p1, processingTime: '1' },
		]);
		const errors = result.output('Otto Market').map((i) => i.json.error);
		expect(errors[0]).toBe('Invalid "Processing Time" for SKU "P-1": must be DEFAULT or a whole number of days from 1 to 99, got "0"');
		expect(errors[1]).toContain('Invalid "Processing Time" for SKU "P-2"');
		expect(errors[2]).toContain('Invalid "Processing Time" for SKU "P-3"');
		expect(errors[3]).toBe('Invalid "Shipping Profile" for SKU "P-4": a shipping profile is required');
		expect(errors.slice(4)).toEqual([undefined, undefined]);
	});

	test('450 items: 3 requests of at most 200, no 413', async () => {
		sim().reset({ products: 450 });
		const [p1] = profiles();
		const input = skus().map((sku) => ({ sku, profile: p1, processingTime: 'DEFAULT' }));
		const result = await runWorkflow(ottoWorkflow(updateDelivery(), input), helper());
		expect(result.error).toBeUndefined();
		expect(posts(DELIVERY).map((c) => [sent(c).length, c.status])).toEqual([
			[200, 202],
			[200, 202],
			[50, 202],
		]);
		expect(result.output('Otto Market')).toHaveLength(450);
	});
});

describe('Delivery Information → Get / Get Many', () => {
	test('Get: plain and special SKUs', async () => {
		const withInfo = sim().data.products.map((p) => p.sku).filter((sku) => sim().data.deliveryInformation.has(sku));
		const wanted = [withInfo.find((sku) => /^[A-Z0-9-]+$/.test(sku))!, 'TSHIRT/BLUE/M', 'LAMP 2.0/WHITE, E27'];
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'deliveryInformation', operation: 'get', sku: '={{ $json.sku }}' }, wanted.map((sku) => ({ sku }))),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market').map((i) => i.json)).toEqual(wanted.map((sku) => sim().data.deliveryInformation.get(sku)));
	});

	test('Get Many: Return All across 3 pages (links is one object with the cursor)', async () => {
		addSkus(450);
		const result = await runWorkflow(ottoWorkflow({ resource: 'deliveryInformation', operation: 'getAll', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out).toHaveLength(sim().data.deliveryInformation.size);
		expect(new Set(out.map((d) => d.sku)).size).toBe(out.length);
		const pages = sim().requests({ path: DELIVERY, method: 'GET' });
		expect(pages).toHaveLength(3);
		expect(pages.slice(1).every((p) => typeof p.query.cursor === 'string')).toBe(true);

		sim().clearRequests();
		const limited = await runWorkflow(
			ottoWorkflow({ resource: 'deliveryInformation', operation: 'getAll', returnAll: false, limit: 250 }),
			helper(),
		);
		expect(limited.output('Otto Market')).toHaveLength(250);
		expect(sim().requests({ path: DELIVERY, method: 'GET' })).toHaveLength(2);
	});
});
