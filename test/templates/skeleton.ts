/**
 * What every scheduled sync template shares: its trigger and Config, the run lock and cursor in
 * otto_sync_state, and the end of a run (sync-error rows, sync-log row, cursor, Fail run for the error
 * workflow). A template adds its own nodes between `addRunHead` and a Code node "Finish run" built with
 * `finishRunCode`, then calls `addRunTail`.
 */
import { type Setting, WorkflowBuilder, code, dataTableInsert, ifTrue, setParameters } from './nodes';

export const ORDERS_WORKFLOW_ID = 'ottoBcOrders00001';
export const CUSTOMERS_WORKFLOW_ID = 'ottoBcCustomers001';
export const ERROR_WORKFLOW_ID = 'ottoErrorNotify01';

/** Every setting of the templates' Config node (each sync template holds them all, plus its workflowKey). */
export const COMMON_SETTINGS: Setting[] = [
	{ name: 'bcApiBase', value: 'https://api.businesscentral.dynamics.com/v2.0' },
	{ name: 'bcTenantId', value: 'your-tenant-id-or-domain' },
	{ name: 'bcEnvironment', value: 'production' },
	{ name: 'bcCompanyId', value: 'your-company-guid' },
	{ name: 'bcCompanyName', value: 'CRONUS DE' },
	{ name: 'batchSize', value: 100 },
	{ name: 'defaultVatRate', value: 19 },
	{ name: 'bcPricesIncludeVat', value: true },
	{ name: 'itemMatch', value: 'sku' },
	{ name: 'shippingFeeLineType', value: 'Account' },
	{ name: 'shippingFeeNumber', value: '8400' },
	{ name: 'externalDocumentPrefix', value: '' },
	{ name: 'defaultCustomerNo', value: 'C00010' },
	{ name: 'autoCreateCustomers', value: false },
	{ name: 'customerPostingGroup', value: 'DOMESTIC' },
	{ name: 'genBusPostingGroup', value: 'DOMESTIC' },
	{ name: 'vatBusPostingGroup', value: 'DOMESTIC' },
	{ name: 'postingGroupEndpoint', value: 'customerCard' },
	{ name: 'postingGroupService', value: 'CustomerCard' },
	{ name: 'shipFromCity', value: 'Hamburg' },
	{ name: 'shipFromCountry', value: 'DEU' },
	{ name: 'shipFromZip', value: '22179' },
	{ name: 'defaultCarrier', value: 'DHL' },
	{ name: 'returnCarrier', value: 'DHL' },
	{ name: 'notifyEmail', value: 'ops@example.com' },
	{ name: 'initialLookbackDays', value: 7 },
	{ name: 'cursorOverlapMinutes', value: 10 },
	{ name: 'maxOrdersPerRun', value: 250 },
	{ name: 'runLockMinutes', value: 15 },
	{ name: 'customerWorkflowId', value: CUSTOMERS_WORKFLOW_ID },
	{ name: 'syncStateTableId', value: '' },
	{ name: 'syncLogTableId', value: '' },
	{ name: 'syncErrorTableId', value: '' },
	{ name: 'customerMapTableId', value: '' },
	{ name: 'stockTableId', value: '' },
];

export const CFG = "$('Config').first().json";
export const PLAN = "$('Plan run').first().json";

