import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { MARKETPLACE_STATUSES, marketplaceStatusOptions } from '../../nodes/OttoMarket/actions/product/descriptions';

/**
 * The homes of the action node's code: `actions/<resource>/` holds only that resource, code several resources
 * use lives in `actions/` itself, and `helpers/` holds pure OTTO rules without n8n's execution context.
 */
const NODE = resolve(__dirname, '../../nodes/OttoMarket');
const ACTIONS = join(NODE, 'actions');
const HELPERS = join(NODE, 'helpers');

function tsFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return tsFiles(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

/** Relative module specifiers of a file's imports and re-exports, resolved to the .ts file they name. */
function localImports(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	const specifiers = [...source.matchAll(/\bfrom\s+'(\.[^']*)'/g)].map((m) => m[1]);
	return specifiers.map((specifier) => {
		const base = resolve(dirname(file), specifier);
		for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
			try {
				if (statSync(candidate).isFile()) return candidate;
			} catch {
				// not this one
			}
		}
		throw new Error(`${relative(NODE, file)}: cannot resolve '${specifier}'`);
	});
}

const rel = (path: string) => relative(NODE, path).split(sep).join('/');

/** The resource folder a file of `actions/` belongs to, or undefined for the shared files in `actions/` itself. */
function resourceOf(file: string): string | undefined {
	const parts = relative(ACTIONS, file).split(sep);
	return parts.length > 1 ? parts[0] : undefined;
}

describe('layout of the action node', () => {
	it('no resource folder imports from another resource folder', () => {
		const crossing: string[] = [];
		for (const file of tsFiles(ACTIONS)) {
			const own = resourceOf(file);
			if (!own) continue;
			for (const target of localImports(file)) {
				if (!target.startsWith(ACTIONS + sep)) continue;
				const other = resourceOf(target);
				if (other && other !== own) crossing.push(`${rel(file)} → ${rel(target)}`);
			}
		}
		expect(crossing).toEqual([]);
	});

	it('helpers/ uses no n8n execution context and nothing of actions/', () => {
		const problems: string[] = [];
		for (const file of tsFiles(HELPERS)) {
			const source = readFileSync(file, 'utf8');
			if (/\bI(Execute|Poll|LoadOptions|Hook|Webhook)Functions\b/.test(source)) {
				problems.push(`${rel(file)} uses an n8n execution context`);
			}
			if (/^import\s+\{[^}]*\}\s+from\s+'n8n-workflow'/m.test(source)) {
				problems.push(`${rel(file)} imports values (not only types) from n8n-workflow`);
			}
			for (const target of localImports(file)) {
				if (target.startsWith(ACTIONS + sep)) problems.push(`${rel(file)} → ${rel(target)}`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('the marketplace-status options list exactly the states OTTO knows', () => {
		const values = marketplaceStatusOptions.map((option) => option.value);
		expect([...values].sort()).toEqual([...MARKETPLACE_STATUSES].sort());
		expect(values).toEqual([...values].sort());
	});
});
