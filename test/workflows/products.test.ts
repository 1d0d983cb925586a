import { randomUUID } from 'node:crypto';

import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, ILoadOptionsFunctions, INode, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { listSearch } from '../../nodes/OttoMarket/methods';
import { SPECIAL_SKUS } from '../otto-simulator';
import { activeStatusOf, contentChangeOf, marketplaceStatusOf, POISON_EANS } from '../otto-simulator/routes/products';
import { CREDENTIAL_ID, nodeTypes, ottoWorkflow, runWorkflow, useSimulator } from '../harness';

const { sim, helper: helperFor } = useSimulator();

const product = (parameters: IDataObject, items: IDataObject[] = [{}], extra: Partial<INode> = {}) =>
	runWorkflow(ottoWorkflow({ resource: 'product', ...parameters }, items, extra), helperFor());
const pairedItems = (out: Array<{ pairedItem?: unknown }>) => out.map((i) => (i.pairedItem as IDataObject).item);
const productPosts = () => sim().requests({ path: '/v5/products', method: 'POST' });
const taskPolls = () => sim().requests({ path: /^\/v5\/products\/update-tasks\/[^/]+$/ });

const MANUFACTURER = {
	name: 'Nordwerk GmbH',
	address: 'Hauptstraße 1, 20095 Hamburg',
	regionCode: 'DE',
	email: 'safety@nordwerk.example.com',
	roles: ['MANUFACTURER', 'DISTRIBUTOR'],
};

/** 13 digits, starting with 4, never one of the seeded EANs (prefix 400638). */
const eanOf = (n: number) => `425${String(n).padStart(10, '0')}`;

function usableBrandId(): string {
	return sim().data.brands.find((b) => b.usable)!.id;
}

/** A valid v5 variation for the seeded category "T-Shirt" (its group has the LEGAL attribute "Herstellerhinweis"). */
function variation(n: number, overrides: IDataObject = {}): IDataObject {
	return {
		productReference: `SHIRT-${Math.floor(n / 4)}`,
		sku: `NEW-${String(n).padStart(5, '0')}`,
		ean: eanOf(n),
		productDescription: {
			category: 'T-Shirt',
			brandId: usableBrandId(),
			productLine: 'Basic Shirt',
			bulletPoints: ['100 % Baumwolle', 'Waschbar bei 40 °C'],
			attributes: [
				{ name: 'Farbe', values: ['Blau'], additional: false },
				{ name: 'Herstellerhinweis', values: ['Nicht im Trockner trocknen'], additional: false },
			],
		},
		mediaAssets: [{ type: 'IMAGE', location: `https://images.example.com/${n}/front.jpg` }],
		pricing: { standardPrice: { amount: 19.99, currency: 'EUR' }, vat: 'FULL' },
		compliance: { productSafety: { addresses: [MANUFACTURER] } },
		...overrides,
	};
}

