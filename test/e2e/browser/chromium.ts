/**
 * Debian's Chromium for the browser suite. Playwright's own browser download does not work on our machines, so
 * the suite drives /usr/bin/chromium through playwright-core's executablePath; when it is missing, the set-up
 * installs it with apt-get (the suite runs as root, as CI does). No Chromium means a failed suite, never a
 * skipped one.
 */
import { existsSync } from 'node:fs';

import { log, run } from '../n8n';

export const CHROMIUM_PATH = process.env.OTTO_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Makes sure Chromium is installed; returns its path and the version it prints. */
export async function ensureChromium(): Promise<{ executablePath: string; version: string }> {
	if (!existsSync(CHROMIUM_PATH)) {
		if (process.env.OTTO_CHROMIUM_PATH) {
			throw new Error(`OTTO_CHROMIUM_PATH=${CHROMIUM_PATH} does not exist`);
		}
		log(`${CHROMIUM_PATH} is missing: installing Debian's chromium (apt-get update && apt-get install -y chromium) …`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const update = await run('apt-get', ['update'], { env, timeoutMs: 5 * 60_000 });
		if (update.code !== 0) {
			throw new Error(`apt-get update failed (exit ${update.code}); the browser suite needs Chromium:\n${update.stderr.slice(-2000)}`);
		}
		const install = await run('apt-get', ['install', '-y', 'chromium'], { env, timeoutMs: 10 * 60_000 });
		if (install.code !== 0 || !existsSync(CHROMIUM_PATH)) {
			throw new Error(
				`apt-get install -y chromium failed (exit ${install.code}); the browser suite needs Chromium:\n${install.stderr.slice(-2000)}`,
			);
		}
		log(`installed Chromium in ${(install.durationMs / 1000).toFixed(0)} s`);
	}
	const result = await run(CHROMIUM_PATH, ['--version'], { timeoutMs: 30_000 });
	const version = /(\d+\.\d+\.\d+\.\d+)/.exec(result.stdout)?.[1];
	if (result.code !== 0 || !version) {
		throw new Error(`${CHROMIUM_PATH} --version failed (exit ${result.code}): ${result.stdout}${result.stderr}`);
	}
	return { executablePath: CHROMIUM_PATH, version };
}
