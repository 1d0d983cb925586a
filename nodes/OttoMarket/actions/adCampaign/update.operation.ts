import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MERGE_PATCH, campaignIdField, campaignPath, givenFields, requireId, singleWrite, waitFields } from '../advertising';
import { invalidParameter } from '../params';
import { campaignStatusField, dailyBudgetField, endDateField, nameField, startDateField, toCampaignFields } from './campaign';

const properties: INodeProperties[] = [
	campaignIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Fields to change; only these are sent, the others keep their values at OTTO',
		options: [
			dailyBudgetField,
			endDateField,
			nameField,
			{
				displayName: 'Remove End Date',
				name: 'removeEndDate',
				type: 'boolean',
				default: false,
				description: 'Whether to remove the end date, so the campaign runs until paused (sends endDate: null)',
			},
			startDateField,
			campaignStatusField,
		],
	},
	...waitFields,
];

const displayOptions = { show: { resource: ['adCampaign'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const campaignId = requireId(this, 'campaignId', 'Campaign ID', i);
	const { removeEndDate, ...fields } = givenFields(this.getNodeParameter('updateFields', i, {}) as IDataObject);
	const patch = toCampaignFields(this, i, fields);
	if (removeEndDate === true) {
		if (patch.endDate !== undefined) throw invalidParameter(this, i, 'Remove End Date', 'cannot go together with an End Date');
		// JSON Merge Patch: null removes the field (docs/otto-api.md §4.11)
		patch.endDate = null;
	}
	if (Object.keys(patch).length === 0) throw invalidParameter(this, i, 'Update Fields', 'add at least one field to change');
	// A merge patch sets the same values when sent twice, so the transport may repeat it after a 502/503/504.
	return await singleWrite.call(
		this,
		i,
		{ method: 'PATCH', path: campaignPath(campaignId), body: patch, headers: MERGE_PATCH, idempotent: true },
		{ what: 'campaign', idOf: () => campaignId, ids: () => ({ campaignId }) },
		(answer) => ({ campaignId, ...patch, ...answer }),
	);
}
