/**
 * The template "OTTO Market → BC: receipts archive" (workflows-templates/otto-receipts-to-bc.json): every
 * new OTTO receipt (invoice, refund, partial refund) as a PDF attachment of its BC sales order.
 */
import { addRetryLoop, ALL_RUNS_JS, BATCHES_JS, BC_CREDENTIAL, BC_RETRY, bcListRequest, bcWriteRequest, code, ERROR_JS, ifTrue, LOOKUP_BATCH, nodeId, OTTO_CREDENTIAL, WorkflowBuilder } from './nodes';
import { CFG, COMMON_STEPS, PLAN, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export const RECEIPTS_WORKFLOW_ID = 'ottoBcReceipts001';
export const RECEIPTS_WORKFLOW_KEY = 'otto-receipts-archive';

/** Tries per PDF upload (429, 5xx, lost connection, expired token). */
const UPLOAD_ATTEMPTS = 4;

const PREPARE_LOOKUPS = String.raw`
// The receipts of this run: OTTO lists them by creation day, so those created before "since" (cursor minus
// the overlap) are dropped here; oldest first. Their sales orders are looked up in BC by External Document
// No. = externalDocumentPrefix + OTTO order number, ${LOOKUP_BATCH} per request.
const config = $('Config').first().json;
const run = $('Plan run').first().json;
const listed = $('Get new receipts').all().map((i) => i.json);
// OTTO could not list the receipts (the node continues on fail): nothing is attached, the run fails and keeps its cursor
const failure = listed.find((r) => r && r.error && !r.receiptNumber);
if (failure) {
  const text = [failure.error, failure.description].filter(Boolean).join(': ');
  return [{ json: { read: 0, receipts: [], batches: [], ottoError: { message: text.slice(0, 1000), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' } } }];
}
const since = Date.parse(run.since);
const prefix = String(config.externalDocumentPrefix || '');
const seen = new Set();
const receipts = [];
for (const r of listed) {
  if (!r || !r.receiptNumber || seen.has(String(r.receiptNumber))) continue; // listed twice by OTTO's paging
  if (Date.parse(r.creationDate) < since) continue;
  seen.add(String(r.receiptNumber));
  receipts.push({
    receiptNumber: String(r.receiptNumber),
    receiptType: r.receiptType || '',
    creationDate: r.creationDate,
    orderNumber: String(r.orderNumber || ''),
    externalDocumentNumber: (prefix + (r.orderNumber || '')).toUpperCase(),
  });
}
receipts.sort((a, b) => Date.parse(a.creationDate) - Date.parse(b.creationDate) || (a.receiptNumber < b.receiptNumber ? -1 : 1));
${BATCHES_JS}
return [{ json: { read: receipts.length, receipts, batches: batchesOf('externalDocumentNumber', [...new Set(receipts.map((r) => r.externalDocumentNumber))]) } }];
`;

const PLAN_ATTACHMENTS = String.raw`
// Which receipts get attached: the sales order must be in BC, and its attachments (read with it) must not
// hold the file <receiptNumber>.pdf yet — one that is there but empty (its upload failed in an earlier run)
// is filled instead of creating a second one. A receipt whose order is not in BC (never imported, or
// already posted, which removes the order) is reported once and not tried again.
const config = $('Config').first().json;
const run = $('Plan run').first().json;
const prepared = $('Prepare lookups').first().json;
const orders = new Map();
for (const page of $('Find orders in BC').all()) {
  for (const order of (page.json && page.json.value) || []) {
    const key = String(order.externalDocumentNumber || '').toUpperCase();
    if (!orders.has(key)) orders.set(key, order);
  }
}
// receipts created before the previous run started were reported by that run already (cursor overlap)
const cursorFrom = Date.parse(run.cursorFrom || '') || 0;
const toAttach = [];
const missing = [];
let alreadyAttached = 0;
let reportedBefore = 0;
for (const r of prepared.receipts) {
  const order = orders.get(r.externalDocumentNumber);
  if (!order) {
    if (Date.parse(r.creationDate) < cursorFrom) reportedBefore++;
    else missing.push(r);
    continue;
  }
  const fileName = r.receiptNumber + '.pdf';
  const same = (order.documentAttachments || []).filter((a) => String(a.fileName || '').toLowerCase() === fileName.toLowerCase());
  if (same.some((a) => Number(a.byteSize) > 0)) { alreadyAttached++; continue; }
  toAttach.push({ ...r, fileName, salesOrderId: order.id, salesOrderNumber: order.number, attachmentId: same.length ? same[0].id : '' });
}
const max = Math.max(Number(config.maxOrdersPerRun) || 250, 1);
return [{ json: { alreadyAttached, reportedBefore, missing, toAttach: toAttach.slice(0, max), deferred: Math.max(toAttach.length - max, 0) } }];
`;

const NEW_ATTACHMENTS = String.raw`
// Receipts whose PDF arrived and that need a new attachment record on their sales order (an empty one
// left by an earlier run is reused instead).
return $input.all()
  .filter((i) => i.json.receiptNumber && !i.json.error && !i.json.attachmentId)
  .map((i) => ({ json: {
    receiptNumber: i.json.receiptNumber,
    fileName: i.json.fileName,
    salesOrderNumber: i.json.salesOrderNumber,
    body: { fileName: i.json.fileName, parentType: 'Sales Order', parentId: i.json.salesOrderId },
  } }));
`;

const ATTACHMENTS_TO_FILL = String.raw`
// Each downloaded PDF with the id of its attachment record (created just now, or the empty one reused),
// the PDF itself carried along as binary "data" for the upload.
${ALL_RUNS_JS}
const ran = (name) => { try { return $(name).isExecuted; } catch (e) { return false; } };
if (!ran('Download receipt PDF')) return [];
const created = new Map();
if (ran('Check attachment answers')) {
  for (const r of allRuns('Check attachment answers')) if (!r.json.retry && r.json.answer && r.json.answer.id) created.set(r.json.receiptNumber, r.json.answer.id);
}
const out = [];
for (const d of $('Download receipt PDF').all()) {
  if (!d.json.receiptNumber || d.json.error) continue;
  const attachmentId = d.json.attachmentId || created.get(d.json.receiptNumber);
  if (!attachmentId) continue;
  out.push({
    json: { receiptNumber: d.json.receiptNumber, fileName: d.json.fileName, salesOrderNumber: d.json.salesOrderNumber, attachmentId, reused: !!d.json.attachmentId },
    binary: d.binary,
  });
}
return out;
`;

const CHECK_UPLOADS = String.raw`
// Pairs each answer with its upload. Sending the same bytes again is harmless, so a 429, a 5xx, a lost
// connection or a 401 (the token expired meanwhile: n8n has fetched a new one, but cannot send a file body
// twice by itself) goes round again, the PDF with it; at most ${UPLOAD_ATTEMPTS} tries.
${ERROR_JS}
const sent = $('Upload queue').all(0, $runIndex);
return $input.all().map((answer, index) => {
  const request = sent[index];
  const error = describeError(answer.json.error);
  const retry = !!error && (!error.status || error.status === 401 || error.status === 408 || error.status === 429 || error.status >= 500) && request.json.attempt < ${UPLOAD_ATTEMPTS};
  const item = { json: { ...request.json, error: error || null, retry } };
  if (retry) item.binary = request.binary;
  return item;
});
`;

const FINISH = finishRunCode(
	'Counts what happened, one sync-error row per receipt that was not attached, and the run\'s verdict.',
	String.raw`
const prepared = $('Prepare lookups').first().json;
const plan = (all('Plan attachments')[0] || { json: { alreadyAttached: 0, reportedBefore: 0, missing: [], deferred: 0 } }).json;
if (prepared.ottoError) add('(receipt list)', 'OTTO did not list the receipts: ' + prepared.ottoError.message, 'Get new receipts', '', prepared.ottoError.logref);
// the download answers one item per receipt, in the order they were asked for
const asked = all('Receipts to attach');
all('Download receipt PDF').forEach((d, index) => {
  if (!d.json.error) return;
  const receipt = (asked[index] || { json: {} }).json;
  const text = [d.json.error, d.json.description].filter(Boolean).join(': ');
  add(receipt.receiptNumber || '(receipt)', 'OTTO did not deliver the PDF (the next run tries again): ' + text, 'Download receipt PDF', '', (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '');
});
for (const result of allRuns('Check attachment answers')) {
  if (result.json.retry || (result.json.answer && result.json.answer.id)) continue;
  const e = result.json.error || { message: 'no answer' };
  add(result.json.receiptNumber, 'BC did not create the attachment ' + result.json.fileName + ' on sales order ' + result.json.salesOrderNumber + ' (the next run tries again): ' + e.message + (result.json.attempt > 1 ? ' (attempt ' + result.json.attempt + ')' : ''), 'Create attachment', e.code);
}
let attached = 0;
for (const result of allRuns('Check uploads')) {
  if (result.json.retry) continue;
  if (!result.json.error) { attached++; continue; }
  const e = result.json.error;
  add(result.json.receiptNumber, 'BC did not take the PDF of ' + result.json.fileName + ' on sales order ' + result.json.salesOrderNumber + ' (the attachment stays empty; the next run uploads it again): ' + e.message + (result.json.attempt > 1 ? ' (attempt ' + result.json.attempt + ')' : ''), 'Upload PDF to BC', e.code);
}
// Receipts without a BC sales order are recorded, but they do not fail the run or hold the cursor: the order
// is not in BC (never imported, or posted — BC removes a fully invoiced order), so trying again would not help.
const notices = plan.missing.map((r) => ({
  workflow: config.workflowKey, executionId, occurredAt: now, reference: r.receiptNumber,
  reason: ('no BC sales order with External Document No. ' + r.externalDocumentNumber + ' (OTTO order ' + r.orderNumber + ', ' + r.receiptType + ' receipt ' + r.receiptNumber + '): it is not in BC, or already posted. Not attached and not tried again; attach ' + r.receiptNumber + '.pdf by hand if needed.').slice(0, 1000),
  logref: '', bcErrorCode: '', node: 'Plan attachments',
}));
const without = plan.missing.length + plan.reportedBefore;
const result = finish({
  read: prepared.read,
  created: attached,
  skipped: plan.alreadyAttached + without,
  deferred: plan.deferred,
  done: 'Attached ' + attached + ' OTTO receipt PDF(s) to BC sales orders; ' + plan.alreadyAttached + ' already attached' + (plan.missing.length ? '; ' + plan.missing.length + ' without BC sales order (see the sync errors table)' : '') + (plan.reportedBefore ? '; ' + plan.reportedBefore + ' without BC sales order, reported before' : ''),
  what: 'OTTO receipt(s) not attached in BC',
});
result[0].json.errors = result[0].json.errors.concat(notices);
return result;
`,
);

export function receiptsWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(RECEIPTS_WORKFLOW_ID, 'OTTO Market → BC: receipts archive');
	const plan = PLAN;
	addRunHead(w, {
		trigger: { name: 'Every day at 06:00', rule: { interval: [{ field: 'days', daysInterval: 1, triggerAtHour: 6, triggerAtMinute: 0 }] } },
		workflowKey: RECEIPTS_WORKFLOW_KEY,
	});
	w.add(
		'Get new receipts',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[1540, 300],
		{
			resource: 'receipt',
			operation: 'getAll',
			receiptTypes: ['PARTIAL_REFUND', 'PURCHASE', 'REFUND'],
			returnAll: true,
			filters: { from: `={{ ${plan}.since }}` },
		},
		{ credentials: OTTO_CREDENTIAL, alwaysOutputData: true, onError: 'continueRegularOutput' },
	);
	w.add('Prepare lookups', 'n8n-nodes-base.code', 2, [1760, 300], code(PREPARE_LOOKUPS));
	// top branch: look up, download, attach (runs first in execution order v1); bottom branch: finish
	w.add('Lookup batches', 'n8n-nodes-base.code', 2, [1980, 140], code('return $input.first().json.batches.map((filter) => ({ json: { filter } }));'));
	w.add(
		'Find orders in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[2200, 140],
		bcListRequest(
			`={{ ${plan}.bcApi }}/salesOrders?$select=id,number,externalDocumentNumber&$filter={{ encodeURIComponent($json.filter) }}&$expand=documentAttachments($select=id,fileName,byteSize)`,
			`${plan}.pageSize`,
		),
		{ credentials: BC_CREDENTIAL, ...BC_RETRY },
	);
	w.add('Plan attachments', 'n8n-nodes-base.code', 2, [2420, 140], code(PLAN_ATTACHMENTS));
	w.add('Receipts to attach', 'n8n-nodes-base.code', 2, [2640, 0], code('return $input.first().json.toAttach.map((r) => ({ json: r }));'));
	w.add(
		'Download receipt PDF',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[2860, 0],
		{ resource: 'receipt', operation: 'downloadPdf', receiptNumber: '={{ $json.receiptNumber }}', binaryPropertyName: 'data' },
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('New attachments', 'n8n-nodes-base.code', 2, [3080, 0], code(NEW_ATTACHMENTS));
	addRetryLoop(
		w,
		{ queue: 'Attachment queue', request: 'Create attachment', check: 'Check attachment answers', throttled: 'Throttled by BC?', wait: 'Wait before retry' },
		[3300, 0],
		{ parameters: bcWriteRequest('POST', `={{ ${plan}.bcApi }}/documentAttachments`, '={{ JSON.stringify($json.body) }}') },
	);
	w.add('Attachments to fill', 'n8n-nodes-base.code', 2, [2640, 260], code(ATTACHMENTS_TO_FILL));
	w.add(
		'Upload queue',
		'n8n-nodes-base.code',
		2,
		[2860, 260],
		code('return $input.all().map((i) => ({ json: { ...i.json, attempt: (i.json.attempt || 0) + 1 }, binary: i.binary }));'),
	);
	w.add(
		'Upload PDF to BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[3080, 260],
		{
			method: 'PATCH',
			url: `={{ ${plan}.bcApi }}/documentAttachments({{ $json.attachmentId }})/attachmentContent`,
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'If-Match', value: '*' }] },
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: 'data',
			options: {},
		},
		{ credentials: BC_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('Check uploads', 'n8n-nodes-base.code', 2, [3300, 260], code(CHECK_UPLOADS));
	w.add('Upload again?', 'n8n-nodes-base.if', 2.2, [3520, 260], ifTrue(w.id, 'Upload again?', '$json.retry'));
	w.add('Wait before upload retry', 'n8n-nodes-base.wait', 1.1, [3740, 420], { resume: 'timeInterval', amount: 2, unit: 'seconds' }, { webhookId: nodeId(w.id, 'webhook/Wait before upload retry') });
	w.add('Finish run', 'n8n-nodes-base.code', 2, [1980, 700], FINISH);
	addRunTail(w, [1980, 700]);

	w.chain('Claim run', 'Get new receipts', 'Prepare lookups');
	w.connect('Prepare lookups', 'Lookup batches');
	w.connect('Prepare lookups', 'Finish run');
	w.chain('Lookup batches', 'Find orders in BC', 'Plan attachments');
	w.connect('Plan attachments', 'Receipts to attach');
	w.connect('Plan attachments', 'Attachments to fill');
	w.chain('Receipts to attach', 'Download receipt PDF', 'New attachments', 'Attachment queue');
	w.chain('Attachments to fill', 'Upload queue', 'Upload PDF to BC', 'Check uploads', 'Upload again?');
	w.connect('Upload again?', 'Wait before upload retry', 0);
	w.connect('Wait before upload retry', 'Upload queue');
	overviewNote(
		w,
		'OTTO receipts → Business Central attachments',
		'Every day at 06:00 (or by hand): reads the OTTO **receipts** of every type (invoices, refunds, partial refunds) created since the last successful run, downloads each PDF and attaches it as `<receiptNumber>.pdf` to the BC **sales order** whose External Document No. is the OTTO order number (as *OTTO Market → BC: sales orders* creates them). A file already attached is skipped, so a second run attaches nothing. A receipt whose order is not in BC (or already posted) gets a row in `otto_sync_errors` and is not tried again.',
		[
			COMMON_STEPS.otto,
			COMMON_STEPS.bc,
			COMMON_STEPS.tables,
			'Set `externalDocumentPrefix` in **Config** to the value the order workflow uses.',
			COMMON_STEPS.config,
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note(
		'Note: read',
		[1500, -20],
		1080,
		420,
		`### Read\nOTTO receipts created since the cursor (minus the overlap); their BC sales orders, ${LOOKUP_BATCH} per request, each with its attachments (\`$expand=documentAttachments\`). 429 and 5xx are retried.`,
		7,
	);
	w.note(
		'Note: attach',
		[2600, -300],
		1620,
		840,
		'### Attach\nPer receipt: the PDF from OTTO, then BC **documentAttachments**: POST the record (`fileName`, `parentType` *Sales Order*, `parentId`), then PATCH its `attachmentContent` with the PDF (`If-Match: *`). 429 answers are sent again; an upload also after 5xx, lost connections and expired tokens (same bytes, no harm). A failure is recorded and the run keeps its cursor; an attachment left empty is filled by the next run, never created twice. At most *maxOrdersPerRun* receipts per run; the rest follow with the next run.',
		7,
	);
	return w.build({ executionTimeout: 900 });
}
