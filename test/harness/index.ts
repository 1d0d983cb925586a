import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IConnections,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { OttoMarketOAuth2Api } from '../../credentials/OttoMarketOAuth2Api.credentials';
import { OttoMarket } from '../../nodes/OttoMarket/OttoMarket.node';
import { TestCredentialsHelper } from './credentials-helper';

export { TestCredentialsHelper } from './credentials-helper';
export { useSimulator, paired, type SimulatorAccess, type UseSimulatorOptions } from './simulator';
export { useServer, type TestServer, type UseServerOptions } from './server';

/** A start node for tests: emits the JSON items given in its `items` parameter. */
class TestItems implements INodeType {
	description = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const list = typeof raw === 'string' ? (JSON.parse(raw) as IDataObject[]) : raw;
		return [list.map((json) => ({ json }))];
	}
}

const NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-otto-market.ottoMarket': new OttoMarket(),
	'test.items': new TestItems(),
};

export const nodeTypes: INodeTypes = {
	getByName: (name) => {
		const type = NODE_TYPES[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	},
	getByNameAndVersion: (name) => {
		const type = NODE_TYPES[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	},
	getKnownTypes: () => ({}),
};

/** The harness's node types plus `extra` (which win on a name clash). */
function withNodeTypes(extra: Record<string, INodeType>): INodeTypes {
	const types = { ...NODE_TYPES, ...extra };
	const get = (name: string) => {
		const type = types[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	};
	return { getByName: get, getByNameAndVersion: get, getKnownTypes: () => ({}) };
}

export const CREDENTIAL_ID = 'otto-test-credential';

export function ottoCredentials(
	baseUrl: string,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		baseUrl,
		appType: 'seller',
		clientId: 'sim-client',
		clientSecret: 'sim-secret',
		scopes: ['orders', 'shipments', 'returns', 'receipts', 'price-reduction', 'products', 'availability', 'shipping-profiles'],
		accessToken: '',
		...overrides,
	};
}

export function createCredentialsHelper(data: ICredentialDataDecryptedObject): TestCredentialsHelper {
	const helper = new TestCredentialsHelper({ ottoMarketOAuth2Api: new OttoMarketOAuth2Api() });
	helper.add({ id: CREDENTIAL_ID, name: 'OTTO Market (test)', type: 'ottoMarketOAuth2Api', data });
	return helper;
}

export interface WorkflowResult {
	run: IRun;
	/** Output items of a node (first output, first run). */
	output(nodeName: string): INodeExecutionData[];
	/** The execution's error, if it failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

/**
 * Runs workflow JSON (nodes + connections, as exported from n8n) through n8n-core's WorkflowExecute.
 * The Otto Market nodes get the test credential automatically when they have none.
 */
export async function runWorkflow(
	workflowJson: { nodes: INode[]; connections: IConnections; name?: string },
	credentialsHelper: TestCredentialsHelper,
	options: {
		staticData?: IDataObject;
		/** Further node types by type name (e.g. a bench-only node), next to the harness's own. */
		nodeTypes?: Record<string, INodeType>;
	} = {},
): Promise<WorkflowResult> {
	const nodes = workflowJson.nodes.map((node) => ({
		...node,
		id: node.id ?? randomUUID(),
		credentials:
			node.type.startsWith('n8n-nodes-otto-market.') && !node.credentials
				? { ottoMarketOAuth2Api: { id: CREDENTIAL_ID, name: 'OTTO Market (test)' } }
				: node.credentials,
	}));
	const workflowData: IWorkflowBase = {
		id: randomUUID(),
		name: workflowJson.name ?? 'test',
		active: false,
		isArchived: false,
		nodes,
		connections: workflowJson.connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes: options.nodeTypes ? withNodeTypes(options.nodeTypes) : nodeTypes,
		staticData: options.staticData,
		settings: { executionOrder: 'v1' },
	});
	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not used in these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const start = nodes.find((n) => !workflowJson.connections || !Object.values(workflowJson.connections).some((c) => c.main?.some((list) => list?.some((t) => t.node === n.name))));
	const workflowExecute = new WorkflowExecute(additionalData, 'manual');
	const run = await workflowExecute.run({ workflow, startNode: start });
	const error = run.data.resultData.error as WorkflowResult['error'];
	return {
		run,
		error,
		output(nodeName: string) {
			const runs = run.data.resultData.runData[nodeName];
			if (!runs?.length) throw new Error(`Node "${nodeName}" did not run${error ? `: ${error.message}` : ''}`);
			return runs[0].data?.main?.[0] ?? [];
		},
	};
}

/** A two-node workflow: test items → one Otto Market node with the given parameters. */
export function ottoWorkflow(parameters: IDataObject, items: IDataObject[] = [{}], extra: Partial<INode> = {}) {
	return {
		nodes: [
			{
				id: randomUUID(),
				name: 'Start',
				type: 'test.items',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: { items: JSON.stringify(items) },
			},
			{
				id: randomUUID(),
				name: 'Otto Market',
				type: 'n8n-nodes-otto-market.ottoMarket',
				typeVersion: 1,
				position: [200, 0] as [number, number],
				parameters,
				...extra,
			},
		] as INode[],
		connections: { Start: { main: [[{ node: 'Otto Market', type: 'main', index: 0 }]] } } as unknown as IConnections,
	};
}
