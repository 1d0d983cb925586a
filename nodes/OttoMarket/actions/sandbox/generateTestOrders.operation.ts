import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiPath, CREDENTIAL_TYPE, ottoRequestBody } from '../../transport';
import { oneOf } from '../params';

const SCENARIOS = ['all', '1', '2', '3', '4', '5', '6', '7', '8'] as const;

const properties: INodeProperties[] = [
	{
		displayName:
			'Works only with a sandbox credential (or a custom base URL such as the OTTO simulator); with a production credential it is refused before anything is sent',
		name: 'sandboxNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Scenario',
		name: 'scenario',
		type: 'options',
		options: [
			{
				name: 'All Scenarios',
				value: 'all',
				description: 'All 8 scenarios: 6 processable orders, 1 announced prepayment order, 1 cancelled by the marketplace',
			},
			...SCENARIOS.slice(1).map((n) => ({ name: `Scenario ${n}`, value: n, description: `Only OTTO's test scenario ${n}` })),
		],
		default: 'all',
		description: 'Which of OTTO\'s sandbox order scenarios to create',
	},
];

const displayOptions = { show: { resource: ['sandbox'], operation: ['generateTestOrders'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	// Only the environment is read: the generator must never create orders on the live marketplace.
	const { environment } = await this.getCredentials(CREDENTIAL_TYPE);
	const target = String(environment || 'production');
	if (target === 'production') {
		throw new NodeOperationError(
			this.getNode(),
			'Test orders can only be generated in the OTTO sandbox, but the credential points at production',
			{
				itemIndex: i,
				description:
					'Select a credential whose environment is "Sandbox" (a Sandbox App from OTTO Partner Connect) or a custom base URL. Nothing was sent to OTTO.',
			},
		);
	}
	const scenario = oneOf(this, i, 'Scenario', this.getNodeParameter('scenario', i, 'all'), SCENARIOS);
	const body = (await ottoRequestBody.call(this, {
		method: 'POST',
		path: scenario === 'all' ? '/v4/orders/testorders' : apiPath`/v4/orders/testorders/scenario${scenario}`,
		itemIndex: i,
	})) as IDataObject | IDataObject[] | undefined;
	const orders = Array.isArray(body) ? body : Array.isArray(body?.resources) ? (body.resources as IDataObject[]) : [];
	if (orders.length > 0) return orders;
	// OTTO's answer may carry no orders; they then show up in Order → Get Many.
	return [{ generated: true, scenario, environment: target }];
}
