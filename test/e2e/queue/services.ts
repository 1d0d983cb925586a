/**
 * PostgreSQL and Redis for the queue-mode end-to-end suite, on 127.0.0.1 only, each in a throw-away folder.
 *
 * - PostgreSQL 15: the binaries of the image (`postgres`, `initdb` on PATH or in /usr/local/bin). PostgreSQL
 *   refuses to run as root, so as root the cluster belongs to the `postgres` user (or `nobody`) and both
 *   commands run through `runuser`. Trust authentication, but only on 127.0.0.1 and a private socket folder.
 * - Redis: Debian's `redis-server`; when it is missing and we are root it is installed with apt-get (never
 *   skipped: a machine where neither works fails the suite with the reason).
 *
 * Every server is started in the foreground as our own child, stopped by its PID (SIGINT / SIGTERM, SIGKILL
 * after a grace period), and killed by the guardian (guardian.ts) should the test process die first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { getFreePort, log, run, sleep } from '../n8n';
import { guardDir, guardPid, unguardDir, unguardPid } from './guardian';

const started = new Set<ChildProcess>();

function killNow(child: ChildProcess): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		try {
			child.kill('SIGKILL');
		} catch {
			// gone
		}
	}
}

/** Kills every server this module started that still runs (synchronous, for 'exit' handlers). */
export function killAllServices(): void {
	for (const child of started) killNow(child);
	started.clear();
}
process.once('exit', killAllServices);

export interface Service {
	name: string;
	pid: number;
	port: number;
	/** Graceful stop by PID (PostgreSQL: SIGINT to the postmaster, Redis: SIGTERM), SIGKILL after 15 s; resolves when it is gone. */
	stop(): Promise<void>;
	/** Last lines of its output, for failure messages. */
	tail(): string;
}

function startService(
	name: string,
	command: string,
	args: string[],
	port: number,
	stopSignal: NodeJS.Signals,
	options: { cwd?: string; env?: NodeJS.ProcessEnv; signalTarget?: () => number | undefined } = {},
): { service: Service; child: ChildProcess; output: () => string } {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	started.add(child);
	guardPid(child.pid);
	let output = '';
	const collect = (chunk: Buffer) => {
		output = (output + chunk.toString('utf8')).slice(-20_000);
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	const exited = new Promise<void>((resolve) =>
		child.on('close', () => {
			started.delete(child);
			unguardPid(child.pid);
			resolve();
		}),
	);
	const service: Service = {
		name,
		pid: child.pid ?? -1,
		port,
		tail: () => output.split('\n').slice(-30).join('\n'),
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			try {
				process.kill(options.signalTarget?.() ?? child.pid!, stopSignal);
			} catch {
				// gone
			}
			const timer = setTimeout(() => killNow(child), 15_000);
			await exited;
			clearTimeout(timer);
			killNow(child); // helpers left in its process group
		},
	};
	return { service, child, output: () => output };
}

async function waitForOutput(
	name: string,
	child: ChildProcess,
	output: () => string,
	pattern: RegExp,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!pattern.test(output())) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output().slice(-4000)}`);
		}
		if (Date.now() > deadline) throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${output().slice(-4000)}`);
		await sleep(100);
	}
}

function which(command: string, extra: string[] = []): string | undefined {
	for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), ...extra]) {
		const file = path.join(dir, command);
		if (dir && existsSync(file)) return file;
	}
	return undefined;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------

/** Finds redis-server; installs Debian's package with apt-get when missing (root only). Throws otherwise. */
export async function ensureRedisServer(): Promise<string> {
	const found = which('redis-server', ['/usr/bin', '/usr/sbin', '/usr/local/bin']);
	if (found) return found;
	if (!isRoot) {
		throw new Error('redis-server is not installed and this is not root, so it cannot be installed: run `apt-get install redis-server`');
	}
	log('redis-server is missing: installing Debian\'s redis-server with apt-get');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = await run('apt-get', ['update'], { env, timeoutMs: 300_000 });
	if (update.code !== 0) throw new Error(`apt-get update failed:\n${update.stderr.slice(-3000)}`);
	const install = await run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { env, timeoutMs: 300_000 });
	if (install.code !== 0) throw new Error(`apt-get install redis-server failed:\n${install.stderr.slice(-3000)}`);
	// the package's service is not started here (no init system); we run our own instance
	const installed = which('redis-server', ['/usr/bin', '/usr/sbin']);
	if (!installed) throw new Error('apt-get installed redis-server but no redis-server binary was found');
	return installed;
}

