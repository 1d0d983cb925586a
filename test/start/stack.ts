/**
 * The local stack behind `npm start`, as a function: the OTTO simulator, the Business Central (BC) simulator,
 * an SMTP sink and n8n 2.41.1 with this package installed the way n8n's Community Nodes installer does it,
 * credentials and workflows-templates/ imported, the Data Tables created and the owner managed through n8n's
 * env settings. `npm start` (start.ts) runs it in .n8n-local/ on fixed ports; the browser suite runs it in a
 * temporary user folder on free ports.
 *
 * Credentials and templates are imported again only when they changed (see <localDir>/start-state.json; delete
 * it to re-import everything). Workflows are imported with the CLI while n8n is stopped, but the Data Tables
 * (whose ids go into the BC templates) can only be created while it runs: so the first start (or one after the
 * tables, the templates or the simulator ports changed) starts n8n, creates the tables, stops n8n, imports the
 * configured templates and starts n8n again. Later starts start n8n once.
 * The simulators start from their seed every time; the Data Tables (sync cursor, customer map) are kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

import { BC_SCOPE, DEFAULT_BC_CLIENT, MAIN_COMPANY_NAME, startBcSimulator, type BcSimulator } from '../bc-simulator';
import { startSimulator, type OttoSimulator } from '../otto-simulator';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../harness/smtp-sink';
import { configureTemplates, bcSimulatorCredentialData, smtpSinkCredentialData } from '../templates/configure';
import {
	clearDataTable,
	ensureOttoDataTables,
	ownerSession,
	personalProjectId,
	type N8nSession,
	type OttoDataTableIds,
} from '../templates/n8n-rest';
import { CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID, ORDERS_WORKFLOW_ID } from '../templates/orders';
import {
	CREDENTIAL_TYPE,
	N8nUserFolder,
	NODE_TYPE,
	REPO_ROOT,
	type RunningN8n,
	type WorkflowTemplate,
	ensureN8n,
	getFreePort,
	isPortFree,
	loadWorkflowTemplates,
	log,
	packPackage,
	simulatorCredentialData,
} from '../e2e/n8n';

export const N8N_VERSION = '2.41.1';
export const CREDENTIAL = { id: 'ottoSimulatorCred', name: 'OTTO Market (simulator)' };
export const BC_CREDENTIAL = { id: 'ottoBcSimulatorCred', name: 'Business Central (simulator)' };
export const SMTP_CREDENTIAL = { id: 'ottoSmtpSinkCred', name: 'SMTP (local sink)' };
/** The BC templates: they need the Data Tables' ids in their Config. */
const BC_WORKFLOW_IDS = [ORDERS_WORKFLOW_ID, CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID];
/** Published after each import (n8n 2.x runs only published sub-workflows and error workflows). */
export const PUBLISHED_WORKFLOW_IDS = [CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID];
export const NOTIFY_EMAIL = { notifyEmailTo: 'seller@otto-simulator.local', notifyEmailFrom: 'n8n@otto-simulator.local' };

interface StartState {
	credentialHash?: string;
	templates?: Record<string, string>;
	/** Ids of the Data Tables the BC templates were configured with. */
	tables?: OttoDataTableIds;
}

export interface Owner {
	email: string;
	password: string;
}

export interface LocalStackOptions {
	/** The n8n user folder (n8n's data in <localDir>/.n8n); created when missing, kept between runs. */
	localDir: string;
	/** Ports; a missing one is a free port picked at start. A given port must be free. */
	n8nPort?: number;
	simulatorPort?: number;
	bcPort?: number;
	smtpPort?: number;
	/** Address n8n listens on (default 127.0.0.1). */
	listenAddress?: string;
	/** n8n's output as it comes (default: dropped; RunningN8n.logs keeps it too). */
	onOutput?: (chunk: string) => void;
	/** Called when n8n exits without stop() having been called. */
	onUnexpectedExit?: (code: number) => void;
}

export interface LocalStack {
	url: string;
	owner: Owner;
	session: N8nSession;
	n8n: RunningN8n;
	sim: OttoSimulator;
	bc: BcSimulator;
	smtp: SmtpSink;
	templates: WorkflowTemplate[];
	/** Milliseconds from the call until n8n was ready. */
	readyAfterMs: number;
	/** Stops n8n (gracefully), the simulators and the SMTP sink. Safe to call more than once. */
	stop(): Promise<void>;
}

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

async function readJson<T>(file: string, fallback: T): Promise<T> {
	try {
		return JSON.parse(await fs.readFile(file, 'utf8')) as T;
	} catch {
		return fallback;
	}
}

async function loadOwner(file: string): Promise<Owner> {
	const existing = await readJson<Owner | null>(file, null);
	if (existing?.email && existing.password) return existing;
	const owner = { email: 'owner@otto-simulator.local', password: `Otto-${randomBytes(9).toString('base64url')}1` };
	await fs.writeFile(file, JSON.stringify(owner, null, 2), { encoding: 'utf8', mode: 0o600 });
	return owner;
}

