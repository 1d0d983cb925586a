import type { FailedResponse } from './errors';

export interface RetryPolicy {
	/** Attempts per request, the first one included. */
	maxAttempts: number;
	/** First backoff step; doubles each attempt, with full jitter. */
	baseDelayMs: number;
	/** Longest single wait (also caps a Retry-After header). */
	maxDelayMs: number;
	/** Longest total wait across the retries of one request. */
	maxTotalWaitMs: number;
	/** Replaces n8n-workflow's sleep (tests use it to record waits). */
	sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 8,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalWaitMs: 120_000,
};

const RETRYABLE_5XX = new Set([502, 503, 504]);
const RETRYABLE_NETWORK = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Whether a failed attempt is sent again: 429 always (OTTO did not process it); 5xx and resets only when repeating is safe. */
export function shouldRetry(
	failure: FailedResponse,
	state: { attempt: number; idempotent: boolean; policy: RetryPolicy; waitedMs: number },
): boolean {
	if (failure.credentialMessage) return false;
	if (state.attempt >= state.policy.maxAttempts) return false;
	if (state.waitedMs >= state.policy.maxTotalWaitMs) return false;
	if (failure.status === 429) return true;
	if (!state.idempotent) return false;
	if (RETRYABLE_5XX.has(failure.status)) return true;
	// No answer: repeat only when the error code says the connection failed or was cut (never by message text).
	if (failure.status === 0) return failure.networkCode !== undefined && RETRYABLE_NETWORK.has(failure.networkCode);
	return false;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(parseFloat(trimmed) * 1000);
	const at = Date.parse(trimmed);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function retryDelayMs(failure: FailedResponse, attempt: number, policy: RetryPolicy, random = Math.random): number {
	const retryAfter = failure.status === 429 ? parseRetryAfter(failure.headers['retry-after']) : undefined;
	const remaining = Math.max(0, policy.maxTotalWaitMs);
	if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs, remaining);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	// Full jitter: spreads retries of parallel workflows instead of sending them in lockstep.
	return Math.min(Math.round(ceiling / 2 + (random() * ceiling) / 2), remaining);
}