const planRunCode = (required: string[], bc: boolean) => String.raw`
const REQUIRED = ${JSON.stringify(required)};
// Where this run starts reading: the cursor of the last successful run (minus an overlap, so a record
// shown a little late is not missed — what was done already is skipped anyway), or, on the first run,
// "Initial Lookback Days" ago.
const config = $('Config').first().json;
const state = $input.first().json || {};
const now = new Date();
const overlapMs = Number(config.cursorOverlapMinutes || 0) * 60000;
const lookbackMs = Number(config.initialLookbackDays || 7) * 86400000;
const since = state.cursor ? new Date(Date.parse(state.cursor) - overlapMs) : new Date(now.getTime() - lookbackMs);
if (Number.isNaN(since.getTime())) throw new Error('otto_sync_state: cursor "' + state.cursor + '" is not a date');
for (const key of [${bc ? "'bcApiBase', 'bcTenantId', 'bcEnvironment', 'bcCompanyId', " : ''}'syncStateTableId', 'syncLogTableId', 'syncErrorTableId', ...REQUIRED]) {
  if (!String(config[key] || '').trim()) throw new Error('Config: "' + key + '" is empty. Fill in the Config node (see the note "Set up").');
}
// One run at a time: a run that started less than "runLockMinutes" ago (default 15: the workflow's
// timeout) and has not finished holds the lock in otto_sync_state; this run then ends without doing anything.
const executionId = String($execution.id);
const LOCK_MS = Math.max(Number(config.runLockMinutes) || 15, 1) * 60000;
const lockedSince = Date.parse(state.runningSince || '');
const busy = Number.isFinite(lockedSince) && state.runningExecutionId !== executionId && now.getTime() - lockedSince < LOCK_MS;
const root = String(config.bcApiBase).replace(/\/+$/, '') + '/' + encodeURIComponent(config.bcTenantId) + '/' + encodeURIComponent(config.bcEnvironment);
return [{ json: {
  busy,
  busyReason: busy ? 'execution ' + state.runningExecutionId + ' has been running since ' + state.runningSince : '',
  claim: { workflow: config.workflowKey, runningSince: now.toISOString(), runningExecutionId: executionId },
  startedAt: now.toISOString(),
  since: since.toISOString(),
  cursorFrom: state.cursor || '',
  bcRoot: root,
  bcApi: root + '/api/v2.0/companies(' + config.bcCompanyId + ')',
  pageSize: Math.min(Math.max(Number(config.batchSize) || 100, 1), 20000),
} }];
`;

/**
 * The Code of "Finish run": `body` sees `config`, `run` (Plan run), `executionId`, `now`, `all(node)`,
 * `allRuns(node)` and `add(reference, reason, node, bcErrorCode?, logref?)` for one sync-error row, and
 * must end with `return finish({ read, created, skipped, deferred, done, what })` — `done` describes
 * success ("Created 3 BC sales order(s)"), `what` the failed records ("OTTO order(s) did not reach BC").
 * A run with errors fails and keeps its cursor; one with `deferred` records succeeds but keeps it too.
 */
export function finishRunCode(comment: string, body: string): Record<string, unknown> {
	return code(String.raw`
// ${comment}
const config = $('Config').first().json;
const run = $('Plan run').first().json;
const executionId = String($execution.id);
const now = new Date().toISOString();
const all = (name) => { try { return $(name).isExecuted ? $(name).all() : []; } catch (e) { return []; } };
const allRuns = (name) => { const out = []; for (let r = 0; r < 1000; r++) { let items; try { items = $(name).all(0, r); } catch (e) { break; } if (!items || !items.length) break; out.push(...items); } return out; };
const errors = [];
const add = (reference, reason, node, bcErrorCode, logref) => errors.push({ workflow: config.workflowKey, executionId, occurredAt: now, reference: String(reference), reason: String(reason).slice(0, 1000), logref: logref || '', bcErrorCode: bcErrorCode || '', node });
const finish = ({ read, created, skipped, deferred, done, what }) => {
  const failed = errors.length;
  const ok = failed === 0;
  // more records than one run takes: the rest come with the next run, so the cursor stays
  const complete = ok && !deferred;
  const message = ok
    ? done + (deferred ? '; ' + deferred + ' more next run' : '')
    : failed + ' ' + what + ' (' + errors.map((e) => e.reference).slice(0, 5).join(', ') + (failed > 5 ? ', …' : '') + '): ' + errors[0].reason + ' See the sync errors table.';
  return [{ json: {
    ok,
    message,
    errors,
    log: { workflow: config.workflowKey, executionId, startedAt: run.startedAt, finishedAt: now, status: ok ? (complete ? 'success' : 'partial') : 'failed', cursorFrom: run.cursorFrom, cursorTo: complete ? run.startedAt : run.cursorFrom, read, created, skipped, failed, message: message.slice(0, 1000) },
    state: ok
      ? { workflow: config.workflowKey, cursor: complete ? run.startedAt : run.cursorFrom, lastSuccessAt: now, lastExecutionId: executionId, runningSince: '', runningExecutionId: '' }
      : { workflow: config.workflowKey, runningSince: '', runningExecutionId: '' },
  } }];
};
${body.trim()}
`);
}