/** Reads the node types n8n serves to the editor, as the logged-in owner. */
async function checkNodeTypeServed(session: N8nSession): Promise<boolean> {
	const types = await fetch(`${session.url}/types/nodes.json`, {
		headers: { cookie: session.cookie, 'browser-id': session.browserId },
	});
	if (!types.ok) throw new Error(`GET /types/nodes.json failed: HTTP ${types.status}`);
	const nodes = (await types.json()) as Array<{ name: string }>;
	return nodes.some((n) => n.name === NODE_TYPE);
}

async function portFor(given: number | undefined, what: string): Promise<number> {
	if (given === undefined) return getFreePort();
	if (!(await isPortFree(given))) {
		throw new Error(`port ${given} (for ${what}) is in use: stop what listens there (another npm start?)`);
	}
	return given;
}

/** Starts the stack; on failure everything started so far is stopped before the error is thrown. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
	const started = Date.now();
	const localDir = path.resolve(options.localDir);
	const stateFile = path.join(localDir, 'start-state.json');
	const ownerFile = path.join(localDir, 'owner.json');
	const listenAddress = options.listenAddress ?? '127.0.0.1';
	let sim: OttoSimulator | undefined;
	let bc: BcSimulator | undefined;
	let smtp: SmtpSink | undefined;
	let n8n: RunningN8n | undefined;
	let stopping = false;

	const stop = async () => {
		stopping = true;
		try {
			await n8n?.stop();
		} catch {
			// the caller's killAllChildren() ends it
		}
		n8n = undefined;
		for (const server of [sim, bc, smtp]) {
			try {
				await server?.close();
			} catch {
				// ignore
			}
		}
		sim = bc = smtp = undefined;
	};

	try {
		const simulatorPort = await portFor(options.simulatorPort, 'the OTTO simulator');
		const bcPort = await portFor(options.bcPort, 'the BC simulator');
		const smtpPort = await portFor(options.smtpPort, 'the SMTP sink');
		const n8nPort = await portFor(options.n8nPort, 'n8n');

		const runtime = await ensureN8n(N8N_VERSION);

		sim = await startSimulator({ port: simulatorPort });
		log(`OTTO simulator listening on ${sim.url} (client sim-client / sim-secret)`);
		bc = await startBcSimulator({ port: bcPort });
		log(`BC simulator listening on ${bc.url} (tenant ${bc.tenantId}, environment ${bc.environment})`);
		smtp = await startSmtpSink({ port: smtpPort });
		log(`SMTP sink listening on ${smtp.host}:${smtp.port}`);

		await fs.mkdir(localDir, { recursive: true });
		const folder = await N8nUserFolder.open(runtime, localDir);
		const state = await readJson<StartState>(stateFile, {});
		const saveState = () => fs.writeFile(stateFile, JSON.stringify(state, null, 2), 'utf8');

		const tarball = await packPackage(path.join(localDir, 'pack'));
		const installed = await folder.installPackage(tarball);
		await fs.rm(tarball, { force: true });
		log(`installed ${installed.name}@${installed.version} into ${path.relative(REPO_ROOT, installed.dir)}`);

		const credentials = [
			{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: simulatorCredentialData(sim.url) },
			{ ...BC_CREDENTIAL, type: 'oAuth2Api', data: bcSimulatorCredentialData(bc, DEFAULT_BC_CLIENT, BC_SCOPE) },
			{ ...SMTP_CREDENTIAL, type: 'smtp', data: smtpSinkCredentialData(smtp) },
		];
		const credentialHash = sha({ credentials, key: folder.encryptionKey });
		const databaseExists = existsSync(path.join(folder.n8nFolder, 'database.sqlite'));
		// table ids of another database mean nothing
		if (!databaseExists) delete state.tables;
		if (state.credentialHash !== credentialHash || !databaseExists) {
			log(`importing credentials ${credentials.map((c) => `"${c.name}"`).join(', ')}`);
			await folder.importCredentials(credentials);
			state.credentialHash = credentialHash;
		}
		await folder.registerInstalledPackage([
			{ name: 'Otto Market', type: NODE_TYPE, version: 1 },
			{ name: 'Otto Market Trigger', type: `${NODE_TYPE}Trigger`, version: 1 },
		]);

		const templates = await loadWorkflowTemplates(CREDENTIAL);
		// the sync templates (BC, SMTP or Data Tables) need this instance's tables before they can be imported
		const isBcTemplate = (t: WorkflowTemplate) =>
			BC_WORKFLOW_IDS.includes(t.workflow.id) ||
			(t.workflow.nodes as Array<{ type: string; credentials?: Record<string, unknown> }>).some(
				(n) => n.type === 'n8n-nodes-base.dataTable' || !!n.credentials?.oAuth2Api || !!n.credentials?.smtp,
			);
		const bcInfo = {
			url: bc.url,
			tenantId: bc.tenantId,
			environment: bc.environment,
			companyId: bc.data.info.mainCompanyId,
			companyName: MAIN_COMPANY_NAME,
		};
		/** The templates as they are imported: the BC ones configured for these tables (left out without tables). */
		const prepared = (tables: OttoDataTableIds | undefined): WorkflowTemplate[] => {
			if (!tables) return templates.filter((t) => !isBcTemplate(t));
			const workflows = configureTemplates(
				templates.map((t) => t.workflow),
				{
					bc: bcInfo,
					tables,
					credentials: { bc: BC_CREDENTIAL, smtp: SMTP_CREDENTIAL },
					errors: NOTIFY_EMAIL,
				},
			);
			return templates.map((t, i) => ({ key: t.key, workflow: workflows[i] }));
		};
		let importAll = !databaseExists;
		const changedOf = (list: WorkflowTemplate[]) =>
			list.filter((t) => importAll || state.templates?.[t.key] !== sha(t.workflow));
		/** Imports the templates (n8n must be stopped), publishes the sub-workflow and error workflow among them. */
		const importTemplates = async (list: WorkflowTemplate[]) => {
			if (!list.length) return;
			log(`importing ${list.length} workflow(s) from workflows-templates/: ${list.map((t) => t.key).join(', ')}`);
			await folder.importWorkflows(list.map((t) => t.workflow));
			for (const id of PUBLISHED_WORKFLOW_IDS.filter((id) => list.some((t) => t.workflow.id === id))) {
				const result = await folder.cli(['publish:workflow', `--id=${id}`]);
				if (result.code !== 0) throw new Error(`n8n publish:workflow --id=${id} failed:\n${result.stdout}\n${result.stderr}`);
			}
			const hashes = new Map(list.map((t) => [t.key, sha(t.workflow)]));
			state.templates = Object.fromEntries(
				templates.flatMap((t) => {
					const hash = hashes.get(t.key) ?? state.templates?.[t.key];
					return hash ? [[t.key, hash]] : [];
				}),
			);
			importAll = false;
			await saveState();
		};
		// with the table ids of the last run, everything that changed goes in before the (usually only) start
		await importTemplates(changedOf(prepared(state.tables)));
		await saveState();

		const owner = await loadOwner(ownerFile);
		// n8n keeps only the bcrypt hash; bcryptjs comes with n8n.
		const bcrypt = require(path.join(runtime.dir, 'node_modules', 'bcryptjs')) as {
			hashSync(password: string, rounds: number): string;
		};
		const passwordHash = bcrypt.hashSync(owner.password, 10);
		const startN8n = async (): Promise<{ running: RunningN8n; session: N8nSession }> => {
			log(`starting n8n ${N8N_VERSION} on port ${n8nPort} …`);
			const running = await folder.start({
				port: n8nPort,
				listenAddress,
				env: {
					// a version published with the CLI (publish:workflow) becomes live on the next reconciliation
					N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS: '1',
					N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
					N8N_INSTANCE_OWNER_EMAIL: owner.email,
					N8N_INSTANCE_OWNER_FIRST_NAME: 'OTTO',
					N8N_INSTANCE_OWNER_LAST_NAME: 'Developer',
					N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash,
				},
				onOutput: options.onOutput,
			});
			n8n = running;
			return { running, session: await ownerSession(running.url, owner) };
		};

		let { running, session } = await startN8n();
		const projectId = await personalProjectId(session);
		const tables = await ensureOttoDataTables(session, projectId);
		// the simulators start from their seed every time: forget the cursor, a lock of a run stopped by Ctrl-C
		// customers and stock sent in the last session (the sync log and errors stay as history)
		await clearDataTable(session, projectId, tables.syncState);
		await clearDataTable(session, projectId, tables.customerMap);
		await clearDataTable(session, projectId, tables.stock);
		state.tables = tables;
		await saveState();
		const pending = changedOf(prepared(tables));
		if (pending.length) {
			// first start, or the tables changed: the templates need their ids, and importing needs n8n stopped
			log(`Data Tables ready; stopping n8n to import ${pending.length} configured template(s)`);
			await running.stop(60_000);
			n8n = undefined;
			await importTemplates(pending);
			({ running, session } = await startN8n());
		}
		running.exit.then(({ code, signal }) => {
			if (!stopping) {
				log(`n8n exited (${code ?? signal})`);
				options.onUnexpectedExit?.(code ?? 1);
			}
		});

		const served = await checkNodeTypeServed(session);
		if (!served) throw new Error(`n8n started but does not list the node type ${NODE_TYPE}; see its log`);

		return {
			url: running.url,
			owner,
			session,
			n8n: running,
			sim,
			bc,
			smtp,
			templates,
			readyAfterMs: Date.now() - started,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
