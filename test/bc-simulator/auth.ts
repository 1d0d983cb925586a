/**
 * Microsoft Entra ID client-credentials flow as BC service-to-service integrations use it
 * (BC docs "Using Service-to-Service (S2S) Authentication"):
 *
 *   POST /{tenant}/oauth2/v2.0/token   (application/x-www-form-urlencoded)
 *   grant_type=client_credentials&client_id=…&client_secret=…&scope=https://api.businesscentral.dynamics.com/.default
 *
 * The client may also authenticate with HTTP Basic (client_secret_basic). Answers and errors follow the Entra
 * token endpoint: `{token_type, expires_in, ext_expires_in, access_token}`, `invalid_client` (401) for a wrong
 * secret, AADSTS codes in `error_codes`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EntraError } from './errors';
import type { BcClient } from './types';
import { parseBasicAuth, parseBearer, tokenIdOf } from '../simulator-core/auth';

export { parseBasicAuth, parseBearer, tokenIdOf };

export const BC_SCOPE = 'https://api.businesscentral.dynamics.com/.default';
export const BC_RESOURCE = 'https://api.businesscentral.dynamics.com';
export const DEFAULT_TENANT_ID = '7f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b';
export const DEFAULT_TENANT_DOMAIN = 'otto-sim.onmicrosoft.com';

export const DEFAULT_BC_CLIENT: BcClient = Object.freeze({
	clientId: '0b6f1c7e-2d3a-4b5c-9d8e-7f6a5b4c3d2e',
	clientSecret: 'bcsim~Q8x.SecretValue-0123456789abcdef',
	enabledInBc: true,
}) as BcClient;

export interface BcTokenRecord {
	/** Non-secret id: first 8 hex chars of sha256(token). */
	id: string;
	clientId: string;
	tenantId: string;
	issuedAt: number;
	expiresAt: number;
}

function b64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export class EntraService {
	private readonly clients = new Map<string, BcClient>();
	private readonly tokens = new Map<string, BcTokenRecord>();

	constructor(
		readonly tenantId: string,
		readonly tenantDomain: string,
	) {}

	addClient(client: BcClient): void {
		this.clients.set(client.clientId, { ...client });
	}

	getClient(clientId: string): BcClient | undefined {
		return this.clients.get(clientId);
	}

	isTenant(segment: string): boolean {
		const s = segment.toLowerCase();
		return s === this.tenantId.toLowerCase() || s === this.tenantDomain.toLowerCase();
	}

	tokenCount(): number {
		return this.tokens.size;
	}

	/**
	 * Handle a token request. `form` is the parsed form body; `authorization` the raw header (Basic).
	 * Throws EntraError for every failure.
	 */
	issueToken(
		tenantSegment: string,
		form: Record<string, string>,
		authorization: string | undefined,
		ttlSeconds: number,
	): { body: Record<string, unknown>; record: BcTokenRecord; token: string } {
		if (!this.isTenant(tenantSegment)) {
			throw new EntraError(400, 'invalid_request', 90002, `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
		}
		const grantType = form.grant_type;
		if (!grantType) throw new EntraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
		if (grantType !== 'client_credentials') {
			throw new EntraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
		}
		const basic = parseBasicAuth(authorization);
		const clientId = form.client_id ?? basic?.clientId;
		const clientSecret = form.client_secret ?? basic?.clientSecret;
		if (!clientId) throw new EntraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
		const client = this.clients.get(clientId);
		if (!client) {
			throw new EntraError(
				400,
				'unauthorized_client',
				700016,
				`Application with identifier '${clientId}' was not found in the directory '${this.tenantDomain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
			);
		}
		if (clientSecret === undefined || clientSecret === '') {
			throw new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
		}
		if (clientSecret !== client.clientSecret) {
			throw new EntraError(
				401,
				'invalid_client',
				7000215,
				`Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
			);
		}
		const scope = form.scope;
		if (!scope) throw new EntraError(400, 'invalid_request', 90014, "The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request.");
		const scopes = scope.split(/\s+/).filter(Boolean);
		if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) {
			throw new EntraError(
				400,
				'invalid_scope',
				1002012,
				`The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
			);
		}
		if (scopes[0].toLowerCase() !== BC_SCOPE) {
			const resource = scopes[0].slice(0, -'/.default'.length);
			throw new EntraError(
				400,
				'invalid_resource',
				500011,
				`The resource principal named ${resource} was not found in the tenant named ${this.tenantDomain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
			);
		}
		const issuedAt = Date.now();
		const expiresAt = issuedAt + ttlSeconds * 1000;
		const header = { typ: 'JWT', alg: 'RS256', x5t: 'bc-simulator', kid: 'bc-simulator' };
		const payload = {
			aud: BC_RESOURCE,
			iss: `https://sts.windows.net/${this.tenantId}/`,
			iat: Math.floor(issuedAt / 1000),
			nbf: Math.floor(issuedAt / 1000),
			exp: Math.floor(expiresAt / 1000),
			aio: randomBytes(12).toString('base64url'),
			appid: clientId,
			appidacr: '1',
			idp: `https://sts.windows.net/${this.tenantId}/`,
			oid: randomUUID(),
			roles: ['API.ReadWrite.All'],
			sub: randomUUID(),
			tid: this.tenantId,
			uti: randomBytes(16).toString('base64url'),
			ver: '1.0',
		};
		const token = `${b64url(header)}.${b64url(payload)}.${randomBytes(64).toString('base64url')}`;
		const record: BcTokenRecord = { id: tokenIdOf(token), clientId, tenantId: this.tenantId, issuedAt, expiresAt };
		this.tokens.set(token, record);
		if (this.tokens.size > 5000) this.prune();
		const expiresIn = Math.max(1, Math.ceil(ttlSeconds));
		return {
			token,
			record,
			body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token },
		};
	}

	/** The token's record when it exists and has not expired. */
	verify(token: string): BcTokenRecord | undefined {
		const record = this.tokens.get(token);
		if (!record || Date.now() >= record.expiresAt) return undefined;
		return record;
	}

	private prune(): void {
		const now = Date.now();
		for (const [token, record] of this.tokens) if (record.expiresAt <= now) this.tokens.delete(token);
	}
}
