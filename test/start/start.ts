/**
 * `npm start` (after `npm run build`): a local n8n 2.41.1 with this package installed the way n8n's
 * Community Nodes installer does it, next to the OTTO simulator, a Business Central (BC) simulator and an SMTP
 * sink.
 *
 *  - OTTO simulator on http://127.0.0.1:3999, BC simulator on http://127.0.0.1:4010, SMTP sink on 127.0.0.1:2525
 *    (all in this process; every e-mail the sink receives is printed here)
 *  - n8n on http://localhost:5678, user folder .n8n-local/ (kept between runs)
 *  - credentials "OTTO Market (simulator)", "Business Central (simulator)" (generic OAuth2, client credentials)
 *    and "SMTP (local sink)"; every workflow of workflows-templates/ imported
 *  - the four Data Tables of the BC templates (otto_sync_state, otto_sync_log, otto_sync_errors,
 *    otto_customer_map) created over REST once n8n runs (they exist only in `n8n start`); the BC templates'
 *    Config filled in for the simulators and those tables, the order workflow's error workflow set
 *  - "OTTO Market → BC: customers" and the error notification workflow are published (the order workflow calls
 *    them); the order workflow itself is not: open it and Execute it (or publish it for its 15-minute schedule)
 *  - the owner account is managed through n8n's env settings; its login is printed (stored in
 *    .n8n-local/owner.json)
 *
 * Ctrl-C stops n8n and the simulators. Ports: OTTO_START_N8N_PORT, OTTO_START_SIMULATOR_PORT,
 * OTTO_START_BC_PORT, OTTO_START_SMTP_PORT; listen address of n8n: OTTO_START_LISTEN_ADDRESS (default 127.0.0.1).
 *
 * Credentials and templates are imported again only when they changed (see .n8n-local/start-state.json; delete
 * it to re-import everything). Workflows are imported with the CLI while n8n is stopped, but the Data Tables
 * (whose ids go into the BC templates) can only be created while it runs: so the first start (or one after the
 * tables, the templates or the simulator ports changed) starts n8n, creates the tables, stops n8n, imports the
 * configured templates and starts n8n again. Later starts start n8n once. Delete .n8n-local/ to start over.
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
	OTTO_DATA_TABLES,
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
	isPortFree,
	killAllChildren,
	loadWorkflowTemplates,
	log,
	packPackage,
	simulatorCredentialData,
} from '../e2e/n8n';

const N8N_VERSION = '2.41.1';
const N8N_PORT = Number(process.env.OTTO_START_N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.OTTO_START_SIMULATOR_PORT ?? 3999);
const BC_PORT = Number(process.env.OTTO_START_BC_PORT ?? 4010);
const SMTP_PORT = Number(process.env.OTTO_START_SMTP_PORT ?? 2525);
const LISTEN_ADDRESS = process.env.OTTO_START_LISTEN_ADDRESS ?? '127.0.0.1';
const LOCAL_DIR = path.join(REPO_ROOT, '.n8n-local');
const STATE_FILE = path.join(LOCAL_DIR, 'start-state.json');
const OWNER_FILE = path.join(LOCAL_DIR, 'owner.json');
const CREDENTIAL = { id: 'ottoSimulatorCred', name: 'OTTO Market (simulator)' };
const BC_CREDENTIAL = { id: 'ottoBcSimulatorCred', name: 'Business Central (simulator)' };
const SMTP_CREDENTIAL = { id: 'ottoSmtpSinkCred', name: 'SMTP (local sink)' };
/** The BC templates: they need the Data Tables' ids in their Config. */
const BC_WORKFLOW_IDS = [ORDERS_WORKFLOW_ID, CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID];
/** Published after each import (n8n 2.x runs only published sub-workflows and error workflows). */
const PUBLISHED_WORKFLOW_IDS = [CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID];
const NOTIFY_EMAIL = { notifyEmailTo: 'seller@otto-simulator.local', notifyEmailFrom: 'n8n@otto-simulator.local' };

interface StartState {
	credentialHash?: string;
	templates?: Record<string, string>;
	/** Ids of the Data Tables the BC templates were configured with. */
	tables?: OttoDataTableIds;
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

/** Reads the node types n8n serves to the editor, as the logged-in owner. */
async function checkNodeTypeServed(session: N8nSession): Promise<boolean> {
	const types = await fetch(`${session.url}/types/nodes.json`, {
		headers: { cookie: session.cookie, 'browser-id': session.browserId },
	});
	if (!types.ok) throw new Error(`GET /types/nodes.json failed: HTTP ${types.status}`);
	const nodes = (await types.json()) as Array<{ name: string }>;
	return nodes.some((n) => n.name === NODE_TYPE);
}

/** Prints an e-mail the SMTP sink received: recipients, subject and the first lines of its text. */
function printMessage(message: SinkMessage): void {
	const lines = message.text.split(/\r?\n/).filter((l) => l.trim() !== '');
	const shown = lines.slice(0, 8).map((l) => `     ${l.length > 140 ? `${l.slice(0, 139)}…` : l}`);
	if (lines.length > shown.length) shown.push(`     … (${lines.length - shown.length} more line(s))`);
	process.stdout.write(
		`\n✉  e-mail to ${message.to.join(', ') || '(no recipient)'} from ${message.from || '(no sender)'}\n` +
			`   subject: ${message.subject || '(none)'}\n${shown.join('\n')}${shown.length ? '\n' : ''}\n`,
	);
}

async function main(): Promise<void> {
	let sim: OttoSimulator | undefined;
	let bc: BcSimulator | undefined;
	let smtp: SmtpSink | undefined;
	let n8n: RunningN8n | undefined;
	let mailTimer: NodeJS.Timeout | undefined;
	let stopping = false;

	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		if (mailTimer) clearInterval(mailTimer);
		log('stopping n8n, the OTTO and BC simulators and the SMTP sink …');
		try {
			await n8n?.stop();
		} catch {
			// killed below
		}
		for (const server of [sim, bc, smtp]) {
			try {
				await server?.close();
			} catch {
				// ignore
			}
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
			[BC_PORT, 'the BC simulator'],
			[SMTP_PORT, 'the SMTP sink'],
			[N8N_PORT, 'n8n'],
		] as const) {
			if (!(await isPortFree(port))) {
				throw new Error(`port ${port} (for ${what}) is in use: stop what listens there (another npm start?)`);
			}
		}

