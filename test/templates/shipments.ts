/**
 * The template "OTTO Market ← BC: shipments" (workflows-templates/otto-shipments-from-bc.json): every posted BC
 * sales shipment of an OTTO order becomes an OTTO shipment, with the parcel's tracking number and the return
 * tracking number of the return label in it, so OTTO tells the customer and books the items as SENT.
 *
 * BC API v2.0 `salesShipments` has the documents and their lines but no tracking data (Microsoft's API page
 * leaves out Package Tracking No. and Shipping Agent Code), and BC has no return tracking number at all. The
 * tracking data is therefore read from a configurable BC endpoint: by default the API page of a seller's
 * extension, or page 130 "Posted Sales Shipment" published as an OData V4 web service with a page extension for
 * the return tracking number (Config `trackingEndpoint` and the four field names).
 *
 * "Never twice": an OTTO position item is shipped only while OTTO lists it as PROCESSABLE; items OTTO already
 * shows as SENT under this tracking number count as done. So a second run sends nothing, and after an ambiguous
 * answer the Otto Market node itself asks OTTO whether it created the shipment.
 */
import { BATCHES_JS, BC_CREDENTIAL, BC_RETRY, bcListRequest, code, LOOKUP_BATCH, LOOKUP_FAILURE_JS, OTTO_CREDENTIAL, WorkflowBuilder } from './nodes';
import { CFG, COMMON_STEPS, PLAN, addRunHead, addRunTail, finishRunCode, overviewNote } from './skeleton';

export const SHIPMENTS_WORKFLOW_ID = 'ottoBcShipments01';
export const SHIPMENTS_WORKFLOW_KEY = 'bc-shipments-to-otto';
/** Defaults of this template's own Config settings (the extension API page; see the README for the OData page). */
export const SHIPMENT_SETTINGS = {
	trackingEndpoint: 'api/mySeller/ottoMarket/v1.0/companies({companyId})/shipmentTracking',
	trackingKeyField: 'number',
	trackingNumberField: 'packageTrackingNo',
	shippingAgentField: 'shippingAgentCode',
	returnTrackingNumberField: 'returnTrackingNo',
	trackingWaitHours: 24,
	carrierMap: '',
};
/** The same settings for page 130 published as OData V4 web service "PostedSalesShipment". */
export const SHIPMENT_ODATA_SETTINGS = {
	trackingEndpoint: "ODataV4/Company('{companyName}')/PostedSalesShipment",
	trackingKeyField: 'No',
	trackingNumberField: 'Package_Tracking_No',
	shippingAgentField: 'Shipping_Agent_Code',
	returnTrackingNumberField: 'Return_Tracking_No',
};

/** OTTO's carriers (Shipments v1 trackingKey.carrier) and return carriers. */
const CARRIERS = [
	'BTW', 'BURSPED', 'CARGOLINE', 'DACHSER', 'DB_SCHENKER', 'DHL', 'DHL_EXPRESS', 'DHL_FREIGHT', 'DHL_HOME_DELIVERY', 'DPD', 'DSV', 'EMONS', 'EPH_DIREKT',
	'GEIS', 'GEL', 'GLS', 'GUETTLER', 'HELLMANN', 'HERMES', 'HES', 'HEUEL', 'IDS', 'KOCH', 'KUEHNE_NAGEL', 'LOGWIN', 'MEYER_JUMBO', 'OTHER_FORWARDER',
	'RABEN_LOGISTIK', 'REIMER', 'REITHMEIER', 'RHENUS', 'SCHMIDT_GEVELSBERG', 'SCHOCKEMOEHLE', 'UPS', 'ZUFALL',
];
const RETURN_CARRIERS = ['DHL', 'GLS', 'HERMES'];
/** Carriers whose parcels need a tracking number (forwarders may go without). */
const PARCEL_CARRIERS = ['DHL', 'DHL_EXPRESS', 'GLS', 'HERMES', 'DPD', 'UPS'];

