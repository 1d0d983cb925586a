import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	IAuthenticateGeneric,
	Icon,
} from 'n8n-workflow';

export const OTTO_BASE_URLS: Record<string, string> = {
	production: 'https://api.otto.market',
	sandbox: 'https://sandbox.api.otto.market',
};

/**
 * Seller scopes, one per OTTO interface (https://api.otto.market/docs/sellers-integration); each interface
 * the app uses must also be requested in the token call.
 */
export const OTTO_SELLER_SCOPES = [
	{ name: 'Advertising (Sponsored Product Ads)', value: 'advertising-services' },
	{ name: 'Availability (Quantities, Delivery Information)', value: 'availability' },
	{ name: 'Orders', value: 'orders' },
	{ name: 'Price Reductions', value: 'price-reduction' },
	{ name: 'Products', value: 'products' },
	{ name: 'Receipts', value: 'receipts' },
	{ name: 'Returns', value: 'returns' },
	{ name: 'Returns Warehouse (Read)', value: 'returns-warehouse-read' },
	{ name: 'Returns Warehouse (Write)', value: 'returns-warehouse-write' },
	{ name: 'Shipments', value: 'shipments' },
	{ name: 'Shipping Profiles', value: 'shipping-profiles' },
];

/**
 * Scopes an app gets only when its owner ticks them in OPC: requesting them by default would make OTTO refuse the
 * token of every app without them, so they are requested only when selected.
 */
export const OTTO_OPT_IN_SCOPES: readonly string[] = ['advertising-services', 'returns-warehouse-read', 'returns-warehouse-write'];

export const OTTO_DEFAULT_SCOPES = OTTO_SELLER_SCOPES.map((s) => s.value).filter((s) => !OTTO_OPT_IN_SCOPES.includes(s));

/**
 * How the errors of the token exchange begin. The node's transport recognises a failed token exchange by
 * these openings where n8n kept only the message (n8n 1.x drops the error's name), and then shows the
 * message as it is instead of retrying.
 */
export const CREDENTIAL_ERROR_OPENINGS = {
	rejectedClient: 'OTTO rejected the client ID or client secret',
	refusedScopes: 'OTTO refused the requested scopes',
	tokenEndpointStatus: "OTTO's token endpoint answered",
	unreachable: "Could not reach OTTO's token endpoint",
	noToken: 'OTTO returned no ',
	servicePartnerIds: 'A service-partner app needs both',
	baseUrl: "The credential's Base URL",
	environment: 'Unknown OTTO environment',
} as const;

const OPENING = CREDENTIAL_ERROR_OPENINGS;

/** The API base URL a credential points at, without a trailing slash. */
export function ottoBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = (credentials.environment as string) || 'production';
	if (environment === 'custom') {
		const custom = String(credentials.baseUrl ?? '').trim();
		if (!/^https?:\/\/[^\s/]+/i.test(custom)) {
			throw credentialError(
				`${OPENING.baseUrl} must start with http:// or https:// (environment "Custom base URL")`,
			);
		}
		return custom.replace(/\/+$/, '');
	}
	const url = OTTO_BASE_URLS[environment];
	if (!url) throw credentialError(`${OPENING.environment} "${environment}" in the credential`);
	return url;
}

function selectedScopes(credentials: ICredentialDataDecryptedObject): string[] {
	const raw = credentials.scopes;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
	const scopes = list.map((s) => String(s).trim()).filter((s) => s !== '');
	return scopes.length ? scopes : OTTO_DEFAULT_SCOPES;
}

interface TokenResponse {
	access_token?: string;
	error?: string;
	error_description?: string;
}

/** Errors of the token exchange; the node's transport recognises them by name and shows them as they are. */
function credentialError(message: string): Error {
	const error = new Error(message);
	error.name = 'OttoCredentialError';
	return error;
}

function describeTokenFailure(step: string, error: unknown): Error {
	const err = error as {
		response?: { status?: number; data?: unknown; body?: unknown };
		cause?: { response?: { status?: number; data?: unknown } };
		httpCode?: string;
		statusCode?: number;
		code?: string;
		message?: string;
	};
	const response = err?.response ?? err?.cause?.response;
	const status = Number(response?.status ?? err?.statusCode ?? err?.httpCode ?? 0);
	let body = (response?.data ?? (response as { body?: unknown })?.body) as TokenResponse | string | undefined;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body) as TokenResponse;
		} catch {
			// plain text body
		}
	}
	const code = typeof body === 'object' && body ? body.error : undefined;
	const detail = typeof body === 'object' && body ? body.error_description : undefined;
	if (status === 401 || code === 'invalid_client' || code === 'unauthorized_client') {
		return credentialError(
			`${OPENING.rejectedClient} (${step}, HTTP ${status || 401}). Check both values of the app in OTTO Partner Connect and that the environment (production or sandbox) matches the app.`,
		);
	}
	if (code === 'invalid_scope') {
		return credentialError(
			`${OPENING.refusedScopes} (${step}): ${detail ?? 'invalid scope'}. Select only scopes whose interfaces are ticked for the app in OTTO Partner Connect.`,
		);
	}
	if (status) {
		return credentialError(
			`${OPENING.tokenEndpointStatus} HTTP ${status} (${step})${detail ? `: ${detail}` : code ? `: ${code}` : ''}`,
		);
	}
	const reason = err?.code ?? 'no response';
	return credentialError(`${OPENING.unreachable} (${step}): ${reason}. Check the environment or Base URL.`);
}

