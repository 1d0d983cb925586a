/**
 * The template "OTTO Market ← BC: stock quantities" (workflows-templates/otto-stock-from-bc.json): BC inventory
 * → OTTO Availability quantities, only for SKUs whose quantity changed since it was last sent.
 */
import { BC_CREDENTIAL, BC_RETRY, OTTO_CREDENTIAL, WorkflowBuilder, bcListRequest, code, ifTrue } from './nodes';
import { CFG, COMMON_STEPS, PLAN, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export const STOCK_WORKFLOW_ID = 'ottoBcStock000001';
export const STOCK_WORKFLOW_KEY = 'bc-stock-to-otto';

/** OTTO takes at most 200 SKUs per quantity request; Config `batchSize` is clamped to 1…200. */
const BATCH_SIZE = `Math.min(Math.max(Math.floor(Number(${CFG}.batchSize) || 200), 1), 200)`;

const PLAN_QUANTITIES = String.raw`
// Which quantities go to OTTO this run: every BC inventory item's quantity on hand (negative → 0, whole units),
// but only when it differs from the quantity last sent for that SKU (otto_stock) — 0 included, and a SKU
// never sent counts as changed. Service and non-inventory items are skipped; a blocked item is sent once
// as 0 (OTTO stops selling it) if OTTO had a quantity from us, and is skipped otherwise.
const config = $('Config').first().json;
const MAX = 999999999;
const executed = (name) => { try { return $(name).isExecuted; } catch (e) { return false; } };
const byEan = config.itemMatch === 'ean';
const invalid = [];
let ottoError = null;
const ottoSkuByEan = new Map();
if (byEan && executed('Read OTTO products')) {
  const products = $('Read OTTO products').all().map((i) => i.json);
  const failure = products.find((p) => p && p.error && !p.sku);
  if (failure) {
    // without OTTO's SKU ↔ EAN list nothing can be matched: nothing is sent, the run fails
    const text = [failure.error, failure.description].filter(Boolean).join(': ');
    ottoError = { message: text.slice(0, 1000), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' };
  }
  for (const p of products) if (p && p.sku && p.ean && !ottoSkuByEan.has(String(p.ean))) ottoSkuByEan.set(String(p.ean), String(p.sku));
  // an empty list would skip every item as "not on OTTO" and look like success
  if (!ottoError && !ottoSkuByEan.size) ottoError = { message: 'OTTO listed no product with an EAN', logref: '' };
}
const pushed = new Map();
for (const row of $('Read pushed quantities').all().map((i) => i.json)) {
  if (row && row.sku !== undefined && row.sku !== null && row.sku !== '') pushed.set(String(row.sku), Number(row.quantity));
}
const bcItems = $('Read BC items').all().flatMap((i) => (i.json && i.json.value) || []);
const toPush = [];
const seen = new Map();
let notInventory = 0, blocked = 0, unchanged = 0, notAtOtto = 0;
for (const item of ottoError ? [] : bcItems) {
  if ((item.type || 'Inventory') !== 'Inventory') { notInventory++; continue; }
  let sku = String(item.number || '');
  if (byEan) {
    sku = ottoSkuByEan.get(String(item.gtin || '')) || '';
    if (!sku) { notAtOtto++; continue; } // no OTTO product with this GTIN: not sold on OTTO
  }
  if (!sku) continue;
  if (seen.has(sku)) {
    invalid.push({ reference: sku, reason: 'BC items ' + seen.get(sku) + ' and ' + item.number + ' both map to OTTO SKU ' + sku + ' (same GTIN); its quantity was not sent' });
    continue;
  }
  seen.set(sku, item.number);
  const onHand = Math.min(Math.max(Math.floor(Number(item.inventory) || 0), 0), MAX);
  const last = pushed.has(sku) ? pushed.get(sku) : undefined;
  let quantity = onHand;
  if (item.blocked === true) {
    // blocked in BC (BC cannot sell it): OTTO gets 0 once, if it ever got a quantity from us
    if (last === undefined || last === 0) { blocked++; continue; }
    quantity = 0;
  }
  if (last === quantity) { unchanged++; continue; }
  toPush.push({ sku, quantity, itemNumber: item.number, before: last === undefined ? null : last });
}
// two BC items on one OTTO SKU: which quantity is right is unclear, so neither is sent (reported above)
const duplicates = new Set(invalid.map((p) => p.reference));
return [{ json: {
  read: bcItems.length,
  skipped: notInventory + blocked + unchanged + notAtOtto,
  unchanged, notInventory, blocked, notAtOtto,
  invalid,
  ottoError,
  toPush: toPush.filter((p) => !duplicates.has(p.sku)),
} }];
`;

const TO_PUSH = String.raw`
// One item per SKU to send; the Otto Market node combines them into requests of "batchSize" SKUs. Its answer
// per SKU never carries "pending": an answer that still does is this item passed on by a node that failed as a whole.
return $input.first().json.toPush.map((p) => ({ json: { sku: p.sku, quantity: p.quantity, pending: true } }));
`;

const ACCEPTED = String.raw`
// The SKUs OTTO accepted (the node answers item by item, in the order they were sent): only these are
// remembered as sent. A rejected SKU is not, so the next run sends it again.
const sent = $('Quantities to send').all();
return $input.all()
  .map((answer, index) => ({ answer: answer.json || {}, sent: sent[index] && sent[index].json }))
  .filter((x) => x.sent && !x.answer.error && !x.answer.pending)
  .map((x) => ({ json: { sku: x.sent.sku, quantity: x.sent.quantity } }));
`;

const FINISH = finishRunCode(
	"Counts what happened, one sync-error row per SKU OTTO did not take (a failed request: one row per failure), and the run's verdict.",
	String.raw`
const planned = $('Plan quantities').first().json;
if (planned.ottoError) add('(OTTO products)', 'OTTO did not list the products (needed for itemMatch = ean); nothing was sent: ' + planned.ottoError.message, 'Read OTTO products', '', planned.ottoError.logref);
for (const problem of planned.invalid) add(problem.reference, problem.reason, 'Plan quantities', '');
const sent = all('Quantities to send').map((i) => i.json);
const answers = all('Update OTTO quantities').map((i) => i.json || {});
const logrefOf = (text) => (String(text).match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '';
let accepted = 0;
// failures of a whole request (OTTO unreachable, 5xx, 401…) name no SKU: one row per distinct failure
const requestFailures = new Map();
sent.forEach((entry, index) => {
  let answer = answers[index] || { error: 'SKU "' + entry.sku + '" was not updated: the Otto Market node gave no answer for it.' };
  if (answer.pending) answer = { error: 'SKU "' + entry.sku + '" was not updated: the Otto Market node failed as a whole (its error is in this execution), so whether OTTO stored it is unknown.' };
  if (!answer.error) { accepted++; return; }
  const text = String(answer.error) + (answer.description ? ' — ' + String(answer.description).replace(/\n+/g, ' ') : '');
  const general = String(answer.error).match(/^SKU "[\s\S]*?" was not updated: ([\s\S]*)$/);
  if (!general) { add(entry.sku, text, 'Update OTTO quantities', '', logrefOf(text)); return; }
  const key = general[1] + (answer.description ? ' — ' + String(answer.description).replace(/\n+/g, ' ') : '');
  const group = requestFailures.get(key) || { skus: [], logref: logrefOf(key) };
  group.skus.push(entry.sku);
  requestFailures.set(key, group);
});
for (const [reason, group] of requestFailures) {
  const n = group.skus.length;
  add(group.skus[0] + (n > 1 ? ' (+' + (n - 1) + ' more SKUs)' : ''), 'OTTO did not update ' + n + ' quantit' + (n === 1 ? 'y' : 'ies') + ' (' + group.skus.slice(0, 20).join(', ') + (n > 20 ? ', …' : '') + '): ' + reason, 'Update OTTO quantities', '', group.logref);
}
return finish({
  read: planned.read,
  created: accepted,
  skipped: planned.skipped,
  deferred: 0,
  done: 'Sent ' + accepted + ' changed quantit' + (accepted === 1 ? 'y' : 'ies') + ' to OTTO; ' + planned.unchanged + ' unchanged, ' + (planned.skipped - planned.unchanged) + ' skipped (not inventory, blocked or not on OTTO)',
  what: 'SKU quantity update(s) failed',
});
`,
);

export function stockWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(STOCK_WORKFLOW_ID, 'OTTO Market ← BC: stock quantities');
	addRunHead(w, { trigger: { name: 'Every 15 minutes', rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } }, workflowKey: STOCK_WORKFLOW_KEY, requiredSettings: ['stockTableId'] });
	w.add('Match by EAN?', 'n8n-nodes-base.if', 2.2, [1540, 300], ifTrue(w.id, 'Match by EAN?', `${CFG}.itemMatch === 'ean'`));
	w.add(
		'Read OTTO products',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[1760, 140],
		{ resource: 'product', operation: 'getAll', returnAll: true, filters: {} },
		{ credentials: OTTO_CREDENTIAL, executeOnce: true, alwaysOutputData: true, onError: 'continueRegularOutput' },
	);
	w.add(
		'Read BC items',
		'n8n-nodes-base.httpRequest',
		4.2,
		[1980, 300],
		bcListRequest(`={{ ${PLAN}.bcApi }}/items?$select=number,gtin,inventory,blocked,type`, `${PLAN}.pageSize`),
		{ credentials: BC_CREDENTIAL, executeOnce: true, ...BC_RETRY },
	);
	w.add(
		'Read pushed quantities',
		'n8n-nodes-base.dataTable',
		1,
		[2200, 300],
		{
			resource: 'row',
			operation: 'get',
			dataTableId: { __rl: true, mode: 'id', value: `={{ ${CFG}.stockTableId }}` },
			matchType: 'allConditions',
			filters: {},
			returnAll: true,
		},
		{ executeOnce: true, alwaysOutputData: true },
	);
	w.add('Plan quantities', 'n8n-nodes-base.code', 2, [2420, 300], code(PLAN_QUANTITIES));
	// top branch: send and remember (runs first in execution order v1), bottom branch: finish
	w.add('Quantities to send', 'n8n-nodes-base.code', 2, [2640, 140], code(TO_PUSH));
	w.add(
		'Update OTTO quantities',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[2860, 140],
		{
			resource: 'quantity',
			operation: 'update',
			sku: '={{ $json.sku }}',
			quantity: '={{ $json.quantity }}',
			options: { batchSize: `={{ ${BATCH_SIZE} }}` },
		},
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('Accepted quantities', 'n8n-nodes-base.code', 2, [3080, 140], code(ACCEPTED));
	w.add('Remember sent quantities', 'n8n-nodes-base.dataTable', 1, [3300, 140], {
		resource: 'row',
		operation: 'upsert',
		dataTableId: { __rl: true, mode: 'id', value: `={{ ${CFG}.stockTableId }}` },
		matchType: 'allConditions',
		filters: { conditions: [{ keyName: 'sku', condition: 'eq', keyValue: '={{ $json.sku }}' }] },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
		options: {},
	});
	w.add('Finish run', 'n8n-nodes-base.code', 2, [2640, 480], FINISH);
	addRunTail(w, [2640, 480]);

	w.connect('Claim run', 'Match by EAN?');
	w.connect('Match by EAN?', 'Read OTTO products', 0);
	w.connect('Match by EAN?', 'Read BC items', 1);
	w.chain('Read OTTO products', 'Read BC items', 'Read pushed quantities', 'Plan quantities');
	w.connect('Plan quantities', 'Quantities to send');
	w.connect('Plan quantities', 'Finish run');
	w.chain('Quantities to send', 'Update OTTO quantities', 'Accepted quantities', 'Remember sent quantities');

	overviewNote(
		w,
		'Business Central stock → OTTO quantities',
		[
			'Every 15 minutes (or by hand): sends OTTO the quantity of every BC item whose stock **changed** since it was last sent — 0 included (OTTO takes the SKU offline, and deactivates SKUs that stay unavailable). What was sent is kept per SKU in the Data Table `otto_stock`, only for SKUs OTTO accepted: unchanged stock sends nothing, a rejected SKU is sent again next run.',
			'**BC has no per-location and no "available" stock in API v2.0:** `inventory` is the quantity on hand of all locations together (open sales orders are not subtracted). See *What is sent*.',
		].join('\n\n'),
		[
			COMMON_STEPS.otto,
			COMMON_STEPS.bc,
			'Create the Data Tables `otto_sync_state`, `otto_sync_log`, `otto_sync_errors` (once for all templates) and `otto_stock` (columns `sku` string, `quantity` number), and paste their ids into **Config** (`stockTableId` = `otto_stock`).',
			'In **Config** set *itemMatch* and *batchSize* (SKUs per OTTO request, at most 200: 1,000 changed SKUs are 5 requests); fill in the rest.',
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note(
		'Note: what is sent',
		[700, -420],
		760,
		420,
		[
			'### What is sent',
			'- **Quantity** = BC `inventory` (total on hand, all locations) in whole units; negative → 0.',
			'- **SKU**: *itemMatch* `sku` = the BC item no. (BC stores it upper case); `ean` = the OTTO SKU whose EAN is the item\'s GTIN (reads OTTO\'s product list each run; items without one are skipped).',
			'- **Skipped**: service and non-inventory items; a **blocked** item is sent once as 0 if OTTO had a quantity from this workflow, otherwise skipped.',
			'- With *itemMatch* `sku`, an item OTTO does not know is rejected every run (sync-error row): block it in BC or use `ean`.',
			'- Emptying `otto_stock` makes the next run send every quantity again.',
		].join('\n'),
		7,
	);
	w.note(
		'Note: read',
		[1500, -20],
		840,
		480,
		'### Read\nWith *itemMatch* = `ean` first OTTO\'s products (SKU ↔ EAN). Then all BC items, page by page following `@odata.nextLink` (429 and 5xx are retried), and the quantities last sent from `otto_stock`. *Plan quantities* keeps only the SKUs whose quantity changed.',
		7,
	);
	w.note(
		'Note: send',
		[2600, -20],
		920,
		320,
		"### Send\nThe Otto Market node (Quantity → Update) combines all changed SKUs into requests of *batchSize* SKUs and returns OTTO's verdict per SKU (a multi-status answer names the rejected ones). Only accepted SKUs are written to `otto_stock` (one upsert per SKU); each rejected SKU becomes a sync-error row with OTTO's message and logref.",
		7,
	);
	return w.build({ executionTimeout: 900 });
}
