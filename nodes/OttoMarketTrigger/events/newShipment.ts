import type { IDataObject } from 'n8n-workflow';

import { apiPath, ENDPOINTS, ottoRequestBody } from '../../OttoMarket/transport';
import { iso, latestMs, newestSince, toMs } from '../helpers';
import type { EventQuery, TriggerEvent } from './types';

/** `GET /v1/shipments`: shipments created or changed since `datefrom`. */
function shipmentsQuery(since: number): EventQuery {
	return { list: ENDPOINTS.shipments, qs: { datefrom: iso(since) }, order: 'any' };
}

const lastChange = (shipment: IDataObject): number =>
	latestMs([shipment.creationDate, ...((shipment.states as IDataObject[] | undefined) ?? []).map((s) => s.occurredOn)]);

export const newShipment: TriggerEvent = {
	value: 'newShipment',
	name: 'New Shipment',
	action: 'On new shipment',
	description: 'A shipment was created for your orders (by you, by another tool or in the OTTO Partner Connect)',
	properties: [],

	queries({ from }) {
		return [shipmentsQuery(from)];
	},
	queryDate: lastChange,
	occurrences(shipment) {
		return [{ key: String(shipment.shipmentId), time: toMs(shipment.creationDate) }];
	},
	async output(shipment) {
		// The list leaves out the position items; Shipment → Get returns the whole shipment.
		return (await ottoRequestBody.call(this, {
			method: 'GET',
			path: apiPath`/v1/shipments/${String(shipment.shipmentId)}`,
		})) as IDataObject;
	},
	async newest() {
		return await newestSince(this, shipmentsQuery, (shipment) => toMs(shipment.creationDate));
	},
};
