import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { campaignsPath, givenFields, singleWrite, waitFields } from '../advertising';
import { requireString } from '../params';
import { campaignStatusField, dailyBudgetField, endDateField, nameField, startDateField, toCampaignFields } from './campaign';

const properties: INodeProperties[] = [
	{ ...nameField, required: true, description: 'Name of the campaign' },
	{ ...dailyBudgetField, required: true },
	{ ...startDateField, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			endDateField,
			{
				...campaignStatusField,
				options: (campaignStatusField.options ?? []).filter((o) => 'value' in o && o.value !== 'ARCHIVED'),
				description: 'State the campaign starts in',
			},
		],
	},
	...waitFields,
];

const displayOptions = { show: { resource: ['adCampaign'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const name = requireString(this, i, 'Name', this.getNodeParameter('name', i, ''));
	requireString(this, i, 'Start Date', this.getNodeParameter('startDate', i, ''));
	const body = toCampaignFields(this, i, {
		name,
		dailyBudget: this.getNodeParameter('dailyBudget', i, undefined) as number,
		startDate: this.getNodeParameter('startDate', i, ''),
		...givenFields(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
	});
	// A create, not safe to send twice: the transport does not repeat it after a 5xx or a lost answer.
	return await singleWrite.call(
		this,
		i,
		{ method: 'POST', path: campaignsPath, body },
		{ what: 'campaign', idOf: (answer) => (answer.campaignId ? String(answer.campaignId) : undefined), ids: (answer) => ({ campaignId: answer.campaignId }) },
		(answer) => ({ ...body, ...answer }),
	);
}