function stateUpsert(): Record<string, unknown> {
	return {
		resource: 'row',
		operation: 'upsert',
		dataTableId: { __rl: true, mode: 'id', value: `={{ ${CFG}.syncStateTableId }}` },
		matchType: 'allConditions',
		filters: { conditions: [{ keyName: 'workflow', condition: 'eq', keyValue: `={{ ${CFG}.workflowKey }}` }] },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
		options: {},
	};
}

export interface RunHead {
	trigger: { name: string; rule: Record<string, unknown> };
	workflowKey: string;
	/** Settings only this template has, after workflowKey in its Config. */
	extraSettings?: Setting[];
	/** Config settings this template cannot run without, checked before the run claims the lock. */
	requiredSettings?: string[];
	/** Whether the template talks to Business Central (default true): then the BC settings are required too. */
	bc?: boolean;
}

/** Trigger → Config → Read sync state → Plan run → lock check → Claim run (x 0…1320); returns "Claim run". */
export function addRunHead(w: WorkflowBuilder, head: RunHead): string {
	w.add(head.trigger.name, 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 300], { rule: head.trigger.rule });
	w.add('Config', 'n8n-nodes-base.set', 3.4, [220, 300], setParameters(w.id, [...COMMON_SETTINGS, { name: 'workflowKey', value: head.workflowKey }, ...(head.extraSettings ?? [])]));
	w.add(
		'Read sync state',
		'n8n-nodes-base.dataTable',
		1,
		[440, 300],
		{
			resource: 'row',
			operation: 'get',
			dataTableId: { __rl: true, mode: 'id', value: `={{ ${CFG}.syncStateTableId }}` },
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'workflow', condition: 'eq', keyValue: `={{ ${CFG}.workflowKey }}` }] },
			limit: 1,
		},
		{ alwaysOutputData: true },
	);
	w.add('Plan run', 'n8n-nodes-base.code', 2, [660, 300], code(planRunCode(head.requiredSettings ?? [], head.bc ?? true)));
	w.add('Another run active?', 'n8n-nodes-base.if', 2.2, [880, 300], ifTrue(w.id, 'Another run active?', '$json.busy'));
	w.add('Skip this run', 'n8n-nodes-base.noOp', 1, [1100, 140], {});
	w.add('Claim row', 'n8n-nodes-base.code', 2, [1100, 300], code("return [{ json: $('Plan run').first().json.claim }];"));
	w.add('Claim run', 'n8n-nodes-base.dataTable', 1, [1320, 300], stateUpsert());
	w.chain(head.trigger.name, 'Config', 'Read sync state', 'Plan run', 'Another run active?');
	w.connect('Another run active?', 'Skip this run', 0);
	w.connect('Another run active?', 'Claim row', 1);
	w.chain('Claim row', 'Claim run');
	w.note('Note: config', [180, 140], 220, 300, '### 👇 Edit Config\nEvery setting lives here: BC tenant, environment and company, Data Table ids, and the settings of this sync.', 6);
	w.note(
		'Note: one run at a time',
		[840, 20],
		640,
		260,
		"### One run at a time\nA run that has not finished (at most *runLockMinutes*, default 15 = the workflow's timeout) holds a lock in `otto_sync_state`; a run started meanwhile ends at *Skip this run*.",
		7,
	);
	return 'Claim run';
}

