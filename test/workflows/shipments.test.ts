import type { IDataObject } from 'n8n-workflow';

import type { ReturnShipment } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';
import { createParams as createParamsFromDE, input, multiparcelParams as multiparcelFromDE, pickProcessable, shipmentPosts } from './fixtures/shipments';

const { sim, helper } = useSimulator();

const createCalls = () => shipmentPosts(sim());
const writes = () => sim().requests({ path: /^\/v1\/(shipments|multiparcel-shipments)/, method: 'POST' });
const bodyOf = (call: { body?: unknown }) => call.body as IDataObject;

const processable = (count: number, sameOrder?: boolean) => pickProcessable(sim(), count, sameOrder);

/** Create Shipment reading everything from the input item's JSON, the ship-from country too (DE when it has none). */
const createParams = (overrides: IDataObject = {}): IDataObject => createParamsFromDE({ shipFromCountryCode: '={{ $json.country ?? "DE" }}', ...overrides });

describe('Shipment → Create', () => {
	test('one shipment per item: OTTO gets one request per item, items become SENT, a purchase receipt is booked', async () => {
		const [a, b] = processable(2);
		const lifecycleBefore = a.order.orderLifecycleInformation.lifecycleChangeDate;
		const receiptsBefore = sim().data.receipts.length;
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(a, 'T-100'), input(b, 'T-200')]), helper());
		expect(result.error).toBeUndefined();

		const calls = createCalls();
		expect(calls).toHaveLength(2);
		expect(bodyOf(calls[0])).toEqual({
			trackingKey: { carrier: 'DHL', trackingNumber: 'T-100' },
			shipDate: '2026-03-02T09:15:00.000Z',
			shipFromAddress: { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' },
			positionItems: [
				{
					positionItemId: a.positionItemId,
					salesOrderId: a.salesOrderId,
					returnTrackingKey: { carrier: 'HERMES', trackingNumber: input(a, 'T-100').returnTrackingNumber },
				},
			],
		});
		expect(calls.map((c) => c.status)).toEqual([201, 201]);

		const out = result.output('Otto Market');
		expect(out).toHaveLength(2);
		expect(paired(out)).toEqual([0, 1]);
		const shipmentId = out[0].json.shipmentId as string;
		expect(sim().data.shipmentsById.get(shipmentId)?.trackingKey).toEqual({ carrier: 'DHL', trackingNumber: 'T-100' });
		expect(out[1].json).toEqual(expect.objectContaining({ shipmentId: expect.any(String), trackingKey: { carrier: 'DHL', trackingNumber: 'T-200' } }));

		expect(a.item.fulfillmentStatus).toBe('SENT');
		expect(a.item.trackingInfo).toEqual({ carrier: 'DHL', trackingNumber: 'T-100' });
		expect(a.item.sentDate).toBe('2026-03-02T09:15:00.000Z');
		expect(a.order.orderLifecycleInformation.lifecycleChangeDate > lifecycleBefore).toBe(true);
		const newReceipts = sim().data.receipts.slice(receiptsBefore);
		expect(newReceipts.map((r) => [r.receiptType, r.salesOrderId])).toEqual([
			['PURCHASE', a.salesOrderId],
			['PURCHASE', b.salesOrderId],
		]);
		expect(newReceipts[0].lineItems.itemPositions.flatMap((p) => p.positionItemIds)).toEqual([a.positionItemId]);
	});

	test('combine by tracking number: three input items in one parcel are one request; each item gets its output', async () => {
		const [a, b, c] = processable(3, true);
		const [d] = processable(4).filter((s) => s.salesOrderId !== a.salesOrderId);
		const result = await runWorkflow(
			ottoWorkflow(createParams({ inputMode: 'combineByTrackingNumber' }), [
				input(a, 'PARCEL-1'),
				input(d, 'PARCEL-2'),
				input(b, 'PARCEL-1'),
				input(c, 'PARCEL-1'),
			]),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const calls = createCalls();
		expect(calls).toHaveLength(2);
		const combined = bodyOf(calls[0]);
		expect(combined.trackingKey).toEqual({ carrier: 'DHL', trackingNumber: 'PARCEL-1' });
		expect((combined.positionItems as IDataObject[]).map((p) => p.positionItemId)).toEqual([a.positionItemId, b.positionItemId, c.positionItemId]);
		expect((bodyOf(calls[1]).positionItems as IDataObject[]).map((p) => p.positionItemId)).toEqual([d.positionItemId]);

		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3]);
		const ids = out.map((i) => i.json.shipmentId);
		expect(ids[0]).toBe(ids[2]);
		expect(ids[0]).toBe(ids[3]);
		expect(ids[1]).not.toBe(ids[0]);
		// Each input item reports its own position item.
		expect((out[2].json.positionItems as IDataObject[]).map((p) => p.positionItemId)).toEqual([b.positionItemId]);
		expect(out[0].json.shipmentPositionItemCount).toBe(3);
		expect(sim().data.shipmentsById.get(ids[0] as string)?.positionItems).toHaveLength(3);
		expect([a, b, c, d].every((s) => s.item.fulfillmentStatus === 'SENT')).toBe(true);
	});

	test('combine mode: 120 input items in 3 parcels send exactly 3 requests', async () => {
		const items: IDataObject[] = [];
		for (const order of sim().data.orders) {
			for (const item of order.positionItems.filter((p) => p.fulfillmentStatus === 'PROCESSABLE')) {
				if (items.length < 120) {
					items.push({ salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, trackingNumber: `BIG-${items.length % 3}`, returnTrackingNumber: `R${items.length}` });
				}
			}
		}
		expect(items).toHaveLength(120);
		const result = await runWorkflow(ottoWorkflow(createParams({ inputMode: 'combineByTrackingNumber' }), items), helper());
		expect(result.error).toBeUndefined();
		expect(createCalls()).toHaveLength(3);
		expect(createCalls().map((c) => (bodyOf(c).positionItems as unknown[]).length)).toEqual([40, 40, 40]);
		expect(result.output('Otto Market')).toHaveLength(120);
	});

	test('shipping an item twice: OTTO answers 409 and the error says why', async () => {
		const [a] = processable(1);
		const first = await runWorkflow(ottoWorkflow(createParams(), [input(a, 'T-1')]), helper());
		expect(first.error).toBeUndefined();
		const again = await runWorkflow(ottoWorkflow(createParams(), [input(a, 'T-2')]), helper());
		expect(again.error?.message).toContain('409');
		expect(again.error?.message).toContain(`${a.positionItemId}' is SENT`);
		expect(again.error?.message).toContain('Conflict');
		expect(createCalls().map((c) => c.status)).toEqual([201, 409]);
	});

	test('the same tracking number twice: 409 names the existing shipment', async () => {
		const [a, b] = processable(2);
		await runWorkflow(ottoWorkflow(createParams(), [input(a, 'T-SAME')]), helper());
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(b, 'T-SAME')]), helper(), {});
		expect(result.error?.message).toMatch(/409.*tracking key DHL\/T-SAME already exists/);
		expect(b.item.fulfillmentStatus).toBe('PROCESSABLE');
	});

	test('Continue On Fail: good, already-sent and invalid items each get their own paired output', async () => {
		const [good, sent, alsoGood] = processable(3);
		sent.item.fulfillmentStatus = 'SENT';
		const result = await runWorkflow(
			ottoWorkflow(
				createParams(),
				[input(good, 'G-1'), input(sent, 'S-1'), { ...input(alsoGood, 'X-1'), positionItemId: '' }, input(alsoGood, 'G-2')],
				{ continueOnFail: true },
			),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2, 3]);
		expect(out[0].json.shipmentId).toEqual(expect.any(String));
		expect(out[1].json.error).toMatch(/409/);
		expect(out[2].json.error).toContain('Invalid "Position Items [1] → Position Item ID"');
		expect(out[3].json.shipmentId).toEqual(expect.any(String));
		// The invalid item never reached OTTO.
		expect(createCalls().map((c) => (bodyOf(c).trackingKey as IDataObject).trackingNumber)).toEqual(['G-1', 'S-1', 'G-2']);
	});

	test('without Continue On Fail an OTTO refusal fails the node after the other items were shipped, and says so', async () => {
		const [good, sent] = processable(2);
		sent.item.fulfillmentStatus = 'SENT';
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(sent, 'S-1'), input(good, 'G-1')]), helper());
		expect(result.error?.message).toMatch(/^OTTO answered 409 Conflict: .*is SENT; only PROCESSABLE position items can be shipped \(POST \/v1\/shipments\)$/);
		expect(result.error?.description).toContain('1 of 2 items were shipped; item 0 was not.');
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(good.item.fulfillmentStatus).toBe('SENT');
	});

	test('2-letter country codes become OTTO\'s 3-letter codes; 3-letter codes and UK/EL aliases are accepted', async () => {
		const items = processable(5);
		const countries = ['at', 'CH', 'UK', 'EL', 'POL'];
		const result = await runWorkflow(
			ottoWorkflow(createParams(), items.map((s, n) => input(s, `C-${n}`, { country: countries[n] }))),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(createCalls().map((c) => (bodyOf(c).shipFromAddress as IDataObject).countryCode)).toEqual(['AUT', 'CHE', 'GBR', 'GRC', 'POL']);
	});

	test.each([
		['an unknown country code', { country: 'XX' }, {}, 'Invalid "Ship From Country Code": "XX" is not a known ISO 3166 country code'],
		['a country name', { country: 'Germany' }, {}, 'Invalid "Ship From Country Code"'],
		['a missing return tracking number', { returnTrackingNumber: '' }, {}, 'Invalid "Position Items [1] → Return Tracking Number"'],
		['a missing sales order ID', { salesOrderId: '' }, {}, 'Invalid "Position Items [1] → Sales Order ID": a value is required'],
		['an unknown carrier', { carrier: 'FEDEX' }, {}, 'Invalid "Carrier": "FEDEX" is not one of DHL'],
		['a parcel carrier without tracking number', {}, { trackingNumber: '' }, 'Invalid "Tracking Number": a value is required for the parcel carrier DHL'],
		['a ship date that is not a date', {}, { shipDate: 'next tuesday' }, 'Invalid "Ship Date": "next tuesday" is not a date-time'],
		['a missing ship date', {}, { shipDate: '={{ $json.noSuchField }}' }, 'Invalid "Ship Date": a value is required'],
		['an unknown return carrier', {}, { returnCarrier: 'UPS' }, 'Invalid "Return Carrier": "UPS" is not one of DHL, GLS, HERMES'],
		['a zip code longer than 10 characters', {}, { shipFromZipCode: '12345678901' }, 'Invalid "Ship From Zip Code"'],
	])('%s: a clear error and nothing is sent, not even for the valid items', async (_name, itemOverride, paramOverride, message) => {
		const [good, bad] = processable(2);
		const result = await runWorkflow(
			ottoWorkflow(createParams(paramOverride as IDataObject), [input(good, 'OK-1'), input(bad, 'BAD-1', itemOverride as IDataObject)]),
			helper(),
		);
		expect(result.error?.message).toContain(message);
		expect(result.error?.description).toContain('Nothing was sent to OTTO.');
		expect(writes()).toHaveLength(0);
		expect(good.item.fulfillmentStatus).toBe('PROCESSABLE');
	});

	test('combine mode: items of one parcel shipped from different places are refused before sending', async () => {
		const [a, b] = processable(2);
		const result = await runWorkflow(
			ottoWorkflow(createParams({ inputMode: 'combineByTrackingNumber' }), [input(a, 'P-1'), input(b, 'P-1', { country: 'AT' })]),
			helper(),
		);
		expect(result.error?.message).toContain('Invalid shipment DHL P-1');
		expect(result.error?.description).toContain('item 1 ships from 22179 Hamburg (AUT), item 0 from 22179 Hamburg (DEU)');
		expect(writes()).toHaveLength(0);
	});

	test('combine mode with Continue On Fail: a parcel with one invalid item is not sent at all, other parcels are', async () => {
		const [a, b, c] = processable(3);
		const result = await runWorkflow(
			ottoWorkflow(
				createParams({ inputMode: 'combineByTrackingNumber' }),
				[input(a, 'P-1'), input(b, 'P-1', { returnTrackingNumber: '' }), input(c, 'P-2')],
				{ continueOnFail: true },
			),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(out[0].json.error).toContain('Invalid shipment DHL P-1');
		expect(out[0].json.description).toContain('item 1 of this parcel is invalid');
		expect(out[1].json.error).toContain('Return Tracking Number');
		expect(out[2].json.shipmentId).toEqual(expect.any(String));
		expect(createCalls().map((call) => (bodyOf(call).trackingKey as IDataObject).trackingNumber)).toEqual(['P-2']);
		expect(a.item.fulfillmentStatus).toBe('PROCESSABLE');
	});

	test('position items as JSON, e.g. all processable items of an order in one parcel', async () => {
		const [a, b] = processable(2, true);
		const result = await runWorkflow(
			ottoWorkflow(
				createParams({
					positionItemsSource: 'json',
					positionItemsJson:
						'={{ $json.items.map(p => ({ salesOrderId: $json.salesOrderId, positionItemId: p, returnTrackingKey: { carrier: "GLS", trackingNumber: "RET-" + p.slice(0, 6) } })) }}',
				}),
				[{ salesOrderId: a.salesOrderId, items: [a.positionItemId, b.positionItemId], trackingNumber: 'JSON-1' }],
			),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(bodyOf(createCalls()[0]).positionItems).toEqual([
			{ positionItemId: a.positionItemId, salesOrderId: a.salesOrderId, returnTrackingKey: { carrier: 'GLS', trackingNumber: `RET-${a.positionItemId.slice(0, 6)}` } },
			{ positionItemId: b.positionItemId, salesOrderId: a.salesOrderId, returnTrackingKey: { carrier: 'GLS', trackingNumber: `RET-${b.positionItemId.slice(0, 6)}` } },
		]);
	});

	test('a forwarder may ship without a tracking number', async () => {
		const [a] = processable(1);
		const result = await runWorkflow(ottoWorkflow(createParams(), [input(a, '', { carrier: 'DACHSER' })]), helper());
		expect(result.error).toBeUndefined();
		expect(bodyOf(createCalls()[0]).trackingKey).toEqual({ carrier: 'DACHSER' });
		expect(a.item.fulfillmentStatus).toBe('SENT');
	});
});

describe('Shipment → Create Multiparcel', () => {
	const multiparcelParams = (overrides: IDataObject = {}): IDataObject => multiparcelFromDE({
		shipFromCountryCode: 'de',
		parcels: {
			parcel: [
				{ trackingNumber: 'MP-1', returnTrackingNumber: 'RMP-1' },
				{ trackingNumber: 'MP-2', returnTrackingNumber: 'RMP-2' },
				{ trackingNumber: 'MP-3', returnTrackingNumber: 'RMP-3' },
			],
		},
		...overrides,
	});

	test('three parcels of one position item: one request with one entry per parcel', async () => {
		const [a] = processable(1);
		const result = await runWorkflow(ottoWorkflow(multiparcelParams(), [{ salesOrderId: a.salesOrderId, positionItemId: a.positionItemId }]), helper());
		expect(result.error).toBeUndefined();
		const calls = sim().requests({ path: '/v1/multiparcel-shipments', method: 'POST' });
		expect(calls).toHaveLength(1);
		expect(calls[0].status).toBe(201);
		const body = calls[0].body as IDataObject[];
		expect(body).toHaveLength(3);
		expect(body[1]).toEqual({
			trackingKey: { carrier: 'DHL_FREIGHT', trackingNumber: 'MP-2' },
			shipDate: '2026-03-03T08:00:00.000Z',
			shipFromAddress: { city: 'Bremen', countryCode: 'DEU', zipCode: '28195' },
			positionItems: [{ positionItemId: a.positionItemId, salesOrderId: a.salesOrderId, returnTrackingKey: { carrier: 'DHL', trackingNumber: 'RMP-2' } }],
		});
		const out = result.output('Otto Market')[0].json;
		expect(out.multiParcelShipmentId).toEqual(expect.any(String));
		expect(out.parcels).toHaveLength(3);
		expect(a.item.fulfillmentStatus).toBe('SENT');
		expect(sim().data.shipments.filter((s) => s.positionItems.some((p) => p.positionItemId === a.positionItemId))).toHaveLength(3);
	});

	test('fewer than 2 parcels, or a parcel without tracking number, is refused before sending', async () => {
		const [a, b] = processable(2);
		const result = await runWorkflow(
			ottoWorkflow(
				multiparcelParams({ parcelsSource: 'json', parcelsJson: '={{ $json.parcels }}' }),
				[
					{ salesOrderId: a.salesOrderId, positionItemId: a.positionItemId, parcels: [{ trackingNumber: 'ONLY-1', returnTrackingNumber: 'R' }] },
					{ salesOrderId: b.salesOrderId, positionItemId: b.positionItemId, parcels: [{ trackingNumber: 'X', returnTrackingNumber: 'R' }, { trackingNumber: '', returnTrackingNumber: 'R' }] },
				],
				{ continueOnFail: true },
			),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out[0].json.error).toContain('Invalid "Parcels (JSON)": a multiparcel shipment needs at least 2 parcels, got 1');
		expect(out[1].json.error).toContain('Invalid "Parcels (JSON) [2] → Tracking Number": a value is required');
		expect(writes()).toHaveLength(0);
	});
});

describe('Shipment → Get', () => {
	test('by shipment ID and by carrier + tracking number, each item with its own value', async () => {
		const [s1, s2, s3] = sim().data.shipments;
		const byId = await runWorkflow(
			ottoWorkflow({ resource: 'shipment', operation: 'get', getBy: 'shipmentId', shipmentId: '={{ $json.id }}' }, [
				{ id: s1.shipmentId },
				{ id: s3.shipmentId },
			]),
			helper(),
		);
		expect(byId.error).toBeUndefined();
		expect(byId.output('Otto Market').map((i) => i.json)).toEqual(JSON.parse(JSON.stringify([s1, s3])));
		expect(paired(byId.output('Otto Market'))).toEqual([0, 1]);

		const byKey = await runWorkflow(
			ottoWorkflow(
				{ resource: 'shipment', operation: 'get', getBy: 'trackingKey', carrier: '={{ $json.carrier }}', trackingNumber: '={{ $json.tn }}' },
				[{ carrier: s2.trackingKey.carrier, tn: s2.trackingKey.trackingNumber }],
			),
			helper(),
		);
		expect(byKey.output('Otto Market')[0].json.shipmentId).toBe(s2.shipmentId);
		expect(sim().requests({ path: /^\/v1\/shipments\/.+/, method: 'GET' }).map((r) => r.path)).toEqual([
			`/v1/shipments/${s1.shipmentId}`,
			`/v1/shipments/${s3.shipmentId}`,
			`/v1/shipments/carriers/${s2.trackingKey.carrier}/trackingnumbers/${s2.trackingKey.trackingNumber}`,
		]);
	});

	test('an unknown shipment is a readable 404; a tracking number with a slash stays one path segment', async () => {
		const result = await runWorkflow(
			ottoWorkflow(
				{ resource: 'shipment', operation: 'get', getBy: 'trackingKey', carrier: 'GLS', trackingNumber: '={{ $json.tn }}' },
				[{ tn: 'AB/12' }],
				{ continueOnFail: true },
			),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out[0].json.error).toMatch(/404/);
		expect(out[0].json.error).toContain('not found');
		expect(sim().requests({ path: /^\/v1\/shipments\/carriers/ })[0].path).toBe('/v1/shipments/carriers/GLS/trackingnumbers/AB%2F12');
	});
});

describe('Shipment → Get Many', () => {
	test('Return All pages through all 533 shipments with OTTO\'s next cursor, 100 per page', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'shipment', operation: 'getAll', dateFrom: '2020-01-01T00:00:00+02:00', returnAll: true }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const ids = result.output('Otto Market').map((i) => i.json.shipmentId);
		expect(ids).toHaveLength(sim().data.shipments.length);
		expect(new Set(ids)).toEqual(new Set(sim().data.shipments.map((s) => s.shipmentId)));
		const pages = sim().requests({ path: '/v1/shipments', method: 'GET' });
		expect(pages).toHaveLength(Math.ceil(sim().data.shipments.length / 100));
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages[0].query).toEqual({ datefrom: '2019-12-31T22:00:00.000Z', limit: '100' });
		expect(pages.slice(1).every((p) => typeof p.query.next === 'string' && p.query.limit === '100')).toBe(true);
	});

	test('Limit stops early; only shipments changed since the date come back', async () => {
		const since = new Date(Date.now() - 5 * 86_400_000).toISOString();
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'shipment', operation: 'getAll', dateFrom: since, returnAll: false, limit: 30 }),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out).toHaveLength(30);
		for (const item of out) {
			const changes = [item.json.creationDate as string, ...(item.json.states as Array<{ occurredOn: string }>).map((s) => s.occurredOn)];
			expect(changes.some((d) => d >= since)).toBe(true);
		}
		const pages = sim().requests({ path: '/v1/shipments', method: 'GET' });
		expect(pages).toHaveLength(1);
		expect(pages[0].query.limit).toBe('30');
	});

	test('a new shipment shows up in Get Many', async () => {
		const [a] = processable(1);
		const since = new Date().toISOString();
		await runWorkflow(ottoWorkflow(createParams(), [input(a, 'NEW-1')]), helper());
		const result = await runWorkflow(ottoWorkflow({ resource: 'shipment', operation: 'getAll', dateFrom: since, returnAll: true }), helper());
		expect(result.output('Otto Market').map((i) => i.json.trackingKey)).toEqual([{ carrier: 'DHL', trackingNumber: 'NEW-1' }]);
	});

	test('a missing date names the field and sends nothing', async () => {
		const result = await runWorkflow(ottoWorkflow({ resource: 'shipment', operation: 'getAll', dateFrom: '={{ $json.since }}', returnAll: true }), helper());
		expect(result.error?.message).toBe('Invalid "Changed Since": a value is required');
		expect(sim().requests({ path: '/v1/shipments' })).toHaveLength(0);
	});
});

