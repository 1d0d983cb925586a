import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { POISON_EANS } from '../otto-simulator/routes/products';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

/**
 * Writes OTTO applied although the client saw a failure (the simulator's `after` faults): upserts are
 * repeated by the transport and come out right; creates are looked up at OTTO and reported as applied,
 * already done, not applied or unknown.
 */

const SCOPES = ['products', 'availability', 'shipping-profiles', 'returns-warehouse-read', 'returns-warehouse-write'];
const { sim, helper } = useSimulator({ start: { seed: { orders: 0 } }, credentials: { scopes: SCOPES } });
const run = (parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false) =>
	runWorkflow(ottoWorkflow(parameters, items, continueOnFail ? { continueOnFail: true } : {}), helper());
const posts = (path: string | RegExp) => sim().requests({ path, method: 'POST' });
const gets = (path: string | RegExp) => sim().requests({ path, method: 'GET' });
const jsons = (out: INodeExecutionData[]) => out.map((i) => i.json);

describe('upserts keyed by SKU are repeated by the transport', () => {
	const QUANTITIES = '/v1/availability/quantities';

	test('Quantity → Update, 1,000 SKUs in 5 batches: batch 2 applied then answered 503 → sent again, every SKU updated', async () => {
		sim().reset({ products: 1000 });
		sim().configure({ faults: [{ type: '503', path: `^${QUANTITIES}$`, method: 'POST', after: true, skip: 1, count: 1 }] });
		const input = sim().data.products.map((p, k) => ({ sku: p.sku, quantity: (k * 7) % 500 }));
		const result = await run({ resource: 'quantity', operation: 'update', sku: '={{ $json.sku }}', quantity: '={{ $json.quantity }}' }, input);
		expect(result.error).toBeUndefined();

		const calls = posts(QUANTITIES);
		expect(calls).toHaveLength(5 + 1);
		// Chunks go out 4 at a time after the first, so the repeat need not be the next request in the log.
		expect(calls.map((c) => c.status).sort()).toEqual([200, 200, 200, 200, 200, 503]);
		const failed = calls.find((c) => c.status === 503)!;
		expect(failed.applied).toBe(true);
		// The repeat is the same request: same SKUs, same quantities.
		expect(calls.filter((c) => c.status === 200 && JSON.stringify(c.body) === JSON.stringify(failed.body))).toHaveLength(1);

		const out = result.output('Otto Market');
		expect(out).toHaveLength(1000);
		expect(paired(out)).toEqual(input.map((_, k) => k));
		expect(jsons(out)).toEqual(input);
		for (const entry of input) expect(sim().data.quantities.get(entry.sku)?.quantity).toBe(entry.quantity);
	});

	test('Delivery Information → Update: a dropped answer after OTTO applied it → sent again, every SKU updated', async () => {
		const DELIVERY = '/v1/availability/product-delivery-information';
		sim().configure({ faults: [{ type: 'drop', path: `^${DELIVERY}$`, method: 'POST', after: true, count: 1 }] });
		const profile = sim().data.shippingProfiles[1].shippingProfileId;
		const input = sim().data.products.slice(0, 30).map((p, k) => ({ sku: p.sku, processingTime: String((k % 5) + 1) }));
		const result = await run(
			{
				resource: 'deliveryInformation',
				operation: 'update',
				sku: '={{ $json.sku }}',
				shippingProfileId: { __rl: true, mode: 'id', value: profile },
				processingTime: '={{ $json.processingTime }}',
				options: { batchSize: 20 },
			},
			input,
		);
		expect(result.error).toBeUndefined();
		expect(posts(DELIVERY).map((c) => [c.status, (c.body as unknown[]).length])).toEqual([
			[0, 20],
			[202, 20],
			[202, 10],
		]);
		expect(jsons(result.output('Otto Market'))).toEqual(input.map((e) => ({ ...e, shippingProfileId: profile })));
		for (const entry of input) {
			expect(sim().data.deliveryInformation.get(entry.sku)).toEqual({ ...entry, shippingProfileId: profile });
		}
	});
});

