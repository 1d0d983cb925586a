/**
 * The template "OTTO orders → BC sales orders" (workflows-templates/otto-orders-to-bc.json).
 */
import { BC_RETRY, OTTO_CREDENTIAL, BC_CREDENTIAL, WorkflowBuilder, addRetryLoop, bcListRequest, bcWriteRequest, code } from './nodes';
import { COMMON_STEPS, CFG, PLAN, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export { COMMON_SETTINGS, CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID, ORDERS_WORKFLOW_ID } from './skeleton';
import { ORDERS_WORKFLOW_ID } from './skeleton';

/** Settings the customer sub-workflow takes from its caller (else from its own Config). */
export const CUSTOMER_SETTING_NAMES = [
	'bcApiBase',
	'bcTenantId',
	'bcEnvironment',
	'bcCompanyId',
	'bcCompanyName',
	'defaultCustomerNo',
	'autoCreateCustomers',
	'customerPostingGroup',
	'genBusPostingGroup',
	'vatBusPostingGroup',
	'postingGroupEndpoint',
	'postingGroupService',
	'customerMapTableId',
] as const;

const PREPARE = String.raw`
// Turns OTTO orders into BC sales orders: one line per item (SKU or EAN → BC item), prices gross or net
// as the Config says, the shipping fee as an extra line. Orders already in BC (same External Document
// No.) are skipped; orders that cannot be mapped are reported and not sent.
const config = $('Config').first().json;
const COUNTRY = { DEU: 'DE', AUT: 'AT', CHE: 'CH', NLD: 'NL', BEL: 'BE', LUX: 'LU', FRA: 'FR', ITA: 'IT', ESP: 'ES', POL: 'PL', CZE: 'CZ', DNK: 'DK', SWE: 'SE', FIN: 'FI', IRL: 'IE', PRT: 'PT', GRC: 'GR', HUN: 'HU', SVK: 'SK', SVN: 'SI', HRV: 'HR', ROU: 'RO', BGR: 'BG', EST: 'EE', LVA: 'LV', LTU: 'LT', MLT: 'MT', CYP: 'CY', GBR: 'GB', NOR: 'NO', LIE: 'LI' };
const country = (code) => COUNTRY[String(code || '').toUpperCase()] || (String(code || '').length === 2 ? String(code).toUpperCase() : '');
const cut = (text, max) => String(text || '').trim().slice(0, max);
const round2 = (n) => Math.round(n * 100) / 100;
const norm = (s) => String(s || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ß/g, 'ss').replace(/stra?sse\b|str\.(?=\s|$)/g, 'str').replace(/[^a-z0-9]/g, '');

const stamp = (o) => Date.parse((o.orderLifecycleInformation || {}).lifecycleChangeDate || o.lastModifiedDate || o.orderDate || '') || 0;
// OTTO could not list the orders (the node continues on fail): nothing is sent, the run fails and keeps its cursor
const ottoFailure = $('Get processable orders').all().map((i) => i.json).find((o) => o && o.error && !o.orderNumber);
if (ottoFailure) {
  const text = [ottoFailure.error, ottoFailure.description].filter(Boolean).join(': ');
  return [{ json: { read: 0, skipped: 0, invalid: [], toCreate: [], deferred: 0, ottoError: { message: text.slice(0, 1000), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' } } }];
}
// a BC list that is not a list (an error answer taken as a page) must not pass as "nothing in BC"
for (const node of ['Read BC items', 'Find orders in BC']) {
  const bad = $(node).all().find((i) => !i.json || !Array.isArray(i.json.value));
  if (bad) return [{ json: { read: 0, skipped: 0, invalid: [], toCreate: [], deferred: 0, bcError: { node, message: JSON.stringify(bad.json).slice(0, 500) } } }];
}
const orders = $('Get processable orders').all().map((i) => i.json).filter((o) => o && o.orderNumber).sort((a, b) => stamp(a) - stamp(b));
const inBc = new Set($('Find orders in BC').all().flatMap((i) => (i.json && i.json.value) || []).map((o) => String(o.externalDocumentNumber || '').toUpperCase()));
const bcItems = $('Read BC items').all().flatMap((i) => (i.json && i.json.value) || []);
const bySku = new Map(bcItems.map((it) => [String(it.number).toUpperCase(), it]));
const byGtin = new Map(bcItems.filter((it) => it.gtin).map((it) => [String(it.gtin), it]));
const prefix = String(config.externalDocumentPrefix || '');
const vatRate = Number(config.defaultVatRate);
const gross = config.bcPricesIncludeVat === true || config.bcPricesIncludeVat === 'true';
const autoCreate = config.autoCreateCustomers === true || config.autoCreateCustomers === 'true';
const price = (amount) => (gross ? round2(amount) : round2(amount / (1 + vatRate / 100)));

const toCreate = [];
const invalid = [];
let skipped = 0;
const seen = new Set();
for (const order of orders) {
  const externalDocumentNumber = (prefix + order.orderNumber).toUpperCase();
  if (seen.has(externalDocumentNumber)) continue; // listed twice by OTTO's paging
  seen.add(externalDocumentNumber);
  if (inBc.has(externalDocumentNumber)) { skipped++; continue; }
  const problems = [];
  if (externalDocumentNumber.length > 35) problems.push('External Document No. "' + externalDocumentNumber + '" is longer than 35 characters (shorten "externalDocumentPrefix")');
  const lines = new Map();
  for (const item of order.positionItems || []) {
    if (item.fulfillmentStatus !== 'PROCESSABLE') continue;
    const product = item.product || {};
    const bcItem = config.itemMatch === 'ean' ? byGtin.get(String(product.ean || '')) : bySku.get(String(product.sku || '').toUpperCase());
    if (!bcItem) { problems.push((config.itemMatch === 'ean' ? 'EAN ' + (product.ean || '(none)') : 'SKU ' + product.sku) + ' is no BC item'); continue; }
    if (bcItem.blocked === true) { problems.push('BC item ' + bcItem.number + ' is blocked'); continue; }
    const amount = (item.itemValueReducedGrossPrice || item.itemValueGrossPrice || {}).amount;
    if (typeof amount !== 'number') { problems.push('position item ' + item.positionItemId + ' has no price'); continue; }
    const key = bcItem.number + '|' + amount;
    const line = lines.get(key) || { lineType: 'Item', lineObjectNumber: bcItem.number, quantity: 0, unitPrice: price(amount) };
    line.quantity += 1;
    lines.set(key, line);
  }
  if (!lines.size && !problems.length) problems.push('no processable position item');
  const salesOrderLines = [...lines.values()];
  const fee = (order.initialDeliveryFees || []).reduce((sum, f) => sum + ((f.deliveryFeeAmount || {}).amount || 0), 0);
  if (fee > 0) salesOrderLines.push({ lineType: config.shippingFeeLineType || 'Account', lineObjectNumber: String(config.shippingFeeNumber), description: 'OTTO shipping fee', quantity: 1, unitPrice: price(fee) });
  const delivery = order.deliveryAddress || {};
  const invoice = order.invoiceAddress || delivery;
  if (!country(delivery.countryCode)) problems.push('delivery country "' + delivery.countryCode + '" is unknown');
  if (autoCreate && !country(invoice.countryCode)) problems.push('invoice country "' + invoice.countryCode + '" is unknown');
  if (problems.length) { invalid.push({ reference: order.orderNumber, reason: problems.join('; ') }); continue; }
  const name = (a) => cut([a.title, a.firstName, a.lastName].filter(Boolean).join(' '), 100);
  const isCompany = invoice.salutation === 'COMPANY' && invoice.addition;
  toCreate.push({
    orderNumber: order.orderNumber,
    salesOrderId: order.salesOrderId,
    customer: {
      addressKey: [country(invoice.countryCode), invoice.zipCode, invoice.city, invoice.street, invoice.houseNumber, invoice.firstName, invoice.lastName, invoice.addition].map(norm).join('|'),
      displayName: isCompany ? cut(invoice.addition, 100) : name(invoice),
      type: isCompany ? 'Company' : 'Person',
      addressLine1: cut([invoice.street, invoice.houseNumber].filter(Boolean).join(' '), 100),
      addressLine2: isCompany ? '' : cut(invoice.addition, 50),
      city: cut(invoice.city, 30),
      postalCode: cut(invoice.zipCode, 20),
      country: country(invoice.countryCode),
      email: cut(invoice.email, 80),
    },
    body: {
      externalDocumentNumber,
      orderDate: String(order.orderDate || '').slice(0, 10),
      shipToName: name(delivery) || cut(delivery.addition, 100),
      shipToAddressLine1: cut([delivery.street, delivery.houseNumber].filter(Boolean).join(' '), 100),
      shipToAddressLine2: cut(delivery.addition, 50),
      shipToCity: cut(delivery.city, 30),
      shipToPostCode: cut(delivery.zipCode, 20),
      shipToCountry: country(delivery.countryCode),
      salesOrderLines,
    },
  });
}
const max = Math.max(Number(config.maxOrdersPerRun) || 250, 1);
const truncated = toCreate.length > max;
return [{ json: { read: seen.size, skipped, invalid, toCreate: toCreate.slice(0, max), deferred: truncated ? toCreate.length - max : 0 } }];
`;

const SPLIT = String.raw`
// One item per sales order to create, with the settings the customer workflow needs.
const config = $('Config').first().json;
const settings = {};
for (const key of ${JSON.stringify(CUSTOMER_SETTING_NAMES)}) settings[key] = config[key];
return $input.first().json.toCreate.map((o) => ({ json: { orderNumber: o.orderNumber, customer: o.customer, config: settings } }));
`;

const ATTACH = String.raw`
// Puts the customer the customer workflow chose on each sales order; orders without one are reported.
const byOrder = new Map($input.all().map((i) => [String(i.json.orderNumber), i.json]));
const out = [];
for (const order of $('Prepare sales orders').first().json.toCreate) {
  const c = byOrder.get(String(order.orderNumber));
  if (c && c.customerNumber) out.push({ json: { orderNumber: order.orderNumber, body: { ...order.body, customerNumber: c.customerNumber } } });
}
return out;
`;

const FINISH = finishRunCode(
	'Counts what happened, one sync-error row per order that did not reach BC, and the run\'s verdict.',
	String.raw`
const prepared = $('Prepare sales orders').first().json;
if (prepared.bcError) add('(BC list)', 'BC did not answer with a list; nothing was sent: ' + prepared.bcError.message, prepared.bcError.node, '');
if (prepared.ottoError) add('(order list)', 'OTTO did not list the orders: ' + prepared.ottoError.message, 'Get processable orders', '', prepared.ottoError.logref);
for (const problem of prepared.invalid) add(problem.reference, 'Not sent to BC: ' + problem.reason, 'Prepare sales orders', '');
for (const c of all('Resolve customers')) if (c.json.error) add(c.json.orderNumber, 'No BC customer: ' + c.json.error, 'Resolve customers', c.json.bcErrorCode || '');
let created = 0;
for (const result of allRuns('Check answers')) {
  if (result.json.retry) continue;
  if (result.json.answer && result.json.answer.id) { created++; continue; }
  const e = result.json.error || { message: 'no answer' };
  const ambiguous = !e.status || e.status >= 500;
  add(result.json.orderNumber, (ambiguous ? 'BC answered ' + (e.status || 'nothing') + ' — the next run checks whether BC created the sales order: ' : 'BC did not create the sales order: ') + e.message + (result.json.attempt > 1 ? ' (attempt ' + result.json.attempt + ')' : ''), 'Create sales order', e.code);
}
return finish({ read: prepared.read, created, skipped: prepared.skipped, deferred: prepared.deferred, done: 'Created ' + created + ' BC sales order(s); ' + prepared.skipped + ' already in BC', what: 'OTTO order(s) did not reach BC' });
`,
);

export function ordersWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(ORDERS_WORKFLOW_ID, 'OTTO Market → BC: sales orders');
	const cfg = CFG;
	const plan = PLAN;
	addRunHead(w, { trigger: { name: 'Every 15 minutes', rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } }, workflowKey: 'otto-orders-to-bc' });
	w.add(
		'Get processable orders',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[1540, 300],
		{
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
			// oldest first, written out: a run that stops part-way has synced the earlier orders
			filters: { fromDate: `={{ ${plan}.since }}`, fulfillmentStatus: ['PROCESSABLE'], orderDirection: 'ASC' },
		},
		{ credentials: OTTO_CREDENTIAL, alwaysOutputData: true, onError: 'continueRegularOutput' },
	);
	w.add(
		'Read BC items',
		'n8n-nodes-base.httpRequest',
		4.2,
		[1760, 300],
		bcListRequest(`={{ ${plan}.bcApi }}/items?$select=number,gtin,blocked`, `${plan}.pageSize`),
		{ credentials: BC_CREDENTIAL, executeOnce: true, ...BC_RETRY },
	);
	w.add(
		'Find orders in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[1980, 300],
		bcListRequest(
			`={{ ${plan}.bcApi }}/salesOrders?$select=number,externalDocumentNumber&$filter={{ encodeURIComponent('orderDate ge ' + ($('Get processable orders').all().map((i) => String(i.json.orderDate || '').slice(0, 10)).filter(Boolean).sort()[0] || ${plan}.startedAt.slice(0, 10))) }}`,
			`${plan}.pageSize`,
		),
		{ credentials: BC_CREDENTIAL, executeOnce: true, ...BC_RETRY },
	);
	w.add('Prepare sales orders', 'n8n-nodes-base.code', 2, [2200, 300], code(PREPARE));
	// top branch: create (runs first in execution order v1), bottom branch: finish
	w.add('Orders to create', 'n8n-nodes-base.code', 2, [2420, 160], code(SPLIT));
	w.add('Resolve customers', 'n8n-nodes-base.executeWorkflow', 1.2, [2640, 160], {
		source: 'database',
		workflowId: { __rl: true, mode: 'id', value: `={{ ${cfg}.customerWorkflowId }}` },
		mode: 'once',
		options: { waitForSubWorkflow: true },
	});
	w.add('Attach customers', 'n8n-nodes-base.code', 2, [2860, 160], code(ATTACH));
	addRetryLoop(
		w,
		{ queue: 'Send queue', request: 'Create sales order', check: 'Check answers', throttled: 'Throttled by BC?', wait: 'Wait before retry' },
		[3080, 160],
		{ parameters: bcWriteRequest('POST', `={{ ${plan}.bcApi }}/salesOrders`, '={{ JSON.stringify($json.body) }}') },
	);
	w.add('Finish run', 'n8n-nodes-base.code', 2, [2420, 480], FINISH);
	addRunTail(w, [2420, 480]);

	w.chain('Claim run', 'Get processable orders', 'Read BC items', 'Find orders in BC', 'Prepare sales orders');
	w.connect('Prepare sales orders', 'Orders to create');
	w.connect('Prepare sales orders', 'Finish run');
	w.chain('Orders to create', 'Resolve customers', 'Attach customers', 'Send queue');
	overviewNote(
		w,
		'OTTO orders → Business Central sales orders',
		'Every 15 minutes (or by hand): reads the **PROCESSABLE** OTTO orders changed since the last successful run and creates one BC **sales order** per order, all lines in one request. Orders already in BC (External Document No. = OTTO order number) are skipped, so a second run creates nothing. More than *maxOrdersPerRun* new orders: the rest follow with the next run.',
		[
			COMMON_STEPS.otto,
			COMMON_STEPS.bc,
			'Create the Data Tables `otto_sync_state`, `otto_sync_log`, `otto_sync_errors` (and `otto_customer_map` for *Auto Create Customers*) with the columns listed in the README, and paste their ids into **Config**.',
			'Import the workflow **OTTO Market → BC: customers** and put its id into Config `customerWorkflowId` (n8n 2.x: publish it).',
			COMMON_STEPS.config,
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note('Note: read', [1500, 140], 680, 300, '### Read\nOTTO orders changed since the cursor (minus the overlap); all BC items (SKU/EAN → item no.) and BC sales orders of those days, following `@odata.nextLink`. 429 and 5xx are retried.', 7);
	w.note('Note: create', [2400, -20], 860, 340, '### Create\nCustomers come from the workflow **OTTO Market → BC: customers** (default customer, or found/created by invoice address). Each sales order is one POST with its lines (deep insert). A failed order is recorded, the others go on.', 7);
	return w.build({ executionTimeout: 900 });
}
