/**
 * A watchdog for what the queue-mode suite starts. Jest gives a test file a copy of `process`, so signal and
 * 'exit' handlers registered there never run when the test process is interrupted or killed. The guardian is a
 * small separate Node.js process: it checks every half second whether the test process is still alive and,
 * once it is gone, SIGKILLs the process groups it was told about and deletes the folders it was told about.
 * The test process tells it through a JSON file (PIDs and folders are added when started, removed when stopped).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface State {
	pids: number[];
	dirs: string[];
}

const SCRIPT = `
const fs = require('node:fs');
const [parent, file] = [Number(process.argv[1]), process.argv[2]];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
	if (!fs.existsSync(file)) process.exit(0);
	if (alive(parent)) return;
	let state = { pids: [], dirs: [] };
	try { state = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
	for (const pid of state.pids) {
		try { process.kill(-pid, 'SIGKILL'); } catch {}
		try { process.kill(pid, 'SIGKILL'); } catch {}
	}
	setTimeout(() => {
		for (const dir of state.dirs) { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
		try { fs.rmSync(require('node:path').dirname(file), { recursive: true, force: true }); } catch {}
		process.exit(0);
	}, 1000);
}, 500);
`;

let stateFile: string | undefined;
let stateDir: string | undefined;
let guardianPid: number | undefined;
const state: State = { pids: [], dirs: [] };

function save(): void {
	if (!stateFile) {
		stateDir = mkdtempSync(path.join(os.tmpdir(), 'otto-queue-guard-'));
		stateFile = path.join(stateDir, 'state.json');
		writeFileSync(stateFile, JSON.stringify(state));
		const child = spawn(process.execPath, ['-e', SCRIPT, String(process.pid), stateFile], { detached: true, stdio: 'ignore' });
		child.unref();
		guardianPid = child.pid;
	}
	writeFileSync(stateFile, JSON.stringify(state));
}

/** The guardian SIGKILLs this process group (and process) should the test process die first. */
export function guardPid(pid: number | undefined): void {
	if (!pid || pid < 0) return;
	if (!state.pids.includes(pid)) state.pids.push(pid);
	save();
}

export function unguardPid(pid: number | undefined): void {
	state.pids = state.pids.filter((p) => p !== pid);
	if (stateFile) save();
}

/** The guardian deletes this folder should the test process die first. */
export function guardDir(dir: string): void {
	if (!state.dirs.includes(dir)) state.dirs.push(dir);
	save();
}

export function unguardDir(dir: string): void {
	state.dirs = state.dirs.filter((d) => d !== dir);
	if (stateFile) save();
}

/** Ends the guardian (everything was stopped the ordinary way); it exits when its file is gone. */
export function stopGuardian(): void {
	if (stateDir) rmSync(stateDir, { recursive: true, force: true });
	if (guardianPid) {
		try {
			process.kill(guardianPid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
	stateFile = undefined;
	stateDir = undefined;
	guardianPid = undefined;
	state.pids = [];
	state.dirs = [];
}
