/**
 * The template "OTTO Market → BC: customers" (workflows-templates/otto-bc-customers.json): the customer
 * block of the order template as its own workflow, called with Execute Workflow.
 *
 * In:  items { orderNumber, customer: { addressKey, displayName, type, addressLine1, addressLine2, city,
 *      postalCode, country, email }, config?: { …settings of the caller's Config } }
 * Out: items { orderNumber, customerNumber, created? } or { orderNumber, error, bcErrorCode? }
 */
import { ALL_RUNS_JS, type Setting, WorkflowBuilder, addRetryLoop, bcWriteRequest, code, dataTableInsert, ifTrue, setParameters } from './nodes';
import { COMMON_SETTINGS, CUSTOMERS_WORKFLOW_ID, CUSTOMER_SETTING_NAMES } from './orders';

const TRIGGER = 'When called by the order workflow';

function configSettings(): Setting[] {
	return CUSTOMER_SETTING_NAMES.map((name) => {
		const own = COMMON_SETTINGS.find((s) => s.name === name)!;
		const literal = typeof own.value === 'string' ? JSON.stringify(own.value) : String(own.value);
		// the caller's Config wins; the value after ?? is this workflow's own setting
		return {
			name,
			type: own.type ?? (typeof own.value === 'number' ? 'number' : typeof own.value === 'boolean' ? 'boolean' : 'string'),
			value: `={{ $('${TRIGGER}').first().json.config?.${name} ?? ${literal} }}`,
		};
	});
}

const DEFAULT_CUSTOMER = String.raw`
// Auto Create Customers is off: every order goes to the Default Customer No.
const config = $('Config').first().json;
const number = String(config.defaultCustomerNo || '').trim();
return $('${TRIGGER}').all().map((i) => ({ json: number
  ? { orderNumber: i.json.orderNumber, customerNumber: number }
  : { orderNumber: i.json.orderNumber, error: 'Config "defaultCustomerNo" is empty' } }));
`;

const PLAN = String.raw`
// Known invoice addresses → their BC customer (from otto_customer_map); every new address once; known
// customers whose posting groups are not set yet (an earlier run failed to) get them set now.
const config = $('Config').first().json;
const templates = config.postingGroupEndpoint === 'apiTemplate';
const known = new Map();
for (const row of $('Read customer map').all()) {
  if (row.json && row.json.addressKey) known.set(row.json.addressKey, { number: row.json.customerNumber, id: row.json.customerId || '', groupsSet: templates || row.json.postingGroupsSet === 'yes' });
}
const orders = $('${TRIGGER}').all().map((i) => i.json);
const create = new Map();
const pending = new Map();
for (const o of orders) {
  const key = o.customer && o.customer.addressKey;
  if (!key) continue;
  const customer = known.get(key);
  if (!customer && !create.has(key)) create.set(key, o.customer);
  if (customer && !customer.groupsSet) pending.set(key, { addressKey: key, customerNumber: customer.number, customerId: customer.id });
}
for (const key of ['customerPostingGroup', 'genBusPostingGroup', 'vatBusPostingGroup']) {
  if ((create.size || pending.size) && !templates && !String(config[key] || '').trim()) throw new Error('Config: "' + key + '" is empty (or set "postingGroupEndpoint" to "apiTemplate")');
}
return [{ json: { known: Object.fromEntries(known), create: [...create.values()], pendingGroups: [...pending.values()] } }];
`;

const NEW_CUSTOMERS = String.raw`
// One item per new customer: the body for BC's customers API (posting groups are not part of API v2.0).
return $input.first().json.create.map((c) => {
  const body = { displayName: c.displayName, type: c.type, addressLine1: c.addressLine1, city: c.city, postalCode: c.postalCode, country: c.country };
  if (c.addressLine2) body.addressLine2 = c.addressLine2;
  if (c.email) body.email = c.email;
  return { json: { addressKey: c.addressKey, body } };
});
`;

const CREATED = String.raw`
// The customers BC created (this round of the retry loop), as rows for otto_customer_map — remembered
// at once, so a repeat buyer never gets a second customer; their posting groups are set next.
const templates = $('Config').first().json.postingGroupEndpoint === 'apiTemplate';
return $input.all().flatMap((result) => (result.json.answer && result.json.answer.number) ? [{ json: {
  addressKey: result.json.addressKey,
  customerNumber: result.json.answer.number,
  customerName: result.json.answer.displayName,
  country: result.json.answer.country || '',
  customerId: result.json.answer.id,
  postingGroupsSet: templates ? 'yes' : '',
} }] : []);
`;

