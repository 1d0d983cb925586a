import type { IDataObject } from 'n8n-workflow';

import { ADS_FAIL_REPORT_CAMPAIGN_ID, injectKeywords } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

/** Sponsored Product Ads and SPA Reporting (docs/otto-api.md §4.11) through n8n's engine against the simulator. */

// Pending change requests and reports answer Retry-After 0.01 s, so waiting takes a few milliseconds.
const { sim, helper: credentialsFor } = useSimulator({ start: { config: { ads: { retryAfterSeconds: 0.01 } } } });

const SCOPES = ['advertising-services', 'products'];
const helper = (scopes = SCOPES) => credentialsFor({ scopes });
const ADS = '/v1/sponsored-product-ads';
const calls = (method: string, path: RegExp = /^\/v1\/(sponsored-product-ads|spa-reporting)\//) => sim().requests({ path, method });
const changeRequestPolls = () => calls('GET', /\/change-requests\//);

const campaigns = () => sim().data.ads.campaigns.values();
/** The first seeded campaign that is ACTIVE, with its targets. */
function activeCampaign() {
	const campaign = campaigns().find((c) => c.status === 'ACTIVE')!;
	return { campaign, targets: sim().data.ads.targetsOf(campaign.campaignId)!.values() };
}
/** A SKU of the catalog that the campaign does not target yet. */
function freeSku(campaignId: string, skip = 0): string {
	const used = new Set(sim().data.ads.targetsOf(campaignId)!.values().map((t) => t.sku));
	return sim().data.products.filter((p) => !used.has(p.sku))[skip].sku;
}

async function run(parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false, scopes = SCOPES) {
	return await runWorkflow(ottoWorkflow(parameters, items, continueOnFail ? { continueOnFail: true } : {}), helper(scopes));
}

describe('Ad Campaign', () => {
	test('Create sends only the fields given (money as object, days as yyyy-mm-dd) and returns OTTO\'s ids', async () => {
		const result = await run({ resource: 'adCampaign', operation: 'create', name: 'Herbst', dailyBudget: 12.5, startDate: '2026-03-01T00:00:00' });
		expect(result.error).toBeUndefined();
		const [post] = calls('POST');
		expect(post.path).toBe(`${ADS}/campaigns`);
		expect(post.body).toEqual({ name: 'Herbst', dailyBudget: { amount: 12.5, currency: 'EUR' }, startDate: '2026-03-01' });
		expect(post.status).toBe(202);
		const [item] = result.output('Otto Market');
		expect(item.json).toEqual({
			name: 'Herbst',
			dailyBudget: { amount: 12.5, currency: 'EUR' },
			startDate: '2026-03-01',
			campaignId: expect.any(String),
			requestId: expect.any(String),
		});
		expect(changeRequestPolls()).toHaveLength(0);
	});

	test('Create with "Wait for OTTO\'s Decision": polls the change request until decided; a rejection is the item\'s error with OTTO\'s reason', async () => {
		const result = await run(
			{
				resource: 'adCampaign',
				operation: 'create',
				name: '={{ $json.name }}',
				dailyBudget: '={{ $json.budget }}',
				startDate: '2026-04-01',
				additionalFields: { endDate: '2026-04-30', status: 'PAUSED' },
				waitForDecision: true,
			},
			[
				{ name: 'Gut', budget: 20 },
				{ name: 'Zu klein', budget: 0.5 },
			],
			true,
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1]);
		const created = calls('POST');
		expect(created.map((c) => c.body)).toEqual([
			{ name: 'Gut', dailyBudget: { amount: 20, currency: 'EUR' }, startDate: '2026-04-01', endDate: '2026-04-30', status: 'PAUSED' },
			{ name: 'Zu klein', dailyBudget: { amount: 0.5, currency: 'EUR' }, startDate: '2026-04-01', endDate: '2026-04-30', status: 'PAUSED' },
		]);
		expect(out[0].json).toEqual({
			campaignId: expect.any(String),
			requestId: expect.any(String),
			entityId: out[0].json.campaignId,
			entityType: 'CAMPAIGN',
			status: 'ACCEPTED',
		});
		expect(out[1].json.error).toMatch(/^OTTO rejected the campaign [\w-]+: Daily budget 0\.50 EUR is below the minimum of 1\.00 EUR$/);
		// The simulator decides on the 2nd GET of a change request: two polls each.
		expect(changeRequestPolls()).toHaveLength(4);
		expect(campaigns().find((c) => c.campaignId === out[0].json.campaignId)?.name).toBe('Gut');
	});

	test('Get and Get Many (cursor paging, limit)', async () => {
		const seeded = campaigns();
		const [first] = seeded;
		const get = await run({ resource: 'adCampaign', operation: 'get', campaignId: first.campaignId });
		expect(get.output('Otto Market')[0].json).toEqual(JSON.parse(JSON.stringify(first)));

		sim().clearRequests();
		const all = await run({ resource: 'adCampaign', operation: 'getAll', returnAll: true });
		expect(all.output('Otto Market').map((i) => i.json.campaignId)).toEqual(seeded.map((c) => c.campaignId));
		expect(calls('GET').map((c) => c.query)).toEqual([{ limit: '1000' }]);

		sim().clearRequests();
		const two = await run({ resource: 'adCampaign', operation: 'getAll', limit: 2 });
		expect(two.output('Otto Market')).toHaveLength(2);
		expect(calls('GET').map((c) => c.query.limit)).toEqual(['2']);
	});

	test('Update is a JSON merge patch of the given fields only; "Remove End Date" sends null', async () => {
		const { campaign } = activeCampaign();
		const result = await run({
			resource: 'adCampaign',
			operation: 'update',
			campaignId: campaign.campaignId,
			updateFields: { dailyBudget: 30, removeEndDate: true },
			waitForDecision: true,
		});
		expect(result.error).toBeUndefined();
		const [patch] = calls('PATCH');
		expect(patch.path).toBe(`${ADS}/campaigns/${campaign.campaignId}`);
		expect(patch.contentType).toBe('application/merge-patch+json');
		expect(patch.body).toEqual({ dailyBudget: { amount: 30, currency: 'EUR' }, endDate: null });
		expect(result.output('Otto Market')[0].json).toMatchObject({ campaignId: campaign.campaignId, status: 'ACCEPTED' });
		const changed = campaigns().find((c) => c.campaignId === campaign.campaignId)!;
		expect(changed.dailyBudget.amount).toBe(30);
		expect(changed).not.toHaveProperty('endDate');
		expect(changed.name).toBe(campaign.name);
	});

	test('bad input is refused before anything is sent: negative budget, no fields to change, empty id', async () => {
		const { campaign } = activeCampaign();
		const result = await run(
			{ resource: 'adCampaign', operation: 'update', campaignId: '={{ $json.id }}', updateFields: { dailyBudget: '={{ $json.budget }}' } },
			[
				{ id: campaign.campaignId, budget: -5 },
				{ id: '', budget: 5 },
			],
			true,
		);
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json.error)).toEqual(['Invalid "Daily Budget (EUR)": must be more than 0 EUR, got -5', 'Invalid "Campaign ID": a value is required']);
		const none = await run({ resource: 'adCampaign', operation: 'update', campaignId: campaign.campaignId, updateFields: {} });
		expect(none.error?.message).toBe('Invalid "Update Fields": add at least one field to change');
		expect(calls('PATCH')).toHaveLength(0);
	});

	test('a 403 without the scope names advertising-services', async () => {
		const result = await run({ resource: 'adCampaign', operation: 'getAll', limit: 5 }, [{}], false, ['products']);
		expect(result.error?.message).toContain('advertising-services');
		expect(result.error?.message).toContain('403');
	});
});

