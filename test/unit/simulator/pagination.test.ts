import { startSimulator } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { api, token, walk } from './helpers';

let t: string;

const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 600, shippingProfiles: 650 } }), { reset: false });
beforeAll(async () => {
	t = await token(sim());
});

const ids = (items: any[], key: string) => items.map((i) => i[key]);
const unique = (values: unknown[]) => new Set(values).size === values.length;

describe('Shipments v1 (datefrom + next cursor, links[])', () => {
	it('walks all shipments changed since datefrom exactly once', async () => {
		const pages = await walk(sim(), t, '/v1/shipments?datefrom=2000-01-01&limit=40');
		for (const p of pages.slice(0, -1)) {
			expect(p.resources).toHaveLength(40);
			expect(p.links).toEqual([{ rel: 'next', href: expect.stringMatching(/^\/v1\/shipments\?datefrom=.*&limit=40&next=/) }]);
		}
		expect(pages[pages.length - 1].links).toEqual([]);
		const all = pages.flatMap((p) => p.resources);
		expect(all).toHaveLength(sim().data.shipments.length);
		expect(unique(ids(all, 'shipmentId'))).toBe(true);
		expect(Object.keys(all[0]).sort()).toEqual(['creationDate', 'shipmentId', 'states', 'trackingKey']);
	});

	it('default limit 25, max 100, datefrom required; date-time filter works', async () => {
		expect((await api(sim(), t, '/v1/shipments?datefrom=2000-01-01')).json.resources).toHaveLength(25);
		const tooBig = await api(sim(), t, '/v1/shipments?datefrom=2000-01-01&limit=101');
		expect(tooBig.status).toBe(400);
		expect(tooBig.json.errors[0].jsonPath).toBe('$.limit');
		const missing = await api(sim(), t, '/v1/shipments');
		expect(missing.status).toBe(400);
		expect(missing.json.errors[0]).toMatchObject({ jsonPath: '$.datefrom', detail: expect.stringContaining('datefrom') });
		const recent = new Date(Date.now() - 5 * 86_400_000).toISOString();
		const pages = await walk(sim(), t, `/v1/shipments?datefrom=${recent}&limit=100`);
		const recentIds = pages.flatMap((p) => p.resources).map((s: any) => s.shipmentId);
		expect(recentIds.length).toBeGreaterThan(0);
		expect(recentIds.length).toBeLessThan(sim().data.shipments.length);
	});

	it('single shipment and by tracking key', async () => {
		const s = sim().data.shipments[0];
		const one = await api(sim(), t, `/v1/shipments/${s.shipmentId}`);
		expect(one.json).toMatchObject({ shipmentId: s.shipmentId, shipFromAddress: { countryCode: 'DEU' }, positionItems: expect.any(Array) });
		const byKey = await api(sim(), t, `/v1/shipments/carriers/${s.trackingKey.carrier}/trackingnumbers/${s.trackingKey.trackingNumber}`);
		expect(byKey.json.shipmentId).toBe(s.shipmentId);
		expect((await api(sim(), t, '/v1/shipments/nope')).status).toBe(404);
	});
});

describe('Return shipments v1', () => {
	it('walks to the end', async () => {
		const pages = await walk(sim(), t, '/v1/return-shipments?datefrom=2000-01-01T00:00:00Z&limit=15');
		const all = pages.flatMap((p) => p.resources);
		expect(all).toHaveLength(sim().data.returnShipments.length);
		expect(unique(ids(all, 'returnShipmentId'))).toBe(true);
		expect(all[0]).toMatchObject({ trackingKey: { carrier: expect.stringMatching(/^(DHL|GLS|HERMES|HES)$/) }, returnPositionItems: expect.any(Array) });
	});
});

describe('Returns v3 (status, limit ≤ 50, page 1-based)', () => {
	it('walks each status to the end, newest first', async () => {
		for (const status of ['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED']) {
			const pages = await walk(sim(), t, `/v3/returns?status=${status.toLowerCase()}&limit=7`);
			const all = pages.flatMap((p) => p.positionItems);
			const expected = sim().data.returns.filter((r) => r.status === status);
			expect(all.length).toBe(expected.length);
			expect(all.length).toBeGreaterThan(0);
			expect(unique(ids(all, 'positionItemId'))).toBe(true);
			const times = all.map((r: any) => r.occurredTime);
			expect([...times].sort().reverse()).toEqual(times);
			if (pages.length > 1) expect(pages[0].links[0].href).toContain('page=2');
		}
		const bad = await api(sim(), t, '/v3/returns?limit=51');
		expect(bad.status).toBe(400);
		expect((await api(sim(), t, '/v3/returns?status=LOST')).status).toBe(400);
		expect((await api(sim(), t, '/v3/returns')).json.positionItems).toHaveLength(10);
	});
});

