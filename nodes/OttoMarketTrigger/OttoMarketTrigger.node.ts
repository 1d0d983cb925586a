import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { EVENTS, eventFields, eventProperty } from './events';
import { DEFAULT_FULL_READ_MINUTES, DEFAULT_SAFETY_MARGIN_MINUTES, pollEvent } from './poll';

export class OttoMarketTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Otto Market Trigger',
		name: 'ottoMarketTrigger',
		icon: { light: 'file:otto.svg', dark: 'file:otto.dark.svg' },
		group: ['trigger'],
		version: 1,
		// the event's label ("On New Order"), not its stored value
		subtitle: `={{ "On " + (${JSON.stringify(Object.fromEntries(EVENTS.map((e) => [e.value, e.name])))})[$parameter["event"]] }}`,
		// n8n's node panel shows the action node and this trigger as one "Otto Market" entry (a trigger whose type name
		// is the action node's plus "Trigger" is merged into it) and gives that entry the trigger's description, both when
		// a workflow's first step is picked and when an action step is added (editor-ui, nodeCreator
		// composables/useActionsGeneration.ts, generateMergedNodesAndActions; NodeItem.vue shows it). n8n has no
		// separate description per panel, so this one says both what the entry's actions do and what starts a workflow.
		description:
			'Get and update OTTO Market orders, shipments, returns, products, stock, prices and ads, or start a workflow when they change',
		defaults: { name: 'Otto Market Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketOAuth2Api', required: true }],
		properties: [
			eventProperty,
			...eventFields,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Re-Read Safety Margin Every (Minutes)',
						name: 'fullReadMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_FULL_READ_MINUTES,
						description:
							'Order, return, receipt and marketplace status events: in between, a poll reads only the newest changes (one request when nothing changed). This often, a poll reads the whole safety margin again and emits what OTTO showed late with an earlier date. 0 reads the whole margin on every poll.',
					},
					{
						displayName: 'Safety Margin (Minutes)',
						name: 'safetyMarginMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_SAFETY_MARGIN_MINUTES,
						description:
							'How far back the trigger looks again, to catch what OTTO shows late with an earlier date: orders appear about 45 minutes after checkout, dated at checkout. Anything already emitted is remembered and not emitted again.',
					},
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description:
							'On the first poll, emit everything since this time instead of starting from now. Has no effect once the trigger has polled.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const value = this.getNodeParameter('event', '') as string;
		const event = EVENTS.find((e) => e.value === value);
		if (!event) throw new NodeOperationError(this.getNode(), `Unknown event "${value}"`);
		return await pollEvent.call(
			this,
			event,
			EVENTS.filter((e) => e !== event).map((e) => e.value),
		);
	}
}