describe('Ad Target', () => {
	test('Create: the input items of one campaign go in one request; OTTO\'s new ids come back per item', async () => {
		const seeded = campaigns().filter((c) => c.status === 'ACTIVE');
		const [a, b] = seeded;
		const items = [
			{ campaignId: a.campaignId, sku: freeSku(a.campaignId, 0) },
			{ campaignId: b.campaignId, sku: freeSku(b.campaignId, 0), bid: 0.4 },
			{ campaignId: a.campaignId, sku: freeSku(a.campaignId, 1), bid: 0.25 },
		];
		const result = await run(
			{
				resource: 'adTarget',
				operation: 'create',
				campaignId: '={{ $json.campaignId }}',
				sku: '={{ $json.sku }}',
				additionalFields: { bid: '={{ $json.bid || "" }}' },
			},
			items,
		);
		expect(result.error).toBeUndefined();
		const posts = calls('POST');
		expect(posts.map((p) => [p.path, p.body])).toEqual([
			[`${ADS}/campaigns/${a.campaignId}/targets`, { targets: [{ sku: items[0].sku }, { sku: items[2].sku, bid: { amount: 0.25, currency: 'EUR' } }] }],
			[`${ADS}/campaigns/${b.campaignId}/targets`, { targets: [{ sku: items[1].sku, bid: { amount: 0.4, currency: 'EUR' } }] }],
		]);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(out.map((i) => [i.json.campaignId, i.json.sku])).toEqual(items.map((i) => [i.campaignId, i.sku]));
		expect(out.every((i) => typeof i.json.targetId === 'string' && typeof i.json.requestId === 'string')).toBe(true);
		expect(out[0].json.requestId).toBe(out[2].json.requestId);
	});

	test('Create with "Wait for OTTO\'s Decision": one decision per target; a rejected SKU fails its own item (Continue On Fail)', async () => {
		const { campaign } = activeCampaign();
		const good = freeSku(campaign.campaignId);
		const result = await run(
			{ resource: 'adTarget', operation: 'create', campaignId: campaign.campaignId, sku: '={{ $json.sku }}', waitForDecision: true },
			[{ sku: good }, { sku: 'NO-SUCH-SKU' }],
			true,
		);
		expect(result.error).toBeUndefined();
		expect(calls('POST')).toHaveLength(1);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1]);
		expect(out[0].json).toEqual({
			campaignId: campaign.campaignId,
			sku: good,
			targetId: expect.any(String),
			requestId: expect.any(String),
			entityId: out[0].json.targetId,
			entityType: 'TARGET',
			status: 'ACCEPTED',
		});
		expect(out[1].json.error).toMatch(/^OTTO rejected the target [\w-]+: Unknown SKU 'NO-SUCH-SKU'/);
		// one change request for the one request: decided on its 2nd GET
		expect(changeRequestPolls()).toHaveLength(2);
		expect(sim().data.ads.getTarget(campaign.campaignId, String(out[0].json.targetId))?.sku).toBe(good);
	});

	test('without Continue On Fail a rejection fails the node, naming the item and OTTO\'s reason', async () => {
		const { campaign } = activeCampaign();
		const result = await run({ resource: 'adTarget', operation: 'create', campaignId: campaign.campaignId, sku: 'NO-SUCH-SKU', waitForDecision: true });
		expect(result.error?.message).toBe('1 of 1 entries failed');
		expect(result.error?.description).toMatch(/item 0: OTTO rejected the target [\w-]+: Unknown SKU 'NO-SUCH-SKU'/);
	});

	test('Get and Get Many of one campaign', async () => {
		const { campaign, targets } = activeCampaign();
		const get = await run({ resource: 'adTarget', operation: 'get', campaignId: campaign.campaignId, targetId: targets[0].targetId });
		expect(get.output('Otto Market')[0].json).toEqual(JSON.parse(JSON.stringify(targets[0])));
		const all = await run({ resource: 'adTarget', operation: 'getAll', campaignId: campaign.campaignId, returnAll: true });
		expect(all.output('Otto Market').map((i) => i.json.targetId)).toEqual(targets.map((t) => t.targetId));
		expect(calls('GET', /\/targets$/).map((c) => c.query)).toEqual([{ limit: '1000' }]);
	});

	test('Update: one merge patch per campaign with only the fields given (status, bid)', async () => {
		const { campaign, targets } = activeCampaign();
		const result = await run(
			{
				resource: 'adTarget',
				operation: 'update',
				campaignId: campaign.campaignId,
				targetId: '={{ $json.targetId }}',
				updateFields: { status: '={{ $json.status }}', bid: '={{ $json.bid ?? "" }}' },
				waitForDecision: true,
			},
			[
				{ targetId: targets[0].targetId, status: 'PAUSED' },
				{ targetId: targets[1].targetId, status: 'ACTIVE', bid: 0.8 },
			],
		);
		expect(result.error).toBeUndefined();
		const patches = calls('PATCH');
		expect(patches).toHaveLength(1);
		expect(patches[0].contentType).toBe('application/merge-patch+json');
		expect(patches[0].body).toEqual({
			targets: [
				{ targetId: targets[0].targetId, status: 'PAUSED' },
				{ targetId: targets[1].targetId, status: 'ACTIVE', bid: { amount: 0.8, currency: 'EUR' } },
			],
		});
		expect(result.output('Otto Market').map((i) => [i.json.targetId, i.json.status])).toEqual([
			[targets[0].targetId, 'ACCEPTED'],
			[targets[1].targetId, 'ACCEPTED'],
		]);
		expect(sim().data.ads.getTarget(campaign.campaignId, targets[0].targetId)?.status).toBe('PAUSED');
		expect(sim().data.ads.getTarget(campaign.campaignId, targets[1].targetId)?.bid).toEqual({ amount: 0.8, currency: 'EUR' });
	});

	test('Delete: many ids in one request (repeated targetIds); an empty id fails alone and is not sent', async () => {
		const { campaign, targets } = activeCampaign();
		const ids = [targets[0].targetId, targets[1].targetId, ''];
		const result = await run(
			{ resource: 'adTarget', operation: 'delete', campaignId: campaign.campaignId, targetId: '={{ $json.id }}', waitForDecision: true },
			ids.map((id) => ({ id })),
			true,
		);
		const deletes = calls('DELETE');
		expect(deletes).toHaveLength(1);
		expect(deletes[0].path).toBe(`${ADS}/campaigns/${campaign.campaignId}/targets`);
		expect(deletes[0].query).toEqual({ targetIds: [targets[0].targetId, targets[1].targetId] });
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(out.slice(0, 2).map((i) => i.json.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
		expect(out[2].json.error).toBe('Invalid "Target ID": a value is required');
		expect(sim().data.ads.getTarget(campaign.campaignId, targets[0].targetId)).toBeUndefined();
	});
});

