/**
 * Small builders for n8n workflow JSON, used by test/templates/build.ts to write the template workflows of
 * workflows-templates/. Only node types and typeVersions that exist in n8n 1.123.81, 2.40.7 and 2.41.1.
 */
import { createHash } from 'node:crypto';

export interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[setting: string]: unknown;
}

export interface TemplateWorkflow {
	id: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
	meta: Record<string, unknown>;
	tags: unknown[];
	active: false;
}

/** A stable UUID-shaped id per workflow and node name. */
export function nodeId(workflowId: string, name: string): string {
	const h = createHash('sha1').update(`${workflowId}/${name}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class WorkflowBuilder {
	readonly nodes: TemplateNode[] = [];
	readonly connections: TemplateWorkflow['connections'] = {};

	constructor(
		readonly id: string,
		readonly name: string,
	) {}

	add(
		name: string,
		type: string,
		typeVersion: number,
		position: [number, number],
		parameters: Record<string, unknown>,
		settings: Record<string, unknown> = {},
	): string {
		if (this.nodes.some((n) => n.name === name)) throw new Error(`duplicate node name ${name}`);
		this.nodes.push({ parameters, id: nodeId(this.id, name), name, type, typeVersion, position, ...settings });
		return name;
	}

	/** from (output index) → to (input index) */
	connect(from: string, to: string, output = 0, input = 0): void {
		for (const name of [from, to]) {
			if (!this.nodes.some((n) => n.name === name)) throw new Error(`unknown node ${name}`);
		}
		const main = (this.connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: input });
	}

	chain(...names: string[]): void {
		for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
	}

	note(name: string, position: [number, number], width: number, height: number, content: string, color = 7): void {
		this.add(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
	}

	build(settings: Record<string, unknown> = {}): TemplateWorkflow {
		return {
			id: this.id,
			name: this.name,
			nodes: this.nodes,
			connections: this.connections,
			settings: {
				executionOrder: 'v1',
				saveDataErrorExecution: 'all',
				saveDataSuccessExecution: 'all',
				saveManualExecutions: true,
				callerPolicy: 'workflowsFromSameOwner',
				...settings,
			},
			pinData: {},
			meta: { templateCredsSetupCompleted: false },
			tags: [],
			active: false,
		};
	}
}

/** A Set 3.4 "Config" assignment. */
export interface Setting {
	name: string;
	value: string | number | boolean;
	type?: 'string' | 'number' | 'boolean';
}

export function setParameters(workflowId: string, settings: Setting[]): Record<string, unknown> {
	return {
		assignments: {
			assignments: settings.map((s) => ({
				id: nodeId(workflowId, `assignment/${s.name}`),
				name: s.name,
				value: s.value,
				type: s.type ?? (typeof s.value === 'number' ? 'number' : typeof s.value === 'boolean' ? 'boolean' : 'string'),
			})),
		},
		includeOtherFields: false,
		options: {},
	};
}

export function code(jsCode: string): Record<string, unknown> {
	return { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: jsCode.trim() + '\n' };
}

/** If 2.2 on one boolean expression being true. */
export function ifTrue(workflowId: string, name: string, expression: string): Record<string, unknown> {
	return {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [
				{
					id: nodeId(workflowId, `condition/${name}`),
					leftValue: `={{ ${expression} }}`,
					rightValue: '',
					operator: { type: 'boolean', operation: 'true', singleValue: true },
				},
			],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	};
}

export const BC_CREDENTIAL = { oAuth2Api: { id: '', name: 'Business Central (client credentials)' } };
export const OTTO_CREDENTIAL = { ottoMarketOAuth2Api: { id: '', name: 'OTTO Market account' } };

/** Retries for BC calls: 429 and 5xx are retried by n8n (Retry On Fail). */
export const BC_RETRY = { retryOnFail: true, maxTries: 5, waitBetweenTries: 1000 };

/** HTTP Request 4.2 GET of a BC list, following @odata.nextLink. `url` is an n8n expression (with "=" prefix). */
export function bcListRequest(url: string, pageSizeExpression: string): Record<string, unknown> {
	return {
		method: 'GET',
		url,
		authentication: 'genericCredentialType',
		genericAuthType: 'oAuth2Api',
		sendHeaders: true,
		headerParameters: {
			parameters: [
				{ name: 'Prefer', value: `=odata.maxpagesize={{ ${pageSizeExpression} }}` },
				{ name: 'Accept', value: 'application/json' },
			],
		},
		options: {
			pagination: {
				pagination: {
					paginationMode: 'responseContainsNextURL',
					nextURL: '={{ $response.body["@odata.nextLink"] }}',
					paginationCompleteWhen: 'other',
					// n8n 1.x checks a page's status only when it asks for the next one: an error answer (429, 5xx)
					// without a nextLink would pass as the last page, so a page that is not 2xx is never "complete"
					completeExpression: '={{ !$response.body["@odata.nextLink"] && $response.statusCode >= 200 && $response.statusCode < 300 }}',
					limitPagesFetched: true,
					maxRequests: 1000,
				},
			},
		},
	};
}

/** HTTP Request 4.2 with a JSON body; `body` is an n8n expression (with "=" prefix). */
export function bcWriteRequest(
	method: 'POST' | 'PATCH',
	url: string,
	body: string,
	headers: Array<{ name: string; value: string }> = [],
): Record<string, unknown> {
	return {
		method,
		url,
		authentication: 'genericCredentialType',
		genericAuthType: 'oAuth2Api',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Accept', value: 'application/json' }, ...headers] },
		sendBody: true,
		specifyBody: 'json',
		jsonBody: body,
		options: {},
	};
}

/** JavaScript for Code nodes: every item a node emitted over all its runs (a retry loop runs nodes repeatedly). */
export const ALL_RUNS_JS = String.raw`const allRuns = (name) => { const out = []; for (let run = 0; run < 1000; run++) { let items; try { items = $(name).all(0, run); } catch (e) { break; } if (!items || !items.length) break; out.push(...items); } return out; };`;

/** JavaScript for Code nodes: the short, secret-free text, HTTP status and BC error code of an HTTP Request error item. */
export const ERROR_JS = String.raw`const describeError = (e) => {
  if (!e) return undefined;
  const raw = typeof e === 'string' ? e : [e.message, e.description].filter(Boolean).join(': ');
  const status = Number((e && (e.status || e.httpCode)) || (String(raw).match(/^(\d{3})\b/) || [])[1] || 0);
  const code = (String(raw).match(/\\?"code\\?"\s*:\s*\\?"([A-Za-z_]+)/) || String(raw).match(/\b((?:Application|Internal|BadRequest|Request|Authentication|Authorization)_[A-Za-z]+)\b/) || [])[1] || '';
  const bcMessage = (String(raw).match(/\\?"message\\?"\s*:\s*\\?"(.*?)\\?"\s*[,}]/) || [])[1];
  return { status, code, message: String(bcMessage || raw || 'unknown error').replace(/\s+CorrelationId:.*$/, '').slice(0, 500) };
};`;

/**
 * A retry loop around one HTTP Request node: `<queue>` (Code) numbers the attempt, the request runs with
 * Continue On Fail, `<check>` pairs each answer with what was sent and marks 429 answers for another attempt,
 * `<throttled>` (If) sends those through `<wait>` back into the queue; the rest leave on the If's false output.
 * A 429 means BC did not process the request, so sending it again is safe; other errors are not retried here.
 */
export function addRetryLoop(
	w: WorkflowBuilder,
	names: { queue: string; request: string; check: string; throttled: string; wait: string },
	at: [number, number],
	request: { parameters: Record<string, unknown>; settings?: Record<string, unknown> },
	maxAttempts = 6,
): void {
	const [x, y] = at;
	w.add(names.queue, 'n8n-nodes-base.code', 2, [x, y], code("return $input.all().map((i) => ({ json: { ...i.json, attempt: (i.json.attempt || 0) + 1 } }));"));
	w.add(names.request, 'n8n-nodes-base.httpRequest', 4.2, [x + 220, y], request.parameters, {
		credentials: BC_CREDENTIAL,
		onError: 'continueRegularOutput',
		...request.settings,
	});
	w.add(
		names.check,
		'n8n-nodes-base.code',
		2,
		[x + 440, y],
		code(String.raw`
// Pairs each answer with what was sent; BC's 429 ("too many requests": nothing was processed) goes round again.
${ERROR_JS}
const sent = $('${names.queue}').all(0, $runIndex);
return $input.all().map((answer, index) => {
  const request = sent[index].json;
  const error = describeError(answer.json.error);
  return { json: { ...request, answer: error ? null : answer.json, error: error || null, retry: !!error && error.status === 429 && request.attempt < ${maxAttempts} } };
});
`),
	);
	w.add(names.throttled, 'n8n-nodes-base.if', 2.2, [x + 660, y], ifTrue(w.id, names.throttled, '$json.retry'));
	w.add(names.wait, 'n8n-nodes-base.wait', 1.1, [x + 660, y - 180], { resume: 'timeInterval', amount: 2, unit: 'seconds' }, { webhookId: nodeId(w.id, `webhook/${names.wait}`) });
	w.chain(names.queue, names.request, names.check, names.throttled);
	w.connect(names.throttled, names.wait, 0);
	w.connect(names.wait, names.queue);
}

/** Data Table 1 row insert: each input item is one row (its fields = the columns). `tableId` is an expression. */
export function dataTableInsert(tableId: string): Record<string, unknown> {
	return {
		resource: 'row',
		operation: 'insert',
		dataTableId: { __rl: true, mode: 'id', value: `={{ ${tableId} }}` },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
		options: {},
	};
}

/** Documents a BC lookup asks for per request (one `or` term each, so the URL stays short). */
export const LOOKUP_BATCH = 20;

/** JavaScript for a Code node: `batchesOf(field, values)` → OData `or` filters on one field, LOOKUP_BATCH values each. */
export const BATCHES_JS = String.raw`const batchesOf = (field, values) => {
  const batches = [];
  for (let i = 0; i < values.length; i += ${LOOKUP_BATCH}) {
    batches.push(values.slice(i, i + ${LOOKUP_BATCH}).map((v) => field + " eq '" + String(v).replace(/'/g, "''") + "'").join(' or '));
  }
  return batches;
};`;

/**
 * JavaScript for a Code node: `lookupFailure(node)` → the first answer of a BC list node (HTTP Request with
 * Continue On Fail) that is no list, described as `{ node, code, message }`; null when every page is a list or
 * the node did not run.
 */
export const LOOKUP_FAILURE_JS = String.raw`const lookupFailure = (node) => {
  let items = [];
  try { items = $(node).isExecuted ? $(node).all() : []; } catch (x) { items = []; }
  const page = items.map((i) => i.json || {}).find((p) => !Array.isArray(p.value));
  if (!page) return null;
  let e = page.error !== undefined ? page.error : page;
  if (e && typeof e.error === 'string') { try { e = JSON.parse(e.error).error || e; } catch (x) { /* keep e */ } }
  else if (e && e.error && typeof e.error === 'object') e = e.error;
  const text = typeof e === 'string' ? e : String((e && (e.message || e.description)) || JSON.stringify(page));
  return { node, code: String((e && e.code) || ''), message: text.replace(/\s+CorrelationId:.*$/, '').slice(0, 500) };
};`;
