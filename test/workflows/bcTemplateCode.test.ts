/**
 * The business logic of the BC templates (workflows-templates/otto-orders-to-bc.json and otto-bc-customers.json):
 * their Code nodes ("Run Once for All Items") run in a node:vm context with shims for what the Code node offers
 * (`$input`, `$(name)` with `first()`, `all(branch, run)` and `isExecuted`, `$execution`, `$runIndex`,
 * `$workflow`). The end-to-end runs in real n8n are in test/e2e/templates.e2e.test.ts; the edge cases are here.
 *
 * The retry loops ("Send queue" → "Create sales order" → "Check answers" → "Throttled by BC?" → wait → queue) are
 * played by running the queue and check Code nodes once per round with the HTTP Request's answers given by the
 * test, in the shapes n8n 1.123/2.40 give them (an error item is `{ error: { message, name: 'AxiosError', code,
 * status } }`).
 */

import { startSimulator, type OttoSimulator } from '../otto-simulator';
import { injectOrders } from '../otto-simulator/inject';
import type { Address, PartnerOrder, PositionItem } from '../otto-simulator/model';
import { loadTemplate, nodeOf, runTemplateCode, thrown, type Json, type Template } from './fixtures/templateCode';

const load = loadTemplate;
const ORDERS = load('otto-orders-to-bc.json');
const CUSTOMERS = load('otto-bc-customers.json');
const TRIGGER = 'When called by the order workflow';


/** The Config node's values of the order template, with Data Table ids filled in. */
const ORDER_CONFIG: Json = {
	...Object.fromEntries(
		(nodeOf(ORDERS, 'Config').parameters.assignments.assignments as Array<{ name: string; value: unknown }>).map((a) => [a.name, a.value]),
	),
	bcTenantId: 'contoso.onmicrosoft.com',
	bcCompanyId: '3c0f5b01-1351-4c79-8d2e-2cde6e17e512',
	syncStateTableId: 'tblState',
	syncLogTableId: 'tblLog',
	syncErrorTableId: 'tblErrors',
	customerMapTableId: 'tblMap',
};
/** What the customer workflow's Config node outputs when the order workflow sends its settings. */
const CUSTOMER_CONFIG: Json = Object.fromEntries(
	(nodeOf(CUSTOMERS, 'Config').parameters.assignments.assignments as Array<{ name: string }>).map((a) => [a.name, ORDER_CONFIG[a.name]]),
);

const runCode = runTemplateCode;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;


// --- HTTP Request answers as n8n hands them on (onError: continueRegularOutput) -------------------------------

const bcErrorMessage = (status: number, code: string, message: string) =>
	`${status} - ${JSON.stringify(JSON.stringify({ error: { code, message: `${message}  CorrelationId:  e125b4a4-6761-41c4-801e-64dbd71f098b.` } }))}`;
const httpError = (status: number, code: string, message: string): Json => ({
	error: { message: bcErrorMessage(status, code, message), name: 'AxiosError', code: status < 500 ? 'ERR_BAD_REQUEST' : 'ERR_BAD_RESPONSE', status },
});
const THROTTLED: Json = {
	error: { message: "Try spacing your requests out using the batching settings under 'Options'", name: 'AxiosError', code: 'ERR_BAD_REQUEST', status: 429 },
};
const UNAVAILABLE = httpError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please try again later.');
const DROPPED: Json = { error: { message: 'socket hang up', name: 'AxiosError', code: 'ECONNRESET' } };

/**
 * Plays a retry loop: `answers[r][i]` is the HTTP Request's answer to the i-th item the queue sends in round r.
 * Returns the outputs of the queue and check nodes per round.
 */
async function retryLoop(template: Template, queue: string, check: string, first: Json[], answers: Json[][]): Promise<{ queue: Json[][]; check: Json[][] }> {
	const runs = { queue: [] as Json[][], check: [] as Json[][] };
	let input = first;
	for (let r = 0; r < answers.length; r++) {
		runs.queue.push(await runCode(template, queue, { input, runIndex: r }));
		expect(answers[r]).toHaveLength(runs.queue[r].length);
		const checked = await runCode(template, check, { input: answers[r], runIndex: r, nodes: { [queue]: runs.queue } });
		runs.check.push(checked);
		input = checked.filter((c) => c.retry);
	}
	expect(input).toEqual([]); // the loop is over
	return runs;
}

// --- OTTO orders ----------------------------------------------------------------------------------------------

function address(over: Partial<Address> = {}): Address {
	return {
		salutation: 'MS',
		firstName: 'Anna',
		lastName: 'Müller',
		street: 'Hauptstraße',
		houseNumber: '12',
		zipCode: '20095',
		city: 'Hamburg',
		countryCode: 'DEU',
		email: 'k3v9q0zt1x@pseudonym.otto.example',
		...over,
	};
}

let positionSeq = 0;
function position(sku: string, gross: number, over: Partial<PositionItem> & { ean?: string } = {}): PositionItem {
	const { ean, ...rest } = over;
	positionSeq++;
	return {
		positionItemId: `pi-${positionSeq}`,
		fulfillmentStatus: 'PROCESSABLE',
		itemValueGrossPrice: { amount: gross, currency: 'EUR' },
		product: { sku, articleNumber: String(500000000 + positionSeq), productTitle: `Product ${sku}`, vatRate: 19, ean: ean ?? '4000000000000' },
		processableDate: '2026-03-02T08:00:00.000Z',
		...rest,
	};
}

function ottoOrder(orderNumber: string, over: Partial<PartnerOrder> = {}): PartnerOrder {
	return {
		salesOrderId: `so-${orderNumber}`,
		orderNumber,
		orderDate: '2026-03-02T07:59:00.000Z',
		lastModifiedDate: '2026-03-02T08:00:00.000Z',
		orderLifecycleInformation: { lifecycleChangeDate: '2026-03-02T08:00:00.000Z' },
		positionItems: [position('SHIRT-RED-M', 29.99)],
		deliveryAddress: address(),
		invoiceAddress: address(),
		payment: { paymentMethod: 'PAYPAL' },
		initialDeliveryFees: [],
		initialDiscounts: [],
		suspectedFraudCase: false,
		links: [],
		...over,
	};
}

const fee = (amount: number) => ({ deliveryFeeAmount: { amount, currency: 'EUR' as const }, name: 'DELIVERY_FEE_STANDARD', positionItemIds: [], vatRate: 19 });

interface BcItem {
	number: string;
	gtin: string;
	blocked: boolean;
}
const BC_ITEMS: BcItem[] = [
	{ number: 'SHIRT-RED-M', gtin: '4006381333931', blocked: false },
	{ number: 'MUG-01', gtin: '4012345678901', blocked: false },
	{ number: 'LAMP-OLD', gtin: '4098765432109', blocked: true },
	{ number: 'CHAIR-2', gtin: '', blocked: false },
];

interface Prepared {
	read: number;
	skipped: number;
	invalid: Array<{ reference: string; reason: string }>;
	toCreate: Json[];
	deferred: number;
}

/** "Prepare sales orders": BC answers come in two pages each (as the HTTP Request's pagination gives them). */
async function prepare(orders: PartnerOrder[], options: { config?: Json; items?: BcItem[]; inBc?: string[] } = {}): Promise<Prepared> {
	const items = options.items ?? BC_ITEMS;
	const inBc = (options.inBc ?? []).map((externalDocumentNumber, i) => ({ '@odata.etag': `W/"${i}"`, number: `S-ORD1010${i}`, externalDocumentNumber }));
	const pages = <T>(list: T[]) => [{ value: list.slice(0, 1) }, { value: list.slice(1) }];
	const out = await runCode(ORDERS, 'Prepare sales orders', {
		nodes: {
			Config: [[{ ...ORDER_CONFIG, ...options.config }]],
			'Get processable orders': [orders as unknown as Json[]],
			'Read BC items': [pages(items)],
			'Find orders in BC': [pages(inBc)],
		},
	});
	expect(out).toHaveLength(1);
	return out[0] as Prepared;
}

const line = (lineObjectNumber: string, quantity: number, unitPrice: number) => ({ lineType: 'Item', lineObjectNumber, quantity, unitPrice });

