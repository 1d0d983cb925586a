/**
 * The OTTO simulator as the bench uses it: set up per scenario (seed, latency, rate limit), request counts after a run.
 * `inProcessSimulator` runs it in this process (the bench's unit test); `forkedSimulator` runs it in a child process
 * (`simProcess.ts`), so the bench's wall times and heap samples measure n8n and the node, not the simulator.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { startSimulator, type OttoSimulator, type RateLimitConfig, type SeedOptions } from '../otto-simulator';

/** Token endpoints (never rate limited): seller token and service-partner installation token. */
const TOKEN_PATH_RE = /^\/v1\/token\/?$|^\/v1\/apps\/[^/]+\/installations\/[^/]+\/accessToken\/?$/;

export interface SimSetup {
	seed: SeedOptions;
	latencyMs: number;
	/** Absent: no rate limit. */
	rateLimit?: RateLimitConfig;
}

/** What scenarios need to know of the seeded data. */
export interface SimFacts {
	/** SKUs of seeded product variations, in seed order (as many as the seed has). */
	skus: string[];
	/** A brand OTTO lets partners use. */
	usableBrandId: string;
}

/** Requests the simulator logged since the last `clearRequests`. */
export interface RequestStats {
	/** API requests (all but the token endpoints). */
	api: number;
	/** Token requests. */
	token: number;
	/** API requests answered 429 (the rate limit or a fault rule). */
	tooMany: number;
	/** API requests answered 2xx. */
	ok: number;
	/** API requests by `METHOD path` with ids and SKUs collapsed (e.g. `GET /v5/products/update-tasks/{id}`). */
	byRoute: Record<string, number>;
}

export interface BenchSimulator {
	readonly url: string;
	/** Re-seeds when the seed differs from the last one, sets latency and rate limit, clears the request log. */
	setUp(setup: SimSetup): Promise<SimFacts>;
	clearRequests(): Promise<void>;
	stats(): Promise<RequestStats>;
	close(): Promise<void>;
}

function routeOf(method: string, p: string): string {
	const collapsed = p
		.replace(/^(\/v5\/products\/update-tasks\/)[^/]+/, '$1{id}')
		.replace(/^(\/v1\/availability\/quantities\/).+/, '$1{sku}')
		.replace(/^(\/v4\/orders\/)[^/]+/, '$1{id}');
	return `${method} ${collapsed}`;
}

/** The simulator's side of the bench: used in-process, and inside the child process. */
export class SimulatorDriver {
	private lastSeed: string | undefined;

	constructor(readonly sim: OttoSimulator) {}

	setUp(setup: SimSetup): SimFacts {
		const seed = JSON.stringify(setup.seed);
		if (seed !== this.lastSeed) {
			this.sim.reset(setup.seed);
			this.lastSeed = seed;
		}
		this.sim.configure({ latencyMs: setup.latencyMs, faults: [], rateLimit: setup.rateLimit ?? null });
		this.sim.clearRequests();
		const data = this.sim.data;
		return { skus: data.products.map((p) => p.sku), usableBrandId: data.brands.find((b) => b.usable)!.id };
	}

	clearRequests(): void {
		this.sim.clearRequests();
	}

	stats(): RequestStats {
		const stats: RequestStats = { api: 0, token: 0, tooMany: 0, ok: 0, byRoute: {} };
		for (const entry of this.sim.requests()) {
			if (TOKEN_PATH_RE.test(entry.path)) {
				stats.token++;
				continue;
			}
			stats.api++;
			if (entry.status === 429) stats.tooMany++;
			if (entry.status >= 200 && entry.status < 300) stats.ok++;
			const route = routeOf(entry.method, entry.path);
			stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
		}
		return stats;
	}
}

/** The simulator in this process. */
export async function inProcessSimulator(): Promise<BenchSimulator> {
	const sim = await startSimulator({ port: 0 });
	const driver = new SimulatorDriver(sim);
	return {
		url: sim.url,
		setUp: async (setup) => driver.setUp(setup),
		clearRequests: async () => driver.clearRequests(),
		stats: async () => driver.stats(),
		close: () => sim.close(),
	};
}

type Reply = { id: number; result?: unknown; error?: string } | { ready: string };

/** The simulator in a child process (`simProcess.ts`), driven over IPC. */
export async function forkedSimulator(): Promise<BenchSimulator> {
	// The child inherits this process's execArgv: under tsx, its TypeScript loader.
	const child: ChildProcess = fork(path.join(__dirname, 'simProcess.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	let nextId = 1;
	const url = await new Promise<string>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`simulator process exited (${code}) before it was ready`)));
		child.on('message', (message: Reply) => {
			if ('ready' in message) {
				resolve(message.ready);
				return;
			}
			const waiter = pending.get(message.id);
			if (!waiter) return;
			pending.delete(message.id);
			if (message.error) waiter.reject(new Error(message.error));
			else waiter.resolve(message.result);
		});
	});
	child.removeAllListeners('exit');
	child.on('exit', () => {
		for (const waiter of pending.values()) waiter.reject(new Error('simulator process exited'));
		pending.clear();
	});
	const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			child.send({ id, method, args });
		});
	return {
		url,
		setUp: (setup) => call<SimFacts>('setUp', setup),
		clearRequests: () => call<void>('clearRequests'),
		stats: () => call<RequestStats>('stats'),
		close: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.disconnect();
			await exited;
		},
	};
}
