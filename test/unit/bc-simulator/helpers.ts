/** Shared helpers for the BC simulator tests (not a test file). */
import { BC_SCOPE, DEFAULT_BC_CLIENT, type BcClient, type BcSimulator } from '../../bc-simulator';
import { bearerHeaders, readResponse, type SimResponse } from '../../simulator-core/client';

export type Res = SimResponse;

export async function requestToken(
	sim: BcSimulator,
	options: { client?: BcClient; secret?: string; scope?: string | null; grantType?: string; tenant?: string; basic?: boolean } = {},
): Promise<Res & { token: string }> {
	const client = options.client ?? DEFAULT_BC_CLIENT;
	const form = new URLSearchParams({ grant_type: options.grantType ?? 'client_credentials' });
	const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
	const secret = options.secret ?? client.clientSecret;
	if (options.basic) headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
	else {
		form.set('client_id', client.clientId);
		form.set('client_secret', secret);
	}
	if (options.scope !== null) form.set('scope', options.scope ?? BC_SCOPE);
	const url = options.tenant ? `${sim.url}/${options.tenant}/oauth2/v2.0/token` : sim.tokenUrl;
	const res = await fetch(url, { method: 'POST', headers, body: form.toString() });
	const text = await res.text();
	const json = text ? JSON.parse(text) : undefined;
	return { status: res.status, headers: res.headers, text, json, token: typeof json?.access_token === 'string' ? json.access_token : '' };
}

export async function token(sim: BcSimulator, client?: BcClient): Promise<string> {
	const res = await requestToken(sim, { client });
	if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
	return res.token;
}

/** Request with a bearer token; `path` is absolute or relative to sim.url. JSON bodies are serialized. */
export async function call(
	sim: BcSimulator,
	bearer: string | undefined,
	path: string,
	init: { method?: string; body?: unknown; headers?: Record<string, string>; raw?: Buffer } = {},
): Promise<Res> {
	const headers = bearerHeaders(init.headers, bearer);
	let body: string | Uint8Array | undefined;
	if (init.raw) body = new Uint8Array(init.raw);
	else if (init.body !== undefined) {
		body = JSON.stringify(init.body);
		if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
	}
	const url = path.startsWith('http') ? path : `${sim.url}${path}`;
	return readResponse(await fetch(url, { method: init.method ?? 'GET', headers, body }));
}

/** `<apiBase>/companies(<main company id>)` */
export function companyBase(sim: BcSimulator, companyId = sim.data.info.mainCompanyId): string {
	return `${sim.apiBase}/companies(${companyId})`;
}

/** GET a collection and follow @odata.nextLink to the end. */
export async function getAll(sim: BcSimulator, bearer: string, url: string, headers: Record<string, string> = {}, maxPages = 100): Promise<{ pages: any[]; values: any[] }> {
	const pages: any[] = [];
	let next: string | undefined = url;
	while (next) {
		const res = await call(sim, bearer, next, { headers });
		if (res.status !== 200) throw new Error(`GET ${next} → ${res.status}: ${res.text}`);
		pages.push(res.json);
		next = res.json['@odata.nextLink'];
		if (pages.length > maxPages) throw new Error('too many pages');
	}
	return { pages, values: pages.flatMap((p) => p.value) };
}

export async function controlJson(sim: BcSimulator, method: string, path: string, body?: unknown): Promise<Res> {
	return call(sim, undefined, `/__control${path}`, { method, body });
}
