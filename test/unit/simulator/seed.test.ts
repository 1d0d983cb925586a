import { generateSeed } from '../../otto-simulator/seed';

const NOW = '2025-06-01T12:00:00Z';

describe('seed data', () => {
	const a = generateSeed({ now: NOW });

	it('is deterministic for the same seed and reference time, different for another seed', () => {
		const b = generateSeed({ now: NOW });
		expect(JSON.stringify(b.orders)).toBe(JSON.stringify(a.orders));
		expect(JSON.stringify(b.receipts)).toBe(JSON.stringify(a.receipts));
		expect(JSON.stringify(b.products)).toBe(JSON.stringify(a.products));
		const c = generateSeed({ now: NOW, seed: 43 });
		expect(c.orders[0].salesOrderId).not.toBe(a.orders[0].salesOrderId);
		// same seed, other "now": same ids
		const d = generateSeed({ now: '2025-07-01T00:00:00Z' });
		expect(d.orders.map((o) => o.salesOrderId)).toEqual(a.orders.map((o) => o.salesOrderId));
	});

	it('has the default counts and all dates inside the last 60 days before now − 2 min', () => {
		expect(a.orders).toHaveLength(1000);
		expect(a.products).toHaveLength(60);
		const latest = a.info.latestSeededDate;
		expect(latest).toBe('2025-06-01T11:58:00.000Z');
		const earliest = new Date(Date.parse(NOW) - 61 * 86_400_000).toISOString();
		for (const o of a.orders) {
			expect(o.orderDate >= earliest).toBe(true);
			expect(o.orderLifecycleInformation.lifecycleChangeDate <= latest).toBe(true);
			expect(o.orderLifecycleInformation.lifecycleChangeDate >= o.orderDate).toBe(true);
			for (const i of o.positionItems) {
				for (const d of [i.processableDate, i.sentDate, i.returnedDate, i.cancellationDate]) if (d) expect(d <= o.orderLifecycleInformation.lifecycleChangeDate).toBe(true);
			}
		}
		for (const r of a.receipts) expect(r.creationDate <= latest).toBe(true);
		for (const s of a.shipments) for (const st of s.states) expect(st.occurredOn <= latest).toBe(true);
	});

	it('fixed orders come first with the documented statuses', () => {
		expect(a.info.fixedOrders.length).toBeGreaterThanOrEqual(12);
		for (const f of a.info.fixedOrders) {
			const order = a.orders.find((o) => o.salesOrderId === f.salesOrderId);
			expect(order?.positionItems.map((i) => i.fulfillmentStatus)).toEqual(f.statuses);
		}
	});

	it('has a group of ≥ 20 orders sharing one lifecycleChangeDate', () => {
		const counts = new Map<string, number>();
		for (const o of a.orders) counts.set(o.orderLifecycleInformation.lifecycleChangeDate, (counts.get(o.orderLifecycleInformation.lifecycleChangeDate) ?? 0) + 1);
		expect(Math.max(...counts.values())).toBeGreaterThanOrEqual(20);
		expect(counts.get(a.info.sharedLifecycleChangeDate as string)).toBe(a.info.sharedLifecycleOrderIds.length);
	});

	it('derived entities are consistent with the orders', () => {
		const items = new Map(a.orders.flatMap((o) => o.positionItems.map((i) => [i.positionItemId, i] as const)));
		for (const s of a.shipments) {
			for (const p of s.positionItems) {
				const item = items.get(p.positionItemId);
				expect(['SENT', 'RETURNED']).toContain(item?.fulfillmentStatus);
				expect(item?.trackingInfo?.trackingNumber).toBe(s.trackingKey.trackingNumber);
			}
		}
		const shipped = [...items.values()].filter((i) => i.fulfillmentStatus === 'SENT' || i.fulfillmentStatus === 'RETURNED');
		expect(a.shipments.reduce((n, s) => n + s.positionItems.length, 0)).toBe(shipped.length);
		expect(new Set(a.returns.map((r) => r.status))).toEqual(new Set(['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED']));
		for (const r of a.returns.filter((x) => x.status === 'ACCEPTED')) expect(items.get(r.positionItemId)?.fulfillmentStatus).toBe('RETURNED');
		const types = new Set(a.receipts.map((r) => r.receiptType));
		expect(types).toEqual(new Set(['PURCHASE', 'REFUND', 'PARTIAL_REFUND']));
		const numbers = new Set(a.receipts.map((r) => r.receiptNumber));
		expect(numbers.size).toBe(a.receipts.length);
		for (const r of a.receipts.filter((x) => x.receiptType !== 'PURCHASE')) {
			expect(numbers.has(r.linkedReceiptNumber as string)).toBe(true);
			expect(r.amountDue.amount).toBeLessThan(0);
		}
		for (const pr of a.priceReductions) {
			expect(items.get(pr.positionItemId)?.fulfillmentStatus).toBe('SENT');
			if (pr.priceReductions[0].status === 'PROCESSED') expect(numbers.has(pr.priceReductions[0].receiptNumber as string)).toBe(true);
		}
	});

	it('products include SKUs with /, ., , and spaces; quantities/delivery info keyed by SKU', () => {
		const skus = a.products.map((p) => p.sku);
		for (const ch of ['/', '.', ',', ' ']) expect(skus.some((s) => s.includes(ch))).toBe(true);
		expect(new Set(skus).size).toBe(skus.length);
		for (const p of a.products) {
			expect(p.ean).toMatch(/^[013-9]\d{12}$/);
			expect(p.pricing.standardPrice.currency).toBe('EUR');
			expect(p.compliance.productSafety.addresses.length).toBeGreaterThan(0);
		}
		expect(a.quantities.map((q) => q.sku).sort()).toEqual([...skus].sort());
		const profileIds = new Set(a.shippingProfiles.map((p) => p.shippingProfileId));
		for (const d of a.deliveryInformation) expect(profileIds.has(d.shippingProfileId)).toBe(true);
	});

	it('small seeds still work', () => {
		const tiny = generateSeed({ orders: 5, products: 2, brands: 1, shippingProfiles: 0, now: NOW });
		expect(tiny.orders).toHaveLength(5);
		expect(tiny.products.map((p) => p.sku)).toEqual(['TSHIRT/BLUE/M', 'TSHIRT/BLUE/L']);
		expect(tiny.deliveryInformation).toEqual([]);
		expect(generateSeed({ orders: 0, now: NOW }).orders).toEqual([]);
	});
});