describe('orders template: "Prepare sales orders"', () => {
	test('maps an OTTO order to a BC sales order: external document no., dates, ship-to, customer, SKU matched case-insensitively', async () => {
		const order = ottoOrder('xhphvr25k3', {
			positionItems: [position('shirt-red-m', 29.99), position('Mug-01', 12.5)],
			deliveryAddress: address({ title: 'Dr.', addition: '3. OG', countryCode: 'DEU' }),
			invoiceAddress: address({ title: 'Dr.', addition: '3. OG', countryCode: 'DEU' }),
		});
		const out = await prepare([order]);
		expect(out).toMatchObject({ read: 1, skipped: 0, invalid: [], deferred: 0 });
		expect(out.toCreate).toEqual([
			{
				orderNumber: 'xhphvr25k3',
				salesOrderId: 'so-xhphvr25k3',
				customer: {
					addressKey: 'de|20095|hamburg|hauptstr|12|anna|muller|3og',
					displayName: 'Dr. Anna Müller',
					type: 'Person',
					addressLine1: 'Hauptstraße 12',
					addressLine2: '3. OG',
					city: 'Hamburg',
					postalCode: '20095',
					country: 'DE',
					email: 'k3v9q0zt1x@pseudonym.otto.example',
				},
				body: {
					externalDocumentNumber: 'XHPHVR25K3',
					orderDate: '2026-03-02',
					shipToName: 'Dr. Anna Müller',
					shipToAddressLine1: 'Hauptstraße 12',
					shipToAddressLine2: '3. OG',
					shipToCity: 'Hamburg',
					shipToPostCode: '20095',
					shipToCountry: 'DE',
					salesOrderLines: [line('SHIRT-RED-M', 1, 29.99), line('MUG-01', 1, 12.5)],
				},
			},
		]);
	});

	test('a company invoice address becomes a Company customer named after the addition', async () => {
		const invoice = address({ salutation: 'COMPANY', addition: 'Hoffmann GmbH', firstName: 'Sophie', lastName: 'Hoffmann' });
		const [created] = (await prepare([ottoOrder('comp00001', { invoiceAddress: invoice, deliveryAddress: invoice })])).toCreate;
		expect(created.customer).toMatchObject({ displayName: 'Hoffmann GmbH', type: 'Company', addressLine2: '' });
		expect(created.body).toMatchObject({ shipToName: 'Sophie Hoffmann', shipToAddressLine2: 'Hoffmann GmbH' });
	});

	test("itemMatch 'ean' matches the OTTO EAN to the BC item's GTIN, whatever the SKU", async () => {
		const order = ottoOrder('ean000001', { positionItems: [position('otto-sku-7', 12.5, { ean: '4012345678901' })] });
		const byEan = await prepare([order], { config: { itemMatch: 'ean' } });
		expect(byEan.invalid).toEqual([]);
		expect(byEan.toCreate[0].body.salesOrderLines).toEqual([line('MUG-01', 1, 12.5)]);

		const bySku = await prepare([order]);
		expect(bySku.toCreate).toEqual([]);
		expect(bySku.invalid).toEqual([{ reference: 'ean000001', reason: 'SKU otto-sku-7 is no BC item' }]);

		// an EAN no BC item has, and none at all ("CHAIR-2" has an empty GTIN: it must not match a missing EAN)
		const unknown = ottoOrder('ean000002', { positionItems: [position('MUG-01', 12.5, { ean: '4999999999999' }), position('CHAIR-2', 80, { ean: '' })] });
		const noMatch = await prepare([unknown], { config: { itemMatch: 'ean' } });
		expect(noMatch.invalid).toEqual([{ reference: 'ean000002', reason: 'EAN 4999999999999 is no BC item; EAN (none) is no BC item' }]);
	});

	test('two items of the same SKU and price make one line with quantity 2; another price makes its own line', async () => {
		const order = ottoOrder('qty000001', {
			positionItems: [position('SHIRT-RED-M', 29.99), position('MUG-01', 12.5), position('shirt-red-m', 29.99), position('SHIRT-RED-M', 24.99)],
		});
		const [created] = (await prepare([order])).toCreate;
		expect(created.body.salesOrderLines).toEqual([line('SHIRT-RED-M', 2, 29.99), line('MUG-01', 1, 12.5), line('SHIRT-RED-M', 1, 24.99)]);
	});

	test('the reduced gross price is the unit price when OTTO gives one', async () => {
		const order = ottoOrder('red000001', {
			positionItems: [
				position('SHIRT-RED-M', 29.99, { itemValueDiscount: { amount: 3, currency: 'EUR' }, itemValueReducedGrossPrice: { amount: 26.99, currency: 'EUR' } }),
				position('SHIRT-RED-M', 29.99),
			],
		});
		const [created] = (await prepare([order])).toCreate;
		expect(created.body.salesOrderLines).toEqual([line('SHIRT-RED-M', 1, 26.99), line('SHIRT-RED-M', 1, 29.99)]);
	});

	test('bcPricesIncludeVat false: net prices (defaultVatRate), rounded to cents, for items and the shipping fee', async () => {
		const order = ottoOrder('net000001', { positionItems: [position('SHIRT-RED-M', 29.99), position('MUG-01', 19.99), position('MUG-01', 119)], initialDeliveryFees: [fee(4.95)] });
		const [created] = (await prepare([order], { config: { bcPricesIncludeVat: false } })).toCreate;
		expect(created.body.salesOrderLines).toEqual([
			line('SHIRT-RED-M', 1, 25.2), // 29.99 / 1.19 = 25.2016…
			line('MUG-01', 1, 16.8), // 19.99 / 1.19 = 16.7983…
			line('MUG-01', 1, 100),
			{ lineType: 'Account', lineObjectNumber: '8400', description: 'OTTO shipping fee', quantity: 1, unitPrice: 4.16 }, // 4.1596…
		]);
		const [seven] = (await prepare([order], { config: { bcPricesIncludeVat: 'false', defaultVatRate: 7 } })).toCreate;
		expect(seven.body.salesOrderLines.map((l: Json) => l.unitPrice)).toEqual([28.03, 18.68, 111.21, 4.63]);
		const [grossAsText] = (await prepare([order], { config: { bcPricesIncludeVat: 'true' } })).toCreate;
		expect(grossAsText.body.salesOrderLines.map((l: Json) => l.unitPrice)).toEqual([29.99, 19.99, 119, 4.95]);
	});

	test('the shipping fees make one fee line (Account or Item as configured); no fee, no line', async () => {
		const withFees = ottoOrder('fee000001', { initialDeliveryFees: [fee(2.95), fee(2)] });
		const [account] = (await prepare([withFees])).toCreate;
		expect(account.body.salesOrderLines).toEqual([
			line('SHIRT-RED-M', 1, 29.99),
			{ lineType: 'Account', lineObjectNumber: '8400', description: 'OTTO shipping fee', quantity: 1, unitPrice: 4.95 },
		]);
		const [item] = (await prepare([withFees], { config: { shippingFeeLineType: 'Item', shippingFeeNumber: 'SHIPPING' } })).toCreate;
		expect(item.body.salesOrderLines[1]).toEqual({ lineType: 'Item', lineObjectNumber: 'SHIPPING', description: 'OTTO shipping fee', quantity: 1, unitPrice: 4.95 });

		for (const fees of [[], [fee(0)]]) {
			const [none] = (await prepare([ottoOrder('fee000002', { initialDeliveryFees: fees })])).toCreate;
			expect(none.body.salesOrderLines).toEqual([line('SHIRT-RED-M', 1, 29.99)]);
		}
	});

	test('only PROCESSABLE position items become lines (the others are not even looked up)', async () => {
		const order = ottoOrder('proc00001', {
			positionItems: [
				position('SHIRT-RED-M', 29.99, { fulfillmentStatus: 'SENT' }),
				position('MUG-01', 12.5),
				position('NOT-IN-BC', 5, { fulfillmentStatus: 'CANCELLED_BY_PARTNER' }),
				position('LAMP-OLD', 40, { fulfillmentStatus: 'RETURNED' }),
				position('MUG-01', 12.5, { fulfillmentStatus: 'CANCELLED_BY_MARKETPLACE' }),
			],
		});
		const out = await prepare([order]);
		expect(out.invalid).toEqual([]);
		expect(out.toCreate[0].body.salesOrderLines).toEqual([line('MUG-01', 1, 12.5)]);

		const nothing = await prepare([ottoOrder('proc00002', { positionItems: [position('SHIRT-RED-M', 29.99, { fulfillmentStatus: 'SENT' })] })]);
		expect(nothing.invalid).toEqual([{ reference: 'proc00002', reason: 'no processable position item' }]);
		expect(nothing.toCreate).toEqual([]);
	});

	// the fee line alone is no sales order
	test('an order without a processable item is not sent even when it has a shipping fee', async () => {
		const order = ottoOrder('proc00003', { positionItems: [position('SHIRT-RED-M', 29.99, { fulfillmentStatus: 'SENT' })], initialDeliveryFees: [fee(4.95)] });
		const out = await prepare([order]);
		expect(out.toCreate).toEqual([]);
		expect(out.invalid).toEqual([{ reference: 'proc00003', reason: 'no processable position item' }]);
	});

	test('an order already in BC (External Document No. = prefix + order number, upper case) is skipped', async () => {
		const orders = [ottoOrder('abc2345678'), ottoOrder('def2345678'), ottoOrder('ghj2345678')];
		const out = await prepare(orders, { config: { externalDocumentPrefix: 'otto-' }, inBc: ['OTTO-ABC2345678', 'otto-ghj2345678', 'DEF2345678'] });
		expect(out).toMatchObject({ read: 3, skipped: 2, invalid: [], deferred: 0 });
		expect(out.toCreate.map((o) => o.body.externalDocumentNumber)).toEqual(['OTTO-DEF2345678']);

		const noPrefix = await prepare(orders, { inBc: ['DEF2345678'] });
		expect(noPrefix.skipped).toBe(1);
		expect(noPrefix.toCreate.map((o) => o.body.externalDocumentNumber)).toEqual(['ABC2345678', 'GHJ2345678']);
	});

	test('orders that cannot be mapped are reported with the reason and not sent', async () => {
		const orders = [
			ottoOrder('bad0000001', { positionItems: [position('NOPE-1', 10), position('SHIRT-RED-M', 29.99)] }),
			ottoOrder('bad0000002', { positionItems: [position('lamp-old', 40)] }),
			ottoOrder('bad0000003', { deliveryAddress: address({ countryCode: 'USA' }) }),
			ottoOrder('bad0000004', { deliveryAddress: address({ countryCode: '' }) }),
			ottoOrder('bad0000005', { positionItems: [{ ...position('MUG-01', 1), itemValueGrossPrice: undefined as never, positionItemId: 'pi-noprice' }] }),
			ottoOrder('bad0000006', { positionItems: [position('NOPE-2', 10)], deliveryAddress: address({ countryCode: 'XXX' }) }),
			ottoOrder('good000001'),
		];
		const out = await prepare(orders);
		expect(out.read).toBe(7);
		expect(out.invalid).toEqual([
			{ reference: 'bad0000001', reason: 'SKU NOPE-1 is no BC item' },
			{ reference: 'bad0000002', reason: 'BC item LAMP-OLD is blocked' },
			{ reference: 'bad0000003', reason: 'delivery country "USA" is unknown' },
			{ reference: 'bad0000004', reason: 'delivery country "" is unknown' },
			{ reference: 'bad0000005', reason: 'position item pi-noprice has no price' },
			{ reference: 'bad0000006', reason: 'SKU NOPE-2 is no BC item; delivery country "XXX" is unknown' },
		]);
		expect(out.toCreate.map((o) => o.orderNumber)).toEqual(['good000001']);
	});

	test('an External Document No. longer than 35 characters is reported (35 is fine)', async () => {
		const prefix = 'OTTO-MARKETPLACE-SHOP-DE-'; // 25 characters + 10 = 35
		const ok = await prepare([ottoOrder('abcdefghij')], { config: { externalDocumentPrefix: prefix } });
		expect(ok.toCreate.map((o) => o.body.externalDocumentNumber)).toEqual(['OTTO-MARKETPLACE-SHOP-DE-ABCDEFGHIJ']);
		const long = await prepare([ottoOrder('abcdefghij')], { config: { externalDocumentPrefix: prefix + 'X' } });
		expect(long.toCreate).toEqual([]);
		expect(long.invalid).toEqual([
			{
				reference: 'abcdefghij',
				reason: 'External Document No. "OTTO-MARKETPLACE-SHOP-DE-XABCDEFGHIJ" is longer than 35 characters (shorten "externalDocumentPrefix")',
			},
		]);
	});

	test('ISO-3 country codes become ISO-2 on the ship-to and the customer (ISO-2 passes, upper-cased)', async () => {
		const orders = [
			ottoOrder('cty0000001', { deliveryAddress: address({ countryCode: 'AUT' }), invoiceAddress: address({ countryCode: 'CHE' }) }),
			ottoOrder('cty0000002', { deliveryAddress: address({ countryCode: 'nld' }), invoiceAddress: address({ countryCode: 'be' }) }),
		];
		const out = await prepare(orders);
		expect(out.toCreate.map((o) => [o.body.shipToCountry, o.customer.country])).toEqual([
			['AT', 'CH'],
			['NL', 'BE'],
		]);
		expect(out.toCreate[0].customer.addressKey.startsWith('ch|')).toBe(true);
	});

	test('without an invoice address the delivery address is the customer', async () => {
		const order = ottoOrder('noinv00001', { deliveryAddress: address({ countryCode: 'AUT', city: 'Linz', zipCode: '4020' }), invoiceAddress: undefined as never });
		const [created] = (await prepare([order])).toCreate;
		expect(created.customer).toMatchObject({ country: 'AT', city: 'Linz', postalCode: '4020', addressKey: 'at|4020|linz|hauptstr|12|anna|muller|' });
	});

	describe('the customer address key', () => {
		const keyOf = async (invoice: Partial<Address>) => {
			const out = await prepare([ottoOrder('key0000001', { invoiceAddress: address(invoice) })]);
			expect(out.toCreate).toHaveLength(1);
			return out.toCreate[0].customer.addressKey as string;
		};

		test('ignores the e-mail (OTTO anonymises it per order), case and diacritics', async () => {
			const base = await keyOf({});
			expect(base).toBe('de|20095|hamburg|hauptstr|12|anna|muller|');
			expect(await keyOf({ email: 'other-alias@pseudonym.otto.example' })).toBe(base);
			expect(await keyOf({ email: undefined })).toBe(base);
			expect(await keyOf({ firstName: 'ANNA', lastName: 'MÜLLER', city: 'HAMBURG', street: 'HAUPTSTRASSE' })).toBe(base);
			expect(await keyOf({ lastName: 'Muller', firstName: ' Anna ' })).toBe(base);
			expect(await keyOf({ countryCode: 'DE' })).toBe(base);
		});

		test('differs for another house number, zip code or name', async () => {
			const base = await keyOf({});
			expect(await keyOf({ houseNumber: '14' })).not.toBe(base);
			expect(await keyOf({ houseNumber: '12a' })).not.toBe(base);
			expect(await keyOf({ zipCode: '20097' })).not.toBe(base);
			expect(await keyOf({ firstName: 'Hannah' })).not.toBe(base);
			expect(await keyOf({ addition: 'c/o Meier' })).not.toBe(base);
		});

		test('"Straße" and "Str." are the same street when the house number is not part of the street', async () => {
			const base = await keyOf({ houseNumber: '' });
			expect(await keyOf({ street: 'Hauptstr.', houseNumber: '' })).toBe(base);
			expect(await keyOf({ street: 'Hauptstrasse', houseNumber: '' })).toBe(base);
		});

		// street and house number are normalised separately, so the street rules apply
		test('"Straße" vs "Str." gives the same key with a house number', async () => {
			expect(await keyOf({ street: 'Hauptstr.', houseNumber: '12' })).toBe(await keyOf({ street: 'Hauptstraße', houseNumber: '12' }));
		});
	});

	test('maxOrdersPerRun: the oldest orders (by lifecycle change) first, the rest counted as deferred', async () => {
		const at = (iso: string, orderNumber: string) => ottoOrder(orderNumber, { orderLifecycleInformation: { lifecycleChangeDate: iso } });
		const orders = [
			at('2026-03-02T10:00:00.000Z', 'late000001'),
			at('2026-03-02T08:00:00.000Z', 'early00001'),
			at('2026-03-02T11:30:00.000Z', 'latest0001'),
			at('2026-03-02T09:00:00.000Z', 'middle0001'),
		];
		const out = await prepare(orders, { config: { maxOrdersPerRun: 2 } });
		expect(out.toCreate.map((o) => o.orderNumber)).toEqual(['early00001', 'middle0001']);
		expect(out).toMatchObject({ read: 4, skipped: 0, deferred: 2 });

		const all = await prepare(orders, { config: { maxOrdersPerRun: 4 } });
		expect(all.toCreate.map((o) => o.orderNumber)).toEqual(['early00001', 'middle0001', 'late000001', 'latest0001']);
		expect(all.deferred).toBe(0);
		// skipped and invalid orders do not count against the limit
		const mixed = await prepare([...orders, at('2026-03-01T00:00:00.000Z', 'inbc000001'), ottoOrder('bad0000001', { positionItems: [position('NOPE', 1)] })], {
			config: { maxOrdersPerRun: 3 },
			inBc: ['INBC000001'],
		});
		expect(mixed).toMatchObject({ read: 6, skipped: 1, deferred: 1 });
		expect(mixed.invalid).toHaveLength(1);
		expect(mixed.toCreate.map((o) => o.orderNumber)).toEqual(['early00001', 'middle0001', 'late000001']);
	});

	test('an order OTTO lists twice (paging) is read, created and counted once', async () => {
		const order = ottoOrder('twice00001');
		const out = await prepare([order, ottoOrder('other00001'), clone(order)]);
		expect(out.read).toBe(2);
		expect(out.toCreate.map((o) => o.orderNumber)).toEqual(['twice00001', 'other00001']);
		const skipped = await prepare([order, clone(order)], { inBc: ['TWICE00001'] });
		expect(skipped).toMatchObject({ read: 1, skipped: 1, toCreate: [] });
	});

	test('no orders: nothing to do (an empty OTTO answer is one empty item)', async () => {
		const out = await runCode(ORDERS, 'Prepare sales orders', {
			nodes: { Config: [[ORDER_CONFIG]], 'Get processable orders': [[{}]], 'Read BC items': [[{ value: [] }]], 'Find orders in BC': [[{ value: [] }]] },
		});
		expect(out).toEqual([{ read: 0, skipped: 0, invalid: [], toCreate: [], deferred: 0 }]);
	});

	describe('with orders of the OTTO simulator', () => {
		let sim: OttoSimulator;
		beforeAll(async () => {
			sim = await startSimulator({ port: 0, seed: { orders: 0 } });
		});
		afterAll(async () => {
			await sim.close();
		});

		test('every order becomes a sales order with its processable items at their reduced prices and its fee', async () => {
			const orders = injectOrders(sim.data, { count: 8, orderDate: '2026-03-02T08:00:00.000Z', statuses: ['PROCESSABLE', 'SENT', 'PROCESSABLE'] });
			const items = sim.data.products.map((p) => ({ number: p.sku.toUpperCase(), gtin: p.ean, blocked: false }));
			for (const itemMatch of ['sku', 'ean']) {
				const out = await prepare(orders, { items, config: { itemMatch } });
				expect(out).toMatchObject({ read: 8, skipped: 0, invalid: [], deferred: 0 });
				expect(out.toCreate.map((o) => o.orderNumber).sort()).toEqual(orders.map((o) => o.orderNumber).sort());
				for (const created of out.toCreate) {
					const order = orders.find((o) => o.orderNumber === created.orderNumber)!;
					const processable = order.positionItems.filter((i) => i.fulfillmentStatus === 'PROCESSABLE');
					const lines = created.body.salesOrderLines as Json[];
					const itemLines = lines.filter((l) => l.description === undefined);
					expect(itemLines.reduce((n, l) => n + l.quantity, 0)).toBe(2);
					for (const l of itemLines) expect(processable.map((i) => i.product.sku.toUpperCase())).toContain(l.lineObjectNumber);
					const total = itemLines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
					const expected = processable.reduce((sum, i) => sum + (i.itemValueReducedGrossPrice ?? i.itemValueGrossPrice).amount, 0);
					expect(total).toBeCloseTo(expected, 2);
					const fees = order.initialDeliveryFees.reduce((sum, f) => sum + f.deliveryFeeAmount.amount, 0);
					expect(lines.filter((l) => l.description === 'OTTO shipping fee').map((l) => l.unitPrice)).toEqual(fees > 0 ? [Math.round(fees * 100) / 100] : []);
					expect(created.body.externalDocumentNumber).toBe(order.orderNumber.toUpperCase());
					expect(created.body.shipToCountry).toMatch(/^[A-Z]{2}$/);
					expect(created.customer.country).toMatch(/^[A-Z]{2}$/);
				}
			}
		});
	});
});

