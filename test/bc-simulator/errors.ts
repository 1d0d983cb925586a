/**
 * Error bodies of the two services the simulator plays:
 *  - Business Central: `{"error":{"code":"…","message":"…  CorrelationId:  <guid>."}}`. The codes are the ones
 *    Microsoft lists in "Error Codes" (api-reference/v2.0/dynamics-error-codes): BadRequest_*, Internal_*,
 *    Application_*, Authentication_*, Request_EntityChanged.
 *  - Microsoft Entra ID token endpoint: `{error, error_description: "AADSTS…: …", error_codes, timestamp,
 *    trace_id, correlation_id, error_uri}` (Entra "Error codes" reference).
 */
import { randomUUID } from 'node:crypto';

export interface BcErrorBody {
	error: { code: string; message: string };
}

export function bcErrorBody(code: string, message: string): BcErrorBody {
	return { error: { code, message: `${message}  CorrelationId:  ${randomUUID()}.` } };
}

/** Thrown by handlers; the server turns it into a BC-shaped response. */
export class BcError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly detail: string,
		readonly headers: Record<string, string> = {},
	) {
		super(`${code}: ${detail}`);
	}

	body(): BcErrorBody {
		return bcErrorBody(this.code, this.detail);
	}
}

export const bcError = (status: number, code: string, detail: string, headers: Record<string, string> = {}): BcError =>
	new BcError(status, code, detail, headers);

// --- frequently used BC errors ---------------------------------------------------------------------

/** OData syntax problems (Microsoft lists "Bad Request - Error in query syntax" under BadRequest_NotFound). */
export const querySyntaxError = (detail = 'Bad Request - Error in query syntax.'): BcError => bcError(400, 'BadRequest_NotFound', detail);

export const badRequest = (detail: string): BcError => bcError(400, 'BadRequest', detail);

export const resourceNotFound = (segment: string): BcError =>
	bcError(404, 'BadRequest_ResourceNotFound', `Resource not found for the segment '${segment}'.`);

export const recordNotFound = (caption: string, fields: string): BcError =>
	bcError(404, 'BadRequest_NotFound', `The ${caption} does not exist. Identification fields and values: ${fields}`);

export const methodNotAllowed = (method: string, entitySet: string, kind: 'Entity' | 'EntitySet' = 'Entity'): BcError =>
	bcError(
		405,
		'BadRequest_MethodNotAllowed',
		`'${method}' requests for '${entitySet}' of EdmType '${kind}' are not allowed within Microsoft Dynamics NAV OData web services.`,
	);

export const dialogError = (message: string): BcError => bcError(400, 'Application_DialogException', message);

export const duplicateKey = (caption: string, fields: string): BcError =>
	bcError(400, 'Internal_EntityWithSameKeyExists', `The ${caption} already exists. Identification fields and values: ${fields}`);

export const tableRelationError = (field: string, table: string, value: string, related: string): BcError =>
	bcError(
		400,
		'Internal_InvalidTableRelation',
		`The field ${field} of table ${table} contains a value (${value}) that cannot be found in the related table (${related}).`,
	);

export const testFieldError = (message: string): BcError => bcError(400, 'Application_FieldValidationException', message);

export const stringTooLong = (value: string, max: number): BcError =>
	bcError(
		400,
		'Application_StringExceededLength',
		`The length of the string is ${value.length}, but it must be less than or equal to ${max} characters. Value: ${value}`,
	);

export const missingIfMatch = (): BcError =>
	bcError(
		400,
		'BadRequest_InvalidToken',
		'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.',
	);

export const entityChanged = (): BcError => bcError(412, 'Request_EntityChanged', 'Another user has already changed the record.');

export const unauthorized = (authorizationUri: string): BcError =>
	bcError(401, 'Authentication_InvalidCredentials', 'The server has rejected the client credentials.', {
		'WWW-Authenticate': `Bearer authorization_uri="${authorizationUri}", error="invalid_token"`,
	});

// --- Entra ------------------------------------------------------------------------------------------

export interface EntraErrorBody {
	error: string;
	error_description: string;
	error_codes: number[];
	timestamp: string;
	trace_id: string;
	correlation_id: string;
	error_uri: string;
}

export class EntraError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly aadsts: number,
		readonly description: string,
	) {
		super(`${error}: AADSTS${aadsts}`);
	}

	body(loginBase: string): EntraErrorBody {
		const traceId = randomUUID();
		const correlationId = randomUUID();
		const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
		return {
			error: this.error,
			error_description: `AADSTS${this.aadsts}: ${this.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
			error_codes: [this.aadsts],
			timestamp,
			trace_id: traceId,
			correlation_id: correlationId,
			error_uri: `${loginBase}/error?code=${this.aadsts}`,
		};
	}
}
