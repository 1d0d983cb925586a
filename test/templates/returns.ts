/**
 * The template "OTTO Market ↔ BC: returns" (workflows-templates/otto-returns-bc.json): every return a customer
 * announces at OTTO becomes a line of a BC sales return order (once), and what the warehouse does with it in BC
 * goes back to OTTO: a received line → Return Accept, a line with the "reject" Return Reason Code → Return
 * Reject with the configured OTTO rejection reason, all decisions of a run in as few requests as OTTO allows.
 *
 * BC API v2.0 cannot do this on its own: `salesReturnOrders` is read-only and no API v2.0 entity shows what was
 * received. The template therefore uses the API page of a BC extension (Config `returnOrderApi`,
 * `returnOrderEntitySet`): return orders with their lines inline (deep insert on POST, `$expand` on GET), the
 * line's Return Reason Code and Return Qty. Received, and two fields the extension adds to the line — the OTTO
 * position item and sales order ids, by which a return is found in BC again.
 *
 * "Once": a return with a line in BC (same position item id) is never created again; returns announced before
 * the cursor (minus the overlap) are not created either, so a return order BC has posted and removed meanwhile
 * does not come back. A decision is sent only for returns OTTO still lists as ANNOUNCED, so a second run sends
 * nothing; after an ambiguous answer the Otto Market node itself asks OTTO what became of the items.
 */