// --- Plan run ---------------------------------------------------------------------------------------------------

describe('orders template: OTTO cannot list the orders', () => {
	test('"Prepare sales orders" sends nothing and passes OTTO\'s message and logref on', async () => {
		const out = await runCode(ORDERS, 'Prepare sales orders', {
			nodes: {
				Config: [[ORDER_CONFIG]],
				'Get processable orders': [[{ error: 'OTTO answered 500', description: 'Internal error (logref 7f3a-22c9)', httpCode: '500' }]],
				'Read BC items': [[{ value: [] }]],
				'Find orders in BC': [[{ value: [] }]],
			},
		});
		expect(out).toEqual([
			{ read: 0, skipped: 0, invalid: [], toCreate: [], deferred: 0, ottoError: { message: 'OTTO answered 500: Internal error (logref 7f3a-22c9)', logref: '7f3a-22c9' } },
		]);
	});

	test('a BC list answer that is no list (an error taken as a page) sends nothing and is reported', async () => {
		const out = await runCode(ORDERS, 'Prepare sales orders', {
			nodes: {
				Config: [[ORDER_CONFIG]],
				'Get processable orders': [[ottoOrder('bcerr00001', { positionItems: [position('SHIRT-RED-M', 29.99)] }) as unknown as Json]],
				'Read BC items': [[{ value: [] }]],
				'Find orders in BC': [[{ error: { code: 'Application_TooManyRequests', message: 'Too many requests' } }]],
			},
		});
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ toCreate: [], bcError: { node: 'Find orders in BC' } });
		expect(out[0].bcError.message).toContain('Application_TooManyRequests');
	});

	test('an unknown invoice country stops an order only when customers are created from it', async () => {
		const order = ottoOrder('inv0000001', { positionItems: [position('SHIRT-RED-M', 29.99)], invoiceAddress: address({ countryCode: 'XXX' }) });
		expect((await prepare([order])).toCreate).toHaveLength(1);
		const out = await prepare([order], { config: { autoCreateCustomers: true } });
		expect(out.toCreate).toEqual([]);
		expect(out.invalid).toEqual([{ reference: 'inv0000001', reason: 'invoice country "XXX" is unknown' }]);
	});
});

