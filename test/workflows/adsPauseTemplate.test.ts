/**
 * The Code nodes of "OTTO Market: pause ads for sold-out SKUs" (workflows-templates/otto-ads-pause-sold-out.json):
 * which targets are paused or resumed, and what a run records. The runs in real n8n are test/e2e/ads-pause.e2e.test.ts.
 */
import { configOf, loadTemplate, runTemplateCode, type Json } from './fixtures/templateCode';

const ADS = loadTemplate('otto-ads-pause-sold-out.json');
const CONFIG = { ...configOf(ADS), adsPausedTableId: 'tbl-ads', syncStateTableId: 's', syncLogTableId: 'l', syncErrorTableId: 'e' };

const stock = [
	{ sku: 'A', quantity: 0 },
	{ sku: 'B', quantity: 4 },
	{ sku: 'C', quantity: 0 },
	{ sku: 'D', quantity: 9 },
	{ sku: 'E', quantity: 0 },
];
const campaigns = [
	{ campaignId: 'c1', status: 'ACTIVE' },
	{ campaignId: 'c2', status: 'PAUSED' },
	{ campaignId: 'c3', status: 'ARCHIVED' },
];
const targets = [
	{ targetId: 't1', campaignId: 'c1', sku: 'A', status: 'ACTIVE' }, // sold out → pause
	{ targetId: 't2', campaignId: 'c1', sku: 'B', status: 'ACTIVE' }, // in stock → stays
	{ targetId: 't3', campaignId: 'c1', sku: 'D', status: 'PAUSED' }, // paused by us, back in stock → resume
	{ targetId: 't4', campaignId: 'c2', sku: 'D', status: 'PAUSED' }, // paused by hand → stays paused
	{ targetId: 't5', campaignId: 'c2', sku: 'C', status: 'ACTIVE' }, // sold out in a paused campaign → pause
	{ targetId: 't6', campaignId: 'c3', sku: 'E', status: 'ACTIVE' }, // archived campaign → left alone
	{ targetId: 't7', campaignId: 'c1', sku: 'UNKNOWN', status: 'ACTIVE' }, // OTTO lists no quantity → left alone
	{ targetId: 't8', campaignId: 'c1', sku: 'C', status: 'PAUSED' }, // sold out and already paused → nothing
];
const memory = [
	{ targetId: 't3', state: 'paused' },
	{ targetId: 't4', state: 'resumed' },
];

async function plan(config: Json = {}, nodes: Record<string, Json[][]> = {}): Promise<Json> {
	const [out] = await runTemplateCode(ADS, 'Plan ad targets', {
		nodes: {
			Config: [[{ ...CONFIG, ...config }]],
			'Read OTTO stock': [stock],
			'Read ad campaigns': [campaigns],
			'Campaigns to read': [campaigns.filter((c) => c.status !== 'ARCHIVED').map((c) => ({ campaignId: c.campaignId }))],
			'Read ad targets': [targets],
			'Read paused targets': [memory],
			...nodes,
		},
	});
	return out;
}

describe('Plan ad targets', () => {
	test('pauses ACTIVE targets of sold-out SKUs, resumes only what this workflow paused, leaves the rest alone', async () => {
		const out = await plan();
		expect(out.ottoError).toBeNull();
		expect(out.read).toBe(targets.length);
		expect(out.notListed).toBe(1);
		expect(out.changes.map((c: Json) => [c.targetId, c.status, c.action])).toEqual([
			['t1', 'PAUSED', 'pause'],
			['t3', 'ACTIVE', 'resume'],
			['t5', 'PAUSED', 'pause'],
		]);
	});

	test('resumeWhenBackInStock false: only pauses', async () => {
		const out = await plan({ resumeWhenBackInStock: false });
		expect(out.changes.map((c: Json) => c.targetId)).toEqual(['t1', 't5']);
	});

	test('a list OTTO could not read: nothing changes, the failure with its logref is passed on', async () => {
		const out = await plan({}, { 'Read ad targets': [[{ error: 'OTTO answered 500', description: 'Server error (logref abc-123)' }]] });
		expect(out.changes).toEqual([]);
		expect(out.ottoError).toEqual({ node: 'Read ad targets', message: 'OTTO answered 500: Server error (logref abc-123)', logref: 'abc-123' });
	});

	test('no campaigns: the targets list never ran, nothing changes', async () => {
		const out = await plan({}, { 'Campaigns to read': [[]], 'Read ad targets': [] });
		expect(out).toMatchObject({ read: 0, changes: [], ottoError: null });
	});
});

describe('Accepted changes and Finish run', () => {
	const changes = [
		{ targetId: 't1', campaignId: 'c1', sku: 'A', status: 'PAUSED', action: 'pause' },
		{ targetId: 't3', campaignId: 'c1', sku: 'D', status: 'ACTIVE', action: 'resume' },
		{ targetId: 't5', campaignId: 'c2', sku: 'C', status: 'PAUSED', action: 'pause' },
	];
	const results = [
		{ targetId: 't1', status: 'ACCEPTED', requestId: 'r1' },
		{ targetId: 't3', status: 'ACCEPTED', requestId: 'r1' },
		{ error: 'OTTO rejected target t5', description: 'Campaign is paused (logref zz-9)' },
	];
	const planned = { read: 8, notListed: 1, ottoError: null, changes };

	test('accepted changes are remembered as paused / resumed; a refused one is not', async () => {
		const rows = await runTemplateCode(ADS, 'Accepted changes', { input: results, nodes: { 'Plan ad targets': [[planned]] } });
		expect(rows.map((r) => [r.targetId, r.state])).toEqual([
			['t1', 'paused'],
			['t3', 'resumed'],
		]);
	});

	test('a refused change is a sync-error row naming the SKU, the target and OTTO\'s logref; the run fails', async () => {
		const [out] = await runTemplateCode(ADS, 'Finish run', {
			executionId: '77',
			nodes: {
				Config: [[CONFIG]],
				'Plan run': [[{ startedAt: '2026-12-07T00:00:00.000Z', cursorFrom: '' }]],
				'Plan ad targets': [[planned]],
				'Update ad targets': [results],
			},
		});
		expect(out.ok).toBe(false);
		expect(out.log).toMatchObject({ status: 'failed', read: 8, created: 2, skipped: 5, failed: 1 });
		expect(out.errors).toEqual([
			expect.objectContaining({ reference: 'C', node: 'Update ad targets', logref: 'zz-9', executionId: '77' }),
		]);
		expect(out.errors[0].reason).toContain('Could not pause the ad target t5 (campaign c2)');
	});

	test('all accepted: the run succeeds and says what it did', async () => {
		const [out] = await runTemplateCode(ADS, 'Finish run', {
			nodes: {
				Config: [[CONFIG]],
				'Plan run': [[{ startedAt: '2026-12-07T00:00:00.000Z', cursorFrom: '' }]],
				'Plan ad targets': [[planned]],
				'Update ad targets': [[...results.slice(0, 2), { targetId: 't5', status: 'ACCEPTED', requestId: 'r2' }]],
			},
		});
		expect(out.ok).toBe(true);
		expect(out.log).toMatchObject({ status: 'success', created: 3, failed: 0, message: 'Paused 2 and resumed 1 ad target(s)' });
	});
});