describe('Ad Keyword', () => {
	test('Get Many with Return All: 2,500 keywords in 3 requests of limit 1000, paged by the body\'s cursor', async () => {
		const { campaign, targets } = activeCampaign();
		const target = targets[0];
		const before = sim().data.ads.keywordsOf(target.targetId)?.size ?? 0;
		injectKeywords(sim().data, { campaignId: campaign.campaignId, targetId: target.targetId, count: 2500 - before });
		const result = await run({ resource: 'adKeyword', operation: 'getAll', campaignId: campaign.campaignId, targetId: target.targetId, returnAll: true });
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out).toHaveLength(2500);
		expect(new Set(out.map((i) => i.json.keywordId)).size).toBe(2500);
		const pages = calls('GET', /\/keywords$/);
		expect(pages).toHaveLength(3);
		expect(pages.map((p) => p.query.limit)).toEqual(['1000', '1000', '1000']);
		expect(pages[0].query.cursor).toBeUndefined();
		expect(pages.slice(1).every((p) => typeof p.query.cursor === 'string')).toBe(true);
	});

	test('Create of 1,500 keywords for one target: 2 requests (1,000 + 500), every keyword accepted once', async () => {
		const { campaign, targets } = activeCampaign();
		const target = targets[0];
		const before = sim().data.ads.keywordsOf(target.targetId)?.size ?? 0;
		const items = Array.from({ length: 1500 }, (_, k) => ({ keyword: `stichwort ${k}` }));
		const result = await run(
			{ resource: 'adKeyword', operation: 'create', campaignId: campaign.campaignId, targetId: target.targetId, keyword: '={{ $json.keyword }}', matchType: 'EXACT' },
			items,
		);
		expect(result.error).toBeUndefined();
		const posts = calls('POST', /\/keywords$/);
		expect(posts.map((p) => [p.status, (p.body as { keywords: unknown[] }).keywords.length])).toEqual([
			[202, 1000],
			[202, 500],
		]);
		expect(paired(result.output('Otto Market'))).toEqual(items.map((_, k) => k));
		sim().data.ads.decideAll();
		expect(sim().data.ads.keywordsOf(target.targetId)?.size).toBe(before + 1500);
	});

	test('Create, Get, Update (merge patch), Delete (repeated keywordIds)', async () => {
		const { campaign, targets } = activeCampaign();
		const target = targets[0];
		const base = { resource: 'adKeyword', campaignId: campaign.campaignId, targetId: target.targetId };

		const created = await run(
			{ ...base, operation: 'create', keyword: '={{ $json.keyword }}', matchType: '={{ $json.matchType }}', additionalFields: { bid: 0.3 }, waitForDecision: true },
			[
				{ keyword: 'blaues shirt', matchType: 'EXACT' },
				{ keyword: 'shirt baumwolle', matchType: 'PHRASE' },
			],
		);
		expect(created.error).toBeUndefined();
		expect(calls('POST')[0].body).toEqual({
			keywords: [
				{ keyword: 'blaues shirt', matchType: 'EXACT', bid: { amount: 0.3, currency: 'EUR' } },
				{ keyword: 'shirt baumwolle', matchType: 'PHRASE', bid: { amount: 0.3, currency: 'EUR' } },
			],
		});
		const ids = created.output('Otto Market').map((i) => String(i.json.keywordId));
		expect(created.output('Otto Market').map((i) => i.json.status)).toEqual(['ACCEPTED', 'ACCEPTED']);

		const got = await run({ ...base, operation: 'get', keywordId: ids[0] });
		expect(got.output('Otto Market')[0].json).toMatchObject({ keywordId: ids[0], keyword: 'blaues shirt', matchType: 'EXACT' });

		const updated = await run({ ...base, operation: 'update', keywordId: '={{ $json.id }}', updateFields: { status: 'PAUSED' } }, ids.map((id) => ({ id })));
		expect(updated.error).toBeUndefined();
		const [patch] = calls('PATCH');
		expect(patch.contentType).toBe('application/merge-patch+json');
		expect(patch.body).toEqual({ keywords: ids.map((keywordId) => ({ keywordId, status: 'PAUSED' })) });
		// without waiting: OTTO's request id per item, the change as sent
		expect(updated.output('Otto Market').map((i) => i.json)).toEqual(
			ids.map((keywordId) => ({ campaignId: campaign.campaignId, targetId: target.targetId, keywordId, status: 'PAUSED', requestId: expect.any(String) })),
		);

		const deleted = await run({ ...base, operation: 'delete', keywordId: '={{ $json.id }}' }, ids.map((id) => ({ id })));
		expect(deleted.error).toBeUndefined();
		const deletes = calls('DELETE');
		expect(deletes).toHaveLength(1);
		expect(deletes[0].query).toEqual({ keywordIds: ids });
		const requestId = String(deleted.output('Otto Market')[0].json.requestId);

		const decision = await run({ resource: 'adChangeRequest', operation: 'get', requestId });
		const polled = decision.output('Otto Market')[0].json;
		expect(polled).toMatchObject({ requestId, entities: ids.map((entityId) => expect.objectContaining({ entityId })) });
	});

	test('a keyword OTTO rejects (bid below its minimum) fails its item, the other one comes out accepted', async () => {
		const { campaign, targets } = activeCampaign();
		const result = await run(
			{
				resource: 'adKeyword',
				operation: 'create',
				campaignId: campaign.campaignId,
				targetId: targets[0].targetId,
				keyword: '={{ $json.keyword }}',
				matchType: 'BROAD',
				additionalFields: { bid: '={{ $json.bid }}' },
				waitForDecision: true,
			},
			[
				{ keyword: 'lampe led', bid: 0.05 },
				{ keyword: 'lampe weiß', bid: 0.5 },
			],
			true,
		);
		const out = result.output('Otto Market');
		expect(out[0].json.error).toMatch(/^OTTO rejected the keyword [\w-]+: .*0\.05/);
		expect(out[1].json).toEqual({
			campaignId: campaign.campaignId,
			targetId: targets[0].targetId,
			keywordId: expect.any(String),
			keyword: 'lampe weiß',
			requestId: expect.any(String),
			entityId: out[1].json.keywordId,
			entityType: 'KEYWORD',
			status: 'ACCEPTED',
		});
		expect(calls('POST')).toHaveLength(1);
	});
});

