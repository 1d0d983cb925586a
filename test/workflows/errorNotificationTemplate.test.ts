/**
 * The template workflows-templates/otto-error-notification.json: its shape, and the "Build message" Code node's
 * JavaScript run in a node:vm context (with `$input` and `$()` shims the way the Code node provides them in
 * "Run Once for All Items" mode) for both payloads the Error Trigger delivers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

import type { TemplateNode } from '../templates/nodes';

interface Template {
	id: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
	meta: Record<string, unknown>;
	active: boolean;
}

interface Message {
	subject: string;
	text: string;
	html: string;
	workflowName: string;
	workflowId: string;
	node: string;
	message: string;
	executionUrl: string;
	kind: 'execution' | 'trigger';
}

const FILE = path.resolve(__dirname, '..', '..', 'workflows-templates', 'otto-error-notification.json');
const template = JSON.parse(readFileSync(FILE, 'utf8')) as Template;
const nodeNamed = (name: string): TemplateNode => {
	const node = template.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`no node "${name}"`);
	return node;
};

const CONFIG_DEFAULTS = {
	notifyEmailTo: 'ops@example.com',
	notifyEmailFrom: 'n8n@example.com',
	slackEnabled: false,
	slackChannel: '#otto-sync',
	n8nBaseUrl: '',
};

/** Runs the Code node's jsCode like n8n does (body of an async function), with the error payload and Config. */
async function buildMessage(payload: unknown, config: Record<string, unknown> = {}): Promise<Message> {
	const jsCode = nodeNamed('Build message').parameters.jsCode as string;
	const configItem = { json: { ...CONFIG_DEFAULTS, ...config }, pairedItem: { item: 0 } };
	const triggerItem = { json: JSON.parse(JSON.stringify(payload)) as unknown };
	const nodeOutput: Record<string, { json: unknown }> = { Config: configItem, 'Error Trigger': triggerItem };
	const $ = (name: string) => {
		const item = nodeOutput[name];
		if (!item) throw new Error(`Referenced node doesn't exist: ${name}`);
		return { first: () => item, last: () => item, all: () => [item], itemMatching: () => item };
	};
	const context = vm.createContext({ $, $input: { all: () => [configItem], first: () => configItem }, console });
	const result = (await vm.runInContext(`(async () => {\n${jsCode}\n})()`, context, { timeout: 1000 })) as Array<{
		json: Message;
		pairedItem?: unknown;
	}>;
	expect(Array.isArray(result)).toBe(true);
	expect(result).toHaveLength(1);
	expect(result[0].pairedItem).toEqual({ item: 0 });
	// Plain JSON out of the vm's realm.
	return JSON.parse(JSON.stringify(result[0].json)) as Message;
}

const STACK = 'NodeApiError: The resource you are requesting could not be found\n    at ExecuteContext.execute (/usr/lib/node_modules/n8n/node_modules/n8n-nodes-otto-market/dist/nodes/OttoMarket/OttoMarket.node.js:123:45)\n    at async WorkflowExecute.runNode (/usr/lib/node_modules/n8n/node_modules/n8n-core/dist/execution-engine/workflow-execute.js:1:2)';

const executionPayload = {
	execution: {
		id: '231',
		url: 'http://localhost:5678/workflow/wfOrders01/executions/231',
		retryOf: '34',
		error: {
			message: 'The resource you are requesting could not be found',
			description: 'OTTO Market answered 404 for GET /v4/orders/ABC <sales order>',
			name: 'NodeApiError',
			stack: STACK,
			node: { name: 'Get order', type: 'n8n-nodes-otto-market.ottoMarket' },
		},
		lastNodeExecuted: 'Get order',
		mode: 'trigger',
	},
	workflow: { id: 'wfOrders01', name: 'OTTO orders → BC sales orders' },
};

const triggerPayload = {
	trigger: {
		error: {
			message: 'Authorization failed – please check your credentials',
			name: 'NodeApiError',
			stack: STACK,
			node: { name: 'Otto Market Trigger', type: 'n8n-nodes-otto-market.ottoMarketTrigger' },
		},
		mode: 'trigger',
	},
	workflow: { id: 'wfTrigger01', name: 'OTTO new orders' },
};

