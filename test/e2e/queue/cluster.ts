/**
 * Real n8n in queue mode: one `n8n start` (main: UI, webhooks, triggers, enqueues executions) and
 * `n8n worker` processes (run the executions), sharing PostgreSQL, Redis and one N8N_ENCRYPTION_KEY.
 * Also reads n8n's stored executions straight from PostgreSQL (with the `pg` and `flatted` modules of the
 * installed n8n, so the package gets no new dependency).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { N8nUserFolder, RunningN8n, getFreePort, log, sleep, type N8nRuntime } from '../n8n';
import { guardPid, unguardPid } from './guardian';
import type { Postgres, Service } from './services';

/** Environment of every n8n process of the cluster (and of its CLI commands). */
export function queueEnv(pg: Postgres, redis: Service): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_POOL_SIZE: '4',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// binary data must be readable by every process: filesystem mode is refused in queue mode
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// manual runs also go to the workers
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// a killed worker's job is noticed within seconds (defaults: 60 s lock, 30 s stalled check)
		QUEUE_WORKER_LOCK_DURATION: '6000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '3000',
		// the main marks executions whose job is gone as crashed every 0.1 min (default: 180 min)
		N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.1',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		N8N_LOG_LEVEL: 'info',
	};
}

export class Worker {
	private output = '';
	private closed: Promise<void>;
	private done = false;

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
		readonly healthPort: number,
	) {
		const collect = (chunk: string) => {
			this.output += chunk;
		};
		child.stdout!.setEncoding('utf8').on('data', collect);
		child.stderr!.setEncoding('utf8').on('data', collect);
		this.closed = new Promise((resolve) =>
			child.on('close', () => {
				this.done = true;
				killGroup(child, 'SIGKILL');
				workers.delete(child);
				unguardPid(child.pid);
				resolve();
			}),
		);
	}

	get pid(): number {
		return this.child.pid ?? -1;
	}

	get logs(): string {
		return this.output;
	}

	get running(): boolean {
		return !this.done;
	}

	/** Execution ids this worker logged as started. */
	startedExecutions(): string[] {
		return [...this.output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
	}

	async waitUntilReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.done) throw new Error(`${this.name} exited before it was ready:\n${this.output.split('\n').slice(-40).join('\n')}`);
			try {
				const response = await fetch(`http://127.0.0.1:${this.healthPort}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) });
				if (response.ok) return;
			} catch {
				// not yet
			}
			await sleep(500);
		}
		throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.output.split('\n').slice(-40).join('\n')}`);
	}

	/** SIGKILL of the worker process alone (a crash); its helpers are killed with it afterwards. */
	async crash(): Promise<void> {
		if (this.done) return;
		try {
			process.kill(this.pid, 'SIGKILL');
		} catch {
			// gone
		}
		await this.closed;
	}

	/** SIGTERM (graceful), SIGKILL after the grace period. */
	async stop(graceMs = 20_000): Promise<void> {
		if (this.done) return;
		killGroup(this.child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), graceMs);
		await this.closed;
		clearTimeout(timer);
	}
}

const workers = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// gone
	}
}

/** Kills every worker still running (synchronous, for 'exit' handlers). */
export function killAllWorkers(): void {
	for (const child of workers) killGroup(child, 'SIGKILL');
	workers.clear();
}
process.once('exit', killAllWorkers);

/** Starts `n8n worker --concurrency=<n>` and waits until its health endpoint says ready. */
export async function startWorker(folder: N8nUserFolder, name: string, concurrency: number): Promise<Worker> {
	const healthPort = await getFreePort();
	const brokerPort = await getFreePort();
	const runtime: N8nRuntime = folder.runtime;
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'worker', `--concurrency=${concurrency}`], {
		cwd: folder.userFolder,
		env: folder.env({
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	workers.add(child);
	guardPid(child.pid);
	const worker = new Worker(name, child, healthPort);
	try {
		await worker.waitUntilReady(180_000);
	} catch (error) {
		await worker.stop();
		throw error;
	}
	return worker;
}

// ---------------------------------------------------------------------------------------------
// n8n's stored executions (PostgreSQL)
// ---------------------------------------------------------------------------------------------

interface PgPool {
	on(event: 'error', listener: (error: Error) => void): void;
	query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
	end(): Promise<void>;
}

export interface StoredExecution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	startedAt: Date | null;
	stoppedAt: Date | null;
}

export interface StoredRunData {
	resultData: {
		error?: { message?: string };
		runData: Record<
			string,
			Array<{
				error?: { message?: string };
				data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> | null> };
			}>
		>;
	};
}