describe('orders template: "Plan run"', () => {
	const plan = async (state: Json, config: Json = {}, executionId = '4711') => {
		const before = Date.now();
		const out = await runCode(ORDERS, 'Plan run', { input: [state], executionId, nodes: { Config: [[{ ...ORDER_CONFIG, ...config }]] } });
		expect(out).toHaveLength(1);
		const run = out[0];
		expect(Date.parse(run.startedAt)).toBeGreaterThanOrEqual(before);
		expect(Date.parse(run.startedAt)).toBeLessThanOrEqual(Date.now());
		return run;
	};
	const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60000).toISOString();

	test('first run (no state row): since = now − initialLookbackDays; claims the lock; builds the BC API root', async () => {
		const run = await plan({});
		expect(Date.parse(run.startedAt) - Date.parse(run.since)).toBe(7 * 86400000);
		expect(run).toEqual({
			busy: false,
			busyReason: '',
			claim: { workflow: 'otto-orders-to-bc', runningSince: run.startedAt, runningExecutionId: '4711' },
			startedAt: run.startedAt,
			since: run.since,
			cursorFrom: '',
			bcRoot: 'https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/production',
			bcApi: 'https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/production/api/v2.0/companies(3c0f5b01-1351-4c79-8d2e-2cde6e17e512)',
			pageSize: 100,
		});
		const three = await plan({}, { initialLookbackDays: 3 });
		expect(Date.parse(three.startedAt) - Date.parse(three.since)).toBe(3 * 86400000);
	});

	test('with a cursor: since = cursor − cursorOverlapMinutes', async () => {
		const run = await plan({ workflow: 'otto-orders-to-bc', cursor: '2026-03-02T08:00:00.000Z', runningSince: '', runningExecutionId: '' });
		expect(run).toMatchObject({ since: '2026-03-02T07:50:00.000Z', cursorFrom: '2026-03-02T08:00:00.000Z', busy: false });
		const noOverlap = await plan({ cursor: '2026-03-02T08:00:00.000Z' }, { cursorOverlapMinutes: 0 });
		expect(noOverlap.since).toBe('2026-03-02T08:00:00.000Z');
	});

	test('a cursor that is no date fails the run', async () => {
		expect(await thrown(plan({ cursor: 'yesterday' }))).toBe('otto_sync_state: cursor "yesterday" is not a date');
	});

	test('a lock younger than runLockMinutes held by another execution: busy', async () => {
		const since = minutesAgo(5);
		const run = await plan({ cursor: '2026-03-02T08:00:00.000Z', runningSince: since, runningExecutionId: '4700' });
		expect(run.busy).toBe(true);
		expect(run.busyReason).toBe(`execution 4700 has been running since ${since}`);
		expect((await plan({ runningSince: minutesAgo(25), runningExecutionId: '4700' }, { runLockMinutes: 30 })).busy).toBe(true);
	});

	test('an older lock, a lock of this execution, or a released lock: not busy', async () => {
		expect((await plan({ runningSince: minutesAgo(16), runningExecutionId: '4700' })).busy).toBe(false);
		expect((await plan({ runningSince: minutesAgo(5), runningExecutionId: '4711' }, {}, '4711')).busy).toBe(false);
		expect((await plan({ runningSince: '', runningExecutionId: '' })).busy).toBe(false);
		expect((await plan({ runningSince: minutesAgo(5), runningExecutionId: '4700' }, { runLockMinutes: 3 })).busy).toBe(false);
	});

	test('an empty required Config field fails the run naming it', async () => {
		for (const key of ['bcApiBase', 'bcTenantId', 'bcEnvironment', 'bcCompanyId', 'syncStateTableId', 'syncLogTableId', 'syncErrorTableId']) {
			expect(await thrown(plan({}, { [key]: ' ' }))).toBe(`Config: "${key}" is empty. Fill in the Config node (see the note "Set up").`);
		}
		// the customer map is only needed by the customer workflow
		await expect(plan({}, { customerMapTableId: '' })).resolves.toMatchObject({ busy: false });
	});

	test('bcApi: trailing slashes of bcApiBase dropped, tenant and environment URL-encoded; pageSize clamped', async () => {
		const run = await plan({}, { bcApiBase: 'http://127.0.0.1:44847/v2.0//', bcTenantId: 'my tenant/1', bcEnvironment: 'Sandbox Test', batchSize: 50000 });
		expect(run.bcApi).toBe('http://127.0.0.1:44847/v2.0/my%20tenant%2F1/Sandbox%20Test/api/v2.0/companies(3c0f5b01-1351-4c79-8d2e-2cde6e17e512)');
		expect(run.pageSize).toBe(20000);
		expect((await plan({}, { batchSize: '' })).pageSize).toBe(100);
	});
});

// --- Finish run -------------------------------------------------------------------------------------------------

