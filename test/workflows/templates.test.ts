/**
 * The shipped template workflows: the BC templates match their sources in test/templates/, use only node
 * types and typeVersions that n8n 1.123 and 2.40 both know, carry no credential ids, no error-workflow id
 * and no secrets, and every Code node's JavaScript parses.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { TEMPLATE_SOURCES, renderTemplate } from '../templates/build';
import { COMMON_SETTINGS } from '../templates/orders';

const DIR = path.resolve(__dirname, '..', '..', 'workflows-templates');

/** Node types and the typeVersions pinned for templates (present in n8n 1.123.81 and 2.40.7). */
const ALLOWED: Record<string, number[]> = {
	'n8n-nodes-base.scheduleTrigger': [1.2],
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.errorTrigger': [1],
	'n8n-nodes-base.executeWorkflowTrigger': [1.1],
	'n8n-nodes-base.executeWorkflow': [1.2],
	'n8n-nodes-base.set': [3.4],
	'n8n-nodes-base.code': [2],
	'n8n-nodes-base.if': [2.2],
	'n8n-nodes-base.httpRequest': [4.2],
	'n8n-nodes-base.dataTable': [1],
	'n8n-nodes-base.wait': [1.1],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.stopAndError': [1],
	'n8n-nodes-base.emailSend': [2.1],
	'n8n-nodes-base.slack': [2.3],
	'n8n-nodes-base.stickyNote': [1],
	'n8n-nodes-otto-market.ottoMarket': [1, 2],
};

interface Node {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string; name: string }>;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const workflows = files.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) }));

describe('workflows-templates/', () => {
	test.each(Object.keys(TEMPLATE_SOURCES))('%s is what test/templates/ builds (run `npx tsx test/templates/build.ts`)', (file) => {
		expect(existsSync(path.join(DIR, file))).toBe(true);
		const build = TEMPLATE_SOURCES[file as keyof typeof TEMPLATE_SOURCES];
		expect(readFileSync(path.join(DIR, file), 'utf8')).toBe(renderTemplate(build));
	});

	test.each(files)('%s uses only node versions both supported n8n majors know, and no instance-specific ids', (file) => {
		const { workflow } = workflows.find((w) => w.file === file)!;
		const nodes = workflow.nodes as Node[];
		expect(new Set(nodes.map((n) => n.name)).size).toBe(nodes.length);
		for (const node of nodes) {
			expect(ALLOWED[node.type]).toBeDefined();
			expect(ALLOWED[node.type]).toContain(node.typeVersion);
			for (const credential of Object.values(node.credentials ?? {})) expect(credential.id ?? '').toBe('');
		}
		expect(workflow.settings?.errorWorkflow).toBeUndefined();
		expect(workflow.settings?.executionOrder).toBe('v1');
		expect(workflow.active).toBe(false);
		for (const [from, outputs] of Object.entries(workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>)) {
			expect(nodes.some((n) => n.name === from)).toBe(true);
			for (const target of outputs.main.flat()) expect(nodes.some((n) => n.name === target.node)).toBe(true);
		}
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(/sim-secret|client_secret|Bearer /);
	});

	test.each(files)('%s: every Code node is valid JavaScript', (file) => {
		const { workflow } = workflows.find((w) => w.file === file)!;
		for (const node of (workflow.nodes as Node[]).filter((n) => n.type === 'n8n-nodes-base.code')) {
			const source = String(node.parameters.jsCode);
			// n8n runs the code as the body of an async function
			expect(() => new Function(`return (async () => {\n${source}\n});`)).not.toThrow();
		}
	});

	test('the order workflow has one Config node with every setting, right after its trigger', () => {
		const { workflow } = workflows.find((w) => w.file === 'otto-orders-to-bc.json')!;
		const config = (workflow.nodes as Node[]).find((n) => n.name === 'Config')!;
		const names = ((config.parameters.assignments as { assignments: Array<{ name: string }> }).assignments).map((a) => a.name);
		expect(names).toEqual([...COMMON_SETTINGS.map((s) => s.name), 'workflowKey']);
		expect(workflow.connections['Every 15 minutes'].main[0][0].node).toBe('Config');
	});
});