const PREPARE_TRACKING = String.raw`
// The posted BC sales shipments changed since the cursor (minus the overlap) that belong to OTTO orders:
// External Document No. = externalDocumentPrefix + OTTO order number (10 letters or digits), as the order
// workflow names the sales order. Their tracking data is looked up next, ${LOOKUP_BATCH} shipments per request.
const config = $('Config').first().json;
const run = $('Plan run').first().json;
${BATCHES_JS}
${LOOKUP_FAILURE_JS}
const CARRIERS = ${JSON.stringify(CARRIERS)};
const RETURN_CARRIERS = ${JSON.stringify(RETURN_CARRIERS)};
const empty = { read: 0, shipments: [], batches: [], itemBatches: [], trackingUrl: '', select: '' };
// Config values that would make BC or OTTO refuse every request: the run records them and sends nothing
const problems = [];
const endpoint = String(config.trackingEndpoint || '').trim().replace(/^\/+|\/+$/g, '');
if (!/^(api\/|ODataV4\/)/.test(endpoint)) problems.push('"trackingEndpoint" must start with api/ (an extension\'s API page) or ODataV4/ (a published page), e.g. ' + ${JSON.stringify(SHIPMENT_SETTINGS.trackingEndpoint)} + ' (it is "' + endpoint + '")');
const fields = {};
for (const key of ['trackingKeyField', 'trackingNumberField', 'shippingAgentField', 'returnTrackingNumberField']) {
  const name = String(config[key] || '').trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) problems.push('"' + key + '" must be a field name of the tracking endpoint (it is "' + name + '")');
  fields[key] = name;
}
const defaultCarrier = String(config.defaultCarrier || '').trim().toUpperCase();
if (!CARRIERS.includes(defaultCarrier)) problems.push('"defaultCarrier" must be one of OTTO\'s carriers: ' + CARRIERS.join(', ') + ' (it is "' + defaultCarrier + '")');
const returnCarrier = String(config.returnCarrier || '').trim().toUpperCase();
if (!RETURN_CARRIERS.includes(returnCarrier)) problems.push('"returnCarrier" must be one of ' + RETURN_CARRIERS.join(', ') + ' (it is "' + returnCarrier + '")');
const carrierMap = {};
for (const pair of String(config.carrierMap || '').split(',').map((p) => p.trim()).filter(Boolean)) {
  const [agent, carrier] = pair.split(/\s*[:=]\s*/);
  if (!agent || !CARRIERS.includes(String(carrier || '').toUpperCase())) { problems.push('"carrierMap" entry "' + pair + '" must be <BC shipping agent code>:<OTTO carrier>, e.g. DHLPAKET:DHL'); continue; }
  carrierMap[agent.toUpperCase()] = carrier.toUpperCase();
}
if (!(Number(config.trackingWaitHours) >= 0)) problems.push('"trackingWaitHours" must be a number of hours (0 or more)');
if (!String(config.shipFromCity || '').trim() || !String(config.shipFromZip || '').trim() || !/^[A-Za-z]{2,3}$/.test(String(config.shipFromCountry || '').trim())) problems.push('"shipFromCity", "shipFromZip" and "shipFromCountry" (ISO code, e.g. DEU) must be filled in');
if (problems.length) return [{ json: { ...empty, configError: 'Config: ' + problems.join('; ') + '. Nothing was read or sent.' } }];

const failed = lookupFailure('Find shipments in BC');
if (failed) return [{ json: { ...empty, lookupError: failed } }];
const prefix = String(config.externalDocumentPrefix || '').toUpperCase();
const seen = new Set();
const shipments = [];
for (const page of $('Find shipments in BC').all()) {
  for (const s of (page.json && page.json.value) || []) {
    const number = String(s.number || '');
    if (!number || seen.has(number)) continue; // listed twice by BC's paging
    seen.add(number);
    const ext = String(s.externalDocumentNumber || '').toUpperCase();
    if (!ext.startsWith(prefix) || !/^[A-Z0-9]{10}$/.test(ext.slice(prefix.length))) continue; // not an OTTO order
    const lines = ((s.salesShipmentLines || []))
      .filter((l) => l.lineType === 'Item' && Number(l.quantity) > 0)
      .map((l) => ({ sequence: l.sequence, itemNumber: String(l.lineObjectNumber || '').toUpperCase(), quantity: Number(l.quantity) }));
    if (!lines.length) continue; // nothing OTTO sells (e.g. only a shipping fee line)
    shipments.push({
      number,
      orderNumber: String(s.orderNumber || ''),
      externalDocumentNumber: ext,
      ottoOrderNumber: ext.slice(prefix.length),
      postingDate: String(s.postingDate || ''),
      lastModifiedDateTime: String(s.lastModifiedDateTime || ''),
      lines,
    });
  }
}
shipments.sort((a, b) => (a.postingDate < b.postingDate ? -1 : a.postingDate > b.postingDate ? 1 : a.number < b.number ? -1 : 1));
const url = run.bcRoot + '/' + endpoint
  .replace(/\{companyId\}/g, config.bcCompanyId)
  .replace(/\{companyName\}/g, encodeURIComponent(String(config.bcCompanyName || '').replace(/'/g, "''")));
return [{ json: {
  read: shipments.length,
  shipments,
  fields,
  carrierMap,
  batches: batchesOf(fields.trackingKeyField, shipments.map((s) => s.number)),
  itemBatches: config.itemMatch === 'ean' ? batchesOf('number', [...new Set(shipments.flatMap((s) => s.lines.map((l) => l.itemNumber)))]) : [],
  trackingUrl: url,
  select: [...new Set(Object.values(fields))].join(','),
} }];
`;

