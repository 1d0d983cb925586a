/**
 * Fills in the templates' Config nodes and credentials the way a user does after importing them, for a
 * local BC simulator (used by the end-to-end suite and by `npm start`).
 */
import type { WorkflowToImport } from '../e2e/n8n';
import { ERROR_WORKFLOW_ID } from './skeleton';
import type { OttoDataTableIds } from './n8n-rest';

export interface TemplateEnvironment {
	bc: { url: string; tenantId: string; environment: string; companyId: string; companyName: string };
	tables: OttoDataTableIds;
	credentials: { bc: { id: string; name: string }; smtp: { id: string; name: string } };
	/** Extra Config values of every sync template that has them (e.g. autoCreateCustomers). */
	sync?: Record<string, unknown>;
	/** Config values of the error notification workflow. */
	errors?: Record<string, unknown>;
	/** Replaces the order workflow's schedule (tests run it every few seconds). */
	everySeconds?: number;
}

function configAssignments(workflow: WorkflowToImport): Array<{ name: string; value: unknown }> | undefined {
	const config = (workflow.nodes as Array<{ name: string; parameters: Record<string, any> }>).find((n) => n.name === 'Config');
	return config?.parameters.assignments?.assignments as Array<{ name: string; value: unknown }> | undefined;
}

/** Sets Config values by name; throws for a name the Config node does not have. */
export function setConfig(workflow: WorkflowToImport, values: Record<string, unknown>): void {
	const assignments = configAssignments(workflow);
	if (!assignments) throw new Error(`${workflow.name} has no Config node`);
	for (const [name, value] of Object.entries(values)) {
		const assignment = assignments.find((a) => a.name === name);
		if (!assignment) throw new Error(`${workflow.name}: Config has no setting "${name}"`);
		assignment.value = value;
	}
}

/**
 * Copies of the workflows, configured for the environment: every sync template (a Config with a
 * `workflowKey`) gets the BC connection, the Data Table ids, `sync` and the error workflow; the
 * error notification gets `errors`.
 */
export function configureTemplates(workflows: WorkflowToImport[], env: TemplateEnvironment): WorkflowToImport[] {
	return workflows.map((original) => {
		const workflow = JSON.parse(JSON.stringify(original)) as WorkflowToImport;
		for (const node of workflow.nodes as Array<Record<string, any>>) {
			if (node.credentials?.oAuth2Api) node.credentials.oAuth2Api = { ...env.credentials.bc };
			if (node.credentials?.smtp) node.credentials.smtp = { ...env.credentials.smtp };
			if (env.everySeconds && node.type === 'n8n-nodes-base.scheduleTrigger') {
				node.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: env.everySeconds }] };
			}
		}
		const names = new Set((configAssignments(workflow) ?? []).map((a) => a.name));
		if (names.has('workflowKey')) {
			setConfig(workflow, {
				bcApiBase: `${env.bc.url}/v2.0`,
				bcTenantId: env.bc.tenantId,
				bcEnvironment: env.bc.environment,
				bcCompanyId: env.bc.companyId,
				bcCompanyName: env.bc.companyName,
				syncStateTableId: env.tables.syncState,
				syncLogTableId: env.tables.syncLog,
				syncErrorTableId: env.tables.syncErrors,
				customerMapTableId: env.tables.customerMap,
				stockTableId: env.tables.stock,
				...(names.has('adsPausedTableId') ? { adsPausedTableId: env.tables.adsPaused } : {}),
				...Object.fromEntries(Object.entries(env.sync ?? {}).filter(([name]) => names.has(name))),
			});
			// Workflow → Settings → Error workflow, as the template's note asks
			workflow.settings = { ...(workflow.settings as object), errorWorkflow: ERROR_WORKFLOW_ID };
		}
		if (workflow.id === ERROR_WORKFLOW_ID && env.errors) setConfig(workflow, env.errors);
		return workflow;
	});
}

/** Credential data (n8n `oAuth2Api`, client credentials) for the BC simulator. */
export function bcSimulatorCredentialData(bc: { tokenUrl: string }, client: { clientId: string; clientSecret: string }, scope: string): Record<string, unknown> {
	return {
		grantType: 'clientCredentials',
		accessTokenUrl: bc.tokenUrl,
		clientId: client.clientId,
		clientSecret: client.clientSecret,
		scope,
		authentication: 'body',
	};
}

/** Credential data (n8n `smtp`) for the SMTP sink: it takes any login; no TLS, no STARTTLS. */
export function smtpSinkCredentialData(smtp: { host: string; port: number }): Record<string, unknown> {
	return { user: 'n8n', password: 'sink-password', host: smtp.host, port: smtp.port, secure: false, disableStartTls: true };
}
