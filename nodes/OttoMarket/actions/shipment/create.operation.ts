import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody, type OttoContext } from '../../transport';
import { sendChunks } from '../bulk';
import { oneOf } from '../params';
import { reconcile, withOutcome } from '../reconcile';
import type { BulkResult, BulkRun } from '../types';
import { positionItemsFields, shipmentHeadFields } from './descriptions';
import {
	readPositionItems,
	readShipDate,
	readShipFromAddress,
	readTrackingKey,
	type ShipFromAddress,
	type ShipmentPositionItem,
	type TrackingKey,
} from './parameters';
import { checkForwarderShipment, checkShipment } from './reconcile';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [
			{
				name: 'Combine Items by Tracking Number',
				value: 'combineByTrackingNumber',
				description:
					'Input items with the same carrier and tracking number become one shipment with all their position items (one request per parcel). Ship date and ship-from address come from the first item of each parcel.',
			},
			{
				name: 'One Shipment per Item',
				value: 'oneShipmentPerItem',
				description: 'Every input item is a parcel of its own: one request per item',
			},
		],
		default: 'oneShipmentPerItem',
	},
	...shipmentHeadFields,
	...positionItemsFields,
];

const displayOptions = { show: { resource: ['shipment'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Parcel {
	itemIndex: number;
	combine: boolean;
	trackingKey: TrackingKey;
	shipDate: string;
	shipFromAddress: ShipFromAddress;
	positionItems: ShipmentPositionItem[];
}

interface Refused {
	itemIndex: number;
	/** The error of the failed request. */
	error: Error;
	/** Message and description after the check at OTTO ("Not applied: …", "Unknown whether …", or OTTO's own). */
	message: string;
	description?: string;
}

const UNKNOWN_PREFIX = 'Unknown whether OTTO applied it:';

interface Failure {
	itemIndex: number;
	message: string;
	description?: string;
}

const parcelKey = (carrier: string, trackingNumber: string) => `${carrier}\n${trackingNumber}`;

/** The parcel an item that failed validation meant to join in combine mode, if that can still be told. */
function intendedParcel(ctx: IExecuteFunctions, i: number): string | undefined {
	try {
		if (ctx.getNodeParameter('inputMode', i, '') !== 'combineByTrackingNumber') return undefined;
		const carrier = String(ctx.getNodeParameter('carrier', i, '') ?? '').trim();
		const trackingNumber = String(ctx.getNodeParameter('trackingNumber', i, '') ?? '').trim();
		return carrier && trackingNumber ? parcelKey(carrier, trackingNumber) : undefined;
	} catch {
		return undefined;
	}
}

function readParcel(ctx: IExecuteFunctions, i: number): Parcel {
	const mode = oneOf(ctx, i, 'Input Mode', ctx.getNodeParameter('inputMode', i, 'oneShipmentPerItem'), [
		'oneShipmentPerItem',
		'combineByTrackingNumber',
	]);
	return {
		itemIndex: i,
		combine: mode === 'combineByTrackingNumber',
		trackingKey: readTrackingKey(ctx, i),
		shipDate: readShipDate(ctx, i),
		shipFromAddress: readShipFromAddress(ctx, i),
		positionItems: readPositionItems(ctx, i),
	};
}

/**
 * Groups the parcels into shipments: combining items share a shipment when carrier and tracking number
 * match (items without a tracking number, i.e. forwarders, are never combined). A parcel is all or
 * nothing: when its items contradict each other, or one of them is invalid (`broken`: parcel → items),
 * none of them is sent.
 */
function groupParcels(parcels: Parcel[], broken: Map<string, number[]>): { groups: Parcel[][]; conflicts: Failure[] } {
	const groups: Parcel[][] = [];
	const byKey = new Map<string, Parcel[]>();
	for (const parcel of parcels) {
		const { carrier, trackingNumber } = parcel.trackingKey;
		if (!parcel.combine || !trackingNumber) {
			groups.push([parcel]);
			continue;
		}
		const key = parcelKey(carrier, trackingNumber);
		let group = byKey.get(key);
		if (!group) {
			group = [];
			byKey.set(key, group);
			groups.push(group);
		}
		group.push(parcel);
	}

	const conflicts: Failure[] = [];
	const valid = groups.filter((group) => {
		const [first] = group;
		const where = `${first.trackingKey.carrier} ${first.trackingKey.trackingNumber}`;
		const problems: string[] = [];
		if (first.combine && first.trackingKey.trackingNumber) {
			for (const index of broken.get(parcelKey(first.trackingKey.carrier, first.trackingKey.trackingNumber)) ?? []) {
				problems.push(`item ${index} of this parcel is invalid`);
			}
		}
		const owner = new Map<string, number>();
		for (const parcel of group) {
			const a = parcel.shipFromAddress;
			const b = first.shipFromAddress;
			if (a.city !== b.city || a.countryCode !== b.countryCode || a.zipCode !== b.zipCode) {
				problems.push(`item ${parcel.itemIndex} ships from ${a.zipCode} ${a.city} (${a.countryCode}), item ${first.itemIndex} from ${b.zipCode} ${b.city} (${b.countryCode})`);
			}
			for (const p of parcel.positionItems) {
				const seenIn = owner.get(p.positionItemId);
				if (seenIn !== undefined && seenIn !== parcel.itemIndex) {
					problems.push(`position item ${p.positionItemId} is in item ${seenIn} and item ${parcel.itemIndex}`);
				}
				owner.set(p.positionItemId, parcel.itemIndex);
			}
		}
		if (problems.length === 0) return true;
		for (const parcel of group) {
			conflicts.push({
				itemIndex: parcel.itemIndex,
				message: `Invalid shipment ${where}: the items combined into it are invalid or contradict each other`,
				description: `${problems.join('; ')}. Nothing was sent to OTTO for this tracking number.`,
			});
		}
		return false;
	});
	return { groups: valid, conflicts };
}

/** The request body of one shipment: head from the group's first parcel, every parcel's position items. */
function shipmentBody(group: Parcel[]) {
	const [first] = group;
	return {
		trackingKey: first.trackingKey,
		shipDate: first.shipDate,
		shipFromAddress: first.shipFromAddress,
		positionItems: group.flatMap((parcel) => parcel.positionItems),
	};
}

/**
 * Creates shipments: OTTO marks the position items SENT and issues the purchase receipt. Every input item is
 * checked before the first request; a shipment OTTO refuses (e.g. 409, an item already sent) fails exactly
 * the input items it was built from. A create is never repeated: when it fails ambiguously (5xx, lost
 * answer) or with a 409, one read at OTTO (the shipment by its tracking key; for forwarders without
 * tracking number the order's position items) tells whether it was applied or is already there, and those
 * items succeed with `outcome` 'applied' / 'alreadyDone'.
 */
export async function executeBulk(this: IExecuteFunctions, items: INodeExecutionData[], run: BulkRun): Promise<BulkResult[]> {
	const parcels: Parcel[] = [];
	const failures: Failure[] = [];
	const broken = new Map<string, number[]>();
	for (let i = 0; i < items.length; i++) {
		try {
			parcels.push(readParcel(this, i));
		} catch (error) {
			failures.push({ itemIndex: i, message: (error as Error).message });
			const key = intendedParcel(this, i);
			if (key) broken.set(key, [...(broken.get(key) ?? []), i]);
		}
	}
	const { groups, conflicts } = groupParcels(parcels, broken);
	failures.push(...conflicts);
	if (failures.length > 0 && !run.continueOnFail) {
		failures.sort((a, b) => a.itemIndex - b.itemIndex);
		throw new NodeOperationError(this.getNode(), failures[0].message, {
			itemIndex: failures[0].itemIndex,
			description: [
				...failures.map((f) => `item ${f.itemIndex}: ${f.message}${f.description ? ` (${f.description})` : ''}`),
				'Nothing was sent to OTTO.',
			].join('\n'),
		});
	}

	const results: BulkResult[] = failures.map((f) => ({
		itemIndex: f.itemIndex,
		error: { message: f.message, description: f.description ?? 'Nothing was sent to OTTO for this item.' },
	}));
	const refused: Refused[] = [];
	// One shipment (one parcel, or the items combined under one tracking number) per request; a failed one
	// does not stop the others: parcels are independent.
	const sent = await sendChunks(this, groups, 1, async function (this: OttoContext, batch) {
		const group = batch.entries[0];
		return (await ottoRequestBody.call(this, { method: 'POST', path: '/v1/shipments', body: shipmentBody(group), itemIndex: group[0].itemIndex })) as
			| IDataObject
			| undefined;
	});
	for (const { entries, outcome } of sent) {
		const group = entries[0];
		const [first] = group;
		const body = shipmentBody(group);
		const output = (parcel: Parcel, shipmentId: IDataObject[string], extra: IDataObject = {}): BulkResult => {
			const json: IDataObject = {
				shipmentId,
				trackingKey: body.trackingKey as unknown as IDataObject,
				shipDate: body.shipDate,
				shipFromAddress: body.shipFromAddress as unknown as IDataObject,
				positionItems: parcel.positionItems as unknown as IDataObject[],
			};
			if (group.length > 1) json.shipmentPositionItemCount = body.positionItems.length;
			return { itemIndex: parcel.itemIndex, json: { ...json, ...extra } };
		};
		if (!outcome.error) {
			for (const parcel of group) results.push(output(parcel, outcome.result?.shipmentId));
			continue;
		}
		const error = outcome.error;
		// Never sent again: OTTO is asked whether it applied the shipment (5xx, lost answer) or already
		// has it (409 to a repeated create), with one read for the whole parcel.
		const { carrier, trackingNumber } = body.trackingKey;
		const reconciled = await reconcile(error, () =>
			trackingNumber
				? checkShipment(this, first.itemIndex, { carrier, trackingNumber }, body.positionItems)
				: checkForwarderShipment(this, first.itemIndex, carrier, body.shipDate, body.positionItems),
		);
		if (reconciled.result) {
			const { shipmentId, ...outcomeFields } = reconciled.result;
			for (const parcel of group) results.push(output(parcel, shipmentId ?? null, outcomeFields));
			continue;
		}
		const { message, description } = reconciled.error!;
		const combined = group.length > 1 ? `This shipment combined items ${group.map((p) => p.itemIndex).join(', ')}.` : '';
		for (const parcel of group) {
			refused.push({ itemIndex: parcel.itemIndex, error: error as unknown as Error, message, description });
			results.push({
				itemIndex: parcel.itemIndex,
				error: { message, description: [description, combined].filter(Boolean).join('\n') || undefined },
			});
		}
	}

	// Without Continue On Fail the node fails with the first failed item's error (OTTO's own, or "Not
	// applied: …" / "Unknown whether OTTO applied it: …"). The other shipments were still sent (parcels are
	// independent); the description says which items were shipped. Items OTTO applied are not failures.
	if (refused.length > 0 && !run.continueOnFail) {
		const [first] = refused;
		const shipped = results.filter((r) => !r.error).length;
		const others = refused.slice(1).map((r) => `item ${r.itemIndex}: ${r.message}`);
		const unknown = refused.filter((r) => r.message.startsWith(UNKNOWN_PREFIX)).map((r) => r.itemIndex);
		const notShipped = refused.filter((r) => !r.message.startsWith(UNKNOWN_PREFIX)).map((r) => r.itemIndex);
		const status = [
			notShipped.length
				? `item${notShipped.length > 1 ? 's' : ''} ${notShipped.join(', ')} ${notShipped.length > 1 ? 'were' : 'was'} not`
				: '',
			unknown.length ? `whether item${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'were' : 'was'} shipped is unknown` : '',
		]
			.filter(Boolean)
			.join('; ');
		const description = [
			first.description,
			others.length ? `Also failed:\n${others.join('\n')}` : '',
			`${shipped} of ${items.length} items were shipped; ${status}.`,
		]
			.filter(Boolean)
			.join('\n');
		if (first.error instanceof NodeApiError || first.error instanceof NodeOperationError) {
			withOutcome(first.error, { message: first.message, description });
			first.error.context.itemIndex = first.itemIndex;
			throw first.error;
		}
		throw new NodeOperationError(this.getNode(), first.message, { itemIndex: first.itemIndex, description });
	}
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
}
