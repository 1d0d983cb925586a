/**
 * Rate limiting shared by the simulators: a token bucket that refills `requestsPerSecond` tokens per second up to
 * `burst` (default: one second's worth), its zod schema, and the `Retry-After` value of a refused request.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';

export interface RateLimitConfig {
	/** Sustained rate: tokens added per second (fractions allowed). */
	requestsPerSecond: number;
	/** Bucket capacity: requests that may arrive at once after a quiet period. Default: `requestsPerSecond` (at least 1). */
	burst?: number;
	/**
	 * `Retry-After` in whole seconds (RFC 9110 delta-seconds, rounded up, at least 1) instead of the default: fractional
	 * seconds rounded up to the millisecond (e.g. `0.05`).
	 */
	wholeSeconds?: boolean;
}

export const rateLimitSchema = z
	.object({
		requestsPerSecond: z.number().positive(),
		burst: z.number().min(1).optional(),
		wholeSeconds: z.boolean().optional(),
	})
	.strict();

/** Milliseconds from a monotonic clock (the default clock of a bucket). */
export const monotonicMs = (): number => performance.now();

/** Float slack: a bucket refilled to 0.999999999 tokens holds one. */
const EPSILON = 1e-9;

export class TokenBucket {
	readonly capacity: number;
	private tokens: number;
	private last: number;

	/** Starts full. `clock` returns milliseconds (monotonic; tests inject their own). */
	constructor(
		readonly config: RateLimitConfig,
		private readonly clock: () => number = monotonicMs,
	) {
		this.capacity = Math.max(1, config.burst ?? config.requestsPerSecond);
		this.tokens = this.capacity;
		this.last = clock();
	}

	private refill(): void {
		const now = this.clock();
		const elapsed = Math.max(0, now - this.last);
		this.last = Math.max(this.last, now);
		this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.config.requestsPerSecond) / 1000);
	}

	/** Tokens available now (fractional). */
	available(): number {
		this.refill();
		return this.tokens;
	}

	/**
	 * Takes one token for a request: 0 when it may pass, otherwise the seconds until a token will be there (the request
	 * is refused and takes nothing).
	 */
	take(): number {
		this.refill();
		if (this.tokens + EPSILON >= 1) {
			this.tokens = Math.max(0, this.tokens - 1);
			return 0;
		}
		return (1 - this.tokens) / this.config.requestsPerSecond;
	}

	/** The `Retry-After` header value for a wait of `seconds` (see `RateLimitConfig.wholeSeconds`). */
	retryAfter(seconds: number): string {
		if (this.config.wholeSeconds) return String(Math.max(1, Math.ceil(seconds - EPSILON)));
		return String(Math.max(0.001, Math.ceil(seconds * 1000 - EPSILON) / 1000));
	}
}
