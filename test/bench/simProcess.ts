/**
 * Child process of the bench (forkedSimulator in simHost.ts): runs the OTTO simulator and answers the bench's calls
 * (`setUp`, `clearRequests`, `stats`) over IPC; closes and exits when the bench disconnects.
 */
import { startSimulator } from '../otto-simulator';
import { SimulatorDriver } from './simHost';

type Call = { id: number; method: 'setUp' | 'clearRequests' | 'stats'; args: unknown[] };

async function main(): Promise<void> {
	const sim = await startSimulator({ port: 0 });
	const driver = new SimulatorDriver(sim);
	process.on('message', (message: Call) => {
		try {
			const fn = driver[message.method] as (...args: unknown[]) => unknown;
			process.send?.({ id: message.id, result: fn.apply(driver, message.args) ?? null });
		} catch (error) {
			process.send?.({ id: message.id, error: (error as Error).message });
		}
	});
	process.on('disconnect', () => {
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	});
	process.send?.({ ready: sim.url });
}

main().catch((error) => {
	process.stderr.write(`[bench simulator] ${(error as Error)?.stack ?? String(error)}\n`);
	process.exit(1);
});