describe('product uploads: a repeated request is read from its own update task', () => {
	const brand = () => sim().data.brands.find((b) => b.usable)!.id;
	const variation = (n: number, overrides: IDataObject = {}): IDataObject => ({
		productReference: `RECON-${n}`,
		sku: `RECON-${String(n).padStart(3, '0')}`,
		ean: `425${String(n + 7000).padStart(10, '0')}`,
		productDescription: {
			category: 'T-Shirt',
			brandId: brand(),
			attributes: [{ name: 'Herstellerhinweis', values: ['Nicht im Trockner trocknen'], additional: false }],
		},
		mediaAssets: [{ type: 'IMAGE', location: `https://images.example.com/recon/${n}.jpg` }],
		pricing: { standardPrice: { amount: 19.99, currency: 'EUR' }, vat: 'FULL' },
		compliance: {
			productSafety: { addresses: [{ name: 'Nordwerk GmbH', address: 'Hauptstraße 1, 20095 Hamburg', email: 'safety@nordwerk.example.com', roles: ['DISTRIBUTOR'] }] },
		},
		...overrides,
	});

	test('Create or Update: batch 1 applied then answered 503 → sent again; OTTO keeps one state per SKU', async () => {
		sim().configure({ faults: [{ type: '503', path: '^/v5/products$', method: 'POST', after: true, count: 1 }] });
		const items = Array.from({ length: 6 }, (_, n) => variation(n));
		items[1].ean = POISON_EANS[0]; // OTTO refuses this one in every attempt
		const result = await run({ resource: 'product', operation: 'createOrUpdate', uploadOptions: { batchSize: 3 } }, items);
		expect(result.error).toBeUndefined();

		const calls = posts('/v5/products');
		expect(calls.map((c) => c.status)).toEqual([503, 202, 202]);
		expect(calls[0].applied).toBe(true);
		expect(calls[1].body).toEqual(calls[0].body);
		// Three tasks at OTTO: the first one's answer was lost; the repeat finds its data in place.
		const tasks = [...sim().data.productTasks.values()];
		expect(tasks.map((t) => [t.succeeded.length, t.unchanged.length, t.failed.length])).toEqual([
			[2, 0, 1],
			[0, 2, 1],
			[3, 0, 0],
		]);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(out.map((i) => i.json.sku)).toEqual(items.map((v) => v.sku));
		expect(out.map((i) => i.json.status)).toEqual(['unchanged', 'failed', 'unchanged', 'succeeded', 'succeeded', 'succeeded']);
		// Results come from the task the node got: the repeat's (batch 1) and batch 2's.
		const [, repeatTask, secondBatchTask] = [...sim().data.productTasks.keys()];
		expect(out.map((i) => i.json.processUuid)).toEqual([repeatTask, repeatTask, repeatTask, secondBatchTask, secondBatchTask, secondBatchTask]);
		expect((out[1].json.errors as IDataObject[]).map((e) => e.code)).toEqual(['EAN_ALREADY_ASSIGNED']);
		// "unchanged" of the repeat says why: the first attempt may have applied it.
		expect(String(out[0].json.outcomeNote)).toContain('sent 2 times');
		expect(out[1].json.outcomeNote).toBeUndefined();
		expect(out[3].json.outcomeNote).toBeUndefined();
		for (const n of [0, 2, 3, 4, 5]) expect(sim().data.productsBySku.get(String(items[n].sku))).toEqual(items[n]);
		expect(sim().data.productsBySku.has(String(items[1].sku))).toBe(false);

		// A re-run: everything is in place, OTTO reports it unchanged, no note.
		sim().clearRequests();
		const again = await run({ resource: 'product', operation: 'createOrUpdate', uploadOptions: { batchSize: 3 } }, items);
		expect(posts('/v5/products')).toHaveLength(2);
		const rerun = again.output('Otto Market');
		expect(rerun.map((i) => i.json.status)).toEqual(['unchanged', 'failed', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
		expect(rerun.every((i) => i.json.outcomeNote === undefined)).toBe(true);
	});

	test('Create or Update without waiting: the task of the repeat is returned, with a note', async () => {
		sim().configure({ faults: [{ type: 'drop', path: '^/v5/products$', method: 'POST', after: true, count: 1 }] });
		const items = Array.from({ length: 2 }, (_, n) => variation(n));
		const result = await run({ resource: 'product', operation: 'createOrUpdate', waitForProcessing: false }, items);
		expect(result.error).toBeUndefined();
		expect(posts('/v5/products').map((c) => c.status)).toEqual([0, 202]);
		const [task] = jsons(result.output('Otto Market'));
		expect(task.processUuid).toBe([...sim().data.productTasks.keys()][1]);
		expect(task.skus).toEqual(items.map((v) => v.sku));
		expect(String(task.outcomeNote)).toContain('sent 2 times');
	});

	test('Update Prices: a dropped answer after OTTO applied it → sent again, prices in place', async () => {
		sim().configure({ faults: [{ type: 'drop', path: '^/v5/products/prices$', method: 'POST', after: true, count: 1 }] });
		const targets = sim().data.products.slice(10, 14).map((p, k) => ({ sku: p.sku, price: 40 + k }));
		const result = await run(
			{ resource: 'product', operation: 'updatePrices', sku: '={{ $json.sku }}', standardPrice: '={{ $json.price }}' },
			targets,
		);
		expect(result.error).toBeUndefined();
		expect(posts('/v5/products/prices').map((c) => c.status)).toEqual([0, 202]);
		const out = result.output('Otto Market');
		expect(out.map((i) => [i.json.sku, i.json.status])).toEqual(targets.map((t) => [t.sku, 'unchanged']));
		expect(out.every((i) => String(i.json.outcomeNote).includes('sent 2 times'))).toBe(true);
		for (const t of targets) expect(sim().data.productsBySku.get(t.sku)?.pricing.standardPrice.amount).toBe(t.price);
	});

	test('a 500 is not repeated; the error says that sending it again is safe', async () => {
		sim().configure({ faults: [{ type: '500', path: '^/v5/products/active-status$', method: 'POST', count: 1 }] });
		const sku = sim().data.products[3].sku;
		const result = await run({ resource: 'product', operation: 'updateActiveStatus', sku, active: false }, [{}], true);
		expect(posts('/v5/products/active-status')).toHaveLength(1);
		const [item] = result.output('Otto Market');
		expect(item.json.error).toContain('500');
		expect(item.json.description).toContain('Sending it again is safe');
	});
});

describe('Shipping Profile → Create after an ambiguous failure', () => {
	const PROFILES = '/v1/shipping-profiles';
	const create = {
		resource: 'shippingProfile',
		operation: 'create',
		shippingProfileName: 'Paket Express',
		deliveryType: 'PARCEL',
		workingDays: ['Monday', 'Friday'],
		orderCutoff: '15:30',
		defaultProcessingTime: 1,
		transportTime: 1,
	};
	const sent = {
		shippingProfileName: 'Paket Express',
		workingDays: ['Monday', 'Friday'],
		orderCutoff: '15:30',
		deliveryType: 'PARCEL',
		defaultProcessingTime: 1,
		transportTime: 1,
	};
	const named = () => sim().data.shippingProfiles.filter((p) => p.shippingProfileName === 'Paket Express');

	test.each(['503', 'drop'] as const)('applied, then %s: reported as applied with its ID; exactly one profile; a re-run is already done', async (type) => {
		sim().configure({ faults: [{ type, path: `^${PROFILES}$`, method: 'POST', after: true, count: 1 }] });
		const result = await run(create);
		expect(result.error).toBeUndefined();
		expect(named()).toHaveLength(1);
		const id = named()[0].shippingProfileId;
		const [item] = result.output('Otto Market');
		expect(item.json).toEqual({ shippingProfileId: id, ...sent, outcome: 'applied', outcomeNote: expect.any(String) });
		expect(item.json.outcomeNote).toContain(type === '503' ? 'OTTO answered 503' : 'was lost');
		expect(item.json.outcomeNote).toContain(id);
		// One create, then one look at the list.
		expect(posts(PROFILES).map((c) => [c.status, c.applied])).toEqual([[type === '503' ? 503 : 0, true]]);
		expect(gets(PROFILES)).toHaveLength(1);

		const again = await run(create);
		expect(again.error).toBeUndefined();
		const [rerun] = again.output('Otto Market');
		expect(rerun.json).toEqual({ shippingProfileId: id, ...sent, outcome: 'alreadyDone', outcomeNote: expect.stringContaining('Already done at OTTO') });
		expect(posts(PROFILES).map((c) => c.status).slice(1)).toEqual([409]);
		expect(named()).toHaveLength(1);
	});

	test('a 503 before OTTO applied it: "Not applied", nothing created', async () => {
		sim().configure({ faults: [{ type: '503', path: `^${PROFILES}$`, method: 'POST', count: 1 }] });
		const result = await run(create, [{}], true);
		const [item] = result.output('Otto Market');
		expect(String(item.json.error)).toMatch(/^Not applied: OTTO answered 503/);
		expect(item.json.description).toContain('none of the 6 shipping profiles is named "Paket Express"');
		expect(item.json.description).toContain('safe to send again');
		expect(named()).toHaveLength(0);
		// Not repeated; looked for twice (OTTO may still have been writing it).
		expect(posts(PROFILES)).toHaveLength(1);
		expect(gets(PROFILES)).toHaveLength(2);

		const failed = await run(create);
		expect(failed.error).toBeUndefined(); // the fault fired once: the second run creates it
		expect(named()).toHaveLength(1);
	});

	test('when the check fails too, the state is "unknown"', async () => {
		sim().configure({
			faults: [
				{ type: '503', path: `^${PROFILES}$`, method: 'POST', after: true, count: 1 },
				{ type: '500', path: `^${PROFILES}$`, method: 'GET', count: 1 },
			],
		});
		const result = await run(create);
		expect(result.error?.message).toMatch(/^Unknown whether OTTO applied it: OTTO answered 503/);
		expect(result.error?.description).toContain('Check at OTTO before sending it again');
		expect((result.error?.context as IDataObject | undefined)?.itemIndex).toBe(0);
		expect(named()).toHaveLength(1);
	});

	test('a 409 for a name used by a different profile keeps OTTO\'s error, with what the check found', async () => {
		const taken = sim().data.shippingProfiles[0];
		const result = await run({ ...create, shippingProfileName: taken.shippingProfileName, transportTime: 42 }, [{}], true);
		const [item] = result.output('Otto Market');
		expect(item.json.error).toContain('OTTO answered 409 Conflict');
		expect(item.json.description).toContain(`Checked at OTTO: the name "${taken.shippingProfileName}" belongs to shipping profile ${taken.shippingProfileId}`);
		expect(item.json.description).toContain('transportTime');
	});
});

describe('Return Address → Create and Add Carrier after an ambiguous failure', () => {
	const ADDRESSES = '/v2/returns-warehouse/addresses';
	const address = {
		resource: 'returnAddress',
		operation: 'create',
		returnWarehouseType: 'NATIONAL',
		returnRecipient: 'Muster GmbH',
		isBusinessAddress: false,
		returnStreet: 'Werner-Otto-Straße',
		returnHouseNumber: '1-7',
		returnZipCode: '22179',
		returnCity: 'Hamburg',
	};

	test('Create applied, then 503: applied with its ID; a re-run is already done and sends nothing', async () => {
		sim().configure({ faults: [{ type: '503', path: `^${ADDRESSES}$`, method: 'POST', after: true, count: 1 }] });
		const result = await run(address);
		expect(result.error).toBeUndefined();
		expect(sim().data.returnAddresses).toHaveLength(1);
		const id = sim().data.returnAddresses[0].returnAddressId;
		const [item] = result.output('Otto Market');
		expect(item.json).toMatchObject({ returnAddressId: id, returnRecipient: 'Muster GmbH', returnCountry: 'Germany', outcome: 'applied' });
		expect(item.json.outcomeNote).toContain(`return address ${id} has exactly the fields sent`);
		expect(posts(ADDRESSES).map((c) => [c.status, c.applied])).toEqual([[503, true]]);

		sim().clearRequests();
		const again = await run(address);
		expect(again.error).toBeUndefined();
		expect(again.output('Otto Market')[0].json).toMatchObject({ returnAddressId: id, outcome: 'alreadyDone' });
		expect(posts(ADDRESSES)).toHaveLength(0);
		expect(sim().data.returnAddresses).toHaveLength(1);

		// Another recipient is another address: it is created.
		const other = await run({ ...address, returnRecipient: 'Zweitlager' });
		expect(other.output('Otto Market')[0].json.outcome).toBeUndefined();
		expect(sim().data.returnAddresses).toHaveLength(2);
	});

	test('Create: a lost answer before OTTO applied it is "Not applied"', async () => {
		sim().configure({ faults: [{ type: 'drop', path: `^${ADDRESSES}$`, method: 'POST', count: 1 }] });
		const result = await run(address, [{}], true);
		const [item] = result.output('Otto Market');
		expect(String(item.json.error)).toMatch(/^Not applied: Could not reach OTTO/);
		expect(item.json.description).toContain('none of the 0 NATIONAL return addresses has the fields sent');
		expect(sim().data.returnAddresses).toHaveLength(0);
	});

	test('Add Carrier applied, then 503: applied; a re-run is already done; a 409 for the same carrier is already done too', async () => {
		const created = await run(address);
		const returnAddressId = String(created.output('Otto Market')[0].json.returnAddressId);
		const CARRIERS = `${ADDRESSES}/${returnAddressId}/carriers`;
		const codes = { customerId: 1234567890, leitCode: '(22179)+001' };
		const addDhl = { resource: 'returnAddress', operation: 'addCarrier', returnAddressId, returnCarrierName: 'DHL', returnCarrierCodes: codes };
		sim().clearRequests();
		sim().configure({ faults: [{ type: '503', path: `^${CARRIERS}$`, method: 'POST', after: true, count: 1 }] });

		const result = await run(addDhl);
		expect(result.error).toBeUndefined();
		expect(sim().data.returnAddressCarriers).toHaveLength(1);
		const carrierId = sim().data.returnAddressCarriers[0].returnAddressCarrierId;
		const [item] = result.output('Otto Market');
		expect(item.json).toEqual({
			returnAddressId,
			returnAddressCarrierId: carrierId,
			returnCarrier: 'DHL',
			returnCarrierCodes: codes,
			outcome: 'applied',
			outcomeNote: expect.stringContaining(`DHL is linked to the return address as carrier ${carrierId} with the codes sent`),
		});
		expect(posts(CARRIERS).map((c) => [c.status, c.applied])).toEqual([[503, true]]);

		sim().clearRequests();
		const again = await run(addDhl);
		expect(again.output('Otto Market')[0].json).toMatchObject({ returnAddressCarrierId: carrierId, outcome: 'alreadyDone' });
		expect(posts(CARRIERS)).toHaveLength(0);

		// When the first look fails, the request goes out: OTTO's 409 is checked and found to be this carrier.
		sim().clearRequests();
		sim().configure({ faults: [{ type: '500', path: `^${CARRIERS}$`, method: 'GET', count: 1 }] });
		const conflict = await run(addDhl);
		expect(conflict.error).toBeUndefined();
		expect(posts(CARRIERS).map((c) => c.status)).toEqual([409]);
		expect(conflict.output('Otto Market')[0].json).toMatchObject({
			returnAddressCarrierId: carrierId,
			outcome: 'alreadyDone',
			outcomeNote: expect.stringContaining('Already done at OTTO'),
		});

		// The same carrier with other codes is not this link: OTTO's 409 stays an error, with what was found.
		const different = await run({ ...addDhl, returnCarrierCodes: { customerId: 42 } }, [{}], true);
		const [refused] = different.output('Otto Market');
		expect(refused.json.error).toContain('409');
		expect(refused.json.description).toContain(`Checked at OTTO: DHL is linked to the return address as carrier ${carrierId}, but with other`);
		expect(sim().data.returnAddressCarriers).toHaveLength(1);
	});
});
