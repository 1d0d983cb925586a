// n8n's verification gate, run locally: @n8n/scan-community-package's ESLint scan (inline eslint-disable
// comments ignored) over the source (`source`) or over the packed tarball (`package`, after `npm run build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
// The scanner lives in its own cached install (test/e2e/runtime/scanner), outside the package's modules.
const scannerDir = execFileSync(join(root, 'test/e2e/runtime/install.sh'), ['scanner'], { encoding: 'utf8' }).trim();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
	pathToFileURL(join(scannerDir, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs')).href
);
const mode = process.argv[2] ?? 'source';
let dir = root;
let patterns = SOURCE_FILE_PATTERNS;
let cleanup = () => {};
if (mode === 'package') {
	const work = mkdtempSync(join(tmpdir(), 'otto-scan-'));
	cleanup = () => rmSync(work, { recursive: true, force: true });
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
	execFileSync('tar', ['xzf', join(work, tarball)], { cwd: work });
	dir = join(work, 'package');
	patterns = ['**/*.js', '**/*.ts', '**/*.json'];
}
try {
	const result = await analyzePackage(dir, patterns);
	if (!result.passed) {
		console.error(`n8n package scan (${mode}) failed: ${result.message}\n${result.details ?? ''}`);
		process.exitCode = 1;
	} else {
		console.log(`n8n package scan (${mode}): passed`);
	}
} finally {
	cleanup();
}
