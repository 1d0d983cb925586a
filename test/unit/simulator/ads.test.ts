/** Sponsored Product Ads v1 and SPA Reporting v1 in the simulator (REFERENCE §4.11): real HTTP against a started simulator. */
import { ADS_FAIL_REPORT_CAMPAIGN_ID, injectKeywords, startSimulator, type OttoSimulator } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { api, token } from './helpers';

const ADS = '/v1/sponsored-product-ads';
const SPA = '/v1/spa-reporting';

const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 20 }, config: { ads: { retryAfterSeconds: 0.05 } } }));

let t: string;
beforeAll(async () => {
	t = await token(sim(), 'advertising-services products');
});

const json = (body: unknown, contentType = 'application/json'): RequestInit => ({ headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });
const post = (path: string, body: unknown) => api(sim(), t, path, { method: 'POST', ...json(body) });
const patch = (path: string, body: unknown, contentType = 'application/merge-patch+json') => api(sim(), t, path, { method: 'PATCH', ...json(body, contentType) });
const get = (path: string) => api(sim(), t, path);
const del = (path: string) => api(sim(), t, path, { method: 'DELETE' });

/** Polls the change request until it is decided; returns the answers of all polls. */
async function pollChangeRequest(requestId: string): Promise<Array<Awaited<ReturnType<typeof get>>>> {
	const answers = [];
	for (let i = 0; i < 20; i++) {
		const res = await get(`${ADS}/change-requests/${requestId}`);
		answers.push(res);
		if (res.json.status !== 'PENDING') return answers;
	}
	throw new Error('change request never decided');
}

const seeded = (s: OttoSimulator) => {
	const [evergreen, summer, garden, archived] = s.data.info.ads!.campaignIds;
	return { evergreen, summer, garden, archived };
};
const firstTarget = (s: OttoSimulator, campaignId: string) => s.data.ads.targetsOf(campaignId)!.values()[0];

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') row.push(field), (field = '');
		else if (ch === '\r' && text[i + 1] === '\n') {
			row.push(field), rows.push(row), (row = []), (field = ''), i++;
		} else field += ch;
	}
	if (field !== '' || row.length > 0) row.push(field), rows.push(row);
	return rows;
}

describe('scope advertising-services', () => {
	it('a token without it gets 403 with an OTTO error body on both interfaces; with it 200', async () => {
		const plain = await token(sim());
		for (const path of [`${ADS}/campaigns`, `${SPA}/campaign-performance`, `${SPA}/reports/download?reportId=x`]) {
			const res = await api(sim(), plain, path);
			expect(res.status).toBe(403);
			expect(res.json.errors[0]).toMatchObject({ code: '403', detail: expect.stringContaining("'advertising-services'"), logref: expect.any(String) });
		}
		expect((await api(sim(), plain, `${ADS}/campaigns`, { method: 'POST', ...json({}) })).status).toBe(403);
		expect((await get(`${ADS}/campaigns`)).status).toBe(200);
		expect((await get(`${SPA}/campaign-performance`)).status).toBe(200);
	});
});

