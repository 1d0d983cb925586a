import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkDateRange } from '../../helpers/adRules';
import { invalidParameter, toUtcDay } from '../params';

/** Date fields of the reporting endpoints: days, `fromDate` and `toDate` (docs/otto-api.md §4.11). */

export const fromDateField: INodeProperties = {
	displayName: 'From Date',
	name: 'fromDate',
	type: 'dateTime',
	default: '',
	description: 'First day of the report (UTC day, sent as yyyy-mm-dd)',
};

export const toDateField: INodeProperties = {
	displayName: 'To Date',
	name: 'toDate',
	type: 'dateTime',
	default: '',
	description: 'Last day of the report (UTC day, sent as yyyy-mm-dd)',
};

/** Both days or neither, `from` not after `to`; refused before anything is sent. */
export function readDateRange(ctx: IExecuteFunctions, i: number, fields: IDataObject): { fromDate?: string; toDate?: string } {
	const fromDate = toUtcDay(ctx, i, 'From Date', fields.fromDate);
	const toDate = toUtcDay(ctx, i, 'To Date', fields.toDate);
	const problem = checkDateRange(fromDate, toDate);
	if (problem) throw invalidParameter(ctx, i, problem.field, problem.reason);
	return { fromDate, toDate };
}
