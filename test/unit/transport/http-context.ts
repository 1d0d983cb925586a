import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { NODE } from './fake-context';

/**
 * The transport's `this` talking real HTTP: a custom-URL credential and an `httpRequestWithAuthentication` that
 * sends the request with a fixed bearer token (n8n's token renewal is not under test here) and answers the way
 * n8n does with `returnFullResponse` and `ignoreHttpStatusErrors`. Records each URL it was asked for.
 */
export function httpContext(baseUrl: string, token: string) {
	const urls: URL[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ environment: 'custom', baseUrl, clientId: 'id', clientSecret: 'secret', accessToken: token }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				urls.push(new URL(options.url));
				const res = await fetch(options.url, {
					method: options.method,
					headers: { ...(options.headers as Record<string, string>), Authorization: `Bearer ${token}` },
				});
				const text = await res.text();
				return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: text ? JSON.parse(text) : undefined };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, urls };
}