describe('campaigns, targets, keywords: reading and cursor paging', () => {
	it('lists the seeded campaigns (one page: both cursors null) and reads one; targets and keywords in their parent', async () => {
		const list = await get(`${ADS}/campaigns`);
		expect(list.json).toEqual({ campaigns: expect.any(Array), nextCursor: null, prevCursor: null });
		expect(list.json.campaigns.map((c: any) => c.name)).toEqual(['Bestseller Evergreen', 'Sommer, Sonne & "Sale"', 'Gartenmöbel Frühjahr', 'Altsortiment 2025']);
		const { evergreen, summer } = seeded(sim());
		const one = await get(`${ADS}/campaigns/${summer}`);
		expect(one.json).toEqual({
			campaignId: summer,
			name: 'Sommer, Sonne & "Sale"',
			status: 'ACTIVE',
			dailyBudget: { amount: 10, currency: 'EUR' },
			startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			endDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			createdAt: expect.any(String),
			lastModifiedAt: expect.any(String),
		});
		const targets = await get(`${ADS}/campaigns/${evergreen}/targets`);
		expect(targets.json.nextCursor).toBeNull();
		const target = targets.json.targets[0];
		expect(Object.keys(target).sort()).toEqual(expect.arrayContaining(['campaignId', 'sku', 'status', 'targetId']));
		expect((await get(`${ADS}/campaigns/${evergreen}/targets/${target.targetId}`)).json).toEqual(target);
		const keywords = await get(`${ADS}/campaigns/${evergreen}/targets/${target.targetId}/keywords`);
		const keyword = keywords.json.keywords[0];
		expect(keyword).toMatchObject({ targetId: target.targetId, matchType: expect.stringMatching(/^(EXACT|PHRASE|BROAD)$/), status: expect.any(String) });
		expect((await get(`${ADS}/campaigns/${evergreen}/targets/${target.targetId}/keywords/${keyword.keywordId}`)).json).toEqual(keyword);
		expect((await get(`${ADS}/campaigns/nope`)).status).toBe(404);
		expect((await get(`${ADS}/campaigns/${summer}/targets/${target.targetId}`)).status).toBe(404);
		expect((await get(`${ADS}/campaigns/${evergreen}/targets/${target.targetId}/keywords/nope`)).status).toBe(404);
	});

	it('seeds ACTIVE targets of sold-out SKUs in ACTIVE campaigns (info.ads.soldOutTargets)', () => {
		const { soldOutTargets } = sim().data.info.ads!;
		expect(soldOutTargets.length).toBeGreaterThanOrEqual(2);
		for (const s of soldOutTargets) {
			expect(sim().data.quantities.get(s.sku)?.quantity).toBe(0);
			expect(sim().data.ads.getTarget(s.campaignId, s.targetId)).toMatchObject({ sku: s.sku, status: 'ACTIVE' });
			expect(sim().data.ads.getCampaign(s.campaignId)?.status).toBe('ACTIVE');
		}
	});

	it('2,500 keywords on one target: three pages at limit 1000 (next/prev cursors), the default limit is 100', async () => {
		const { evergreen } = seeded(sim());
		const target = firstTarget(sim(), evergreen);
		const existing = sim().data.ads.keywordsOf(target.targetId)!.size;
		const control = await fetch(`${sim().url}/__control/ads/keywords`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ campaignId: evergreen, targetId: target.targetId, count: 2500 - existing }),
		});
		expect(control.status).toBe(201);
		const base = `${ADS}/campaigns/${evergreen}/targets/${target.targetId}/keywords`;
		const pages: any[] = [];
		let path = `${base}?limit=1000`;
		for (;;) {
			const res = await get(path);
			expect(res.status).toBe(200);
			pages.push(res.json);
			if (!res.json.nextCursor) break;
			path = `${base}?limit=1000&cursor=${encodeURIComponent(res.json.nextCursor)}`;
		}
		expect(pages.map((p) => p.keywords.length)).toEqual([1000, 1000, 500]);
		expect(pages[0].prevCursor).toBeNull();
		expect(pages[2].nextCursor).toBeNull();
		const ids = pages.flatMap((p) => p.keywords.map((k: any) => k.keywordId));
		expect(new Set(ids).size).toBe(2500);
		const back = await get(`${base}?limit=1000&cursor=${encodeURIComponent(pages[2].prevCursor)}`);
		expect(back.json.keywords.map((k: any) => k.keywordId)).toEqual(pages[1].keywords.map((k: any) => k.keywordId));
		expect((await get(base)).json.keywords).toHaveLength(100);
		// the log holds the page requests with their query
		const logged = sim().requests({ path: base, method: 'GET' });
		expect(logged.slice(0, 3).map((r) => r.query.limit)).toEqual(['1000', '1000', '1000']);
		expect(logged[1].query.cursor).toBe(pages[0].nextCursor);
	});

	it('a cursor stays valid when entities are added or removed between pages', async () => {
		const { summer } = seeded(sim());
		const target = firstTarget(sim(), summer);
		injectKeywords(sim().data, { campaignId: summer, targetId: target.targetId, count: 30, prefix: 'extra' });
		const base = `${ADS}/campaigns/${summer}/targets/${target.targetId}/keywords`;
		const first = await get(`${base}?limit=10`);
		sim().data.ads.keywordsOf(target.targetId)!.remove(first.json.keywords[9].keywordId);
		const second = await get(`${base}?limit=10&cursor=${first.json.nextCursor}`);
		const all = sim().data.ads.keywordsOf(target.targetId)!.values().map((k) => k.keywordId);
		expect(second.json.keywords.map((k: any) => k.keywordId)).toEqual(all.slice(9, 19));
	});

	it('limit 1…1000 and a cursor of this list, else 400 with an OTTO error body', async () => {
		const { evergreen, summer } = seeded(sim());
		for (const limit of ['0', '1001', 'x']) {
			const res = await get(`${ADS}/campaigns?limit=${limit}`);
			expect(res.status).toBe(400);
			expect(res.json.errors[0]).toMatchObject({ title: 'Invalid Parameter', code: '400', jsonPath: '$.limit', logref: expect.any(String) });
		}
		expect((await get(`${ADS}/campaigns?limit=1000`)).status).toBe(200);
		const bad = await get(`${ADS}/campaigns?cursor=not-a-cursor`);
		expect(bad.status).toBe(400);
		expect(bad.json.errors[0].jsonPath).toBe('$.cursor');
		const page = await get(`${ADS}/campaigns/${evergreen}/targets?limit=2`);
		const foreign = await get(`${ADS}/campaigns/${summer}/targets?cursor=${page.json.nextCursor}`);
		expect(foreign.status).toBe(400);
	});
});

