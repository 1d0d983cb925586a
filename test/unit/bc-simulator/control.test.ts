import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_BC_CLIENT, startBcSimulator, tokenIdOf } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import { call, companyBase, controlJson, requestToken, token } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');


const sim = useServer(() => startBcSimulator({ port: 0, seed: { seed: 7, customers: 12 }, config: { tokenTtlSeconds: 600 } }));

describe('request log', () => {
	it('never holds the client secret or a bearer token (form, Basic, JSON bodies, query), only token ids', async () => {
		const form = await requestToken(sim());
		const basic = await requestToken(sim(), { basic: true });
		await call(sim(), form.token, `${companyBase(sim())}/customers?$top=1&access_token=${form.token}`);
		await call(sim(), basic.token, `${companyBase(sim())}/customers`, {
			method: 'POST',
			body: { displayName: `Bearer ${form.token}`, email: 'x@example.com' },
		});
		await call(sim(), form.token, `${companyBase(sim())}/customers`, { method: 'POST', body: { displayName: 'A', client_secret: DEFAULT_BC_CLIENT.clientSecret } });

		const log = sim().requests();
		expect(log).toHaveLength(5);
		expect(log[0]).toMatchObject({
			method: 'POST',
			path: `/${sim().tenantId}/oauth2/v2.0/token`,
			status: 200,
			authorized: true,
			tokenId: tokenIdOf(form.token),
			clientId: DEFAULT_BC_CLIENT.clientId,
			body: { grant_type: 'client_credentials', client_id: DEFAULT_BC_CLIENT.clientId, client_secret: '***', scope: 'https://api.businesscentral.dynamics.com/.default' },
		});
		expect(log[2]).toMatchObject({ method: 'GET', status: 200, authorized: true, tokenId: tokenIdOf(form.token), query: { $top: '1', access_token: '***' } });
		expect(log[4]).toMatchObject({ status: 400, errorCode: 'BadRequest', body: { displayName: 'A', client_secret: '***' } });

		const serialized = JSON.stringify(log);
		expect(serialized).not.toContain(DEFAULT_BC_CLIENT.clientSecret);
		expect(serialized).not.toContain(encodeURIComponent(DEFAULT_BC_CLIENT.clientSecret));
		for (const tok of [form.token, basic.token]) {
			expect(serialized).not.toContain(tok);
			expect(serialized).not.toContain(tok.split('.')[2]);
		}
		expect(serialized).not.toMatch(/authorization/i);
		// the same holds for the log over HTTP
		const overHttp = await controlJson(sim(), 'GET', '/requests');
		expect(overHttp.text).not.toContain(DEFAULT_BC_CLIENT.clientSecret);
		expect(overHttp.text).not.toContain(form.token);
		// and a secret sent with a wrong secret attempt is not kept either
		await requestToken(sim(), { secret: 'typo-secret-value' });
		expect(JSON.stringify(sim().requests())).not.toContain('typo-secret-value');
	});

	it('records status, error code, If-Match and Prefer; filters over HTTP; DELETE clears it', async () => {
		const t = await token(sim());
		const customer = sim().data.mainCompany().customers[0];
		await call(sim(), t, `${companyBase(sim())}/customers(${customer.id})`, { method: 'PATCH', body: { city: 'Kiel' }, headers: { 'If-Match': 'W/"stale"' } });
		await call(sim(), t, `${companyBase(sim())}/items`, { headers: { Prefer: 'odata.maxpagesize=5' } });
		const patched = sim().requests({ method: 'patch' })[0];
		expect(patched).toMatchObject({ status: 412, errorCode: 'Request_EntityChanged', ifMatch: 'W/"stale"', body: { city: 'Kiel' } });
		expect(sim().requests({ path: /\/items$/ })[0]).toMatchObject({ prefer: 'odata.maxpagesize=5', status: 200 });

		const filtered = await controlJson(sim(), 'GET', `/requests?path=${encodeURIComponent('/items$')}&method=GET`);
		expect(filtered.json.requests).toHaveLength(1);
		expect((await controlJson(sim(), 'GET', '/requests?path=(')).status).toBe(400);
		expect((await controlJson(sim(), 'DELETE', '/requests')).json).toEqual({ ok: true });
		expect(sim().requests()).toHaveLength(0);
		// control calls themselves are never logged
		await controlJson(sim(), 'GET', '/state');
		expect(sim().requests()).toHaveLength(0);
	});
});