/** After the template's "Finish run" (at [x, y]): sync-error rows, sync-log row, cursor and lock, Fail run. */
export function addRunTail(w: WorkflowBuilder, [x, y]: [number, number]): void {
	w.add('Error rows', 'n8n-nodes-base.code', 2, [x + 220, y - 80], code('return $input.first().json.errors.map((e) => ({ json: e }));'));
	w.add('Record sync errors', 'n8n-nodes-base.dataTable', 1, [x + 440, y - 80], dataTableInsert(`${CFG}.syncErrorTableId`));
	w.add('Log row', 'n8n-nodes-base.code', 2, [x + 220, y + 120], code('return [{ json: $input.first().json.log }];'));
	w.add('Record sync log', 'n8n-nodes-base.dataTable', 1, [x + 440, y + 120], dataTableInsert(`${CFG}.syncLogTableId`));
	w.add('State row', 'n8n-nodes-base.code', 2, [x + 660, y + 120], code("return [{ json: $('Finish run').first().json.state }];"));
	w.add('Move cursor, release run', 'n8n-nodes-base.dataTable', 1, [x + 880, y + 120], stateUpsert());
	w.add('Run succeeded?', 'n8n-nodes-base.if', 2.2, [x + 1100, y + 120], ifTrue(w.id, 'Run succeeded?', "$('Finish run').first().json.ok"));
	w.add('Done', 'n8n-nodes-base.noOp', 1, [x + 1320, y + 40], {});
	w.add('Fail run', 'n8n-nodes-base.stopAndError', 1, [x + 1320, y + 220], { errorMessage: "={{ $('Finish run').first().json.message }}" });
	w.connect('Finish run', 'Error rows');
	w.connect('Finish run', 'Log row');
	w.chain('Error rows', 'Record sync errors');
	w.chain('Log row', 'Record sync log', 'State row', 'Move cursor, release run', 'Run succeeded?');
	w.connect('Run succeeded?', 'Done', 0);
	w.connect('Run succeeded?', 'Fail run', 1);
	w.note(
		'Note: log',
		[x - 20, y - 140],
		1560,
		480,
		'### Log\nOne row per run in `otto_sync_log`, one row per failed record in `otto_sync_errors`. Only a run without failures moves the cursor in `otto_sync_state`; otherwise the run fails (→ error workflow) and the next run tries again.',
		7,
	);
}

/** The overview sticky note: what the workflow does, numbered set-up steps, minimum n8n version. */
export function overviewNote(w: WorkflowBuilder, title: string, what: string, steps: string[]): void {
	w.note(
		'Note: overview',
		[-40, -420],
		700,
		560,
		[
			`## ${title}`,
			what,
			'',
			'### Set up (once)',
			...steps.map((step, i) => `${i + 1}. ${step}`),
			'',
			'Needs n8n ≥ 1.123 (Data Tables). The cursor moves only after a run without errors.',
		].join('\n'),
		4,
	);
}

/** The set-up steps every sync template shares (credentials, Data Tables, Config, error workflow, activation). */
export const COMMON_STEPS = {
	otto: 'Install the community node **n8n-nodes-otto-market**; create the **OTTO Market** credential and select it in the Otto Market nodes.',
	bc: 'Create an n8n **OAuth2 API** credential for BC: Grant Type *Client Credentials*, Access Token URL `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`, Scope `https://api.businesscentral.dynamics.com/.default`, Authentication *Body*. Select it in every BC node.',
	tables: 'Create the Data Tables `otto_sync_state`, `otto_sync_log`, `otto_sync_errors` with the columns listed in the README (once for all templates), and paste their ids into **Config**.',
	config: 'Fill in the rest of **Config** — nothing else needs editing.',
	errors: 'Workflow → Settings → Error workflow → **OTTO Market – error notification** (import it first).',
	activate: 'Activate (n8n 2.x: publish).',
};
