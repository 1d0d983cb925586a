import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { requireString } from '../params';
import { reconcile, withOutcome } from '../reconcile';
import { checkCancellation } from './reconcile';

const properties: INodeProperties[] = [
	{
		displayName: 'Sales Order ID',
		name: 'salesOrderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2f7d8c5e-3b1a-4c6e-9d0f-1a2b3c4d5e6f',
		description: 'The order to cancel; OTTO cancels its processable position items and leaves the others as they are',
	},
];

const displayOptions = { show: { resource: ['order'], operation: ['cancel'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const salesOrderId = requireString(this, i, 'Sales Order ID', this.getNodeParameter('salesOrderId', i, ''));
	try {
		// 409 when no position item is cancellable; the transport turns it into a readable error with OTTO's logref.
		await ottoRequestBody.call(this, {
			method: 'POST',
			path: apiPath`/v4/orders/${salesOrderId}/cancellation`,
			itemIndex: i,
		});
	} catch (error) {
		// Never sent again: after a 5xx or lost answer, or a 409 to a re-run, the order shows whether its
		// processable items are cancelled (one GET).
		const reconciled = await reconcile(error, async () => await checkCancellation(this, i, salesOrderId));
		if (reconciled.result) return { salesOrderId, cancelled: true, ...reconciled.result };
		throw withOutcome(error, reconciled.error!);
	}
	return { salesOrderId, cancelled: true };
}
