/**
 * Runs a polling node's `poll()` the way n8n does: inside n8n-core's real PollContext (parameters resolved with
 * their defaults, static data through Workflow.getStaticData, requests through httpRequestWithAuthentication
 * and our credential). Between polls the workflow's static data is kept as n8n keeps it: saved (here: a JSON
 * round trip, as through the database) after a poll that returned, left as it was after a poll that threw.
 */
import { randomUUID } from 'node:crypto';

import { PollContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { OttoMarketTrigger } from '../../nodes/OttoMarketTrigger/OttoMarketTrigger.node';
import { CREDENTIAL_ID, type TestCredentialsHelper } from './index';

const TRIGGER_TYPE = 'n8n-nodes-otto-market.ottoMarketTrigger';
const NODE_NAME = 'Otto Market Trigger';

const POLL_NODE_TYPES: Record<string, INodeType> = { [TRIGGER_TYPE]: new OttoMarketTrigger() };

const nodeTypes: INodeTypes = {
	getByName: (name) => POLL_NODE_TYPES[name],
	getByNameAndVersion: (name) => POLL_NODE_TYPES[name],
	getKnownTypes: () => ({}),
};

export interface PollerOptions {
	/** The trigger node's parameters, as in workflow JSON. */
	parameters: INodeParameters;
	credentialsHelper: TestCredentialsHelper;
	/** Workflow static data to start from (default: none, a first activation). */
	staticData?: IDataObject;
	/** What `getPollBudgetMs()` answers (n8n 2.x); default: PollContext's own default. */
	pollBudgetMs?: number;
}

export interface PollOutcome {
	/** The `json` of every emitted item, or null when the poll returned null. */
	items: IDataObject[] | null;
	raw: INodeExecutionData[][] | null;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

/** One active trigger node: `poll()` as often as n8n's Poll Times would call it. */
export class TestPoller {
	readonly workflowId = randomUUID();
	readonly node: INode;
	/** Static data as n8n persisted it after the last successful poll. */
	private saved: IDataObject;
	/** Static data as the last poll left it in memory, also when it threw. */
	private live: IDataObject = {};
	private liveChanged = false;

	constructor(private readonly options: PollerOptions) {
		this.node = {
			id: randomUUID(),
			name: NODE_NAME,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials: { ottoMarketOAuth2Api: { id: CREDENTIAL_ID, name: 'OTTO Market (test)' } },
		};
		this.saved = clone(options.staticData ?? {});
	}

	/** The trigger node's static data as persisted (a copy). */
	nodeState(): IDataObject {
		return clone((this.saved[`node:${NODE_NAME}`] as IDataObject | undefined) ?? {});
	}

	/** The node's static data as the last poll left it in memory, whether it returned or threw (a copy). */
	liveNodeState(): IDataObject {
		return clone((this.live[`node:${NODE_NAME}`] as IDataObject | undefined) ?? {});
	}

	/** Whether the last poll marked the workflow's static data as changed (n8n saves it only then). */
	staticDataChanged(): boolean {
		return this.liveChanged;
	}

	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<PollOutcome> {
		const workflow = new Workflow({
			id: this.workflowId,
			name: 'trigger test',
			nodes: [this.node],
			connections: {},
			active: mode !== 'manual',
			nodeTypes,
			staticData: clone(this.saved),
			settings: { executionOrder: 'v1' },
		});
		const node = workflow.getNode(NODE_NAME) as INode;
		const additionalData = {
			credentialsHelper: this.options.credentialsHelper,
			executionId: randomUUID(),
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const budget = this.options.pollBudgetMs;
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'update',
			() => {
				throw new Error('the harness reads poll() results; nothing may emit directly');
			},
			(error) => {
				throw error;
			},
			undefined,
			undefined,
			undefined,
			budget === undefined ? undefined : () => budget,
		);
		const nodeType = POLL_NODE_TYPES[TRIGGER_TYPE];
		const staticData = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		try {
			const raw = (await nodeType.poll!.call(context)) ?? null;
			this.saved = clone(staticData);
			return { raw, items: raw ? raw[0].map((item) => item.json) : null };
		} finally {
			this.live = clone(staticData);
			this.liveChanged = staticData.__dataChanged === true;
		}
	}
}
