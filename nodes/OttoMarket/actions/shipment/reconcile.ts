import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, ottoRequestBody, ottoRequest } from '../../transport';
import type { Verdict } from '../reconcile';
import type { ShipmentPositionItem, TrackingKey } from './parameters';

/**
 * The checks of the shipment writes: after a create, multiparcel create or correction failed ambiguously
 * (5xx, lost answer) or with a 409, they read at OTTO whether the write is there. Each costs at most one
 * GET per parcel and sends nothing.
 *
 * - A shipment with a tracking number: `GET /v1/shipments/carriers/{carrier}/trackingnumbers/{number}`.
 *   It exists and holds every position item we sent → applied (with its shipmentId); 404 → not applied;
 *   anything else (it exists without our items, another answer) → unknown.
 * - A forwarder shipment without a tracking number cannot be looked up: `GET /v4/orders/{salesOrderId}`
 *   of its (first) order shows the position items' fulfillmentStatus. All SENT with our carrier, without a
 *   tracking number and on our ship date → applied (shipmentId unknown); all PROCESSABLE → not applied.
 * - A correction: the shipment by its ID or tracking key holds every added item → applied; it holds none
 *   of them, or does not exist → not applied; some → unknown.
 * - A multiparcel shipment: every parcel's tracking key holds the split position item → applied; none
 *   exists → not applied; anything in between → unknown.
 */

interface OttoShipment {
	shipmentId?: string;
	trackingKey?: { carrier?: string; trackingNumber?: string };
	positionItems?: Array<{ positionItemId?: string; salesOrderId?: string }>;
}

interface OttoOrder {
	salesOrderId?: string;
	positionItems?: Array<{
		positionItemId?: string;
		fulfillmentStatus?: string;
		sentDate?: string;
		trackingInfo?: { carrier?: string; trackingNumber?: string };
	}>;
}

type Ref = Pick<ShipmentPositionItem, 'positionItemId' | 'salesOrderId'>;

const list = (ids: string[]) => ids.join(', ');
const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

/** The shipment at `path`, or undefined when OTTO answers 404; any other failure is thrown (→ unknown). */
async function readShipment(ctx: IExecuteFunctions, itemIndex: number, path: string): Promise<OttoShipment | undefined> {
	const response = await ottoRequest.call(ctx, { method: 'GET', path, itemIndex, accept: [404] });
	return response.status === 404 ? undefined : ((response.body ?? {}) as OttoShipment);
}

/** Which of `items` the shipment holds (same position item in the same sales order) and which it does not. */
function holds(shipment: OttoShipment, items: Ref[]): { held: string[]; missing: string[] } {
	const inShipment = new Set((shipment.positionItems ?? []).map((p) => `${p.salesOrderId ?? ''}\n${p.positionItemId ?? ''}`));
	const held: string[] = [];
	const missing: string[] = [];
	for (const item of items) {
		(inShipment.has(`${item.salesOrderId}\n${item.positionItemId}`) ? held : missing).push(item.positionItemId);
	}
	return { held, missing };
}

export function shipmentByTrackingKeyPath(carrier: string, trackingNumber: string): string {
	return apiPath`/v1/shipments/carriers/${carrier}/trackingnumbers/${trackingNumber}`;
}

/** Create with a tracking number: does the shipment with this tracking key hold the position items we sent? */
export async function checkShipment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	trackingKey: Required<TrackingKey>,
	items: Ref[],
): Promise<Verdict> {
	const key = `${trackingKey.carrier}/${trackingKey.trackingNumber}`;
	const shipment = await readShipment(ctx, itemIndex, shipmentByTrackingKeyPath(trackingKey.carrier, trackingKey.trackingNumber));
	if (!shipment) return { state: 'notApplied', evidence: `OTTO has no shipment with tracking key ${key} (404)` };
	const { held, missing } = holds(shipment, items);
	const id = shipment.shipmentId ?? 'without ID';
	if (missing.length === 0) {
		return {
			state: 'applied',
			evidence: `shipment ${id} with tracking key ${key} holds ${items.length === 1 ? `position item ${held[0]}` : `all ${items.length} position items`}`,
			details: { shipmentId: shipment.shipmentId ?? null },
		};
	}
	return {
		state: 'unknown',
		evidence:
			`a shipment with tracking key ${key} exists (${id}) but does not hold ${plural(missing.length, 'position item')} ${list(missing)}` +
			(held.length ? `; it holds ${list(held)} (add the others with Add Position Items)` : ''),
	};
}

/**
 * Create of a forwarder shipment without tracking number: the position items of the parcel's first order.
 * OTTO creates a shipment as a whole, so the items of further orders in the same parcel share their state.
 */
