/**
 * The template "OTTO Market → BC: price reductions as credit memos"
 * (workflows-templates/otto-price-reductions-to-bc.json): every OTTO partial refund (a processed price
 * reduction) as one BC sales credit memo on the customer of the order's BC sales order.
 *
 * Source: the PARTIAL_REFUND receipts, not the Price Reductions list. OTTO books exactly one PARTIAL_REFUND
 * receipt for a price reduction once it is processed (its receiptNumber is listed with the reduction), so both
 * describe the same money and only one of them may be read. The receipts can be read by creation day (the Price
 * Reductions list has no date filter: the node would read every page of all reductions ever, every run), they
 * name the OTTO order number (the reductions only the salesOrderId, which BC does not know) and carry the net
 * amount and tax rate; INITIATED and REJECTED reductions have no receipt, so they are left out by themselves.
 */
import { addRetryLoop, BATCHES_JS, BC_CREDENTIAL, BC_RETRY, bcListRequest, bcWriteRequest, code, LOOKUP_BATCH, LOOKUP_FAILURE_JS, OTTO_CREDENTIAL, WorkflowBuilder } from './nodes';
import { COMMON_STEPS, PLAN, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export const CREDIT_MEMOS_WORKFLOW_ID = 'ottoBcCreditMemo01';
export const CREDIT_MEMOS_WORKFLOW_KEY = 'otto-price-reductions-to-bc';
/** The G/L account of the credit memo line until Config has a setting for it (see the note in the workflow). */
export const PRICE_REDUCTION_ACCOUNT_NO = '8720';

const PREPARE_LOOKUPS = String.raw`
// The partial refunds of this run: OTTO lists receipts by creation day, so those created before "since"
// (cursor minus the overlap) are dropped here; oldest first. The amount is what OTTO refunded (gross, as a
// positive number) and its net part from the receipt's totals. Each becomes one credit memo whose External
// Document No. is externalDocumentPrefix + receipt number; existing credit memos are looked up by it.
const config = $('Config').first().json;
const run = $('Plan run').first().json;
${BATCHES_JS}
const round2 = (n) => Math.round(n * 100) / 100;
const listed = $('Get partial refund receipts').all().map((i) => i.json);
// OTTO could not list the receipts (the node continues on fail): nothing is created, the run fails and keeps its cursor
const failure = listed.find((r) => r && r.error && !r.receiptNumber);
if (failure) {
  const text = [failure.error, failure.description].filter(Boolean).join(': ');
  return [{ json: { read: 0, refunds: [], invalid: [], batches: [], ottoError: { message: text.slice(0, 1000), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' } } }];
}
const since = Date.parse(run.since);
const prefix = String(config.externalDocumentPrefix || '');
const vatRate = Number(config.defaultVatRate) || 0;
const seen = new Set();
const refunds = [];
const invalid = [];
for (const r of listed) {
  if (!r || !r.receiptNumber || seen.has(String(r.receiptNumber))) continue; // listed twice by OTTO's paging
  if (r.receiptType && r.receiptType !== 'PARTIAL_REFUND') continue;
  if (Date.parse(r.creationDate) < since) continue;
  seen.add(String(r.receiptNumber));
  const externalDocumentNumber = (prefix + r.receiptNumber).toUpperCase();
  const gross = round2(Math.abs(Number((r.amountDue || r.totalsGrossAmount || {}).amount) || 0));
  // the net part from OTTO's totals (per tax rate); without them: gross / (1 + defaultVatRate)
  const totals = (Array.isArray(r.totals) ? r.totals : []).filter((t) => t && t.gross && typeof t.gross.amount === 'number');
  const totalsGross = round2(totals.reduce((sum, t) => sum + Math.abs(t.gross.amount), 0));
  const netKnown = totals.length > 0 && totals.every((t) => t.net && typeof t.net.amount === 'number') && Math.abs(totalsGross - gross) < 0.005;
  const net = netKnown ? round2(totals.reduce((sum, t) => sum + Math.abs(t.net.amount), 0)) : round2(gross / (1 + vatRate / 100));
  const refund = {
    receiptNumber: String(r.receiptNumber),
    creationDate: String(r.creationDate || ''),
    orderNumber: String(r.orderNumber || ''),
    partialRefundType: String(r.partialRefundType || ''),
    skus: [...new Set(((r.lineItems || {}).itemPartialRefundPositions || []).map((p) => p && p.sku).filter(Boolean))],
    externalDocumentNumber,
    orderDocumentNumber: (prefix + (r.orderNumber || '')).toUpperCase(),
    gross,
    net,
  };
  const problems = [];
  if (externalDocumentNumber.length > 35) problems.push('External Document No. "' + externalDocumentNumber + '" is longer than 35 characters (shorten "externalDocumentPrefix")');
  if (!(gross > 0)) problems.push('the receipt has no refunded amount');
  if (!refund.orderNumber) problems.push('the receipt names no OTTO order');
  if (problems.length) { invalid.push({ reference: refund.receiptNumber, reason: problems.join('; ') }); continue; }
  refunds.push(refund);
}
refunds.sort((a, b) => Date.parse(a.creationDate) - Date.parse(b.creationDate) || (a.receiptNumber < b.receiptNumber ? -1 : 1));
return [{ json: { read: seen.size, refunds, invalid, batches: batchesOf('externalDocumentNumber', refunds.map((r) => r.externalDocumentNumber)) } }];
`;

const SKIP_EXISTING = String.raw`
// Partial refunds that have a BC credit memo already (same External Document No.; created by an earlier run,
// posted or not) are skipped — a second run creates nothing. For the others, the BC sales orders of their
// OTTO orders are looked up (External Document No. = externalDocumentPrefix + OTTO order number).
${BATCHES_JS}
${LOOKUP_FAILURE_JS}
const prepared = $('Prepare lookups').first().json;
// an answer that is no list (BC failed): nothing is created — a credit memo might exist already
const failed = lookupFailure('Find credit memos in BC');
if (failed) return [{ json: { skipped: 0, pending: [], batches: [], lookupError: failed } }];
const inBc = new Set($('Find credit memos in BC').all().flatMap((i) => (i.json && i.json.value) || []).map((m) => String(m.externalDocumentNumber || '').toUpperCase()));
const pending = prepared.refunds.filter((r) => !inBc.has(r.externalDocumentNumber));
return [{ json: { skipped: prepared.refunds.length - pending.length, pending, batches: batchesOf('externalDocumentNumber', [...new Set(pending.map((r) => r.orderDocumentNumber))]) } }];
`;

const PLAN_CREDIT_MEMOS = String.raw`
// The G/L account of the credit memo line: Config "priceReductionAccountNo" (sales deductions; SKR03 8720
// "Erlösschmälerungen 19 % USt", SKR04 4720).
const PRICE_REDUCTION_ACCOUNT_NO = String($('Config').first().json.priceReductionAccountNo || '${PRICE_REDUCTION_ACCOUNT_NO}').trim();

// One credit memo per partial refund, with one G/L account line: the refunded amount, gross or net as
// "bcPricesIncludeVat" says. The customer is the one of the BC sales order of the OTTO order; an order that is
// not in BC (never imported, or fully posted: BC removes an order once it is shipped and invoiced) gets
// "defaultCustomerNo", and the run says so in the sync errors table.
const config = $('Config').first().json;
${LOOKUP_FAILURE_JS}
const failed = lookupFailure('Find orders in BC');
if (failed) return [{ json: { invalid: [], toCreate: [], deferred: 0, lookupError: failed } }];
const gross = config.bcPricesIncludeVat === true || config.bcPricesIncludeVat === 'true';
const cut = (text, max) => String(text || '').trim().slice(0, max);
const orders = new Map();
for (const page of $('Find orders in BC').all()) {
  for (const order of (page.json && page.json.value) || []) {
    const key = String(order.externalDocumentNumber || '').toUpperCase();
    if (!orders.has(key)) orders.set(key, order);
  }
}
const defaultCustomer = String(config.defaultCustomerNo || '').trim();
const toCreate = [];
const invalid = [];
for (const r of $('Skip existing credit memos').first().json.pending) {
  const order = orders.get(r.orderDocumentNumber);
  const customerNumber = order ? String(order.customerNumber || '') : defaultCustomer;
  if (!customerNumber) {
    invalid.push({ reference: r.receiptNumber, reason: 'no BC sales order with External Document No. ' + r.orderDocumentNumber + ' (OTTO order ' + r.orderNumber + ') and Config "defaultCustomerNo" is empty' });
    continue;
  }
  const what = r.partialRefundType ? r.partialRefundType.toLowerCase().replace(/_/g, ' ') : 'partial refund';
  toCreate.push({
    receiptNumber: r.receiptNumber,
    orderNumber: r.orderNumber,
    orderDocumentNumber: r.orderDocumentNumber,
    externalDocumentNumber: r.externalDocumentNumber,
    customerNumber,
    salesOrderNumber: order ? String(order.number || '') : '',
    onDefaultCustomer: !order,
    body: {
      externalDocumentNumber: r.externalDocumentNumber,
      customerNumber,
      creditMemoDate: r.creationDate.slice(0, 10),
      salesCreditMemoLines: [{
        lineType: 'Account',
        lineObjectNumber: PRICE_REDUCTION_ACCOUNT_NO,
        description: cut('OTTO ' + what + ' ' + r.receiptNumber + ', order ' + r.orderNumber + (r.skus.length ? ', ' + r.skus.join(', ') : ''), 100),
        quantity: 1,
        unitPrice: gross ? r.gross : r.net,
      }],
    },
  });
}
const max = Math.max(Number(config.maxOrdersPerRun) || 250, 1);
return [{ json: { invalid, toCreate: toCreate.slice(0, max), deferred: Math.max(toCreate.length - max, 0) } }];
`;

const FINISH = finishRunCode(
	"Counts what happened, one sync-error row per partial refund that did not reach BC, and the run's verdict.",
	String.raw`
const prepared = $('Prepare lookups').first().json;
const existing = (all('Skip existing credit memos')[0] || { json: { skipped: 0 } }).json;
const plan = (all('Plan credit memos')[0] || { json: { invalid: [], toCreate: [], deferred: 0 } }).json;
if (prepared.ottoError) add('(receipt list)', 'OTTO did not list the partial refund receipts: ' + prepared.ottoError.message, 'Get partial refund receipts', '', prepared.ottoError.logref);
for (const problem of prepared.invalid) add(problem.reference, 'Not sent to BC: ' + problem.reason, 'Prepare lookups', '');
for (const problem of plan.invalid) add(problem.reference, 'Not sent to BC: ' + problem.reason, 'Plan credit memos', '');
for (const failure of [existing.lookupError, plan.lookupError].filter(Boolean)) {
  add('(BC lookup)', 'BC did not answer ' + failure.node + ' with a list, so no credit memo was created: ' + failure.message, failure.node, failure.code);
}
let created = 0;
const onDefault = [];
for (const result of allRuns('Check answers')) {
  if (result.json.retry) continue;
  if (result.json.answer && result.json.answer.id) {
    created++;
    if (result.json.onDefaultCustomer) onDefault.push({ ...result.json, creditMemoNumber: result.json.answer.number || '' });
    continue;
  }
  const e = result.json.error || { message: 'no answer' };
  const ambiguous = !e.status || e.status >= 500;
  add(result.json.receiptNumber, (ambiguous ? 'BC answered ' + (e.status || 'nothing') + ' — the next run checks whether BC created the credit memo: ' : 'BC did not create the credit memo: ') + e.message + (result.json.attempt > 1 ? ' (attempt ' + result.json.attempt + ')' : ''), 'Create credit memo', e.code);
}
// Credit memos booked on the default customer are recorded once (the next run skips them), without failing the run.
const notices = onDefault.map((m) => ({
  workflow: config.workflowKey, executionId, occurredAt: now, reference: m.receiptNumber,
  reason: ('credit memo ' + m.creditMemoNumber + ' (External Document No. ' + m.externalDocumentNumber + ') was created on the default customer ' + m.customerNumber + ': no BC sales order with External Document No. ' + m.orderDocumentNumber + ' (OTTO order ' + m.orderNumber + ': not imported, or BC posted it). Change the customer in BC if needed.').slice(0, 1000),
  logref: '', bcErrorCode: '', node: 'Plan credit memos',
}));
const result = finish({
  read: prepared.read,
  created,
  skipped: existing.skipped,
  deferred: plan.deferred,
  done: 'Created ' + created + ' BC credit memo(s); ' + existing.skipped + ' already in BC' + (onDefault.length ? '; ' + onDefault.length + ' on the default customer (see the sync errors table)' : ''),
  what: 'OTTO partial refund(s) did not reach BC',
});
result[0].json.errors = result[0].json.errors.concat(notices);
return result;
`,
);

export function creditMemosWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(CREDIT_MEMOS_WORKFLOW_ID, 'OTTO Market → BC: price reductions as credit memos');
	const plan = PLAN;
	addRunHead(w, {
		trigger: { name: 'Every day at 05:00', rule: { interval: [{ field: 'days', daysInterval: 1, triggerAtHour: 5, triggerAtMinute: 0 }] } },
		workflowKey: CREDIT_MEMOS_WORKFLOW_KEY,
		extraSettings: [{ name: 'priceReductionAccountNo', value: PRICE_REDUCTION_ACCOUNT_NO }],
	});
	w.add(
		'Get partial refund receipts',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[1540, 300],
		{
			resource: 'receipt',
			operation: 'getAll',
			receiptTypes: ['PARTIAL_REFUND'],
			returnAll: true,
			filters: { from: `={{ ${plan}.since }}` },
		},
		{ credentials: OTTO_CREDENTIAL, alwaysOutputData: true, onError: 'continueRegularOutput' },
	);
	w.add('Prepare lookups', 'n8n-nodes-base.code', 2, [1760, 300], code(PREPARE_LOOKUPS));
	// top branch: look up and create (runs first in execution order v1); bottom branch: finish
	w.add('Credit memo lookups', 'n8n-nodes-base.code', 2, [1980, 140], code('return $input.first().json.batches.map((filter) => ({ json: { filter } }));'));
	w.add(
		'Find credit memos in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[2200, 140],
		bcListRequest(`={{ ${plan}.bcApi }}/salesCreditMemos?$select=number,externalDocumentNumber,customerNumber,status&$filter={{ encodeURIComponent($json.filter) }}`, `${plan}.pageSize`),
		{ credentials: BC_CREDENTIAL, ...BC_RETRY },
	);
	w.add('Skip existing credit memos', 'n8n-nodes-base.code', 2, [2420, 140], code(SKIP_EXISTING));
	w.add('Order lookups', 'n8n-nodes-base.code', 2, [2640, 140], code('return $input.first().json.batches.map((filter) => ({ json: { filter } }));'));
	w.add(
		'Find orders in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[2860, 140],
		bcListRequest(`={{ ${plan}.bcApi }}/salesOrders?$select=number,externalDocumentNumber,customerNumber&$filter={{ encodeURIComponent($json.filter) }}`, `${plan}.pageSize`),
		{ credentials: BC_CREDENTIAL, ...BC_RETRY },
	);
	w.add('Plan credit memos', 'n8n-nodes-base.code', 2, [3080, 140], code(PLAN_CREDIT_MEMOS));
	w.add('Credit memos to create', 'n8n-nodes-base.code', 2, [3300, 140], code('return $input.first().json.toCreate.map((m) => ({ json: m }));'));
	addRetryLoop(
		w,
		{ queue: 'Send queue', request: 'Create credit memo', check: 'Check answers', throttled: 'Throttled by BC?', wait: 'Wait before retry' },
		[3520, 140],
		{ parameters: bcWriteRequest('POST', `={{ ${plan}.bcApi }}/salesCreditMemos`, '={{ JSON.stringify($json.body) }}') },
	);
	w.add('Finish run', 'n8n-nodes-base.code', 2, [1980, 560], FINISH);
	addRunTail(w, [1980, 560]);

	w.chain('Claim run', 'Get partial refund receipts', 'Prepare lookups');
	w.connect('Prepare lookups', 'Credit memo lookups');
	w.connect('Prepare lookups', 'Finish run');
	w.chain('Credit memo lookups', 'Find credit memos in BC', 'Skip existing credit memos', 'Order lookups', 'Find orders in BC', 'Plan credit memos', 'Credit memos to create', 'Send queue');
	overviewNote(
		w,
		'OTTO price reductions → Business Central credit memos',
		'Every day at 05:00 (or by hand): reads the OTTO **partial refund receipts** (PARTIAL_REFUND) created since the last successful run — OTTO books one for each price reduction once it is processed (also for other partial refunds, e.g. after a dispute) — and creates one BC **sales credit memo** per receipt, as a draft: one G/L account line with the refunded amount, on the customer of the BC sales order of the OTTO order (as *OTTO Market → BC: sales orders* creates it). External Document No. = receipt number, so a credit memo already in BC (also a posted one) is skipped and a second run creates nothing. If the order is not in BC (not imported, or fully posted: BC then removes it), the credit memo goes to *defaultCustomerNo* and the sync errors table says so.\n\nWhy receipts and not the Price Reductions list: both describe the same money (a processed reduction lists its receipt number), and only the receipts can be read by date, name the OTTO order number and carry the net amount — the Price Reductions list has no date filter, so every page of all reductions would be read every day.',
		[
			COMMON_STEPS.otto + ' Its scopes must include *Receipts* (they do by default).',
			COMMON_STEPS.bc,
			COMMON_STEPS.tables,
			'Set `externalDocumentPrefix` and `defaultCustomerNo` in **Config** to the values the order workflow uses; `bcPricesIncludeVat` decides whether the line gets the gross or the net amount.',
			`Put your G/L account for sales deductions into Config \`priceReductionAccountNo\` (default \`${PRICE_REDUCTION_ACCOUNT_NO}\`, SKR03 *Erlösschmälerungen 19 % USt*).`,
			COMMON_STEPS.config,
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note(
		'Note: read',
		[1500, 20],
		1520,
		260,
		`### Read\nOTTO partial refund receipts created since the cursor (minus the overlap); BC credit memos with their External Document Nos., then the BC sales orders of the refunds still to book, ${LOOKUP_BATCH} per request. 429 and 5xx are retried.`,
		7,
	);
	w.note(
		'Note: create',
		[3040, -180],
		1420,
		460,
		`### 👇 Create\nThe line goes to the G/L account in Config \`priceReductionAccountNo\`. Each credit memo is one POST with its line (deep insert); BC's 429 is sent again after a pause, any other failure is recorded, the run fails and keeps its cursor — the next run first looks whether BC created the credit memo after all. At most *maxOrdersPerRun* per run; the rest follow with the next run.`,
		6,
	);
	return w.build({ executionTimeout: 900 });
}
