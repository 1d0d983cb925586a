/**
 * End-to-end: the template loader (`npm run templates`, scripts/templates.ts) against real n8n 2.41.1 and
 * 1.123.81 through their public REST API, with an API key the owner created over n8n's internal REST API.
 *
 * All templates are created; the seller selects credentials and fills in Config in n8n (done here over the
 * public API); `--activate` activates the scheduled ones (2.x: publishes them and the workflows they call);
 * a run with a changed template updates the same workflows, keeping the seller's settings; `--deactivate`
 * deactivates. The workflows never need to reach a simulator: every schedule is moved to 1 January 03:00
 * before anything is activated.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_TEMPLATES_DIR, LOADER_TAG, type Template, loadTemplates, workflowKind } from '../../scripts/templates';
import type { N8nSession } from '../templates/n8n-rest';
import { CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID, ORDERS_WORKFLOW_ID } from '../templates/skeleton';
import { N8N_VERSIONS, type N8nVersion, REPO_ROOT, type RunResult, getFreePort, killChildrenOnSignals, liveChildCount, log, run } from './n8n';
import { BC_CREDENTIAL, OTTO_CREDENTIAL, SMTP_CREDENTIAL, TemplateLab } from './template-lab';

jest.setTimeout(15 * 60_000);
killChildrenOnSignals();

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Never fires during a test. */
const NEVER = { interval: [{ field: 'cronExpression', expression: '0 0 3 1 1 *' }] };
const SETTINGS = ['saveExecutionProgress', 'saveManualExecutions', 'saveDataErrorExecution', 'saveDataSuccessExecution', 'executionTimeout', 'errorWorkflow', 'timezone', 'executionOrder', 'callerPolicy', 'callerIds'];

