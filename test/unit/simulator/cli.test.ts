import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

describe('cli.ts', () => {
	it('prints the listening line, serves requests and exits on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/otto-simulator/cli.ts', '--port', '0', '--orders', '20', '--token-ttl', '60'], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const url = await new Promise<string>((resolve, reject) => {
				let out = '';
				const timer = setTimeout(() => reject(new Error(`no listening line; got: ${out}`)), 15_000);
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					const m = /^OTTO simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
					if (m) {
						clearTimeout(timer);
						resolve(m[1]);
					}
				});
				child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
			});
			const state = (await (await fetch(`${url}/__control/state`)).json()) as any;
			expect(state.counts.orders).toBe(20);
			expect(state.config.tokenTtlSeconds).toBe(60);
		} finally {
			const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	}, 20_000);
});
