/**
 * Node version 2: every bulk write takes the same options fragment ("Options" → Batch Size, One Request per
 * Item), and workflows saved with version 1 keep their own parameters (Return "Input Mode", Products
 * "uploadOptions"). Run by n8n-core's engine against the OTTO simulator, both versions side by side.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { OttoMarket } from '../../nodes/OttoMarket/OttoMarket.node';
import { ottoWorkflow, runWorkflow, useSimulator } from '../harness';
import { acceptRequests, asInput, decision } from './fixtures/returns';

const { sim, helper } = useSimulator();

const v2: Partial<INode> = { typeVersion: 2 };
const announced = () => sim().data.returns.filter((r) => r.status === 'ANNOUNCED');
const sentCounts = (calls: Array<{ body?: unknown }>) => calls.map((c) => (c.body as { positionItems: unknown[] }).positionItems.length);

function variation(n: number): IDataObject {
	const base = sim().data.products[n % sim().data.products.length];
	return { ...base, sku: `BULK-V2-${String(n).padStart(3, '0')}` };
}

describe('node description', () => {
	const properties = new OttoMarket().description.properties;
	const named = (name: string) => properties.filter((p) => p.name === name);

	test('version 3 is the default; from version 2 on the bulk options are one fragment with one name', () => {
		const node = new OttoMarket().description;
		expect(node.version).toEqual([1, 2, 3]);
		expect(node.defaultVersion).toBe(3);
		const fragments = named('options').filter((p) => p.type === 'collection');
		// quantity, delivery information, three Products writes, accept, reject
		expect(fragments.length).toBeGreaterThanOrEqual(7);
		for (const fragment of fragments) {
			const names = (fragment.options as Array<{ name: string }>).map((o) => o.name);
			expect(names).toContain('perItem');
			// shown for every version from 2 on (version 3 changed only Order → Get Many's sort)
			const versions = fragment.displayOptions?.show?.['@version'];
			if (versions) expect(versions).toEqual([2, 3]);
		}
	});

	test('version 1 keeps "Input Mode" (returns) and "uploadOptions" (Products), shown only for version 1', () => {
		for (const p of [...named('uploadOptions'), ...named('inputMode').filter((p) => p.displayOptions?.show?.resource?.includes('return'))]) {
			expect(p.displayOptions?.show?.['@version']).toEqual([1]);
		}
		expect(named('uploadOptions').length).toBeGreaterThanOrEqual(3);
	});
});

describe('Return → Accept, node version 2', () => {
	test('combined by default: three input items, one request', async () => {
		const returns = announced().slice(0, 3);
		const result = await runWorkflow(ottoWorkflow(decision('accept'), asInput(returns), v2), helper());
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market').map((i) => i.json.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
		expect(sentCounts(acceptRequests(sim()))).toEqual([3]);
	});

	test('Options → One Request per Item: one request each', async () => {
		const returns = announced().slice(0, 3);
		const result = await runWorkflow(ottoWorkflow(decision('accept', { options: { perItem: true } }), asInput(returns), v2), helper());
		expect(result.error).toBeUndefined();
		expect(sentCounts(acceptRequests(sim()))).toEqual([1, 1, 1]);
	});

	test('version 1 still reads "Input Mode"', async () => {
		const returns = announced().slice(0, 2);
		const result = await runWorkflow(ottoWorkflow(decision('accept', { inputMode: 'perItem' }), asInput(returns)), helper());
		expect(result.error).toBeUndefined();
		expect(sentCounts(acceptRequests(sim()))).toEqual([1, 1]);
	});
});

describe('Product → Create or Update, node version 2', () => {
	const productPosts = () => sim().requests({ path: '/v5/products', method: 'POST' });
	const run = (parameters: IDataObject, items: IDataObject[], extra: Partial<INode> = {}) =>
		runWorkflow(ottoWorkflow({ resource: 'product', operation: 'createOrUpdate', ...parameters }, items, extra), helper());

	test('Options → Batch Size and One Request per Item', async () => {
		const items = Array.from({ length: 5 }, (_, n) => variation(n));
		const batched = await run({ options: { batchSize: 2 } }, items, v2);
		expect(batched.error).toBeUndefined();
		expect(productPosts().map((p) => (p.body as unknown[]).length)).toEqual([2, 2, 1]);
		sim().reset();
		const single = await run({ options: { perItem: true } }, items.slice(0, 3), v2);
		expect(single.error).toBeUndefined();
		expect(productPosts().map((p) => (p.body as unknown[]).length)).toEqual([1, 1, 1]);
	});

	test('version 1 still reads "uploadOptions"', async () => {
		const items = Array.from({ length: 3 }, (_, n) => variation(n));
		const result = await run({ uploadOptions: { batchSize: 1 } }, items);
		expect(result.error).toBeUndefined();
		expect(productPosts().map((p) => (p.body as unknown[]).length)).toEqual([1, 1, 1]);
	});
});
