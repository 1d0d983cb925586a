/**
 * `npm start` (after `npm run build`): a local n8n 2.40.7 with this package installed the way n8n's
 * Community Nodes installer does it, next to the OTTO simulator.
 *
 *  - OTTO simulator on http://127.0.0.1:3999 (in this process)
 *  - n8n on http://localhost:5678, user folder .n8n-local/ (kept between runs)
 *  - credential "OTTO Market (simulator)" and every workflow of workflows-templates/ imported
 *  - the owner account is managed through n8n's env settings; its login is printed (stored in
 *    .n8n-local/owner.json)
 *
 * Ctrl-C stops n8n and the simulator. Ports: OTTO_START_N8N_PORT, OTTO_START_SIMULATOR_PORT;
 * listen address of n8n: OTTO_START_LISTEN_ADDRESS (default 127.0.0.1).
 *
 * The credential and the templates are imported again only when they changed (see
 * .n8n-local/start-state.json; delete it to re-import everything). Delete .n8n-local/ to start over.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

import { startSimulator, type OttoSimulator } from '../otto-simulator';
import {
	CREDENTIAL_TYPE,
	N8nUserFolder,
	NODE_TYPE,
	REPO_ROOT,
	type RunningN8n,
	ensureN8n,
	isPortFree,
	killAllChildren,
	loadWorkflowTemplates,
	log,
	packPackage,
	simulatorCredentialData,
} from '../e2e/n8n';

const N8N_VERSION = '2.40.7';
const N8N_PORT = Number(process.env.OTTO_START_N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.OTTO_START_SIMULATOR_PORT ?? 3999);
const LISTEN_ADDRESS = process.env.OTTO_START_LISTEN_ADDRESS ?? '127.0.0.1';
const LOCAL_DIR = path.join(REPO_ROOT, '.n8n-local');
const STATE_FILE = path.join(LOCAL_DIR, 'start-state.json');
const OWNER_FILE = path.join(LOCAL_DIR, 'owner.json');
const CREDENTIAL = { id: 'ottoSimulatorCred', name: 'OTTO Market (simulator)' };

interface StartState {
	credentialHash?: string;
	templates?: Record<string, string>;
}

interface Owner {
	email: string;
	password: string;
}

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

async function readJson<T>(file: string, fallback: T): Promise<T> {
	try {
		return JSON.parse(await fs.readFile(file, 'utf8')) as T;
	} catch {
		return fallback;
	}
}

async function loadOwner(): Promise<Owner> {
	const existing = await readJson<Owner | null>(OWNER_FILE, null);
	if (existing?.email && existing.password) return existing;
	const owner = { email: 'owner@otto-simulator.local', password: `Otto-${randomBytes(9).toString('base64url')}1` };
	await fs.writeFile(OWNER_FILE, JSON.stringify(owner, null, 2), { encoding: 'utf8', mode: 0o600 });
	return owner;
}

/** Logs in as the owner and reads the node types n8n serves to the editor. */
async function checkNodeTypeServed(url: string, owner: Owner): Promise<boolean> {
	const browserId = randomBytes(12).toString('hex');
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
	});
	if (!login.ok) throw new Error(`logging in as ${owner.email} failed: HTTP ${login.status}`);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const types = await fetch(`${url}/types/nodes.json`, { headers: { cookie, 'browser-id': browserId } });
	if (!types.ok) throw new Error(`GET /types/nodes.json failed: HTTP ${types.status}`);
	const nodes = (await types.json()) as Array<{ name: string }>;
	return nodes.some((n) => n.name === NODE_TYPE);
}

