/** Clients, token issuing and verification (client-credentials + service-partner flows). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimulatorClient } from './types';
import { parseBasicAuth, parseBearer, tokenIdOf } from '../simulator-core/auth';

export { parseBasicAuth, parseBearer, tokenIdOf };

/** All seller-app scopes (REFERENCE §2.2). */
export const ALL_SELLER_SCOPES: readonly string[] = [
	'products',
	'availability',
	'shipping-profiles',
	'orders',
	'shipments',
	'returns',
	'receipts',
	'price-reduction',
	'returns-warehouse-read',
	'returns-warehouse-write',
	'advertising-services',
];

/** Scope that yields a service-partner developer token (client needs an appId). */
export const DEVELOPER_SCOPE = 'developer';

export const DEFAULT_CLIENT: SimulatorClient = Object.freeze({
	clientId: 'sim-client',
	clientSecret: 'sim-secret',
	scopes: [...ALL_SELLER_SCOPES],
	appId: 'sim-app',
	installationId: 'sim-installation',
}) as SimulatorClient;

export type TokenKind = 'seller' | 'developer';

export interface TokenRecord {
	/** Non-secret id (first 8 hex chars of sha256(token)). */
	id: string;
	clientId: string;
	kind: TokenKind;
	scopes: string[];
	issuedAt: number;
	expiresAt: number;
	appId?: string;
	installationId?: string;
}

function b64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export class AuthService {
	private readonly clients = new Map<string, SimulatorClient>();
	private readonly tokens = new Map<string, TokenRecord>();

	constructor(private readonly issuer: () => string) {}

	addClient(client: SimulatorClient): void {
		this.clients.set(client.clientId, { ...client, scopes: [...client.scopes] });
	}

	getClient(clientId: string): SimulatorClient | undefined {
		return this.clients.get(clientId);
	}

	/** Client lookup + secret check; undefined when unknown or the secret is wrong. */
	authenticate(clientId: string | undefined, clientSecret: string | undefined): SimulatorClient | undefined {
		if (!clientId || clientSecret === undefined) return undefined;
		const client = this.clients.get(clientId);
		if (!client || client.clientSecret !== clientSecret) return undefined;
		return client;
	}

	/** Issue a JWT-looking random token valid for `ttlSeconds` (fractions allowed). */
	issue(
		client: SimulatorClient,
		scopes: string[],
		kind: TokenKind,
		ttlSeconds: number,
		extra: { installationId?: string } = {},
	): { token: string; record: TokenRecord } {
		const issuedAt = Date.now();
		const expiresAt = issuedAt + ttlSeconds * 1000;
		const header = { alg: 'RS256', typ: 'JWT', kid: 'otto-simulator' };
		const payload: Record<string, unknown> = {
			exp: Math.floor(expiresAt / 1000),
			iat: Math.floor(issuedAt / 1000),
			jti: randomUUID(),
			iss: this.issuer(),
			aud: 'api.otto.market',
			sub: client.clientId,
			typ: 'Bearer',
			azp: client.clientId,
			scope: scopes.join(' '),
		};
		if (kind === 'developer') payload.appId = client.appId;
		if (extra.installationId) payload.installationId = extra.installationId;
		const token = `${b64url(header)}.${b64url(payload)}.${randomBytes(64).toString('base64url')}`;
		const record: TokenRecord = {
			id: tokenIdOf(token),
			clientId: client.clientId,
			kind,
			scopes: [...scopes],
			issuedAt,
			expiresAt,
			appId: client.appId,
			installationId: extra.installationId,
		};
		this.tokens.set(token, record);
		if (this.tokens.size > 5000) this.prune();
		return { token, record };
	}

	/** The token's record when it exists and is not expired. */
	verify(token: string): TokenRecord | undefined {
		const record = this.tokens.get(token);
		if (!record) return undefined;
		if (Date.now() >= record.expiresAt) return undefined;
		return record;
	}

	tokenCount(): number {
		return this.tokens.size;
	}

	private prune(): void {
		const now = Date.now();
		for (const [token, record] of this.tokens) if (record.expiresAt <= now) this.tokens.delete(token);
	}
}
