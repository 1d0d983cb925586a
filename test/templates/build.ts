/**
 * Writes the BC template workflows of workflows-templates/ from their sources in test/templates/
 * (`npm run templates:build`). The JSON files are committed; test/workflows/templates.test.ts checks that
 * they match these sources.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { adsPauseWorkflow } from './adsPause';
import { customersWorkflow } from './customers';
import { digestWorkflow } from './digest';
import { ordersWorkflow } from './orders';
import { receiptsWorkflow } from './receipts';
import { stockWorkflow } from './stock';
import { creditMemosWorkflow } from './creditMemos';
import { returnsWorkflow } from './returns';
import { shipmentsWorkflow } from './shipments';

export const TEMPLATE_SOURCES = {
	'otto-price-reductions-to-bc.json': creditMemosWorkflow,
	'otto-orders-to-bc.json': ordersWorkflow,
	'otto-receipts-to-bc.json': receiptsWorkflow,
	'otto-bc-customers.json': customersWorkflow,
	'otto-sync-error-digest.json': digestWorkflow,
	'otto-stock-from-bc.json': stockWorkflow,
	'otto-returns-bc.json': returnsWorkflow,
	'otto-shipments-from-bc.json': shipmentsWorkflow,
	'otto-ads-pause-sold-out.json': adsPauseWorkflow,
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
