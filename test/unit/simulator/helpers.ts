/** Shared helpers for the simulator tests (not a test file). */
import { DEFAULT_CLIENT, type OttoSimulator, type SimulatorClient } from '../../otto-simulator';
import { bearerHeaders, readResponse } from '../../simulator-core/client';

export interface TokenResult {
	status: number;
	body: Record<string, unknown>;
	token: string;
}

export async function requestToken(
	sim: OttoSimulator,
	options: { scope?: string; client?: SimulatorClient; grantType?: string; secret?: string } = {},
): Promise<TokenResult> {
	const client = options.client ?? DEFAULT_CLIENT;
	const form = new URLSearchParams({
		grant_type: options.grantType ?? 'client_credentials',
		client_id: client.clientId,
		client_secret: options.secret ?? client.clientSecret,
	});
	if (options.scope !== undefined) form.set('scope', options.scope);
	const res = await fetch(`${sim.url}/v1/token`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: form.toString(),
	});
	const body = (await res.json()) as Record<string, unknown>;
	return { status: res.status, body, token: typeof body.access_token === 'string' ? body.access_token : '' };
}

export async function token(sim: OttoSimulator, scope = 'orders shipments returns receipts price-reduction products availability shipping-profiles'): Promise<string> {
	const result = await requestToken(sim, { scope });
	if (result.status !== 200) throw new Error(`token request failed: ${result.status} ${JSON.stringify(result.body)}`);
	return result.token;
}

export async function api(
	sim: OttoSimulator,
	bearer: string | undefined,
	path: string,
	init: RequestInit = {},
): Promise<{ status: number; headers: Headers; text: string; json: any }> {
	const headers = bearerHeaders(init.headers, bearer);
	return readResponse(await fetch(`${sim.url}${path}`, { ...init, headers }));
}

/** Follow `links[rel=next]` (array or single object) until absent; returns all pages' bodies. */
export async function walk(sim: OttoSimulator, bearer: string, firstPath: string, maxPages = 1000): Promise<any[]> {
	const pages: any[] = [];
	let path: string | undefined = firstPath;
	while (path) {
		const res = await api(sim, bearer, path);
		if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${res.text}`);
		pages.push(res.json);
		const links = res.json.links;
		const next = Array.isArray(links) ? links.find((l: any) => l.rel === 'next') : links && links.rel === 'next' ? links : undefined;
		path = next?.href;
		if (pages.length > maxPages) throw new Error('too many pages');
	}
	return pages;
}
