import { ALL_SELLER_SCOPES, DEFAULT_CLIENT, startSimulator, tokenIdOf } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { api, requestToken, token } from './helpers';

const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 50 } }));

describe('POST /v1/token', () => {
	it('issues a JWT-looking bearer token for valid client credentials', async () => {
		const res = await requestToken(sim(), { scope: 'orders products' });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ access_token: expect.any(String), expires_in: 1800, scope: 'orders products', token_type: 'Bearer' });
		const parts = res.token.split('.');
		expect(parts).toHaveLength(3);
		for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		expect(payload.scope).toBe('orders products');
		expect(payload.azp).toBe('sim-client');
		const second = await requestToken(sim(), { scope: 'orders products' });
		expect(second.token).not.toBe(res.token);
	});

	it('grants all client scopes when no scope is requested', async () => {
		const res = await requestToken(sim());
		expect(res.status).toBe(200);
		expect(String(res.body.scope).split(' ').sort()).toEqual([...ALL_SELLER_SCOPES].sort());
	});

	it('rejects a wrong secret and an unknown client with 401 invalid_client', async () => {
		const wrong = await requestToken(sim(), { scope: 'orders', secret: 'nope' });
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({ error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
		const unknown = await requestToken(sim(), { client: { clientId: 'ghost', clientSecret: 'x', scopes: [] } });
		expect(unknown.status).toBe(401);
		expect(unknown.body.error).toBe('invalid_client');
	});

	it('rejects scopes the client does not have with 400 invalid_scope naming them', async () => {
		sim().addClient({ clientId: 'limited', clientSecret: 's3', scopes: ['orders'] });
		const res = await requestToken(sim(), { client: { clientId: 'limited', clientSecret: 's3', scopes: [] }, scope: 'orders receipts products' });
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ error: 'invalid_scope', error_description: 'Invalid scopes: receipts products' });
	});

	it('rejects other grant types with 400 unsupported_grant_type and a missing grant_type with invalid_request', async () => {
		const res = await requestToken(sim(), { grantType: 'password' });
		expect(res.status).toBe(400);
		expect(res.body.error).toBe('unsupported_grant_type');
		const missing = await fetch(`${sim().url}/v1/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'client_id=sim-client&client_secret=sim-secret',
		});
		expect(missing.status).toBe(400);
		expect(((await missing.json()) as any).error).toBe('invalid_request');
	});

	it('accepts client credentials via HTTP Basic auth', async () => {
		const basic = Buffer.from('sim-client:sim-secret').toString('base64');
		const res = await fetch(`${sim().url}/v1/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
			body: 'grant_type=client_credentials&scope=orders',
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as any;
		expect(body.scope).toBe('orders');
		const orders = await api(sim(), body.access_token, '/v4/orders?limit=1');
		expect(orders.status).toBe(200);
	});

	it('answers 405 for GET /v1/token', async () => {
		const res = await api(sim(), undefined, '/v1/token');
		expect(res.status).toBe(405);
	});
});

