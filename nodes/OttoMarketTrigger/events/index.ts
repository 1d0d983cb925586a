import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { contentChange } from './contentChange';
import { marketplaceStatus } from './marketplaceStatus';
import { newOrder } from './newOrder';
import { newReceipt } from './newReceipt';
import { newShipment } from './newShipment';
import { orderCancelled } from './orderCancelled';
import { orderChanged } from './orderChanged';
import { priceReduction } from './priceReduction';
import { returnShipment } from './returnShipment';
import { returnStatus } from './returnStatus';
import type { TriggerEvent } from './types';

export type { TriggerEvent } from './types';

export const EVENTS: TriggerEvent[] = [
	newOrder,
	orderChanged,
	orderCancelled,
	newShipment,
	returnShipment,
	returnStatus,
	newReceipt,
	priceReduction,
	marketplaceStatus,
	contentChange,
];

/**
 * n8n's node panel lists one trigger action per option of the trigger's "Event" property (it looks for a property
 * displayed as "Event", "Events" or "Trigger On"; editor-ui, nodeCreator composables/useActionsGeneration.ts,
 * triggersCategory). An option's `action` is taken as the action's name word for word; without one, n8n
 * writes "On " and the option's name with every word lower-cased ("On product content changed by otto").
 * So each event names its action itself. Only names change here: the option values are what saved workflows store.
 */
export const eventProperty: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	required: true,
	options: EVENTS.map((event) => ({ name: event.name, value: event.value, action: event.action, description: event.description })).sort(
		(a, b) => a.name.localeCompare(b.name),
	),
	default: 'newOrder',
};

/** Each event's own fields, shown only while it is selected. */
export const eventFields: INodeProperties[] = EVENTS.flatMap((event) =>
	updateDisplayOptions({ show: { event: [event.value] } }, event.properties),
);
