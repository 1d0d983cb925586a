/**
 * The template "OTTO Market: pause ads for sold-out SKUs" (workflows-templates/otto-ads-pause-sold-out.json):
 * every Sponsored Product Ads target whose SKU OTTO shows with quantity 0 is paused; a target this workflow
 * paused is resumed when the SKU is back in stock. OTTO only: no Business Central.
 */
import { OTTO_CREDENTIAL, WorkflowBuilder, code, ifTrue } from './nodes';
import { CFG, COMMON_STEPS, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export const ADS_PAUSE_WORKFLOW_ID = 'ottoAdsPause00001';
export const ADS_PAUSE_WORKFLOW_KEY = 'ads-pause-sold-out';

const OTTO_NODE = 'n8n-nodes-otto-market.ottoMarket';

const PLAN = String.raw`
// Which ad targets change this run. A target is paused when OTTO shows its SKU with quantity 0 and it is
// ACTIVE in a campaign that is not archived; with resumeWhenBackInStock, a target this workflow paused
// (otto_ads_paused) is resumed once the SKU has stock again. Targets paused by hand are never resumed, and a
// SKU OTTO lists no quantity for is left alone. When a list could not be read, nothing changes.
const config = $('Config').first().json;
const executed = (name) => { try { return $(name).isExecuted; } catch (e) { return false; } };
const all = (name) => (executed(name) ? $(name).all() : []);
const failureOf = (name) => {
  const bad = all(name).map((i) => i.json).find((j) => j && j.error);
  if (!bad) return null;
  const text = [bad.error, bad.description].filter(Boolean).join(': ');
  return { node: name, message: text.slice(0, 1000), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' };
};
const ottoError = failureOf('Read OTTO stock') || failureOf('Read ad campaigns') || failureOf('Read ad targets');
const quantity = new Map();
for (const { json } of all('Read OTTO stock')) if (json && json.sku !== undefined) quantity.set(String(json.sku), Number(json.quantity));
const campaigns = all('Campaigns to read').map((i) => i.json);
const archived = new Set(all('Read ad campaigns').map((i) => i.json).filter((c) => c && c.status === 'ARCHIVED').map((c) => String(c.campaignId)));
const pausedByUs = new Set();
for (const { json } of all('Read paused targets')) if (json && json.targetId && json.state === 'paused') pausedByUs.add(String(json.targetId));
const resume = config.resumeWhenBackInStock !== false && String(config.resumeWhenBackInStock) !== 'false';
const targets = [];
all('Read ad targets').forEach((item, k) => {
  const t = item.json;
  if (!t || !t.targetId) return;
  // the campaign the target was listed for (OTTO's target may not repeat it)
  const from = campaigns[item.pairedItem && item.pairedItem.item !== undefined ? item.pairedItem.item : -1] || {};
  targets.push({ ...t, campaignId: String(t.campaignId || from.campaignId || '') });
});
const changes = [];
let notListed = 0;
for (const t of ottoError ? [] : targets) {
  if (!t.campaignId || archived.has(t.campaignId)) continue;
  const q = quantity.get(String(t.sku));
  if (q === undefined) { notListed++; continue; }
  const change = { campaignId: t.campaignId, targetId: String(t.targetId), sku: String(t.sku), quantity: q };
  if (t.status === 'ACTIVE' && q === 0) changes.push({ ...change, status: 'PAUSED', action: 'pause' });
  else if (resume && t.status === 'PAUSED' && q > 0 && pausedByUs.has(change.targetId)) changes.push({ ...change, status: 'ACTIVE', action: 'resume' });
}
return [{ json: { read: targets.length, notListed, ottoError, changes } }];
`;

const TO_SEND = "return $('Plan ad targets').first().json.changes.map((change) => ({ json: change }));";

const ACCEPTED = String.raw`
// What OTTO accepted is remembered per target: "paused" (this workflow may resume it) or "resumed".
const changes = $('Plan ad targets').first().json.changes;
const now = new Date().toISOString();
return $input.all().flatMap((item, k) => {
  const change = changes[item.pairedItem && item.pairedItem.item !== undefined ? item.pairedItem.item : k];
  if (!change || item.json.error) return [];
  return [{ json: { targetId: change.targetId, campaignId: change.campaignId, sku: change.sku, state: change.action === 'pause' ? 'paused' : 'resumed', changedAt: now } }];
});
`;

const FINISH = finishRunCode(
	'One sync-log row per run; a target change OTTO refused (or a list that could not be read) is a sync-error row.',
	String.raw`
const plan = $('Plan ad targets').first().json;
if (plan.ottoError) add('OTTO', 'Could not read ' + plan.ottoError.node + ': ' + plan.ottoError.message, plan.ottoError.node, '', plan.ottoError.logref);
let paused = 0, resumed = 0;
all('Update ad targets').forEach((item, k) => {
  const change = plan.changes[item.pairedItem && item.pairedItem.item !== undefined ? item.pairedItem.item : k] || {};
  if (item.json.error) {
    const text = [item.json.error, item.json.description].filter(Boolean).join(': ');
    add(change.sku || change.targetId || 'target', 'Could not ' + (change.action || 'change') + ' the ad target ' + (change.targetId || '') + ' (campaign ' + (change.campaignId || '') + '): ' + text, 'Update ad targets', '', (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '');
  } else if (change.action === 'resume') resumed++;
  else paused++;
});
return finish({
  read: plan.read,
  created: paused + resumed,
  skipped: plan.read - plan.changes.length,
  deferred: 0,
  done: 'Paused ' + paused + ' and resumed ' + resumed + ' ad target(s)',
  what: 'ad target change(s) failed',
});
`,
);

export function adsPauseWorkflow() {
	const w = new WorkflowBuilder(ADS_PAUSE_WORKFLOW_ID, 'OTTO Market: pause ads for sold-out SKUs');
	const claim = addRunHead(w, {
		trigger: { name: 'Every 30 minutes', rule: { interval: [{ field: 'minutes', minutesInterval: 30 }] } },
		workflowKey: ADS_PAUSE_WORKFLOW_KEY,
		extraSettings: [
			{ name: 'adsPausedTableId', value: '' },
			{ name: 'resumeWhenBackInStock', value: true },
		],
		requiredSettings: ['adsPausedTableId'],
		bc: false,
	});
	const otto = { credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput', alwaysOutputData: true, executeOnce: true };
	w.add('Read OTTO stock', OTTO_NODE, 2, [1540, 300], { resource: 'quantity', operation: 'getAll', returnAll: true }, otto);
	w.add('Read ad campaigns', OTTO_NODE, 2, [1760, 300], { resource: 'adCampaign', operation: 'getAll', returnAll: true }, otto);
	w.add(
		'Campaigns to read',
		'n8n-nodes-base.code',
		2,
		[1980, 300],
		code(
			"return $('Read ad campaigns').all().map((i) => i.json).filter((c) => c && c.campaignId && c.status !== 'ARCHIVED').map((c) => ({ json: { campaignId: String(c.campaignId) } }));",
		),
		{ alwaysOutputData: true },
	);
	w.add('Any campaign?', 'n8n-nodes-base.if', 2.2, [2200, 300], ifTrue(w.id, 'Any campaign?', '!!$json.campaignId'));
	w.add(
		'Read ad targets',
		OTTO_NODE,
		2,
		[2420, 200],
		{ resource: 'adTarget', operation: 'getAll', campaignId: '={{ $json.campaignId }}', returnAll: true },
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add(
		'Read paused targets',
		'n8n-nodes-base.dataTable',
		1,
		[2640, 300],
		{
			resource: 'row',
			operation: 'get',
			dataTableId: { __rl: true, mode: 'id', value: `={{ ${CFG}.adsPausedTableId }}` },
			matchType: 'allConditions',
			filters: {},
			returnAll: true,
		},
		{ executeOnce: true, alwaysOutputData: true },
	);
	w.add('Plan ad targets', 'n8n-nodes-base.code', 2, [2860, 300], code(PLAN));
	w.add('Targets to change', 'n8n-nodes-base.code', 2, [3080, 140], code(TO_SEND));
	w.add(
		'Update ad targets',
		OTTO_NODE,
		2,
		[3300, 140],
		{
			resource: 'adTarget',
			operation: 'update',
			campaignId: '={{ $json.campaignId }}',
			targetId: '={{ $json.targetId }}',
			updateFields: { status: '={{ $json.status }}' },
			waitForDecision: true,
		},
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('Accepted changes', 'n8n-nodes-base.code', 2, [3520, 140], code(ACCEPTED));
	w.add('Remember paused targets', 'n8n-nodes-base.dataTable', 1, [3740, 140], {
		resource: 'row',
		operation: 'upsert',
		dataTableId: { __rl: true, mode: 'id', value: `={{ ${CFG}.adsPausedTableId }}` },
		matchType: 'allConditions',
		filters: { conditions: [{ keyName: 'targetId', condition: 'eq', keyValue: '={{ $json.targetId }}' }] },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
		options: {},
	});
	w.add('Finish run', 'n8n-nodes-base.code', 2, [3080, 480], FINISH);
	addRunTail(w, [3080, 480]);

	w.connect(claim, 'Read OTTO stock');
	w.chain('Read OTTO stock', 'Read ad campaigns', 'Campaigns to read', 'Any campaign?');
	w.connect('Any campaign?', 'Read ad targets', 0);
	w.connect('Any campaign?', 'Read paused targets', 1);
	w.chain('Read ad targets', 'Read paused targets', 'Plan ad targets');
	w.connect('Plan ad targets', 'Targets to change');
	w.connect('Plan ad targets', 'Finish run');
	w.chain('Targets to change', 'Update ad targets', 'Accepted changes', 'Remember paused targets');

	overviewNote(
		w,
		'OTTO: pause ads for sold-out SKUs',
		[
			'Every 30 minutes (or by hand): reads OTTO\'s stock quantities and every Sponsored Product Ads target of the campaigns that are not archived. A target whose SKU OTTO shows with quantity **0** is **paused**, so no ad budget goes to a product nobody can buy. With *resumeWhenBackInStock* (default on), a target this workflow paused is **resumed** once the SKU has stock again; targets you paused yourself stay paused.',
			'The Otto Market node waits for OTTO\'s decision on every change; a change OTTO refuses becomes a sync-error row and the run fails (→ error workflow). The BC settings of **Config** are not used by this workflow.',
		].join('\n\n'),
		[
			`${COMMON_STEPS.otto} The credential needs the scope **Advertising (Sponsored Product Ads)** (and the app the interface in OTTO Partner Connect), plus *availability*.`,
			'Create the Data Tables `otto_sync_state`, `otto_sync_log`, `otto_sync_errors` (once for all templates) and `otto_ads_paused` (columns `targetId`, `campaignId`, `sku`, `state`, `changedAt`, all strings), and paste their ids into **Config** (`adsPausedTableId` = `otto_ads_paused`).',
			'In **Config** set *resumeWhenBackInStock* (true or false).',
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note(
		'Note: read',
		[1500, -20],
		1560,
		440,
		"### Read\nOTTO's quantities (all SKUs, page by page) and the campaigns, then the targets of every campaign that is not archived (one Get Many per campaign, cursor paging), and the targets this workflow paused before (`otto_ads_paused`). *Plan ad targets* picks the targets to pause or resume. If a list cannot be read, nothing is changed and the run fails.",
		7,
	);
	w.note(
		'Note: change',
		[3040, -20],
		920,
		320,
		"### Change\nAd Target → Update sends one merge patch per campaign with the new status of its targets and waits for OTTO's change request to be decided. Accepted changes are remembered in `otto_ads_paused` (`paused` / `resumed`); refused ones become sync-error rows with OTTO's reason.",
		7,
	);
	return w.build({ executionTimeout: 900 });
}
