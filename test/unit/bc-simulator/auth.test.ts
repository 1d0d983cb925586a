import { DEFAULT_BC_CLIENT, startBcSimulator, tokenIdOf } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import { call, companyBase, requestToken, token } from './helpers';

const sim = useServer(() => startBcSimulator({ port: 0, clients: [{ clientId: 'not-in-bc', clientSecret: 's3cret~x', enabledInBc: false }] }));

function decodeJwtPart(part: string): any {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('Entra token endpoint', () => {
	it('issues a JWT-looking bearer token for the BC .default scope', async () => {
		const res = await requestToken(sim());
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: expect.any(String) });
		const parts = res.token.split('.');
		expect(parts).toHaveLength(3);
		const payload = decodeJwtPart(parts[1]);
		expect(payload).toMatchObject({ aud: 'https://api.businesscentral.dynamics.com', tid: sim().tenantId, appid: DEFAULT_BC_CLIENT.clientId, roles: ['API.ReadWrite.All'] });
		expect(payload.exp - payload.iat).toBe(3599);
		// the token works against the API
		expect((await call(sim(), res.token, `${sim().apiBase}/companies`)).status).toBe(200);
	});

	it('accepts client_secret_basic and the tenant domain instead of the id', async () => {
		const res = await requestToken(sim(), { basic: true, tenant: sim().tenantDomain });
		expect(res.status).toBe(200);
		expect((await call(sim(), res.token, `${sim().url}/v2.0/${sim().tenantDomain}/${sim().environment}/api/v2.0/companies`)).status).toBe(200);
	});

	it('answers a wrong secret with 401 invalid_client (AADSTS7000215) and issues nothing', async () => {
		const res = await requestToken(sim(), { secret: 'wrong' });
		expect(res.status).toBe(401);
		expect(res.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215], trace_id: expect.any(String), correlation_id: expect.any(String) });
		expect(res.json.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
		expect(res.json.access_token).toBeUndefined();
	});

	it('rejects unknown clients, wrong scopes, a missing scope, other grants and unknown tenants Entra-style', async () => {
		const unknown = await requestToken(sim(), { client: { clientId: 'nobody', clientSecret: 'x' } });
		expect(unknown.status).toBe(400);
		expect(unknown.json).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });

		const graph = await requestToken(sim(), { scope: 'https://graph.microsoft.com/.default' });
		expect(graph.status).toBe(400);
		expect(graph.json).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });

		const notDefault = await requestToken(sim(), { scope: 'https://api.businesscentral.dynamics.com/user_impersonation' });
		expect(notDefault.status).toBe(400);
		expect(notDefault.json).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });

		const noScope = await requestToken(sim(), { scope: null });
		expect(noScope.status).toBe(400);
		expect(noScope.json.error).toBe('invalid_request');

		const password = await requestToken(sim(), { grantType: 'password' });
		expect(password.status).toBe(400);
		expect(password.json).toMatchObject({ error: 'unsupported_grant_type', error_codes: [70003] });

		const tenant = await requestToken(sim(), { tenant: 'contoso.onmicrosoft.com' });
		expect(tenant.status).toBe(400);
		expect(tenant.json).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
	});
});

describe('bearer authentication of BC calls', () => {
	it('401 with WWW-Authenticate: Bearer and a BC error body without, with an unknown or with a malformed token', async () => {
		for (const bearer of [undefined, 'not-a-token']) {
			const res = await call(sim(), bearer, `${sim().apiBase}/companies`);
			expect(res.status).toBe(401);
			expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
			expect(res.json.error.code).toBe('Authentication_InvalidCredentials');
		}
		const basic = await call(sim(), undefined, `${sim().apiBase}/companies`, { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
		expect(basic.status).toBe(401);
	});

	it('an expired token is rejected; a fresh one works (tokenTtlSeconds)', async () => {
		sim().configure({ tokenTtlSeconds: 0.3 });
		const res = await requestToken(sim());
		expect(res.json.expires_in).toBe(1);
		expect((await call(sim(), res.token, `${sim().apiBase}/companies`)).status).toBe(200);
		await new Promise((r) => setTimeout(r, 400));
		const expired = await call(sim(), res.token, `${sim().apiBase}/companies`);
		expect(expired.status).toBe(401);
		expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer /);
		const fresh = await token(sim());
		expect((await call(sim(), fresh, `${sim().apiBase}/companies`)).status).toBe(200);
		// the log knows which token was used, by id only
		const entries = sim().requests({ path: /\/api\/v2\.0\/companies$/ });
		expect(entries.map((e) => [e.status, e.tokenId])).toEqual([
			[200, tokenIdOf(res.token)],
			[401, tokenIdOf(res.token)],
			[200, tokenIdOf(fresh)],
		]);
	});

	it('a client not enabled on the Microsoft Entra Applications page gets a token but BC answers 401', async () => {
		const res = await requestToken(sim(), { client: { clientId: 'not-in-bc', clientSecret: 's3cret~x' } });
		expect(res.status).toBe(200);
		const api = await call(sim(), res.token, `${sim().apiBase}/companies`);
		expect(api.status).toBe(401);
		expect(api.json.error.code).toBe('Authentication_InvalidCredentials');
	});

	it('a token of this tenant is not accepted on another tenant path; the tenant segment may be omitted', async () => {
		const t = await token(sim());
		const other = await call(sim(), t, `${sim().url}/v2.0/11111111-2222-3333-4444-555555555555/${sim().environment}/api/v2.0/companies`);
		expect(other.status).toBe(401);
		const noTenant = await call(sim(), t, `${sim().url}/v2.0/${sim().environment}/api/v2.0/companies`);
		expect(noTenant.status).toBe(200);
		expect(noTenant.json.value.map((c: any) => c.name)).toEqual([sim().data.info.mainCompanyName, sim().data.info.secondCompanyName]);
	});

	it('an unknown environment is a 404 after authentication', async () => {
		const t = await token(sim());
		const res = await call(sim(), t, `${sim().url}/v2.0/${sim().tenantId}/sandbox/api/v2.0/companies`);
		expect(res.status).toBe(404);
		expect(res.json.error.code).toBe('BadRequest_ResourceNotFound');
		expect((await call(sim(), t, `${companyBase(sim())}/customers?$top=1`)).status).toBe(200);
	});
});
