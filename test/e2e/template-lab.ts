/**
 * The set-up every template end-to-end suite shares, for one n8n version: OTTO and BC simulators, an SMTP
 * sink, a fresh n8n user folder with the packed package installed the Community-Nodes way, the OTTO, BC
 * and SMTP credentials, the Data Tables (created over n8n's REST API, as a user creates them), and helpers
 * to import, activate, run on the schedule and read the tables.
 *
 * Runs happen on the templates' Schedule Triggers, shortened to `everySeconds`; Data Tables need
 * `n8n start` (`n8n execute` does not load n8n's data-table module).
 */
import path from 'node:path';

import { BC_SCOPE, DEFAULT_BC_CLIENT, startBcSimulator, type BcSimulator } from '../bc-simulator';
import type { BcConfigPatch, BcSeedOptions } from '../bc-simulator';
import { startSmtpSink, type SmtpSink } from '../harness/smtp-sink';
import { startSimulator, type OttoSimulator, type SeedOptions, type SimulatorConfig } from '../otto-simulator';
import { bcSimulatorCredentialData, configureTemplates, smtpSinkCredentialData, type TemplateEnvironment } from '../templates/configure';
import { dataTableRows, ensureOttoDataTables, ownerSession, personalProjectId, type N8nSession, type OttoDataTableIds } from '../templates/n8n-rest';
import { CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID } from '../templates/skeleton';
import {
	CREDENTIAL_TYPE,
	N8nUserFolder,
	type N8nVersion,
	NODE_TYPE,
	REPO_ROOT,
	type RunningN8n,
	type WorkflowToImport,
	ensureN8n,
	getFreePort,
	loadWorkflowTemplates,
	packPackage,
	simulatorCredentialData,
	sleep,
} from './n8n';

export const OTTO_CREDENTIAL = { id: 'tplOttoCredSim01', name: 'OTTO Market (simulator)' };
export const BC_CREDENTIAL = { id: 'tplBcCredSim0001', name: 'Business Central (simulator)' };
export const SMTP_CREDENTIAL = { id: 'tplSmtpCredSink1', name: 'SMTP (test sink)' };
const OWNER = { email: 'owner@templates.e2e.local', password: 'Templates-e2e-Pass1', firstName: 'Template', lastName: 'Tester' };
/** Workflows that other workflows call: n8n 2.x runs only their published version. */
const CALLED_WORKFLOWS = [CUSTOMERS_WORKFLOW_ID, ERROR_WORKFLOW_ID];

export interface LogRow {
	workflow: string;
	executionId: string;
	status: string;
	cursorFrom: string;
	cursorTo: string;
	read: number;
	created: number;
	skipped: number;
	failed: number;
	message: string;
	startedAt: string;
}

export interface ErrorRow {
	workflow: string;
	executionId: string;
	reference: string;
	reason: string;
	node: string;
	logref: string;
	bcErrorCode: string;
}

export interface LabOptions {
	/** Folder name below .e2e-work/ (one per suite and version). */
	name: string;
	otto?: { seed?: SeedOptions; config?: Partial<SimulatorConfig> };
	bc?: { seed?: BcSeedOptions; config?: BcConfigPatch };
	/** Seconds between scheduled runs (the templates say minutes or hours). */
	everySeconds?: number;
}

export class TemplateLab {
	otto!: OttoSimulator;
	bc!: BcSimulator;
	smtp!: SmtpSink;
	folder!: N8nUserFolder;
	n8n: RunningN8n | undefined;
	session!: N8nSession;
	projectId = '';
	tables!: OttoDataTableIds;
	/** The workflows of workflows-templates/ as shipped (OTTO credential set). */
	templates: WorkflowToImport[] = [];

	constructor(
		readonly version: N8nVersion,
		private readonly options: LabOptions,
	) {}

	/** Simulators, sink, user folder, package, credentials and Data Tables. */
	async setUp(): Promise<void> {
		const runtime = await ensureN8n(this.version);
		this.otto = await startSimulator({ port: 0, seed: { orders: 0, ...this.options.otto?.seed }, config: this.options.otto?.config });
		// tokens expire every 3 seconds unless a suite says otherwise: every run renews them
		this.bc = await startBcSimulator({ port: 0, seed: this.options.bc?.seed, config: { tokenTtlSeconds: 3, ...this.options.bc?.config } });
		this.smtp = await startSmtpSink();
		const work = path.join(REPO_ROOT, '.e2e-work', `${this.options.name}-${this.version}`);
		this.folder = await N8nUserFolder.open(runtime, work, { fresh: true });
		await this.folder.installPackage(await packPackage(path.join(work, 'pack')));
		await this.folder.importCredentials([
			{ ...OTTO_CREDENTIAL, type: CREDENTIAL_TYPE, data: simulatorCredentialData(this.otto.url) },
			{ ...BC_CREDENTIAL, type: 'oAuth2Api', data: bcSimulatorCredentialData(this.bc, DEFAULT_BC_CLIENT, BC_SCOPE) },
			{ ...SMTP_CREDENTIAL, type: 'smtp', data: smtpSinkCredentialData(this.smtp) },
		]);
		await this.folder.registerInstalledPackage([
			{ name: 'Otto Market', type: NODE_TYPE, version: 1 },
			{ name: 'Otto Market Trigger', type: `${NODE_TYPE}Trigger`, version: 1 },
		]);
		this.templates = (await loadWorkflowTemplates(OTTO_CREDENTIAL)).map((t) => t.workflow);
		// the Data Tables, as a user creates them before filling in Config
		await this.start();
		this.tables = await ensureOttoDataTables(this.session, this.projectId);
		await this.stop();
	}

