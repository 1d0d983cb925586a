import type { IDataObject } from 'n8n-workflow';

import {
	applyVariationDefaults,
	describeIssues,
	hasAtMostTwoDecimals,
	productSafetyAddressFrom,
	skuProblem,
	validatePriceEntry,
	validateVariation,
} from '../../nodes/OttoMarket/helpers/productRules';
import { nextPollDelay, processUuidOf, waitForUpdateTask, type ProductUpdateTask } from '../../nodes/OttoMarket/actions/product/tasks';
import { fakeContext, urlOf } from './transport/fake-context';

const ADDRESS = { name: 'Nordwerk GmbH', address: 'Hauptstraße 1, 20095 Hamburg', email: 'a@b.example', roles: ['MANUFACTURER'] };

function valid(): IDataObject {
	return {
		productReference: 'REF-1',
		sku: 'SKU/1.5 A,B',
		ean: '4006381333931',
		productDescription: { category: 'T-Shirt', brandId: 'ABCDEFGH', bulletPoints: ['Baumwolle'], attributes: [{ name: 'Farbe', values: ['Blau'] }] },
		mediaAssets: [{ type: 'IMAGE', location: 'https://img.example.com/1.jpg' }],
		pricing: { standardPrice: { amount: 19.99, currency: 'EUR' }, vat: 'FULL', sale: { salePrice: { amount: 9.5, currency: 'EUR' } } },
		compliance: { productSafety: { addresses: [ADDRESS] } },
	};
}

const fields = (variation: unknown) => validateVariation(variation).map((i) => i.field);

