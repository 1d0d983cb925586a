import { startBcSimulator } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import { call, companyBase, controlJson, getAll, requestToken, token } from './helpers';

let t: string;

const sim = useServer(() => startBcSimulator({ port: 0, config: { maxPageSize: 10 } }));
beforeEach(async () => {
	t = await token(sim());
});

const order = (ext: string) => ({ customerNumber: 'C00010', externalDocumentNumber: ext, salesOrderLines: [{ lineObjectNumber: 'CABLE-1.5M', quantity: 1 }] });

describe('fault injection', () => {
	it('429 with Retry-After and a BC error body; rules restricted by path/method; count limits them', async () => {
		sim().configure({ faults: [{ type: '429', path: '/customers', method: 'GET', count: 2, retryAfterSeconds: 2 }] });
		const first = await call(sim(), t, `${companyBase(sim())}/customers?$top=1`);
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('2');
		expect(first.json.error.code).toEqual(expect.any(String));
		expect((await call(sim(), t, `${companyBase(sim())}/items?$top=1`)).status).toBe(200);
		expect((await call(sim(), t, `${companyBase(sim())}/customers?$top=1`)).status).toBe(429);
		expect((await call(sim(), t, `${companyBase(sim())}/customers?$top=1`)).status).toBe(200);
		const log = sim().requests({ path: /\/customers$/ });
		expect(log.map((e) => [e.status, e.fault])).toEqual([
			[429, '429'],
			[429, '429'],
			[200, undefined],
		]);
	});

	it('skip faults a later request, e.g. page 2 of a paged read; the client can retry the same nextLink', async () => {
		sim().configure({ faults: [{ type: '503', path: '/customers$', skip: 1, count: 1 }] });
		const page1 = await call(sim(), t, `${companyBase(sim())}/customers`);
		expect(page1.status).toBe(200);
		const next = page1.json['@odata.nextLink'];
		const failed = await call(sim(), t, next);
		expect(failed.status).toBe(503);
		const retried = await call(sim(), t, next);
		expect(retried.status).toBe(200);
		expect(retried.json.value[0].number).toBe('C00110');
	});

	it('5xx and dropped connections; faults come before authentication; the token endpoint only by explicit path', async () => {
		sim().clearRequests();
		sim().configure({ faults: [{ type: '500', count: 1 }, { type: 'drop', count: 1 }] });
		const noAuth = await call(sim(), undefined, `${sim().apiBase}/companies`);
		expect(noAuth.status).toBe(500);
		await expect(fetch(`${sim().apiBase}/companies`, { headers: { Authorization: `Bearer ${t}` } })).rejects.toThrow();
		expect((await requestToken(sim())).status).toBe(200);
		expect((await call(sim(), t, `${sim().apiBase}/companies`)).status).toBe(200);
		expect(sim().requests().map((e) => [e.fault, e.status])).toEqual([
			['500', 500],
			['drop', 0],
			[undefined, 200],
			[undefined, 200],
		]);

		sim().configure({ faults: [{ type: '503', path: '/oauth2/v2.0/token$', count: 1 }] });
		const tokenFault = await requestToken(sim());
		expect(tokenFault.status).toBe(503);
		expect(tokenFault.json).toMatchObject({ error: 'temporarily_unavailable' });
		expect((await requestToken(sim())).status).toBe(200);
	});

	it('rate-based faults are reproducible with the same faultSeed', async () => {
		const run = async () => {
			sim().configure({ faults: [{ type: '502', rate: 0.5, path: '/items' }], faultSeed: 7 });
			const out: number[] = [];
			for (let i = 0; i < 12; i++) out.push((await call(sim(), t, `${companyBase(sim())}/items?$top=1`)).status);
			return out;
		};
		const a = await run();
		const b = await run();
		expect(a).toEqual(b);
		expect(a).toContain(502);
		expect(a).toContain(200);
	});

	it('after-faults apply the write, then answer 5xx: the order exists although the client saw 500', async () => {
		sim().configure({ faults: [{ type: '500', path: '/salesOrders$', method: 'POST', after: true, count: 1 }] });
		const res = await call(sim(), t, `${companyBase(sim())}/salesOrders`, { method: 'POST', body: order('OTTO-AFTER-1') });
		expect(res.status).toBe(500);
		const found = await call(sim(), t, `${companyBase(sim())}/salesOrders?$filter=${encodeURIComponent("externalDocumentNumber eq 'OTTO-AFTER-1'")}`);
		expect(found.json.value).toHaveLength(1);
		const [entry] = sim().requests({ method: 'POST', path: /\/salesOrders$/ });
		expect(entry).toMatchObject({ status: 500, fault: '500', applied: true });
		// a failed request (400) is not "applied" and does not consume the rule
		sim().configure({ faults: [{ type: 'drop', path: '/salesOrders$', method: 'POST', after: true, count: 1 }] });
		const invalid = await call(sim(), t, `${companyBase(sim())}/salesOrders`, { method: 'POST', body: { externalDocumentNumber: 'X' } });
		expect(invalid.status).toBe(400);
		await expect(
			fetch(`${companyBase(sim())}/salesOrders`, { method: 'POST', headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' }, body: JSON.stringify(order('OTTO-AFTER-2')) }),
		).rejects.toThrow();
		expect(sim().data.mainCompany().salesOrders.filter((o) => o.externalDocumentNumber.startsWith('OTTO-AFTER-'))).toHaveLength(2);
	});

	it('outage switch: every BC call is 503 (even unauthenticated) until cleared; tokens are still issued', async () => {
		const on = await controlJson(sim(), 'POST', '/outage', { retryAfterSeconds: 30 });
		expect(on.status).toBe(200);
		for (const url of [`${sim().apiBase}/companies`, `${companyBase(sim())}/customers`, `${sim().odataBase}/Company('CRONUS%20DE')/CustomerCard`]) {
			const res = await call(sim(), t, url);
			expect(res.status).toBe(503);
			expect(res.headers.get('retry-after')).toBe('30');
			expect(res.json.error.code).toEqual(expect.any(String));
		}
		expect((await call(sim(), undefined, `${sim().apiBase}/companies`)).status).toBe(503);
		expect((await requestToken(sim())).status).toBe(200);
		expect(sim().getConfig().outage).toBe(true);
		await controlJson(sim(), 'DELETE', '/outage');
		expect((await call(sim(), t, `${sim().apiBase}/companies`)).status).toBe(200);
		sim().configure({ outage: true });
		expect((await call(sim(), t, `${sim().apiBase}/companies`)).status).toBe(503);
		sim().configure({ outage: false });
		expect((await call(sim(), t, `${sim().apiBase}/companies`)).status).toBe(200);
	});

	it('latency delays every request', async () => {
		sim().configure({ latencyMs: 120 });
		const start = Date.now();
		await call(sim(), t, `${sim().apiBase}/companies`);
		expect(Date.now() - start).toBeGreaterThanOrEqual(110);
	});

	it('rateLimit counts requests per client in a sliding window and answers 429 with Retry-After', async () => {
		sim().configure({ rateLimit: { maxRequests: 3, windowSeconds: 0.5, retryAfterSeconds: 1 } });
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await call(sim(), t, `${sim().apiBase}/companies`)).status);
		expect(statuses).toEqual([200, 200, 200, 429]);
		const limited = await call(sim(), t, `${sim().apiBase}/companies`);
		expect(limited.headers.get('retry-after')).toBe('1');
		await new Promise((r) => setTimeout(r, 550));
		expect((await call(sim(), t, `${sim().apiBase}/companies`)).status).toBe(200);
		// paging through everything still works once the limit is off
		sim().configure({ rateLimit: null });
		expect((await getAll(sim(), t, `${companyBase(sim())}/customers`)).values).toHaveLength(20);
	});
});
