import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** A reply of the scripted OTTO: a response, or a failure the way n8n's HTTP helper throws it. */
export type Reply =
	| { status: number; body?: unknown; headers?: Record<string, string> }
	| { network: string; n8n?: 1 | 2 };

export const NODE: INode = {
	id: 'node-1',
	name: 'Otto Market',
	type: 'n8n-nodes-otto-market.ottoMarket',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export const SECRET = 'unit-secret-value-123';
export const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWxsZXIifQ.c2lnbmF0dXJlLXZhbHVl';

/**
 * The transport's `this`: credentials plus an `httpRequestWithAuthentication` that answers from a script
 * and records each request. Failures are thrown as n8n-core throws them: a NodeApiError whose cause is an
 * HTTP-client error carrying `response` (status, headers, data), or a network error with a `code`.
 */
export function fakeContext(script: (options: IHttpRequestOptions, n: number) => Reply) {
	const requests: IHttpRequestOptions[] = [];
	const sleeps: number[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({
			environment: 'custom',
			baseUrl: 'http://otto.test',
			clientId: 'id',
			clientSecret: SECRET,
			accessToken: TOKEN,
		}),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				requests.push(options);
				const reply = script(options, requests.length);
				if ('network' in reply) {
					const error = Object.assign(new Error('socket hang up'), { code: reply.network });
					if (reply.n8n === 1) {
						// What n8n 1.x's NodeApiError keeps of a network failure (checked with n8n-workflow 1.120):
						// no cause, the code only as httpCode, its own rewritten message.
						throw Object.assign(new Error('The connection to the server was closed unexpectedly, perhaps it is offline.'), {
							name: 'NodeApiError',
							httpCode: reply.network,
							messages: ['socket hang up'],
						});
					}
					throw new NodeApiError(NODE, error as never);
				}
				const headers = reply.headers ?? {};
				// n8n hands back the response as it is when asked to ignore HTTP error statuses.
				if (reply.status >= 400 && !options.ignoreHttpStatusErrors) {
					const error = Object.assign(new Error(`Request failed with status code ${reply.status}`), {
						response: { status: reply.status, headers, data: reply.body },
						config: { headers: { Authorization: `Bearer ${TOKEN}` } },
					});
					throw new NodeApiError(NODE, error as never);
				}
				return { statusCode: reply.status, headers, body: reply.body };
			},
		},
	} as unknown as IExecuteFunctions;
	const retry = { sleep: async (ms: number) => void sleeps.push(ms) };
	return { ctx, requests, sleeps, retry };
}

export function urlOf(options: IHttpRequestOptions): URL {
	return new URL(options.url);
}
