/**
 * The canvas subtitle of the Otto Market node shows the labels of resource and operation ("Get Many: Order").
 * n8n's community-node rules want the subtitle written as a literal, so this test keeps the literal in step
 * with the operations: every operation of every resource has its label in it. The subtitle is evaluated by
 * n8n-workflow's own expression engine, as the editor does: its template parser ends an expression at the first
 * `}}`, so a nested object literal must not close two braces in a row (`} }`).
 */
import type { INode, INodeProperties, INodePropertyOptions, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { resources } from '../../nodes/OttoMarket/actions';
import { OttoMarket } from '../../nodes/OttoMarket/OttoMarket.node';
import { OttoMarketTrigger } from '../../nodes/OttoMarketTrigger/OttoMarketTrigger.node';

const optionsOf = (property: INodeProperties | undefined) => (property?.options ?? []) as INodePropertyOptions[];

/** The subtitle as n8n-workflow's expression engine evaluates it for a node with these parameters. */
function subtitleOf(type: INodeType, parameters: Record<string, string>): unknown {
	const { name, defaultVersion, version } = type.description;
	const node: INode = {
		id: 'subtitle',
		name: 'Node',
		type: `n8n-nodes-otto-market.${name}`,
		typeVersion: defaultVersion ?? (Array.isArray(version) ? version[version.length - 1] : version),
		position: [0, 0],
		parameters,
	};
	const nodeTypes: INodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, String(type.description.subtitle), 'internal', {});
}

describe('Otto Market canvas subtitle', () => {
	const description = new OttoMarket().description;
	const evaluate = (parameters: Record<string, string>) => subtitleOf(new OttoMarket(), parameters);

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
		expect(subtitleOf(new OttoMarketTrigger(), { event: 'newOrder' })).toBe('On New Order');
		expect(subtitleOf(new OttoMarketTrigger(), { event: 'contentChange' })).toBe('On Product Content Changed by OTTO');
	});
});
