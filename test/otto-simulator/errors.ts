/** OTTO-shaped error bodies and the exception type route handlers throw. */
import { randomUUID } from 'node:crypto';

export function newLogref(): string {
	return randomUUID();
}

export const STATUS_TITLES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	412: 'Precondition Failed',
	413: 'Payload Too Large',
	415: 'Unsupported Media Type',
	422: 'Unprocessable Entity',
	424: 'Failed Dependency',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export interface OttoErrorItem {
	path?: string;
	title: string;
	code?: string;
	detail?: string;
	jsonPath?: string;
	logref: string;
}

/** Generic OTTO error envelope `{errors:[{path,title,code,detail,jsonPath?,logref}]}`. */
export function errorsBody(items: Array<Omit<OttoErrorItem, 'logref'> & { logref?: string }>): {
	errors: OttoErrorItem[];
} {
	return {
		errors: items.map((item) => {
			const out: OttoErrorItem = { path: item.path, title: item.title } as OttoErrorItem;
			if (item.code !== undefined) out.code = item.code;
			if (item.detail !== undefined) out.detail = item.detail;
			if (item.jsonPath !== undefined) out.jsonPath = item.jsonPath;
			out.logref = item.logref ?? newLogref();
			return out;
		}),
	};
}

export function errorBody(
	path: string,
	status: number,
	detail?: string,
	options: { title?: string; jsonPath?: string } = {},
): { errors: OttoErrorItem[] } {
	return errorsBody([
		{
			path,
			title: options.title ?? STATUS_TITLES[status] ?? 'Error',
			code: String(status),
			detail,
			jsonPath: options.jsonPath,
		},
	]);
}

export interface ProblemBody {
	type: string;
	title: string;
	status: number;
	validationErrors: Array<{ detail: string; logref: string }>;
}

/** Problem-style body used by Availability product-delivery-information and Shipping Profiles. */
export function problemBody(type: string, title: string, status: number, details: string[]): ProblemBody {
	return {
		type,
		title,
		status,
		validationErrors: details.map((detail) => ({ detail, logref: newLogref() })),
	};
}

export type ErrorStyle = 'errors' | 'problem';

/** Thrown by handlers; the server turns it into a response. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body?: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(`OTTO simulator error ${status}`);
	}
}

/** Convenience: ApiError with the generic `{errors:[…]}` body. */
export function apiError(
	status: number,
	path: string,
	detail: string,
	options: { title?: string; jsonPath?: string; style?: ErrorStyle; headers?: Record<string, string> } = {},
): ApiError {
	if (options.style === 'problem') {
		return new ApiError(
			status,
			problemBody(path, options.title ?? STATUS_TITLES[status] ?? 'Error', status, [detail]),
			options.headers,
		);
	}
	return new ApiError(status, errorBody(path, status, detail, options), options.headers);
}
