import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CAMPAIGN_STATUSES } from '../../helpers/adRules';
import { readMoney } from '../advertising';
import { oneOf, toUtcDay } from '../params';

/** Campaign fields shared by Create and Update (docs/otto-api.md §4.11, working model). */

export const campaignStatusField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: [
		{ name: 'Active', value: 'ACTIVE' },
		{ name: 'Archived', value: 'ARCHIVED' },
		{ name: 'Paused', value: 'PAUSED' },
	],
	default: 'ACTIVE',
};

export const dailyBudgetField: INodeProperties = {
	displayName: 'Daily Budget (EUR)',
	name: 'dailyBudget',
	type: 'number',
	typeOptions: { minValue: 0.01, numberPrecision: 2 },
	default: 10,
	description: 'Most the campaign may spend per day, in EUR; sent as {amount, currency: "EUR"}',
};

export const endDateField: INodeProperties = {
	displayName: 'End Date',
	name: 'endDate',
	type: 'dateTime',
	default: '',
	description: 'Last day of the campaign (sent as yyyy-mm-dd); without it the campaign runs until paused',
};

export const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'e.g. Summer T-Shirts',
};

export const startDateField: INodeProperties = {
	displayName: 'Start Date',
	name: 'startDate',
	type: 'dateTime',
	default: '',
	description: 'First day of the campaign (sent as yyyy-mm-dd)',
};

/** The campaign fields the user gave, as OTTO takes them: money as an object, days as yyyy-mm-dd. */
export function toCampaignFields(ctx: IExecuteFunctions, i: number, fields: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null || value === '') continue;
		if (key === 'name') out.name = String(value).trim();
		else if (key === 'dailyBudget') out.dailyBudget = readMoney(ctx, i, 'Daily Budget (EUR)', value) as unknown as IDataObject;
		else if (key === 'startDate') out.startDate = toUtcDay(ctx, i, 'Start Date', value);
		else if (key === 'endDate') out.endDate = toUtcDay(ctx, i, 'End Date', value);
		else if (key === 'status') out.status = oneOf(ctx, i, 'Status', value, CAMPAIGN_STATUSES);
	}
	return out;
}
