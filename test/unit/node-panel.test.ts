/**
 * What n8n's node panel makes of the two nodes (editor-ui, nodeCreator composables/useActionsGeneration.ts):
 * - the trigger's actions come from the options of its "Event" property: an option's `action` is the action's
 *   name as written, else "On " and the option's name in lower case;
 * - a trigger whose type name is the action node's plus "Trigger" is merged into one entry with the action node,
 *   and that entry shows the trigger's description, whether a first step or an action step is being added.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { OttoMarket } from '../../nodes/OttoMarket/OttoMarket.node';
import { EVENTS } from '../../nodes/OttoMarketTrigger/events';
import { OttoMarketTrigger } from '../../nodes/OttoMarketTrigger/OttoMarketTrigger.node';

const action = new OttoMarket().description;
const trigger = new OttoMarketTrigger().description;

/** The property n8n takes the trigger actions from: displayed as "Event", "Events" or "Trigger On". */
function eventProperty(properties: INodeProperties[]): INodeProperties | undefined {
	return properties.find((p) => ['event', 'events', 'trigger on'].includes(p.displayName.toLowerCase()));
}

/** The names n8n gives the trigger actions. */
function triggerActionNames(): string[] {
	const options = (eventProperty(trigger.properties)?.options ?? []) as INodePropertyOptions[];
	return options.map((option) => option.action ?? `On ${option.name.toLowerCase()}`);
}

describe('node panel', () => {
	it('the trigger actions read as sentences, with OTTO in capitals', () => {
		const names = triggerActionNames();
		expect(names).toHaveLength(EVENTS.length);
		expect(names).toEqual(
			expect.arrayContaining([
				'On new order',
				'On order changed',
				'On order cancelled',
				'On new shipment',
				'On new or updated return shipment',
				'On return status changed',
				'On new receipt',
				'On new or changed price reduction',
				'On product marketplace status changed',
				'On product content changed by OTTO',
			]),
		);
		for (const name of names) expect(name).toMatch(/^On [a-z]/);
		expect(names.join('\n')).not.toMatch(/\botto\b/);
	});

	it('each event option names its action after its label, and the values saved workflows store are unchanged', () => {
		const options = (eventProperty(trigger.properties)?.options ?? []) as INodePropertyOptions[];
		for (const option of options) expect(option.action?.toLowerCase()).toBe(`on ${option.name.toLowerCase()}`);
		expect(options.map((o) => o.value).sort()).toEqual(
			[
				'contentChange',
				'marketplaceStatus',
				'newOrder',
				'newReceipt',
				'newShipment',
				'orderCancelled',
				'orderChanged',
				'priceReduction',
				'returnShipment',
				'returnStatus',
			].sort(),
		);
		const returnStatus = options.find((o) => o.value === 'returnStatus');
		expect(returnStatus?.description).toMatch(/announced, accepted, rejected or misdirected/);
	});

	it('the trigger is merged into the action node, and the entry its description gives is right for actions and triggers', () => {
		expect(trigger.name.replace('Trigger', '')).toBe(action.name);
		// Shown on the merged entry when adding a first step and when adding an action step.
		expect(trigger.description).toMatch(/^Get and update OTTO Market /);
		expect(trigger.description).toMatch(/start a workflow when they change$/);
		// The action node's own (also an AI agent's default tool description) says what the actions do.
		expect(action.description).toMatch(/^Get and update OTTO Market /);
		expect(action.description).not.toMatch(/workflow|trigger/i);
	});
});