const POSTING_GROUPS = String.raw`
// The three posting groups from Config for the customers created in this run and for known ones still
// without them, through the configured endpoint: customerCard = the Customer Card page published as
// OData V4 web service; customApi = an extension's API page; apiTemplate = BC's API Setup already sets
// them (nothing to send).
const config = $('Config').first().json;
if (config.postingGroupEndpoint === 'apiTemplate') return [];
const root = String(config.bcApiBase).replace(/\/+$/, '') + '/' + encodeURIComponent(config.bcTenantId) + '/' + encodeURIComponent(config.bcEnvironment);
${ALL_RUNS_JS}
const customers = [
  ...allRuns('Check customer answers').filter((r) => r.json.answer && r.json.answer.number).map((r) => ({ addressKey: r.json.addressKey, customerNumber: r.json.answer.number, customerId: r.json.answer.id })),
  ...$('Plan customers').first().json.pendingGroups,
];
return customers.map(({ addressKey, customerNumber, customerId }) => {
  if (config.postingGroupEndpoint === 'customApi') {
    return { json: { addressKey, customerNumber, url: root + '/' + String(config.postingGroupService).replace(/^\/+|\/+$/g, '') + '/companies(' + config.bcCompanyId + ')/customers(' + customerId + ')',
      body: { customerPostingGroup: config.customerPostingGroup, genBusPostingGroup: config.genBusPostingGroup, vatBusPostingGroup: config.vatBusPostingGroup } } };
  }
  return { json: { addressKey, customerNumber, url: root + "/ODataV4/Company('" + encodeURIComponent(String(config.bcCompanyName).replace(/'/g, "''")) + "')/" + config.postingGroupService + "('" + encodeURIComponent(String(customerNumber).replace(/'/g, "''")) + "')",
    body: { Customer_Posting_Group: config.customerPostingGroup, Gen_Bus_Posting_Group: config.genBusPostingGroup, VAT_Bus_Posting_Group: config.vatBusPostingGroup } } };
});
`;

const ASSIGN = String.raw`
// Every order with its customer, or the reason it has none. A customer whose posting groups are not set
// is not used: BC could not post the order; the groups are tried again next run.
${ALL_RUNS_JS}
const plan = $('Plan customers').first().json;
const customers = new Map(Object.entries(plan.known).map(([key, c]) => [key, { ...c }]));
const failedKey = new Map();
for (const result of allRuns('Check customer answers')) {
  if (result.json.retry) continue;
  if (result.json.answer && result.json.answer.number) customers.set(result.json.addressKey, { number: result.json.answer.number, groupsSet: $('Config').first().json.postingGroupEndpoint === 'apiTemplate' });
  else failedKey.set(result.json.addressKey, { error: 'BC did not create the customer: ' + ((result.json.error || {}).message || 'no answer'), bcErrorCode: (result.json.error || {}).code || '' });
}
const groupErrors = new Map();
for (const result of allRuns('Check posting group answers')) {
  if (result.json.retry) continue;
  const customer = customers.get(result.json.addressKey);
  if (!customer) continue;
  if (result.json.error) groupErrors.set(result.json.addressKey, result.json.error);
  else customer.groupsSet = true;
}
return $('${TRIGGER}').all().map((i) => {
  const key = i.json.customer && i.json.customer.addressKey;
  if (failedKey.has(key)) return { json: { orderNumber: i.json.orderNumber, ...failedKey.get(key) } };
  const customer = customers.get(key);
  if (!customer) return { json: { orderNumber: i.json.orderNumber, error: 'no invoice address' } };
  if (!customer.groupsSet) {
    const e = groupErrors.get(key) || { message: 'not tried', code: '' };
    return { json: { orderNumber: i.json.orderNumber, error: 'BC customer ' + customer.number + ' has no posting groups yet (setting them failed: ' + e.message + '); they are tried again next run', bcErrorCode: e.code || '' } };
  }
  return { json: { orderNumber: i.json.orderNumber, customerNumber: customer.number } };
});
`;