describe('control API', () => {
	it('state dump: companies with customers (incl. posting groups), orders with lines, shipments, counts, info, config', async () => {
		const state = await controlJson(sim(), 'GET', '/state');
		expect(state.status).toBe(200);
		const s = state.json;
		expect(s).toMatchObject({ url: sim().url, tenantId: sim().tenantId, environment: 'production', apiBase: sim().apiBase, tokenUrl: sim().tokenUrl, requestCount: 0 });
		expect(s.counts).toMatchObject({ companies: 2, customers: 12, salesOrders: 8, salesShipments: 3 });
		expect(s.info).toMatchObject({ seed: 7, mainCompanyName: 'CRONUS DE', customers: { defaultDomestic: 'C00010', withoutPostingGroups: 'C00050' } });
		const main = s.companies[0];
		expect(main.customers[0]).toMatchObject({ number: 'C00010', customerPostingGroup: 'DOMESTIC', genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'DOMESTIC' });
		expect(main.customers[1]).toMatchObject({ country: 'AT', customerPostingGroup: 'EU' });
		expect(main.customers.find((c: any) => c.number === 'C00050')).toMatchObject({ customerPostingGroup: '', genBusPostingGroup: '' });
		expect(main.salesOrders[0].lines.length).toBeGreaterThan(0);
		expect(main.salesOrders[0]).toHaveProperty('totalAmountIncludingTax');
		expect(main.salesShipments[0]).toMatchObject({ shipmentMethodCode: 'DHL', packageTrackingNo: expect.stringMatching(/^00340434\d{12}$/) });
		expect(main.postingGroups.genBus.map((g: any) => g.code)).toEqual(['DOMESTIC', 'EU', 'EXPORT']);
		expect(s.config).toMatchObject({ tokenTtlSeconds: 600, maxPageSize: 100, outage: false, postingGroupEndpoint: { odataServiceName: 'CustomerCard', customApi: null } });
	});

	it('seed data is deterministic per seed and mirrors the OTTO simulator products (SKU = item number, EAN = GTIN)', async () => {
		const a = await startBcSimulator({ port: 0, seed: { seed: 7, customers: 12 } });
		try {
			expect(a.data.mainCompany().customers.map((c) => [c.id, c.number, c.displayName])).toEqual(sim().data.mainCompany().customers.map((c) => [c.id, c.number, c.displayName]));
			expect(a.data.mainCompany().items.map((i) => [i.id, i.gtin, i.inventory])).toEqual(sim().data.mainCompany().items.map((i) => [i.id, i.gtin, i.inventory]));
		} finally {
			await a.close();
		}
		const { generateSeed } = await import('../../otto-simulator/seed');
		const otto = generateSeed({ orders: 0 });
		const items = sim().data.mainCompany().items;
		for (const p of otto.products.slice(0, 10)) {
			expect(items.find((i) => i.number === p.sku.toUpperCase())).toMatchObject({ gtin: p.ean });
		}
		expect(sim().data.info.ottoSkus.slice(0, 6)).toEqual(['TSHIRT/BLUE/M', 'TSHIRT/BLUE/L', 'CABLE-1.5M', 'SCREWS,100PCS', 'GARDEN CHAIR GREEN', 'LAMP 2.0/WHITE, E27']);
	});

	it('reset over HTTP re-seeds with options and restores the start-up config; invalid input is a 400', async () => {
		sim().configure({ maxPageSize: 5, outage: true });
		const reset = await controlJson(sim(), 'POST', '/reset', { customers: 30, salesOrders: 2, shippedOrders: 1 });
		expect(reset.status).toBe(200);
		expect(reset.json.counts).toMatchObject({ customers: 30, salesOrders: 2, salesShipments: 1 });
		expect(sim().getConfig()).toMatchObject({ maxPageSize: 100, outage: false });
		expect((await controlJson(sim(), 'POST', '/reset', { customers: -1 })).status).toBe(400);
		expect((await controlJson(sim(), 'POST', '/reset', { unknown: 1 })).status).toBe(400);
		const cfg = await controlJson(sim(), 'POST', '/config', { maxPageSize: 3, faults: [{ type: '503', path: '/items' }] });
		expect(cfg.json).toMatchObject({ ok: true, config: { maxPageSize: 3, faults: [{ type: '503', path: '/items' }] } });
		expect((await controlJson(sim(), 'GET', '/config')).json.maxPageSize).toBe(3);
		for (const bad of [{ maxPageSize: 0 }, { faults: [{ type: '418' }] }, { faults: [{ type: '429', after: true }] }, { postingGroupEndpoint: { odataServiceName: 'has space' } }, { nope: true }]) {
			const res = await controlJson(sim(), 'POST', '/config', bad);
			expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
		}
		expect((await controlJson(sim(), 'GET', '/nope')).status).toBe(404);
	});

	it('seeding helpers: clients, items, inventory, customers with posting groups; they show up in the API', async () => {
		expect((await controlJson(sim(), 'POST', '/clients', { clientId: 'second-app', clientSecret: 'another~secret' })).status).toBe(201);
		const t = await token(sim(), { clientId: 'second-app', clientSecret: 'another~secret' });
		const item = await controlJson(sim(), 'POST', '/items', { number: 'new-sku-1', displayName: 'Neuer Artikel', gtin: '4006381333931', unitPrice: 9.99, inventory: 12 });
		expect(item.status).toBe(201);
		const api = await call(sim(), t, `${companyBase(sim())}/items?$filter=${encodeURIComponent("number eq 'NEW-SKU-1'")}`);
		expect(api.json.value[0]).toMatchObject({ number: 'NEW-SKU-1', gtin: '4006381333931', unitPrice: 9.99, inventory: 12 });
		const inv = await controlJson(sim(), 'POST', '/inventory', { number: 'NEW-SKU-1', inventory: 4 });
		expect(inv.json).toMatchObject({ ok: true, item: { inventory: 4 }, entry: { entryType: 'Negative Adjmt.', quantity: -8 } });
		expect((await controlJson(sim(), 'POST', '/inventory', { number: 'NOPE', inventory: 1 })).status).toBe(404);

		const customer = await controlJson(sim(), 'POST', '/customers', { displayName: 'Seeded', country: 'NL', customerPostingGroup: 'EU', genBusPostingGroup: 'EU', vatBusPostingGroup: 'EU' });
		expect(customer.status).toBe(201);
		expect(customer.json.customer).toMatchObject({ customerPostingGroup: 'EU', genBusPostingGroup: 'EU', vatBusPostingGroup: 'EU' });
		const bad = await controlJson(sim(), 'POST', '/customers', { displayName: 'Bad', customerPostingGroup: 'NOPE' });
		expect(bad.status).toBe(400);
		expect(bad.json.error.code).toBe('Internal_InvalidTableRelation');
		expect(sim().data.mainCompany().customers.some((c) => c.displayName === 'Bad')).toBe(false);
		const second = await controlJson(sim(), 'POST', '/items', { company: 'My Company', number: 'ONLY-IN-2', inventory: 1 });
		expect(second.status).toBe(201);
		expect(sim().data.mainCompany().items.some((i) => i.number === 'ONLY-IN-2')).toBe(false);
		expect(sim().data.companies[1].items.some((i) => i.number === 'ONLY-IN-2')).toBe(true);
	});
});

describe('cli.ts', () => {
	it('prints the listening line, serves the API and exits on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/bc-simulator/cli.ts', '--port', '0', '--token-ttl', '60', '--page-size', '7'], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const url = await new Promise<string>((resolve, reject) => {
				let out = '';
				const timer = setTimeout(() => reject(new Error(`no listening line; got: ${out}`)), 15_000);
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					const m = /^BC simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
					if (m) {
						clearTimeout(timer);
						resolve(m[1]);
					}
				});
				child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
			});
			const state = (await (await fetch(`${url}/__control/state`)).json()) as any;
			expect(state.config).toMatchObject({ tokenTtlSeconds: 60, maxPageSize: 7 });
			const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_BC_CLIENT.clientId, client_secret: DEFAULT_BC_CLIENT.clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' });
			const tok = (await (await fetch(state.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form })).json()) as any;
			expect(tok.expires_in).toBe(60);
			const customers = (await (await fetch(`${state.apiBase}/companies(${state.info.mainCompanyId})/customers`, { headers: { Authorization: `Bearer ${tok.access_token}` } })).json()) as any;
			expect(customers.value).toHaveLength(7);
		} finally {
			const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	}, 20_000);
});
