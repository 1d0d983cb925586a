/**
 * "Start the simulator for this suite": one server (the OTTO or the BC simulator) per test file or describe
 * block, reset before each test, closed after all. Free of the node's code, so the simulators' own unit tests
 * use it too; workflow tests use useSimulator() (./simulator), which adds the OTTO credential.
 */

/** What useServer needs of a simulator. */
export interface TestServer {
	close(): Promise<void>;
	reset(): void;
}

export interface UseServerOptions {
	/** Reset the server before each test (default true); false for suites that only read the seeded data. */
	reset?: boolean;
}

/**
 * Registers the hooks of the enclosing file or describe block: `start` before all tests, `reset()` before each
 * (hooks registered later run after it, so they see the fresh state), `close()` after all. Returns the running
 * server, which throws when called outside those tests and hooks.
 */
export function useServer<S extends TestServer>(start: () => Promise<S>, options: UseServerOptions = {}): () => S {
	let current: S | undefined;

	beforeAll(async () => {
		current = await start();
	});

	afterAll(async () => {
		await current?.close();
		current = undefined;
	});

	const server = (): S => {
		if (!current) throw new Error('The simulator is not running: use it inside a test or hook of the block that started it');
		return current;
	};

	if (options.reset !== false) {
		beforeEach(() => {
			server().reset();
		});
	}

	return server;
}
