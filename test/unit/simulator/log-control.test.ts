import { DEFAULT_CLIENT, startSimulator, tokenIdOf, type LoggedRequest } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { api, requestToken, token } from './helpers';

const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 200 }, config: { tokenTtlSeconds: 600 } }));

describe('request log', () => {
	it('records method, path, query, status, auth and token id; never secrets or tokens', async () => {
		const tok = await requestToken(sim(), { scope: 'orders' });
		await api(sim(), tok.token, '/v4/orders?limit=2&fulfillmentStatus=SENT&fulfillmentStatus=RETURNED');
		await api(sim(), undefined, '/v4/orders');
		const id = sim().data.orders[0].salesOrderId;
		await api(sim(), tok.token, `/v4/orders/${id}/cancellation`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ note: 'x', access_token: tok.token }),
		});

		const log = sim().requests();
		expect(log).toHaveLength(4);
		const [tokenReq, list, unauth, cancel] = log;
		expect(tokenReq).toMatchObject({
			seq: 1,
			method: 'POST',
			path: '/v1/token',
			status: 200,
			authorized: true,
			tokenId: tokenIdOf(tok.token),
			contentType: 'application/x-www-form-urlencoded',
			body: { grant_type: 'client_credentials', client_id: 'sim-client', client_secret: '***', scope: 'orders' },
		});
		expect(list).toMatchObject({
			seq: 2,
			method: 'GET',
			path: '/v4/orders',
			query: { limit: '2', fulfillmentStatus: ['SENT', 'RETURNED'] },
			status: 200,
			authorized: true,
			tokenId: tokenIdOf(tok.token),
		});
		expect(new Date(list.time).toISOString()).toBe(list.time);
		expect(unauth).toMatchObject({ path: '/v4/orders', status: 401, authorized: false });
		expect(unauth.tokenId).toBeUndefined();
		expect(cancel).toMatchObject({ method: 'POST', status: 200, body: { note: 'x', access_token: '***' } });

		const serialized = JSON.stringify(log);
		expect(serialized).not.toContain(DEFAULT_CLIENT.clientSecret);
		expect(serialized).not.toContain(tok.token);
		expect(serialized).not.toContain(tok.token.split('.')[2]);
		expect(serialized.toLowerCase()).not.toContain('authorization');
		expect(serialized).not.toContain('Bearer');
	});

	it('Basic-auth token requests do not leak the secret either', async () => {
		const basic = Buffer.from('sim-client:sim-secret').toString('base64');
		await fetch(`${sim().url}/v1/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
			body: 'grant_type=client_credentials',
		});
		const serialized = JSON.stringify(sim().requests());
		expect(serialized).not.toContain('sim-secret');
		expect(serialized).not.toContain(basic);
	});

	it('filters by exact path, RegExp and method; clearRequests empties the log', async () => {
		const t = await token(sim(), 'orders receipts');
		await api(sim(), t, '/v4/orders?limit=1');
		await api(sim(), t, '/v3/receipts?limit=1');
		await api(sim(), t, `/v4/orders/${sim().data.orders[1].salesOrderId}`);
		expect(sim().requests({ path: '/v4/orders' })).toHaveLength(1);
		expect(sim().requests({ path: /^\/v4\/orders/ })).toHaveLength(2);
		expect(sim().requests({ method: 'post' }).map((r) => r.path)).toEqual(['/v1/token']);
		// returned entries are copies
		const [first] = sim().requests();
		first.status = 999;
		expect(sim().requests()[0].status).not.toBe(999);
		sim().clearRequests();
		expect(sim().requests()).toEqual([]);
	});
});

describe('HTTP control API', () => {
	const control = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${sim().url}/__control${path}`, {
			method,
			headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		return { status: res.status, json: (await res.json()) as any };
	};

	it('state, reset, config, requests, clients', async () => {
		const state = await control('GET', '/state');
		expect(state.status).toBe(200);
		expect(state.json.counts).toMatchObject({ orders: 200, products: 60, brands: 150 });
		expect(state.json.counts.receipts).toBeGreaterThan(0);
		expect(state.json.orders).toBe(200);

		const reset = await control('POST', '/reset', { orders: 30, seed: 7 });
		expect(reset.status).toBe(200);
		expect(sim().data.orders).toHaveLength(30);
		expect(sim().data.info.seed).toBe(7);
		expect((await control('POST', '/reset', { orders: -1 })).status).toBe(400);

		const config = await control('POST', '/config', { latencyMs: 5, faults: [{ type: '503', path: '^/v3/', count: 1 }] });
		expect(config.status).toBe(200);
		expect(config.json.config).toMatchObject({ latencyMs: 5, tokenTtlSeconds: 600 });
		expect((await control('POST', '/config', { faults: [{ type: 'nope' }] })).status).toBe(400);
		expect((await control('POST', '/config', { unknownKey: 1 })).status).toBe(400);

		const added = await control('POST', '/clients', { clientId: 'http-client', clientSecret: 'pw', scopes: ['receipts'] });
		expect(added.status).toBe(201);
		const tok = await requestToken(sim(), { client: { clientId: 'http-client', clientSecret: 'pw', scopes: [] }, scope: 'receipts' });
		expect(tok.status).toBe(200);
		expect((await api(sim(), tok.token, '/v3/receipts?limit=1')).status).toBe(503);
		expect((await api(sim(), tok.token, '/v3/receipts?limit=1')).status).toBe(200);

		const all = await control('GET', '/requests');
		expect((all.json.requests as LoggedRequest[]).map((r) => r.status)).toEqual([200, 503, 200]);
		const filtered = await fetch(`${sim().url}/__control/requests?path=${encodeURIComponent('^/v3/')}&method=GET`);
		expect(((await filtered.json()) as any).requests).toHaveLength(2);
		// control requests are never logged
		expect(JSON.stringify(all.json.requests)).not.toContain('__control');
		expect(JSON.stringify(all.json.requests)).not.toContain('pw');

		const cleared = await control('DELETE', '/requests');
		expect(cleared.status).toBe(200);
		expect((await control('GET', '/requests')).json.requests).toEqual([]);

		// reset without body: start-up seed and config restored, faults cleared
		await control('POST', '/reset');
		expect(sim().data.orders).toHaveLength(200);
		expect((await control('GET', '/config')).json).toEqual({ tokenTtlSeconds: 600, latencyMs: 0, faults: [] });
		expect((await control('GET', '/nothing')).status).toBe(404);
	});

	it('reset keeps clients and tokens valid', async () => {
		sim().addClient({ clientId: 'keep', clientSecret: 'k', scopes: ['orders'] });
		const t = await token(sim(), 'orders');
		sim().reset({ orders: 10 });
		expect((await api(sim(), t, '/v4/orders')).json.resources).toHaveLength(10);
		expect((await requestToken(sim(), { client: { clientId: 'keep', clientSecret: 'k', scopes: [] } })).status).toBe(200);
	});
});

describe('request log redaction of odd inputs', () => {
	beforeAll(() => sim().reset());

	it('masks secrets in unparsed text bodies, query strings and JSON string values', async () => {
		const t = await token(sim(), 'orders');
		// form body sent without a content type (logged as text)
		await fetch(`${sim().url}/v1/token`, { method: 'POST', body: 'grant_type=client_credentials&client_id=sim-client&client_secret=sim-secret' });
		await fetch(`${sim().url}/v4/orders?access_token=${t}&foo=Bearer%20${t}`, { headers: { Authorization: `Bearer ${t}` } });
		await fetch(`${sim().url}/v4/orders/x/cancellation`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ note: `copy of ${t}`, nested: { clientSecret: 'sim-secret' } }),
		});
		const serialized = JSON.stringify(sim().requests());
		expect(serialized).not.toContain('sim-secret');
		expect(serialized).not.toContain(t);
		expect(serialized).not.toContain(t.split('.')[1]);
	});
});