		const runtime = await ensureN8n(N8N_VERSION);

		sim = await startSimulator({ port: SIMULATOR_PORT });
		log(`OTTO simulator listening on ${sim.url} (client sim-client / sim-secret)`);
		bc = await startBcSimulator({ port: BC_PORT });
		log(`BC simulator listening on ${bc.url} (tenant ${bc.tenantId}, environment ${bc.environment})`);
		smtp = await startSmtpSink({ port: SMTP_PORT });
		log(`SMTP sink listening on ${smtp.host}:${smtp.port}`);
		// the sink has no "on message" hook: print what arrived since the last look
		const sink = smtp;
		let printed = 0;
		mailTimer = setInterval(() => {
			while (printed < sink.messages.length) printMessage(sink.messages[printed++]);
		}, 1_000);
		mailTimer.unref();

		await fs.mkdir(LOCAL_DIR, { recursive: true });
		const folder = await N8nUserFolder.open(runtime, LOCAL_DIR);
		const state = await readJson<StartState>(STATE_FILE, {});
		const saveState = () => fs.writeFile(STATE_FILE, JSON.stringify(state, null, 2), 'utf8');

		const tarball = await packPackage(path.join(LOCAL_DIR, 'pack'));
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

		const owner = await loadOwner();
		// n8n keeps only the bcrypt hash; bcryptjs comes with n8n.
		const bcrypt = require(path.join(runtime.dir, 'node_modules', 'bcryptjs')) as {
			hashSync(password: string, rounds: number): string;
		};
		const passwordHash = bcrypt.hashSync(owner.password, 10);
		const startN8n = async (): Promise<{ running: RunningN8n; session: N8nSession }> => {
			log(`starting n8n ${N8N_VERSION} on port ${N8N_PORT} …`);
			const running = await folder.start({
				port: N8N_PORT,
				listenAddress: LISTEN_ADDRESS,
				env: {
					// a version published with the CLI (publish:workflow) becomes live on the next reconciliation
					N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS: '1',
					N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
					N8N_INSTANCE_OWNER_EMAIL: owner.email,
					N8N_INSTANCE_OWNER_FIRST_NAME: 'OTTO',
					N8N_INSTANCE_OWNER_LAST_NAME: 'Developer',
					N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash,
				},
				onOutput: (chunk) => process.stdout.write(chunk),
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
				void shutdown(code ?? 1);
			}
		});

		const served = await checkNodeTypeServed(session);
		if (!served) throw new Error(`n8n started but does not list the node type ${NODE_TYPE}; see its log above`);

		const names = new Map(templates.map((t) => [t.workflow.id, `"${t.workflow.name}"`]));
		const line = '─'.repeat(72);
		process.stdout.write(
			`\n${line}\n` +
				`  n8n ${N8N_VERSION} is running: ${running.url}   (ready after ${((Date.now() - started) / 1000).toFixed(0)} s)\n` +
				`  log in as ${owner.email} / ${owner.password}   (from .n8n-local/owner.json)\n` +
				`  node ${NODE_TYPE} is loaded; credential "${CREDENTIAL.name}" → ${sim.url}\n` +
				`  BC simulator: ${bc.url} (company ${MAIN_COMPANY_NAME}, environment ${bc.environment}); credential\n` +
				`    "${BC_CREDENTIAL.name}", client id ${DEFAULT_BC_CLIENT.clientId}\n` +
				`  SMTP sink: ${smtp.host}:${smtp.port}, credential "${SMTP_CREDENTIAL.name}"; e-mails are printed here\n` +
				`  Data Tables: ${Object.values(OTTO_DATA_TABLES).map((t) => t.name).join(', ')} (Overview → Data tables)\n` +
				`  workflows: ${templates.map((t) => `"${t.workflow.name}"`).join(', ') || '(none)'}\n` +
				(names.has(ORDERS_WORKFLOW_ID)
					? `  open ${names.get(ORDERS_WORKFLOW_ID)} and Execute it: it imports the OTTO simulator's\n` +
						`    PROCESSABLE orders into the BC simulator (runs and errors in otto_sync_log / otto_sync_errors;\n` +
						`    failures mail ${NOTIFY_EMAIL.notifyEmailTo}); published (the order workflow calls them):\n` +
						`    ${PUBLISHED_WORKFLOW_IDS.map((id) => names.get(id)).filter(Boolean).join(', ')}\n`
					: '') +
				`  Ctrl-C stops n8n, the simulators and the SMTP sink\n${line}\n\n`,
		);
	} catch (error) {
		process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
		await shutdown(1);
	}
}

void main();
