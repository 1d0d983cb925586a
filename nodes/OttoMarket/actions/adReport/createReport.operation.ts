import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { REPORT_KINDS } from '../../helpers/adRules';
import { csvRecords } from '../../helpers/csv';
import { ottoRequest } from '../../transport';
import { pollUntil } from '../advertising';
import { invalidParameter, oneOf, requireString } from '../params';
import { fromDateField, readDateRange, toDateField } from './report';

const DEFAULT_REPORT_TIMEOUT_SECONDS = 300;

const properties: INodeProperties[] = [
	{
		displayName: 'Report',
		name: 'reportKind',
		type: 'options',
		options: [
			{ name: 'Campaign Performance', value: 'campaign', description: 'KPIs per campaign' },
			{ name: 'Keyword Performance', value: 'keyword', description: 'KPIs per keyword' },
			{ name: 'Product Performance', value: 'product', description: 'KPIs per SKU' },
		],
		default: 'campaign',
	},
	{ ...fromDateField, required: true },
	{ ...toDateField, required: true },
	{
		displayName: 'Wait and Download',
		name: 'waitAndDownload',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until OTTO has made the report and return it as a CSV file. Off: return the report ID and status at once.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description: 'Binary field the CSV file is stored in',
		displayOptions: { show: { waitAndDownload: [true] } },
	},
	{
		displayName: 'Output Rows',
		name: 'outputRows',
		type: 'boolean',
		default: false,
		description:
			"Whether to also return one item per row of the CSV (the header row's names as fields, values as text); the file is then on the first item",
		displayOptions: { show: { waitAndDownload: [true] } },
	},
	{
		displayName: 'Options',
		// not "options": that name is the bulk writes' options fragment
		name: 'reportOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Campaign IDs',
				name: 'campaignIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 5f2c8a4e-…, 7b3d9c1f-…',
				description: 'Only these campaigns (comma-separated); all campaigns when empty',
			},
			{
				displayName: 'Report Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_REPORT_TIMEOUT_SECONDS,
				description: 'How long to wait for the report when "Wait and Download" is on',
			},
		],
	},
];

const displayOptions = { show: { resource: ['adReport'], operation: ['createReport'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const statusOf = (body: IDataObject) => String(body.status ?? '').toUpperCase();

/** Campaign ids from a list or comma-separated text, without blanks and repeats. */
function campaignIdsOf(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	return [...new Set(list.map((id) => String(id).trim()).filter((id) => id !== ''))];
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject | INodeExecutionData[]> {
	const kind = oneOf(this, i, 'Report', this.getNodeParameter('reportKind', i, 'campaign'), REPORT_KINDS);
	const dates = readDateRange(this, i, {
		fromDate: this.getNodeParameter('fromDate', i, ''),
		toDate: this.getNodeParameter('toDate', i, ''),
	});
	if (!dates.fromDate || !dates.toDate) throw invalidParameter(this, i, dates.fromDate ? 'To Date' : 'From Date', 'a value is required');
	const { fromDate, toDate } = dates as { fromDate: string; toDate: string };
	const options = this.getNodeParameter('reportOptions', i, {}) as IDataObject;
	const campaignIds = campaignIdsOf(options.campaignIds);
	const wait = this.getNodeParameter('waitAndDownload', i, true) as boolean;
	const binaryPropertyName = wait ? requireString(this, i, 'Put Output File in Field', this.getNodeParameter('binaryPropertyName', i, 'data')) : '';

	const base = `/v1/spa-reporting/${kind}-performance`;
	// Creating a report is not safe to send twice (a second report); docs/otto-api.md §4.11
	const created = await ottoRequest.call(this, {
		method: 'POST',
		path: base,
		body: { fromDate, toDate, ...(campaignIds.length ? { campaignIds } : {}) },
		itemIndex: i,
	});
	const report = (created.body && typeof created.body === 'object' ? created.body : {}) as IDataObject;
	const reportId = report.reportId === undefined || report.reportId === null ? '' : String(report.reportId);
	const summary = { kind, fromDate, toDate, ...(campaignIds.length ? { campaignIds } : {}), ...report };
	if (!wait) return summary;
	if (!reportId) {
		throw new NodeOperationError(this.getNode(), `OTTO's answer names no report ID to wait for (POST ${base})`, {
			itemIndex: i,
			description: JSON.stringify(report).slice(0, 300),
		});
	}

	const seconds = Number(options.timeoutSeconds ?? DEFAULT_REPORT_TIMEOUT_SECONDS);
	const timeoutSeconds = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_REPORT_TIMEOUT_SECONDS;
	const finished = ['READY', 'FAILED'];
	const status = statusOf(report);
	const polled = finished.includes(status)
		? { body: report, settled: true }
		: await pollUntil.call(
				this,
				{ method: 'GET', path: `${base}/status`, qs: { reportId }, itemIndex: i },
				(body) => finished.includes(statusOf(body)),
				Date.now() + timeoutSeconds * 1000,
				created,
			);
	if (!polled.settled) {
		throw new NodeOperationError(this.getNode(), `OTTO had not made report ${reportId} within the report timeout of ${timeoutSeconds} s`, {
			itemIndex: i,
			description: 'Raise "Report Timeout" and run again (a new report is requested).',
		});
	}
	if (statusOf(polled.body) === 'FAILED') {
		const reason = polled.body.reason ?? polled.body.message ?? polled.body.error;
		throw new NodeOperationError(this.getNode(), `OTTO could not make the ${kind} performance report ${reportId} (FAILED)${reason ? `: ${String(reason)}` : ''}`, {
			itemIndex: i,
			description: `${fromDate} to ${toDate}. OTTO documents a range of at most 90 days (second-hand); try a shorter range or later.`,
		});
	}

	const download = await ottoRequest.call(this, {
		method: 'GET',
		path: '/v1/spa-reporting/reports/download',
		qs: { reportId },
		response: 'binary',
		headers: { Accept: 'text/csv, */*' },
		itemIndex: i,
	});
	const csv = download.body as Buffer;
	const fileName = `${kind}-performance-${fromDate}-${toDate}.csv`;
	const binary = await this.helpers.prepareBinaryData(csv, fileName, 'text/csv');
	const json: IDataObject = { ...summary, ...polled.body, reportId, fileName };
	const outputRows = this.getNodeParameter('outputRows', i, false) as boolean;
	if (!outputRows) return [{ json, binary: { [binaryPropertyName]: binary } }];
	const rows = csvRecords(csv.toString('utf8'));
	return rows.map((row, k) => ({ json: row, ...(k === 0 ? { binary: { [binaryPropertyName]: binary } } : {}) }));
}