describe('Product → Create or Update', () => {
	test('1,200 variations: exactly 3 requests, 1,200 per-SKU results after the tasks finish, OTTO failures on the right SKUs and items', async () => {
		const items = Array.from({ length: 1200 }, (_, n) => variation(n));
		const expectedFailure = new Map<number, string>();
		for (let n = 5; n < 1200; n += 97) {
			items[n].ean = POISON_EANS[0];
			expectedFailure.set(n, 'EAN_ALREADY_ASSIGNED');
		}
		for (let n = 11; n < 1200; n += 101) {
			if (expectedFailure.has(n)) continue;
			items[n].productDescription = { ...(items[n].productDescription as IDataObject), brandId: 'NOSUCHBRAND' };
			expectedFailure.set(n, 'UNKNOWN_BRAND');
		}
		for (let n = 23; n < 1200; n += 89) {
			if (expectedFailure.has(n)) continue;
			const description = items[n].productDescription as IDataObject;
			items[n].productDescription = { ...description, attributes: [{ name: 'Farbe', values: ['Rot'] }] };
			expectedFailure.set(n, 'MISSING_LEGAL_ATTRIBUTE');
		}

		const result = await product({ operation: 'createOrUpdate' }, items);
		expect(result.error).toBeUndefined();

		const posts = productPosts();
		expect(posts).toHaveLength(3);
		expect(posts.map((p) => (p.body as unknown[]).length)).toEqual([500, 500, 200]);
		expect(posts.flatMap((p) => (p.body as IDataObject[]).map((v) => v.sku))).toEqual(items.map((v) => v.sku));

		const out = result.output('Otto Market');
		expect(out).toHaveLength(1200);
		expect(pairedItems(out)).toEqual(items.map((_, n) => n));
		out.forEach((item, n) => {
			expect(item.json.sku).toBe(items[n].sku);
			const code = expectedFailure.get(n);
			if (code) {
				expect(item.json.status).toBe('failed');
				expect((item.json.errors as IDataObject[]).map((e) => e.code)).toContain(code);
			} else {
				expect(item.json.status).toBe('succeeded');
				expect(item.json.errors).toBeUndefined();
			}
		});
		expect(new Set(out.map((i) => i.json.processUuid)).size).toBe(3);

		// The tasks were waited for, never polled before OTTO's pingAfter.
		const tasks = [...sim().data.productTasks.values()];
		expect(tasks.every((t) => t.state === 'done' && t.earlyPolls === 0)).toBe(true);
		expect(taskPolls().length).toBeGreaterThanOrEqual(6);
		expect(sim().data.productsBySku.get(String(items[0].sku))?.ean).toBe(items[0].ean);
		expect(sim().data.productsBySku.has(String(items[5].sku))).toBe(false);
	});

	test('a variation without manufacturer data or VAT gets the node defaults; values on the variation win', async () => {
		const bare = variation(1);
		delete bare.compliance;
		bare.pricing = { standardPrice: { amount: 24.9 } };
		const own = variation(2, { pricing: { standardPrice: { amount: 9.99, currency: 'EUR' }, vat: 'REDUCED' } });
		const result = await product(
			{
				operation: 'createOrUpdate',
				variationDefaults: {
					name: 'Default Hersteller GmbH',
					address: 'Werner-Otto-Straße 1, 22179 Hamburg',
					regionCode: 'de',
					email: 'gpsr@default.example.com',
					phone: '+49 40 123456',
					url: 'https://default.example.com/kontakt',
					vat: 'FULL',
				},
			},
			[bare, own],
		);
		expect(result.error).toBeUndefined();
		const [sentBare, sentOwn] = productPosts()[0].body as IDataObject[];
		expect(sentBare.compliance).toEqual({
			productSafety: {
				addresses: [
					{
						name: 'Default Hersteller GmbH',
						address: 'Werner-Otto-Straße 1, 22179 Hamburg',
						regionCode: 'DE',
						email: 'gpsr@default.example.com',
						phone: '+49 40 123456',
						url: 'https://default.example.com/kontakt',
						roles: ['MANUFACTURER', 'DISTRIBUTOR'],
					},
				],
			},
		});
		expect(sentBare.pricing).toEqual({ standardPrice: { amount: 24.9, currency: 'EUR' }, vat: 'FULL' });
		expect(sentOwn.compliance).toEqual({ productSafety: { addresses: [MANUFACTURER] } });
		expect((sentOwn.pricing as IDataObject).vat).toBe('REDUCED');
		expect(result.output('Otto Market').map((i) => i.json.status)).toEqual(['succeeded', 'succeeded']);
	});

	test('invalid variations are reported with SKU and field and never sent; valid ones still go out', async () => {
		const items = [
			variation(1),
			variation(2, { ean: '2000000000017' }),
			variation(3, { pricing: { standardPrice: { amount: 9.999, currency: 'EUR' }, vat: 'FULL' } }),
			variation(4, { sku: 'TRAILING ' }),
			variation(5, { mediaAssets: [{ type: 'USER_MANUAL', location: 'https://images.example.com/manual.pdf' }] }),
			variation(6, { sku: 'X'.repeat(51) }),
		];
		const result = await product({ operation: 'createOrUpdate' }, items, { continueOnFail: true });
		const out = result.output('Otto Market');
		expect(out).toHaveLength(6);
		expect(pairedItems(out)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(out[0].json).toEqual(expect.objectContaining({ sku: 'NEW-00001', status: 'succeeded' }));
		expect(out[1].json.error).toMatch(/SKU "NEW-00002".*ean "2000000000017" must not start with 2/);
		expect(out[2].json.error).toMatch(/SKU "NEW-00003".*pricing\.standardPrice\.amount 9\.999 has more than 2 decimals/);
		expect(out[3].json.error).toMatch(/SKU "TRAILING ".*sku .*must not start or end with blanks/);
		expect(out[4].json.error).toMatch(/SKU "NEW-00005".*mediaAssets needs at least one asset of type IMAGE/);
		expect(out[5].json.error).toMatch(/sku must be at most 50 characters/);
		const posts = productPosts();
		expect(posts).toHaveLength(1);
		expect((posts[0].body as IDataObject[]).map((v) => v.sku)).toEqual(['NEW-00001']);

		// Without Continue On Fail the node fails naming the invalid items, after sending the valid one.
		sim().clearRequests();
		const failing = await product({ operation: 'createOrUpdate' }, [variation(7), variation(8, { ean: '2111111111111' })]);
		expect(failing.error?.message).toMatch(/1 of 2 entries failed \(the other 1 succeeded at OTTO\)/);
		expect(failing.error?.description).toContain('item 1: SKU "NEW-00008" is invalid');
		expect((productPosts()[0].body as IDataObject[]).map((v) => v.sku)).toEqual(['NEW-00007']);
	});

	test('an identical resend comes back unchanged; a changed one succeeded', async () => {
		const items = [variation(1), variation(2)];
		await product({ operation: 'createOrUpdate' }, items);
		const again = await product({ operation: 'createOrUpdate' }, [items[0], variation(2, { mpn: 'MPN-2' })]);
		expect(again.output('Otto Market').map((i) => [i.json.sku, i.json.status])).toEqual([
			['NEW-00001', 'unchanged'],
			['NEW-00002', 'succeeded'],
		]);
	});

	test('JSON per item: every variation of the array is sent and paired to its item', async () => {
		const result = await product(
			{ operation: 'createOrUpdate', inputMode: 'json', variationsJson: '={{ JSON.stringify($json.variations) }}' },
			[{ variations: [variation(1), variation(2)] }, { variations: [variation(3)] }],
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json.sku)).toEqual(['NEW-00001', 'NEW-00002', 'NEW-00003']);
		expect(pairedItems(out)).toEqual([0, 0, 1]);
		expect(productPosts()).toHaveLength(1);
	});

	test('Batch Size and One Request per Item change how many requests go out', async () => {
		const items = Array.from({ length: 5 }, (_, n) => variation(n));
		await product({ operation: 'createOrUpdate', uploadOptions: { batchSize: 2 } }, items);
		expect(productPosts().map((p) => (p.body as unknown[]).length)).toEqual([2, 2, 1]);

		sim().reset();
		const perItem = await product({ operation: 'createOrUpdate', uploadOptions: { perItem: true } }, items.slice(0, 3));
		expect(productPosts().map((p) => (p.body as unknown[]).length)).toEqual([1, 1, 1]);
		expect(perItem.output('Otto Market').map((i) => i.json.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
	});

	test('a SKU twice in one run: sent once with the last data given, both input items get the result', async () => {
		const second = variation(1, { productReference: 'SHIRT-LAST' });
		const result = await product({ operation: 'createOrUpdate' }, [variation(1), variation(2), second], { continueOnFail: true });
		const out = result.output('Otto Market');
		expect(pairedItems(out)).toEqual([0, 1, 2]);
		expect(out.map((i) => [i.json.sku, i.json.status])).toEqual([
			['NEW-00001', 'succeeded'],
			['NEW-00002', 'succeeded'],
			['NEW-00001', 'succeeded'],
		]);
		expect(productPosts()).toHaveLength(1);
		const sent = productPosts()[0].body as IDataObject[];
		expect(sent.map((v) => [v.sku, v.productReference])).toEqual([
			['NEW-00002', 'SHIRT-0'],
			['NEW-00001', 'SHIRT-LAST'],
		]);
	});

	test('Wait for Processing off returns the tasks; Get Update Task reads them later', async () => {
		const items = Array.from({ length: 3 }, (_, n) => variation(n, n === 1 ? { ean: POISON_EANS[1] } : {}));
		const started = await product({ operation: 'createOrUpdate', waitForProcessing: false, uploadOptions: { batchSize: 2 } }, items);
		const tasks = started.output('Otto Market');
		expect(tasks).toHaveLength(2);
		expect(tasks.map((t) => t.json.state)).toEqual(['pending', 'pending']);
		expect(tasks.map((t) => t.json.skus)).toEqual([['NEW-00000', 'NEW-00001'], ['NEW-00002']]);
		expect(pairedItems(tasks)).toEqual([0, 2]);
		expect(taskPolls()).toHaveLength(0);

		const processUuid = String(tasks[0].json.processUuid);
		const pending = await product({ operation: 'getUpdateTask', processUuid });
		expect(pending.output('Otto Market')[0].json).toEqual(expect.objectContaining({ processUuid, state: 'pending' }));

		sim().data.productTasks.get(processUuid)!.state = 'done';
		const done = await product({ operation: 'getUpdateTask', processUuid });
		const task = done.output('Otto Market')[0].json;
		expect(task).toEqual(expect.objectContaining({ processUuid, state: 'done', succeeded: 1, failed: 1, unchanged: 0 }));
		const results = task.results as Record<string, IDataObject[]>;
		expect(results.succeeded).toEqual([{ variation: 'NEW-00000' }]);
		expect(results.failed[0].variation).toBe('NEW-00001');
		expect((results.failed[0].errors as IDataObject[])[0].code).toBe('EAN_ALREADY_ASSIGNED');
		// Only lists with entries are read.
		expect(sim().requests({ path: /\/unchanged$/ })).toHaveLength(0);

		const perSku = await product({ operation: 'getUpdateTask', processUuid, output: 'perSku' });
		expect(perSku.output('Otto Market').map((i) => [i.json.sku, i.json.status])).toEqual([
			['NEW-00001', 'failed'],
			['NEW-00000', 'succeeded'],
		]);
	});

	test('a task that does not finish in time is reported per SKU with its process UUID', async () => {
		sim().data.productTaskTiming.pollsUntilDone = 1_000;
		const result = await product({ operation: 'createOrUpdate', uploadOptions: { timeoutSeconds: 1 } }, [variation(1), variation(2)], {
			continueOnFail: true,
		});
		const out = result.output('Otto Market');
		const processUuid = [...sim().data.productTasks.keys()][0];
		expect(out).toHaveLength(2);
		for (const item of out) {
			expect(item.json.error).toBe(`OTTO had not finished update task ${processUuid} within the processing timeout of 1 s`);
			expect(item.json.description).toContain('Get Update Task');
		}
		// It kept polling, at OTTO's pace, until the next poll would have been too late.
		expect(taskPolls().length).toBeGreaterThanOrEqual(3);
		expect([...sim().data.productTasks.values()][0].earlyPolls).toBe(0);
	});

	test('a batch OTTO rejects as a whole fails its own entries only', async () => {
		sim().configure({ faults: [{ type: '500', path: '^/v5/products$', method: 'POST', count: 1 }] });
		const items = Array.from({ length: 4 }, (_, n) => variation(n));
		const result = await product({ operation: 'createOrUpdate', uploadOptions: { batchSize: 2 } }, items, { continueOnFail: true });
		const out = result.output('Otto Market');
		expect(out.slice(0, 2).every((i) => /500/.test(String(i.json.error)))).toBe(true);
		expect(out.slice(2).map((i) => i.json.status)).toEqual(['succeeded', 'succeeded']);
		// A 500 is not repeated (the transport repeats these upserts only after 502/503/504 or a lost answer).
		expect(productPosts()).toHaveLength(2);
	});
});

describe('Product → Update Prices / Update Active Status', () => {
	test('prices of special-character SKUs go out in one request; unknown SKUs fail at OTTO, invalid prices are not sent', async () => {
		const skus = [...SPECIAL_SKUS];
		const items: IDataObject[] = [
			...skus.map((sku, k) => ({ sku, price: 10 + k, sale: k === 0 ? 8.5 : undefined })),
			{ sku: 'NO-SUCH-SKU', price: 5 },
			{ sku: 'CABLE-1.5M', price: 5.555 },
		];
		const result = await product(
			{
				operation: 'updatePrices',
				sku: '={{ $json.sku }}',
				standardPrice: '={{ $json.price }}',
				sale: { salePrice: '={{ $json.sale ?? "" }}', startDate: '2030-01-01T00:00:00Z', endDate: '2030-01-31T00:00:00Z' },
			},
			items,
			{ continueOnFail: true },
		);
		const posts = sim().requests({ path: '/v5/products/prices', method: 'POST' });
		expect(posts).toHaveLength(1);
		const body = posts[0].body as IDataObject[];
		expect(body.map((e) => e.sku)).toEqual([...skus, 'NO-SUCH-SKU']);
		expect(body[0]).toEqual({
			sku: 'TSHIRT/BLUE/M',
			standardPrice: { amount: 10, currency: 'EUR' },
			sale: { salePrice: { amount: 8.5, currency: 'EUR' }, startDate: '2030-01-01T00:00:00.000Z', endDate: '2030-01-31T00:00:00.000Z' },
		});
		const out = result.output('Otto Market');
		expect(out.slice(0, 6).map((i) => [i.json.sku, i.json.status])).toEqual(skus.map((sku) => [sku, 'succeeded']));
		expect(out[6].json).toEqual(expect.objectContaining({ sku: 'NO-SUCH-SKU', status: 'failed' }));
		expect((out[6].json.errors as IDataObject[])[0].code).toBe('UNKNOWN_SKU');
		expect(out[7].json.error).toMatch(/Price of SKU "CABLE-1\.5M" is invalid: standardPrice\.amount 5\.555 has more than 2 decimals/);
		expect(sim().data.productsBySku.get('LAMP 2.0/WHITE, E27')?.pricing.standardPrice.amount).toBe(15);
	});

	test('active status: changes succeed, the same value is unchanged, paired per item', async () => {
		const [a, b] = SPECIAL_SKUS;
		const before = activeStatusOf(sim().data, sim().data.productsBySku.get(b)!).active;
		const result = await product({ operation: 'updateActiveStatus', sku: '={{ $json.sku }}', active: '={{ $json.active }}' }, [
			{ sku: a, active: false },
			{ sku: b, active: before },
		]);
		expect(result.error).toBeUndefined();
		const post = sim().requests({ path: '/v5/products/active-status', method: 'POST' })[0];
		expect(post.body).toEqual({ status: [{ sku: a, active: false }, { sku: b, active: before }] });
		expect(result.output('Otto Market').map((i) => [i.json.sku, i.json.status])).toEqual([
			[a, 'succeeded'],
			[b, 'unchanged'],
		]);
		expect(sim().data.activeStatus.get(a)?.active).toBe(false);
	});
});

describe('Product reads', () => {
	test('Get: every special-character SKU through the list filter, never a single-resource path', async () => {
		const result = await product({ operation: 'get', sku: '={{ $json.sku }}' }, SPECIAL_SKUS.map((sku) => ({ sku })));
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json.sku)).toEqual([...SPECIAL_SKUS]);
		expect(out[2].json).toEqual(JSON.parse(JSON.stringify(sim().data.productsBySku.get('CABLE-1.5M'))));
		const reads = sim().requests({ path: /^\/v5\/products/ });
		expect(reads.every((r) => r.path === '/v5/products')).toBe(true);
		expect(reads.map((r) => r.query.sku)).toEqual([...SPECIAL_SKUS]);
	});

	test('Get: an unknown SKU is an error naming it', async () => {
		const result = await product({ operation: 'get', sku: 'NOPE/1' }, [{}], { continueOnFail: true });
		expect(result.output('Otto Market')[0].json.error).toBe('OTTO has no product variation for SKU "NOPE/1"');
	});

	test('Get Many: Return All pages 100 at a time; Limit and filters (brand and category locators) reach OTTO', async () => {
		sim().reset({ products: 250 });
		const all = await product({ operation: 'getAll', returnAll: true });
		expect(all.output('Otto Market')).toHaveLength(250);
		const pages = sim().requests({ path: '/v5/products', method: 'GET' });
		expect(pages.map((p) => [p.query.page, p.query.limit])).toEqual([
			[undefined, '100'],
			['1', '100'],
			['2', '100'],
		]);

		sim().clearRequests();
		const tshirt = sim().data.products.find((p) => p.productDescription.category === 'T-Shirt')!;
		const brandId = tshirt.productDescription.brandId;
		const filtered = await product({
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			filters: {
				brandId: { __rl: true, mode: 'list', value: brandId, cachedResultName: 'x' },
				category: { __rl: true, mode: 'name', value: 'T-Shirt' },
			},
		});
		const out = filtered.output('Otto Market').map((i) => i.json);
		const expected = sim().data.products.filter((p) => p.productDescription.brandId === brandId && p.productDescription.category === 'T-Shirt');
		expect(out).toHaveLength(Math.min(3, expected.length));
		expect(out.map((v) => v.sku)).toEqual(expected.slice(0, 3).map((p) => p.sku));
		const query = sim().requests({ path: '/v5/products' })[0].query;
		expect(query).toEqual(expect.objectContaining({ brandId, category: 'T-Shirt', limit: '3' }));
	});

	test('Get Active Status / Get Prices / Get Marketplace Status for one special SKU', async () => {
		const sku = 'LAMP 2.0/WHITE, E27';
		const entity = sim().data.productsBySku.get(sku)!;
		const one = (operation: string) => product({ operation, scope: 'sku', sku });
		const active = (await one('getActiveStatus')).output('Otto Market');
		expect(active.map((i) => i.json)).toEqual([activeStatusOf(sim().data, entity)]);
		const prices = (await one('getPrices')).output('Otto Market');
		expect(prices[0].json).toEqual(expect.objectContaining({ sku, standardPrice: entity.pricing.standardPrice }));
		const status = (await one('getMarketplaceStatus')).output('Otto Market');
		expect(status[0].json).toEqual(JSON.parse(JSON.stringify(marketplaceStatusOf(sim().data, entity))));
		const paths = sim().requests({ path: /^\/v5\/products/ }).map((r) => [r.path, r.query.sku]);
		expect(paths).toEqual([
			['/v5/products/active-status', sku],
			['/v5/products/prices', sku],
			['/v5/products/marketplace-status', sku],
		]);
	});

	test('Get Active Status / Get Prices for many: filters and limits', async () => {
		const reference = 'TSHIRT-BASIC';
		const active = await product({ operation: 'getActiveStatus', scope: 'many', returnAll: true, filters: { productReference: reference } });
		expect(active.output('Otto Market').map((i) => i.json.sku)).toEqual(['TSHIRT/BLUE/M', 'TSHIRT/BLUE/L']);
		const prices = await product({ operation: 'getPrices', scope: 'many', returnAll: false, limit: 7 });
		expect(prices.output('Otto Market')).toHaveLength(7);
		expect(sim().requests({ path: '/v5/products/prices' })[0].query.limit).toBe('7');
	});

	test('Get Marketplace Status for many: statuses, date and sort order as OTTO expects them', async () => {
		const since = new Date(Date.parse(sim().data.info.now) - 60 * 3_600_000).toISOString();
		const result = await product({
			operation: 'getMarketplaceStatus',
			scope: 'many',
			returnAll: true,
			filters: { marketPlaceStatus: ['ONLINE', 'REJECTED'], fromDate: since, sortOrder: 'asc' },
		});
		const out = result.output('Otto Market').map((i) => i.json);
		const expected = sim().data.products
			.map((p) => marketplaceStatusOf(sim().data, p))
			.filter((s) => ['ONLINE', 'REJECTED'].includes(s.status) && s.lastModified >= since);
		expect(out).toHaveLength(expected.length);
		expect(out.length).toBeGreaterThan(0);
		const dates = out.map((s) => String(s.lastModified));
		expect([...dates].sort()).toEqual(dates);
		const query = sim().requests({ path: '/v5/products/marketplace-status' })[0].query;
		expect(query).toEqual(expect.objectContaining({ marketPlaceStatus: ['ONLINE', 'REJECTED'], fromDate: since, 'sort-order': 'asc' }));
	});

	test('Get Content Changes: one SKU with a comma keeps it whole; many SKUs since a date', async () => {
		const one = await product({ operation: 'getContentChanges', scope: 'sku', sku: 'SCREWS,100PCS' });
		const change = contentChangeOf(sim().data, sim().data.productsBySku.get('SCREWS,100PCS')!)!;
		expect(one.output('Otto Market').map((i) => i.json)).toEqual([change]);
		expect(sim().requests({ path: '/v5/products/content-changes' })[0].query.sku).toEqual(['SCREWS,100PCS', '']);

		sim().clearRequests();
		const since = new Date(Date.now() - 20 * 86_400_000).toISOString();
		const many = await product({
			operation: 'getContentChanges',
			scope: 'many',
			returnAll: true,
			skus: ['TSHIRT/BLUE/M', 'SCREWS,100PCS', 'CABLE-1.5M'],
			fromDate: since,
		});
		const expected = ['TSHIRT/BLUE/M', 'SCREWS,100PCS', 'CABLE-1.5M']
			.map((sku) => contentChangeOf(sim().data, sim().data.productsBySku.get(sku)!))
			.filter((c) => c && c.lastContentChange >= since);
		expect(many.output('Otto Market').map((i) => i.json.sku).sort()).toEqual(expected.map((c) => c!.sku).sort());
		const query = sim().requests({ path: '/v5/products/content-changes' })[0].query;
		expect(query.sku).toEqual(['TSHIRT/BLUE/M', 'SCREWS,100PCS', 'CABLE-1.5M']);
		expect(query.fromDate).toBe(since);
	});
});

