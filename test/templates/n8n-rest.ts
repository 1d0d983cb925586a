/**
 * A small client for the internal REST API (/rest) of a running n8n, as the editor uses it; checked
 * against n8n 2.40.7, 2.41.1 and 1.123.81. Used by the end-to-end tests and by `npm start` to prepare the
 * Data Tables of the template workflows and to watch executions. Node built-ins and fetch only.
 *
 * Differences between the versions handled here:
 *  - 1.x has no owner-by-env settings (N8N_INSTANCE_OWNER_*): ownerSession() sets the owner up
 *  - 1.x answers /healthz/readiness before it mounts /rest: every session first waits for /rest/settings
 *  - data tables: `take` is capped at 250 rows per page in 2.x and 50 in 1.x (we ask for 50);
 *    POST /:id/insert requires `returnType` in 1.x (optional in 2.x)
 */
import { randomBytes } from 'node:crypto';

/** A logged-in owner: send `cookie` and the same `browser-id` header with every call. */
export interface N8nSession {
	url: string;
	cookie: string;
	browserId: string;
}

export interface N8nOwner {
	email: string;
	password: string;
}

export type DataTableColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface DataTableDefinition {
	name: string;
	columns: ReadonlyArray<{ name: string; type: DataTableColumnType }>;
}

export type DataTableRow = Record<string, unknown>;

const strings = (...names: string[]) => names.map((name) => ({ name, type: 'string' as const }));
const numbers = (...names: string[]) => names.map((name) => ({ name, type: 'number' as const }));

/** The Data Tables the template workflows keep their state, log, errors and customer map in. */
export const OTTO_DATA_TABLES = {
	syncState: { name: 'otto_sync_state', columns: strings('workflow', 'cursor', 'lastSuccessAt', 'lastExecutionId', 'runningSince', 'runningExecutionId') },
	syncLog: {
		name: 'otto_sync_log',
		columns: [
			...strings('workflow', 'executionId', 'startedAt', 'finishedAt', 'status', 'cursorFrom', 'cursorTo'),
			...numbers('read', 'created', 'skipped', 'failed'),
			...strings('message'),
		],
	},
	syncErrors: {
		name: 'otto_sync_errors',
		columns: strings('workflow', 'executionId', 'occurredAt', 'reference', 'reason', 'logref', 'bcErrorCode', 'node'),
	},
	// no `createdAt` column: id, createdAt and updatedAt are system columns n8n fills in itself
	customerMap: { name: 'otto_customer_map', columns: strings('addressKey', 'customerNumber', 'customerName', 'country', 'customerId', 'postingGroupsSet') },
	// the quantity last sent to OTTO per SKU (template "OTTO Market ← BC: stock quantities")
	stock: { name: 'otto_stock', columns: [...strings('sku'), ...numbers('quantity')] },
	// the ad targets the template "OTTO Market: pause ads for sold-out SKUs" paused or resumed
	adsPaused: { name: 'otto_ads_paused', columns: strings('targetId', 'campaignId', 'sku', 'state', 'changedAt') },
} satisfies Record<string, DataTableDefinition>;

export type OttoDataTableIds = { [K in keyof typeof OTTO_DATA_TABLES]: string };