describe('validateVariation (REFERENCE §4.1)', () => {
	test('a complete variation has no issues, special characters in the SKU included', () => {
		expect(validateVariation(valid())).toEqual([]);
	});

	test('required fields are named by path', () => {
		expect(fields({})).toEqual(['productReference', 'sku', 'ean', 'productDescription', 'mediaAssets', 'pricing', 'compliance']);
		expect(fields({ ...valid(), productDescription: {} })).toEqual(['productDescription.category', 'productDescription.brandId']);
		expect(fields('not an object')).toEqual(['(variation)']);
	});

	test('money: EUR only, a number, at most 2 decimals', () => {
		const issues = (pricing: IDataObject) => describeIssues(validateVariation({ ...valid(), pricing: { vat: 'FULL', ...pricing } }));
		expect(issues({ standardPrice: { amount: 9.999, currency: 'EUR' } })).toBe('pricing.standardPrice.amount 9.999 has more than 2 decimals');
		expect(issues({ standardPrice: { amount: '9.99', currency: 'EUR' } })).toBe('pricing.standardPrice.amount must be a number');
		expect(issues({ standardPrice: { amount: 9.99, currency: 'USD' } })).toMatch(/pricing\.standardPrice\.currency must be "EUR".*not "USD"/);
		expect(issues({ standardPrice: { amount: 0, currency: 'EUR' } })).toBe('pricing.standardPrice.amount must be above 0');
		expect(issues({ standardPrice: { amount: 1, currency: 'EUR' }, msrp: { amount: 1.005, currency: 'EUR' } })).toMatch(/pricing\.msrp\.amount/);
		expect(hasAtMostTwoDecimals(19.99)).toBe(true);
		expect(hasAtMostTwoDecimals(0.1 + 0.2)).toBe(true);
		expect(hasAtMostTwoDecimals(1.001)).toBe(false);
	});

	test('VAT: FULL, REDUCED, FREE; NONE is called out', () => {
		const vat = (value: unknown) => describeIssues(validateVariation({ ...valid(), pricing: { standardPrice: { amount: 1, currency: 'EUR' }, vat: value } }));
		expect(vat('REDUCED')).toBe('');
		expect(vat('NONE')).toMatch(/"NONE" is always rejected/);
		expect(vat(undefined)).toMatch(/pricing\.vat is required/);
		expect(vat('19')).toMatch(/"19" is not one of FULL, REDUCED, FREE/);
	});

	test('SKU: at most 50 characters, no leading or trailing blanks, no control characters', () => {
		expect(skuProblem('A'.repeat(50))).toBeUndefined();
		expect(skuProblem('A'.repeat(51))).toMatch(/at most 50/);
		expect(skuProblem(' A')).toMatch(/must not start or end with blanks/);
		expect(skuProblem('A\tB')).toMatch(/control characters/);
		expect(skuProblem('')).toBe('is required');
		expect(skuProblem(12)).toBe('must be text');
		expect(skuProblem('LAMP 2.0/WHITE, E27')).toBeUndefined();
	});

	test('EAN: digits, not starting with 2, given as text', () => {
		expect(describeIssues(validateVariation({ ...valid(), ean: '2000000000017' }))).toMatch(/ean "2000000000017" must not start with 2/);
		expect(describeIssues(validateVariation({ ...valid(), ean: 4006381333931 }))).toMatch(/ean must be text/);
		expect(describeIssues(validateVariation({ ...valid(), ean: '40063-8133' }))).toMatch(/must be 8 to 14 digits/);
	});

	test('media: at least one IMAGE, known types, http(s) locations', () => {
		expect(fields({ ...valid(), mediaAssets: [{ type: 'USER_MANUAL', location: 'https://x.example/m.pdf' }] })).toEqual(['mediaAssets']);
		expect(fields({ ...valid(), mediaAssets: [] })).toEqual(['mediaAssets']);
		expect(fields({ ...valid(), mediaAssets: [{ type: 'IMAGE', location: 'ftp://x/1.jpg' }, { type: 'PHOTO', location: 'https://x/2.jpg' }] })).toEqual([
			'mediaAssets[0].location',
			'mediaAssets[1].type',
		]);
	});

	test('product safety addresses: name, one-line address, email or url, roles', () => {
		const withAddress = (address: IDataObject) => fields({ ...valid(), compliance: { productSafety: { addresses: [address] } } });
		expect(withAddress({ ...ADDRESS, address: 'Line 1\nLine 2' })).toEqual(['compliance.productSafety.addresses[0].address']);
		expect(withAddress({ ...ADDRESS, email: undefined })).toEqual(['compliance.productSafety.addresses[0]']);
		expect(withAddress({ ...ADDRESS, roles: ['IMPORTER'] })).toEqual(['compliance.productSafety.addresses[0].roles[0]']);
		expect(withAddress({ ...ADDRESS, regionCode: 'DEU' })).toEqual(['compliance.productSafety.addresses[0].regionCode']);
		expect(withAddress({ ...ADDRESS, name: 'N'.repeat(101) })).toEqual(['compliance.productSafety.addresses[0].name']);
		expect(fields({ ...valid(), compliance: { productSafety: { addresses: [] } } })).toEqual(['compliance.productSafety.addresses']);
	});

	test('other documented limits: bullet points, max order quantity, product line, dates', () => {
		const v = valid();
		const description = v.productDescription as IDataObject;
		expect(
			fields({
				...v,
				productDescription: { ...description, bulletPoints: ['ok!', 'no'], productLine: 'x'.repeat(71) },
				order: { maxOrderQuantity: { quantity: 51, periodInDays: 0 } },
				releaseDate: 'tomorrow',
			}),
		).toEqual([
			'releaseDate',
			'productDescription.productLine',
			'productDescription.bulletPoints[1]',
			'order.maxOrderQuantity.quantity',
			'order.maxOrderQuantity.periodInDays',
		]);
	});
});

describe('validatePriceEntry', () => {
	test('SKU, standard price and sale price', () => {
		expect(validatePriceEntry({ sku: 'A/1', standardPrice: { amount: 5, currency: 'EUR' } })).toEqual([]);
		expect(describeIssues(validatePriceEntry({ sku: 'A ', standardPrice: { amount: 5.555, currency: 'EUR' }, sale: {} }))).toBe(
			'sku "A " must not start or end with blanks; standardPrice.amount 5.555 has more than 2 decimals; sale.salePrice is required',
		);
	});
});