describe('orders template: "Finish run" (with the retry loop of "Create sales order")', () => {
	const STARTED = '2026-03-02T09:00:00.000Z';
	const CURSOR = '2026-03-02T08:45:00.000Z';
	const planned = { startedAt: STARTED, cursorFrom: CURSOR, since: '2026-03-02T08:35:00.000Z' };
	const prepared = (over: Partial<Prepared> = {}): Prepared => ({ read: 10, skipped: 3, invalid: [], toCreate: [], deferred: 0, ...over });
	const queued = (...orderNumbers: string[]) => orderNumbers.map((orderNumber) => ({ orderNumber, body: { externalDocumentNumber: orderNumber.toUpperCase(), customerNumber: 'C00010' } }));
	const created = (orderNumber: string) => ({ '@odata.etag': 'W/"1"', id: `id-${orderNumber}`, number: `S-ORD-${orderNumber}`, externalDocumentNumber: orderNumber.toUpperCase() });

	async function finish(options: { prepared?: Prepared; check?: Json[][]; customers?: Json[]; cursorFrom?: string }): Promise<Json> {
		const nodes: Record<string, Json[][]> = {
			Config: [[ORDER_CONFIG]],
			'Plan run': [[{ ...planned, cursorFrom: options.cursorFrom ?? CURSOR }]],
			'Prepare sales orders': [[options.prepared ?? prepared()]],
		};
		if (options.customers) nodes['Resolve customers'] = [options.customers];
		if (options.check) nodes['Check answers'] = options.check;
		const out = await runCode(ORDERS, 'Finish run', { nodes, executionId: '4711' });
		expect(out).toHaveLength(1);
		return out[0];
	}

	test('OTTO could not list the orders: one error row with the logref, the run fails and keeps its cursor', async () => {
		const out = await finish({ prepared: prepared({ read: 0, skipped: 0, ottoError: { message: 'OTTO answered 500', logref: 'abc-1' } } as Partial<Prepared>) });
		expect(out.ok).toBe(false);
		expect(out.errors).toMatchObject([{ reference: '(order list)', node: 'Get processable orders', logref: 'abc-1', reason: 'OTTO did not list the orders: OTTO answered 500' }]);
		expect(out.log).toMatchObject({ status: 'failed', cursorTo: CURSOR, read: 0, failed: 1 });
	});

	test('a 429 answer followed by a success in the next round counts once as created; the cursor moves, the lock is released', async () => {
		const loop = await retryLoop(ORDERS, 'Send queue', 'Check answers', queued('aaa0000001', 'bbb0000001'), [[THROTTLED, created('bbb0000001')], [created('aaa0000001')]]);
		expect(loop.check[0].map((c) => [c.orderNumber, c.attempt, c.retry])).toEqual([
			['aaa0000001', 1, true],
			['bbb0000001', 1, false],
		]);
		expect(loop.check[0][0].error).toEqual({ status: 429, code: '', message: "Try spacing your requests out using the batching settings under 'Options'" });
		expect(loop.check[1]).toMatchObject([{ orderNumber: 'aaa0000001', attempt: 2, retry: false, error: null, answer: { id: 'id-aaa0000001' } }]);

		const out = await finish({ check: loop.check, prepared: prepared({ toCreate: [{}, {}] }) });
		expect(out.ok).toBe(true);
		expect(out.errors).toEqual([]);
		expect(out.message).toBe('Created 2 BC sales order(s); 3 already in BC');
		expect(out.log).toEqual({
			workflow: 'otto-orders-to-bc',
			executionId: '4711',
			startedAt: STARTED,
			finishedAt: out.log.finishedAt,
			status: 'success',
			cursorFrom: CURSOR,
			cursorTo: STARTED,
			read: 10,
			created: 2,
			skipped: 3,
			failed: 0,
			message: 'Created 2 BC sales order(s); 3 already in BC',
		});
		expect(out.state).toEqual({ workflow: 'otto-orders-to-bc', cursor: STARTED, lastSuccessAt: out.log.finishedAt, lastExecutionId: '4711', runningSince: '', runningExecutionId: '' });
	});

	test('a 503 is an error row "BC answered 503 — the next run checks …" with the BC error code; the run fails, the cursor stays', async () => {
		const loop = await retryLoop(ORDERS, 'Send queue', 'Check answers', queued('aaa0000001', 'bbb0000001', 'ccc0000001'), [
			[created('aaa0000001'), UNAVAILABLE, THROTTLED],
			[UNAVAILABLE],
		]);
		const out = await finish({ check: loop.check });
		expect(out.ok).toBe(false);
		expect(out.errors).toEqual([
			{
				workflow: 'otto-orders-to-bc',
				executionId: '4711',
				occurredAt: out.log.finishedAt,
				reference: 'bbb0000001',
				reason: 'BC answered 503 — the next run checks whether BC created the sales order: The service is temporarily unavailable. Please try again later.',
				logref: '',
				bcErrorCode: 'ServiceUnavailable',
				node: 'Create sales order',
			},
			{
				workflow: 'otto-orders-to-bc',
				executionId: '4711',
				occurredAt: out.log.finishedAt,
				reference: 'ccc0000001',
				reason: 'BC answered 503 — the next run checks whether BC created the sales order: The service is temporarily unavailable. Please try again later. (attempt 2)',
				logref: '',
				bcErrorCode: 'ServiceUnavailable',
				node: 'Create sales order',
			},
		]);
		expect(out.log).toMatchObject({ status: 'failed', cursorFrom: CURSOR, cursorTo: CURSOR, created: 1, failed: 2, skipped: 3, read: 10 });
		expect(out.message).toBe(
			'2 OTTO order(s) did not reach BC (bbb0000001, ccc0000001): BC answered 503 — the next run checks whether BC created the sales order: The service is temporarily unavailable. Please try again later. See the sync errors table.',
		);
		expect(out.log.message).toBe(out.message);
		// no cursor in the state row: the upsert leaves the old one; the lock is released
		expect(out.state).toEqual({ workflow: 'otto-orders-to-bc', runningSince: '', runningExecutionId: '' });
	});

	test('a 400 is "BC did not create the sales order: …"; a dropped connection is "BC answered nothing …"', async () => {
		const relation = httpError(
			400,
			'Internal_InvalidTableRelation',
			'The field Sell-to Customer No. of table Sales Header contains a value (K0001) that cannot be found in the related table (Customer).',
		);
		const loop = await retryLoop(ORDERS, 'Send queue', 'Check answers', queued('aaa0000001', 'bbb0000001'), [[relation, DROPPED]]);
		const out = await finish({ check: loop.check });
		expect(out.errors.map((e: Json) => [e.reference, e.reason, e.bcErrorCode, e.node])).toEqual([
			[
				'aaa0000001',
				'BC did not create the sales order: The field Sell-to Customer No. of table Sales Header contains a value (K0001) that cannot be found in the related table (Customer).',
				'Internal_InvalidTableRelation',
				'Create sales order',
			],
			['bbb0000001', 'BC answered nothing — the next run checks whether BC created the sales order: socket hang up', '', 'Create sales order'],
		]);
		expect(out.log).toMatchObject({ status: 'failed', created: 0, failed: 2 });
	});

	test('still throttled after 6 attempts: not retried again, reported as not created', async () => {
		const loop = await retryLoop(ORDERS, 'Send queue', 'Check answers', queued('aaa0000001'), Array.from({ length: 6 }, () => [THROTTLED]));
		expect(loop.check.map((run) => run[0].retry)).toEqual([true, true, true, true, true, false]);
		const out = await finish({ check: loop.check });
		expect(out.errors.map((e: Json) => e.reason)).toEqual([
			"BC did not create the sales order: Try spacing your requests out using the batching settings under 'Options' (attempt 6)",
		]);
		expect(out.log).toMatchObject({ status: 'failed', created: 0, failed: 1 });
	});

	test('customer errors from "Resolve customers" and unmappable orders are error rows of their nodes', async () => {
		const loop = await retryLoop(ORDERS, 'Send queue', 'Check answers', queued('ccc0000001'), [[created('ccc0000001')]]);
		const out = await finish({
			check: loop.check,
			prepared: prepared({ invalid: [{ reference: 'bad0000001', reason: 'SKU NOPE is no BC item' }] }),
			customers: [
				{ orderNumber: 'aaa0000001', error: 'BC did not create the customer: The length of the string is 120', bcErrorCode: 'Application_StringExceededLength' },
				{ orderNumber: 'bbb0000001', error: 'Config "defaultCustomerNo" is empty' },
				{ orderNumber: 'ccc0000001', customerNumber: 'C00010' },
			],
		});
		expect(out.errors.map((e: Json) => [e.reference, e.reason, e.node, e.bcErrorCode])).toEqual([
			['bad0000001', 'Not sent to BC: SKU NOPE is no BC item', 'Prepare sales orders', ''],
			['aaa0000001', 'No BC customer: BC did not create the customer: The length of the string is 120', 'Resolve customers', 'Application_StringExceededLength'],
			['bbb0000001', 'No BC customer: Config "defaultCustomerNo" is empty', 'Resolve customers', ''],
		]);
		expect(out.ok).toBe(false);
		expect(out.log).toMatchObject({ status: 'failed', created: 1, failed: 3, cursorTo: CURSOR });
	});

	test('more orders than maxOrdersPerRun: status partial, the cursor stays where it was', async () => {
		const loop = await retryLoop(ORDERS, 'Send queue', 'Check answers', queued('aaa0000001'), [[created('aaa0000001')]]);
		const out = await finish({ check: loop.check, prepared: prepared({ deferred: 4 }) });
		expect(out.ok).toBe(true);
		expect(out.message).toBe('Created 1 BC sales order(s); 3 already in BC; 4 more next run');
		expect(out.log).toMatchObject({ status: 'partial', cursorFrom: CURSOR, cursorTo: CURSOR, created: 1, failed: 0 });
		expect(out.state).toMatchObject({ cursor: CURSOR, runningSince: '', runningExecutionId: '', lastExecutionId: '4711' });
	});

	test('nothing to create ("Check answers" never ran): success, the cursor moves', async () => {
		const out = await finish({ prepared: prepared({ read: 3, skipped: 3 }) });
		expect(out).toMatchObject({ ok: true, errors: [], message: 'Created 0 BC sales order(s); 3 already in BC' });
		expect(out.log).toMatchObject({ status: 'success', cursorTo: STARTED, created: 0, skipped: 3, read: 3 });
		expect(out.state.cursor).toBe(STARTED);
	});

	test('the first run (no cursor) that fails leaves cursorFrom and cursorTo empty', async () => {
		const loop = await retryLoop(ORDERS, 'Send queue', 'Check answers', queued('aaa0000001'), [[UNAVAILABLE]]);
		const out = await finish({ check: loop.check, cursorFrom: '' });
		expect(out.log).toMatchObject({ status: 'failed', cursorFrom: '', cursorTo: '' });
		expect(out.state).not.toHaveProperty('cursor');
	});

	test('the message names at most 5 orders', async () => {
		const numbers = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7'];
		const out = await finish({ prepared: prepared({ invalid: numbers.map((reference) => ({ reference, reason: 'SKU X is no BC item' })) }) });
		expect(out.message).toBe('7 OTTO order(s) did not reach BC (o1, o2, o3, o4, o5, …): Not sent to BC: SKU X is no BC item See the sync errors table.');
		expect(out.errors).toHaveLength(7);
	});
});

// --- Customer workflow -------------------------------------------------------------------------------------------