describe('Shipment → Add Position Items', () => {
	test('by shipment ID and by carrier + tracking number: the forgotten items join the shipment and become SENT', async () => {
		const [a, b, c] = processable(3);
		const created = await runWorkflow(ottoWorkflow(createParams(), [input(a, 'ADD-1')]), helper());
		const shipmentId = created.output('Otto Market')[0].json.shipmentId as string;
		const receiptsBefore = sim().data.receipts.length;

		const add = (params: IDataObject, item: IDataObject) =>
			runWorkflow(
				ottoWorkflow(
					{ resource: 'shipment', operation: 'addPositionItems', returnCarrier: 'HERMES', positionItems: createParams().positionItems, ...params },
					[item],
				),
				helper(),
			);
		const first = await add({ getBy: 'shipmentId', shipmentId }, input(b, 'x'));
		expect(first.error).toBeUndefined();
		const result = await add({ getBy: 'trackingKey', carrier: 'DHL', trackingNumber: 'ADD-1' }, input(c, 'y'));
		expect(result.error).toBeUndefined();
		const calls = sim().requests({ path: /\/positionitems$/, method: 'POST' });
		expect(calls.map((r) => r.path)).toEqual([`/v1/shipments/${shipmentId}/positionitems`, '/v1/shipments/carriers/DHL/trackingnumbers/ADD-1/positionitems']);
		expect(calls[0].body).toEqual([
			{ positionItemId: b.positionItemId, salesOrderId: b.salesOrderId, returnTrackingKey: { carrier: 'HERMES', trackingNumber: input(b, 'x').returnTrackingNumber } },
		]);
		expect(first.output('Otto Market')[0].json).toEqual(expect.objectContaining({ shipmentId, added: 1 }));
		expect(result.output('Otto Market')[0].json.trackingKey).toEqual({ carrier: 'DHL', trackingNumber: 'ADD-1' });
		expect(sim().data.shipmentsById.get(shipmentId)?.positionItems.map((p) => p.positionItemId)).toEqual([a.positionItemId, b.positionItemId, c.positionItemId]);
		expect([b, c].map((s) => s.item.trackingInfo?.trackingNumber)).toEqual(['ADD-1', 'ADD-1']);
		// A correction is invoiced separately.
		expect(sim().data.receipts.slice(receiptsBefore).map((r) => r.receiptType)).toEqual(['PURCHASE', 'PURCHASE']);
	});

	test('adding an item that was already sent: 409; unknown shipment: 404', async () => {
		const [a] = processable(1);
		const shipment = sim().data.shipments[0];
		const result = await runWorkflow(
			ottoWorkflow(
				{
					resource: 'shipment',
					operation: 'addPositionItems',
					getBy: 'shipmentId',
					shipmentId: '={{ $json.shipmentId }}',
					returnCarrier: 'DHL',
					positionItems: createParams().positionItems,
				},
				[
					{ shipmentId: shipment.shipmentId, ...input(a, 'x'), positionItemId: sim().data.shipments[1].positionItems[0].positionItemId, salesOrderId: sim().data.shipments[1].positionItems[0].salesOrderId },
					{ shipmentId: '00000000-0000-0000-0000-000000000000', ...input(a, 'x') },
				],
				{ continueOnFail: true },
			),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out[0].json.error).toMatch(/409/);
		expect(out[1].json.error).toMatch(/404/);
		expect(a.item.fulfillmentStatus).toBe('PROCESSABLE');
	});
});