const PLAN_SHIPMENTS = String.raw`
// Each BC shipment against its OTTO order (OTTO lists every order with a PROCESSABLE item):
//  - its lines claim the order's position items with the same SKU (or EAN), one per piece: first items OTTO
//    already shows as SENT with this tracking number (done before), then PROCESSABLE ones (to ship now);
//  - an order OTTO does not list, or a shipment that finds nothing processable: skipped (already SENT at OTTO,
//    cancelled, or no OTTO order);
//  - no tracking number (parcel carriers) or no return tracking number yet: waits "trackingWaitHours" after
//    the posting date, then it is reported (a sync-error row that does not fail the run) and left out.
const config = $('Config').first().json;
const run = $('Plan run').first().json;
const prepared = $('Prepare tracking').first().json;
${LOOKUP_FAILURE_JS}
const PARCEL_CARRIERS = ${JSON.stringify(PARCEL_CARRIERS)};
const CARRIERS = ${JSON.stringify(CARRIERS)};
const nothing = { parcels: [], deferred: 0, skipped: [], alreadyDone: 0, waiting: 0, overdue: [], invalid: [] };
for (const node of ['Read tracking in BC', 'Find items in BC']) {
  const failed = lookupFailure(node);
  if (failed) return [{ json: { ...nothing, lookupError: failed } }];
}
const listed = $('Get processable orders').all().map((i) => i.json || {});
const ottoFailure = listed.find((o) => o.error && !o.salesOrderId);
if (ottoFailure) {
  const text = [ottoFailure.error, ottoFailure.description].filter(Boolean).join(': ');
  return [{ json: { ...nothing, ottoError: { message: text.slice(0, 1000), logref: (text.match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '' } } }];
}
const orders = new Map();
for (const o of listed) if (o.salesOrderId && o.orderNumber) orders.set(String(o.orderNumber).toUpperCase(), o);
const f = prepared.fields;
const tracking = new Map();
for (const page of $('Read tracking in BC').all()) {
  for (const row of (page.json && page.json.value) || []) tracking.set(String(row[f.trackingKeyField] || '').toUpperCase(), row);
}
const byEan = config.itemMatch === 'ean';
const gtins = new Map();
let itemPages = [];
try { itemPages = byEan && $('Find items in BC').isExecuted ? $('Find items in BC').all() : []; } catch (x) { itemPages = []; }
for (const page of itemPages) {
  for (const it of (page.json && page.json.value) || []) gtins.set(String(it.number || '').toUpperCase(), String(it.gtin || ''));
}
const defaultCarrier = String(config.defaultCarrier).trim().toUpperCase();
const waitMs = Number(config.trackingWaitHours) * 3600000;
const nowMs = Date.now();
const claimed = new Set();
const parcels = [];
const skipped = [];
const overdue = [];
const invalid = [];
let alreadyDone = 0;
let waiting = 0;
for (const s of prepared.shipments) {
  const order = orders.get(s.ottoOrderNumber);
  if (!order) { skipped.push(s.number); continue; }
  const row = tracking.get(s.number.toUpperCase()) || {};
  const trackingNumber = String(row[f.trackingNumberField] || '').trim();
  const returnTrackingNumber = String(row[f.returnTrackingNumberField] || '').trim();
  const agent = String(row[f.shippingAgentField] || '').trim().toUpperCase();
  const carrier = prepared.carrierMap[agent] || (CARRIERS.includes(agent) ? agent : defaultCarrier);
  const keyOf = (p) => (byEan ? String((p.product || {}).ean || '') : String((p.product || {}).sku || '').toUpperCase());
  const toShip = [];
  let done = 0;
  let missing = 0;
  for (const line of s.lines) {
    const key = byEan ? gtins.get(line.itemNumber) || '' : line.itemNumber;
    let pieces = Math.round(line.quantity);
    // not claimed by another shipment of this run, nor by an earlier line of this one
    const candidates = (order.positionItems || []).filter((p) => key && keyOf(p) === key && !claimed.has(p.positionItemId) && !toShip.includes(p));
    // done before: OTTO shows the item as SENT in this parcel
    for (const p of candidates) {
      if (pieces <= 0) break;
      if (p.fulfillmentStatus === 'SENT' && trackingNumber && String((p.trackingInfo || {}).trackingNumber || '') === trackingNumber) { claimed.add(p.positionItemId); done++; pieces--; }
    }
    for (const p of candidates) {
      if (pieces <= 0) break;
      if (p.fulfillmentStatus === 'PROCESSABLE' && !claimed.has(p.positionItemId)) { toShip.push(p); pieces--; }
    }
    missing += pieces;
  }
  alreadyDone += done;
  if (!toShip.length) { skipped.push(s.number); continue; }
  const needs = [];
  if (!trackingNumber && PARCEL_CARRIERS.includes(carrier)) needs.push('tracking number');
  if (!returnTrackingNumber) needs.push('return tracking number');
  if (needs.length) {
    const posted = Date.parse(s.postingDate);
    if (!Number.isFinite(posted) || nowMs - posted < waitMs) { waiting++; continue; }
    // the same text every run (no running hour count): the digest shows repeats as one line with a count
    overdue.push({ reference: s.number, orderNumber: order.orderNumber, reason: 'BC shipment ' + s.number + ' (OTTO order ' + order.orderNumber + ') has no ' + needs.join(' and ') + ' in BC ' + config.trackingWaitHours + ' hours after its posting date ' + s.postingDate + ', so it was not sent to OTTO. Enter it in BC (the next run sends the shipment when BC changes it) or ship the items at OTTO by hand.' });
    continue;
  }
  for (const p of toShip) claimed.add(p.positionItemId);
  // handed over to the carrier on the posting date: noon UTC that day, never later than now
  const posted = Date.parse(s.postingDate + 'T12:00:00Z');
  const shipDate = new Date(Number.isFinite(posted) ? Math.min(posted, nowMs) : nowMs).toISOString();
  parcels.push({
    shipmentNumber: s.number,
    orderNumber: order.orderNumber,
    carrier,
    trackingNumber,
    shipDate,
    missing,
    positionItems: toShip.map((p) => ({ salesOrderId: order.salesOrderId, positionItemId: p.positionItemId, returnTrackingNumber })),
  });
}
const max = Math.max(Number(config.maxOrdersPerRun) || 250, 1);
return [{ json: { parcels: parcels.slice(0, max), deferred: Math.max(parcels.length - max, 0), skipped, alreadyDone, waiting, overdue, invalid } }];
`;

