/**
 * The template loader (`npm run templates`, scripts/templates.ts) against a small fake of n8n's public API
 * (node:http on 127.0.0.1) that validates bodies as strictly as n8n 1.123.81 / 2.40.7 do: read-only or unknown
 * fields are rejected, ids are n8n's, 2.x publishes (and re-publishes an active workflow on update), 1.x activates.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_TEMPLATES_DIR, LOADER_TAG, main, workflowKind } from '../../scripts/templates';

const KEY = `n8n_api_${randomBytes(24).toString('hex')}`;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface FakeOptions {
	version: 1 | 2;
	/** false: 1.x answers 404 (HTML) for /api/v1, 2.x 401 for every key */
	publicApi?: boolean;
	/** n8n echoes the key it was sent in its error messages */
	echoKey?: boolean;
	/** 2.x: publishing needs every credential selected */
	strictPublish?: boolean;
}

const NODE_FIELDS = ['id', 'name', 'webhookId', 'disabled', 'notesInFlow', 'notes', 'type', 'typeVersion', 'executeOnce', 'alwaysOutputData', 'retryOnFail', 'maxTries', 'waitBetweenTries', 'continueOnFail', 'onError', 'position', 'parameters', 'credentials'];
const SETTINGS_V1 = ['saveExecutionProgress', 'saveManualExecutions', 'saveDataErrorExecution', 'saveDataSuccessExecution', 'executionTimeout', 'errorWorkflow', 'timezone', 'executionOrder', 'callerPolicy', 'callerIds', 'timeSavedPerExecution', 'availableInMCP'];
const WEBHOOK_NODES = ['n8n-nodes-base.slack', 'n8n-nodes-base.webhook'];
const READ_ONLY = ['id', 'active', 'createdAt', 'updatedAt', 'isArchived', 'versionId', 'triggerCount', 'meta', 'tags', 'activeVersion'];

class FakeN8n {
	readonly workflows = new Map<string, Json>();
	readonly tags: Array<{ id: string; name: string }> = [];
	readonly requests: Array<{ method: string; path: string; key: string | undefined; body?: Json }> = [];
	private server!: http.Server;
	url = '';

	constructor(readonly options: FakeOptions) {}

