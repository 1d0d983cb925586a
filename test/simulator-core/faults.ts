/**
 * Fault injection shared by the simulators: the `FaultRule` type, its zod schema and the `FaultPicker` that
 * decides which rule fires for a request (path/method match, `skip`, `count`, seeded `rate`, `after`).
 */
import { z } from 'zod';
import { Random } from './prng';

export type FaultType = '429' | '500' | '502' | '503' | '504' | 'drop';

export interface FaultRule {
	type: FaultType;
	/** Probability 0..1 (default 1), decided by a PRNG seeded with `faultSeed` so runs are reproducible. */
	rate?: number;
	/** Regex (string) matched against the request pathname. Without it the token endpoint is never faulted. */
	path?: string;
	/** HTTP method (case-insensitive). */
	method?: string;
	/** Maximum number of times this rule fires (default: unlimited). */
	count?: number;
	/** Let this many matching requests through before the rule starts firing (1 = fault the second page). */
	skip?: number;
	/** 429 only: value of the `Retry-After` header; header omitted when undefined. */
	retryAfterSeconds?: number;
	/**
	 * Fault after processing: the request is handled normally and, when it succeeded (2xx), its answer is
	 * replaced by the fault (5xx or a dropped connection) — a write the service applied although the client saw
	 * a failure. `skip`, `count` and `rate` then count succeeded requests only. Not for 429.
	 */
	after?: boolean;
}

/** A string that compiles as a regular expression. */
export const regexString = z.string().refine((p) => {
	try {
		new RegExp(p);
		return true;
	} catch {
		return false;
	}
}, 'is not a valid regular expression');

/** Schema of one fault rule (strict object; simulators may add refinements on top). */
export const faultRuleSchema = z
	.object({
		type: z.enum(['429', '500', '502', '503', '504', 'drop']),
		rate: z.number().min(0).max(1).optional(),
		path: regexString.optional(),
		method: z.string().optional(),
		count: z.number().int().min(0).optional(),
		skip: z.number().int().min(0).optional(),
		retryAfterSeconds: z.number().min(0).optional(),
		after: z.boolean().optional(),
	})
	.strict();

/** `field: message; …` for a zod error. */
export function formatZod(error: z.ZodError): string {
	return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Stateful rule matcher. Rules without a `path` never fault the token endpoint(s) matched by `tokenPathRe`;
 * counters and the PRNG start afresh with every `reset`.
 */
export class FaultPicker {
	private rules: FaultRule[] = [];
	private hits: number[] = [];
	private passed: number[] = [];
	private regexes: Array<RegExp | undefined> = [];
	private rng = new Random(1);

	constructor(private readonly tokenPathRe: RegExp) {}

	/** Start over with these rules (the picker keeps the array: replace it, don't mutate it) and seed (default 1). */
	reset(rules: FaultRule[], seed?: number): void {
		this.rules = rules;
		this.hits = rules.map(() => 0);
		this.passed = rules.map(() => 0);
		this.regexes = rules.map((f) => (f.path !== undefined ? new RegExp(f.path) : undefined));
		this.rng = new Random(seed ?? 1);
	}

	/** The fault rule that fires for this request: `after` rules only once the request was applied (2xx). */
	pick(method: string, path: string, after = false): FaultRule | undefined {
		const isTokenPath = this.tokenPathRe.test(path);
		for (let i = 0; i < this.rules.length; i++) {
			const rule = this.rules[i];
			if (!!rule.after !== after) continue;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			const regex = this.regexes[i];
			if (regex) {
				if (!regex.test(path)) continue;
			} else if (isTokenPath) continue;
			if (rule.count !== undefined && this.hits[i] >= rule.count) continue;
			if (rule.skip !== undefined && this.passed[i] < rule.skip) {
				this.passed[i]++;
				continue;
			}
			const rate = rule.rate ?? 1;
			if (rate < 1 && this.rng.next() >= rate) continue;
			this.hits[i]++;
			return rule;
		}
		return undefined;
	}
}

/**
 * Record a fired rule on the request's log entry (`applied` for `after` faults). `drop`: logs status 0, destroys
 * the connection and returns undefined; otherwise logs and returns the HTTP status to answer with.
 */
export function fireFault(
	rule: FaultRule,
	entry: { fault?: string; applied?: boolean; status: number },
	socket: { destroy(): void },
	applied = false,
): number | undefined {
	entry.fault = rule.type;
	if (applied) entry.applied = true;
	if (rule.type === 'drop') {
		entry.status = 0;
		socket.destroy();
		return undefined;
	}
	const status = Number(rule.type);
	entry.status = status;
	return status;
}