interface Customer {
	addressKey: string;
	displayName: string;
	type: string;
	addressLine1: string;
	addressLine2: string;
	city: string;
	postalCode: string;
	country: string;
	email: string;
}
const customer = (key: string, over: Partial<Customer> = {}): Customer => ({
	addressKey: key,
	displayName: `Buyer ${key}`,
	type: 'Person',
	addressLine1: 'Hauptstraße 12',
	addressLine2: '',
	city: 'Hamburg',
	postalCode: '20095',
	country: 'DE',
	email: `${key}@pseudonym.otto.example`,
	...over,
});
const call = (orderNumber: string, key?: string) => ({ orderNumber, ...(key ? { customer: customer(key) } : {}), config: CUSTOMER_CONFIG });
/** A row of otto_customer_map as the Data Table node reads it (with the table's own id and timestamps). */
const mapRow = (addressKey: string, customerNumber: string, id: number, over: Json = {}) => ({
	addressKey,
	customerNumber,
	customerName: `Buyer ${addressKey}`,
	country: 'DE',
	customerId: `guid-${customerNumber}`,
	postingGroupsSet: 'yes',
	id,
	createdAt: '2026-03-01T10:00:00.000Z',
	updatedAt: '2026-03-01T10:00:00.000Z',
	...over,
});

interface Plan {
	known: Record<string, { number: string; id: string; groupsSet: boolean }>;
	create: Customer[];
	pendingGroups: Array<{ addressKey: string; customerNumber: string; customerId: string }>;
}