describe('writes: 202 + change request', () => {
	it('POST campaign: 202 {campaignId, requestId}; visible only once accepted; PENDING polls carry Retry-After', async () => {
		const res = await post(`${ADS}/campaigns`, { name: 'Winter', dailyBudget: { amount: 12.5, currency: 'EUR' }, startDate: '2026-12-01' });
		expect(res.status).toBe(202);
		expect(res.json).toEqual({ campaignId: expect.any(String), requestId: expect.any(String) });
		expect(res.headers.get('location')).toBe(`${ADS}/change-requests/${res.json.requestId}`);
		expect((await get(`${ADS}/campaigns/${res.json.campaignId}`)).status).toBe(404);
		expect((await get(`${ADS}/campaigns`)).json.campaigns).toHaveLength(4);
		const polls = await pollChangeRequest(res.json.requestId);
		expect(polls).toHaveLength(2);
		expect(polls[0].json).toEqual({
			requestId: res.json.requestId,
			status: 'PENDING',
			entities: [{ entityId: res.json.campaignId, entityType: 'CAMPAIGN', status: 'PENDING' }],
		});
		expect(polls[0].headers.get('retry-after')).toBe('0.05');
		expect(polls[1].json).toEqual({
			requestId: res.json.requestId,
			status: 'ACCEPTED',
			entities: [{ entityId: res.json.campaignId, entityType: 'CAMPAIGN', status: 'ACCEPTED' }],
		});
		expect(polls[1].headers.get('retry-after')).toBeNull();
		const campaign = await get(`${ADS}/campaigns/${res.json.campaignId}`);
		expect(campaign.json).toMatchObject({ name: 'Winter', status: 'ACTIVE', dailyBudget: { amount: 12.5, currency: 'EUR' }, startDate: '2026-12-01' });
		expect(campaign.json).not.toHaveProperty('endDate');
		expect((await get(`${ADS}/campaigns`)).json.campaigns).toHaveLength(5);
		expect((await get(`${ADS}/change-requests/nope`)).status).toBe(404);
	});

	it('polls until decided and Retry-After are configurable; 0 polls decides when written', async () => {
		sim().configure({ ads: { changeRequestPolls: 4 } });
		const slow = await post(`${ADS}/campaigns`, { name: 'Slow', dailyBudget: { amount: 5, currency: 'EUR' }, startDate: '2026-12-01' });
		const polls = await pollChangeRequest(slow.json.requestId);
		expect(polls.map((p) => p.json.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'ACCEPTED']);
		sim().configure({ ads: { changeRequestPolls: 0, retryAfterSeconds: 1 } });
		const fast = await post(`${ADS}/campaigns`, { name: 'Fast', dailyBudget: { amount: 5, currency: 'EUR' }, startDate: '2026-12-01' });
		expect((await get(`${ADS}/campaigns/${fast.json.campaignId}`)).status).toBe(200);
		const config = (await (await fetch(`${sim().url}/__control/config`)).json()) as any;
		expect(config.ads).toEqual({ changeRequestPolls: 0, retryAfterSeconds: 1 });
		sim().reset();
		expect(((await (await fetch(`${sim().url}/__control/config`)).json()) as any).ads).toEqual({ retryAfterSeconds: 0.05 });
	});

	it('a pending create can be decided by the control POST /__control/ads/decide', async () => {
		const res = await post(`${ADS}/campaigns`, { name: 'Later', dailyBudget: { amount: 0.5, currency: 'EUR' }, startDate: '2026-12-01' });
		const decided = (await (await fetch(`${sim().url}/__control/ads/decide`, { method: 'POST' })).json()) as any;
		expect(decided.decided).toEqual([
			{
				requestId: res.json.requestId,
				status: 'REJECTED',
				entities: [{ entityId: res.json.campaignId, entityType: 'CAMPAIGN', status: 'REJECTED', reason: 'Daily budget 0.50 EUR is below the minimum of 1.00 EUR' }],
			},
		]);
		expect((await get(`${ADS}/change-requests/${res.json.requestId}`)).json.status).toBe('REJECTED');
		expect((await get(`${ADS}/campaigns/${res.json.campaignId}`)).status).toBe(404);
	});

	it('PATCH campaign is a JSON Merge Patch: given fields change, null removes, nested objects merge; other Content-Types 415', async () => {
		const { summer } = seeded(sim());
		const before = (await get(`${ADS}/campaigns/${summer}`)).json;
		const wrong = await patch(`${ADS}/campaigns/${summer}`, { name: 'x' }, 'application/json');
		expect(wrong.status).toBe(415);
		expect(wrong.headers.get('accept-patch')).toBe('application/merge-patch+json');
		expect(wrong.json.errors[0]).toMatchObject({ code: '415', detail: expect.stringContaining('application/merge-patch+json') });

		const res = await patch(`${ADS}/campaigns/${summer}`, { dailyBudget: { amount: 30 }, endDate: null, status: 'PAUSED' }, 'application/merge-patch+json; charset=utf-8');
		expect(res.status).toBe(202);
		expect(res.json).toEqual({ requestId: expect.any(String) });
		expect((await get(`${ADS}/campaigns/${summer}`)).json).toEqual(before); // not applied before the decision
		const polls = await pollChangeRequest(res.json.requestId);
		expect(polls.at(-1)!.json.entities).toEqual([{ entityId: summer, entityType: 'CAMPAIGN', status: 'ACCEPTED' }]);
		const after = (await get(`${ADS}/campaigns/${summer}`)).json;
		expect(after).toEqual({ ...before, dailyBudget: { amount: 30, currency: 'EUR' }, status: 'PAUSED', endDate: undefined, lastModifiedAt: expect.any(String) });
		expect(after).not.toHaveProperty('endDate');

		const logged = sim().requests({ path: `${ADS}/campaigns/${summer}`, method: 'PATCH' });
		expect(logged.map((r) => r.status)).toEqual([415, 202]);
		expect(logged[1]).toMatchObject({ contentType: 'application/merge-patch+json; charset=utf-8', body: { dailyBudget: { amount: 30 }, endDate: null, status: 'PAUSED' } });
	});

	it('synchronous 400s name the field: missing name, negative budget, bad dates, null for a required field, read-only fields', async () => {
		const { summer } = seeded(sim());
		const cases: Array<[string, unknown, string]> = [
			['POST', { dailyBudget: { amount: 5, currency: 'EUR' }, startDate: '2026-12-01' }, '$.name'],
			['POST', { name: '  ', dailyBudget: { amount: 5, currency: 'EUR' }, startDate: '2026-12-01' }, '$.name'],
			['POST', { name: 'n', dailyBudget: { amount: -1, currency: 'EUR' }, startDate: '2026-12-01' }, '$.dailyBudget.amount'],
			['POST', { name: 'n', dailyBudget: { amount: 1.234, currency: 'EUR' }, startDate: '2026-12-01' }, '$.dailyBudget.amount'],
			['POST', { name: 'n', dailyBudget: { amount: 5, currency: 'USD' }, startDate: '2026-12-01' }, '$.dailyBudget.currency'],
			['POST', { name: 'n', dailyBudget: { amount: 5, currency: 'EUR' }, startDate: '01.12.2026' }, '$.startDate'],
			['POST', { name: 'n', dailyBudget: { amount: 5, currency: 'EUR' }, startDate: '2026-12-01', endDate: '2026-11-01' }, '$.endDate'],
			['POST', { name: 'n', dailyBudget: { amount: 5, currency: 'EUR' }, startDate: '2026-12-01', status: 'RUNNING' }, '$.status'],
			['PATCH', { name: null }, '$.name'],
			['PATCH', { dailyBudget: { amount: -3 } }, '$.dailyBudget.amount'],
			['PATCH', { campaignId: 'other' }, '$.campaignId'],
			['PATCH', { endDate: '2000-01-01' }, '$.endDate'],
		];
		for (const [method, body, jsonPath] of cases) {
			const res = method === 'POST' ? await post(`${ADS}/campaigns`, body) : await patch(`${ADS}/campaigns/${summer}`, body);
			expect([JSON.stringify(body), res.status, res.json.errors[0].jsonPath]).toEqual([JSON.stringify(body), 400, jsonPath]);
			expect(res.json.errors[0]).toMatchObject({ title: 'Invalid Attribute', code: '400', logref: expect.any(String) });
		}
		const broken = await api(sim(), t, `${ADS}/campaigns`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":' });
		expect(broken.status).toBe(400);
		expect(sim().data.ads.changeRequests.size).toBe(0);
	});

	it('targets: created ids in the 202, unknown SKU / low bid / duplicate SKU rejected per entity (PARTIALLY_ACCEPTED)', async () => {
		const { garden, archived } = seeded(sim());
		const sku = sim().data.products.find((p) => !sim().data.ads.targetsOf(garden)!.values().some((t) => t.sku === p.sku))!.sku;
		const res = await post(`${ADS}/campaigns/${garden}/targets`, {
			targets: [
				{ sku, bid: { amount: 0.35, currency: 'EUR' } },
				{ sku: 'NO-SUCH-SKU' },
				{ sku: sim().data.products[1].sku, bid: { amount: 0.05, currency: 'EUR' } },
				{ sku, status: 'PAUSED' },
			],
		});
		expect(res.status).toBe(202);
		expect(res.json.targets.map((x: any) => x.sku)).toEqual([sku, 'NO-SUCH-SKU', sim().data.products[1].sku, sku]);
		const ids = res.json.targets.map((x: any) => x.targetId);
		expect((await get(`${ADS}/campaigns/${garden}/targets/${ids[0]}`)).status).toBe(404);
		const decided = (await pollChangeRequest(res.json.requestId)).at(-1)!.json;
		expect(decided.status).toBe('PARTIALLY_ACCEPTED');
		expect(decided.entities).toEqual([
			{ entityId: ids[0], entityType: 'TARGET', status: 'ACCEPTED' },
			{ entityId: ids[1], entityType: 'TARGET', status: 'REJECTED', reason: "Unknown SKU 'NO-SUCH-SKU': no product with this SKU exists" },
			{ entityId: ids[2], entityType: 'TARGET', status: 'REJECTED', reason: 'Bid 0.05 EUR is below the minimum bid of 0.10 EUR' },
			{ entityId: ids[3], entityType: 'TARGET', status: 'REJECTED', reason: `The campaign already targets SKU '${sku}'` },
		]);
		expect((await get(`${ADS}/campaigns/${garden}/targets/${ids[0]}`)).json).toEqual({
			targetId: ids[0],
			campaignId: garden,
			sku,
			status: 'ACTIVE',
			bid: { amount: 0.35, currency: 'EUR' },
		});
		// an archived campaign takes no changes
		const arch = await post(`${ADS}/campaigns/${archived}/targets`, { targets: [{ sku }] });
		expect((await pollChangeRequest(arch.json.requestId)).at(-1)!.json).toMatchObject({ status: 'REJECTED', entities: [{ reason: expect.stringContaining('ARCHIVED') }] });
		// 400s before anything is queued
		for (const body of [{}, { targets: [] }, { targets: [{ bid: { amount: 1, currency: 'EUR' } }] }, { targets: [{ sku, status: 'ARCHIVED' }] }]) {
			expect((await post(`${ADS}/campaigns/${garden}/targets`, body)).status).toBe(400);
		}
		expect((await post(`${ADS}/campaigns/nope/targets`, { targets: [{ sku }] })).status).toBe(404);
	});

	it('PATCH targets merges per target (bid null removes, nested bid merges); DELETE with repeated targetIds', async () => {
		const { evergreen } = seeded(sim());
		const [a, b, c] = sim().data.ads.targetsOf(evergreen)!.values().map((x) => ({ ...x }));
		const res = await patch(`${ADS}/campaigns/${evergreen}/targets`, {
			targets: [{ targetId: a.targetId, status: 'PAUSED' }, { targetId: b.targetId, bid: null }, { targetId: c.targetId, bid: { amount: 0.77 } }, { targetId: 'gone' }],
		});
		expect(res.status).toBe(202);
		const decided = (await pollChangeRequest(res.json.requestId)).at(-1)!.json;
		expect(decided.entities.map((e: any) => e.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'REJECTED']);
		expect(decided.entities[3].reason).toBe(`Target 'gone' not found in campaign '${evergreen}'`);
		expect((await get(`${ADS}/campaigns/${evergreen}/targets/${a.targetId}`)).json).toEqual({ ...a, status: 'PAUSED' });
		expect((await get(`${ADS}/campaigns/${evergreen}/targets/${b.targetId}`)).json).not.toHaveProperty('bid');
		expect((await get(`${ADS}/campaigns/${evergreen}/targets/${c.targetId}`)).json.bid).toEqual({ amount: 0.77, currency: 'EUR' });

		expect((await patch(`${ADS}/campaigns/${evergreen}/targets`, { targets: [{ targetId: a.targetId, sku: 'X' }] })).json.errors[0].jsonPath).toBe('$.targets[0].sku');
		expect((await patch(`${ADS}/campaigns/${evergreen}/targets`, { targets: [{ targetId: a.targetId }, { targetId: a.targetId }] })).status).toBe(400);
		expect((await patch(`${ADS}/campaigns/${evergreen}/targets`, { targets: [{ targetId: a.targetId }] }, 'application/json')).status).toBe(415);

		const keywordsOfA = sim().data.ads.keywordsOf(a.targetId)!.size;
		expect(keywordsOfA).toBeGreaterThan(0);
		const gone = await del(`${ADS}/campaigns/${evergreen}/targets?targetIds=${a.targetId}&targetIds=${b.targetId}&targetIds=unknown`);
		expect(gone.status).toBe(202);
		expect(gone.json).toEqual({ requestId: expect.any(String) });
		const deleted = (await pollChangeRequest(gone.json.requestId)).at(-1)!.json;
		expect(deleted).toMatchObject({ status: 'PARTIALLY_ACCEPTED', entities: [{ entityId: a.targetId, status: 'ACCEPTED' }, { entityId: b.targetId, status: 'ACCEPTED' }, { entityId: 'unknown', status: 'REJECTED' }] });
		expect((await get(`${ADS}/campaigns/${evergreen}/targets/${a.targetId}`)).status).toBe(404);
		expect(sim().data.ads.keywordsOf(a.targetId)).toBeUndefined();
		expect(sim().requests({ path: `${ADS}/campaigns/${evergreen}/targets`, method: 'DELETE' })[0].query).toEqual({ targetIds: [a.targetId, b.targetId, 'unknown'] });

		expect((await del(`${ADS}/campaigns/${evergreen}/targets`)).json.errors[0].jsonPath).toBe('$.targetIds');
		expect((await del(`${ADS}/campaigns/${evergreen}/targets?targetIds=${c.targetId}&targetIds=${c.targetId}`)).status).toBe(400);
	});

	it('keywords: create (80 characters at most, duplicates rejected), merge patch, DELETE with repeated keywordIds', async () => {
		const { summer } = seeded(sim());
		const target = firstTarget(sim(), summer);
		const base = `${ADS}/campaigns/${summer}/targets/${target.targetId}/keywords`;
		expect((await post(base, { keywords: [{ keyword: 'sofa', matchType: 'FUZZY' }] })).json.errors[0].jsonPath).toBe('$.keywords[0].matchType');
		expect((await post(base, { keywords: [{ matchType: 'EXACT' }] })).json.errors[0].jsonPath).toBe('$.keywords[0].keyword');
		const long = 'x'.repeat(81);
		const res = await post(base, {
			keywords: [
				{ keyword: 'gartenstuhl grün', matchType: 'EXACT', bid: { amount: 0.4, currency: 'EUR' } },
				{ keyword: long, matchType: 'BROAD' },
				{ keyword: 'Gartenstuhl Grün', matchType: 'EXACT' },
				{ keyword: 'gartenstuhl grün', matchType: 'PHRASE', status: 'PAUSED' },
			],
		});
		expect(res.status).toBe(202);
		expect(res.json.keywords.map((k: any) => k.keyword)).toEqual(['gartenstuhl grün', long, 'Gartenstuhl Grün', 'gartenstuhl grün']);
		const ids = res.json.keywords.map((k: any) => k.keywordId);
		const decided = (await pollChangeRequest(res.json.requestId)).at(-1)!.json;
		expect(decided.entities.map((e: any) => [e.entityType, e.status])).toEqual([
			['KEYWORD', 'ACCEPTED'],
			['KEYWORD', 'REJECTED'],
			['KEYWORD', 'REJECTED'],
			['KEYWORD', 'ACCEPTED'],
		]);
		expect(decided.entities[1].reason).toBe('Keyword is 81 characters long; at most 80 are allowed');
		expect((await get(`${base}/${ids[0]}`)).json).toEqual({
			keywordId: ids[0],
			targetId: target.targetId,
			keyword: 'gartenstuhl grün',
			matchType: 'EXACT',
			status: 'ACTIVE',
			bid: { amount: 0.4, currency: 'EUR' },
		});

		const upd = await patch(base, { keywords: [{ keywordId: ids[0], bid: null, status: 'PAUSED' }, { keywordId: ids[3], bid: { amount: 0.09, currency: 'EUR' } }] });
		const updated = (await pollChangeRequest(upd.json.requestId)).at(-1)!.json;
		expect(updated.entities.map((e: any) => e.status)).toEqual(['ACCEPTED', 'REJECTED']);
		expect((await get(`${base}/${ids[0]}`)).json).toEqual({ keywordId: ids[0], targetId: target.targetId, keyword: 'gartenstuhl grün', matchType: 'EXACT', status: 'PAUSED' });
		expect((await patch(base, { keywords: [{ keywordId: ids[0], matchType: 'BROAD' }] })).json.errors[0].jsonPath).toBe('$.keywords[0].matchType');

		const gone = await del(`${base}?keywordIds=${ids[0]}&keywordIds=${ids[3]}`);
		expect((await pollChangeRequest(gone.json.requestId)).at(-1)!.json.status).toBe('ACCEPTED');
		expect((await get(`${base}/${ids[0]}`)).status).toBe(404);
		expect((await get(`${base}/${ids[3]}`)).status).toBe(404);
	});
});

describe('SPA reporting', () => {
	it('KPIs per campaign and per SKU: default the last 7 days, deterministic, campaignId filter; dates both or neither', async () => {
		const { evergreen } = seeded(sim());
		const res = await get(`${SPA}/campaign-performance`);
		expect(res.status).toBe(200);
		const today = new Date().toISOString().slice(0, 10);
		const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
		expect(res.json).toMatchObject({ fromDate: day(-7), toDate: day(-1) });
		expect(res.json.campaigns).toHaveLength(4);
		const row = res.json.campaigns.find((c: any) => c.campaignId === evergreen);
		expect(row).toEqual({
			campaignId: evergreen,
			name: 'Bestseller Evergreen',
			impressions: expect.any(Number),
			clicks: expect.any(Number),
			cost: { amount: expect.any(Number), currency: 'EUR' },
			sales: { amount: expect.any(Number), currency: 'EUR' },
			orders: expect.any(Number),
			ctr: expect.any(Number),
			roas: expect.any(Number),
		});
		expect(row.impressions).toBeGreaterThan(0);
		expect((await get(`${SPA}/campaign-performance`)).json).toEqual(res.json);
		const archived = res.json.campaigns.find((c: any) => c.name === 'Altsortiment 2025');
		expect(archived.impressions).toBe(0); // ended long ago
		const one = await get(`${SPA}/campaign-performance?campaignId=${evergreen}&fromDate=${day(-7)}&toDate=${day(-1)}`);
		expect(one.json.campaigns).toEqual([row]);
		const products = await get(`${SPA}/product-performance?campaignId=${evergreen}`);
		expect(products.json.products.map((p: any) => p.sku).sort()).toEqual(sim().data.ads.targetsOf(evergreen)!.values().map((x) => x.sku).sort());
		expect(products.json.products.reduce((s: number, p: any) => s + p.impressions, 0)).toBe(row.impressions);

		for (const q of [`fromDate=${day(-3)}`, `toDate=${day(-3)}`, `fromDate=${day(-1)}&toDate=${day(-3)}`, 'fromDate=2026-13-01&toDate=2026-12-31']) {
			const bad = await get(`${SPA}/product-performance?${q}`);
			expect(bad.status).toBe(400);
			expect(bad.json.errors[0]).toMatchObject({ code: '400', jsonPath: expect.stringMatching(/^\$\.(fromDate|toDate)$/) });
		}
	});

	it('report lifecycle: POST → PENDING (Retry-After) → READY → CSV; 409 before READY, 404 unknown', async () => {
		const { evergreen, summer } = seeded(sim());
		const today = new Date().toISOString().slice(0, 10);
		const from = new Date(Date.parse(`${today}T00:00:00Z`) - 5 * 86_400_000).toISOString().slice(0, 10);
		const created = await post(`${SPA}/campaign-performance`, { fromDate: from, toDate: today, campaignIds: [evergreen, summer] });
		expect(created.status).toBe(202);
		expect(created.json).toEqual({ reportId: expect.any(String), status: 'PENDING' });
		const { reportId } = created.json;
		const early = await get(`${SPA}/reports/download?reportId=${reportId}`);
		expect(early.status).toBe(409);
		expect(early.json.errors[0].detail).toContain('PENDING');
		const s1 = await get(`${SPA}/campaign-performance/status?reportId=${reportId}`);
		expect(s1.json).toEqual({ reportId, status: 'PENDING' });
		expect(s1.headers.get('retry-after')).toBe('0.05');
		expect((await get(`${SPA}/keyword-performance/status?reportId=${reportId}`)).status).toBe(404);
		const s2 = await get(`${SPA}/campaign-performance/status?reportId=${reportId}`);
		expect(s2.json).toEqual({ reportId, status: 'READY' });
		expect(s2.headers.get('retry-after')).toBeNull();
		const csv = await get(`${SPA}/reports/download?reportId=${reportId}`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csv.text.startsWith('date,campaignId,campaignName,impressions,clicks,cost,sales,orders\r\n')).toBe(true);
		expect(csv.text).toContain(',"Sommer, Sonne & ""Sale""",');
		const rows = parseCsv(csv.text);
		expect(rows.slice(1).every((r) => r.length === 8)).toBe(true);
		expect(rows.slice(1).filter((r) => r[1] === evergreen)).toHaveLength(6); // from … today
		expect(rows.find((r) => r[1] === summer)![2]).toBe('Sommer, Sonne & "Sale"');
		expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set([evergreen, summer]));

		expect((await get(`${SPA}/reports/download?reportId=nope`)).status).toBe(404);
		expect((await get(`${SPA}/reports/download`)).json.errors[0].jsonPath).toBe('$.reportId');
		expect((await get(`${SPA}/campaign-performance/status?reportId=nope`)).status).toBe(404);
	});

	it('keyword and product reports have their own columns', async () => {
		const { summer } = seeded(sim());
		const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
		for (const [kind, header] of [
			['keyword', 'date,campaignId,targetId,sku,keywordId,keyword,matchType,impressions,clicks,cost,sales,orders'],
			['product', 'date,campaignId,sku,impressions,clicks,cost,sales,orders'],
		]) {
			const { reportId } = (await post(`${SPA}/${kind}-performance`, { fromDate: from, toDate: from, campaignIds: [summer] })).json;
			await get(`${SPA}/${kind}-performance/status?reportId=${reportId}`);
			expect((await get(`${SPA}/${kind}-performance/status?reportId=${reportId}`)).json.status).toBe('READY');
			const rows = parseCsv((await get(`${SPA}/reports/download?reportId=${reportId}`)).text);
			expect(rows[0].join(',')).toBe(header);
			const expected = kind === 'product' ? sim().data.ads.targetsOf(summer)!.size : sim().data.ads.targetsOf(summer)!.values().reduce((n, x) => n + sim().data.ads.keywordsOf(x.targetId)!.size, 0);
			expect(rows.length - 1).toBe(expected);
		}
		// the seeded keyword with a comma is quoted
		const { reportId } = (await post(`${SPA}/keyword-performance`, { fromDate: from, toDate: from, campaignIds: [summer] })).json;
		await get(`${SPA}/keyword-performance/status?reportId=${reportId}`);
		await get(`${SPA}/keyword-performance/status?reportId=${reportId}`);
		expect((await get(`${SPA}/reports/download?reportId=${reportId}`)).text).toContain(',"shirt, blau",');
	});

	it('report requests: 400 for a range over 90 days, from after to, unknown campaign; FAILED by the magic campaign id or the control', async () => {
		const { evergreen } = seeded(sim());
		const bad: Array<[unknown, string]> = [
			[{ fromDate: '2026-01-01', toDate: '2026-04-02' }, '$.toDate'], // 91 days after fromDate
			[{ fromDate: '2026-02-01', toDate: '2026-01-01' }, '$.fromDate'],
			[{ toDate: '2026-01-01' }, '$.fromDate'],
			[{ fromDate: '2026-01-01', toDate: '2026-01-02', campaignIds: ['nope'] }, '$.campaignIds[0]'],
		];
		for (const [body, jsonPath] of bad) {
			const res = await post(`${SPA}/product-performance`, body);
			expect([res.status, res.json.errors[0].jsonPath]).toEqual([400, jsonPath]);
		}
		expect((await post(`${SPA}/product-performance`, { fromDate: '2026-01-01', toDate: '2026-04-01' })).status).toBe(202); // 90 days after fromDate

		const failing = (await post(`${SPA}/campaign-performance`, { fromDate: '2026-01-01', toDate: '2026-01-02', campaignIds: [evergreen, ADS_FAIL_REPORT_CAMPAIGN_ID] })).json;
		await get(`${SPA}/campaign-performance/status?reportId=${failing.reportId}`);
		expect((await get(`${SPA}/campaign-performance/status?reportId=${failing.reportId}`)).json).toEqual({ reportId: failing.reportId, status: 'FAILED' });
		const failedDownload = await get(`${SPA}/reports/download?reportId=${failing.reportId}`);
		expect(failedDownload.status).toBe(409);
		expect(failedDownload.json.errors[0].detail).toContain('FAILED');

		const other = (await post(`${SPA}/keyword-performance`, { fromDate: '2026-01-01', toDate: '2026-01-02' })).json;
		const control = await fetch(`${sim().url}/__control/ads/fail-report`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reportId: other.reportId }) });
		expect(await control.json()).toEqual({ ok: true, reportId: other.reportId, status: 'FAILED' });
		expect((await get(`${SPA}/keyword-performance/status?reportId=${other.reportId}`)).json.status).toBe('FAILED');
		expect((await get(`${SPA}/keyword-performance`)).status).toBe(405);
	});
});