async function main(): Promise<void> {
	let sim: OttoSimulator | undefined;
	let n8n: RunningN8n | undefined;
	let stopping = false;

	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n and the OTTO simulator …');
		try {
			await n8n?.stop();
		} catch {
			// killed below
		}
		try {
			await sim?.close();
		} catch {
			// ignore
		}
		killAllChildren();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	process.on('SIGHUP', () => void shutdown(0));

	const started = Date.now();
	try {
		for (const [port, what] of [
			[SIMULATOR_PORT, 'the OTTO simulator'],
			[N8N_PORT, 'n8n'],
		] as const) {
			if (!(await isPortFree(port))) {
				throw new Error(`port ${port} (for ${what}) is in use: stop what listens there (another npm start?)`);
			}
		}

		const runtime = await ensureN8n(N8N_VERSION);

		sim = await startSimulator({ port: SIMULATOR_PORT });
		log(`OTTO simulator listening on ${sim.url} (client sim-client / sim-secret)`);

		await fs.mkdir(LOCAL_DIR, { recursive: true });
		const folder = await N8nUserFolder.open(runtime, LOCAL_DIR);
		const state = await readJson<StartState>(STATE_FILE, {});

		const tarball = await packPackage(path.join(LOCAL_DIR, 'pack'));
		const installed = await folder.installPackage(tarball);
		await fs.rm(tarball, { force: true });
		log(`installed ${installed.name}@${installed.version} into ${path.relative(REPO_ROOT, installed.dir)}`);

		const credentialData = simulatorCredentialData(sim.url);
		const credentialHash = sha({ CREDENTIAL, credentialData, key: folder.encryptionKey });
		const databaseExists = existsSync(path.join(folder.n8nFolder, 'database.sqlite'));
		if (state.credentialHash !== credentialHash || !databaseExists) {
			log(`importing credential "${CREDENTIAL.name}" → ${sim.url}`);
			await folder.importCredentials([{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: credentialData }]);
			state.credentialHash = credentialHash;
		}
		await folder.registerInstalledPackage([{ name: 'Otto Market', type: NODE_TYPE, version: 1 }]);

		const templates = await loadWorkflowTemplates(CREDENTIAL);
		const changed = templates.filter((t) => state.templates?.[t.key] !== sha(t.workflow) || !databaseExists);
		if (changed.length) {
			log(`importing ${changed.length} workflow(s) from workflows-templates/: ${changed.map((t) => t.key).join(', ')}`);
			await folder.importWorkflows(changed.map((t) => t.workflow));
		}
		state.templates = Object.fromEntries(templates.map((t) => [t.key, sha(t.workflow)]));
		await fs.writeFile(STATE_FILE, JSON.stringify(state, null, 2), 'utf8');

		const owner = await loadOwner();
		// n8n keeps only the bcrypt hash; bcryptjs comes with n8n.
		const bcrypt = require(path.join(runtime.dir, 'node_modules', 'bcryptjs')) as {
			hashSync(password: string, rounds: number): string;
		};

		log(`starting n8n ${N8N_VERSION} on port ${N8N_PORT} …`);
		n8n = await folder.start({
			port: N8N_PORT,
			listenAddress: LISTEN_ADDRESS,
			env: {
				N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
				N8N_INSTANCE_OWNER_EMAIL: owner.email,
				N8N_INSTANCE_OWNER_FIRST_NAME: 'OTTO',
				N8N_INSTANCE_OWNER_LAST_NAME: 'Developer',
				N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
			},
			onOutput: (chunk) => process.stdout.write(chunk),
		});
		n8n.exit.then(({ code, signal }) => {
			if (!stopping) {
				log(`n8n exited (${code ?? signal})`);
				void shutdown(code ?? 1);
			}
		});

		const served = await checkNodeTypeServed(n8n.url, owner);
		if (!served) throw new Error(`n8n started but does not list the node type ${NODE_TYPE}; see its log above`);

		const line = '─'.repeat(72);
		process.stdout.write(
			`\n${line}\n` +
				`  n8n ${N8N_VERSION} is running: ${n8n.url}   (ready after ${((Date.now() - started) / 1000).toFixed(0)} s)\n` +
				`  log in as ${owner.email} / ${owner.password}   (from .n8n-local/owner.json)\n` +
				`  node ${NODE_TYPE} is loaded; credential "${CREDENTIAL.name}" → ${sim.url}\n` +
				`  workflows: ${templates.map((t) => `"${t.workflow.name}"`).join(', ') || '(none)'}\n` +
				`  Ctrl-C stops n8n and the simulator\n${line}\n\n`,
		);
	} catch (error) {
		process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
		await shutdown(1);
	}
}

void main();