describe('Ad Change Request', () => {
	test('Get returns OTTO\'s change request as it is; while PENDING the node does not wait', async () => {
		const { campaign } = activeCampaign();
		const write = await run({ resource: 'adCampaign', operation: 'update', campaignId: campaign.campaignId, updateFields: { name: 'Neu' } });
		const requestId = String(write.output('Otto Market')[0].json.requestId);
		const first = await run({ resource: 'adChangeRequest', operation: 'get', requestId });
		expect(first.output('Otto Market')[0].json).toEqual({
			requestId,
			status: 'PENDING',
			entities: [{ entityId: campaign.campaignId, entityType: 'CAMPAIGN', status: 'PENDING' }],
		});
		const second = await run({ resource: 'adChangeRequest', operation: 'get', requestId });
		expect(second.output('Otto Market')[0].json).toMatchObject({ status: 'ACCEPTED' });
	});

	test('a decision that takes longer than the timeout: an error naming the change request, the write is not repeated', async () => {
		sim().configure({ ads: { changeRequestPolls: 1000, retryAfterSeconds: 0.2 } });
		const { campaign } = activeCampaign();
		const result = await run({
			resource: 'adCampaign',
			operation: 'update',
			campaignId: campaign.campaignId,
			updateFields: { status: 'PAUSED' },
			waitForDecision: true,
			decisionTimeoutSeconds: 1,
		});
		expect(result.error?.message).toMatch(/^OTTO had not decided change request [\w-]+ \(campaign [\w-]+\) within the decision timeout of 1 s$/);
		expect(calls('PATCH')).toHaveLength(1);
		expect(changeRequestPolls().length).toBeGreaterThanOrEqual(1);
	});
});