/** One call; returns the `data` of n8n's `{ data }` envelope. Errors name method, path, status, response. */
async function call<T>(
	target: { url: string; cookie?: string; browserId: string },
	method: string,
	path: string,
	body?: unknown,
	onResponse?: (response: Response) => void,
): Promise<T> {
	const headers: Record<string, string> = { 'browser-id': target.browserId, accept: 'application/json' };
	if (target.cookie) headers.cookie = target.cookie;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${target.url}/rest${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await response.text();
	if (!response.ok) {
		let detail = text.slice(0, 1000);
		try {
			detail = (JSON.parse(text) as { message?: string }).message ?? detail; // drops n8n's stack trace
		} catch {
			// not JSON
		}
		throw new Error(`n8n ${method} /rest${path} failed: HTTP ${response.status} ${detail}`);
	}
	onResponse?.(response);
	try {
		return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
	} catch {
		throw new Error(`n8n ${method} /rest${path}: HTTP ${response.status} but no JSON: ${text.slice(0, 1000)}`);
	}
}

/** Waits until n8n serves /rest (GET /rest/settings answers) and returns whether the owner still needs setting up. */
export async function waitForRest(url: string, timeoutMs = 60_000): Promise<{ ownerSetUp: boolean }> {
	const deadline = Date.now() + timeoutMs;
	const target = { url: url.replace(/\/+$/, ''), browserId: 'wait' };
	for (;;) {
		try {
			const settings = await call<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(target, 'GET', '/settings');
			return { ownerSetUp: settings?.userManagement?.showSetupOnFirstLoad !== true };
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

/** Posts credentials to an endpoint that issues the auth cookie, and returns the session. */
async function openSession(url: string, path: string, body: unknown): Promise<N8nSession> {
	const session: N8nSession = { url: url.replace(/\/+$/, ''), cookie: '', browserId: randomBytes(12).toString('hex') };
	await waitForRest(session.url);
	await call(session, 'POST', path, body, (response) => {
		const cookies = response.headers.getSetCookie();
		session.cookie = (cookies.find((c) => c.startsWith('n8n-auth=')) ?? cookies[0] ?? '').split(';')[0];
	});
	if (!session.cookie) throw new Error(`n8n POST /rest${path} answered without an auth cookie`);
	return session;
}

/** Logs in (POST /rest/login) and returns the session. */
export function login(url: string, owner: N8nOwner): Promise<N8nSession> {
	return openSession(url, '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
}

/** Creates the owner of a fresh instance (POST /rest/owner/setup; needed on 1.x) and returns its session. */
export function setupOwner(
	url: string,
	owner: N8nOwner & { firstName: string; lastName: string },
): Promise<N8nSession> {
	return openSession(url, '/owner/setup', owner);
}

/** Logs in as the owner, setting the owner up first on an instance that has none (1.x). */
export async function ownerSession(
	url: string,
	owner: N8nOwner & { firstName?: string; lastName?: string },
): Promise<N8nSession> {
	if ((await waitForRest(url)).ownerSetUp) return login(url, owner);
	const { email, password, firstName = 'OTTO', lastName = 'Developer' } = owner;
	return setupOwner(url, { email, password, firstName, lastName });
}

/** The id of the logged-in user's personal project (GET /rest/projects/personal). */
export async function personalProjectId(session: N8nSession): Promise<string> {
	const project = await call<{ id: string; type?: string }>(session, 'GET', '/projects/personal');
	if (!project?.id) throw new Error('n8n GET /rest/projects/personal returned no project id');
	return project.id;
}

const tablesPath = (projectId: string, tableId?: string) =>
	`/projects/${encodeURIComponent(projectId)}/data-tables${tableId ? `/${encodeURIComponent(tableId)}` : ''}`;

/** Returns the id of the project's Data Table of that name, creating it or adding missing columns. */
export async function ensureDataTable(
	session: N8nSession,
	projectId: string,
	definition: DataTableDefinition,
): Promise<string> {
	// the name filter is a case-insensitive substring match: pick the exact name ourselves
	const filter = encodeURIComponent(JSON.stringify({ name: definition.name }));
	const list = await call<{ count: number; data: Array<{ id: string; name: string }> }>(
		session,
		'GET',
		`${tablesPath(projectId)}?filter=${filter}&take=50`,
	);
	const existing = list.data.find((table) => table.name === definition.name);
	if (!existing) {
		const created = await call<{ id: string }>(session, 'POST', tablesPath(projectId), {
			name: definition.name,
			columns: definition.columns.map(({ name, type }) => ({ name, type })),
		});
		return created.id;
	}
	const columnsPath = `${tablesPath(projectId, existing.id)}/columns`;
	const columns = await call<Array<{ name: string; type: string }>>(session, 'GET', columnsPath);
	for (const column of definition.columns) {
		const found = columns.find((c) => c.name === column.name);
		if (found && found.type !== column.type) {
			throw new Error(
				`Data Table "${definition.name}" has column "${column.name}" of type ${found.type}, expected ${column.type}`,
			);
		}
		if (!found) await call(session, 'POST', columnsPath, { name: column.name, type: column.type });
	}
	return existing.id;
}

/** Creates (or finds) every OTTO Data Table (OTTO_DATA_TABLES) in the project and returns their ids. */
export async function ensureOttoDataTables(session: N8nSession, projectId: string): Promise<OttoDataTableIds> {
	const ids: Partial<OttoDataTableIds> = {};
	for (const key of Object.keys(OTTO_DATA_TABLES) as Array<keyof typeof OTTO_DATA_TABLES>) {
		ids[key] = await ensureDataTable(session, projectId, OTTO_DATA_TABLES[key]);
	}
	return ids as OttoDataTableIds;
}

/** Every row of a Data Table (with n8n's id, createdAt, updatedAt), oldest first. */
export async function dataTableRows(session: N8nSession, projectId: string, tableId: string): Promise<DataTableRow[]> {
	const rows: DataTableRow[] = [];
	for (;;) {
		const page = await call<{ count: number; data: DataTableRow[] }>(
			session,
			'GET',
			`${tablesPath(projectId, tableId)}/rows?take=50&skip=${rows.length}&sortBy=${encodeURIComponent('id:asc')}`,
		);
		rows.push(...page.data);
		if (!page.data.length || rows.length >= page.count) return rows;
	}
}

/** Inserts rows into a Data Table and returns them as stored (with their ids). */
export function insertRows(
	session: N8nSession,
	projectId: string,
	tableId: string,
	rows: DataTableRow[],
): Promise<DataTableRow[]> {
	return call(session, 'POST', `${tablesPath(projectId, tableId)}/insert`, { data: rows, returnType: 'all' });
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	/** new, running, success, error, canceled, crashed, waiting, unknown */
	status: string;
	/** manual, trigger, webhook, cli, … */
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

/** The latest executions (at most `limit`, ≤ 100), optionally of one workflow, newest first. */
export async function listExecutions(session: N8nSession, workflowId?: string, limit = 100): Promise<ExecutionSummary[]> {
	const query = new URLSearchParams({ limit: String(limit) });
	if (workflowId) query.set('filter', JSON.stringify({ workflowId }));
	const { results } = await call<{ results: Array<ExecutionSummary & { createdAt?: string }> }>(
		session,
		'GET',
		`/executions?${query}`,
	);
	// running executions come first, then finished ones by start: sort them all by start (or creation)
	const when = (e: { startedAt: string | null; createdAt?: string }) => Date.parse(e.startedAt ?? e.createdAt ?? '') || 0;
	return results
		.sort((a, b) => when(b) - when(a) || Number(b.id) - Number(a.id))
		.map((e) => ({
			id: String(e.id),
			workflowId: String(e.workflowId),
			status: e.status,
			mode: e.mode,
			startedAt: e.startedAt ?? null,
			stoppedAt: e.stoppedAt ?? null,
		}));
}

/** Parses n8n's `flatted` serialisation: an array whose first entry is the root; strings inside objects are indexes. */
export function parseFlatted(text: string): unknown {
	const input = JSON.parse(text) as unknown[];
	const done = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (done.has(index)) return done.get(index);
		const value = input[index];
		if (value === null || typeof value !== 'object') return value;
		const out: Record<string, unknown> = Array.isArray(value) ? ([] as unknown as Record<string, unknown>) : {};
		done.set(index, out);
		for (const [key, entry] of Object.entries(value)) out[key] = typeof entry === 'string' ? revive(Number(entry)) : entry;
		return out;
	};
	return revive(0);
}

/** The error of a failed execution and the node it happened in; undefined when it has none. */
export async function getExecutionError(
	session: N8nSession,
	executionId: string,
): Promise<{ message: string; description?: string; node?: string } | undefined> {
	const path = `/executions/${encodeURIComponent(executionId)}`;
	const execution = await call<{ data?: string } | undefined>(session, 'GET', path);
	if (!execution?.data) throw new Error(`n8n GET /rest${path}: execution or its data not found`);
	const run = parseFlatted(execution.data) as {
		resultData?: {
			lastNodeExecuted?: string;
			error?: { message?: string; description?: string | null; node?: { name?: string } };
		};
	};
	const error = run.resultData?.error;
	if (!error) return undefined;
	return {
		message: error.message ?? '',
		...(error.description ? { description: error.description } : {}),
		node: error.node?.name ?? run.resultData?.lastNodeExecuted,
	};
}

/** Deletes every row of a Data Table (n8n requires a filter: id ≥ 0 matches all). */
export async function clearDataTable(session: N8nSession, projectId: string, tableId: string): Promise<void> {
	const filter = JSON.stringify({ type: 'and', filters: [{ columnName: 'id', condition: 'gte', value: 0 }] });
	await call(session, 'DELETE', `/projects/${projectId}/data-tables/${tableId}/rows?filter=${encodeURIComponent(filter)}`);
}
