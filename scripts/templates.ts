/**
 * `npm run templates -- --url http://localhost:5678 [--activate | --deactivate] [--only <file or id>,…]
 * [--reset-config] [--dir <folder>]`, with the API key in the environment variable N8N_API_KEY (or
 * `--api-key <key>`): imports the workflows of workflows-templates/ into an n8n through its public REST API
 * (/api/v1, header X-N8N-API-KEY) or updates the ones imported before, and activates or deactivates them
 * together — what the job queue's Create / Enable / Disable does for the Business Central extension.
 *
 * Checked against the public API of n8n 1.123.81, 2.40.7 and 2.41.1:
 *  - A workflow's id cannot be chosen (`id`, `active`, `meta`, `tags`, `pinData` are read-only or unknown
 *    on create/update). A template's workflow in n8n is found again by, in this order: the template's id
 *    (a workflow imported with `n8n import:workflow` keeps it), the template's node ids (n8n keeps node ids
 *    on import, on update and when a workflow or its nodes are renamed), the template's name. So a second
 *    run updates the same workflow. Template ids that other templates refer to (the customer workflow's id in
 *    Config, Settings → Error workflow) are replaced by the ids n8n gave those workflows.
 *  - Update (PUT) takes name, nodes, connections and settings, all strictly validated: only fields both
 *    versions accept are sent. On n8n 2.x a PUT of a published workflow publishes the update too.
 *  - A workflow that exists keeps its Config node values, its Schedule Trigger rule and its name (a seller's
 *    settings survive an update; `--reset-config` takes them from the template), its credential selections
 *    and its error workflow; everything else comes from the template.
 *  - Activation: n8n 2.x (it has /api/v1/discover) publishes (/publish, /unpublish), n8n 1.x activates
 *    (/activate, /deactivate). Workflows with a trigger n8n can activate (schedule, polling, webhook) are
 *    activated; on 2.x the workflows other workflows call (Execute Workflow Trigger, Error Trigger) are
 *    published too — 2.x runs only published versions of them —, on 1.x they stay as they are. Manual-only
 *    workflows are never activated. `--deactivate` deactivates the triggered ones and leaves called ones.
 *  - Every loaded workflow gets the tag "OTTO Market".
 *
 * Credentials are never created or chosen here: the loader prints which ones each workflow needs and
 * whether they are selected. The API key is never printed; whatever n8n echoes is redacted.
 * Node 20+ built-ins and fetch only (no runtime dependency).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const DEFAULT_TEMPLATES_DIR = path.resolve(__dirname, '..', 'workflows-templates');
export const LOADER_TAG = 'OTTO Market';

const USAGE = `Usage: npm run templates -- --url <n8n url> [--activate | --deactivate] [--only <file or id>,…] [--reset-config] [--dir <folder>]
  The API key comes from the environment variable N8N_API_KEY (n8n: Settings → n8n API) or --api-key <key>.
  --activate       activate the scheduled workflows (n8n 2.x: publish them and the workflows they call)
  --deactivate     deactivate the scheduled workflows
  --only a,b       only these templates: file name (with or without .json), template id or workflow name
  --reset-config   take Config values, schedule and name from the template (default: keep the existing ones)
  --dir <folder>   the template folder (default: workflows-templates/)`;

// ---------------------------------------------------------------------------------------------
// What the public API accepts (both versions; 2.x-only fields only where noted)
// ---------------------------------------------------------------------------------------------

const NODE_FIELDS = [
	'id', 'name', 'webhookId', 'disabled', 'notesInFlow', 'notes', 'type', 'typeVersion', 'executeOnce', 'alwaysOutputData',
	'retryOnFail', 'maxTries', 'waitBetweenTries', 'continueOnFail', 'onError', 'position', 'parameters', 'credentials',
];
const SETTINGS_V1 = [
	'saveExecutionProgress', 'saveManualExecutions', 'saveDataErrorExecution', 'saveDataSuccessExecution', 'executionTimeout',
	'errorWorkflow', 'timezone', 'executionOrder', 'callerPolicy', 'callerIds', 'timeSavedPerExecution', 'availableInMCP',
];
const SETTINGS_V2 = [...SETTINGS_V1, 'binaryMode', 'timeSavedMode', 'redactionPolicy', 'customTelemetryTags', 'credentialResolverId'];
/** Settings that are a seller's choice: an existing workflow keeps them. */
const KEPT_SETTINGS = ['errorWorkflow', 'timezone', 'callerPolicy', 'callerIds'];

const MANUAL_TRIGGERS = new Set(['n8n-nodes-base.manualTrigger', '@n8n/n8n-nodes-langchain.manualChatTrigger', 'n8n-nodes-base.start']);
const CALLED_TRIGGERS = new Set(['n8n-nodes-base.executeWorkflowTrigger', 'n8n-nodes-base.errorTrigger']);
const ACTIVATABLE_TYPES = new Set(['n8n-nodes-base.webhook', 'n8n-nodes-base.cron', 'n8n-nodes-base.interval']);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	disabled?: boolean;
	parameters?: Record<string, Json>;
	credentials?: Record<string, { id?: string | null; name?: string }>;
	[field: string]: Json;
}

/**
 * How a workflow runs: `triggered` (a trigger n8n activates: schedule, polling, webhook), `called` (only by
 * other workflows: Execute Workflow Trigger, or as error workflow: Error Trigger), `manual` (nothing else).
 */
export type WorkflowKind = 'triggered' | 'called' | 'manual';