const FINISH = finishRunCode(
	"Counts what happened, one sync-error row per shipment OTTO did not take, and the run's verdict.",
	String.raw`
const prepared = $('Prepare tracking').first().json;
const plan = (all('Plan shipments')[0] || { json: { parcels: [], deferred: 0, skipped: [], alreadyDone: 0, waiting: 0, overdue: [], invalid: [] } }).json;
const logrefOf = (text) => (String(text).match(/logref\s+([A-Za-z0-9._:-]+)/) || [])[1] || '';
if (prepared.configError) add('(Config)', prepared.configError, 'Prepare tracking', '');
for (const failure of [prepared.lookupError, plan.lookupError].filter(Boolean)) {
  add('(BC lookup)', 'BC did not answer ' + failure.node + ' with a list, so nothing was sent: ' + failure.message, failure.node, failure.code);
}
if (plan.ottoError) add('(order list)', 'OTTO did not list the processable orders, so nothing was sent: ' + plan.ottoError.message, 'Get processable orders', '', plan.ottoError.logref);
const sent = all('Shipments to send').map((i) => i.json);
const answers = all('Create shipments at OTTO').map((i) => i.json || {});
let created = 0;
let items = 0;
let confirmed = 0;
let missing = 0;
sent.forEach((parcel, index) => {
  const answer = answers[index] || { error: 'the Otto Market node gave no answer for it' };
  if (!answer.error) {
    if (answer.outcome === 'alreadyDone') confirmed++;
    else created++;
    items += parcel.positionItems.length;
    missing += parcel.missing || 0;
    return;
  }
  const text = String(answer.error) + (answer.description ? ' — ' + String(answer.description).replace(/\n+/g, ' ') : '');
  add(parcel.shipmentNumber, 'OTTO did not create the shipment of BC shipment ' + parcel.shipmentNumber + ' (OTTO order ' + parcel.orderNumber + ', ' + parcel.carrier + ' ' + (parcel.trackingNumber || 'without tracking number') + '): ' + text, 'Create shipments at OTTO', '', logrefOf(text));
});
// Shipments without tracking data after the wait are recorded (by every run that reads them), without failing the run.
const notices = plan.overdue.map((o) => ({ workflow: config.workflowKey, executionId, occurredAt: now, reference: o.reference, reason: o.reason.slice(0, 1000), logref: '', bcErrorCode: '', node: 'Plan shipments' }));
const result = finish({
  read: prepared.read,
  created,
  skipped: plan.skipped.length,
  // waiting for tracking data: the cursor stays so that the next runs see them again
  deferred: plan.deferred + plan.waiting,
  done: 'Created ' + created + ' OTTO shipment(s) with ' + items + ' position item(s)' +
    (confirmed ? '; ' + confirmed + ' OTTO already had' : '') +
    '; ' + plan.skipped.length + ' BC shipment(s) skipped (nothing processable at OTTO: already SENT, cancelled or no OTTO order)' +
    (plan.alreadyDone ? ', ' + plan.alreadyDone + ' item(s) already SENT with this tracking number' : '') +
    (plan.waiting ? '; ' + plan.waiting + ' waiting for tracking numbers in BC' : '') +
    (missing ? '; ' + missing + ' shipped piece(s) without a processable OTTO item' : '') +
    (plan.overdue.length ? '; ' + plan.overdue.length + ' without tracking data after ' + config.trackingWaitHours + ' h (see the sync errors table)' : ''),
  what: 'BC shipment(s) not sent to OTTO',
});
result[0].json.errors = result[0].json.errors.concat(notices);
return result;
`,
);

