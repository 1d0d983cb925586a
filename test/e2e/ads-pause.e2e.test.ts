/**
 * End-to-end: the template "OTTO Market: pause ads for sold-out SKUs" (workflows-templates/otto-ads-pause-sold-out.json)
 * as a seller runs it — imported into real n8n (2.41.1 and 1.123.81) next to the packed package, Config filled in,
 * Data Tables created, active on its schedule in `n8n start` — against the OTTO simulator's seeded campaigns, where
 * six ACTIVE targets advertise SKUs whose quantity is 0.
 */
import { ADS_PAUSE_WORKFLOW_ID, ADS_PAUSE_WORKFLOW_KEY } from '../templates/adsPause';
import { ERROR_WORKFLOW_ID } from '../templates/skeleton';
import { N8N_VERSIONS, type N8nVersion, killChildrenOnSignals, liveChildCount, log } from './n8n';
import { type LogRow, TemplateLab } from './template-lab';

jest.setTimeout(15 * 60_000);
killChildrenOnSignals();

const KEY = ADS_PAUSE_WORKFLOW_KEY;
const ADS = '/v1/sponsored-product-ads';

describe.each(N8N_VERSIONS)('OTTO ads paused for sold-out SKUs inside real n8n %s', (version: N8nVersion) => {
	const lab = new TemplateLab(version, {
		name: 'ads-pause',
		everySeconds: 6,
		// pending change requests answer Retry-After 0.2 s, so each run waits a little for OTTO's decisions
		otto: { config: { ads: { retryAfterSeconds: 0.2 } } },
	});
	const otto = () => lab.otto;
	const target = (campaignId: string, targetId: string) => otto().data.ads.targetsOf(campaignId)!.get(targetId)!;
	const patches = () => otto().requests({ path: new RegExp(`^${ADS}/campaigns/[^/]+/targets$`), method: 'PATCH' });
	const nextRun = (since: string, accept: (row: LogRow) => boolean, what: string, timeoutMs?: number) => lab.nextRun(KEY, since, accept, what, timeoutMs);
	const memory = async () => new Map((await lab.rows('adsPaused')).map((r) => [String(r.targetId), String(r.state)]));
	const soldOut = () => otto().data.info.ads?.soldOutTargets ?? [];

	/** Waits until a run has just finished, so a change made now is seen whole by the next run. */
	async function betweenRuns(): Promise<void> {
		const now = new Date().toISOString();
		await lab.waitFor('a finished run', async () => (await lab.logRows(KEY)).some((r) => (r as LogRow & { finishedAt: string }).finishedAt > now), 120_000);
	}

	beforeAll(async () => {
		await lab.setUp();
		await lab.importAndActivate(lab.configure([ADS_PAUSE_WORKFLOW_ID, ERROR_WORKFLOW_ID]), [ADS_PAUSE_WORKFLOW_ID]);
	}, 30 * 60_000);
	afterAll(() => lab.tearDown());

	test('the first run pauses the six targets of sold-out SKUs, one merge patch per campaign; the next run changes nothing', async () => {
		expect(soldOut()).toHaveLength(6);
		otto().clearRequests();
		const started = new Date().toISOString();
		await lab.start();
		const first = await nextRun(started, (r) => r.status === 'success' && r.created > 0, 'the first run', 6 * 60_000);
		const afterFirst = patches();
		const second = await nextRun(first.startedAt, (r) => r.status === 'success', 'a second run');

		expect(first).toMatchObject({ created: 6, failed: 0 });
		for (const t of soldOut()) expect(target(t.campaignId, t.targetId).status).toBe('PAUSED');
		expect(afterFirst.map((r) => r.status)).toEqual([202, 202]);
		expect(new Set(afterFirst.map((r) => r.path)).size).toBe(2);
		for (const r of afterFirst) expect(r.contentType).toContain('application/merge-patch+json');
		const remembered = await memory();
		expect([...remembered.keys()].sort()).toEqual(soldOut().map((t) => t.targetId).sort());
		expect([...remembered.values()].every((state) => state === 'paused')).toBe(true);
		// every other target is as seeded: in-stock targets stay ACTIVE, the paused campaign's targets untouched
		expect(second).toMatchObject({ created: 0, failed: 0 });
		expect(patches()).toHaveLength(2);
		expect(await lab.errorRows(KEY)).toEqual([]);
		log(`n8n ${version}: first run paused ${first.created} targets with ${afterFirst.length} requests; second run ${second.read} targets read, none changed`);
	});

	test('back in stock: the target this workflow paused is resumed; one paused by hand stays paused', async () => {
		const [back] = soldOut();
		const byHand = otto()
			.data.ads.targetsOf(back.campaignId)!
			.values()
			.find((t) => t.status === 'ACTIVE' && (otto().data.quantities.get(t.sku)?.quantity ?? 0) > 0)!;
		await betweenRuns();
		otto().clearRequests();
		const changed = new Date().toISOString();
		otto().data.quantities.get(back.sku)!.quantity = 12;
		target(back.campaignId, byHand.targetId).status = 'PAUSED';
		const run = await nextRun(changed, (r) => r.status === 'success' && r.created > 0, 'a run after the stock came back');
		expect(run).toMatchObject({ created: 1, failed: 0 });
		expect(target(back.campaignId, back.targetId).status).toBe('ACTIVE');
		expect(target(back.campaignId, byHand.targetId).status).toBe('PAUSED');
		expect((await memory()).get(back.targetId)).toBe('resumed');
		expect(patches()).toHaveLength(1);
		expect(patches()[0].body).toEqual({ targets: [{ targetId: back.targetId, status: 'ACTIVE' }] });
	});

	test('OTTO answers 500: the run fails with a sync-error row naming the SKU and OTTO\'s logref; the next run pauses it', async () => {
		const victim = otto()
			.data.ads.targetsOf(soldOut()[0].campaignId)!
			.values()
			.find((t) => t.status === 'ACTIVE' && (otto().data.quantities.get(t.sku)?.quantity ?? 0) > 0)!;
		await betweenRuns();
		otto().clearRequests();
		const changed = new Date().toISOString();
		otto().configure({ faults: [{ type: '500', path: `^${ADS}/campaigns/[^/]+/targets$`, method: 'PATCH', count: 1 }] });
		otto().data.quantities.get(victim.sku)!.quantity = 0;
		const failed = await nextRun(changed, (r) => r.status === 'failed', 'a failed run');
		expect(failed).toMatchObject({ created: 0, failed: 1 });
		const [row] = (await lab.errorRows(KEY)).filter((e) => e.executionId === failed.executionId);
		expect(row.reference).toBe(victim.sku);
		expect(row.reason).toContain('Could not pause the ad target');
		expect(row.logref).not.toBe('');
		expect(target(victim.campaignId, victim.targetId).status).toBe('ACTIVE');
		const recovered = await nextRun(failed.startedAt, (r) => r.status === 'success' && r.created > 0, 'the run after the failure');
		expect(recovered).toMatchObject({ created: 1, failed: 0 });
		expect(target(victim.campaignId, victim.targetId).status).toBe('PAUSED');
		// the error workflow mailed the failure
		await lab.waitFor('the error e-mail', async () => lab.smtp.messages.find((m) => m.text.includes('OTTO Market: pause ads for sold-out SKUs')), 60_000);
	});

	test('no n8n process is left running', async () => {
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