/** An API key with every scope the owner may give (2.x checks scopes; 1.x takes them too). */
async function createApiKey(session: N8nSession): Promise<string> {
	const headers = { cookie: session.cookie, 'browser-id': session.browserId, 'content-type': 'application/json', accept: 'application/json' };
	const scopesResponse = await fetch(`${session.url}/rest/api-keys/scopes`, { headers });
	if (!scopesResponse.ok) throw new Error(`GET /rest/api-keys/scopes: HTTP ${scopesResponse.status} ${await scopesResponse.text()}`);
	const scopes = ((await scopesResponse.json()) as { data: string[] }).data;
	const response = await fetch(`${session.url}/rest/api-keys`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ label: 'templates loader e2e', scopes, expiresAt: null }),
	});
	if (!response.ok) throw new Error(`POST /rest/api-keys: HTTP ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
}

describe.each(N8N_VERSIONS)('template loader against real n8n %s', (version: N8nVersion) => {
	const is2x = !version.startsWith('1.');
	const lab = new TemplateLab(version, { name: 'templates-loader' });
	let apiKey = '';
	let url = '';
	let templates: Template[] = [];
	/** workflows-templates/ as it was when the suite started (other work may change it meanwhile) */
	let snapshot = '';
	/** template key → id in n8n after the first run */
	const ids = new Map<string, string>();
	const outputs: string[] = [];

	async function api<T = Json>(method: string, apiPath: string, body?: unknown): Promise<T> {
		const response = await fetch(`${url}/api/v1${apiPath}`, {
			method,
			headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${apiPath}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return JSON.parse(text) as T;
	}

	async function allWorkflows(): Promise<Json[]> {
		return (await api<{ data: Json[] }>('GET', '/workflows?limit=250&excludePinnedData=true')).data;
	}

	const workflowOf = async (key: string): Promise<Json> => api('GET', `/workflows/${ids.get(key)}`);
	const keyOf = (templateId: string) => templates.find((t) => t.id === templateId)!.key;
	const isActive = (w: Json) => w.active === true;
	const config = (w: Json): Record<string, unknown> =>
		Object.fromEntries(w.nodes.find((n: Json) => n.name === 'Config').parameters.assignments.assignments.map((a: Json) => [a.name, a.value]));

	async function loader(args: string[], env: NodeJS.ProcessEnv = { N8N_API_KEY: apiKey }): Promise<RunResult> {
		const dir = args.includes('--dir') ? [] : ['--dir', snapshot];
		const result = await run('npx', ['tsx', 'scripts/templates.ts', '--url', url, ...dir, ...args], {
			cwd: REPO_ROOT,
			env: { ...process.env, ...env },
			timeoutMs: 300_000,
		});
		outputs.push(result.stdout, result.stderr);
		log(`n8n ${version}: templates ${args.join(' ')} → exit ${result.code}\n${result.stdout}${result.stderr}`);
		return result;
	}

	beforeAll(async () => {
		snapshot = await fs.mkdtemp(path.join(os.tmpdir(), 'otto-templates-'));
		for (const file of (await fs.readdir(DEFAULT_TEMPLATES_DIR)).filter((f) => f.endsWith('.json'))) await fs.copyFile(path.join(DEFAULT_TEMPLATES_DIR, file), path.join(snapshot, file));
		templates = await loadTemplates(snapshot);
		await lab.setUp();
		await lab.start();
		url = lab.n8n!.url;
		apiKey = await createApiKey(lab.session);
	}, 30 * 60_000);
	afterAll(async () => {
		await lab.tearDown();
		if (snapshot) await fs.rm(snapshot, { recursive: true, force: true });
	});

	test('the first run creates every template, inactive, tagged, with the template ids replaced by n8n ids', async () => {
		expect(await allWorkflows()).toEqual([]);
		const result = await loader([]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const workflows = await allWorkflows();
		expect(workflows).toHaveLength(templates.length);
		for (const template of templates) {
			const found = workflows.filter((w) => w.name === template.name);
			expect(found).toHaveLength(1);
			ids.set(template.key, found[0].id);
			expect(isActive(found[0])).toBe(false);
			expect(found[0].tags.map((t: Json) => t.name)).toContain(LOADER_TAG);
		}
		expect(result.stdout.match(/^ {2}created — id /gm)).toHaveLength(templates.length);

		const orders = await workflowOf(keyOf(ORDERS_WORKFLOW_ID));
		const errorId = ids.get(keyOf(ERROR_WORKFLOW_ID));
		expect(config(orders).customerWorkflowId).toBe(ids.get(keyOf(CUSTOMERS_WORKFLOW_ID)));
		expect(orders.settings.errorWorkflow).toBe(errorId);
		expect((await workflowOf(keyOf(CUSTOMERS_WORKFLOW_ID))).settings.errorWorkflow).toBe(errorId);
		expect(result.stdout).toMatch(/oAuth2Api: NOT SELECTED in \d+ node\(s\)/);
	});

	test('the seller selects credentials and fills in Config in n8n; --activate activates the scheduled workflows (2.x: publishes the called ones too)', async () => {
		// what a seller does in the editor after the first run, done over the public API
		for (const summary of await allWorkflows()) {
			const w = await api('GET', `/workflows/${summary.id}`);
			for (const node of w.nodes as Json[]) {
				if (node.credentials?.ottoMarketOAuth2Api) node.credentials.ottoMarketOAuth2Api = { ...OTTO_CREDENTIAL };
				if (node.credentials?.oAuth2Api) node.credentials.oAuth2Api = { ...BC_CREDENTIAL };
				if (node.credentials?.smtp) node.credentials.smtp = { ...SMTP_CREDENTIAL };
				if (node.type === 'n8n-nodes-base.scheduleTrigger') node.parameters.rule = NEVER;
			}
			const config = w.nodes.find((n: Json) => n.name === 'Config');
			for (const assignment of config?.parameters?.assignments?.assignments ?? []) {
				if (assignment.name === 'bcCompanyName') assignment.value = 'Seller GmbH';
				if (assignment.name === 'syncStateTableId') assignment.value = lab.tables.syncState;
				if (assignment.name === 'notifyEmailTo') assignment.value = 'seller@shop.example';
			}
			const settings = Object.fromEntries(Object.entries(w.settings ?? {}).filter(([k]) => SETTINGS.includes(k)));
			await api('PUT', `/workflows/${w.id}`, { name: w.name, nodes: w.nodes, connections: w.connections, settings });
		}

		const result = await loader(['--activate']);
		expect(result.code).toBe(0);
		const workflows = await allWorkflows();
		expect(workflows).toHaveLength(templates.length);
		for (const template of templates) {
			const w = workflows.find((x) => x.id === ids.get(template.key));
			const kind = workflowKind(template.workflow.nodes);
			const expected = kind === 'triggered' || (is2x && kind === 'called');
			expect({ key: template.key, active: isActive(w) }).toEqual({ key: template.key, active: expected });
			if (expected && is2x) expect(w.activeVersionId).toBe(w.versionId);
		}
		expect(workflowKind(templates.find((t) => t.id === ORDERS_WORKFLOW_ID)!.workflow.nodes)).toBe('triggered');
		expect(isActive(await workflowOf(keyOf(ORDERS_WORKFLOW_ID)))).toBe(true);
		expect(isActive(await workflowOf(keyOf(CUSTOMERS_WORKFLOW_ID)))).toBe(is2x);
		expect(isActive(await workflowOf(keyOf(ERROR_WORKFLOW_ID)))).toBe(is2x);
		expect(isActive(await workflowOf('list-orders.json'))).toBe(false);
		// the seller's selections survived the loader's update
		const orders = await workflowOf(keyOf(ORDERS_WORKFLOW_ID));
		expect(config(orders)).toMatchObject({ bcCompanyName: 'Seller GmbH', syncStateTableId: lab.tables.syncState });
		expect(orders.nodes.find((n: Json) => n.type === 'n8n-nodes-base.scheduleTrigger').parameters.rule).toEqual(NEVER);
		expect(result.stdout).not.toContain('NOT SELECTED in');
	});

	test('a changed template updates the same workflow (still active, 2.x: the update is published), keeping Config; the rest stays unchanged', async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'otto-templates-'));
		try {
			for (const file of await fs.readdir(snapshot)) await fs.copyFile(path.join(snapshot, file), path.join(dir, file));
			const ordersFile = keyOf(ORDERS_WORKFLOW_ID);
			const changed = JSON.parse(await fs.readFile(path.join(dir, ordersFile), 'utf8'));
			const note = changed.nodes.find((n: Json) => n.type === 'n8n-nodes-base.stickyNote');
			note.parameters.content += '\n\n(changed by the loader e2e)';
			await fs.writeFile(path.join(dir, ordersFile), JSON.stringify(changed, null, 2));
			const before = await workflowOf(ordersFile);

			const result = await loader(['--dir', dir]);
			expect(result.code).toBe(0);
			const workflows = await allWorkflows();
			expect(workflows).toHaveLength(templates.length);
			expect(new Set(workflows.map((w) => w.id))).toEqual(new Set(ids.values()));
			expect(result.stdout.match(/^ {2}updated — id /gm)).toHaveLength(1);
			expect(result.stdout.match(/^ {2}unchanged — id /gm)).toHaveLength(templates.length - 1);

			const after = await workflowOf(ordersFile);
			expect(after.nodes.find((n: Json) => n.id === note.id).parameters.content).toContain('(changed by the loader e2e)');
			expect(after.versionId).not.toBe(before.versionId);
			expect(isActive(after)).toBe(true);
			if (is2x) expect(after.activeVersionId).toBe(after.versionId);
			expect(config(after)).toMatchObject({ bcCompanyName: 'Seller GmbH', customerWorkflowId: ids.get(keyOf(CUSTOMERS_WORKFLOW_ID)) });
			expect(after.nodes.find((n: Json) => n.name === 'Get processable orders').credentials.ottoMarketOAuth2Api.id).toBe(OTTO_CREDENTIAL.id);
		} finally {
			await fs.rm(dir, { recursive: true, force: true });
		}
	});

	test('a second run with the shipped templates: same ids, same count; only the workflow whose template changed back is updated', async () => {
		const result = await loader([]);
		expect(result.code).toBe(0);
		const workflows = await allWorkflows();
		expect(workflows).toHaveLength(templates.length);
		expect(new Set(workflows.map((w) => w.id))).toEqual(new Set(ids.values()));
		// the order workflow gets its own template back (its note changed in the test before)
		expect(result.stdout.match(/^ {2}(updated|unchanged) — id /gm)).toHaveLength(templates.length);
		expect(result.stdout.match(/^ {2}updated — id /gm)).toHaveLength(1);
	});

	test('--deactivate deactivates the scheduled workflows; on 2.x the called ones stay published', async () => {
		const result = await loader(['--deactivate']);
		expect(result.code).toBe(0);
		for (const template of templates) {
			const w = await workflowOf(template.key);
			const kind = workflowKind(template.workflow.nodes);
			expect({ key: template.key, active: isActive(w) }).toEqual({ key: template.key, active: is2x && kind === 'called' });
		}
	});

	test('wrong key and wrong port: one line on stderr, exit code ≠ 0', async () => {
		const wrongKey = await loader([], { N8N_API_KEY: `${apiKey.slice(0, -4)}abcd` });
		expect(wrongKey.code).toBe(2);
		expect(wrongKey.stdout).toBe('');
		expect(wrongKey.stderr.trim().split('\n')).toHaveLength(1);
		expect(wrongKey.stderr).toMatch(/^error: n8n at http:\/\/localhost:\d+ rejected the API key \(HTTP 401/);

		const port = await getFreePort();
		const refused = await run('npx', ['tsx', 'scripts/templates.ts', '--url', `http://127.0.0.1:${port}`], { cwd: REPO_ROOT, env: { ...process.env, N8N_API_KEY: apiKey }, timeoutMs: 120_000 });
		outputs.push(refused.stdout, refused.stderr);
		expect(refused.code).toBe(2);
		expect(refused.stderr.trim()).toBe(`error: cannot reach n8n at http://127.0.0.1:${port}: connection refused (is n8n running, and is the port right?)`);
	});

	test('the API key was never printed; no n8n process is left running', async () => {
		expect(outputs.length).toBeGreaterThan(0);
		for (const output of outputs) expect(output).not.toContain(apiKey);
		await lab.stop();
		expect(liveChildCount()).toBe(0);
	});
});