describe('customers template', () => {
	/** What "Config" outputs when the order workflow calls with Auto Create Customers on. */
	const CONFIG: Json = { ...CUSTOMER_CONFIG, autoCreateCustomers: true };
	const planCustomers = async (calls: Json[], mapRows: Json[], config: Json = {}) => {
		const out = await runCode(CUSTOMERS, 'Plan customers', {
			nodes: { Config: [[{ ...CONFIG, ...config }]], 'Read customer map': [mapRows], [TRIGGER]: [calls] },
		});
		expect(out).toHaveLength(1);
		return out[0] as Plan;
	};
	/** An entry of the plan's `known`. */
	const known = (number: string, groupsSet = true, id = `guid-${number}`) => ({ number, id, groupsSet });
	/** An entry of the plan's `pendingGroups`. */
	const pending = (addressKey: string, customerNumber: string, customerId = `guid-${customerNumber}`) => ({ addressKey, customerNumber, customerId });

	describe('"Plan customers"', () => {
		test('known keys from the map rows; each new key once, even when 3 orders share it', async () => {
			const calls = [call('o1', 'k-new'), call('o2', 'k-known'), call('o3', 'k-new'), call('o4', 'k-other'), call('o5', 'k-new'), call('o6')];
			const plan = await planCustomers(calls, [mapRow('k-known', 'C00100', 1), mapRow('k-unused', 'C00200', 2)]);
			expect(plan).toEqual({
				known: { 'k-known': known('C00100'), 'k-unused': known('C00200') },
				create: [customer('k-new'), customer('k-other')],
				pendingGroups: [],
			});
		});

		test('an empty customer map arrives as one empty item', async () => {
			const plan = await planCustomers([call('o1', 'k1')], [{}]);
			expect(plan).toEqual({ known: {}, create: [customer('k1')], pendingGroups: [] });
		});

		test("known customers without posting groups (postingGroupsSet not 'yes') that this run's orders use are pending, each once; apiTemplate: none", async () => {
			const calls = [call('o1', 'k-pending'), call('o2', 'k-set'), call('o3', 'k-pending'), call('o4', 'k-legacy'), call('o5', 'k-new')];
			const rows = [
				mapRow('k-pending', 'C00100', 1, { postingGroupsSet: '' }),
				// a row from before the columns customerId and postingGroupsSet existed
				mapRow('k-legacy', 'C00200', 2, { customerId: null, postingGroupsSet: null }),
				mapRow('k-unused', 'C00300', 3, { postingGroupsSet: '' }),
				mapRow('k-set', 'C00400', 4),
			];
			expect(await planCustomers(calls, rows)).toEqual({
				known: { 'k-pending': known('C00100', false), 'k-legacy': known('C00200', false, ''), 'k-unused': known('C00300', false), 'k-set': known('C00400') },
				create: [customer('k-new')],
				pendingGroups: [pending('k-pending', 'C00100'), pending('k-legacy', 'C00200', '')],
			});
			// BC's API Setup sets the posting groups: every known customer has them
			expect(await planCustomers(calls, rows, { postingGroupEndpoint: 'apiTemplate' })).toEqual({
				known: { 'k-pending': known('C00100'), 'k-legacy': known('C00200', true, ''), 'k-unused': known('C00300'), 'k-set': known('C00400') },
				create: [customer('k-new')],
				pendingGroups: [],
			});
		});

		test('an empty posting group fails when customers are to be created or to get their posting groups, unless postingGroupEndpoint is apiTemplate', async () => {
			const withoutGroups = [mapRow('k1', 'C00100', 1, { postingGroupsSet: '' })];
			for (const key of ['customerPostingGroup', 'genBusPostingGroup', 'vatBusPostingGroup']) {
				for (const postingGroupEndpoint of ['customerCard', 'customApi']) {
					const message = `Config: "${key}" is empty (or set "postingGroupEndpoint" to "apiTemplate")`;
					expect(await thrown(planCustomers([call('o1', 'k1')], [{}], { [key]: ' ', postingGroupEndpoint }))).toBe(message);
					expect(await thrown(planCustomers([call('o1', 'k1')], withoutGroups, { [key]: ' ', postingGroupEndpoint }))).toBe(message);
				}
			}
			const empty = { customerPostingGroup: '', genBusPostingGroup: '', vatBusPostingGroup: '' };
			await expect(planCustomers([call('o1', 'k1')], [{}], { ...empty, postingGroupEndpoint: 'apiTemplate' })).resolves.toMatchObject({ create: [{ addressKey: 'k1' }] });
			await expect(planCustomers([call('o1', 'k1')], withoutGroups, { ...empty, postingGroupEndpoint: 'apiTemplate' })).resolves.toEqual({
				known: { k1: known('C00100') },
				create: [],
				pendingGroups: [],
			});
			// nothing to create and nothing pending: the posting groups are not needed
			await expect(planCustomers([call('o1', 'k1')], [mapRow('k1', 'C00100', 1)], empty)).resolves.toEqual({ known: { k1: known('C00100') }, create: [], pendingGroups: [] });
			// a customer without posting groups that no order of this run uses is not pending either
			await expect(planCustomers([call('o1', 'k2')], [mapRow('k1', 'C00100', 1, { postingGroupsSet: '' }), mapRow('k2', 'C00200', 2)], empty)).resolves.toEqual({
				known: { k1: known('C00100', false), k2: known('C00200') },
				create: [],
				pendingGroups: [],
			});
		});
	});

	test('"New customers": the API body, with addressLine2 and email only when given', async () => {
		const create = [customer('k1', { addressLine2: '3. OG' }), customer('k2', { email: '', type: 'Company', displayName: 'Hoffmann GmbH' })];
		const out = await runCode(CUSTOMERS, 'New customers', { input: [{ known: {}, create, pendingGroups: [] }] });
		expect(out).toEqual([
			{
				addressKey: 'k1',
				body: { displayName: 'Buyer k1', type: 'Person', addressLine1: 'Hauptstraße 12', city: 'Hamburg', postalCode: '20095', country: 'DE', addressLine2: '3. OG', email: 'k1@pseudonym.otto.example' },
			},
			{ addressKey: 'k2', body: { displayName: 'Hoffmann GmbH', type: 'Company', addressLine1: 'Hauptstraße 12', city: 'Hamburg', postalCode: '20095', country: 'DE' } },
		]);
	});

	const bcCustomer = (number: string, key: string) => ({ '@odata.etag': 'W/"1"', id: `guid-${number}`, number, displayName: `Buyer ${key}`, country: 'DE' });
	const newCustomer = (key: string) => ({ addressKey: key, body: { displayName: `Buyer ${key}` } });
	const CARD_GROUPS = { Customer_Posting_Group: 'DOMESTIC', Gen_Bus_Posting_Group: 'DOMESTIC', VAT_Bus_Posting_Group: 'DOMESTIC' };
	const API_GROUPS = { customerPostingGroup: 'DOMESTIC', genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'DOMESTIC' };
	const ROOT = 'https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/production';
	const card = (number: string) => `${ROOT}/ODataV4/Company('CRONUS%20DE')/CustomerCard('${number}')`;
	const GROUPS_FAILED = 'The field Customer Posting Group of table Customer contains a value (EU) that cannot be found in the related table (Customer Posting Group).';

	describe('"Posting groups"', () => {
		/** Customer C00501 created in round 1 (after a 429), C00502 in round 0. */
		const customerAnswers = () =>
			retryLoop(CUSTOMERS, 'Customer queue', 'Check customer answers', [newCustomer('k1'), newCustomer('k2')], [[THROTTLED, bcCustomer('C00502', 'k2')], [bcCustomer('C00501', 'k1')]]);
		/** "Posting groups" after "Plan customers" (its input; not read) and, when given, the rounds of "Check customer answers". */
		const postingGroups = async (config: Json, check: Json[][] | undefined, pendingGroups: Json[] = []) => {
			const plan = { known: {}, create: [], pendingGroups };
			return runCode(CUSTOMERS, 'Posting groups', {
				input: [plan],
				nodes: { Config: [[{ ...CONFIG, ...config }]], 'Plan customers': [[plan]], ...(check ? { 'Check customer answers': check } : {}) },
			});
		};

		test("customerCard: the Customer Card page of the company, names URL-encoded with ' doubled; created customers (every round) first, then pending ones", async () => {
			const loop = await customerAnswers();
			const out = await postingGroups({ bcApiBase: 'https://api.businesscentral.dynamics.com/v2.0/', customerPostingGroup: 'EU' }, loop.check, [pending('k3', "K'O 1")]);
			const body = { ...CARD_GROUPS, Customer_Posting_Group: 'EU' };
			expect(out).toEqual([
				{ addressKey: 'k2', customerNumber: 'C00502', url: card('C00502'), body },
				{ addressKey: 'k1', customerNumber: 'C00501', url: card('C00501'), body },
				{ addressKey: 'k3', customerNumber: "K'O 1", url: `${ROOT}/ODataV4/Company('CRONUS%20DE')/CustomerCard('K''O%201')`, body },
			]);
			// nothing created in this run ("Check customer answers" never ran): the pending ones only
			const other = await postingGroups({ bcCompanyName: "Müller's Shop & Co", postingGroupService: 'Kundenkarte' }, undefined, [pending('k1', 'C00501')]);
			expect(other).toEqual([
				{ addressKey: 'k1', customerNumber: 'C00501', url: `${ROOT}/ODataV4/Company('M%C3%BCller''s%20Shop%20%26%20Co')/Kundenkarte('C00501')`, body: CARD_GROUPS },
			]);
		});

		test('customApi: the extension API page of the customer, by the id BC gave it (from any round of "Check customer answers") or the map row\'s customerId', async () => {
			const loop = await customerAnswers();
			const out = await postingGroups({ postingGroupEndpoint: 'customApi', postingGroupService: '/api/contoso/otto/v1.0/' }, loop.check, [pending('k3', 'C00300', 'guid-old')]);
			const api = `${ROOT}/api/contoso/otto/v1.0/companies(3c0f5b01-1351-4c79-8d2e-2cde6e17e512)`;
			expect(out).toEqual([
				{ addressKey: 'k2', customerNumber: 'C00502', url: `${api}/customers(guid-C00502)`, body: API_GROUPS },
				{ addressKey: 'k1', customerNumber: 'C00501', url: `${api}/customers(guid-C00501)`, body: API_GROUPS },
				{ addressKey: 'k3', customerNumber: 'C00300', url: `${api}/customers(guid-old)`, body: API_GROUPS },
			]);
		});

		test('only customers BC created (an answer with a customer number) get a request; nothing created and nothing pending: no items', async () => {
			const loop = await retryLoop(CUSTOMERS, 'Customer queue', 'Check customer answers', [newCustomer('k1'), newCustomer('k2'), newCustomer('k3'), newCustomer('k4')], [
				[httpError(400, 'BadRequest', 'Invalid country'), bcCustomer('C00502', 'k2'), UNAVAILABLE, {}],
			]);
			expect(await postingGroups({}, loop.check)).toEqual([{ addressKey: 'k2', customerNumber: 'C00502', url: card('C00502'), body: CARD_GROUPS }]);
			expect(await postingGroups({}, undefined)).toEqual([]);
		});

		test('apiTemplate: nothing to send', async () => {
			const loop = await customerAnswers();
			expect(await postingGroups({ postingGroupEndpoint: 'apiTemplate' }, loop.check, [pending('k3', 'C00300')])).toEqual([]);
		});
	});

	test('"Created customers": rows for otto_customer_map from the answers with a customer number only; posting groups set only with apiTemplate', async () => {
		const loop = await retryLoop(CUSTOMERS, 'Customer queue', 'Check customer answers', [newCustomer('k1'), newCustomer('k2'), newCustomer('k3')], [
			[bcCustomer('C00501', 'k1'), THROTTLED, httpError(400, 'BadRequest', 'Invalid country')],
			[bcCustomer('C00502', 'k2')],
		]);
		const rounds = (config: Json) =>
			Promise.all(loop.check.map((run) => runCode(CUSTOMERS, 'Created customers', { input: run.filter((c) => !c.retry), nodes: { Config: [[{ ...CONFIG, ...config }]] } })));
		const row = (addressKey: string, customerNumber: string, postingGroupsSet: string) => ({
			addressKey,
			customerNumber,
			customerName: `Buyer ${addressKey}`,
			country: 'DE',
			customerId: `guid-${customerNumber}`,
			postingGroupsSet,
		});
		for (const postingGroupEndpoint of ['customerCard', 'customApi']) {
			expect(await rounds({ postingGroupEndpoint })).toEqual([[row('k1', 'C00501', '')], [row('k2', 'C00502', '')]]);
		}
		expect(await rounds({ postingGroupEndpoint: 'apiTemplate' })).toEqual([[row('k1', 'C00501', 'yes')], [row('k2', 'C00502', 'yes')]]);
	});

	test('"Groups set": the successful PATCH answers (every round) only, as updates of otto_customer_map', async () => {
		const patch = (addressKey: string, number: string) => ({ addressKey, customerNumber: number, url: card(number), body: CARD_GROUPS });
		const loop = await retryLoop(CUSTOMERS, 'Posting group queue', 'Check posting group answers', [patch('k1', 'C00501'), patch('k2', 'C00502'), patch('k3', 'C00503'), patch('k4', 'C00504')], [
			[{ No: 'C00501' }, THROTTLED, httpError(400, 'Internal_InvalidTableRelation', GROUPS_FAILED), DROPPED],
			[{ No: 'C00502' }],
		]);
		// "Groups set" gets the false output of "Posting groups throttled?": the answers not to retry
		const rounds = await Promise.all(loop.check.map((run) => runCode(CUSTOMERS, 'Groups set', { input: run.filter((c) => !c.retry) })));
		expect(rounds).toEqual([[{ addressKey: 'k1', postingGroupsSet: 'yes' }], [{ addressKey: 'k2', postingGroupsSet: 'yes' }]]);
		// a 429 on the last attempt is a failure too
		const exhausted = await runCode(CUSTOMERS, 'Groups set', { input: [{ ...patch('k5', 'C00505'), attempt: 6, answer: null, error: { status: 429, code: '', message: 'throttled' }, retry: false }] });
		expect(exhausted).toEqual([]);
	});

	/**
	 * Plays the customer workflow with Auto Create Customers on, as n8n runs it (execution order v1, a node with no
	 * input items does not run): "Plan customers", the create loop with "Created customers" per round, "Posting
	 * groups" with its loop and "Groups set" per round, then "Assign customers".
	 */
	const playCustomers = async (calls: Json[], mapRows: Json[], answers: { create?: Json[][]; patch?: Json[][] } = {}, config: Json = {}) => {
		const plan = await planCustomers(calls, mapRows, config);
		const nodes: Record<string, Json[][]> = { [TRIGGER]: [calls], Config: [[{ ...CONFIG, ...config }]], 'Plan customers': [[plan]] };
		const newCustomers = await runCode(CUSTOMERS, 'New customers', { input: [plan] });
		const remembered: Json[] = [];
		if (newCustomers.length) {
			const loop = await retryLoop(CUSTOMERS, 'Customer queue', 'Check customer answers', newCustomers, answers.create ?? []);
			nodes['Check customer answers'] = loop.check;
			for (const run of loop.check) remembered.push(...(await runCode(CUSTOMERS, 'Created customers', { input: run.filter((c) => !c.retry), nodes })));
		} else expect(answers.create ?? []).toEqual([]);
		const patches = await runCode(CUSTOMERS, 'Posting groups', { input: [plan], nodes });
		const marked: Json[] = [];
		if (patches.length) {
			const loop = await retryLoop(CUSTOMERS, 'Posting group queue', 'Check posting group answers', patches, answers.patch ?? []);
			nodes['Check posting group answers'] = loop.check;
			for (const run of loop.check) marked.push(...(await runCode(CUSTOMERS, 'Groups set', { input: run.filter((c) => !c.retry) })));
		} else expect(answers.patch ?? []).toEqual([]);
		const assigned = await runCode(CUSTOMERS, 'Assign customers', { nodes });
		return { plan, remembered, patches, marked, assigned };
	};
	/** otto_customer_map after a run: "Remember customers" inserts, "Mark groups set" updates by addressKey. */
	const nextTable = (rows: Json[], remembered: Json[], marked: Json[]) => {
		const table: Json[] = [
			...rows.filter((r) => r.addressKey).map((r) => ({ ...r })),
			...remembered.map((r, i) => ({ ...r, id: rows.length + i + 1, createdAt: '2026-03-02T08:05:00.000Z', updatedAt: '2026-03-02T08:05:00.000Z' })),
		];
		for (const m of marked) for (const row of table) if (row.addressKey === m.addressKey) Object.assign(row, m, { updatedAt: '2026-03-02T08:06:00.000Z' });
		return table.length ? table : [{}];
	};
	const noGroupsYet = (number: string, message: string) => `BC customer ${number} has no posting groups yet (setting them failed: ${message}); they are tried again next run`;

	describe('"Assign customers"', () => {
		test('known, created (after a 429), failed create, failed posting groups, no address: one answer per order', async () => {
			const calls = [call('o1', 'k-known'), call('o2', 'k-new'), call('o3', 'k-new'), call('o4', 'k-bad'), call('o5', 'k-pg'), call('o6'), call('o7', 'k-known')];
			const plan = await planCustomers(calls, [mapRow('k-known', 'C00100', 1)]);
			expect(plan.pendingGroups).toEqual([]);
			const created = await runCode(CUSTOMERS, 'New customers', { input: [plan] });
			expect(created.map((c) => c.addressKey)).toEqual(['k-new', 'k-bad', 'k-pg']);
			const customers = await retryLoop(CUSTOMERS, 'Customer queue', 'Check customer answers', created, [
				[THROTTLED, httpError(400, 'Application_StringExceededLength', 'The length of the string is 120, but it must be less than or equal to 100 characters.'), bcCustomer('C00502', 'k-pg')],
				[bcCustomer('C00501', 'k-new')],
			]);
			const nodes = { [TRIGGER]: [calls], Config: [[CONFIG]], 'Plan customers': [[plan]], 'Check customer answers': customers.check };
			const patches = await runCode(CUSTOMERS, 'Posting groups', { input: [plan], nodes });
			expect(patches.map((p) => [p.addressKey, p.customerNumber])).toEqual([
				['k-pg', 'C00502'],
				['k-new', 'C00501'],
			]);
			const postingGroups = await retryLoop(CUSTOMERS, 'Posting group queue', 'Check posting group answers', patches, [
				[httpError(400, 'Internal_InvalidTableRelation', GROUPS_FAILED), THROTTLED],
				[{ No: 'C00501' }],
			]);

			const out = await runCode(CUSTOMERS, 'Assign customers', { nodes: { ...nodes, 'Check posting group answers': postingGroups.check } });
			expect(out).toEqual([
				{ orderNumber: 'o1', customerNumber: 'C00100' },
				{ orderNumber: 'o2', customerNumber: 'C00501' },
				{ orderNumber: 'o3', customerNumber: 'C00501' },
				{
					orderNumber: 'o4',
					error: 'BC did not create the customer: The length of the string is 120, but it must be less than or equal to 100 characters.',
					bcErrorCode: 'Application_StringExceededLength',
				},
				{ orderNumber: 'o5', error: noGroupsYet('C00502', GROUPS_FAILED), bcErrorCode: 'Internal_InvalidTableRelation' },
				{ orderNumber: 'o6', error: 'no invoice address' },
				{ orderNumber: 'o7', customerNumber: 'C00100' },
			]);
		});

		test('all customers known: nothing was created, nothing was patched', async () => {
			const calls = [call('o1', 'k1'), call('o2', 'k2')];
			const run = await playCustomers(calls, [mapRow('k1', 'C00100', 1), mapRow('k2', 'C00200', 2)]);
			expect(run.plan.create).toEqual([]);
			expect(run.patches).toEqual([]);
			expect(run.assigned).toEqual([
				{ orderNumber: 'o1', customerNumber: 'C00100' },
				{ orderNumber: 'o2', customerNumber: 'C00200' },
			]);
		});

		test("a known customer without posting groups: pending, PATCHed (after a 429), marked as set, and its orders are assigned", async () => {
			const calls = [call('o1', 'k-old'), call('o2', 'k-ok'), call('o3', 'k-old')];
			const rows = [mapRow('k-old', 'C00300', 1, { postingGroupsSet: '' }), mapRow('k-ok', 'C00200', 2)];
			const run = await playCustomers(calls, rows, { patch: [[THROTTLED], [{ No: 'C00300' }]] });
			expect(run.plan.pendingGroups).toEqual([pending('k-old', 'C00300')]);
			expect(run.remembered).toEqual([]);
			expect(run.patches).toEqual([{ addressKey: 'k-old', customerNumber: 'C00300', url: card('C00300'), body: CARD_GROUPS }]);
			expect(run.marked).toEqual([{ addressKey: 'k-old', postingGroupsSet: 'yes' }]);
			expect(run.assigned).toEqual([
				{ orderNumber: 'o1', customerNumber: 'C00300' },
				{ orderNumber: 'o2', customerNumber: 'C00200' },
				{ orderNumber: 'o3', customerNumber: 'C00300' },
			]);
			// the next run has nothing to set
			const next = await planCustomers(calls, nextTable(rows, run.remembered, run.marked));
			expect(next).toEqual({ known: { 'k-old': known('C00300'), 'k-ok': known('C00200') }, create: [], pendingGroups: [] });
		});

		test('a known customer whose posting groups fail again: its orders wait; without a PATCH answer the reason is "not tried"', async () => {
			const calls = [call('o1', 'k-old'), call('o2', 'k-ok')];
			const rows = [mapRow('k-old', 'C00300', 1, { postingGroupsSet: '' }), mapRow('k-ok', 'C00200', 2)];
			const run = await playCustomers(calls, rows, { patch: [[httpError(400, 'Internal_InvalidTableRelation', GROUPS_FAILED)]] });
			expect(run.marked).toEqual([]);
			expect(run.assigned).toEqual([
				{ orderNumber: 'o1', error: noGroupsYet('C00300', GROUPS_FAILED), bcErrorCode: 'Internal_InvalidTableRelation' },
				{ orderNumber: 'o2', customerNumber: 'C00200' },
			]);
			const untried = await runCode(CUSTOMERS, 'Assign customers', { nodes: { [TRIGGER]: [calls], Config: [[CONFIG]], 'Plan customers': [[run.plan]] } });
			expect(untried).toEqual([
				{ orderNumber: 'o1', error: noGroupsYet('C00300', 'not tried'), bcErrorCode: '' },
				{ orderNumber: 'o2', customerNumber: 'C00200' },
			]);
		});

		test('posting groups of a new customer fail: its orders get "no posting groups yet"; the next run sets them (customApi, by the remembered id) and assigns the orders', async () => {
			const config = { postingGroupEndpoint: 'customApi', postingGroupService: 'api/contoso/otto/v1.0' };
			const api = `${ROOT}/api/contoso/otto/v1.0/companies(3c0f5b01-1351-4c79-8d2e-2cde6e17e512)/customers(guid-C00501)`;
			const calls = [call('o1', 'k-new'), call('o2', 'k-known'), call('o3', 'k-new')];
			const rows = [mapRow('k-known', 'C00100', 1)];

			const first = await playCustomers(calls, rows, { create: [[bcCustomer('C00501', 'k-new')]], patch: [[UNAVAILABLE]] }, config);
			expect(first.plan).toEqual({ known: { 'k-known': known('C00100') }, create: [customer('k-new')], pendingGroups: [] });
			expect(first.remembered).toEqual([{ addressKey: 'k-new', customerNumber: 'C00501', customerName: 'Buyer k-new', country: 'DE', customerId: 'guid-C00501', postingGroupsSet: '' }]);
			expect(first.patches).toEqual([{ addressKey: 'k-new', customerNumber: 'C00501', url: api, body: API_GROUPS }]);
			expect(first.marked).toEqual([]);
			const waiting = { error: noGroupsYet('C00501', 'The service is temporarily unavailable. Please try again later.'), bcErrorCode: 'ServiceUnavailable' };
			expect(first.assigned).toEqual([{ orderNumber: 'o1', ...waiting }, { orderNumber: 'o2', customerNumber: 'C00100' }, { orderNumber: 'o3', ...waiting }]);

			// the order workflow fails the run and keeps its cursor: the same orders come again
			const table = nextTable(rows, first.remembered, first.marked);
			expect(table[1]).toMatchObject({ addressKey: 'k-new', customerNumber: 'C00501', customerId: 'guid-C00501', postingGroupsSet: '' });
			const second = await playCustomers(calls, table, { patch: [[{ id: 'guid-C00501', customerPostingGroup: 'DOMESTIC' }]] }, config);
			expect(second.plan).toEqual({ known: { 'k-known': known('C00100'), 'k-new': known('C00501', false) }, create: [], pendingGroups: [pending('k-new', 'C00501')] });
			expect(second.remembered).toEqual([]);
			expect(second.patches).toEqual(first.patches);
			expect(second.marked).toEqual([{ addressKey: 'k-new', postingGroupsSet: 'yes' }]);
			expect(second.assigned).toEqual([
				{ orderNumber: 'o1', customerNumber: 'C00501' },
				{ orderNumber: 'o2', customerNumber: 'C00100' },
				{ orderNumber: 'o3', customerNumber: 'C00501' },
			]);
			expect((await planCustomers(calls, nextTable(table, second.remembered, second.marked), config)).pendingGroups).toEqual([]);
		});

		test('apiTemplate: new customers are remembered with their posting groups set and used at once; nothing is PATCHed', async () => {
			const calls = [call('o1', 'k-new'), call('o2', 'k-legacy')];
			const rows = [mapRow('k-legacy', 'C00100', 1, { customerId: null, postingGroupsSet: null })];
			const run = await playCustomers(calls, rows, { create: [[bcCustomer('C00501', 'k-new')]] }, { postingGroupEndpoint: 'apiTemplate' });
			expect(run.plan.pendingGroups).toEqual([]);
			expect(run.remembered).toEqual([{ addressKey: 'k-new', customerNumber: 'C00501', customerName: 'Buyer k-new', country: 'DE', customerId: 'guid-C00501', postingGroupsSet: 'yes' }]);
			expect(run.patches).toEqual([]);
			expect(run.assigned).toEqual([
				{ orderNumber: 'o1', customerNumber: 'C00501' },
				{ orderNumber: 'o2', customerNumber: 'C00100' },
			]);
		});
	});

	describe('"Use default customer"', () => {
		const useDefault = (defaultCustomerNo: unknown) =>
			runCode(CUSTOMERS, 'Use default customer', { nodes: { Config: [[{ ...CUSTOMER_CONFIG, defaultCustomerNo }]], [TRIGGER]: [[call('o1', 'k1'), call('o2')]] } });

		test('every order gets the default customer (trimmed)', async () => {
			expect(await useDefault(' C00010 ')).toEqual([
				{ orderNumber: 'o1', customerNumber: 'C00010' },
				{ orderNumber: 'o2', customerNumber: 'C00010' },
			]);
		});

		test('an empty defaultCustomerNo is an error per order', async () => {
			for (const empty of ['', '  ', null]) {
				expect(await useDefault(empty)).toEqual([
					{ orderNumber: 'o1', error: 'Config "defaultCustomerNo" is empty' },
					{ orderNumber: 'o2', error: 'Config "defaultCustomerNo" is empty' },
				]);
			}
		});
	});
});
