/** Command-line plumbing shared by the simulators' standalone entry points (`test/<sim>/cli.ts`). */

/** `--name value`, `--name=value` and bare `--flag` (= "true"); other arguments are ignored. */
export function parseArgs(argv: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) continue;
		const eq = arg.indexOf('=');
		if (eq > 0) out[arg.slice(2, eq)] = arg.slice(eq + 1);
		else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[arg.slice(2)] = argv[++i];
		else out[arg.slice(2)] = 'true';
	}
	return out;
}

/** A numeric flag/env value; undefined when absent or empty; exits with code 2 when not a finite number. */
export function numberOption(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) {
		process.stderr.write(`Invalid value for ${name}: ${value}\n`);
		process.exit(2);
	}
	return n;
}

/** Close the simulator and exit (0, or 1 when closing failed) on the first SIGINT/SIGTERM. */
export function closeOnSignals(sim: { close(): Promise<void> }): void {
	let closing = false;
	const shutdown = () => {
		if (closing) return;
		closing = true;
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

/** Run the CLI's main function; an uncaught error is printed and exits with code 1. */
export function runCli(main: () => Promise<void>): void {
	main().catch((err) => {
		process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
		process.exit(1);
	});
}
