/**
 * The bench's per-item baseline: a test-only node type that does what n8n's HTTP Request node does by default with
 * a predefined credential type (here `ottoMarketOAuth2Api`), without n8n-nodes-base:
 *
 * - one request per input item, sequential, through `this.helpers.httpRequestWithAuthentication` (n8n adds the
 *   bearer token and, on a 401, renews it with the credential's preAuthentication, as for HTTP Request);
 * - URL, method and JSON body per item (expressions resolved per item); no batching, no retries ("Retry On Fail"
 *   is off by default), no pacing; an HTTP error fails the item (with "On Error: Continue" it becomes an error
 *   item, otherwise the node throws);
 * - optional pagination like HTTP Request's "Response Contains Next URL": follows `links[rel=next].href` page by page
 *   until there is none. Each list entry (`listKey`) becomes an output item (HTTP Request + Split Out).
 *
 * Registered for the bench only: `runWorkflow(…, { nodeTypes: BASELINE_NODE_TYPES })`.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

export const BASELINE_NODE_TYPE = 'bench.perItemHttpRequest';

/** The `href` of `links[rel=next]` (OTTO sends `links` as an array or a single object). */
export function nextLink(body: unknown): string | undefined {
	const links = (body as IDataObject | undefined)?.links as IDataObject | IDataObject[] | undefined;
	const list = Array.isArray(links) ? links : links ? [links] : [];
	const next = list.find((link) => link?.rel === 'next');
	return typeof next?.href === 'string' && next.href ? next.href : undefined;
}

class PerItemHttpRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Per-Item HTTP Request (bench)',
		name: 'perItemHttpRequest',
		group: ['output'],
		version: 1,
		description: 'One authenticated request per input item, like n8n’s HTTP Request node with its defaults',
		defaults: { name: 'HTTP Request' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'ottoMarketOAuth2Api', required: true }],
		properties: [
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'JSON Body', name: 'jsonBody', type: 'json', default: '' },
			{ displayName: 'Follow Next Link', name: 'followNext', type: 'boolean', default: false },
			{ displayName: 'List Key', name: 'listKey', type: 'string', default: '' },
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const method = String(this.getNodeParameter('method', i)).toUpperCase() as IHttpRequestMethods;
				const url = String(this.getNodeParameter('url', i));
				let body = this.getNodeParameter('jsonBody', i, '') as unknown;
				if (typeof body === 'string') body = body.trim() ? JSON.parse(body) : undefined;
				const followNext = this.getNodeParameter('followNext', i, false) as boolean;
				const listKey = this.getNodeParameter('listKey', i, '') as string;
				const origin = new URL(url).origin;

				const results: INodeExecutionData[] = [];
				let next: string | undefined = url;
				while (next) {
					const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'ottoMarketOAuth2Api', {
						method,
						url: next,
						headers: { Accept: 'application/json' },
						json: true,
						...(body !== undefined ? { body: body as IDataObject } : {}),
					})) as unknown;
					const entries = listKey ? ((response as IDataObject | undefined)?.[listKey] as IDataObject[] | undefined) : undefined;
					if (entries) for (const json of entries) results.push({ json, pairedItem: { item: i } });
					else results.push({ json: (response && typeof response === 'object' ? response : { data: response ?? null }) as IDataObject, pairedItem: { item: i } });
					const href = followNext ? nextLink(response) : undefined;
					next = href ? new URL(href, origin).toString() : undefined;
				}
				out.push(...results);
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

export const BASELINE_NODE_TYPES: Record<string, INodeType> = { [BASELINE_NODE_TYPE]: new PerItemHttpRequest() };