export async function checkForwarderShipment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	carrier: string,
	shipDate: string,
	items: Ref[],
): Promise<Verdict> {
	const salesOrderId = items[0].salesOrderId;
	let order: OttoOrder;
	try {
		order = ((await ottoRequestBody.call(ctx, { method: 'GET', path: apiPath`/v4/orders/${salesOrderId}`, itemIndex })) ?? {}) as OttoOrder;
	} catch (error) {
		return { state: 'unknown', evidence: `the order ${salesOrderId} could not be read: ${(error as Error).message}` };
	}
	const ours = items.filter((item) => item.salesOrderId === salesOrderId);
	const others = items.length - ours.length;
	const otherNote = others ? ` (${others} more ${plural(others, 'position item')} of other orders in the same shipment were not read)` : '';
	const found = ours.map((item) => ({ id: item.positionItemId, at: order.positionItems?.find((p) => p.positionItemId === item.positionItemId) }));
	const absent = found.filter((f) => !f.at).map((f) => f.id);
	if (absent.length) {
		return { state: 'unknown', evidence: `order ${salesOrderId} has no position ${plural(absent.length, 'item')} ${list(absent)}` };
	}
	if (found.every((f) => f.at!.fulfillmentStatus === 'PROCESSABLE')) {
		return {
			state: 'notApplied',
			evidence: `position ${plural(found.length, 'item')} ${list(ours.map((o) => o.positionItemId))} of order ${salesOrderId} ${found.length === 1 ? 'is' : 'are'} still PROCESSABLE${otherNote}`,
		};
	}
	const shipped = new Date(shipDate).getTime();
	const ourShipment = (p: NonNullable<(typeof found)[number]['at']>) =>
		p.fulfillmentStatus === 'SENT' &&
		(!p.trackingInfo?.carrier || p.trackingInfo.carrier === carrier) &&
		!p.trackingInfo?.trackingNumber &&
		(!p.sentDate || new Date(p.sentDate).getTime() === shipped);
	if (found.every((f) => ourShipment(f.at!))) {
		return {
			state: 'applied',
			evidence:
				`position ${plural(found.length, 'item')} ${list(ours.map((o) => o.positionItemId))} of order ${salesOrderId} ${found.length === 1 ? 'is' : 'are'} SENT with ${carrier} on the ship date${otherNote}. ` +
				'The shipmentId could not be determined: a forwarder shipment without tracking number cannot be looked up at OTTO',
			details: { shipmentId: null },
		};
	}
	const detail = found.map((f) => {
		const t = f.at!.trackingInfo;
		const via = t?.carrier ? ` via ${t.carrier}${t.trackingNumber ? ` ${t.trackingNumber}` : ''}` : '';
		return `${f.id} ${f.at!.fulfillmentStatus ?? '?'}${via}${f.at!.sentDate ? ` on ${f.at!.sentDate}` : ''}`;
	});
	return {
		state: 'unknown',
		evidence: `the position items of order ${salesOrderId} do not show this shipment: ${list(detail)}`,
	};
}

/** Correction: does the shipment (by ID or tracking key; `path` without `/positionitems`) hold the added items? */
export async function checkCorrection(ctx: IExecuteFunctions, itemIndex: number, path: string, what: string, items: Ref[]): Promise<Verdict> {
	const shipment = await readShipment(ctx, itemIndex, path);
	if (!shipment) return { state: 'notApplied', evidence: `OTTO has no ${what} (404)` };
	const { held, missing } = holds(shipment, items);
	const id = shipment.shipmentId ?? what;
	if (missing.length === 0) {
		return {
			state: 'applied',
			evidence: `shipment ${id} holds ${items.length === 1 ? `position item ${held[0]}` : `all ${items.length} added position items`}`,
		};
	}
	if (held.length === 0) {
		return { state: 'notApplied', evidence: `shipment ${id} does not hold ${plural(missing.length, 'position item')} ${list(missing)}` };
	}
	return { state: 'unknown', evidence: `shipment ${id} holds ${list(held)} but not ${list(missing)}` };
}

export interface MultiparcelParcel {
	trackingKey: { carrier: string; trackingNumber: string };
	positionItems: Ref[];
}

/**
 * Multiparcel: every parcel's tracking key must hold the split position item. Stops reading as soon as the
 * answers contradict each other (the state is then unknown). `details.parcelShipmentIds` follows the parcels.
 */
export async function checkMultiparcel(ctx: IExecuteFunctions, itemIndex: number, parcels: MultiparcelParcel[]): Promise<Verdict> {
	const present: string[] = [];
	const ids: Array<string | null> = [];
	const absent: string[] = [];
	for (const parcel of parcels) {
		const { carrier, trackingNumber } = parcel.trackingKey;
		const key = `${carrier}/${trackingNumber}`;
		const shipment = await readShipment(ctx, itemIndex, shipmentByTrackingKeyPath(carrier, trackingNumber));
		if (!shipment) absent.push(key);
		else {
			const { missing } = holds(shipment, parcel.positionItems);
			if (missing.length) {
				return {
					state: 'unknown',
					evidence: `a shipment with tracking key ${key} exists (${shipment.shipmentId ?? 'without ID'}) but does not hold position item ${list(missing)}`,
				};
			}
			present.push(key);
			ids.push(shipment.shipmentId ?? null);
		}
		if (present.length && absent.length) {
			return {
				state: 'unknown',
				evidence: `the parcel ${plural(present.length, 'shipment')} ${list(present)} exist${present.length === 1 ? 's' : ''}, but OTTO has no shipment ${list(absent)} (404)`,
			};
		}
	}
	if (absent.length) return { state: 'notApplied', evidence: `OTTO has no shipment with any of the tracking keys ${list(absent)} (404)` };
	return {
		state: 'applied',
		evidence:
			`all ${parcels.length} parcels (${list(present)}) exist and hold the position item. ` +
			'The multiParcelShipmentId could not be determined (OTTO shows it only in the answer to the create)',
		details: { parcelShipmentIds: ids as unknown as IDataObject[] },
	};
}