describe('Brand and Category', () => {
	test('Brand → Get Many: usable only by default, all on request', async () => {
		const usable = await runWorkflow(ottoWorkflow({ resource: 'brand', operation: 'getAll', returnAll: true }), helperFor());
		const out = usable.output('Otto Market').map((i) => i.json);
		expect(out).toEqual(JSON.parse(JSON.stringify(sim().data.brands.filter((b) => b.usable))));
		const limited = await runWorkflow(ottoWorkflow({ resource: 'brand', operation: 'getAll', limit: 10, usableOnly: false }), helperFor());
		expect(limited.output('Otto Market')).toHaveLength(10);
		expect(sim().requests({ path: '/v5/products/brands' }).map((r) => r.query.limit)).toEqual(['1000', '10']);
	});

	test('Category → Get Many and Get (one group with attribute definitions)', async () => {
		const all = await runWorkflow(ottoWorkflow({ resource: 'category', operation: 'getAll', returnAll: true }), helperFor());
		expect(all.output('Otto Market')).toHaveLength(sim().data.categoryGroups.length);
		const one = await runWorkflow(
			ottoWorkflow({ resource: 'category', operation: 'get', category: { __rl: true, mode: 'list', value: 'Gartenstuhl' } }),
			helperFor(),
		);
		const group = one.output('Otto Market')[0].json;
		expect(group.categoryGroup).toBe('Gartenmöbel');
		expect((group.attributes as IDataObject[]).some((a) => (a.featureRelevance as string[]).includes('LEGAL'))).toBe(true);
		const missing = await runWorkflow(
			ottoWorkflow({ resource: 'category', operation: 'get', category: { __rl: true, mode: 'name', value: 'Raumschiff' } }),
			helperFor(),
		);
		expect(missing.error?.message).toBe('OTTO has no category "Raumschiff"');
	});
});

