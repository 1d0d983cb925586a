import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import {
	CREDENTIAL_ERROR_OPENINGS,
	OttoMarketOAuth2Api,
	ottoBaseUrl,
} from '../../../credentials/OttoMarketOAuth2Api.credentials';
import { extractFailure } from '../../../nodes/OttoMarket/transport/errors';

const OPENINGS = Object.values(CREDENTIAL_ERROR_OPENINGS);

const seller: ICredentialDataDecryptedObject = { environment: 'sandbox', appType: 'seller', clientId: 'id', clientSecret: 's' };

/** The error the credential's token exchange throws when OTTO's token endpoint answers as `answer` does. */
async function tokenFailure(credentials: ICredentialDataDecryptedObject, answer: () => unknown): Promise<Error> {
	const helper = { helpers: { httpRequest: async () => answer() } } as unknown as IHttpRequestHelper;
	try {
		await new OttoMarketOAuth2Api().preAuthentication.call(helper, credentials);
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the token exchange to fail');
}

const httpError = (status: number, data?: unknown) => {
	throw Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data } });
};

test('every error of the token exchange begins with one of the exported openings, and the transport recognises each from its message alone', async () => {
	const errors: Error[] = [
		await tokenFailure(seller, () => httpError(401, { error: 'invalid_client' })),
		await tokenFailure(seller, () => httpError(400, { error: 'invalid_scope', error_description: 'unknown scope' })),
		await tokenFailure(seller, () => httpError(503)),
		await tokenFailure(seller, () => {
			throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		}),
		await tokenFailure(seller, () => ({})),
		await tokenFailure({ ...seller, appType: 'servicePartner' }, () => ({})),
	];
	const unusable: ICredentialDataDecryptedObject[] = [{ environment: 'custom', baseUrl: 'ftp://x' }, { environment: 'moon' }];
	for (const credentials of unusable) {
		try {
			ottoBaseUrl(credentials);
		} catch (error) {
			errors.push(error as Error);
		}
	}
	expect(errors).toHaveLength(8);
	const used = new Set<string>();
	for (const error of errors) {
		expect(error.name).toBe('OttoCredentialError');
		const opening = OPENINGS.find((o) => error.message.startsWith(o));
		expect(opening).toBeDefined();
		used.add(opening!);
		// n8n 1.x keeps only the message, wrapped in its own text.
		expect(extractFailure({ message: `Request failed: ${error.message}` }).credentialMessage).toBe(error.message);
	}
	expect([...used].sort()).toEqual([...OPENINGS].sort());
});
