import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { reconcile, withOutcome } from '../reconcile';
import { positionItemsFields, shipmentLookupFields } from './descriptions';
import { readPositionItems, shipmentPath } from './parameters';
import { checkCorrection } from './reconcile';

const properties: INodeProperties[] = [...shipmentLookupFields(), ...positionItemsFields];

const displayOptions = { show: { resource: ['shipment'], operation: ['addPositionItems'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Correction: adds forgotten position items to a shipment. Never sent again: after a 5xx, a lost answer or
 * a 409, one read of the shipment tells whether it holds the added items (applied / already done).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path: shipment, ref } = shipmentPath(this, i);
	const positionItems = readPositionItems(this, i);
	const output: IDataObject = { ...ref, positionItems: positionItems as unknown as IDataObject[], added: positionItems.length };
	try {
		await ottoRequestBody.call(this, { method: 'POST', path: `${shipment}/positionitems`, body: positionItems, itemIndex: i });
	} catch (error) {
		const what = ref.shipmentId ? `shipment ${String(ref.shipmentId)}` : `shipment with tracking key ${describeKey(ref.trackingKey)}`;
		const reconciled = await reconcile(error, () => checkCorrection(this, i, shipment, what, positionItems));
		if (!reconciled.result) throw withOutcome(error, reconciled.error!);
		return { ...output, outcome: reconciled.result.outcome, outcomeNote: reconciled.result.outcomeNote };
	}
	return output;
}

function describeKey(key: unknown): string {
	const { carrier, trackingNumber } = (key ?? {}) as { carrier?: string; trackingNumber?: string };
	return `${carrier}/${trackingNumber}`;
}