describe('bearer authentication', () => {
	it('401 with an empty body when the token is missing, unknown or malformed', async () => {
		for (const bearer of [undefined, 'not-a-token', 'a.b.c']) {
			const res = await api(sim(), bearer, '/v4/orders');
			expect(res.status).toBe(401);
			expect(res.text).toBe('');
		}
		const basic = await fetch(`${sim().url}/v4/orders`, { headers: { Authorization: 'Basic c2ltLWNsaWVudDpzaW0tc2VjcmV0' } });
		expect(basic.status).toBe(401);
	});

	it('tokens expire after tokenTtlSeconds (value at issue time); a new token works', async () => {
		sim().configure({ tokenTtlSeconds: 0.3 });
		const short = await requestToken(sim(), { scope: 'orders' });
		expect(short.body.expires_in).toBe(0.3);
		sim().configure({ tokenTtlSeconds: 1800 });
		expect((await api(sim(), short.token, '/v4/orders?limit=1')).status).toBe(200);
		await new Promise((r) => setTimeout(r, 400));
		const expired = await api(sim(), short.token, '/v4/orders?limit=1');
		expect(expired.status).toBe(401);
		expect(expired.text).toBe('');
		const fresh = await token(sim(), 'orders');
		expect((await api(sim(), fresh, '/v4/orders?limit=1')).status).toBe(200);
	});

	it('403 naming the scope when the token lacks the interface scope', async () => {
		const t = await token(sim(), 'orders');
		const cases: Array<[string, string]> = [
			['/v3/receipts', 'receipts'],
			['/v1/shipments?datefrom=2024-01-01', 'shipments'],
			['/v1/return-shipments?datefrom=2024-01-01', 'shipments'],
			['/v3/returns', 'returns'],
			['/v1/price-reductions', 'price-reduction'],
			['/v5/products', 'products'],
			['/v1/availability/quantities', 'availability'],
			['/v1/shipping-profiles', 'shipping-profiles'],
			['/v2/returns-warehouse/addresses', 'returns-warehouse-read'],
		];
		for (const [path, scope] of cases) {
			const res = await api(sim(), t, path);
			expect(res.status).toBe(403);
			expect(res.json.errors).toHaveLength(1);
			expect(res.json.errors[0]).toMatchObject({
				path: path.split('?')[0],
				title: 'Forbidden',
				code: '403',
				detail: `The access token does not grant the scope '${scope}' required for this interface.`,
				logref: expect.any(String),
			});
		}
		const write = await api(sim(), t, '/v2/returns-warehouse/addresses', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
		expect(write.json.errors[0].detail).toContain("'returns-warehouse-write'");
	});

	it('a token with the scope reaches the route (404 for unknown paths, 405 for wrong methods)', async () => {
		const t = await token(sim(), 'orders');
		const unknown = await api(sim(), t, '/v9/nothing');
		expect(unknown.status).toBe(404);
		expect(unknown.json.errors[0]).toMatchObject({ path: '/v9/nothing', title: 'Not Found', logref: expect.any(String) });
		const wrongMethod = await api(sim(), t, '/v4/orders', { method: 'DELETE' });
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('GET');
		expect(wrongMethod.json.errors[0].logref).toEqual(expect.any(String));
	});
});

describe('service-partner flow', () => {
	it('developer token → installation → installation access token → seller API', async () => {
		const dev = await requestToken(sim(), { scope: 'developer' });
		expect(dev.status).toBe(200);
		expect(dev.body.scope).toBe('developer');

		// a developer token may not call seller endpoints
		expect((await api(sim(), dev.token, '/v4/orders')).status).toBe(403);

		const installation = await api(sim(), dev.token, '/v1/apps/sim-app/installation');
		expect(installation.status).toBe(200);
		expect(installation.json).toEqual({
			installationId: 'sim-installation',
			appId: 'sim-app',
			partnerId: expect.any(String),
			scopes: expect.arrayContaining(['orders', 'returns-warehouse-read']),
		});

		const res = await fetch(`${sim().url}/v1/apps/sim-app/installations/sim-installation/accessToken`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${dev.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'scope=orders%20products',
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as any;
		expect(body).toEqual({ access_token: expect.any(String), expires_in: 1800, scope: 'orders products', token_type: 'Bearer' });
		expect((await api(sim(), body.access_token, '/v4/orders?limit=1')).status).toBe(200);
		expect((await api(sim(), body.access_token, '/v3/receipts')).status).toBe(403);
		// an installation (seller) token cannot use developer endpoints
		expect((await api(sim(), body.access_token, '/v1/apps/sim-app/installation')).status).toBe(403);
	});

	it('404 for foreign app/installation ids, 401 without a valid developer token', async () => {
		const dev = await requestToken(sim(), { scope: 'developer' });
		const post = (path: string, bearer?: string) =>
			fetch(`${sim().url}${path}`, {
				method: 'POST',
				headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), 'Content-Type': 'application/x-www-form-urlencoded' },
				body: 'scope=orders',
			});
		expect((await post('/v1/apps/other-app/installations/sim-installation/accessToken', dev.token)).status).toBe(404);
		expect((await post('/v1/apps/sim-app/installations/other/accessToken', dev.token)).status).toBe(404);
		expect((await api(sim(), dev.token, '/v1/apps/other-app/installation')).status).toBe(404);
		expect((await post('/v1/apps/sim-app/installations/sim-installation/accessToken')).status).toBe(401);

		sim().configure({ tokenTtlSeconds: 0.2 });
		const shortDev = await requestToken(sim(), { scope: 'developer' });
		await new Promise((r) => setTimeout(r, 300));
		expect((await post('/v1/apps/sim-app/installations/sim-installation/accessToken', shortDev.token)).status).toBe(401);
	});

	it('scope=developer needs an appId', async () => {
		sim().addClient({ clientId: 'plain', clientSecret: 'p', scopes: ['orders'] });
		const res = await requestToken(sim(), { client: { clientId: 'plain', clientSecret: 'p', scopes: [] }, scope: 'developer' });
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ error: 'invalid_scope', error_description: 'Invalid scopes: developer' });
	});
});

describe('token ids', () => {
	it('logs a short non-secret token id', async () => {
		const t = await token(sim(), 'orders');
		await api(sim(), t, '/v4/orders?limit=1');
		const [entry] = sim().requests({ path: '/v4/orders' });
		expect(entry.tokenId).toBe(tokenIdOf(t));
		expect(entry.tokenId).toMatch(/^[0-9a-f]{8}$/);
		expect(DEFAULT_CLIENT.scopes).toEqual(expect.arrayContaining(['returns-warehouse-read', 'returns-warehouse-write']));
	});
});
