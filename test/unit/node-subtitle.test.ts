/**
 * The canvas subtitle of the Otto Market node shows the labels of resource and operation ("Get Many: Order").
 * n8n's community-node rules want the subtitle written as a literal, so this test keeps the literal in step
 * with the operations: every operation of every resource has its label in it.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resources } from '../../nodes/OttoMarket/actions';
import { OttoMarket } from '../../nodes/OttoMarket/OttoMarket.node';
import { OttoMarketTrigger } from '../../nodes/OttoMarketTrigger/OttoMarketTrigger.node';

const optionsOf = (property: INodeProperties | undefined) => (property?.options ?? []) as INodePropertyOptions[];

describe('Otto Market canvas subtitle', () => {
	const description = new OttoMarket().description;
	const subtitle = String(description.subtitle);
	const expression = subtitle.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	const evaluate = new Function('$parameter', `return ${expression};`) as (p: Record<string, string>) => string;

	it('is the label of every operation and resource, for every pair the node offers', () => {
		const resourceOptions = optionsOf(description.properties.find((p) => p.name === 'resource'));
		let pairs = 0;
		for (const resource of resourceOptions) {
			const operations = optionsOf(resources[String(resource.value)].description.find((p) => p.name === 'operation'));
			expect(operations.length).toBeGreaterThan(0);
			for (const operation of operations) {
				expect(evaluate({ resource: String(resource.value), operation: String(operation.value) })).toBe(`${operation.name}: ${resource.name}`);
				pairs++;
			}
		}
		expect(pairs).toBeGreaterThanOrEqual(54);
		expect(evaluate({ resource: 'order', operation: 'getAll' })).toBe('Get Many: Order');
	});

	it('the trigger names its event', () => {
		const trigger = new OttoMarketTrigger().description;
		const body = String(trigger.subtitle).replace(/^=\{\{/, '').replace(/\}\}$/, '');
		const label = (new Function('$parameter', `return ${body};`) as (p: Record<string, string>) => string)({ event: 'newOrder' });
		expect(label).toBe('On New Order');
	});
});
