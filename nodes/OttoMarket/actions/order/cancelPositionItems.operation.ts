import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseIdList } from '../../helpers/returnRules';
import { apiPath, ottoRequestBody } from '../../transport';
import { invalidParameter, requireString } from '../params';
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
		description: 'The order the position items belong to',
	},
	{
		displayName: 'Position Item IDs',
		name: 'positionItemIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5e1c…, 7a9d…',
		description:
			'One or more position items of that order, comma-separated (or a list from an expression). OTTO cancels all of them or, if any is not processable, none.',
	},
];

const displayOptions = { show: { resource: ['order'], operation: ['cancelPositionItems'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const salesOrderId = requireString(this, i, 'Sales Order ID', this.getNodeParameter('salesOrderId', i, ''));
	const positionItemIds = parseIdList(this.getNodeParameter('positionItemIds', i, ''));
	if (positionItemIds.length === 0) {
		throw invalidParameter(this, i, 'Position Item IDs', 'at least one position item ID is required');
	}
	// OTTO takes the IDs comma-separated in one path segment: each ID is encoded, the commas are not.
	const ids = positionItemIds.map((id) => apiPath`${id}`).join(',');
	try {
		await ottoRequestBody.call(this, {
			method: 'POST',
			path: `${apiPath`/v4/orders/${salesOrderId}/positionItems/`}${ids}/cancellation`,
			itemIndex: i,
		});
	} catch (error) {
		// Never sent again: after a 5xx or lost answer, or a 409, the order shows whether the targeted items are
		// cancelled (one GET). OTTO accepts items that are already CANCELLED_BY_PARTNER, so a re-run normally
		// succeeds without a check.
		const reconciled = await reconcile(error, async () => await checkCancellation(this, i, salesOrderId, positionItemIds));
		if (reconciled.result) return { salesOrderId, cancelled: true, positionItemIds, ...reconciled.result };
		throw withOutcome(error, reconciled.error!);
	}
	return { salesOrderId, cancelled: true, positionItemIds };
}
