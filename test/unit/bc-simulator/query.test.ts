import { compileFilter, startBcSimulator } from '../../bc-simulator';
import { useServer } from '../../harness/server';
import { call, companyBase, controlJson, getAll, token } from './helpers';

let t: string;

const sim = useServer(() => startBcSimulator({ port: 0, seed: { customers: 45 }, config: { maxPageSize: 20 } }));
beforeAll(async () => {
	t = await token(sim());
});

describe('collections and OData query options', () => {
	it('lists companies and customers OData-style: @odata.context, value[], @odata.etag on every entity, OData-Version', async () => {
		const companies = await call(sim(), t, `${sim().apiBase}/companies`);
		expect(companies.status).toBe(200);
		expect(companies.headers.get('odata-version')).toBe('4.0');
		expect(companies.headers.get('content-type')).toMatch(/^application\/json/);
		expect(companies.json['@odata.context']).toBe(`${sim().apiBase}/$metadata#companies`);
		expect(companies.json.value.map((c: any) => c.id)).toEqual([sim().data.info.mainCompanyId, sim().data.info.secondCompanyId]);

		const customers = await call(sim(), t, `${companyBase(sim())}/customers?$top=5`);
		expect(customers.json['@odata.context']).toBe(`${sim().apiBase}/$metadata#companies(${sim().data.info.mainCompanyId})/customers`);
		expect(customers.json.value).toHaveLength(5);
		for (const c of customers.json.value) {
			expect(c['@odata.etag']).toMatch(/^W\/"/);
			expect(c).toHaveProperty('displayName');
			// posting groups are not part of API v2.0 customers
			expect(c).not.toHaveProperty('customerPostingGroup');
		}
		expect(customers.json.value.map((c: any) => c.number)).toEqual(['C00010', 'C00020', 'C00030', 'C00040', 'C00050']);
	});

	it('GET one entity by id with ETag header; an unknown id is 404 BadRequest_NotFound; a malformed key is 400', async () => {
		const customer = sim().data.mainCompany().customers[2];
		const res = await call(sim(), t, `${companyBase(sim())}/customers(${customer.id})`);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ id: customer.id, number: customer.number, '@odata.context': expect.stringMatching(/customers\/\$entity$/) });
		expect(res.headers.get('etag')).toBe(res.json['@odata.etag']);
		const missing = await call(sim(), t, `${companyBase(sim())}/customers(00000000-0000-0000-0000-00000000abcd)`);
		expect(missing.status).toBe(404);
		expect(missing.json.error.code).toBe('BadRequest_NotFound');
		expect(missing.json.error.message).toMatch(/^The Customer does not exist\..*CorrelationId: {2}[0-9a-f-]{36}\.$/);
		const malformed = await call(sim(), t, `${companyBase(sim())}/customers(abc)`);
		expect(malformed.status).toBe(400);
		const unknownSet = await call(sim(), t, `${companyBase(sim())}/vendors`);
		expect(unknownSet.status).toBe(404);
		expect(unknownSet.json.error).toMatchObject({ code: 'BadRequest_ResourceNotFound', message: expect.stringContaining("segment 'vendors'") });
	});

	it('$filter with eq/ne/and, string literals with escaped quotes, numbers, dates and GUIDs', async () => {
		const created = await controlJson(sim(), 'POST', '/customers', { displayName: "O'Brien's Laden", country: 'AT', city: 'Wien' });
		expect(created.status).toBe(201);
		const byName = await call(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent("displayName eq 'O''Brien''s Laden'")}`);
		expect(byName.json.value.map((c: any) => c.number)).toEqual([created.json.customer.number]);

		const at = await call(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent("country eq 'AT' and city ne 'Graz'")}`);
		expect(at.json.value.length).toBeGreaterThan(0);
		expect(at.json.value.every((c: any) => c.country === 'AT' && c.city !== 'Graz')).toBe(true);

		const cheap = await getAll(sim(), t, `${companyBase(sim())}/items?$filter=${encodeURIComponent('unitPrice ge 10 and unitPrice lt 20')}`);
		expect(cheap.values.length).toBeGreaterThan(0);
		expect(cheap.values.every((i: any) => i.unitPrice >= 10 && i.unitPrice < 20)).toBe(true);
		const allItems = sim().data.mainCompany().items;
		expect(cheap.values.length).toBe(allItems.filter((i) => i.unitPrice >= 10 && i.unitPrice < 20).length);

		const orders = sim().data.mainCompany().salesOrders;
		const pivot = [...orders].map((o) => o.documentDate).sort()[Math.floor(orders.length / 2)];
		const recent = await call(sim(), t, `${companyBase(sim())}/salesOrders?$filter=${encodeURIComponent(`orderDate ge ${pivot}`)}&$select=number,orderDate`);
		expect(recent.json.value.length).toBe(orders.filter((o) => o.documentDate >= pivot).length);
		expect(recent.json.value.every((o: any) => o.orderDate >= pivot)).toBe(true);

		const since = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString();
		const modified = await getAll(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}`);
		expect(modified.values.every((c: any) => Date.parse(c.lastModifiedDateTime) > Date.parse(since))).toBe(true);
		expect(modified.values.some((c: any) => c.number === created.json.customer.number)).toBe(true);

		const customer = sim().data.mainCompany().customers[3];
		const byId = await call(sim(), t, `${companyBase(sim())}/customers?$filter=id eq ${customer.id}`);
		expect(byId.json.value.map((c: any) => c.number)).toEqual([customer.number]);
	});

	it('Code fields compare upper-cased; tolower makes text comparisons case-insensitive; contains/startswith; in (…)', async () => {
		const ext = await call(sim(), t, `${companyBase(sim())}/salesOrders?$filter=${encodeURIComponent("externalDocumentNumber eq 'seed-1003'")}`);
		expect(ext.json.value.map((o: any) => o.externalDocumentNumber)).toEqual(['SEED-1003']);
		const exact = await call(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent("displayName eq 'otto market kunden de'")}`);
		expect(exact.json.value).toHaveLength(0);
		const lower = await call(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent("tolower(displayName) eq 'otto market kunden de'")}`);
		expect(lower.json.value.map((c: any) => c.number)).toEqual([sim().data.info.customers.defaultDomestic]);
		const starts = await call(sim(), t, `${companyBase(sim())}/items?$filter=${encodeURIComponent("startswith(number,'TSHIRT/')")}`);
		expect(starts.json.value.map((i: any) => i.number).sort()).toEqual(['TSHIRT/BLUE/L', 'TSHIRT/BLUE/M']);
		const contains = await call(sim(), t, `${companyBase(sim())}/items?$filter=${encodeURIComponent("contains(number,', ')")}&$select=number`);
		expect(contains.json.value.map((i: any) => i.number)).toEqual(['LAMP 2.0/WHITE, E27']);
		const inList = await call(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent("number in ('C00020','C00040')")}`);
		expect(inList.json.value.map((c: any) => c.number)).toEqual(['C00020', 'C00040']);
		const gtin = sim().data.mainCompany().items.find((i) => i.number === 'CABLE-1.5M')!.gtin;
		const byGtin = await call(sim(), t, `${companyBase(sim())}/items?$filter=gtin eq '${gtin}'&$select=number,gtin,inventory`);
		expect(byGtin.json.value).toEqual([{ '@odata.etag': expect.any(String), number: 'CABLE-1.5M', gtin, inventory: expect.any(Number) }]);
	});

	it('invalid filters are BC-shaped 400s: syntax, unknown property, incompatible types, or over different fields', async () => {
		const cases: Array<[string, string, RegExp]> = [
			["number eq 'C00010", 'BadRequest_NotFound', /unterminated string/],
			['number eq', 'BadRequest_NotFound', /Syntax error/],
			["nope eq 'x'", 'BadRequest', /Could not find a property named 'nope' on type 'Microsoft.NAV.customer'/],
			['creditLimit eq \'5\'', 'BadRequest', /incompatible types.*'Edm.Decimal' and 'Edm.String'/],
			["id eq '00000000-0000-0000-0000-000000000000'", 'BadRequest', /'Edm.Guid' and 'Edm.String'/],
			["number eq 'C00010' or city eq 'Hamburg'", 'BadRequest', /'or' can only combine conditions on the same field/],
		];
		for (const [filter, code, message] of cases) {
			const res = await call(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent(filter)}`);
			expect({ filter, status: res.status, code: res.json?.error?.code }).toEqual({ filter, status: 400, code });
			expect(res.json.error.message).toMatch(message);
		}
		const lastModDate = await call(sim(), t, `${companyBase(sim())}/salesOrders?$filter=${encodeURIComponent('orderDate ge 2024-01-01T00:00:00Z')}`);
		expect(lastModDate.status).toBe(400);
		expect(lastModDate.json.error.message).toMatch(/'Edm.Date' and 'Edm.DateTimeOffset'/);
	});

	it('$select, $top, $skip, $orderby and $count', async () => {
		const res = await call(sim(), t, `${companyBase(sim())}/customers?$select=number,email&$top=3&$skip=2&$count=true`);
		expect(res.json['@odata.count']).toBe(45);
		expect(res.json['@odata.context']).toMatch(/customers\(number,email\)$/);
		expect(res.json.value).toEqual([
			{ '@odata.etag': expect.any(String), number: 'C00030', email: expect.any(String) },
			{ '@odata.etag': expect.any(String), number: 'C00040', email: expect.any(String) },
			{ '@odata.etag': expect.any(String), number: 'C00050', email: expect.any(String) },
		]);
		const ordered = await call(sim(), t, `${companyBase(sim())}/items?$orderby=unitPrice desc&$top=3&$select=number,unitPrice`);
		const prices = ordered.json.value.map((i: any) => i.unitPrice);
		expect(prices).toEqual([...prices].sort((a: number, b: number) => b - a));
		expect(prices[0]).toBe(Math.max(...sim().data.mainCompany().items.map((i) => i.unitPrice)));
		const count = await call(sim(), t, `${companyBase(sim())}/customers/$count?$filter=${encodeURIComponent("country eq 'DE'")}`);
		expect(count.status).toBe(200);
		expect(Number(count.text)).toBe(sim().data.mainCompany().customers.filter((c) => c.country === 'DE').length);
		const badSelect = await call(sim(), t, `${companyBase(sim())}/customers?$select=number,customerPostingGroup`);
		expect(badSelect.status).toBe(400);
		const badTop = await call(sim(), t, `${companyBase(sim())}/customers?$top=-1`);
		expect(badTop.status).toBe(400);
	});

	it('$expand salesOrderLines (with nested options) and customer on salesOrders; single-entity expand', async () => {
		const res = await call(sim(), t, `${companyBase(sim())}/salesOrders?$expand=salesOrderLines($select=sequence,lineObjectNumber,quantity),customer($select=number)&$top=2`);
		expect(res.status).toBe(200);
		for (const order of res.json.value) {
			const stored = sim().data.mainCompany().salesOrders.find((o) => o.id === order.id)!;
			expect(order.salesOrderLines.map((l: any) => l.lineObjectNumber)).toEqual(stored.lines.map((l) => l.lineObjectNumber));
			expect(Object.keys(order.salesOrderLines[0]).sort()).toEqual(['@odata.etag', 'lineObjectNumber', 'quantity', 'sequence']);
			expect(order.customer).toEqual({ '@odata.etag': expect.any(String), number: stored.customerNumber });
		}
		const order = sim().data.mainCompany().salesOrders[0];
		const one = await call(sim(), t, `${companyBase(sim())}/salesOrders(${order.id})?$expand=salesOrderLines($filter=${encodeURIComponent('sequence eq 10000')})`);
		expect(one.json.salesOrderLines.map((l: any) => l.sequence)).toEqual([10000]);
		const lines = await call(sim(), t, `${companyBase(sim())}/salesOrders(${order.id})/salesOrderLines`);
		expect(lines.json.value).toHaveLength(order.lines.length);
		expect(lines.json['@odata.context']).toMatch(new RegExp(`salesOrders\\(${order.id}\\)/salesOrderLines$`));
		const badExpand = await call(sim(), t, `${companyBase(sim())}/salesOrders?$expand=shipments`);
		expect(badExpand.status).toBe(400);
		expect(badExpand.json.error.message).toMatch(/Could not find a property named 'shipments' on type 'Microsoft.NAV.salesOrder'/);
	});

	it('server-driven paging: absolute @odata.nextLink on the simulator until all entities are read', async () => {
		const { pages, values } = await getAll(sim(), t, `${companyBase(sim())}/customers?$filter=${encodeURIComponent("country ne 'XX'")}&$select=number`);
		expect(pages.map((p) => p.value.length)).toEqual([20, 20, 5]);
		expect(values.map((c: any) => c.number)).toEqual(sim().data.mainCompany().customers.map((c) => c.number));
		for (const page of pages.slice(0, 2)) {
			const next = new URL(page['@odata.nextLink']);
			expect(`${next.origin}`).toBe(sim().url);
			expect(next.searchParams.get('$filter')).toBe("country ne 'XX'");
			expect(next.searchParams.get('$select')).toBe('number');
			expect(next.searchParams.get('$skiptoken')).toBeTruthy();
		}
		expect(pages[2]['@odata.nextLink']).toBeUndefined();
	});

	it('paging is stable when entities are added between pages; $top spans pages; Prefer: odata.maxpagesize lowers the page size', async () => {
		const first = await call(sim(), t, `${companyBase(sim())}/customers?$select=number`);
		// a new customer (sorts last) and one inserted before the cursor do not shift the pages
		await controlJson(sim(), 'POST', '/customers', { displayName: 'Late Customer' });
		await controlJson(sim(), 'POST', '/customers', { number: 'A-FIRST', displayName: 'Sorts first' });
		const rest = await getAll(sim(), t, first.json['@odata.nextLink']);
		const numbers = [...first.json.value, ...rest.values].map((c: any) => c.number);
		expect(new Set(numbers).size).toBe(numbers.length);
		expect(numbers).toHaveLength(46);
		expect(numbers).not.toContain('A-FIRST');

		const top = await getAll(sim(), t, `${companyBase(sim())}/customers?$top=30&$select=number`);
		expect(top.pages.map((p) => p.value.length)).toEqual([20, 10]);
		expect(new URL(top.pages[0]['@odata.nextLink']).searchParams.get('$top')).toBe('10');

		const small = await getAll(sim(), t, `${companyBase(sim())}/items?$select=number`, { Prefer: 'odata.maxpagesize=25' });
		expect(small.pages[0].value).toHaveLength(20);
		const tiny = await call(sim(), t, `${companyBase(sim())}/items?$select=number`, { headers: { Prefer: 'odata.maxpagesize=7' } });
		expect(tiny.json.value).toHaveLength(7);
		expect(tiny.headers.get('preference-applied')).toBe('odata.maxpagesize=7');
		const tinyAll = await getAll(sim(), t, `${companyBase(sim())}/items?$select=number`, { Prefer: 'odata.maxpagesize=7' });
		expect(tinyAll.values).toHaveLength(sim().data.mainCompany().items.length);

		sim().configure({ maxPageSize: 1000 });
		const one = await call(sim(), t, `${companyBase(sim())}/customers`);
		expect(one.json.value).toHaveLength(47);
		expect(one.json['@odata.nextLink']).toBeUndefined();
	});

	it('company given as ?company= instead of companies(<id>); the second company has its own data', async () => {
		const byQuery = await call(sim(), t, `${sim().apiBase}/customers?company=${sim().data.info.secondCompanyId}&$select=id`);
		expect(byQuery.status).toBe(200);
		expect(byQuery.json.value.map((c: any) => c.id)).toEqual(sim().data.companies[1].customers.map((c) => c.id));
		const byName = await call(sim(), t, `${sim().apiBase}/items?company=${encodeURIComponent('My Company')}&$select=number`);
		expect(byName.json.value).toHaveLength(sim().data.companies[1].items.length);
		const none = await call(sim(), t, `${sim().apiBase}/customers`);
		expect(none.status).toBe(400);
		expect(none.json.error.code).toBe('Internal_CompanyNotFound');
	});
});

describe('compileFilter (pure)', () => {
	const fields = [
		{ name: 'name', type: 'string' as const },
		{ name: 'no', type: 'code' as const },
		{ name: 'qty', type: 'decimal' as const },
		{ name: 'day', type: 'date' as const },
		{ name: 'at', type: 'datetime' as const },
		{ name: 'ok', type: 'boolean' as const },
	];
	const row = { name: "Bob's", no: 'AB-1', qty: 2.5, day: '2024-05-01', at: '2024-05-01T10:00:00.000Z', ok: true };
	it.each([
		["name eq 'Bob''s'", true],
		["no eq 'ab-1'", true],
		["(no eq 'X' or no eq 'AB-1') and qty gt 2", true],
		['qty le 2.4', false],
		['day lt 2024-05-02 and day ge 2024-05-01', true],
		['at gt 2024-05-01T09:59:59Z and at lt 2024-05-01T12:00:00+02:00', false],
		['ok eq true', true],
		["endswith(name,'s')", true],
		["2 lt qty", true],
	])('%s → %s', (filter, expected) => {
		expect(compileFilter(filter, fields, 'row')(row)).toBe(expected);
	});
});