export class OttoMarketOAuth2Api implements ICredentialType {
	name = 'ottoMarketOAuth2Api';

	displayName = 'OTTO Market OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-otto-market/n8n-nodes-otto-market#credential-set-up';

	icon: Icon = { light: 'file:otto.svg', dark: 'file:otto.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.otto.market' },
				{ name: 'Sandbox', value: 'sandbox', description: 'https://sandbox.api.otto.market' },
				{ name: 'Custom Base URL', value: 'custom', description: 'A proxy or a local OTTO simulator' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:3999',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'App Type',
			name: 'appType',
			type: 'options',
			options: [
				{
					name: 'Seller App',
					value: 'seller',
					description: 'Your own app created in OTTO Partner Connect (client credentials)',
				},
				{
					name: 'Service-Partner App',
					value: 'servicePartner',
					description: 'A service partner acting for a seller through an app installation',
				},
			],
			default: 'seller',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			displayOptions: { show: { appType: ['servicePartner'] } },
		},
		{
			displayName: 'Installation ID',
			name: 'installationId',
			type: 'string',
			default: '',
			description: 'The installation of the app by the seller you act for',
			displayOptions: { show: { appType: ['servicePartner'] } },
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			options: OTTO_SELLER_SCOPES,
			default: OTTO_DEFAULT_SCOPES,
			description:
				'Interfaces to request access to; each must also be ticked for the app in OTTO Partner Connect. Left empty, every seller interface is requested except Advertising (advertising-services) and the Returns Warehouse (returns-warehouse-read / -write): those are off unless selected, so select them only when your app has them.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	// Runs when the token is empty, after OTTO answered 401 (token expired) and for the credential test.
	// n8n stores the returned token and reuses it across executions until OTTO rejects it.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = ottoBaseUrl(credentials);
		const scopes = selectedScopes(credentials);
		const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
		const post = async (step: string, options: IHttpRequestOptions) => {
			try {
				return (await this.helpers.httpRequest(options)) as TokenResponse;
			} catch (error) {
				throw describeTokenFailure(step, error);
			}
		};
		const tokenRequest = (scope: string): IHttpRequestOptions => ({
			method: 'POST',
			url: `${baseUrl}/v1/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: form({
				grant_type: 'client_credentials',
				client_id: String(credentials.clientId ?? '').trim(),
				client_secret: String(credentials.clientSecret ?? ''),
				scope,
			}),
			json: true,
		});

		if (credentials.appType === 'servicePartner') {
			const appId = String(credentials.appId ?? '').trim();
			const installationId = String(credentials.installationId ?? '').trim();
			if (!appId || !installationId) {
				throw credentialError(`${OPENING.servicePartnerIds} App ID and Installation ID in the credential`);
			}
			const developer = await post('developer token', tokenRequest('developer'));
			if (!developer?.access_token) throw credentialError(`${OPENING.noToken}developer token`);
			const installation = await post('installation token', {
				method: 'POST',
				url: `${baseUrl}/v1/apps/${encodeURIComponent(appId)}/installations/${encodeURIComponent(installationId)}/accessToken`,
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Accept: 'application/json',
					Authorization: `Bearer ${developer.access_token}`,
				},
				body: form({ scope: scopes.join(' ') }),
				json: true,
			});
			if (!installation?.access_token) throw credentialError(`${OPENING.noToken}installation access token`);
			return { accessToken: installation.access_token } as IDataObject;
		}

		const token = await post('client credentials', tokenRequest(scopes.join(' ')));
		if (!token?.access_token) throw credentialError(`${OPENING.noToken}access token`);
		return { accessToken: token.access_token } as IDataObject;
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// A cheap read on an interface the credential asked for.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : $credentials.environment === "sandbox" ? "https://sandbox.api.otto.market" : "https://api.otto.market"}}',
			url: '={{ ($credentials.scopes || []).includes("orders") ? "/v4/orders?limit=1" : ($credentials.scopes || []).includes("products") ? "/v5/products?limit=1" : ($credentials.scopes || []).includes("availability") ? "/v1/availability/quantities?limit=1" : ($credentials.scopes || []).includes("receipts") ? "/v3/receipts?limit=1" : ($credentials.scopes || []).includes("returns") ? "/v3/returns?limit=1" : ($credentials.scopes || []).includes("price-reduction") ? "/v1/price-reductions?limit=1" : ($credentials.scopes || []).includes("shipping-profiles") ? "/v1/shipping-profiles" : ($credentials.scopes || []).includes("advertising-services") && !($credentials.scopes || []).includes("shipments") ? "/v1/sponsored-product-ads/campaigns?limit=1" : "/v1/shipments?limit=1&datefrom=" + $now.toFormat("yyyy-MM-dd") }}',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'OTTO rejected the access token. Check that the environment matches the app.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'OTTO refused the test request: the token lacks a selected scope. Tick the matching interfaces for the app in OTTO Partner Connect.',
				},
			},
		],
	};
}
