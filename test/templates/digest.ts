/**
 * The template "OTTO Market – daily sync-error digest" (workflows-templates/otto-sync-error-digest.json): once a
 * day one e-mail with the rows every template wrote to `otto_sync_errors` since the last digest, grouped by
 * workflow. Its cursor lives in its own `otto_sync_state` row (workflowKey `sync-error-digest`); the run head,
 * lock and tail are the sync templates' (skeleton.ts), its Config holds the common settings plus its own.
 */
import { type Setting, WorkflowBuilder, code, ifTrue, setParameters } from './nodes';
import { CFG, COMMON_SETTINGS, COMMON_STEPS, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export const DIGEST_WORKFLOW_ID = 'ottoSyncDigest001';
export const DIGEST_WORKFLOW_KEY = 'sync-error-digest';

/** The digest's own settings, after the common ones and its workflowKey. The recipient is the common `notifyEmail`. */
export const DIGEST_SETTINGS: Setting[] = [
	{ name: 'digestEmailFrom', value: 'n8n@example.com' },
	{ name: 'digestMaxRowsPerWorkflow', value: 50 },
	{ name: 'digestDelayMinutes', value: 2 },
	{ name: 'slackEnabled', value: false },
	{ name: 'slackChannel', value: '#otto-sync' },
];

const WINDOW = String.raw`
// The rows this digest reports: written (n8n's system column createdAt) after the end of the last digest's
// window — on the first run, "initialLookbackDays" ago — and at least "digestDelayMinutes" before this run
// started, so a row that is still being written while the digest reads waits for the next digest instead of
// being skipped. The window's end becomes the cursor once the e-mail is out.
const config = $('Config').first().json;
const run = $('Plan run').first().json;
const started = Date.parse(run.startedAt);
const lookbackMs = Number(config.initialLookbackDays || 7) * 86400000;
const delayMs = Math.max(Number(config.digestDelayMinutes) || 0, 0) * 60000;
const from = run.cursorFrom ? Date.parse(run.cursorFrom) : started - lookbackMs;
const to = Math.max(started - delayMs, from);
return [{ json: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } }];
`;

const BUILD = String.raw`
// One e-mail for all new sync-error rows: grouped by workflow (workflowKey) with counts; within a workflow one
// line per record and failure — the same failure of the same record in several runs is one line with its count —
// with reason (shortened), node, BC error code and OTTO logrefs. At most "digestMaxRowsPerWorkflow" lines per
// workflow; the rest is counted. Plain text and HTML (escaped). No rows → send is false.
const config = $('Config').first().json;
const win = $('Digest window').first().json;
const str = (value) => (value === undefined || value === null ? '' : String(value)).trim();
const oneLine = (value) => str(value).replace(/\s+/g, ' ');
const shorten = (value, max) => (value.length > max ? value.slice(0, max - 1) + '…' : value);
const escapeHtml = (value) => str(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const iso = (value) => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(str(value));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : str(value);
};
const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);
const MAX_LOGREFS = 10;

const rows = $input.all().map((i) => i.json).filter((r) => r && r.id !== undefined && r.id !== null);
rows.sort((a, b) => Number(a.id) - Number(b.id));
const maxLines = Math.max(Math.floor(Number(config.digestMaxRowsPerWorkflow) || 50), 1);

const groups = new Map();
for (const row of rows) {
  const workflow = oneLine(row.workflow) || '(no workflow)';
  let group = groups.get(workflow);
  if (!group) groups.set(workflow, (group = { workflow, rows: 0, references: new Set(), lines: new Map() }));
  group.rows++;
  const reference = oneLine(row.reference) || '(none)';
  group.references.add(reference);
  const reason = oneLine(row.reason);
  const key = JSON.stringify([reference, oneLine(row.node), oneLine(row.bcErrorCode), reason]);
  let line = group.lines.get(key);
  if (!line) group.lines.set(key, (line = { reference, node: oneLine(row.node), bcErrorCode: oneLine(row.bcErrorCode), reason: shorten(reason, 200) || '(no reason)', count: 0, logrefs: [], last: '' }));
  line.count++;
  const logref = oneLine(row.logref);
  if (logref && !line.logrefs.includes(logref)) line.logrefs.push(logref);
  const when = iso(row.occurredAt || row.createdAt);
  if (when > line.last) line.last = when;
}
const sorted = [...groups.values()].sort((a, b) => a.workflow.localeCompare(b.workflow));
const logrefText = (line) => line.logrefs.length ? line.logrefs.slice(0, MAX_LOGREFS).join(', ') + (line.logrefs.length > MAX_LOGREFS ? ' (+' + (line.logrefs.length - MAX_LOGREFS) + ' more)' : '') : '–';

const total = rows.length;
const headline = total
  ? plural(total, 'new sync error', 'new sync errors') + ' in ' + plural(sorted.length, 'workflow', 'workflows')
  : 'No new sync errors';
const period = 'Recorded between ' + win.from + ' and ' + win.to + ' (UTC).';
const subject = '[n8n] OTTO sync-error digest: ' + headline;

const text = [headline + '.', period, ''];
const html = ['<p>' + escapeHtml(headline) + '.<br>' + escapeHtml(period) + '</p>'];
const summary = {};
for (const group of sorted) {
  const lines = [...group.lines.values()];
  const shown = lines.slice(0, maxLines);
  const hidden = lines.slice(maxLines);
  const hiddenRows = hidden.reduce((sum, line) => sum + line.count, 0);
  const title = group.workflow + ': ' + plural(group.rows, 'error', 'errors') + ', ' + plural(group.references.size, 'record', 'records');
  summary[group.workflow] = group.rows;
  text.push('== ' + title + ' ==');
  for (const line of shown) {
    text.push('- ' + line.reference + (line.count > 1 ? ' (' + line.count + 'x)' : '') + ': ' + line.reason);
    text.push('  node: ' + (line.node || '–') + ' | BC error code: ' + (line.bcErrorCode || '–') + ' | OTTO logref: ' + logrefText(line) + ' | last: ' + (line.last || '–'));
  }
  const more = hidden.length ? '… and ' + plural(hidden.length, 'more line', 'more lines') + ' (' + plural(hiddenRows, 'error', 'errors') + ') — see the Data Table otto_sync_errors.' : '';
  if (more) text.push(more);
  text.push('');
  html.push('<h3>' + escapeHtml(title) + '</h3>');
  html.push('<table border="1" cellpadding="4" cellspacing="0"><tr><th align="left">Reference</th><th align="left">Times</th><th align="left">Reason</th><th align="left">Node</th><th align="left">BC error code</th><th align="left">OTTO logref</th><th align="left">Last</th></tr>');
  for (const line of shown) {
    html.push('<tr>' + [line.reference, String(line.count), line.reason, line.node || '–', line.bcErrorCode || '–', logrefText(line), line.last || '–'].map((cell) => '<td valign="top">' + escapeHtml(cell) + '</td>').join('') + '</tr>');
  }
  html.push('</table>');
  if (more) html.push('<p>' + escapeHtml(more) + '</p>');
}
text.push('Every row is in the Data Table otto_sync_errors.');
const slack = subject.replace(/^\[n8n\] /, '') + (total ? ' — ' + sorted.map((g) => g.workflow + ': ' + g.rows).join(', ') + '. Details by e-mail.' : '');
return [{ json: { send: total > 0, rows: total, workflows: sorted.length, summary, subject, text: text.join('\n'), html: html.join('\n'), slack } }];
`;

const FINISH = finishRunCode(
	"The digest's verdict: the e-mail went out (or there was nothing to send) → the cursor moves to the window's end.",
	String.raw`
const win = $('Digest window').first().json;
const digest = $('Build digest').first().json;
const errorText = (e) => (typeof e === 'string' ? e : [e && e.message, e && e.description].filter(Boolean).join(': ')) || 'unknown error';
let mailed = 0;
if (digest.send) {
  const answer = all('Send digest e-mail').map((i) => i.json)[0];
  if (!answer) add('(digest e-mail)', 'The digest e-mail was not sent (Send digest e-mail did not run).', 'Send digest e-mail');
  else if (answer.error) add('(digest e-mail)', 'The digest e-mail was not sent: ' + errorText(answer.error), 'Send digest e-mail');
  else mailed = 1;
}
// Slack is optional: a failed post is mentioned in the log, it does not send the e-mail again
const slackError = all('Post to Slack').map((i) => i.json).find((j) => j && j.error);
const done = (digest.send ? 'Mailed the digest of ' + digest.rows + ' sync error(s) in ' + digest.workflows + ' workflow(s)' : 'No new sync errors, no e-mail') + ' (' + win.from + ' – ' + win.to + ')' + (slackError ? '; Slack failed: ' + errorText(slackError.error) : '');
const result = finish({ read: digest.rows, created: mailed, skipped: 0, deferred: 0, done, what: 'digest e-mail not sent' });
// the digest's cursor is the end of the window it reported (not the start of the run)
const out = result[0].json;
out.log.cursorFrom = win.from;
if (out.ok) {
  out.state.cursor = win.to;
  out.log.cursorTo = win.to;
}
return result;
`,
);

export function digestWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(DIGEST_WORKFLOW_ID, 'OTTO Market – daily sync-error digest');
	addRunHead(w, { trigger: { name: 'Every day at 07:00', rule: { interval: [{ field: 'days', triggerAtHour: 7 }] } }, workflowKey: DIGEST_WORKFLOW_KEY, extraSettings: DIGEST_SETTINGS });

	w.add('Digest window', 'n8n-nodes-base.code', 2, [1540, 300], code(WINDOW));
	w.add(
		'Read new sync errors',
		'n8n-nodes-base.dataTable',
		1,
		[1760, 300],
		{
			resource: 'row',
			operation: 'get',
			dataTableId: { __rl: true, mode: 'id', value: `={{ ${CFG}.syncErrorTableId }}` },
			matchType: 'allConditions',
			filters: {
				conditions: [
					{ keyName: 'createdAt', condition: 'gt', keyValue: "={{ $('Digest window').first().json.from }}" },
					{ keyName: 'createdAt', condition: 'lte', keyValue: "={{ $('Digest window').first().json.to }}" },
				],
			},
			returnAll: true,
		},
		{ alwaysOutputData: true },
	);
	w.add('Build digest', 'n8n-nodes-base.code', 2, [1980, 300], code(BUILD));
	// top branch: send (runs first in execution order v1), bottom branch: finish
	w.add('Anything new?', 'n8n-nodes-base.if', 2.2, [2200, 140], ifTrue(w.id, 'Anything new?', '$json.send'));
	w.add(
		'Send digest e-mail',
		'n8n-nodes-base.emailSend',
		2.1,
		[2420, 40],
		{
			fromEmail: `={{ ${CFG}.digestEmailFrom }}`,
			toEmail: `={{ ${CFG}.notifyEmail }}`,
			subject: '={{ $json.subject }}',
			emailFormat: 'both',
			text: '={{ $json.text }}',
			html: '={{ $json.html }}',
			options: { appendAttribution: false },
		},
		{ credentials: { smtp: { id: '', name: 'SMTP account' } }, onError: 'continueRegularOutput' },
	);
	w.add('Slack enabled?', 'n8n-nodes-base.if', 2.2, [2640, 40], ifTrue(w.id, 'Slack enabled?', `${CFG}.slackEnabled === true`));
	w.add(
		'Post to Slack',
		'n8n-nodes-base.slack',
		2.3,
		[2860, -60],
		{
			resource: 'message',
			operation: 'post',
			select: 'channel',
			channelId: { __rl: true, value: `={{ ${CFG}.slackChannel }}`, mode: 'name' },
			text: "={{ $('Build digest').first().json.slack }}",
			otherOptions: { includeLinkToWorkflow: false },
		},
		{ disabled: true, credentials: { slackApi: { id: '', name: 'Slack account' } }, onError: 'continueRegularOutput' },
	);
	w.add('No Slack', 'n8n-nodes-base.noOp', 1, [2860, 120], {});
	w.add('Nothing new', 'n8n-nodes-base.noOp', 1, [2420, 220], {});
	w.add('Finish run', 'n8n-nodes-base.code', 2, [2200, 560], FINISH);
	addRunTail(w, [2200, 560]);

	w.chain('Claim run', 'Digest window', 'Read new sync errors', 'Build digest');
	w.connect('Build digest', 'Anything new?');
	w.connect('Build digest', 'Finish run');
	w.connect('Anything new?', 'Send digest e-mail', 0);
	w.connect('Anything new?', 'Nothing new', 1);
	w.chain('Send digest e-mail', 'Slack enabled?');
	w.connect('Slack enabled?', 'Post to Slack', 0);
	w.connect('Slack enabled?', 'No Slack', 1);

	overviewNote(
		w,
		'OTTO Market – daily sync-error digest',
		'Every day at 07:00 (the time zone of Workflow → Settings): one e-mail with every row the OTTO templates wrote to `otto_sync_errors` since the last digest, grouped by workflow with counts — reference, reason, node, BC error code and OTTO logref per failure (a failure repeated by later runs is one line with its count). Nothing new: no e-mail, the run is still logged. Each row is mailed once: the cursor in `otto_sync_state` (row `sync-error-digest`) moves only after the e-mail went out.',
		[
			'Import this workflow next to the sync templates (it reads their Data Tables; nothing else needs to be imported).',
			'Create an **SMTP** credential and select it in **Send digest e-mail**.',
			'Paste the ids of `otto_sync_state`, `otto_sync_log` and `otto_sync_errors` into **Config** (the same as in the sync templates).',
			'In **Config**: `notifyEmail` (recipient), `digestEmailFrom` (sender); optionally `digestMaxRowsPerWorkflow` (lines per workflow, default 50). The BC settings are not used here.',
			'Slack (optional): select a Slack credential in **Post to Slack**, activate that node (it ships deactivated) and set `slackEnabled` to true.',
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note(
		'Note: read',
		[1500, 140],
		700,
		320,
		'### Read\nThe rows of `otto_sync_errors` written after the last digest\'s window, filtered on n8n\'s system column **createdAt**: the database sets it on insert, for rows of every template (and rows added by hand) alike, and both n8n 1.x and 2.x compare it as a date. The template\'s own `occurredAt` is text written by each workflow before the insert, so a row can land after a digest has passed its time. Rows of the last *digestDelayMinutes* wait for the next digest.',
		7,
	);
	w.note(
		'Note: send',
		[2160, -140],
		880,
		300,
		'### Send\nOne e-mail (text + HTML) when there is anything new; Slack gets the summary when enabled. A failed e-mail fails the run: the cursor stays and the next digest sends these rows again.',
		7,
	);
	return w.build({ executionTimeout: 900 });
}