export function customersWorkflow(): ReturnType<WorkflowBuilder['build']> {
	const w = new WorkflowBuilder(CUSTOMERS_WORKFLOW_ID, 'OTTO Market → BC: customers');
	const cfg = "$('Config').first().json";
	w.add(TRIGGER, 'n8n-nodes-base.executeWorkflowTrigger', 1.1, [0, 300], { inputSource: 'passthrough' });
	w.add('Config', 'n8n-nodes-base.set', 3.4, [220, 300], setParameters(w.id, configSettings()), { executeOnce: true });
	w.add('Auto create customers?', 'n8n-nodes-base.if', 2.2, [440, 300], ifTrue(w.id, 'Auto create customers?', `${cfg}.autoCreateCustomers === true || ${cfg}.autoCreateCustomers === 'true'`));
	w.add('Use default customer', 'n8n-nodes-base.code', 2, [660, 480], code(DEFAULT_CUSTOMER));
	w.add(
		'Read customer map',
		'n8n-nodes-base.dataTable',
		1,
		[660, 200],
		{
			resource: 'row',
			operation: 'get',
			dataTableId: { __rl: true, mode: 'id', value: `={{ ${cfg}.customerMapTableId }}` },
			returnAll: true,
		},
		{ alwaysOutputData: true, executeOnce: true },
	);
	w.add('Plan customers', 'n8n-nodes-base.code', 2, [880, 200], code(PLAN));
	w.add('New customers', 'n8n-nodes-base.code', 2, [1100, 100], code(NEW_CUSTOMERS));
	const bcRoot = `{{ String(${cfg}.bcApiBase).replace(/\\/+$/, '') }}/{{ encodeURIComponent(${cfg}.bcTenantId) }}/{{ encodeURIComponent(${cfg}.bcEnvironment) }}`;
	addRetryLoop(
		w,
		{ queue: 'Customer queue', request: 'Create customer', check: 'Check customer answers', throttled: 'Customer throttled?', wait: 'Wait (customers)' },
		[1320, 100],
		{ parameters: bcWriteRequest('POST', `=${bcRoot}/api/v2.0/companies({{ ${cfg}.bcCompanyId }})/customers`, '={{ JSON.stringify($json.body) }}') },
	);
	w.add('Created customers', 'n8n-nodes-base.code', 2, [2200, 180], code(CREATED));
	w.add('Remember customers', 'n8n-nodes-base.dataTable', 1, [2420, 180], dataTableInsert(`${cfg}.customerMapTableId`));
	w.add('Posting groups', 'n8n-nodes-base.code', 2, [1100, 420], code(POSTING_GROUPS));
	addRetryLoop(
		w,
		{ queue: 'Posting group queue', request: 'Set posting groups', check: 'Check posting group answers', throttled: 'Posting groups throttled?', wait: 'Wait (posting groups)' },
		[1320, 420],
		{ parameters: bcWriteRequest('PATCH', '={{ $json.url }}', '={{ JSON.stringify($json.body) }}', [{ name: 'If-Match', value: '*' }]) },
	);
	w.add('Groups set', 'n8n-nodes-base.code', 2, [2200, 500], code("return $input.all().filter((i) => !i.json.error).map((i) => ({ json: { addressKey: i.json.addressKey, postingGroupsSet: 'yes' } }));"));
	w.add('Mark groups set', 'n8n-nodes-base.dataTable', 1, [2420, 500], {
		resource: 'row',
		operation: 'update',
		dataTableId: { __rl: true, mode: 'id', value: `={{ ${cfg}.customerMapTableId }}` },
		matchType: 'allConditions',
		filters: { conditions: [{ keyName: 'addressKey', condition: 'eq', keyValue: '={{ $json.addressKey }}' }] },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
		options: {},
	});
	w.add('Assign customers', 'n8n-nodes-base.code', 2, [1100, 760], code(ASSIGN));

	w.chain(TRIGGER, 'Config', 'Auto create customers?');
	w.connect('Auto create customers?', 'Read customer map', 0);
	w.connect('Auto create customers?', 'Use default customer', 1);
	w.chain('Read customer map', 'Plan customers');
	// three branches, run top to bottom (execution order v1): create, posting groups, answer
	w.connect('Plan customers', 'New customers');
	w.connect('Plan customers', 'Posting groups');
	w.connect('Plan customers', 'Assign customers');
	w.chain('New customers', 'Customer queue');
	w.connect('Customer throttled?', 'Created customers', 1);
	w.chain('Created customers', 'Remember customers');
	w.chain('Posting groups', 'Posting group queue');
	w.connect('Posting groups throttled?', 'Groups set', 1);
	w.chain('Groups set', 'Mark groups set');

	w.note(
		'Note: overview',
		[-40, -380],
		640,
		520,
		[
			'## OTTO orders → BC customers',
			'Called by **OTTO Market → BC: sales orders** (Execute Workflow) with one item per order; answers each order with the BC customer no. to sell to.',
			'',
			'- **Auto Create Customers off**: every order → *Default Customer No.*',
			'- **On**: the invoice address (name, street, zip, city, country — not the e-mail: OTTO anonymises it) is the key. A known key → its customer (Data Table `otto_customer_map`); a new key → `POST customers`, then the three **posting groups** through *postingGroupEndpoint*:',
			'  - `customerCard`: the Customer Card page (21) published as OData V4 web service (name in *postingGroupService*). Microsoft ends OData on its own pages with BC version 30.',
			'  - `customApi`: an extension API page (path in *postingGroupService*, e.g. `api/contoso/otto/v1.0`).',
			'  - `apiTemplate`: BC\'s *API Setup* templates set them; nothing is sent.',
			'',
			'### Set up',
			'1. Import; select the BC OAuth2 credential in *Create customer* and *Set posting groups*.',
			'2. Config: the calling workflow sends its own settings, which win; the values here are used otherwise.',
			'3. n8n 2.x: publish this workflow (sub-workflows run in their published version).',
		].join('\n'),
		4,
	);
	w.note('Note: create', [1080, -200], 1560, 440, '### New customers\nCreated once per new invoice address and remembered in `otto_customer_map` right away, so a repeat buyer never gets a second customer. 429 answers go round the retry loop.', 7);
	w.note('Note: groups', [1080, 260], 1560, 420, '### Posting groups\nSet for the new customers and for known ones still without them (`postingGroupsSet` in `otto_customer_map`). Until they are set, that customer\'s orders wait: the order workflow records them and tries again next run.', 7);
	return w.build({ callerPolicy: 'workflowsFromSameOwner' });
}