export class ExecutionStore {
	private constructor(
		private readonly pool: PgPool,
		private readonly parse: (text: string) => unknown,
	) {}

	static async open(runtime: N8nRuntime, pg: Postgres): Promise<ExecutionStore> {
		const modules = path.join(runtime.dir, 'node_modules');
		const { Pool } = require(path.join(modules, 'pg')) as { Pool: new (config: object) => PgPool };
		const { parse } = require(path.join(modules, 'flatted')) as { parse: (text: string) => unknown };
		const pool = new Pool({ host: pg.host, port: pg.port, user: pg.user, database: pg.database, max: 4 });
		// an idle connection that PostgreSQL closes (it is stopped at the end) must not crash the test process
		pool.on('error', () => undefined);
		await pool.query('SELECT 1');
		return new ExecutionStore(pool, parse);
	}

	async query<R>(text: string, values: unknown[] = []): Promise<R[]> {
		return (await this.pool.query<R>(text, values)).rows;
	}

	async executions(workflowId: string): Promise<StoredExecution[]> {
		const rows = await this.query<StoredExecution & { id: number | string }>(
			`SELECT id, "workflowId", status, finished, mode, "startedAt", "stoppedAt" FROM execution_entity WHERE "workflowId" = $1 ORDER BY id`,
			[workflowId],
		);
		return rows.map((r) => ({ ...r, id: String(r.id) }));
	}

	/** The stored run data of one execution (n8n keeps it "flatted" in execution_data.data). */
	async runData(executionId: string): Promise<StoredRunData> {
		const [row] = await this.query<{ data: string }>(`SELECT data FROM execution_data WHERE "executionId" = $1`, [Number(executionId)]);
		if (!row) throw new Error(`no execution_data for execution ${executionId}`);
		return this.parse(row.data) as StoredRunData;
	}

	/** Items a node emitted (first output) in every run of it in that execution. */
	async nodeItems(executionId: string, nodeName: string): Promise<Array<Record<string, unknown>>> {
		const data = await this.runData(executionId);
		const runs = data.resultData.runData[nodeName] ?? [];
		return runs.flatMap((r) => (r.data?.main[0] ?? []).map((item) => item.json));
	}

	/** Waits until the workflow has `count` executions that all ended (not new/running/waiting). */
	async waitForFinished(workflowId: string, count: number, timeoutMs: number): Promise<StoredExecution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const all = await this.executions(workflowId);
			const ended = all.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			if (all.length >= count && ended.length === all.length) return all;
			if (Date.now() > deadline) {
				const states = all.map((e) => `${e.id}:${e.status}`).join(', ');
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} ended executions of ${workflowId}: [${states}]`);
			}
			await sleep(300);
		}
	}

	/** Activates (publishes) workflows the way `n8n publish:workflow` does: the current version becomes the active one. */
	async publish(workflowIds: string[]): Promise<void> {
		await this.query(`UPDATE workflow_entity SET active = true, "activeVersionId" = "versionId" WHERE id = ANY($1)`, [workflowIds]);
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}

/** Starts the main (`n8n start`) of a queue-mode folder on a free port. */
export async function startMain(folder: N8nUserFolder): Promise<RunningN8n> {
	const main = await folder.start({ port: await getFreePort(), startTimeoutMs: 180_000 });
	const pid = main.child.pid;
	guardPid(pid);
	void main.exit.then(() => unguardPid(pid));
	log(`queue mode: main up on port ${main.port} (pid ${main.child.pid})`);
	return main;
}
