/**
 * Writes the BC template workflows of workflows-templates/ from their sources in test/templates/
 * (`npm run templates:build`). The JSON files are committed; test/workflows/templates.test.ts checks that
 * they match these sources.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { customersWorkflow } from './customers';
import { ordersWorkflow } from './orders';

export const TEMPLATE_SOURCES = {
	'otto-orders-to-bc.json': ordersWorkflow,
	'otto-bc-customers.json': customersWorkflow,
};

export function renderTemplate(build: () => unknown): string {
	return JSON.stringify(build(), null, 2) + '\n';
}

async function main(): Promise<void> {
	const dir = path.resolve(__dirname, '..', '..', 'workflows-templates');
	for (const [file, build] of Object.entries(TEMPLATE_SOURCES)) {
		await fs.writeFile(path.join(dir, file), renderTemplate(build), 'utf8');
		process.stdout.write(`wrote workflows-templates/${file}\n`);
	}
}

if (require.main === module) void main();