describe('Ad Report', () => {
	test('Get Campaign Performance: without dates neither is sent (OTTO\'s last 7 days); with both, both are sent', async () => {
		const result = await run({ resource: 'adReport', operation: 'getCampaignPerformance', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(calls('GET')[0].query).toEqual({});
		const out = result.output('Otto Market');
		expect(out.map((i) => i.json.campaignId)).toEqual(campaigns().map((c) => c.campaignId));
		expect(out[0].json).toEqual(expect.objectContaining({ impressions: expect.any(Number), clicks: expect.any(Number), cost: expect.any(Object) }));

		sim().clearRequests();
		const { campaign } = activeCampaign();
		const ranged = await run({
			resource: 'adReport',
			operation: 'getCampaignPerformance',
			returnAll: true,
			filters: { campaignId: campaign.campaignId, fromDate: '2026-01-01', toDate: '2026-01-31' },
		});
		expect(calls('GET')[0].query).toEqual({ campaignId: campaign.campaignId, fromDate: '2026-01-01', toDate: '2026-01-31' });
		expect(ranged.output('Otto Market').map((i) => i.json.campaignId)).toEqual([campaign.campaignId]);
	});

	test('Get Product Performance: one item per SKU, limited', async () => {
		const result = await run({ resource: 'adReport', operation: 'getProductPerformance', limit: 3 });
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out).toHaveLength(3);
		expect(out.every((i) => typeof i.json.sku === 'string')).toBe(true);
	});

	test('one date without the other, or from after to: a clear error and nothing sent', async () => {
		const result = await run(
			{ resource: 'adReport', operation: 'getProductPerformance', returnAll: true, filters: { fromDate: '={{ $json.from }}', toDate: '={{ $json.to }}' } },
			[
				{ from: '2026-01-01', to: '' },
				{ from: '', to: '2026-01-31' },
				{ from: '2026-02-01', to: '2026-01-31' },
			],
			true,
		);
		expect(result.output('Otto Market').map((i) => i.json.error)).toEqual([
			'Invalid "To Date": give both dates or neither (without dates OTTO reports the last 7 days)',
			'Invalid "From Date": give both dates or neither (without dates OTTO reports the last 7 days)',
			'Invalid "From Date": 2026-02-01 is after "To Date" (2026-01-31)',
		]);
		expect(calls('GET')).toHaveLength(0);
	});

	test('Create Report, Wait and Download: polls the status until READY and returns the CSV as a file', async () => {
		const { campaign } = activeCampaign();
		const today = new Date().toISOString().slice(0, 10);
		const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
		const result = await run({
			resource: 'adReport',
			operation: 'createReport',
			reportKind: 'product',
			fromDate: from,
			toDate: today,
			binaryPropertyName: 'report',
			reportOptions: { campaignIds: ` ${campaign.campaignId} ,` },
		});
		expect(result.error).toBeUndefined();
		expect(calls('POST')[0]).toMatchObject({ path: '/v1/spa-reporting/product-performance', body: { fromDate: from, toDate: today, campaignIds: [campaign.campaignId] } });
		const statuses = calls('GET', /\/status$/);
		expect(statuses).toHaveLength(2);
		expect(statuses[0].query).toEqual({ reportId: expect.any(String) });
		expect(calls('GET', /\/reports\/download$/)).toHaveLength(1);
		const [item] = result.output('Otto Market');
		expect(item.json).toMatchObject({ kind: 'product', reportId: statuses[0].query.reportId, status: 'READY', fromDate: from, toDate: today });
		const file = item.binary!.report;
		expect(file.fileName).toBe(`product-performance-${from}-${today}.csv`);
		expect(file.mimeType).toBe('text/csv');
		const csv = Buffer.from(file.data, 'base64').toString('utf8');
		expect(csv.split('\r\n')[0]).toBe('date,campaignId,sku,impressions,clicks,cost,sales,orders');
	});

	test('Output Rows: one item per CSV row (quoted names with commas and quotes intact), the file on the first', async () => {
		const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
		const to = new Date().toISOString().slice(0, 10);
		const result = await run({ resource: 'adReport', operation: 'createReport', reportKind: 'campaign', fromDate: from, toDate: to, outputRows: true });
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(out.length).toBeGreaterThan(1);
		expect(Object.keys(out[0].json)).toEqual(['date', 'campaignId', 'campaignName', 'impressions', 'clicks', 'cost', 'sales', 'orders']);
		expect(out.map((i) => i.json.campaignName)).toContain('Sommer, Sonne & "Sale"');
		expect(out[0].binary?.data.fileName).toBe(`campaign-performance-${from}-${to}.csv`);
		expect(out.slice(1).every((i) => i.binary === undefined)).toBe(true);
		expect(paired(out).every((p) => p === 0)).toBe(true);
	});

	test('a FAILED report is a clear error', async () => {
		const result = await run({
			resource: 'adReport',
			operation: 'createReport',
			reportKind: 'keyword',
			fromDate: '2026-01-01',
			toDate: '2026-01-31',
			reportOptions: { campaignIds: ADS_FAIL_REPORT_CAMPAIGN_ID },
		});
		expect(result.error?.message).toMatch(/^OTTO could not make the keyword performance report [\w-]+ \(FAILED\)/);
		expect(calls('GET', /\/reports\/download$/)).toHaveLength(0);
	});

	test('Create Report without waiting returns OTTO\'s report id; missing dates are refused before sending', async () => {
		const result = await run({ resource: 'adReport', operation: 'createReport', reportKind: 'campaign', fromDate: '2026-01-01', toDate: '2026-01-31', waitAndDownload: false });
		expect(result.output('Otto Market')[0].json).toEqual({ kind: 'campaign', fromDate: '2026-01-01', toDate: '2026-01-31', reportId: expect.any(String), status: 'PENDING' });
		sim().clearRequests();
		const missing = await run({ resource: 'adReport', operation: 'createReport', reportKind: 'campaign', fromDate: '2026-01-01', toDate: '={{ $json.to }}' }, [{ to: '' }]);
		expect(missing.error?.message).toBe('Invalid "To Date": give both dates or neither (without dates OTTO reports the last 7 days)');
		expect(calls('POST')).toHaveLength(0);
	});
});