describe('list searches (brands, categories, shipping profiles)', () => {
	/** n8n-core's own load-options context for the node, with the harness's credentials. */
	function loadOptionsContext(): ILoadOptionsFunctions {
		const node: INode = {
			id: randomUUID(),
			name: 'Otto Market',
			type: 'n8n-nodes-otto-market.ottoMarket',
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'product', operation: 'getAll' },
			credentials: { ottoMarketOAuth2Api: { id: CREDENTIAL_ID, name: 'OTTO Market (test)' } },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const additionalData = { credentialsHelper: helperFor(), restApiUrl: 'http://127.0.0.1:5678/rest', variables: {} };
		return new LoadOptionsContext(workflow, node, additionalData as unknown as IWorkflowExecuteAdditionalData, 'parameters.filters');
	}

	test('searchBrands: usable brands by name, continued with the pagination token', async () => {
		const ctx = loadOptionsContext();
		const nord = await listSearch.searchBrands.call(ctx, 'nord');
		const expected = sim().data.brands.filter((b) => b.usable && b.name.toLowerCase().includes('nord'));
		expect(nord.results).toEqual(expected.map((b) => ({ name: b.name, value: b.id })));
		expect(nord.paginationToken).toBeUndefined();

		sim().reset({ brands: 2500 });
		const first = await listSearch.searchBrands.call(ctx);
		expect(first.results).toHaveLength(sim().data.brands.slice(0, 1000).filter((b) => b.usable).length);
		expect(first.paginationToken).toBeDefined();
		const second = await listSearch.searchBrands.call(ctx, undefined, first.paginationToken);
		expect(second.results[0].value).toBe(sim().data.brands.slice(1000).find((b) => b.usable)!.id);
	});

	test('searchCategories and searchShippingProfiles', async () => {
		const ctx = loadOptionsContext();
		const garden = await listSearch.searchCategories.call(ctx, 'garten');
		expect(garden.results).toEqual([
			{ name: 'Gartenstuhl', value: 'Gartenstuhl', description: 'Gartenmöbel' },
			{ name: 'Gartentisch', value: 'Gartentisch', description: 'Gartenmöbel' },
		]);
		const profiles = await listSearch.searchShippingProfiles.call(ctx);
		expect(profiles.results.map((r) => r.value)).toEqual(sim().data.shippingProfiles.map((p) => p.shippingProfileId));
		const first = sim().data.shippingProfiles[0];
		const found = await listSearch.searchShippingProfiles.call(ctx, first.shippingProfileName.slice(0, 6).toUpperCase());
		expect(found.results.map((r) => r.name)).toContain(first.shippingProfileName);
	});
});