	async start(): Promise<this> {
		this.server = http.createServer((req, res) => {
			let text = '';
			req.setEncoding('utf8');
			req.on('data', (chunk: string) => (text += chunk));
			req.on('end', () => {
				const body = text ? JSON.parse(text) : undefined;
				const key = req.headers['x-n8n-api-key'] as string | undefined;
				this.requests.push({ method: req.method!, path: req.url!, key, body });
				const [status, answer, type] = this.handle(req.method!, new URL(req.url!, 'http://x'), key, body);
				res.writeHead(status, { 'content-type': type ?? 'application/json; charset=utf-8' });
				res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
			});
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	close(): Promise<void> {
		return new Promise((resolve) => this.server.close(() => resolve()));
	}

	/** A workflow as someone created it in n8n (editor or CLI import). */
	seed(workflow: Json): Json {
		const id = workflow.id ?? randomBytes(8).toString('hex');
		const stored = { active: false, activeVersionId: null, isArchived: false, settings: {}, tags: [], ...clone(workflow), id, versionId: randomBytes(8).toString('hex') };
		this.workflows.set(id, stored);
		return stored;
	}

	byName(name: string): Json[] {
		return [...this.workflows.values()].filter((w) => w.name === name);
	}

	private validate(body: Json, update: boolean): string | undefined {
		const v2 = this.options.version === 2;
		const allowed = ['name', 'nodes', 'connections', 'settings', 'staticData', ...(v2 ? ['pinData', 'projectId', 'parentFolderId', 'nodeGroups', 'shared', ...(update ? ['description'] : [])] : ['shared'])];
		for (const key of Object.keys(body ?? {})) {
			if (READ_ONLY.includes(key)) return v2 ? `request/body/${key} is read-only` : 'request/body must NOT have additional properties';
			if (!allowed.includes(key)) return v2 ? `request/body Unrecognized key(s) in object: '${key}'` : 'request/body must NOT have additional properties';
		}
		for (const key of ['name', 'nodes', 'connections', 'settings']) if (body?.[key] === undefined) return `request/body must have required property '${key}'`;
		for (const [i, node] of (body.nodes as Json[]).entries()) {
			const bad = Object.keys(node).find((k) => !NODE_FIELDS.includes(k));
			if (bad) return v2 ? `request/body/nodes/${i} Unrecognized key(s) in object: '${bad}'` : `request/body/nodes/${i} must NOT have additional properties`;
		}
		const badSetting = Object.keys(body.settings).find((k) => !SETTINGS_V1.includes(k) && !(v2 && ['binaryMode', 'timeSavedMode', 'redactionPolicy', 'customTelemetryTags', 'credentialResolverId'].includes(k)));
		if (badSetting) return v2 ? `request/body/settings Unrecognized key(s) in object: '${badSetting}'` : 'request/body/settings must NOT have additional properties';
		return undefined;
	}

	private handle(method: string, url: URL, key: string | undefined, body: Json): [number, Json, string?] {
		const v2 = this.options.version === 2;
		const p = url.pathname;
		if (p === '/rest/settings') return [200, { data: { settingsMode: 'public', userManagement: {} } }];
		if (!p.startsWith('/api/v1')) return [404, `<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot ${method} ${p}</pre></body></html>`, 'text/html; charset=utf-8'];
		if (this.options.publicApi === false) {
			if (v2) return [401, { message: 'Unauthorized' }];
			return [404, `<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot ${method} ${p}</pre></body></html>`, 'text/html; charset=utf-8'];
		}
		if (key !== KEY) return [401, { message: this.options.echoKey ? `unknown API key ${key}` : 'unauthorized' }];
		const route = p.slice('/api/v1'.length);
		if (route === '/discover') return v2 ? [200, { data: { scopes: [], resources: {} } }] : [404, { message: 'not found' }];
		if (route === '/tags' && method === 'GET') return [200, { data: this.tags, nextCursor: null }];
		if (route === '/tags' && method === 'POST') {
			if (this.tags.some((t) => t.name === body.name)) return [409, { message: 'Tag already exists' }];
			const tag = { id: randomBytes(8).toString('hex'), name: body.name };
			this.tags.push(tag);
			return [201, tag];
		}
		if (route === '/workflows' && method === 'GET') {
			const limit = Number(url.searchParams.get('limit') ?? 100);
			const offset = url.searchParams.get('cursor') ? Number(Buffer.from(url.searchParams.get('cursor')!, 'base64').toString()) : 0;
			const all = [...this.workflows.values()];
			const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
			return [200, { data: all.slice(offset, offset + limit).map(clone), nextCursor: next }];
		}
		if (route === '/workflows' && method === 'POST') {
			const error = this.validate(body, false);
			if (error) return [400, { message: this.options.echoKey ? `${error} (key ${key})` : error }];
			const id = randomBytes(8).toString('hex');
			// like n8n: nodes that can receive webhooks get a webhook id
			for (const node of body.nodes as Json[]) if (WEBHOOK_NODES.includes(node.type) && !node.webhookId) node.webhookId = randomBytes(8).toString('hex');
			const workflow = { ...clone(body), id, active: false, activeVersionId: null, versionId: randomBytes(8).toString('hex'), isArchived: false, tags: [] };
			this.workflows.set(id, workflow);
			return [200, clone(workflow)];
		}
		const m = /^\/workflows\/([^/]+)(?:\/([^/]+))?$/.exec(route);
		const workflow = m ? this.workflows.get(decodeURIComponent(m[1])) : undefined;
		if (!m) return [404, { message: 'not found' }];
		const action = m[2];
		if (!action && method === 'GET') return workflow ? [200, clone(workflow)] : [404, { message: 'Not Found' }];
		if (!workflow) return [404, { message: 'Not Found' }];
		if (!action && method === 'PUT') {
			const error = this.validate(body, true);
			if (error) return [400, { message: error }];
			Object.assign(workflow, clone(body), { versionId: randomBytes(8).toString('hex') });
			// 2.x re-publishes a published workflow on update (publishIfActive defaults to true)
			if (v2 && workflow.activeVersionId) workflow.activeVersionId = workflow.versionId;
			return [200, clone(workflow)];
		}
		if (action === 'tags' && method === 'PUT') {
			workflow.tags = (body as Array<{ id: string }>).map((t) => this.tags.find((x) => x.id === t.id)!);
			return [200, workflow.tags];
		}
		if (method !== 'POST') return [405, { message: `${method} method not allowed` }];
		if (action === 'activate' || action === 'publish') {
			if (action === 'publish' && !v2) return [405, { message: 'POST method not allowed' }];
			if (workflowKind(workflow.nodes) === 'manual') return [400, { message: 'Workflow has no node to start the workflow - at least one trigger, poller or webhook node is required' }];
			if (v2 && this.options.strictPublish) {
				const open = (workflow.nodes as Json[]).find((n) => n.credentials && Object.values(n.credentials).some((c: Json) => !c?.id));
				if (open) return [400, { message: `Cannot publish workflow: 1 node have configuration issues:\n\nNode "${open.name}":\n  - Credential not configured: ${Object.keys(open.credentials)[0]}` }];
			}
			Object.assign(workflow, { active: true, activeVersionId: workflow.versionId });
			return [200, clone(workflow)];
		}
		if (action === 'deactivate' || action === 'unpublish') {
			if (action === 'unpublish' && !v2) return [405, { message: 'POST method not allowed' }];
			Object.assign(workflow, { active: false, activeVersionId: null });
			return [200, clone(workflow)];
		}
		return [404, { message: 'not found' }];
	}
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

// ---------------------------------------------------------------------------------------------
// Templates written for these tests (shaped like workflows-templates/)
// ---------------------------------------------------------------------------------------------

const SCHEDULED_ID = 'tplScheduled0001';
const CALLED_ID = 'tplCalled000001';
const ERROR_ID = 'tplErrorWf00001';

const uuid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const templateExtras = { pinData: {}, meta: { templateCredsSetupCompleted: false }, tags: [], active: false };

function scheduledTemplate(extraSettings: Array<{ name: string; value: unknown }> = []): Json {
	return {
		id: SCHEDULED_ID,
		name: 'Fixture: scheduled sync',
		nodes: [
			{ id: uuid(1), name: 'Every 15 minutes', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } } },
			{
				id: uuid(2),
				name: 'Config',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: uuid(101), name: 'region', value: 'eu', type: 'string' },
							{ id: uuid(102), name: 'batchSize', value: 100, type: 'number' },
							{ id: uuid(103), name: 'customerWorkflowId', value: CALLED_ID, type: 'string' },
							...extraSettings.map((s, i) => ({ id: uuid(110 + i), name: s.name, value: s.value, type: typeof s.value })),
						],
					},
					includeOtherFields: false,
					options: {},
				},
			},
			{ id: uuid(3), name: 'Read BC', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [440, 0], parameters: { url: 'https://bc.example/api' }, credentials: { oAuth2Api: { id: '', name: 'Business Central (client credentials)' } }, retryOnFail: true, maxTries: 3 },
			{ id: uuid(4), name: 'Call customers', type: 'n8n-nodes-base.executeWorkflow', typeVersion: 1.2, position: [660, 0], parameters: { workflowId: { __rl: true, mode: 'id', value: "={{ $('Config').first().json.customerWorkflowId }}" } } },
			{ id: uuid(5), name: 'Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [0, -200], parameters: { content: 'hello' } },
		],
		connections: {
			'Every 15 minutes': { main: [[{ node: 'Config', type: 'main', index: 0 }]] },
			Config: { main: [[{ node: 'Read BC', type: 'main', index: 0 }]] },
			'Read BC': { main: [[{ node: 'Call customers', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', saveManualExecutions: true, callerPolicy: 'workflowsFromSameOwner', executionTimeout: 900 },
		...templateExtras,
	};
}

const calledTemplate = {
	id: CALLED_ID,
	name: 'Fixture: called by the sync',
	nodes: [
		{ id: uuid(11), name: 'When called', type: 'n8n-nodes-base.executeWorkflowTrigger', typeVersion: 1.1, position: [0, 0], parameters: { inputSource: 'passthrough' } },
		{ id: uuid(12), name: 'Create customer', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [220, 0], parameters: {}, credentials: { oAuth2Api: { id: '', name: 'Business Central (client credentials)' } } },
		{ id: uuid(13), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} },
	],
	connections: { 'When called': { main: [[{ node: 'Create customer', type: 'main', index: 0 }]] }, 'Create customer': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner' },
	...templateExtras,
};

const errorTemplate = {
	id: ERROR_ID,
	name: 'Fixture: error notification',
	nodes: [
		{ id: uuid(21), name: 'Error Trigger', type: 'n8n-nodes-base.errorTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: uuid(22), name: 'Send email', type: 'n8n-nodes-base.emailSend', typeVersion: 2.1, position: [220, 0], parameters: {}, credentials: { smtp: { id: '', name: 'SMTP account' } } },
		{ id: uuid(23), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} },
		{ id: uuid(24), name: 'Post to Slack', type: 'n8n-nodes-base.slack', typeVersion: 2.3, position: [220, 200], parameters: {}, credentials: { slackApi: { id: '', name: 'Slack account' } } },
	],
	connections: { 'Error Trigger': { main: [[{ node: 'Send email', type: 'main', index: 0 }, { node: 'Post to Slack', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	meta: { templateCredsSetupCompleted: false },
	pinData: {},
	active: false,
};

/** No id, like list-orders.json. */
const manualTemplate = {
	name: 'Fixture: manual example',
	nodes: [
		{ id: uuid(31), name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: uuid(32), name: 'Otto Market', type: 'n8n-nodes-otto-market.ottoMarket', typeVersion: 1, position: [220, 0], parameters: {}, credentials: { ottoMarketOAuth2Api: { name: 'OTTO Market (simulator)' } } },
	],
	connections: { 'When clicking': { main: [[{ node: 'Otto Market', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	pinData: {},
	active: false,
};

async function templateDir(scheduled: Json = scheduledTemplate()): Promise<string> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'otto-loader-'));
	await writeTemplates(dir, scheduled);
	return dir;
}

async function writeTemplates(dir: string, scheduled: Json = scheduledTemplate()): Promise<void> {
	const files: Record<string, Json> = { 'scheduled.json': scheduled, 'called.json': calledTemplate, 'error.json': errorTemplate, 'manual.json': manualTemplate };
	for (const [file, content] of Object.entries(files)) await fs.writeFile(path.join(dir, file), JSON.stringify(content, null, 2));
}

interface RunResult {
	code: number;
	out: string;
	err: string;
	all: string;
}

async function run(args: string[], env: NodeJS.ProcessEnv = { N8N_API_KEY: KEY }): Promise<RunResult> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
	return { code, out: out.join('\n'), err: err.join('\n'), all: [...out, ...err].join('\n') };
}

const config = (workflow: Json): Record<string, unknown> =>
	Object.fromEntries(workflow.nodes.find((n: Json) => n.name === 'Config').parameters.assignments.assignments.map((a: Json) => [a.name, a.value]));

describe('template loader (npm run templates)', () => {
	let fake: FakeN8n;
	let dir: string;
	const load = (...extra: string[]) => run(['--url', fake.url, '--dir', dir, ...extra]);
	const only = (name: string) => {
		const list = fake.byName(name);
		expect(list).toHaveLength(1);
		return list[0];
	};

	afterEach(async () => {
		await fake?.close();
		if (dir) await fs.rm(dir, { recursive: true, force: true });
	});

	describe.each([1, 2] as const)('n8n %s.x', (version) => {
		beforeEach(async () => {
			fake = await new FakeN8n({ version }).start();
			dir = await templateDir();
		});

		it('creates every template, and a second run finds the same workflows instead of creating new ones', async () => {
			const first = await load();
			expect(first.err).toBe('');
			expect(first.code).toBe(0);
			expect(fake.workflows.size).toBe(4);
			expect(first.out.match(/^ {2}created — id /gm)).toHaveLength(4);
			// n8n chose the ids; nothing read-only was sent
			for (const request of fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/workflows')) {
				expect(Object.keys(request.body).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
			}
			const ids = [...fake.workflows.keys()].sort();

			const slackWebhookId = only('Fixture: error notification').nodes.find((n: Json) => n.name === 'Post to Slack').webhookId;
			expect(slackWebhookId).toBeTruthy();

			const second = await load();
			expect(second.code).toBe(0);
			expect([...fake.workflows.keys()].sort()).toEqual(ids);
			expect(second.out.match(/^ {2}unchanged — id /gm)).toHaveLength(4);
			expect(fake.requests.filter((r) => r.method === 'PUT' && !r.path.endsWith('/tags')).length).toBe(0);

			// a new version of one template: that workflow is updated in place
			const changed = scheduledTemplate();
			changed.nodes[2].parameters.url = 'https://bc.example/api/v2';
			await writeTemplates(dir, changed);
			const third = await load();
			expect(third.code).toBe(0);
			expect([...fake.workflows.keys()].sort()).toEqual(ids);
			expect(third.out).toMatch(/Fixture: scheduled sync {2}\[scheduled.json\]\n {2}updated — id \w+ \(found by the template's node ids\)/);
			expect(third.out.match(/^ {2}unchanged/gm)).toHaveLength(3);
			expect(only('Fixture: scheduled sync').nodes[2].parameters.url).toBe('https://bc.example/api/v2');
			// n8n's webhook id survives updates (the node's webhook URL stays the same)
			expect((await load('--reset-config')).code).toBe(0);
			expect(only('Fixture: error notification').nodes.find((n: Json) => n.name === 'Post to Slack').webhookId).toBe(slackWebhookId);
		});

		it("replaces template ids by n8n's ids and sets the error workflow", async () => {
			expect((await load()).code).toBe(0);
			const scheduled = only('Fixture: scheduled sync');
			const called = only('Fixture: called by the sync');
			const error = only('Fixture: error notification');
			expect(config(scheduled).customerWorkflowId).toBe(called.id);
			expect(scheduled.settings.errorWorkflow).toBe(error.id);
			expect(called.settings.errorWorkflow).toBe(error.id);
			expect(error.settings.errorWorkflow).toBeUndefined();
			expect(only('Fixture: manual example').settings.errorWorkflow).toBeUndefined();
			// created in an order that resolves every reference at once
			const created = fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/workflows').map((r) => r.body.name);
			expect(created.indexOf('Fixture: scheduled sync')).toBeGreaterThan(created.indexOf('Fixture: called by the sync'));
			expect(created.indexOf('Fixture: scheduled sync')).toBeGreaterThan(created.indexOf('Fixture: error notification'));
		});

		it("keeps a seller's Config values, schedule, name, credentials and error workflow on update; --reset-config takes the template's", async () => {
			expect((await load()).code).toBe(0);
			const scheduled = only('Fixture: scheduled sync');
			const id = scheduled.id;
			// the seller's settings, as made in the editor
			const assignments = scheduled.nodes[1].parameters.assignments.assignments;
			assignments.find((a: Json) => a.name === 'region').value = 'at';
			assignments.find((a: Json) => a.name === 'batchSize').value = 25;
			scheduled.nodes[0].parameters.rule = { interval: [{ field: 'hours', hoursInterval: 2 }] };
			scheduled.nodes[2].credentials = { oAuth2Api: { id: 'cred-bc-1', name: 'BC production' } };
			scheduled.name = 'OTTO → BC (shop A)';
			scheduled.settings.errorWorkflow = 'someOtherWorkflow';
			// a new template version with one more setting and a new node using BC
			const next = scheduledTemplate([{ name: 'maxOrders', value: 250 }]);
			next.nodes.push({ id: uuid(6), name: 'Write BC', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [880, 0], parameters: {}, credentials: { oAuth2Api: { id: '', name: 'Business Central (client credentials)' } } });
			await writeTemplates(dir, next);

			const update = await load();
			expect(update.code).toBe(0);
			const after = fake.workflows.get(id);
			expect(fake.workflows.size).toBe(4);
			expect(config(after)).toEqual({ region: 'at', batchSize: 25, customerWorkflowId: only('Fixture: called by the sync').id, maxOrders: 250 });
			expect(after.nodes[0].parameters.rule).toEqual({ interval: [{ field: 'hours', hoursInterval: 2 }] });
			expect(after.name).toBe('OTTO → BC (shop A)');
			expect(after.settings.errorWorkflow).toBe('someOtherWorkflow');
			expect(after.nodes.find((n: Json) => n.name === 'Read BC').credentials.oAuth2Api).toEqual({ id: 'cred-bc-1', name: 'BC production' });
			expect(after.nodes.find((n: Json) => n.name === 'Write BC').credentials.oAuth2Api).toEqual({ id: 'cred-bc-1', name: 'BC production' });
			expect(update.out).toContain('Config: 3 value(s) kept, new: maxOrders; own schedule kept; own name kept; 2 credential selection(s) kept');

			const reset = await load('--reset-config');
			expect(reset.code).toBe(0);
			const resetWorkflow = fake.workflows.get(id);
			expect(config(resetWorkflow)).toMatchObject({ region: 'eu', batchSize: 100, maxOrders: 250 });
			expect(resetWorkflow.nodes[0].parameters.rule).toEqual({ interval: [{ field: 'minutes', minutesInterval: 15 }] });
			expect(resetWorkflow.name).toBe('Fixture: scheduled sync');
			// credentials are never reset to placeholders
			expect(resetWorkflow.nodes.find((n: Json) => n.name === 'Read BC').credentials.oAuth2Api.id).toBe('cred-bc-1');
		});

		it('finds a workflow imported with the n8n CLI (the template id) and one found only by name', async () => {
			const imported = fake.seed({ ...clone(calledTemplate), meta: undefined, pinData: undefined, tags: [] });
			// the editor's import regenerated the node ids; the name is the template's
			fake.seed({ ...clone(errorTemplate), id: 'userImported001', nodes: errorTemplate.nodes.map((n, i) => ({ ...n, id: uuid(900 + i) })), tags: [] });
			const result = await load();
			expect(result.code).toBe(0);
			expect(fake.workflows.size).toBe(4);
			expect(result.out).toMatch(new RegExp(`(updated|unchanged) — id ${imported.id} \\(same id\\)`));
			expect(result.out).toMatch(/(updated|unchanged) — id userImported001 \(found by name\)/);
			// the CLI kept the template id, so the reference needs no change
			expect(config(only('Fixture: scheduled sync')).customerWorkflowId).toBe(CALLED_ID);
			expect(only('Fixture: scheduled sync').settings.errorWorkflow).toBe('userImported001');
		});

		it(`tags every workflow "${LOADER_TAG}" and keeps the user's tags`, async () => {
			fake.tags.push({ id: 'userTag', name: 'mine' });
			fake.seed({ ...clone(calledTemplate), id: undefined, tags: [{ id: 'userTag', name: 'mine' }] });
			expect((await load()).code).toBe(0);
			for (const workflow of fake.workflows.values()) expect(workflow.tags.map((t: Json) => t.name)).toContain(LOADER_TAG);
			expect(only('Fixture: called by the sync').tags.map((t: Json) => t.name).sort()).toEqual([LOADER_TAG, 'mine'].sort());
			expect(fake.tags.filter((t) => t.name === LOADER_TAG)).toHaveLength(1);
		});

		it('--only loads the named templates and says what they refer to that n8n lacks', async () => {
			const result = await load('--only', 'scheduled');
			expect(result.code).toBe(0);
			expect(fake.workflows.size).toBe(1);
			expect(result.out).toContain('refers to "Fixture: called by the sync" (called.json), which is not in n8n: load it too');
			expect(result.out).toContain('Settings → Error workflow: not set — load the error notification template too');
			// the rest later: the reference is fixed on the next run
			expect((await load('--only', `${CALLED_ID},error.json`)).code).toBe(0);
			expect(fake.workflows.size).toBe(3);
			const again = await load('--only', 'Fixture: scheduled sync');
			expect(again.out).toMatch(/^ {2}updated/m);
			expect(config(only('Fixture: scheduled sync')).customerWorkflowId).toBe(only('Fixture: called by the sync').id);
			expect(only('Fixture: scheduled sync').settings.errorWorkflow).toBe(only('Fixture: error notification').id);

			const unknown = await load('--only', 'nope');
			expect(unknown.code).not.toBe(0);
			expect(unknown.err).toBe('error: --only: no template "nope"; there are: called, error, manual, scheduled');
		});

		it('lists the credentials each workflow needs and whether they are selected', async () => {
			const result = await load();
			expect(result.out).toContain('oAuth2Api: NOT SELECTED in 1 node(s) (Read BC) — placeholder "Business Central (client credentials)"');
			expect(result.out).toContain('smtp: NOT SELECTED in 1 node(s) (Send email) — placeholder "SMTP account"');
			expect(result.out).toContain('Next: in n8n, select the credentials marked NOT SELECTED');
		});

		it('refuses to guess when two workflows contain the same template', async () => {
			fake.seed({ ...clone(calledTemplate), id: 'copyA', tags: [] });
			fake.seed({ ...clone(calledTemplate), id: 'copyB', tags: [] });
			const result = await load();
			expect(result.code).toBe(1);
			expect(result.out).toMatch(/NOT LOADED: 2 workflows in n8n contain this template's nodes \(copyA "Fixture: called by the sync", copyB "Fixture: called by the sync"\)/);
			expect(fake.byName('Fixture: called by the sync')).toHaveLength(2);
		});
	});

	it('n8n 2.x: --activate publishes the called workflows first, then the scheduled ones; --deactivate unpublishes the scheduled ones', async () => {
		fake = await new FakeN8n({ version: 2 }).start();
		dir = await templateDir();
		const result = await load('--activate');
		expect(result.code).toBe(0);
		const active = (name: string) => !!only(name).activeVersionId;
		expect(active('Fixture: scheduled sync')).toBe(true);
		expect(active('Fixture: called by the sync')).toBe(true);
		expect(active('Fixture: error notification')).toBe(true);
		expect(active('Fixture: manual example')).toBe(false);
		const published = fake.requests.filter((r) => r.path.endsWith('/publish')).map((r) => fake.workflows.get(r.path.split('/')[4])!.name);
		expect(published[published.length - 1]).toBe('Fixture: scheduled sync');
		expect(fake.requests.some((r) => /\/(activate|deactivate)$/.test(r.path))).toBe(false);
		expect(result.out).toContain('not activated: it has a manual trigger only');

		// an update of a published workflow is published with it (no second publish)
		const again = await load('--activate');
		expect(again.out.match(/published \(already\)/g)).toHaveLength(3);

		const off = await load('--deactivate');
		expect(off.code).toBe(0);
		expect(active('Fixture: scheduled sync')).toBe(false);
		expect(active('Fixture: called by the sync')).toBe(true);
		expect(active('Fixture: error notification')).toBe(true);
		expect(off.out).toMatch(/Fixture: scheduled sync[^\n]*\n(?: {2}[^\n]*\n)*? {2}unpublished/);
		expect(off.out).toContain('stays published: other workflows call it');
	});

	it('n8n 1.x: --activate activates only workflows with a trigger; called ones stay as they are', async () => {
		fake = await new FakeN8n({ version: 1 }).start();
		dir = await templateDir();
		const result = await load('--activate');
		expect(result.code).toBe(0);
		expect(only('Fixture: scheduled sync').active).toBe(true);
		expect(only('Fixture: called by the sync').active).toBe(false);
		expect(only('Fixture: error notification').active).toBe(false);
		expect(only('Fixture: manual example').active).toBe(false);
		expect(fake.requests.filter((r) => r.method === 'POST' && /\/(activate|publish)$/.test(r.path))).toHaveLength(1);
		expect(result.out).toContain('inactive: n8n 1.x runs a called workflow without activation');
		const off = await load('--deactivate');
		expect(off.code).toBe(0);
		expect(only('Fixture: scheduled sync').active).toBe(false);
		expect(off.out).toContain('deactivated');
	});

	it('reports a workflow n8n refuses to publish, publishes the others and ends with exit code 1', async () => {
		fake = await new FakeN8n({ version: 2, strictPublish: true }).start();
		dir = await templateDir();
		expect((await load()).code).toBe(0);
		// the seller selected the BC credential, not yet the SMTP one
		for (const workflow of fake.workflows.values()) {
			for (const node of workflow.nodes) if (node.credentials?.oAuth2Api) node.credentials.oAuth2Api = { id: 'cred-bc', name: 'BC' };
		}
		const result = await load('--activate');
		expect(result.code).toBe(1);
		expect(result.out).toContain('FAILED: publishing failed: n8n answered POST');
		expect(result.out).toContain('Credential not configured: smtp — select the credentials in n8n first');
		expect(only('Fixture: scheduled sync').activeVersionId).toBeTruthy();
		expect(only('Fixture: called by the sync').activeVersionId).toBeTruthy();
		expect(only('Fixture: error notification').activeVersionId).toBeNull();
	});

	describe('clear errors: one line, no stack trace, exit code ≠ 0, the key never printed', () => {
		const expectOneLine = (result: RunResult, pattern: RegExp) => {
			expect(result.code).not.toBe(0);
			expect(result.out).toBe('');
			expect(result.err.split('\n')).toHaveLength(1);
			expect(result.err).toMatch(pattern);
			expect(result.err).not.toMatch(/\n\s+at /);
			expect(result.all).not.toContain(KEY);
		};

		it('wrong key (401)', async () => {
			fake = await new FakeN8n({ version: 2 }).start();
			dir = await templateDir();
			expectOneLine(await run(['--url', fake.url, '--dir', dir], { N8N_API_KEY: `${KEY}x` }), /^error: n8n at http:\/\/127\.0\.0\.1:\d+ rejected the API key \(HTTP 401 unauthorized\): check N8N_API_KEY/);
		});

		it('public API switched off: 404 on 1.x, 401 on 2.x', async () => {
			fake = await new FakeN8n({ version: 1, publicApi: false }).start();
			dir = await templateDir();
			expectOneLine(await load(), /^error: n8n at \S+ has no public API \(GET \/api\/v1\/workflows: HTTP 404\): it is switched off \(N8N_PUBLIC_API_DISABLED=true\)/);
			await fake.close();
			fake = await new FakeN8n({ version: 2, publicApi: false }).start();
			expectOneLine(await load(), /rejected the API key \(HTTP 401 Unauthorized\).*public API is switched off on n8n 2\.x \(N8N_PUBLIC_API_DISABLED\)/);
		});

		it('not n8n', async () => {
			const other = http.createServer((_req, res) => {
				res.writeHead(404, { 'content-type': 'text/html' });
				res.end('<html><title>Not Found</title></html>');
			});
			await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
			try {
				const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
				expectOneLine(await run(['--url', url]), /^error: http:\/\/127\.0\.0\.1:\d+ does not look like n8n \(GET \/api\/v1\/workflows: HTTP 404\): check --url$/);
			} finally {
				await new Promise((resolve) => other.close(resolve));
			}
		});

		it('another server that answers 401 (e.g. an API with its own login): the URL is wrong, not the key', async () => {
			const other = http.createServer((_req, res) => {
				res.writeHead(401);
				res.end();
			});
			await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
			try {
				const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
				expectOneLine(await run(['--url', url]), /^error: http:\/\/127\.0\.0\.1:\d+ does not look like n8n \(GET \/api\/v1\/workflows: HTTP 401\): check --url$/);
			} finally {
				await new Promise((resolve) => other.close(resolve));
			}
		});

		it('connection refused', async () => {
			const closed = http.createServer();
			await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
			const port = (closed.address() as AddressInfo).port;
			await new Promise((resolve) => closed.close(resolve));
			expectOneLine(await run(['--url', `http://127.0.0.1:${port}`]), /^error: cannot reach n8n at http:\/\/127\.0\.0\.1:\d+: connection refused/);
		});

		it('no key, both flags, unknown argument', async () => {
			expectOneLine(await run(['--url', 'http://127.0.0.1:9'], {}), /^error: no API key: set N8N_API_KEY/);
			expect((await run(['--url', 'http://127.0.0.1:9', '--activate', '--deactivate'])).err).toBe('error: --activate and --deactivate exclude each other');
			expect((await run(['--url', 'http://127.0.0.1:9', '--frobnicate'])).err).toMatch(/^error: unknown argument "--frobnicate"\nUsage:/);
		});

		it('redacts the key where n8n echoes it, also when it came from --api-key', async () => {
			fake = await new FakeN8n({ version: 2, echoKey: true }).start();
			dir = await templateDir();
			const wrong = `${KEY}-wrong`;
			const viaEnv = await run(['--url', fake.url, '--dir', dir], { N8N_API_KEY: wrong });
			expect(viaEnv.code).not.toBe(0);
			expect(viaEnv.err).toContain('unknown API key ***');
			expect(viaEnv.all).not.toContain(wrong);
			const viaArgs = await run(['--url', fake.url, '--dir', dir, '--api-key', wrong], {});
			expect(viaArgs.all).not.toContain(wrong);
			expect(viaArgs.err).toContain('prefer the environment variable N8N_API_KEY');
			const good = await run(['--url', fake.url, '--dir', dir, `--api-key=${KEY}`], {});
			expect(good.code).toBe(0);
			expect(good.all).not.toContain(KEY);
			// the key went only where it belongs: in the header
			expect(fake.requests.filter((r) => r.path.startsWith('/api/')).every((r) => !r.path.includes(KEY) && !JSON.stringify(r.body ?? '').includes(KEY))).toBe(true);
		});
	});

	it.each([1, 2] as const)('loads every workflow of workflows-templates/ into n8n %s.x without a field the public API rejects', async (version) => {
		fake = await new FakeN8n({ version }).start();
		dir = '';
		const result = await run(['--url', fake.url, '--dir', DEFAULT_TEMPLATES_DIR]);
		expect(result.err).toBe('');
		expect(result.code).toBe(0);
		const files = (await fs.readdir(DEFAULT_TEMPLATES_DIR)).filter((f) => f.endsWith('.json'));
		expect(fake.workflows.size).toBeGreaterThanOrEqual(files.length);
		expect(result.out).not.toContain('not sent (the public API does not take it)');
		const second = await run(['--url', fake.url, '--dir', DEFAULT_TEMPLATES_DIR]);
		expect(second.out).not.toMatch(/^ {2}(created|updated)/m);
	});
});