export function workflowKind(nodes: WorkflowNode[]): WorkflowKind {
	const enabled = nodes.filter((n) => !n.disabled);
	const triggered = enabled.some(
		(n) => !MANUAL_TRIGGERS.has(n.type) && !CALLED_TRIGGERS.has(n.type) && (/trigger$/i.test(n.type) || ACTIVATABLE_TYPES.has(n.type)),
	);
	if (triggered) return 'triggered';
	return enabled.some((n) => CALLED_TRIGGERS.has(n.type)) ? 'called' : 'manual';
}

// ---------------------------------------------------------------------------------------------
// Errors and output
// ---------------------------------------------------------------------------------------------

/** Ends the run with one line (no stack trace) and an exit code. */
export class LoaderError extends Error {
	constructor(
		message: string,
		readonly exitCode = 2,
	) {
		super(message);
	}
}

/** A non-2xx answer of the public API. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly detail: string,
		readonly method: string,
		readonly apiPath: string,
	) {
		super(`${method} ${apiPath}: HTTP ${status}${detail ? ` ${detail}` : ''}`);
	}
}

export interface LoaderIo {
	out(line: string): void;
	err(line: string): void;
}

const consoleIo: LoaderIo = {
	out: (line) => process.stdout.write(`${line}\n`),
	err: (line) => process.stderr.write(`${line}\n`),
};

/** Replaces every occurrence of the secret by ***; keys are long, so a very short "secret" is left alone. */
function redactor(secret: string): (text: string) => string {
	if (secret.length < 6) return (text) => text;
	return (text) => text.split(secret).join('***');
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

export interface LoaderOptions {
	url: string;
	apiKey: string;
	activate: boolean;
	deactivate: boolean;
	only: string[];
	resetConfig: boolean;
	dir: string;
	keyFromArgs: boolean;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): LoaderOptions | 'help' {
	const options: LoaderOptions = {
		url: '',
		apiKey: env.N8N_API_KEY ?? '',
		activate: false,
		deactivate: false,
		only: [],
		resetConfig: false,
		dir: DEFAULT_TEMPLATES_DIR,
		keyFromArgs: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const eq = arg.indexOf('=');
		const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
		const value = (): string => {
			if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
			const next = argv[++i];
			if (next === undefined || next.startsWith('--')) throw new LoaderError(`${flag} needs a value\n${USAGE}`);
			return next;
		};
		switch (flag) {
			case '--help':
			case '-h':
				return 'help';
			case '--url':
				options.url = value();
				break;
			case '--api-key':
				options.apiKey = value();
				options.keyFromArgs = true;
				break;
			case '--activate':
				options.activate = true;
				break;
			case '--deactivate':
				options.deactivate = true;
				break;
			case '--only':
				options.only.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
				break;
			case '--reset-config':
				options.resetConfig = true;
				break;
			case '--dir':
				options.dir = path.resolve(value());
				break;
			default:
				throw new LoaderError(`unknown argument "${arg}"\n${USAGE}`);
		}
	}
	if (!options.url) throw new LoaderError(`--url is missing (e.g. --url http://localhost:5678)\n${USAGE}`);
	if (!/^https?:\/\//i.test(options.url)) throw new LoaderError(`--url must start with http:// or https:// (got "${options.url}")`);
	// the instance's address, also when someone passes the API's
	options.url = options.url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
	if (!options.apiKey) throw new LoaderError('no API key: set N8N_API_KEY (n8n: Settings → n8n API → Create an API key) or pass --api-key');
	if (options.activate && options.deactivate) throw new LoaderError('--activate and --deactivate exclude each other');
	return options;
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

export interface Template {
	/** File name (plus `#index` when a file holds several workflows). */
	key: string;
	file: string;
	/** The template's own id (undefined when the file has none). */
	id?: string;
	name: string;
	workflow: Record<string, Json> & { nodes: WorkflowNode[]; connections: Record<string, Json>; settings?: Record<string, Json> };
}

export async function loadTemplates(dir: string): Promise<Template[]> {
	let files: string[];
	try {
		files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
	} catch {
		throw new LoaderError(`template folder ${dir} cannot be read`);
	}
	const templates: Template[] = [];
	for (const file of files) {
		let content: unknown;
		try {
			content = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8'));
		} catch (error) {
			throw new LoaderError(`${file} is not valid JSON: ${(error as Error).message}`);
		}
		const list = (Array.isArray(content) ? content : [content]) as Array<Record<string, Json>>;
		list.forEach((workflow, index) => {
			if (!workflow || typeof workflow.name !== 'string' || !Array.isArray(workflow.nodes)) {
				throw new LoaderError(`${file}${list.length > 1 ? `#${index}` : ''} is not an n8n workflow (name and nodes missing)`);
			}
			templates.push({
				key: list.length > 1 ? `${file}#${index}` : file,
				file,
				id: typeof workflow.id === 'string' && workflow.id ? workflow.id : undefined,
				name: workflow.name,
				workflow: { connections: {}, settings: {}, ...workflow } as Template['workflow'],
			});
		});
	}
	if (!templates.length) throw new LoaderError(`no workflow templates (*.json) in ${dir}`);
	return templates;
}

function selectTemplates(templates: Template[], only: string[]): Template[] {
	if (!only.length) return templates;
	const selected = new Set<Template>();
	for (const wanted of only) {
		const w = wanted.toLowerCase();
		const found = templates.filter(
			(t) => [t.key, t.file, t.file.replace(/\.json$/, ''), t.id ?? '', t.name].some((name) => name.toLowerCase() === w),
		);
		if (!found.length) {
			throw new LoaderError(`--only: no template "${wanted}"; there are: ${templates.map((t) => t.key.replace(/\.json/, '')).join(', ')}`);
		}
		found.forEach((t) => selected.add(t));
	}
	return templates.filter((t) => selected.has(t));
}

// ---------------------------------------------------------------------------------------------
// The public API
// ---------------------------------------------------------------------------------------------

export interface RemoteWorkflow {
	id: string;
	name: string;
	active?: boolean;
	activeVersionId?: string | null;
	versionId?: string;
	isArchived?: boolean;
	nodes: WorkflowNode[];
	connections: Record<string, Json>;
	settings?: Record<string, Json> | null;
	tags?: Array<{ id: string; name: string }>;
}

class PublicApi {
	constructor(
		readonly baseUrl: string,
		private readonly key: string,
	) {}

	async request<T = Json>(method: string, apiPath: string, body?: unknown): Promise<T> {
		const response = await this.fetch(method, `/api/v1${apiPath}`, body, true);
		const text = await response.text();
		if (!response.ok) throw new ApiError(response.status, describeBody(text), method, apiPath);
		try {
			return (text ? JSON.parse(text) : undefined) as T;
		} catch {
			throw new ApiError(response.status, `(not JSON: ${oneLine(text).slice(0, 120)})`, method, apiPath);
		}
	}

	/** A request that throws LoaderError only when n8n cannot be reached at all. */
	async fetch(method: string, fullPath: string, body?: unknown, withKey = false): Promise<Response> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (withKey) headers['X-N8N-API-KEY'] = this.key;
		if (body !== undefined) headers['content-type'] = 'application/json';
		try {
			// no redirects: the key must not travel to another address
			return await fetch(`${this.baseUrl}${fullPath}`, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				redirect: 'manual',
				signal: AbortSignal.timeout(60_000),
			});
		} catch (error) {
			throw new LoaderError(`cannot reach n8n at ${this.baseUrl}: ${networkReason(error)}`);
		}
	}
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** n8n's `{ message }` (without a stack trace), or the start of the body. */
function describeBody(text: string): string {
	try {
		const parsed = JSON.parse(text) as { message?: unknown };
		if (parsed && typeof parsed.message === 'string') return parsed.message;
	} catch {
		// not JSON
	}
	const html = /<pre>([^<]*)<\/pre>/i.exec(text)?.[1] ?? /<title>([^<]*)<\/title>/i.exec(text)?.[1];
	return oneLine(html ?? text).slice(0, 200);
}

function networkReason(error: unknown): string {
	const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
	const code = e?.cause?.code;
	if (e?.name === 'TimeoutError') return 'no answer within 60 s';
	if (code === 'ECONNREFUSED') return 'connection refused (is n8n running, and is the port right?)';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found (check the host name in --url)';
	if (code === 'ECONNRESET') return 'the connection was reset';
	if (code && /CERT|SSL|TLS/i.test(code)) return `TLS error ${code} (check https:// and the certificate)`;
	return oneLine(e?.cause?.message ?? e?.message ?? String(error));
}

/** Checks URL and key with one list call; turns every "cannot work with this" answer into one clear line. */
async function connect(api: PublicApi): Promise<void> {
	const response = await api.fetch('GET', '/api/v1/workflows?limit=1', undefined, true);
	const text = await response.text();
	const status = response.status;
	if (status >= 300 && status < 400) {
		const location = response.headers.get('location') ?? '?';
		throw new LoaderError(`${api.baseUrl} redirects (HTTP ${status}) to ${location}: pass the address n8n is served at with --url`);
	}
	// n8n answers /rest/settings without a login: tells "wrong key" from "not n8n at this address"
	const isN8n = async () => {
		const settings = await api.fetch('GET', '/rest/settings').catch(() => undefined);
		return !!settings?.ok && /"(settingsMode|userManagement|versionCli)"/.test(await settings.text());
	};
	const detail = describeBody(text) ? ` ${describeBody(text)}` : '';
	if ((status === 401 || status === 403) && !(await isN8n())) {
		throw new LoaderError(`${api.baseUrl} does not look like n8n (GET /api/v1/workflows: HTTP ${status}${detail}): check --url`);
	}
	if (status === 401) {
		throw new LoaderError(
			`n8n at ${api.baseUrl} rejected the API key (HTTP 401${detail}): check N8N_API_KEY (n8n: Settings → n8n API); ` +
				'a deleted or expired key is rejected too, and so is every key when the public API is switched off on n8n 2.x (N8N_PUBLIC_API_DISABLED)',
		);
	}
	if (status === 403) {
		throw new LoaderError(`n8n at ${api.baseUrl} does not let this API key list workflows (HTTP 403${detail}): give the key the workflow and tag scopes`);
	}
	let body: { data?: unknown } | undefined;
	try {
		body = JSON.parse(text) as { data?: unknown };
	} catch {
		body = undefined;
	}
	if (status === 404 || !response.ok || !Array.isArray(body?.data)) {
		if (response.ok || status === 404) {
			if (!(await isN8n())) {
				throw new LoaderError(`${api.baseUrl} does not look like n8n (GET /api/v1/workflows: HTTP ${status}${response.ok ? ', not the public API' : ''}): check --url`);
			}
			if (status === 404) {
				throw new LoaderError(
					`n8n at ${api.baseUrl} has no public API (GET /api/v1/workflows: HTTP 404): it is switched off (N8N_PUBLIC_API_DISABLED=true) or served under another path (N8N_PUBLIC_API_ENDPOINT)`,
				);
			}
		}
		throw new LoaderError(`n8n at ${api.baseUrl} answered GET /api/v1/workflows with HTTP ${status} ${describeBody(text)}`.trim());
	}
}

/** n8n 2.x publishes; its public API has /discover, 1.x's has not. */
async function detectPublishModel(api: PublicApi): Promise<boolean> {
	try {
		await api.request('GET', '/discover?resource=workflow');
		return true;
	} catch (error) {
		if (error instanceof ApiError) return false;
		throw error;
	}
}

/** Every page of a list endpoint (`{ data, nextCursor }`). */
async function listAll<T>(api: PublicApi, apiPath: string, params: Record<string, string> = {}): Promise<T[]> {
	const all: T[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 1000; page++) {
		const query = new URLSearchParams({ limit: '100', ...params });
		if (cursor) query.set('cursor', cursor);
		const result = await api.request<{ data: T[]; nextCursor?: string | null }>('GET', `${apiPath}?${query}`);
		all.push(...result.data);
		cursor = result.nextCursor ?? undefined;
		if (!cursor || !result.data.length) break;
	}
	return all;
}

const listWorkflows = (api: PublicApi) => listAll<RemoteWorkflow>(api, '/workflows', { excludePinnedData: 'true' });
const listTags = (api: PublicApi) => listAll<{ id: string; name: string }>(api, '/tags');

// ---------------------------------------------------------------------------------------------
// Finding a template's workflow in n8n
// ---------------------------------------------------------------------------------------------

export type Match = { remote: RemoteWorkflow; by: 'id' | 'nodes' | 'name' } | { conflict: string } | undefined;

/** The workflow in n8n that is this template's (see the file comment); `taken` are ids other templates matched. */
export function findWorkflow(template: Template, remotes: RemoteWorkflow[], taken: Set<string>): Match {
	const live = remotes.filter((r) => !r.isArchived);
	const conflict = (list: RemoteWorkflow[], why: string): Match => ({
		conflict: `${list.length} workflows in n8n ${why} (${list.map((r) => `${r.id} "${r.name}"`).join(', ')}): delete or archive the copies, or leave the template's name only on the one to update`,
	});
	const pick = (list: RemoteWorkflow[], by: 'id' | 'nodes' | 'name', why: string): Match => {
		const free = list.filter((r) => !taken.has(r.id));
		if (free.length === 1) return { remote: free[0], by };
		if (free.length > 1) return conflict(free, why);
		return undefined;
	};
	if (template.id) {
		const byId = live.find((r) => r.id === template.id);
		if (byId && !taken.has(byId.id)) return { remote: byId, by: 'id' };
	}
	const ids = new Set(template.workflow.nodes.map((n) => n.id).filter((id): id is string => typeof id === 'string' && id.length > 0));
	if (ids.size) {
		const needed = Math.min(3, ids.size);
		const scored = live
			.map((r) => ({ r, score: (r.nodes ?? []).filter((n) => n.id && ids.has(n.id)).length }))
			.filter((s) => s.score >= needed && !taken.has(s.r.id));
		if (scored.length) {
			const best = Math.max(...scored.map((s) => s.score));
			const top = scored.filter((s) => s.score === best).map((s) => s.r);
			if (top.length === 1) return { remote: top[0], by: 'nodes' };
			const named = top.filter((r) => r.name === template.name);
			if (named.length === 1) return { remote: named[0], by: 'nodes' };
			return conflict(top, 'contain this template\'s nodes');
		}
	}
	return pick(
		live.filter((r) => r.name === template.name),
		'name',
		'have this template\'s name',
	);
}

// ---------------------------------------------------------------------------------------------
// Building what is sent
// ---------------------------------------------------------------------------------------------

export interface Payload {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, Json>;
	settings: Record<string, Json>;
}

interface BuildContext {
	publishModel: boolean;
	resetConfig: boolean;
	/** template id → id in n8n */
	ids: Map<string, string>;
	/** id in n8n of the error workflow (the template with an Error Trigger), when known */
	errorWorkflowId?: string;
	errorTemplateId?: string;
	/** the ids of all templates */
	templateIds: string[];
}

export interface BuildNotes {
	configKept: number;
	configNew: string[];
	configDropped: string[];
	scheduleKept: boolean;
	nameKept: boolean;
	credentialsKept: number;
	droppedFields: string[];
	errorWorkflowSet: boolean;
	/** no error workflow set: the error notification template is not in n8n */
	errorWorkflowMissing: boolean;
	/** template ids the workflow refers to that n8n does not have */
	unresolved: string[];
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function pick(object: Record<string, Json> | null | undefined, keys: string[]): Record<string, Json> {
	const out: Record<string, Json> = {};
	for (const key of keys) if (object && object[key] !== undefined) out[key] = object[key];
	return out;
}

/** Replaces every template id (of the templates n8n has) by the workflow's id in n8n, in all strings. */
function remapIds<T>(value: T, ids: Map<string, string>): T {
	const pairs = [...ids].filter(([from, to]) => from !== to);
	if (!pairs.length) return value;
	const walk = (v: Json): Json => {
		if (typeof v === 'string') return pairs.reduce((s, [from, to]) => s.split(from).join(to), v);
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
		return v;
	};
	return walk(value) as T;
}

function counterpart(existing: WorkflowNode[], node: WorkflowNode): WorkflowNode | undefined {
	return existing.find((n) => node.id && n.id === node.id) ?? existing.find((n) => n.name === node.name && n.type === node.type);
}

function isConfigNode(node: WorkflowNode): boolean {
	return node.name === 'Config' && node.type === 'n8n-nodes-base.set';
}

function assignmentsOf(node: WorkflowNode | undefined): Array<{ name: string; value: Json; type?: string }> | undefined {
	const list = node?.parameters?.assignments?.assignments;
	return Array.isArray(list) ? list : undefined;
}

/** The workflow as it is sent to n8n: the template, merged with what an existing workflow keeps. */
export function buildPayload(template: Template, existing: RemoteWorkflow | undefined, ctx: BuildContext): { payload: Payload; notes: BuildNotes } {
	const notes: BuildNotes = {
		configKept: 0,
		configNew: [],
		configDropped: [],
		scheduleKept: false,
		nameKept: false,
		credentialsKept: 0,
		droppedFields: [],
		errorWorkflowSet: false,
		errorWorkflowMissing: false,
		unresolved: [],
	};
	const nodes: WorkflowNode[] = clone(template.workflow.nodes).map((node) => {
		const dropped = Object.keys(node).filter((k) => !NODE_FIELDS.includes(k));
		dropped.forEach((k) => notes.droppedFields.push(`node "${node.name}": ${k}`));
		return pick(node, NODE_FIELDS) as WorkflowNode;
	});
	const allowedSettings = ctx.publishModel ? SETTINGS_V2 : SETTINGS_V1;
	const templateSettings = template.workflow.settings ?? {};
	Object.keys(templateSettings)
		.filter((k) => !allowedSettings.includes(k))
		.forEach((k) => notes.droppedFields.push(`settings: ${k}`));
	let settings = pick(templateSettings, allowedSettings);
	let name = template.name;

	if (existing) {
		const old = existing.nodes ?? [];
		if (!ctx.resetConfig) {
			if (existing.name !== template.name) {
				name = existing.name;
				notes.nameKept = true;
			}
			for (const node of nodes.filter(isConfigNode)) {
				const mine = assignmentsOf(node);
				const theirs = assignmentsOf(counterpart(old, node));
				if (!mine || !theirs) continue;
				for (const assignment of mine) {
					const kept = theirs.find((a) => a.name === assignment.name);
					if (kept) {
						assignment.value = kept.value;
						if (kept.type) assignment.type = kept.type;
						notes.configKept++;
					} else {
						notes.configNew.push(assignment.name);
					}
				}
				notes.configDropped.push(...theirs.filter((a) => !mine.some((m) => m.name === a.name)).map((a) => a.name));
			}
			for (const node of nodes.filter((n) => n.type === 'n8n-nodes-base.scheduleTrigger')) {
				const before = counterpart(old, node) ?? (old.filter((n) => n.type === node.type).length === 1 ? old.find((n) => n.type === node.type) : undefined);
				if (before?.parameters?.rule !== undefined && node.parameters) {
					if (JSON.stringify(before.parameters.rule) !== JSON.stringify(node.parameters.rule)) notes.scheduleKept = true;
					node.parameters.rule = before.parameters.rule;
				}
			}
		}
		// n8n gives nodes that can receive webhooks (e.g. Slack's send-and-wait) a webhook id: keep it, so
		// their URLs stay the same and an unchanged template compares equal
		for (const node of nodes) {
			const before = counterpart(old, node);
			if (!node.webhookId && before?.webhookId && before.type === node.type) node.webhookId = before.webhookId;
		}
		// credential selections always survive: the template only has placeholders
		for (const node of nodes) {
			if (!node.credentials) continue;
			const before = counterpart(old, node);
			for (const type of Object.keys(node.credentials)) {
				let chosen = before?.credentials?.[type];
				if (!chosen?.id) {
					// a node the template added: the credential every other node of that type uses
					const used = new Map(old.map((n) => n.credentials?.[type]).filter((c) => c?.id).map((c) => [c!.id, c!]));
					chosen = used.size === 1 ? [...used.values()][0] : undefined;
				}
				if (chosen?.id) {
					node.credentials[type] = { id: chosen.id, name: chosen.name ?? node.credentials[type]?.name ?? '' };
					notes.credentialsKept++;
				}
			}
		}
		const kept = pick(existing.settings, allowedSettings);
		settings = { ...kept, ...settings, ...pick(existing.settings, KEPT_SETTINGS.filter((k) => allowedSettings.includes(k))) };
	}

	const kind = workflowKind(nodes);
	const isErrorWorkflow = nodes.some((n) => n.type === 'n8n-nodes-base.errorTrigger');
	if (!settings.errorWorkflow && !isErrorWorkflow && kind !== 'manual') {
		if (ctx.errorWorkflowId) {
			settings.errorWorkflow = ctx.errorWorkflowId;
			notes.errorWorkflowSet = true;
		} else if (ctx.errorTemplateId) {
			notes.errorWorkflowMissing = true;
		}
	}

	const payload = remapIds({ name, nodes, connections: clone(template.workflow.connections ?? {}), settings }, ctx.ids);
	// template ids still in there belong to templates n8n does not have (yet)
	const text = JSON.stringify(payload);
	for (const id of ctx.templateIds) {
		if (!ctx.ids.has(id) && text.includes(id) && !notes.unresolved.includes(id)) notes.unresolved.push(id);
	}
	return { payload, notes };
}

/** Keys sorted, so two workflows compare by content. */
function stable(value: Json): string {
	if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.filter((k) => value[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stable(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** The fields an update sends, normalised as n8n stores them (empty credential id = none). */
function comparable(workflow: { name: string; nodes?: WorkflowNode[]; connections?: Record<string, Json>; settings?: Record<string, Json> | null }, settingsKeys: string[]): string {
	const nodes = (workflow.nodes ?? []).map((node) => {
		const n = pick(node, NODE_FIELDS);
		if (n.credentials) {
			n.credentials = Object.fromEntries(
				Object.entries(n.credentials as Record<string, { id?: string | null; name?: string }>).map(([type, c]) => [type, { id: c?.id || '', name: c?.name ?? '' }]),
			);
		}
		return n;
	});
	return stable({ name: workflow.name, nodes, connections: workflow.connections ?? {}, settings: pick(workflow.settings, settingsKeys) });
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

export interface Outcome {
	template: Template;
	kind: WorkflowKind;
	action: 'created' | 'updated' | 'unchanged' | 'failed' | 'conflict';
	id?: string;
	matchedBy?: 'id' | 'nodes' | 'name';
	error?: string;
	notes?: BuildNotes;
	remote?: RemoteWorkflow;
	activation?: string;
	activationFailed?: boolean;
}

function hint(message: string): string {
	if (/Unrecognized node type: n8n-nodes-otto-market/i.test(message)) {
		return `${message} — install the community node n8n-nodes-otto-market first (n8n: Settings → Community nodes)`;
	}
	if (/Credential not configured|Missing required credential|credentials? .*not (set|selected)/i.test(message)) {
		return `${message} — select the credentials in n8n first`;
	}
	return message;
}

function errorText(error: unknown): string {
	if (error instanceof ApiError) return hint(`n8n answered ${error.method} ${error.apiPath} with HTTP ${error.status}: ${error.detail}`);
	if (error instanceof LoaderError) throw error;
	return oneLine((error as Error)?.message ?? String(error));
}

/** Dependencies first: a template whose id another one contains, and the error workflow. */
function creationOrder(selected: Template[], errorTemplate: Template | undefined): Template[] {
	const deps = new Map<Template, Template[]>();
	for (const t of selected) {
		const text = JSON.stringify({ nodes: t.workflow.nodes, settings: t.workflow.settings });
		const list = selected.filter((u) => u !== t && u.id && text.includes(u.id));
		if (errorTemplate && errorTemplate !== t && selected.includes(errorTemplate) && workflowKind(t.workflow.nodes) !== 'manual' && !list.includes(errorTemplate)) {
			list.push(errorTemplate);
		}
		deps.set(t, list);
	}
	const order: Template[] = [];
	const visiting = new Set<Template>();
	const visit = (t: Template) => {
		if (order.includes(t) || visiting.has(t)) return; // a cycle is broken here and fixed after creation
		visiting.add(t);
		deps.get(t)!.forEach(visit);
		visiting.delete(t);
		order.push(t);
	};
	selected.forEach(visit);
	return order;
}

function shortPath(dir: string): string {
	const relative = path.relative(process.cwd(), dir);
	return !relative ? '.' : relative.startsWith('..') ? dir : relative;
}

export async function runLoader(options: LoaderOptions, io: LoaderIo): Promise<number> {
	const templates = await loadTemplates(options.dir);
	const selected = selectTemplates(templates, options.only);
	if (options.keyFromArgs) io.err('note: --api-key is visible to other users of this machine (ps, shell history); prefer the environment variable N8N_API_KEY');

	const api = new PublicApi(options.url, options.apiKey);
	await connect(api);
	const publishModel = await detectPublishModel(api);
	const settingsKeys = publishModel ? SETTINGS_V2 : SETTINGS_V1;
	const remotes = await listWorkflows(api);
	io.out(
		`n8n at ${options.url} (${publishModel ? 'n8n 2.x: activating = publishing' : 'n8n 1.x'}): ${remotes.length} workflow(s); ` +
			`loading ${selected.length} of ${templates.length} template(s) from ${shortPath(options.dir)}`,
	);

	// which workflow in n8n is which template's: exact ids first, so no other rule can take those
	const matches = new Map<Template, Match>();
	const taken = new Set<string>();
	for (const t of templates) {
		const byId = t.id ? remotes.find((r) => r.id === t.id && !r.isArchived) : undefined;
		if (byId) {
			matches.set(t, { remote: byId, by: 'id' });
			taken.add(byId.id);
		}
	}
	for (const t of templates) {
		if (matches.has(t)) continue;
		const match = findWorkflow(t, remotes, taken);
		matches.set(t, match);
		if (match && 'remote' in match) taken.add(match.remote.id);
	}
	const remoteIds = new Map<Template, string>();
	const ids = new Map<string, string>();
	for (const [t, match] of matches) {
		if (match && 'remote' in match) {
			remoteIds.set(t, match.remote.id);
			if (t.id) ids.set(t.id, match.remote.id);
		}
	}
	const errorTemplate = templates.find((t) => t.workflow.nodes.some((n) => n.type === 'n8n-nodes-base.errorTrigger' && !n.disabled));
	const templateIds = templates.map((t) => t.id).filter((id): id is string => !!id);
	const context = (): BuildContext => ({
		publishModel,
		resetConfig: options.resetConfig,
		ids,
		errorWorkflowId: errorTemplate ? remoteIds.get(errorTemplate) : undefined,
		errorTemplateId: errorTemplate?.id,
		templateIds,
	});

	// create or update
	const outcomes: Outcome[] = [];
	for (const template of creationOrder(selected, errorTemplate)) {
		const match = matches.get(template);
		const outcome: Outcome = { template, kind: workflowKind(template.workflow.nodes), action: 'failed' };
		outcomes.push(outcome);
		if (match && 'conflict' in match) {
			outcome.action = 'conflict';
			outcome.error = match.conflict;
			continue;
		}
		const existing = match?.remote;
		const { payload, notes } = buildPayload(template, existing, context());
		outcome.notes = notes;
		outcome.matchedBy = match?.by;
		try {
			if (existing) {
				outcome.id = existing.id;
				if (comparable(existing, settingsKeys) === comparable(payload, settingsKeys)) {
					outcome.action = 'unchanged';
					outcome.remote = existing;
				} else {
					const updated = await api.request<RemoteWorkflow>('PUT', `/workflows/${encodeURIComponent(existing.id)}`, payload);
					outcome.action = 'updated';
					outcome.remote = { ...updated, tags: existing.tags };
				}
			} else {
				const created = await api.request<RemoteWorkflow>('POST', '/workflows', payload);
				outcome.action = 'created';
				outcome.id = created.id;
				outcome.remote = { ...created, tags: created.tags ?? [] };
				remoteIds.set(template, created.id);
				if (template.id) ids.set(template.id, created.id);
			}
		} catch (error) {
			outcome.action = 'failed';
			outcome.error = errorText(error);
		}
	}
	// references to workflows created after the one that refers to them (a cycle)
	for (const outcome of outcomes.filter((o) => o.action === 'created' && o.notes?.unresolved.length)) {
		const { payload, notes } = buildPayload(outcome.template, outcome.remote, { ...context(), resetConfig: false });
		if (notes.unresolved.length === outcome.notes!.unresolved.length) continue;
		try {
			outcome.remote = { ...(await api.request<RemoteWorkflow>('PUT', `/workflows/${encodeURIComponent(outcome.id!)}`, payload)), tags: outcome.remote?.tags };
			outcome.notes!.unresolved = notes.unresolved;
			outcome.notes!.errorWorkflowSet ||= notes.errorWorkflowSet;
			outcome.notes!.errorWorkflowMissing = notes.errorWorkflowMissing;
		} catch (error) {
			outcome.action = 'failed';
			outcome.error = errorText(error);
		}
	}

	await tagWorkflows(api, outcomes, io);
	if (options.activate || options.deactivate) await changeActivation(api, outcomes, publishModel, options.activate);
	else describeActivation(outcomes, publishModel);

	report(outcomes, templates, io, options);
	const failed = outcomes.filter((o) => o.action === 'failed' || o.action === 'conflict' || o.activationFailed).length;
	return failed ? 1 : 0;
}

async function tagWorkflows(api: PublicApi, outcomes: Outcome[], io: LoaderIo): Promise<void> {
	const untagged = outcomes.filter((o) => o.remote && Array.isArray(o.remote.tags) && !o.remote.tags.some((t) => t.name === LOADER_TAG));
	if (!untagged.length) return;
	try {
		let tag = (await listTags(api)).find((t) => t.name === LOADER_TAG);
		if (!tag) {
			try {
				tag = await api.request<{ id: string; name: string }>('POST', '/tags', { name: LOADER_TAG });
			} catch (error) {
				// created meanwhile
				if (!(error instanceof ApiError && error.status === 409)) throw error;
				tag = (await listTags(api)).find((t) => t.name === LOADER_TAG);
			}
		}
		if (!tag) return;
		for (const outcome of untagged) {
			const tags = [...outcome.remote!.tags!.map((t) => ({ id: t.id })), { id: tag.id }];
			outcome.remote!.tags = await api.request('PUT', `/workflows/${encodeURIComponent(outcome.remote!.id)}/tags`, tags);
		}
	} catch (error) {
		io.err(`warning: could not tag the workflows "${LOADER_TAG}": ${errorText(error)}`);
	}
}

function isActive(remote: RemoteWorkflow | undefined): boolean {
	return !!remote && (remote.active === true || (remote.activeVersionId !== undefined && remote.activeVersionId !== null));
}

/** What an active workflow runs on 2.x is its published version: is that the one just saved? */
function publishedIsCurrent(remote: RemoteWorkflow): boolean {
	return !remote.activeVersionId || !remote.versionId || remote.activeVersionId === remote.versionId;
}

async function changeActivation(api: PublicApi, outcomes: Outcome[], publishModel: boolean, activate: boolean): Promise<void> {
	const ok = outcomes.filter((o) => o.remote && o.action !== 'failed' && o.action !== 'conflict');
	// called workflows first: n8n 2.x publishes a workflow only when the workflows it calls are published
	const ordered = [...ok.filter((o) => o.kind === 'called'), ...ok.filter((o) => o.kind !== 'called')];
	for (const outcome of ordered) {
		const remote = outcome.remote!;
		const id = encodeURIComponent(remote.id);
		const active = isActive(remote);
		try {
			if (outcome.kind === 'manual') {
				outcome.activation = 'not activated: it has a manual trigger only';
			} else if (activate) {
				if (outcome.kind === 'called' && !publishModel) {
					outcome.activation = `${active ? 'active' : 'inactive'}: n8n 1.x runs a called workflow without activation`;
				} else if (active && (!publishModel || publishedIsCurrent(remote))) {
					outcome.activation = publishModel ? 'published (already)' : 'active (already)';
				} else {
					const result = await api.request<RemoteWorkflow>('POST', `/workflows/${id}/${publishModel ? 'publish' : 'activate'}`, publishModel ? {} : undefined);
					outcome.remote = { ...remote, ...pick(result, ['active', 'activeVersionId', 'versionId']) };
					outcome.activation = publishModel ? 'published' : 'activated';
				}
			} else if (outcome.kind === 'called') {
				outcome.activation = publishModel && active ? 'stays published: other workflows call it' : active ? 'active' : 'inactive';
			} else if (!active) {
				outcome.activation = 'inactive (already)';
			} else {
				const result = await api.request<RemoteWorkflow>('POST', `/workflows/${id}/${publishModel ? 'unpublish' : 'deactivate'}`);
				outcome.remote = { ...remote, ...pick(result, ['active', 'activeVersionId', 'versionId']) };
				outcome.activation = publishModel ? 'unpublished' : 'deactivated';
			}
		} catch (error) {
			outcome.activationFailed = true;
			outcome.activation = `${activate ? (publishModel ? 'publishing' : 'activation') : publishModel ? 'unpublishing' : 'deactivation'} failed: ${errorText(error)}`;
		}
	}
}

function describeActivation(outcomes: Outcome[], publishModel: boolean): void {
	for (const outcome of outcomes.filter((o) => o.remote)) {
		const active = isActive(outcome.remote);
		if (!active) outcome.activation = 'inactive';
		else if (!publishModel) outcome.activation = 'active';
		else outcome.activation = publishedIsCurrent(outcome.remote!) ? 'published' : 'published (an older version: run with --activate to publish this one)';
	}
}

function credentialLines(nodes: WorkflowNode[]): string[] {
	const byType = new Map<string, { selected: Map<string, number>; missing: string[]; placeholder: string }>();
	for (const node of nodes.filter((n) => n.credentials && !n.disabled)) {
		for (const [type, credential] of Object.entries(node.credentials!)) {
			const entry = byType.get(type) ?? { selected: new Map<string, number>(), missing: [] as string[], placeholder: credential?.name ?? '' };
			byType.set(type, entry);
			if (credential?.id) entry.selected.set(credential.name ?? credential.id, (entry.selected.get(credential.name ?? credential.id) ?? 0) + 1);
			else entry.missing.push(node.name);
		}
	}
	return [...byType].map(([type, entry]) => {
		const chosen = [...entry.selected.keys()].map((name) => `"${name}"`).join(', ');
		if (!entry.missing.length) return `${type}: ${chosen}`;
		const missing = `NOT SELECTED in ${entry.missing.length} node(s) (${entry.missing.slice(0, 3).join(', ')}${entry.missing.length > 3 ? ', …' : ''}) — placeholder "${entry.placeholder}"`;
		return `${type}: ${chosen ? `${chosen}; ` : ''}${missing}`;
	});
}

function report(outcomes: Outcome[], templates: Template[], io: LoaderIo, options: LoaderOptions): void {
	const nameOf = (id: string) => {
		const t = templates.find((x) => x.id === id);
		return t ? `"${t.name}" (${t.key})` : id;
	};
	let missingCredentials = false;
	const byFile = [...outcomes].sort((a, b) => templates.indexOf(a.template) - templates.indexOf(b.template));
	for (const o of byFile) {
		io.out('');
		io.out(`${o.template.name}  [${o.template.key}]`);
		const how = o.matchedBy === 'id' ? 'same id' : o.matchedBy === 'nodes' ? "found by the template's node ids" : o.matchedBy === 'name' ? 'found by name' : '';
		if (o.action === 'conflict' || (o.action === 'failed' && !o.remote)) {
			io.out(`  ${o.action === 'conflict' ? 'NOT LOADED' : 'FAILED'}: ${o.error}`);
			continue;
		}
		io.out(`  ${o.action === 'failed' ? `FAILED (${o.error})` : o.action} — id ${o.id}${how ? ` (${how})` : ''}`);
		const n = o.notes;
		if (n) {
			if (o.action !== 'created') {
				const kept: string[] = [];
				if (options.resetConfig) kept.push('Config, schedule and name as in the template');
				else {
					const hasConfig = o.template.workflow.nodes.some(isConfigNode);
					if (hasConfig) {
						kept.push(
							`Config: ${n.configKept} value(s) kept${n.configNew.length ? `, new: ${n.configNew.join(', ')}` : ''}` +
								`${n.configDropped.length ? `, no longer used: ${n.configDropped.join(', ')}` : ''}`,
						);
					}
					if (n.scheduleKept) kept.push('own schedule kept');
					if (n.nameKept) kept.push('own name kept');
				}
				if (n.credentialsKept) kept.push(`${n.credentialsKept} credential selection(s) kept`);
				if (kept.length) io.out(`  ${kept.join('; ')}`);
			}
			if (n.errorWorkflowSet) io.out('  Settings → Error workflow: the OTTO error notification workflow');
			if (n.errorWorkflowMissing) io.out('  Settings → Error workflow: not set — load the error notification template too');
			for (const id of n.unresolved) io.out(`  refers to ${nameOf(id)}, which is not in n8n: load it too`);
			if (n.droppedFields.length) io.out(`  not sent (the public API does not take it): ${n.droppedFields.join('; ')}`);
		}
		const lines = credentialLines((o.remote?.nodes ?? []) as WorkflowNode[]);
		if (lines.length) {
			io.out('  credentials:');
			lines.forEach((line) => io.out(`    ${line}`));
			missingCredentials ||= lines.some((line) => line.includes('NOT SELECTED'));
		}
		if (o.activation) io.out(`  ${o.activationFailed ? 'FAILED: ' : ''}${o.activation}`);
	}
	const count = (action: Outcome['action']) => outcomes.filter((o) => o.action === action).length;
	const failed = count('failed') + count('conflict');
	const activationFailures = outcomes.filter((o) => o.activationFailed).length;
	io.out('');
	io.out(
		`${outcomes.length} template(s): ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${failed} failed` +
			`${activationFailures ? `; ${activationFailures} (de)activation(s) failed` : ''}`,
	);
	if (missingCredentials) io.out('Next: in n8n, select the credentials marked NOT SELECTED and fill in each Config node; then run again with --activate.');
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: LoaderIo = consoleIo): Promise<number> {
	// redact every key we may have been given, even when the arguments turn out wrong
	const secrets = [env.N8N_API_KEY ?? ''];
	argv.forEach((arg, i) => {
		if (arg === '--api-key' && argv[i + 1]) secrets.push(argv[i + 1]);
		if (arg.startsWith('--api-key=')) secrets.push(arg.slice('--api-key='.length));
	});
	const redactors = secrets.map(redactor);
	const redact = (text: string) => redactors.reduce((t, r) => r(t), text);
	const safe: LoaderIo = { out: (line) => io.out(redact(line)), err: (line) => io.err(redact(line)) };
	try {
		const options = parseArgs(argv, env);
		if (options === 'help') {
			safe.out(USAGE);
			return 0;
		}
		return await runLoader(options, safe);
	} catch (error) {
		if (error instanceof LoaderError) {
			safe.err(`error: ${error.message}`);
			return error.exitCode;
		}
		safe.err(`error: ${oneLine((error as Error)?.message ?? String(error))}`);
		return 1;
	}
}

if (require.main === module) {
	void main(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	});
}