describe('Return Shipment', () => {
	test('Get by ID and by carrier + tracking number', async () => {
		const [r1, r2] = sim().data.returnShipments;
		const byId = await runWorkflow(
			ottoWorkflow({ resource: 'returnShipment', operation: 'get', getBy: 'returnShipmentId', returnShipmentId: r1.returnShipmentId }),
			helper(),
		);
		expect(byId.output('Otto Market')[0].json).toEqual(JSON.parse(JSON.stringify(r1)));
		const byKey = await runWorkflow(
			ottoWorkflow(
				{ resource: 'returnShipment', operation: 'get', getBy: 'trackingKey', carrier: '={{ $json.carrier }}', trackingNumber: '={{ $json.tn }}' },
				[
					{ carrier: r2.trackingKey.carrier, tn: r2.trackingKey.trackingNumber },
					{ carrier: 'UPS', tn: '1' },
					{ carrier: 'HES', tn: 'unknown' },
				],
				{ continueOnFail: true },
			),
			helper(),
		);
		const out = byKey.output('Otto Market');
		expect(out[0].json.returnShipmentId).toBe(r2.returnShipmentId);
		expect(out[1].json.error).toContain('Invalid "Return Carrier": "UPS" is not one of DHL, GLS, HERMES, HES');
		expect(out[2].json.error).toMatch(/^OTTO answered 404/);
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(sim().requests({ path: /^\/v1\/return-shipments\// }).map((r) => r.path)).toEqual([
			`/v1/return-shipments/${r1.returnShipmentId}`,
			`/v1/return-shipments/carriers/${r2.trackingKey.carrier}/trackingnumbers/${r2.trackingKey.trackingNumber}`,
			'/v1/return-shipments/carriers/HES/trackingnumbers/unknown',
		]);
	});

	test('Get Many pages through every return shipment (4 pages of 100)', async () => {
		// 193 seeded return shipments plus 120 announced ones: 313 in all.
		for (let n = 0; n < 120; n++) {
			const template = sim().data.returnShipments[n];
			const copy: ReturnShipment = {
				...template,
				returnShipmentId: `extra-${String(n).padStart(3, '0')}`,
				trackingKey: { carrier: 'HES', trackingNumber: `HES-${n}` },
				states: [{ state: 'ANNOUNCED', occurredOn: new Date(Date.now() - n * 60_000).toISOString() }],
			};
			sim().data.addReturnShipment(copy);
		}
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'returnShipment', operation: 'getAll', dateFrom: '2020-01-01', returnAll: true }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const ids = result.output('Otto Market').map((i) => i.json.returnShipmentId);
		expect(ids).toHaveLength(313);
		expect(new Set(ids).size).toBe(313);
		const pages = sim().requests({ path: '/v1/return-shipments', method: 'GET' });
		expect(pages).toHaveLength(4);
		expect(pages[0].query).toEqual({ datefrom: '2020-01-01T00:00:00.000Z', limit: '100' });
		expect(pages.slice(1).every((p) => typeof p.query.next === 'string')).toBe(true);
	});

	test('Get Many with a Limit', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'returnShipment', operation: 'getAll', dateFrom: '2020-01-01T00:00:00Z', returnAll: false, limit: 7 }),
			helper(),
		);
		expect(result.output('Otto Market')).toHaveLength(7);
		expect(sim().requests({ path: '/v1/return-shipments' })[0].query.limit).toBe('7');
	});
});