import { addRetryLoop, BATCHES_JS, BC_CREDENTIAL, BC_RETRY, bcListRequest, bcWriteRequest, code, LOOKUP_BATCH, LOOKUP_FAILURE_JS, OTTO_CREDENTIAL, WorkflowBuilder } from './nodes';
import { CFG, COMMON_STEPS, PLAN, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export const RETURNS_WORKFLOW_ID = 'ottoBcReturns0001';
export const RETURNS_WORKFLOW_KEY = 'otto-returns-bc';
/** Defaults of this template's own Config settings. */
export const RETURN_SETTINGS = {
	returnOrderApi: 'mySeller/ottoMarket/v1.0',
	returnOrderEntitySet: 'ottoReturnOrders',
	returnRejectReasonCode: 'REJECT',
	ottoRejectionReason: 'ITEM_DAMAGED',
	returnAcceptCondition: '',
};
/** The lines' entity set of the extension's return order page (its name is part of the extension). */
export const RETURN_ORDER_LINES = 'ottoReturnOrderLines';

/** OTTO's rejection reasons (Returns v3) and return conditions, as the Otto Market node offers them. */
const REJECTION_REASONS = ['DAMAGE_TO_THE_HYGIENE_SEAL', 'EXCHANGE', 'ITEM_DAMAGED', 'ITEM_NOT_IN_THE_PARCEL', 'RETURN_PERIOD_EXCEEDED', 'THIRD_PARTY_ITEM', 'WRONG_ITEM'];
const CONDITIONS = ['A', 'B', 'C', 'D', 'E'];

const PREPARE_LOOKUPS = String.raw`
// Every return OTTO lists as ANNOUNCED (waiting for the seller's decision). Their BC return orders are looked
// up by External Document No. = externalDocumentPrefix + OTTO order number (as the order workflow names the
// sales order), ${LOOKUP_BATCH} per request, with their lines.
const config = $('Config').first().json;
const run = $('Plan run').first().json;
${BATCHES_JS}
const REJECTION_REASONS = ${JSON.stringify(REJECTION_REASONS)};
const CONDITIONS = ${JSON.stringify(CONDITIONS)};
const empty = { read: 0, announced: [], batches: [], returnOrderUrl: '' };
// Config values that would make BC or OTTO refuse every request: the run records them and changes nothing
const problems = [];
const api = String(config.returnOrderApi || '').trim().replace(/^\/+|\/+$/g, '');
if (!/^[A-Za-z][A-Za-z0-9_]*\/[A-Za-z][A-Za-z0-9_]*\/v\d+\.\d+$/.test(api)) problems.push('"returnOrderApi" must be <publisher>/<group>/<version> of the BC extension\'s API, e.g. mySeller/ottoMarket/v1.0 (it is "' + api + '")');
const entitySet = String(config.returnOrderEntitySet || '').trim();
if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(entitySet)) problems.push('"returnOrderEntitySet" must be the entity set name of the extension\'s return order page, e.g. ottoReturnOrders (it is "' + entitySet + '")');
if (String(config.returnRejectReasonCode || '').trim().length > 10) problems.push('"returnRejectReasonCode" is a BC Return Reason Code: at most 10 characters');
if (!REJECTION_REASONS.includes(String(config.ottoRejectionReason || '').trim())) problems.push('"ottoRejectionReason" must be one of ' + REJECTION_REASONS.join(', ') + ' (it is "' + String(config.ottoRejectionReason || '') + '")');
const condition = String(config.returnAcceptCondition || '').trim().toUpperCase();
if (condition && !CONDITIONS.includes(condition)) problems.push('"returnAcceptCondition" must be empty or one of ' + CONDITIONS.join(', ') + ' (it is "' + condition + '")');
if (problems.length) return [{ json: { ...empty, configError: 'Config: ' + problems.join('; ') + '. Nothing was read or sent.' } }];

const listed = $('Get announced returns').all().map((i) => i.json);
// OTTO could not list the returns (the node continues on fail): nothing is created or decided, the run fails
const failure = listed.find((r) => r && r.error && !r.positionItemId);
if (failure) {
  const text = [failure.error, failure.description].filter(Boolean).join(': ');
  return [{ json: { ...empty, ottoError: { message: text.slice(0, 1000), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' } } }];
}
const prefix = String(config.externalDocumentPrefix || '');
const seen = new Set();
const announced = [];
for (const r of listed) {
  if (!r || !r.positionItemId || seen.has(String(r.positionItemId))) continue; // listed twice by OTTO's paging
  if (r.status && r.status !== 'ANNOUNCED') continue;
  seen.add(String(r.positionItemId));
  const orderNumber = String((r.details || {}).orderNumber || '');
  announced.push({
    positionItemId: String(r.positionItemId),
    salesOrderId: String(r.salesOrderId || ''),
    orderNumber,
    occurredTime: String(r.occurredTime || ''),
    externalDocumentNumber: orderNumber ? (prefix + orderNumber).toUpperCase() : '',
  });
}
announced.sort((a, b) => Date.parse(a.occurredTime) - Date.parse(b.occurredTime) || (a.positionItemId < b.positionItemId ? -1 : 1));
const documents = [...new Set(announced.map((r) => r.externalDocumentNumber).filter(Boolean))];
return [{ json: {
  read: announced.length,
  announced,
  batches: batchesOf('externalDocumentNumber', documents),
  returnOrderUrl: run.bcRoot + '/api/' + api + '/companies(' + config.bcCompanyId + ')/' + entitySet,
} }];
`;

const PLAN_RETURNS = String.raw`
// Each announced return, by its position item, against the BC return order lines:
//  - a line with the Return Reason Code "returnRejectReasonCode" → Return Reject at OTTO
//  - a line received in full (Return Qty. Received ≥ Quantity) → Return Accept at OTTO
//  - a line not received yet → waits
//  - no line, announced since this run's window began (cursor minus overlap) → a new BC return order line
//  - no line, announced before → left alone: an earlier run created it, and BC has posted or someone deleted it
const config = $('Config').first().json;
const run = $('Plan run').first().json;
const prepared = $('Prepare lookups').first().json;
${LOOKUP_FAILURE_JS}
const nothing = { waiting: 0, notInBc: 0, accept: [], reject: [], toCreate: [], orderIds: [] };
// an answer that is no list (BC failed): nothing is created or decided — a return order might exist already
const failed = lookupFailure('Find return orders in BC');
if (failed) return [{ json: { ...nothing, lookupError: failed } }];
const rejectCode = String(config.returnRejectReasonCode || '').trim().toUpperCase();
const lines = new Map();
for (const page of $('Find return orders in BC').all()) {
  for (const order of (page.json && page.json.value) || []) {
    for (const line of order.${RETURN_ORDER_LINES} || []) {
      const id = String(line.ottoPositionItemId || '');
      if (id && !lines.has(id)) lines.set(id, { line, returnOrderNumber: String(order.number || '') });
    }
  }
}
const since = Date.parse(run.since);
const accept = [];
const reject = [];
const toCreate = [];
let waiting = 0;
let notInBc = 0;
for (const r of prepared.announced) {
  const found = lines.get(r.positionItemId);
  if (found) {
    // "pending" marks the item as sent; an answer of the Otto Market node never carries it
    const decision = { salesOrderId: r.salesOrderId, positionItemId: r.positionItemId, orderNumber: r.orderNumber, returnOrderNumber: found.returnOrderNumber, pending: true };
    const quantity = Number(found.line.quantity) || 0;
    if (rejectCode && String(found.line.returnReasonCode || '').toUpperCase() === rejectCode) reject.push(decision);
    else if (quantity > 0 && Number(found.line.returnQtyReceived) >= quantity) accept.push(decision);
    else waiting++;
    continue;
  }
  if (!(Date.parse(r.occurredTime) >= since)) { notInBc++; continue; }
  toCreate.push(r);
}
return [{ json: { waiting, notInBc, accept, reject, toCreate, orderIds: [...new Set(toCreate.map((r) => r.salesOrderId))] } }];
`;

const PLAN_LOOKUPS = String.raw`
// The OTTO orders of the new returns (one answer per order asked, in that order) give each returned position
// item its SKU, EAN and price. Then BC is asked, ${LOOKUP_BATCH} per request, for the posted sales shipments of
// those orders (their customer is the return order's customer) and for the items (by number or GTIN, as
// "itemMatch" says).
const config = $('Config').first().json;
const plan = $('Plan returns').first().json;
${BATCHES_JS}
const prefix = String(config.externalDocumentPrefix || '');
const byEan = config.itemMatch === 'ean';
const asked = $('Orders to read').all().map((i) => i.json.salesOrderId);
const answers = $('Get OTTO orders').all().map((i) => i.json || {});
const orders = new Map();
const orderErrors = [];
asked.forEach((salesOrderId, index) => {
  const answer = answers[index] || { error: 'the Otto Market node gave no answer for it' };
  if (answer.salesOrderId && !answer.error) { orders.set(salesOrderId, answer); return; }
  const text = [answer.error, answer.description].filter(Boolean).join(': ') || 'no order in the answer';
  const returns = plan.toCreate.filter((r) => r.salesOrderId === salesOrderId);
  orderErrors.push({ reference: (returns[0] && returns[0].orderNumber) || salesOrderId, returns: returns.length, message: text.slice(0, 800), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' });
});
const returns = [];
const invalid = [];
for (const r of plan.toCreate) {
  const order = orders.get(r.salesOrderId);
  if (!order) continue; // reported per order
  const item = (order.positionItems || []).find((p) => p.positionItemId === r.positionItemId);
  if (!item) { invalid.push({ reference: r.positionItemId, reason: 'OTTO order ' + order.orderNumber + ' has no position item ' + r.positionItemId }); continue; }
  const product = item.product || {};
  const amount = (item.itemValueReducedGrossPrice || item.itemValueGrossPrice || {}).amount;
  returns.push({
    ...r,
    orderNumber: String(order.orderNumber),
    externalDocumentNumber: (prefix + order.orderNumber).toUpperCase(),
    sku: String(product.sku || ''),
    ean: String(product.ean || ''),
    amount: typeof amount === 'number' ? amount : null,
  });
}
const keys = [...new Set(returns.map((r) => (byEan ? r.ean : r.sku.toUpperCase())).filter(Boolean))];
return [{ json: {
  returns,
  invalid,
  orderErrors,
  shipmentBatches: batchesOf('externalDocumentNumber', [...new Set(returns.map((r) => r.externalDocumentNumber))]),
  itemBatches: batchesOf(byEan ? 'gtin' : 'number', keys),
} }];
`;

const PLAN_RETURN_ORDERS = String.raw`
// One BC sales return order per OTTO order and run, one line per returned position item (quantity 1, OTTO's
// price gross or net as "bcPricesIncludeVat" says), each line carrying the OTTO position item and sales order
// ids. The customer is the one of the order's posted BC sales shipment; without one (the order was not shipped
// through BC) "defaultCustomerNo", and the run says so in the sync errors table.
const config = $('Config').first().json;
const lookups = $('Plan lookups').first().json;
${LOOKUP_FAILURE_JS}
for (const node of ['Find shipments in BC', 'Find items in BC']) {
  const failed = lookupFailure(node);
  if (failed) return [{ json: { invalid: [], toCreate: [], deferred: 0, lookupError: failed } }];
}
const round2 = (n) => Math.round(n * 100) / 100;
const byEan = config.itemMatch === 'ean';
const vatRate = Number(config.defaultVatRate);
const gross = config.bcPricesIncludeVat === true || config.bcPricesIncludeVat === 'true';
const price = (amount) => (gross ? round2(amount) : round2(amount / (1 + vatRate / 100)));
const customers = new Map();
for (const page of $('Find shipments in BC').all()) {
  for (const s of (page.json && page.json.value) || []) {
    const key = String(s.externalDocumentNumber || '').toUpperCase();
    if (s.customerNumber && !customers.has(key)) customers.set(key, String(s.customerNumber));
  }
}
const items = new Map();
for (const page of $('Find items in BC').all()) {
  for (const it of (page.json && page.json.value) || []) {
    const key = byEan ? String(it.gtin || '') : String(it.number || '').toUpperCase();
    if (key && !items.has(key)) items.set(key, it);
  }
}
const defaultCustomer = String(config.defaultCustomerNo || '').trim();
const groups = new Map();
const invalid = [];
for (const r of lookups.returns) {
  const problems = [];
  const bcItem = items.get(byEan ? r.ean : r.sku.toUpperCase());
  if (!bcItem) problems.push((byEan ? 'EAN ' + (r.ean || '(none)') : 'SKU ' + r.sku) + ' is no BC item');
  else if (bcItem.blocked === true) problems.push('BC item ' + bcItem.number + ' is blocked');
  if (r.amount === null) problems.push('the position item has no price');
  if (r.externalDocumentNumber.length > 35) problems.push('External Document No. "' + r.externalDocumentNumber + '" is longer than 35 characters (shorten "externalDocumentPrefix")');
  const customerNumber = customers.get(r.externalDocumentNumber) || defaultCustomer;
  if (!customerNumber) problems.push('no posted BC sales shipment with External Document No. ' + r.externalDocumentNumber + ' and Config "defaultCustomerNo" is empty');
  if (problems.length) { invalid.push({ reference: r.positionItemId, reason: 'return of OTTO order ' + r.orderNumber + ': ' + problems.join('; ') }); continue; }
  const group = groups.get(r.salesOrderId) || {
    orderNumber: r.orderNumber,
    salesOrderId: r.salesOrderId,
    externalDocumentNumber: r.externalDocumentNumber,
    customerNumber,
    onDefaultCustomer: !customers.has(r.externalDocumentNumber),
    positionItemIds: [],
    body: { externalDocumentNumber: r.externalDocumentNumber, customerNumber, documentDate: r.occurredTime.slice(0, 10), ${RETURN_ORDER_LINES}: [] },
  };
  group.positionItemIds.push(r.positionItemId);
  group.body.${RETURN_ORDER_LINES}.push({ lineType: 'Item', lineObjectNumber: bcItem.number, quantity: 1, unitPrice: price(r.amount), ottoPositionItemId: r.positionItemId, ottoSalesOrderId: r.salesOrderId });
  groups.set(r.salesOrderId, group);
}
const toCreate = [...groups.values()];
const max = Math.max(Number(config.maxOrdersPerRun) || 250, 1);
return [{ json: { invalid, toCreate: toCreate.slice(0, max), deferred: Math.max(toCreate.length - max, 0) } }];
`;

const FINISH = finishRunCode(
	"Counts what happened, one sync-error row per return that did not reach BC or whose decision OTTO did not take, and the run's verdict.",
	String.raw`
const prepared = $('Prepare lookups').first().json;
const plan = (all('Plan returns')[0] || { json: { waiting: 0, notInBc: 0, accept: [], reject: [], toCreate: [] } }).json;
const lookups = (all('Plan lookups')[0] || { json: { invalid: [], orderErrors: [] } }).json;
const orders = (all('Plan return orders')[0] || { json: { invalid: [], toCreate: [], deferred: 0 } }).json;
const logrefOf = (text) => (String(text).match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '';
if (prepared.configError) add('(Config)', prepared.configError, 'Prepare lookups', '');
if (prepared.ottoError) add('(return list)', 'OTTO did not list the announced returns; nothing was created or decided: ' + prepared.ottoError.message, 'Get announced returns', '', prepared.ottoError.logref);
for (const failure of [plan.lookupError, orders.lookupError].filter(Boolean)) {
  add('(BC lookup)', 'BC did not answer ' + failure.node + ' with a list, so nothing was created or decided: ' + failure.message, failure.node, failure.code);
}
for (const e of lookups.orderErrors) add(e.reference, 'OTTO did not deliver the order, so its ' + e.returns + ' return(s) did not reach BC (the next run tries again): ' + e.message, 'Get OTTO orders', '', e.logref);
for (const problem of lookups.invalid) add(problem.reference, 'Not sent to BC: ' + problem.reason, 'Plan lookups', '');
for (const problem of orders.invalid) add(problem.reference, 'Not sent to BC: ' + problem.reason, 'Plan return orders', '');
let created = 0;
let lines = 0;
const onDefault = [];
for (const result of allRuns('Check answers')) {
  if (result.json.retry) continue;
  if (result.json.answer && result.json.answer.id) {
    created++;
    lines += result.json.positionItemIds.length;
    if (result.json.onDefaultCustomer) onDefault.push({ ...result.json, returnOrderNumber: result.json.answer.number || '' });
    continue;
  }
  const e = result.json.error || { message: 'no answer' };
  const ambiguous = !e.status || e.status >= 500;
  add(result.json.orderNumber, (ambiguous ? 'BC answered ' + (e.status || 'nothing') + ' — the next run checks whether BC created the return order: ' : 'BC did not create the return order for ' + result.json.positionItemIds.length + ' return(s) (' + result.json.positionItemIds.join(', ') + '): ') + e.message + (result.json.attempt > 1 ? ' (attempt ' + result.json.attempt + ')' : ''), 'Create return order', e.code);
}
// Decisions: the Otto Market node answers position item by position item, in the order they were sent.
const decided = { accept: 0, reject: 0 };
for (const [kind, queue, node, verb] of [['accept', 'Acceptances', 'Accept returns at OTTO', 'accept'], ['reject', 'Rejections', 'Reject returns at OTTO', 'reject']]) {
  const sent = all(queue).map((i) => i.json);
  const answers = all(node).map((i) => i.json || {});
  sent.forEach((d, index) => {
    let answer = answers[index] || { error: 'the Otto Market node gave no answer for it' };
    if (answer.pending) answer = { error: 'the Otto Market node failed as a whole (its error is in this execution); the next run sends it again if OTTO still lists the return as announced' };
    if (!answer.error) { decided[kind]++; return; }
    const text = String(answer.error) + (answer.description ? ' — ' + String(answer.description).replace(/\n+/g, ' ') : '');
    add(d.positionItemId, 'OTTO did not ' + verb + ' the return (order ' + d.orderNumber + ', BC return order ' + d.returnOrderNumber + '): ' + text, node, '', logrefOf(text));
  });
}
// Return orders booked on the default customer are recorded once (the next run finds them), without failing the run.
const notices = onDefault.map((m) => ({
  workflow: config.workflowKey, executionId, occurredAt: now, reference: m.orderNumber,
  reason: ('return order ' + m.returnOrderNumber + ' (External Document No. ' + m.externalDocumentNumber + ') was created on the default customer ' + m.customerNumber + ': no posted BC sales shipment with that External Document No. Change the customer in BC if needed.').slice(0, 1000),
  logref: '', bcErrorCode: '', node: 'Plan return orders',
}));
const result = finish({
  read: prepared.read,
  created,
  skipped: plan.waiting,
  deferred: orders.deferred,
  done: 'Created ' + created + ' BC return order(s) with ' + lines + ' line(s); accepted ' + decided.accept + ' and rejected ' + decided.reject + ' return(s) at OTTO; ' + plan.waiting + ' waiting in BC' +
    (plan.notInBc ? '; ' + plan.notInBc + ' announced before this sync window and not in BC (decide them at OTTO by hand)' : '') +
    (onDefault.length ? '; ' + onDefault.length + ' on the default customer (see the sync errors table)' : ''),
  what: 'OTTO return(s) not processed',
});
result[0].json.errors = result[0].json.errors.concat(notices);
return result;
`,
);

export function returnsWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(RETURNS_WORKFLOW_ID, 'OTTO Market ↔ BC: returns');
	const prepared = "$('Prepare lookups').first().json";
	addRunHead(w, {
		trigger: { name: 'Every hour', rule: { interval: [{ field: 'hours', hoursInterval: 1, triggerAtMinute: 20 }] } },
		workflowKey: RETURNS_WORKFLOW_KEY,
		extraSettings: Object.entries(RETURN_SETTINGS).map(([name, value]) => ({ name, value })),
		requiredSettings: ['returnOrderApi', 'returnOrderEntitySet', 'returnRejectReasonCode', 'ottoRejectionReason'],
	});
	w.add(
		'Get announced returns',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[1540, 300],
		{ resource: 'return', operation: 'getAll', status: 'ANNOUNCED', returnAll: true },
		{ credentials: OTTO_CREDENTIAL, alwaysOutputData: true, onError: 'continueRegularOutput' },
	);
	w.add('Prepare lookups', 'n8n-nodes-base.code', 2, [1760, 300], code(PREPARE_LOOKUPS));
	// top branch: look up, create, decide (runs first in execution order v1); bottom branch: finish
	w.add('Return order lookups', 'n8n-nodes-base.code', 2, [1980, 140], code('return $input.first().json.batches.map((filter) => ({ json: { filter } }));'));
	w.add(
		'Find return orders in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[2200, 140],
		bcListRequest(
			`={{ ${prepared}.returnOrderUrl }}?$select=id,number,externalDocumentNumber,customerNumber&$filter={{ encodeURIComponent($json.filter) }}&$expand=${RETURN_ORDER_LINES}($select=sequence,lineObjectNumber,quantity,returnQtyReceived,returnReasonCode,ottoPositionItemId)`,
			`${PLAN}.pageSize`,
		),
		{ credentials: BC_CREDENTIAL, ...BC_RETRY },
	);
	w.add('Plan returns', 'n8n-nodes-base.code', 2, [2420, 140], code(PLAN_RETURNS));
	// create: OTTO orders → BC shipments (customer) and items → return orders
	w.add('Orders to read', 'n8n-nodes-base.code', 2, [2640, -120], code('return $input.first().json.orderIds.map((salesOrderId) => ({ json: { salesOrderId } }));'));
	w.add(
		'Get OTTO orders',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[2860, -120],
		{ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'id', value: '={{ $json.salesOrderId }}' }, simplify: false },
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('Plan lookups', 'n8n-nodes-base.code', 2, [3080, -120], code(PLAN_LOOKUPS));
	w.add('Shipment lookups', 'n8n-nodes-base.code', 2, [3300, -120], code('return $input.first().json.shipmentBatches.map((filter) => ({ json: { filter } }));'));
	w.add(
		'Find shipments in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[3520, -120],
		bcListRequest(
			`={{ ${PLAN}.bcApi }}/salesShipments?$select=number,externalDocumentNumber,customerNumber&$filter={{ encodeURIComponent($json.filter) }}`,
			`${PLAN}.pageSize`,
		),
		{ credentials: BC_CREDENTIAL, ...BC_RETRY },
	);
	w.add('Item lookups', 'n8n-nodes-base.code', 2, [3740, -120], code("return $('Plan lookups').first().json.itemBatches.map((filter) => ({ json: { filter } }));"));
	w.add(
		'Find items in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[3960, -120],
		bcListRequest(
			`={{ ${PLAN}.bcApi }}/items?$select=number,gtin,blocked&$filter={{ encodeURIComponent($json.filter) }}`,
			`${PLAN}.pageSize`,
		),
		{ credentials: BC_CREDENTIAL, ...BC_RETRY },
	);
	w.add('Plan return orders', 'n8n-nodes-base.code', 2, [4180, -120], code(PLAN_RETURN_ORDERS));
	w.add('Return orders to create', 'n8n-nodes-base.code', 2, [4400, -120], code('return $input.first().json.toCreate.map((r) => ({ json: r }));'));
	addRetryLoop(
		w,
		{ queue: 'Send queue', request: 'Create return order', check: 'Check answers', throttled: 'Throttled by BC?', wait: 'Wait before retry' },
		[4620, -120],
		{ parameters: bcWriteRequest('POST', `={{ ${prepared}.returnOrderUrl }}`, '={{ JSON.stringify($json.body) }}') },
	);
	// decide: one Otto Market node each, all position items combined (up to 200 per request)
	w.add('Acceptances', 'n8n-nodes-base.code', 2, [2640, 140], code('return $input.first().json.accept.map((d) => ({ json: d }));'));
	w.add(
		'Accept returns at OTTO',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[2860, 140],
		{
			resource: 'return',
			operation: 'accept',
			inputMode: 'combine',
			salesOrderId: '={{ $json.salesOrderId }}',
			positionItemIds: '={{ $json.positionItemId }}',
			additionalFields: { condition: `={{ String(${CFG}.returnAcceptCondition || '').trim().toUpperCase() }}`, acceptanceReason: 'RETURN_RECEIVED' },
		},
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('Rejections', 'n8n-nodes-base.code', 2, [2640, 340], code('return $input.first().json.reject.map((d) => ({ json: d }));'));
	w.add(
		'Reject returns at OTTO',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[2860, 340],
		{
			resource: 'return',
			operation: 'reject',
			inputMode: 'combine',
			salesOrderId: '={{ $json.salesOrderId }}',
			positionItemIds: '={{ $json.positionItemId }}',
			rejectionReason: `={{ String(${CFG}.ottoRejectionReason || '').trim() }}`,
			additionalFields: {},
		},
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('Finish run', 'n8n-nodes-base.code', 2, [1980, 700], FINISH);
	addRunTail(w, [1980, 700]);

	w.chain('Claim run', 'Get announced returns', 'Prepare lookups');
	w.connect('Prepare lookups', 'Return order lookups');
	w.connect('Prepare lookups', 'Finish run');
	w.chain('Return order lookups', 'Find return orders in BC', 'Plan returns');
	w.connect('Plan returns', 'Orders to read');
	w.connect('Plan returns', 'Acceptances');
	w.connect('Plan returns', 'Rejections');
	w.chain('Orders to read', 'Get OTTO orders', 'Plan lookups', 'Shipment lookups', 'Find shipments in BC', 'Item lookups', 'Find items in BC', 'Plan return orders', 'Return orders to create', 'Send queue');
	w.chain('Acceptances', 'Accept returns at OTTO');
	w.chain('Rejections', 'Reject returns at OTTO');
	overviewNote(
		w,
		'OTTO returns ↔ Business Central return orders',
		"Every hour (or by hand): reads every OTTO return that is **ANNOUNCED** (waiting for your decision).\n\n" +
			'**→ BC:** a return announced since the last successful run becomes a line of a BC **sales return order** — one return order per OTTO order and run, one line per returned position item (quantity 1, the item by SKU or EAN as *itemMatch* says, OTTO\'s price). External Document No. = *externalDocumentPrefix* + OTTO order number (as the order workflow names the sales order); the customer is the one of the order\'s posted sales shipment, else *defaultCustomerNo*. Each line keeps the OTTO position item id, so a return is created once.\n\n' +
			'**← BC:** for returns OTTO still lists as announced: a line whose **Return Reason Code** is *returnRejectReasonCode* → **Reject** at OTTO with *ottoRejectionReason*; a line **received in full** (warehouse: Post → Receive) → **Accept** at OTTO (reason *Return received*, condition *returnAcceptCondition* if set). All decisions of a run go in as few requests as OTTO allows (200 position items each). Accepting makes OTTO refund the customer.\n\n' +
			'**Needs a BC extension:** API v2.0 cannot create return orders (`salesReturnOrders` is read-only) and shows nothing received. See the note *BC extension*.',
		[
			COMMON_STEPS.otto + ' Its scopes must include *Returns* and *Orders* (they do by default).',
			COMMON_STEPS.bc,
			COMMON_STEPS.tables,
			'Install the BC extension with the return order API page (note *BC extension*) and put its `<publisher>/<group>/<version>` into Config `returnOrderApi` (entity set: `returnOrderEntitySet`).',
			'Create a BC **Return Reason** for "reject" (e.g. `REJECT`) and put its code into Config `returnRejectReasonCode`; choose `ottoRejectionReason` (one of OTTO\'s rejection reasons) and, if you like, `returnAcceptCondition` (A–E).',
			'Set `externalDocumentPrefix`, `itemMatch`, `defaultCustomerNo` and `bcPricesIncludeVat` in **Config** to the values the order workflow uses.',
			COMMON_STEPS.config,
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note(
		'Note: BC extension',
		[680, -420],
		720,
		360,
		'### BC extension\nAn API page on the Sales Header (Document Type = Return Order), `…/api/<publisher>/<group>/<version>/companies(<id>)/ottoReturnOrders`, fields `id`, `number`, `externalDocumentNumber`, `customerNumber`, `documentDate`; GET with `$filter`/`$expand`, POST with the lines inline. Its part `ottoReturnOrderLines` on the Sales Line: `sequence`, `lineType`, `lineObjectNumber`, `quantity`, `unitPrice`, `returnReasonCode`, `returnQtyReceived` (read-only) and two fields of a table extension, `ottoPositionItemId` and `ottoSalesOrderId` (Text[50]).\n\nKeep a return order in BC until its lines are decided at OTTO: a return order posted and removed before that is not read again (the sync log then counts the return as "not in BC").',
		5,
	);
	w.note(
		'Note: read',
		[1500, -20],
		1080,
		420,
		`### Read\nOTTO's announced returns (all pages), then the BC return orders of their OTTO orders with their lines, ${LOOKUP_BATCH} orders per request. 429 and 5xx are retried.`,
		7,
	);
	w.note(
		'Note: create',
		[2600, -420],
		2660,
		460,
		`### Create\nThe OTTO orders of the new returns (SKU, EAN, price), the BC posted sales shipments of those orders (customer) and the BC items, ${LOOKUP_BATCH} per request; then one POST per return order with its lines (deep insert). BC's 429 is sent again after a pause; any other failure is recorded, the run fails and keeps its cursor — the next run first looks whether BC created the return order after all. At most *maxOrdersPerRun* return orders per run; the rest follow with the next run.`,
		7,
	);
	w.note(
		'Note: decide',
		[2600, 60],
		520,
		420,
		'### 👇 Decide\nReceived lines → Accept, lines with the reject reason code → Reject, in as few requests as OTTO allows. A failure is recorded and the run fails; since a decided return is no longer announced at OTTO, nothing is sent twice — after an unclear answer the node asks OTTO what became of the items.',
		6,
	);
	return w.build({ executionTimeout: 900 });
}
