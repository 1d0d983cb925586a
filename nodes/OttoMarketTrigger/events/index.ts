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

export const eventProperty: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	required: true,
	options: EVENTS.map((event) => ({ name: event.name, value: event.value, description: event.description })).sort((a, b) =>
		a.name.localeCompare(b.name),
	),
	default: 'newOrder',
};

/** Each event's own fields, shown only while it is selected. */
export const eventFields: INodeProperties[] = EVENTS.flatMap((event) =>
	updateDisplayOptions({ show: { event: [event.value] } }, event.properties),
);