describe('template "OTTO Market – error notification"', () => {
	test('has the export shape and only the allowed node types', () => {
		expect(template).toMatchObject({
			id: 'ottoErrorNotify01',
			name: 'OTTO Market – error notification',
			settings: { executionOrder: 'v1' },
			pinData: {},
			meta: { templateCredsSetupCompleted: false },
			active: false,
		});
		const allowed = new Set([
			'n8n-nodes-base.errorTrigger@1',
			'n8n-nodes-base.set@3.4',
			'n8n-nodes-base.if@2.2',
			'n8n-nodes-base.code@2',
			'n8n-nodes-base.emailSend@2.1',
			'n8n-nodes-base.slack@2.3',
			'n8n-nodes-base.stickyNote@1',
			'n8n-nodes-base.noOp@1',
			'n8n-nodes-base.merge@3',
		]);
		for (const node of template.nodes) {
			expect(allowed).toContain(`${node.type}@${node.typeVersion}`);
			expect(node.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		}
		expect(new Set(template.nodes.map((n) => n.id)).size).toBe(template.nodes.length);
		expect(new Set(template.nodes.map((n) => n.name)).size).toBe(template.nodes.length);
		for (const [from, { main }] of Object.entries(template.connections)) {
			nodeNamed(from);
			for (const target of main.flat()) nodeNamed(target.node);
		}
		expect(template.settings).not.toHaveProperty('errorWorkflow');
	});

	test('is wired Error Trigger → Config → Build message → (Send email ‖ Slack enabled? → Post to Slack | No Slack)', () => {
		const targets = (from: string, output = 0) => template.connections[from].main[output].map((c) => c.node);
		expect(targets('Error Trigger')).toEqual(['Config']);
		expect(targets('Config')).toEqual(['Build message']);
		expect(targets('Build message').sort()).toEqual(['Send email', 'Slack enabled?']);
		expect(targets('Slack enabled?', 0)).toEqual(['Post to Slack']);
		expect(targets('Slack enabled?', 1)).toEqual(['No Slack']);

		const config = nodeNamed('Config').parameters as { includeOtherFields: boolean; assignments: { assignments: Array<{ name: string; value: unknown; type: string }> } };
		expect(config.includeOtherFields).toBe(false);
		expect(Object.fromEntries(config.assignments.assignments.map((a) => [a.name, a.value]))).toEqual(CONFIG_DEFAULTS);
		expect(config.assignments.assignments.find((a) => a.name === 'slackEnabled')?.type).toBe('boolean');

		const email = nodeNamed('Send email');
		expect(email.credentials).toEqual({ smtp: { id: '', name: 'SMTP account' } });
		expect(email.parameters).toMatchObject({
			fromEmail: "={{ $('Config').item.json.notifyEmailFrom }}",
			toEmail: "={{ $('Config').item.json.notifyEmailTo }}",
			subject: "={{ $('Build message').item.json.subject }}",
			text: "={{ $('Build message').item.json.text }}",
		});
		expect(['text', 'both']).toContain(email.parameters.emailFormat);

		const slack = nodeNamed('Post to Slack');
		expect(slack.credentials).toEqual({ slackApi: { id: '', name: 'Slack account' } });
		expect(slack.parameters).toMatchObject({
			resource: 'message',
			operation: 'post',
			select: 'channel',
			channelId: { __rl: true, mode: 'name', value: "={{ $('Config').item.json.slackChannel }}" },
		});
		expect(JSON.stringify(nodeNamed('Slack enabled?').parameters)).toContain("$('Config').item.json.slackEnabled");

		const notes = template.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		expect(notes.join('\n')).toMatch(/Error workflow/);
		expect(notes.join('\n')).toMatch(/publish/i);
		expect(notes.join('\n')).toMatch(/1\.123/);
	});

	test('execution error: subject and text name workflow, node, message, description and the link', async () => {
		const m = await buildMessage(executionPayload);
		expect(m.kind).toBe('execution');
		expect(m.subject).toBe('[n8n] OTTO sync failed: OTTO orders → BC sales orders');
		expect(m.workflowName).toBe('OTTO orders → BC sales orders');
		expect(m.workflowId).toBe('wfOrders01');
		expect(m.node).toBe('Get order');
		expect(m.message).toBe('The resource you are requesting could not be found');
		expect(m.executionUrl).toBe('http://localhost:5678/workflow/wfOrders01/executions/231');
		expect(m.text).toContain('OTTO orders → BC sales orders');
		expect(m.text).toContain('Node: Get order');
		expect(m.text).toContain('Error: The resource you are requesting could not be found');
		expect(m.text).toContain('Details: OTTO Market answered 404 for GET /v4/orders/ABC <sales order>');
		expect(m.text).toContain('Execution: http://localhost:5678/workflow/wfOrders01/executions/231');
		expect(m.text).not.toContain('execution not saved');

		expect(m.html).toContain('<a href="http://localhost:5678/workflow/wfOrders01/executions/231">');
		expect(m.html).toContain('OTTO orders → BC sales orders');
		expect(m.html).toContain('GET /v4/orders/ABC &lt;sales order&gt;');
		expect(m.html).not.toContain('<sales order>');
	});

	test('execution error: the node falls back to error.node.name; n8nBaseUrl overrides the link', async () => {
		const payload = JSON.parse(JSON.stringify(executionPayload)) as { execution: Record<string, unknown> };
		delete payload.execution.lastNodeExecuted;
		const m = await buildMessage(payload, { n8nBaseUrl: 'https://n8n.example.com/' });
		expect(m.node).toBe('Get order');
		expect(m.executionUrl).toBe('https://n8n.example.com/workflow/wfOrders01/executions/231');
		expect(m.text).toContain('Execution: https://n8n.example.com/workflow/wfOrders01/executions/231');
	});

	test('execution error without a saved execution says "execution not saved"', async () => {
		const payload = JSON.parse(JSON.stringify(executionPayload)) as { execution: Record<string, unknown> };
		delete payload.execution.id;
		delete payload.execution.url;
		const m = await buildMessage(payload, { n8nBaseUrl: 'https://n8n.example.com' });
		expect(m.executionUrl).toBe('');
		expect(m.text).toContain('Execution: execution not saved');
		expect(m.html).toContain('execution not saved');
	});

	test('trigger error: names the trigger node, no execution link', async () => {
		const m = await buildMessage(triggerPayload, { n8nBaseUrl: 'https://n8n.example.com' });
		expect(m.kind).toBe('trigger');
		expect(m.subject).toBe('[n8n] OTTO sync failed: OTTO new orders');
		expect(m.node).toBe('Otto Market Trigger');
		expect(m.message).toBe('Authorization failed – please check your credentials');
		expect(m.executionUrl).toBe('');
		expect(m.text).toContain('OTTO new orders');
		expect(m.text).toContain('Otto Market Trigger');
		expect(m.text).toContain('Error: Authorization failed – please check your credentials');
		expect(m.text).toContain('execution not saved');
	});

	test('trigger error without a node says "trigger"; a message-less error still yields text', async () => {
		const m = await buildMessage({ trigger: { error: { name: 'WorkflowActivationError' }, mode: 'trigger' }, workflow: { id: 'w1', name: 'X' } });
		expect(m.node).toBe('trigger');
		expect(m.message).toBe('WorkflowActivationError');
		expect(m.text).toContain('execution not saved');
	});

	test('never includes a stack trace, not even one inside the message', async () => {
		const withStackInMessage = JSON.parse(JSON.stringify(executionPayload)) as typeof executionPayload;
		withStackInMessage.execution.error.message = STACK;
		for (const payload of [executionPayload, triggerPayload, withStackInMessage]) {
			const m = await buildMessage(payload);
			for (const out of [m.text, m.html, m.message]) {
				expect(out).not.toContain('workflow-execute.js');
				expect(out).not.toContain('OttoMarket.node.js');
				expect(out).not.toMatch(/\n\s+at /);
			}
		}
	});

	test('escapes HTML in every fact', async () => {
		const m = await buildMessage({
			execution: { id: '7', url: 'http://localhost:5678/workflow/w/executions/7', error: { message: '<script>alert(1)</script> & "quotes"' }, lastNodeExecuted: 'Node <b>' },
			workflow: { id: 'w', name: 'Name <i>x</i>' },
		});
		expect(m.html).not.toMatch(/<script>|<b>|<i>/);
		expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
		expect(m.html).toContain('Node &lt;b&gt;');
		expect(m.text).toContain('<script>alert(1)</script>'); // the text part stays plain
	});
});
