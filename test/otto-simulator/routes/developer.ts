/**
 * Developer v1: `POST /v1/token` (client credentials, Keycloak-style OAuth errors) and the
 * service-partner installation endpoints (developer token → per-installation seller token).
 */
import { DEVELOPER_SCOPE, parseBasicAuth } from '../auth';
import { apiError } from '../errors';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import type { SimulatorClient } from '../types';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

function oauthError(status: number, error: string, description: string): RouteResponse {
	return { status, body: { error, error_description: description }, headers: { ...NO_STORE } };
}

/** Form fields of an `application/x-www-form-urlencoded` body (empty for anything else). */
export function formFields(ctx: RouteContext): Record<string, string> {
	const ct = String(ctx.headers['content-type'] ?? '').toLowerCase();
	if (!ct.includes('application/x-www-form-urlencoded')) return {};
	if (ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body)) return ctx.body as Record<string, string>;
	return {};
}

function splitScopes(raw: string | undefined): string[] {
	return [...new Set((raw ?? '').split(/[\s+]+/).filter(Boolean))];
}

/** Requested scopes the client may not have (developer requires an appId). */
function invalidScopes(client: SimulatorClient, requested: string[]): string[] {
	return requested.filter((s) => (s === DEVELOPER_SCOPE ? !client.appId : !client.scopes.includes(s)));
}

function tokenResponse(token: string, ttl: number, scopes: string[]): RouteResponse {
	return {
		status: 200,
		body: { access_token: token, expires_in: ttl, scope: scopes.join(' '), token_type: 'Bearer' },
		headers: { ...NO_STORE },
	};
}

function createToken(ctx: RouteContext): RouteResponse {
	const form = formFields(ctx);
	if (!form.grant_type) return oauthError(400, 'invalid_request', 'Missing form parameter: grant_type');
	const basic = parseBasicAuth(typeof ctx.headers.authorization === 'string' ? ctx.headers.authorization : undefined);
	const clientId = form.client_id ?? basic?.clientId;
	const clientSecret = form.client_secret ?? basic?.clientSecret;
	const client = ctx.auth.authenticate(clientId, clientSecret);
	if (!client) return oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
	if (form.grant_type !== 'client_credentials') {
		return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${form.grant_type}`);
	}
	const requested = splitScopes(form.scope);
	const invalid = invalidScopes(client, requested);
	if (invalid.length > 0) return oauthError(400, 'invalid_scope', `Invalid scopes: ${invalid.join(' ')}`);
	const kind = requested.includes(DEVELOPER_SCOPE) ? 'developer' : 'seller';
	const granted = requested.length > 0 ? requested : [...client.scopes];
	const ttl = ctx.config.tokenTtlSeconds;
	const { token, record } = ctx.auth.issue(client, granted, kind, ttl);
	ctx.log.authorized = true;
	ctx.log.tokenId = record.id;
	return tokenResponse(token, ttl, granted);
}

function developerClient(ctx: RouteContext): SimulatorClient {
	const client = ctx.token ? ctx.auth.getClient(ctx.token.clientId) : undefined;
	if (!client || client.appId === undefined || client.appId !== ctx.params.appId) {
		throw apiError(404, ctx.path, `App '${ctx.params.appId}' not found for this developer`);
	}
	return client;
}

function installationAccessToken(ctx: RouteContext): RouteResponse {
	const client = developerClient(ctx);
	if (!client.installationId || client.installationId !== ctx.params.installationId) {
		throw apiError(404, ctx.path, `Installation '${ctx.params.installationId}' of app '${ctx.params.appId}' not found`);
	}
	const requested = splitScopes(formFields(ctx).scope).filter((s) => s !== DEVELOPER_SCOPE);
	const invalid = requested.filter((s) => !client.scopes.includes(s));
	if (invalid.length > 0) return oauthError(400, 'invalid_scope', `Invalid scopes: ${invalid.join(' ')}`);
	const granted = requested.length > 0 ? requested : [...client.scopes];
	const ttl = ctx.config.tokenTtlSeconds;
	const { token } = ctx.auth.issue(client, granted, 'seller', ttl, { installationId: client.installationId });
	return tokenResponse(token, ttl, granted);
}

function getInstallation(ctx: RouteContext): RouteResponse {
	const client = developerClient(ctx);
	if (!client.installationId) throw apiError(404, ctx.path, `App '${ctx.params.appId}' has no installation`);
	return {
		status: 200,
		body: {
			installationId: client.installationId,
			appId: client.appId,
			partnerId: client.partnerId ?? '1000042',
			scopes: [...client.scopes],
		},
	};
}

export const developerRoutes: RouteModule = {
	name: 'developer',
	routes: [
		{ method: 'POST', pattern: '/v1/token', auth: 'none', handler: createToken },
		{ method: 'GET', pattern: '/v1/apps/{appId}/installation', auth: 'developer', handler: getInstallation },
		{
			method: 'POST',
			pattern: '/v1/apps/{appId}/installations/{installationId}/accessToken',
			auth: 'developer',
			handler: installationAccessToken,
		},
	],
};