export function shipmentsWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(SHIPMENTS_WORKFLOW_ID, 'OTTO Market ← BC: shipments');
	const prepared = "$('Prepare tracking').first().json";
	addRunHead(w, {
		trigger: { name: 'Every 15 minutes', rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } },
		workflowKey: SHIPMENTS_WORKFLOW_KEY,
		extraSettings: Object.entries(SHIPMENT_SETTINGS).map(([name, value]) => ({ name, value })),
		requiredSettings: ['trackingEndpoint'],
	});
	w.add(
		'Find shipments in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[1540, 300],
		bcListRequest(
			`={{ ${PLAN}.bcApi }}/salesShipments?$select=number,externalDocumentNumber,orderNumber,postingDate,lastModifiedDateTime&$filter={{ encodeURIComponent('lastModifiedDateTime gt ' + ${PLAN}.since) }}&$expand=salesShipmentLines($select=sequence,lineType,lineObjectNumber,quantity)`,
			`${PLAN}.pageSize`,
		),
		{ credentials: BC_CREDENTIAL, alwaysOutputData: true, onError: 'continueRegularOutput', ...BC_RETRY },
	);
	w.add('Prepare tracking', 'n8n-nodes-base.code', 2, [1760, 300], code(PREPARE_TRACKING));
	// top branch: look up, match, send (runs first in execution order v1); bottom branch: finish
	w.add('Tracking lookups', 'n8n-nodes-base.code', 2, [1980, 140], code('return $input.first().json.batches.map((filter) => ({ json: { filter } }));'));
	w.add(
		'Read tracking in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[2200, 140],
		bcListRequest(`={{ ${prepared}.trackingUrl }}?$select={{ ${prepared}.select }}&$filter={{ encodeURIComponent($json.filter) }}`, `${PLAN}.pageSize`),
		{ credentials: BC_CREDENTIAL, onError: 'continueRegularOutput', ...BC_RETRY },
	);
	// itemMatch "ean" only: the GTINs of the shipped BC items (an empty branch otherwise)
	w.add('Item lookups', 'n8n-nodes-base.code', 2, [1980, -60], code('return $input.first().json.itemBatches.map((filter) => ({ json: { filter } }));'));
	w.add(
		'Find items in BC',
		'n8n-nodes-base.httpRequest',
		4.2,
		[2200, -60],
		bcListRequest(`={{ ${PLAN}.bcApi }}/items?$select=number,gtin&$filter={{ encodeURIComponent($json.filter) }}`, `${PLAN}.pageSize`),
		{ credentials: BC_CREDENTIAL, onError: 'continueRegularOutput', ...BC_RETRY },
	);
	w.add(
		'Get processable orders',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[2420, 140],
		{ resource: 'order', operation: 'getAll', returnAll: true, simplify: false, filters: { fulfillmentStatus: ['PROCESSABLE'], mode: 'AT_LEAST_ONE' } },
		{ credentials: OTTO_CREDENTIAL, executeOnce: true, alwaysOutputData: true, onError: 'continueRegularOutput' },
	);
	w.add('Plan shipments', 'n8n-nodes-base.code', 2, [2640, 140], code(PLAN_SHIPMENTS));
	w.add('Shipments to send', 'n8n-nodes-base.code', 2, [2860, 140], code('return $input.first().json.parcels.map((p) => ({ json: p }));'));
	w.add(
		'Create shipments at OTTO',
		'n8n-nodes-otto-market.ottoMarket',
		1,
		[3080, 140],
		{
			resource: 'shipment',
			operation: 'create',
			inputMode: 'combineByTrackingNumber',
			carrier: '={{ $json.carrier }}',
			trackingNumber: '={{ $json.trackingNumber }}',
			shipDate: '={{ $json.shipDate }}',
			shipFromCity: `={{ String(${CFG}.shipFromCity).trim() }}`,
			shipFromCountryCode: `={{ String(${CFG}.shipFromCountry).trim().toUpperCase() }}`,
			shipFromZipCode: `={{ String(${CFG}.shipFromZip).trim() }}`,
			returnCarrier: `={{ String(${CFG}.returnCarrier).trim().toUpperCase() }}`,
			positionItemsSource: 'json',
			positionItemsJson: '={{ JSON.stringify($json.positionItems) }}',
		},
		{ credentials: OTTO_CREDENTIAL, onError: 'continueRegularOutput' },
	);
	w.add('Finish run', 'n8n-nodes-base.code', 2, [1980, 700], FINISH);
	addRunTail(w, [1980, 700]);

	w.chain('Claim run', 'Find shipments in BC', 'Prepare tracking');
	w.connect('Prepare tracking', 'Item lookups');
	w.connect('Prepare tracking', 'Tracking lookups');
	w.connect('Prepare tracking', 'Finish run');
	w.chain('Item lookups', 'Find items in BC');
	w.chain('Tracking lookups', 'Read tracking in BC', 'Get processable orders', 'Plan shipments', 'Shipments to send', 'Create shipments at OTTO');
	overviewNote(
		w,
		'Business Central shipments → OTTO shipments',
		'Every 15 minutes (or by hand): every posted BC **sales shipment** changed since the last successful run whose External Document No. is *externalDocumentPrefix* + an OTTO order number (as the order workflow names the sales order) becomes an **OTTO shipment**: carrier and tracking number of the parcel, the return tracking number of the return label in it, ship date = posting date, ship-from address from Config. OTTO then books the items as SENT and tells the customer.\n\n' +
			'Each BC shipment line ships as many of the order\'s PROCESSABLE position items with that SKU (or EAN, as *itemMatch* says) as its quantity. Items OTTO already shows as SENT are skipped, never sent twice; shipments with the same carrier and tracking number become one OTTO shipment.\n\n' +
			'**Tracking data:** API v2.0 has no tracking fields, so they are read from *trackingEndpoint* (an extension API page by default, or page 130 published as OData). See the note *Tracking data*. A shipment without tracking number or return tracking number waits up to *trackingWaitHours* after its posting date, then it is reported in the sync errors table and left out until BC changes it.',
		[
			COMMON_STEPS.otto + ' Its scopes must include *Orders* and *Shipments* (they do by default).',
			COMMON_STEPS.bc,
			COMMON_STEPS.tables,
			'Make the tracking data readable (note *Tracking data*) and set `trackingEndpoint` and the four field names in **Config**.',
			'Set `shipFromCity`, `shipFromZip`, `shipFromCountry`, `defaultCarrier`, `returnCarrier` (the return carrier of your OTTO account) and, when your BC shipping agent codes are not OTTO carrier codes, `carrierMap` (e.g. `DHLPAKET:DHL,HERMESDE:HERMES`).',
			'Set `externalDocumentPrefix` and `itemMatch` to the values the order workflow uses.',
			COMMON_STEPS.config,
			COMMON_STEPS.errors,
			COMMON_STEPS.activate,
		],
	);
	w.note(
		'Note: tracking data',
		[680, -420],
		720,
		360,
		"### Tracking data\n**Default — an extension API page** on the Sales Shipment Header, `…/api/<publisher>/<group>/<version>/companies(<id>)/shipmentTracking`, read-only, fields `number`, `packageTrackingNo`, `shippingAgentCode`, `returnTrackingNo` (a field of a table extension: BC has no return tracking number). *trackingEndpoint* `api/mySeller/ottoMarket/v1.0/companies({companyId})/shipmentTracking`.\n\n**Or page 130 Posted Sales Shipment** published as OData V4 web service (with a page extension adding `Return_Tracking_No`): *trackingEndpoint* `ODataV4/Company('{companyName}')/PostedSalesShipment`, fields `No`, `Package_Tracking_No`, `Shipping_Agent_Code`, `Return_Tracking_No`. Microsoft ends OData for its own pages with BC version 30 (2027 release wave 1).",
		5,
	);
	w.note(
		'Note: read',
		[1500, -140],
		1100,
		420,
		`### Read and match\nBC shipments with their lines (all pages), their tracking data ${LOOKUP_BATCH} shipments per request, the BC items' GTINs (only with *itemMatch* = ean), and every OTTO order with a PROCESSABLE item. 429 and 5xx are retried.`,
		7,
	);
	w.note(
		'Note: send',
		[2600, -20],
		700,
		420,
		'### Send\nOne OTTO shipment per parcel (carrier + tracking number). A refused shipment is recorded and the run fails; nothing is sent twice: items OTTO shows as SENT are skipped, and after an unclear answer the node asks OTTO whether it created the shipment.',
		6,
	);
	return w.build({ executionTimeout: 900 });
}
