import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS } from '../../OttoMarket/transport';
import { iso, latestMs, newestSince } from '../helpers';
import type { EventQuery, TriggerEvent } from './types';

/** `GET /v1/return-shipments`: announced or changed since `datefrom`. */
function returnShipmentsQuery(since: number): EventQuery {
	return { list: ENDPOINTS.returnShipments, qs: { datefrom: iso(since) }, order: 'any' };
}

const lastChange = (returnShipment: IDataObject): number =>
	latestMs([
		returnShipment.createdAt,
		...((returnShipment.states as IDataObject[] | undefined) ?? []).map((s) => s.occurredOn),
	]);

export const returnShipment: TriggerEvent = {
	value: 'returnShipment',
	name: 'New or Updated Return Shipment',
	action: 'On new or updated return shipment',
	description: 'A customer announced a return parcel, or its tracking state changed (on the way, delivered)',
	properties: [],

	queries({ from }) {
		return [returnShipmentsQuery(from)];
	},
	queryDate: lastChange,
	occurrences(entity) {
		const time = lastChange(entity);
		return [{ key: `${String(entity.returnShipmentId)}@${time}`, time }];
	},
	async output(entity) {
		return entity;
	},
	async newest() {
		return await newestSince(this, returnShipmentsQuery, lastChange);
	},
};