/** A private Redis on 127.0.0.1 (no persistence, no protected-mode surprises). */
export async function startRedis(): Promise<Service> {
	const binary = await ensureRedisServer();
	const port = await getFreePort();
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'otto-queue-redis-'));
	guardDir(dir);
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--loglevel', 'notice'];
	const { service, child, output } = startService('redis', binary, args, port, 'SIGTERM');
	await waitForOutput('redis-server', child, output, /Ready to accept connections/i, 30_000);
	const stop = service.stop;
	service.stop = async () => {
		await stop();
		await fs.rm(dir, { recursive: true, force: true });
		unguardDir(dir);
	};
	return service;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

export interface Postgres extends Service {
	host: string;
	user: string;
	database: string;
}

function pgBinary(name: string): string {
	const found = which(name, ['/usr/local/bin', '/usr/lib/postgresql/15/bin']);
	if (!found) {
		throw new Error(`${name} (PostgreSQL 15) was not found on PATH, in /usr/local/bin or /usr/lib/postgresql/15/bin`);
	}
	return found;
}

/** The unprivileged account PostgreSQL runs as when we are root. */
function pgAccount(): { name: string; uid: number; gid: number } | undefined {
	if (!isRoot) return undefined;
	for (const name of ['postgres', 'nobody']) {
		const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
		const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
		if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
	}
	throw new Error('running as root, but neither a postgres nor a nobody account exists to run PostgreSQL as');
}

/** A fresh PostgreSQL cluster (initdb) on 127.0.0.1, database `postgres`, user `postgres`, trust auth. */
export async function startPostgres(): Promise<Postgres> {
	const postgres = pgBinary('postgres');
	const initdb = pgBinary('initdb');
	const account = pgAccount();
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'otto-queue-pg-'));
	guardDir(root);
	const dataDir = path.join(root, 'data');
	const socketDir = path.join(root, 'socket');
	await fs.mkdir(socketDir);
	if (account) {
		await fs.chmod(root, 0o755);
		await fs.chown(root, account.uid, account.gid);
		await fs.chown(socketDir, account.uid, account.gid);
	}
	const as = (command: string, args: string[]): [string, string[]] =>
		account ? ['runuser', ['-u', account.name, '--', command, ...args]] : [command, args];

	const [initCommand, initArgs] = as(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
	const init = await run(initCommand, initArgs, { cwd: root, timeoutMs: 120_000 });
	if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.stdout.slice(-2000)}\n${init.stderr.slice(-2000)}`);

	const port = await getFreePort();
	const [command, args] = as(postgres, [
		'-D', dataDir,
		'-h', '127.0.0.1',
		'-p', String(port),
		'-k', socketDir,
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=100',
		'-c', 'shared_buffers=64MB',
	]);
	// SIGINT is PostgreSQL's "fast shutdown"; it goes to the postmaster itself (runuser does not pass it on)
	const postmasterPid = (): number | undefined => {
		try {
			const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
			return pid > 0 ? pid : undefined;
		} catch {
			return undefined;
		}
	};
	const { service, child, output } = startService('postgres', command, args, port, 'SIGINT', { cwd: root, signalTarget: postmasterPid });
	await waitForOutput('postgres', child, output, /database system is ready to accept connections/, 60_000);
	const stop = service.stop;
	return {
		...service,
		host: '127.0.0.1',
		user: 'postgres',
		database: 'postgres',
		async stop() {
			await stop();
			await fs.rm(root, { recursive: true, force: true });
			unguardDir(root);
		},
	};
}