	async tearDown(): Promise<void> {
		await this.stop();
		await Promise.all([this.otto?.close(), this.bc?.close(), this.smtp?.close()]);
	}

	template(id: string): WorkflowToImport {
		const found = this.templates.find((t) => t.id === id);
		if (!found) throw new Error(`workflows-templates/ has no workflow with id ${id}`);
		return found;
	}

	/** The templates (by id) configured as a user does after import, for this lab's simulators and tables. */
	configure(ids: string[], sync: Record<string, unknown> = {}, extra: Partial<TemplateEnvironment> = {}): WorkflowToImport[] {
		return configureTemplates(
			ids.map((id) => this.template(id)),
			{
				bc: { url: this.bc.url, tenantId: this.bc.tenantId, environment: this.bc.environment, companyId: this.bc.data.info.mainCompanyId, companyName: 'CRONUS DE' },
				tables: this.tables,
				credentials: { bc: BC_CREDENTIAL, smtp: SMTP_CREDENTIAL },
				everySeconds: this.options.everySeconds ?? 6,
				// a run that dies keeps the lock this long (15 minutes in production)
				sync: { runLockMinutes: 1, ...sync },
				errors: { notifyEmailTo: 'seller@shop.example', notifyEmailFrom: 'n8n@shop.example' },
				...extra,
			},
		);
	}

	/**
	 * Imports the workflows (n8n must be stopped) and activates the scheduled ones; on n8n 2.x the called
	 * workflows (customers, error notification) among them are published too.
	 */
	async importAndActivate(workflows: WorkflowToImport[], scheduled: string[]): Promise<void> {
		await this.folder.importWorkflows(workflows);
		const is1x = this.version.startsWith('1.');
		const ids = is1x ? scheduled : [...workflows.map((w) => w.id).filter((id) => CALLED_WORKFLOWS.includes(id)), ...scheduled];
		for (const id of ids) {
			const result = await this.folder.cli(is1x ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
			if (result.code !== 0) throw new Error(`activating ${id} failed:\n${result.stdout}\n${result.stderr}`);
		}
	}

	async start(): Promise<void> {
		const bcrypt = require(path.join(this.folder.runtime.dir, 'node_modules', 'bcryptjs')) as { hashSync(p: string, r: number): string };
		this.n8n = await this.folder.start({
			port: await getFreePort(),
			env: {
				// n8n 2.x applies a version published by the CLI (publish:workflow) on its next reconciliation
				// (default every 10 s); make that quick so a phase runs the version it just published
				N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS: '1',
				N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
				N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
				N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
				N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
				N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(OWNER.password, 10),
			},
		});
		this.session = await ownerSession(this.n8n.url, OWNER);
		this.projectId = await personalProjectId(this.session);
	}

	async stop(): Promise<void> {
		await this.n8n?.stop(60_000);
		this.n8n = undefined;
	}

	async rows(table: keyof OttoDataTableIds): Promise<Array<Record<string, unknown>>> {
		return dataTableRows(this.session, this.projectId, this.tables[table]);
	}

	async logRows(workflowKey?: string): Promise<LogRow[]> {
		const rows = (await this.rows('syncLog')) as unknown as LogRow[];
		return workflowKey ? rows.filter((r) => r.workflow === workflowKey) : rows;
	}

	async errorRows(workflowKey?: string): Promise<ErrorRow[]> {
		const rows = (await this.rows('syncErrors')) as unknown as ErrorRow[];
		return workflowKey ? rows.filter((r) => r.workflow === workflowKey) : rows;
	}

	async stateRow(workflowKey: string): Promise<Record<string, unknown> | undefined> {
		return (await this.rows('syncState')).find((r) => r.workflow === workflowKey);
	}

	async waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await probe();
			if (value) return value;
			if (Date.now() > deadline) {
				throw new Error(`n8n ${this.version}: timed out after ${timeoutMs} ms waiting for ${what}\n${this.n8n?.logs.split('\n').slice(-40).join('\n')}`);
			}
			await sleep(1_000);
		}
	}

	/** Waits for a finished run of `workflowKey` (its sync-log row) that started after `since` and satisfies `accept`. */
	nextRun(workflowKey: string, since: string, accept: (row: LogRow) => boolean, what: string, timeoutMs = 180_000): Promise<LogRow> {
		return this.waitFor(what, async () => (await this.logRows(workflowKey)).find((r) => r.startedAt > since && accept(r)), timeoutMs);
	}
}