describe('Receipts v3 (next cursor, newest first)', () => {
	it('walks all receipts once; filters by type, salesOrderId and date', async () => {
		const pages = await walk(sim(), t, '/v3/receipts?limit=50');
		const all = pages.flatMap((p) => p.resources);
		expect(all).toHaveLength(sim().data.receipts.length);
		expect(unique(ids(all, 'receiptNumber'))).toBe(true);
		const dates = all.map((r: any) => r.creationDate);
		expect([...dates].sort().reverse()).toEqual(dates);

		const refunds = (await walk(sim(), t, '/v3/receipts?receiptTypes=REFUND&receiptTypes=PARTIAL_REFUND&limit=20')).flatMap((p) => p.resources);
		expect(refunds.length).toBe(sim().data.receipts.filter((r) => r.receiptType !== 'PURCHASE').length);
		expect(refunds.some((r: any) => r.receiptType === 'PARTIAL_REFUND')).toBe(true);
		for (const r of refunds) expect(r.linkedReceiptNumber).toEqual(expect.any(String));

		const one = sim().data.receipts[3];
		const bySo = (await api(sim(), t, `/v3/receipts?salesOrderId=${one.salesOrderId}`)).json.resources;
		expect(bySo.map((r: any) => r.receiptNumber)).toContain(one.receiptNumber);

		const day = one.creationDate.slice(0, 10);
		const byDay = (await walk(sim(), t, `/v3/receipts?from=${day}&to=${day}`)).flatMap((p) => p.resources);
		expect(byDay.length).toBe(sim().data.receipts.filter((r) => r.creationDate.startsWith(day)).length);
		expect((await api(sim(), t, '/v3/receipts?from=yesterday')).status).toBe(400);
		expect((await api(sim(), t, '/v3/receipts?receiptTypes=INVOICE')).status).toBe(400);
	});
});

describe('Price reductions v1 (page/limit)', () => {
	it('walks to the end; filter by positionItemId', async () => {
		const all = (await walk(sim(), t, '/v1/price-reductions?limit=3')).flatMap((p) => p.results);
		expect(all).toHaveLength(sim().data.priceReductions.length);
		expect(all.length).toBeGreaterThan(3);
		const first = sim().data.priceReductions[0];
		const one = await api(sim(), t, `/v1/price-reductions?positionItemId=${first.positionItemId}`);
		expect(one.json.results).toEqual([first]);
		expect((await api(sim(), t, '/v1/price-reductions?positionItemId=unknown')).status).toBe(404);
		expect((await api(sim(), t, '/v1/price-reductions?limit=129')).status).toBe(400);
	});
});

describe('Products v5 (0-based page, self/prev/next)', () => {
	it('walks variations, brands and categories', async () => {
		const pages = await walk(sim(), t, '/v5/products?limit=25');
		expect(pages).toHaveLength(3);
		expect(pages[0].links.map((l: any) => l.rel)).toEqual(['self', 'next']);
		expect(pages[1].links.map((l: any) => l.rel)).toEqual(['self', 'prev', 'next']);
		expect(pages[2].links.map((l: any) => l.rel)).toEqual(['self', 'prev']);
		const all = pages.flatMap((p) => p.productVariations);
		expect(all).toHaveLength(60);
		expect(unique(ids(all, 'sku'))).toBe(true);

		const brands = (await walk(sim(), t, '/v5/products/brands?limit=40')).flatMap((p) => p.brands);
		expect(brands).toHaveLength(150);
		expect((await api(sim(), t, '/v5/products/brands')).json.brands).toHaveLength(100);
		const groups = (await walk(sim(), t, '/v5/products/categories?limit=2')).flatMap((p) => p.categoryGroups);
		expect(groups).toHaveLength(sim().data.categoryGroups.length);
		const tshirt = await api(sim(), t, '/v5/products/categories?category=T-Shirt');
		expect(tshirt.json.categoryGroups).toHaveLength(1);
		expect((await api(sim(), t, '/v5/products?limit=101')).status).toBe(400);
		expect((await api(sim(), t, '/v5/products?page=-1')).status).toBe(400);
	});

	it('SKUs with special characters are found by sku filter and by encoded path', async () => {
		expect(sim().data.info.specialSkus).toEqual(expect.arrayContaining(['TSHIRT/BLUE/M', 'CABLE-1.5M', 'SCREWS,100PCS', 'GARDEN CHAIR GREEN']));
		for (const sku of sim().data.info.specialSkus) {
			const res = await api(sim(), t, `/v5/products?sku=${encodeURIComponent(sku)}`);
			expect(res.json.productVariations.map((p: any) => p.sku)).toEqual([sku]);
			const single = await api(sim(), t, `/v5/products/${encodeURIComponent(sku)}`);
			expect(single.json.sku).toBe(sku);
		}
		const filtered = await api(sim(), t, '/v5/products?productReference=TSHIRT-BASIC');
		expect(filtered.json.productVariations).toHaveLength(2);
		const p = sim().data.products[0];
		expect(p.compliance.productSafety.addresses[0].roles).toContain('DISTRIBUTOR');
		expect(p.mediaAssets[0].type).toBe('IMAGE');
	});
});