describe('defaults (GPSR address, VAT, currency)', () => {
	const defaults = { vat: 'REDUCED', productSafetyAddress: productSafetyAddressFrom({ name: 'Default GmbH', address: 'Weg 1, 12345 Ort', email: 'd@e.example', regionCode: 'at' }) };

	test('fill what is missing, keep what is given, leave the input untouched', () => {
		const bare: IDataObject = { sku: 'A', pricing: { standardPrice: { amount: 5 } } };
		const filled = applyVariationDefaults(bare, defaults);
		expect(filled.compliance).toEqual({
			productSafety: { addresses: [{ name: 'Default GmbH', address: 'Weg 1, 12345 Ort', email: 'd@e.example', regionCode: 'AT', roles: ['MANUFACTURER', 'DISTRIBUTOR'] }] },
		});
		expect(filled.pricing).toEqual({ standardPrice: { amount: 5, currency: 'EUR' }, vat: 'REDUCED' });
		expect(bare).toEqual({ sku: 'A', pricing: { standardPrice: { amount: 5 } } });

		const own = valid();
		expect(applyVariationDefaults(own, defaults)).toEqual(own);
		const emptyAddresses = applyVariationDefaults({ ...own, compliance: { productSafety: { addresses: [] }, other: 1 } }, defaults);
		expect(emptyAddresses.compliance).toEqual({ productSafety: { addresses: [defaults.productSafetyAddress] }, other: 1 });
	});

	test('no default address without a name; roles as chosen', () => {
		expect(productSafetyAddressFrom({ address: 'Weg 1' })).toBeUndefined();
		expect(productSafetyAddressFrom({ name: 'X', url: 'https://x.example', roles: ['DISTRIBUTOR'] })).toEqual({ name: 'X', url: 'https://x.example', roles: ['DISTRIBUTOR'] });
	});
});

describe('update tasks: waiting respects pingAfter and the deadline', () => {
	const UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
	const pending = (pingAfter?: string): ProductUpdateTask => ({
		state: 'pending',
		...(pingAfter ? { pingAfter } : {}),
		links: [{ rel: 'self', href: `/v5/products/update-tasks/${UUID}` }],
	});

	test('processUuid comes from the self link', () => {
		expect(processUuidOf(pending())).toBe(UUID);
		expect(processUuidOf({ links: [] })).toBeUndefined();
	});

	test('sleeps until each pingAfter before polling, then returns the done task', async () => {
		let clock = 1_000_000;
		const sleeps: number[] = [];
		// The first poll answers "pending, ask again in 2.5 s", the second "done".
		const { ctx, requests } = fakeContext((_o, n) => ({
			status: 200,
			body: n === 1 ? pending(new Date(clock + 2_500).toISOString()) : { state: 'done', succeeded: 2 },
		}));
		const result = await waitForUpdateTask.call(ctx, UUID, pending(new Date(clock + 1_200).toISOString()), {
			deadline: clock + 60_000,
			now: () => clock,
			sleep: async (ms) => {
				sleeps.push(ms);
				clock += ms;
			},
		});
		expect(result).toEqual({ task: { state: 'done', succeeded: 2 }, done: true });
		expect(sleeps).toEqual([1_200, 2_500]);
		expect(requests.map((r) => urlOf(r).pathname)).toEqual([`/v5/products/update-tasks/${UUID}`, `/v5/products/update-tasks/${UUID}`]);
	});

	test('gives up without an early poll when the next pingAfter is past the deadline; backs off without pingAfter', async () => {
		let clock = 0;
		const { ctx, requests } = fakeContext(() => ({ status: 200, body: pending(new Date(clock + 10_000).toISOString()) }));
		const result = await waitForUpdateTask.call(ctx, UUID, pending(new Date(500).toISOString()), {
			deadline: 5_000,
			now: () => clock,
			sleep: async (ms) => void (clock += ms),
		});
		expect(result.done).toBe(false);
		expect(requests).toHaveLength(1);
		expect(clock).toBe(500);

		expect(nextPollDelay(pending(), 0, 1_000)).toBe(1_000);
		expect(nextPollDelay(pending(new Date(0).toISOString()), 5_000, 1_000)).toBe(100);
	});
});