describe('Availability v1', () => {
	it('quantities: cursor = last SKU, links[] with next, sorted by SKU', async () => {
		const pages = await walk(sim(), t, '/v1/availability/quantities?limit=7');
		const all = pages.flatMap((p) => p.resources.variations);
		expect(all).toHaveLength(60);
		const skus = all.map((v: any) => v.sku);
		expect([...skus].sort()).toEqual(skus);
		expect(unique(skus)).toBe(true);
		const firstNext = pages[0].links[0];
		expect(firstNext.rel).toBe('next');
		expect(new URL(firstNext.href, 'http://x').searchParams.get('cursor')).toBe(skus[6]);
		expect(pages[pages.length - 1].links).toEqual([]);
		const byPage = await api(sim(), t, '/v1/availability/quantities?limit=7&page=1');
		expect(byPage.json.resources.variations.map((v: any) => v.sku)).toEqual(skus.slice(7, 14));
		expect((await api(sim(), t, '/v1/availability/quantities?limit=201')).status).toBe(400);
	});

	it('product-delivery-information: links is a single object; problem-style errors', async () => {
		const pages = await walk(sim(), t, '/v1/availability/product-delivery-information?limit=9');
		expect(pages.length).toBeGreaterThan(1);
		expect(Array.isArray(pages[0].links)).toBe(false);
		expect(pages[0].links).toEqual({ rel: 'next', href: expect.stringContaining('cursor=') });
		expect(pages[pages.length - 1].links).toBeUndefined();
		const all = pages.flatMap((p) => p.results);
		expect(all).toHaveLength(sim().data.deliveryInformation.size);
		expect(unique(ids(all, 'sku'))).toBe(true);
		const bad = await api(sim(), t, '/v1/availability/product-delivery-information?limit=0');
		expect(bad.status).toBe(400);
		expect(bad.json).toMatchObject({ title: 'Invalid Parameter', status: 400, validationErrors: [{ detail: expect.stringContaining('limit'), logref: expect.any(String) }] });
	});
});

describe('Shipping profiles v1 (cursor, 300 per page, single-object links)', () => {
	it('walks 650 profiles in 3 pages', async () => {
		const pages = await walk(sim(), t, '/v1/shipping-profiles');
		expect(pages.map((p) => p.results.length)).toEqual([300, 300, 50]);
		expect(pages[0].links).toEqual({ rel: 'next', href: expect.stringMatching(/^\/v1\/shipping-profiles\?cursor=/) });
		expect(pages[2].links).toBeUndefined();
		const all = pages.flatMap((p) => p.results);
		expect(unique(ids(all, 'shippingProfileId'))).toBe(true);
		const first = all[0];
		expect((await api(sim(), t, `/v1/shipping-profiles/${first.shippingProfileId}`)).json).toEqual(first);
		const missing = await api(sim(), t, '/v1/shipping-profiles/00000000-0000-4000-8000-000000000000');
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ status: 404, validationErrors: [expect.objectContaining({ logref: expect.any(String) })] });
		expect((await api(sim(), t, '/v1/shipping-profiles?cursor=%%%')).status).toBe(400);
	});
});
