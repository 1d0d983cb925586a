import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as createReport from './createReport.operation';
import * as getCampaignPerformance from './getCampaignPerformance.operation';
import * as getProductPerformance from './getProductPerformance.operation';

export const operations: Record<string, OperationModule> = { createReport, getCampaignPerformance, getProductPerformance };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['adReport'] } },
		options: [
			{
				name: 'Create Report',
				value: 'createReport',
				action: 'Create an ad performance report',
				description: 'Have OTTO make a campaign, keyword or product performance report and download it as CSV',
			},
			{
				name: 'Get Campaign Performance',
				value: 'getCampaignPerformance',
				action: 'Get ad campaign performance',
				description: 'Impressions, clicks, cost, sales and orders per campaign for a date range (default: the last 7 days)',
			},
			{
				name: 'Get Product Performance',
				value: 'getProductPerformance',
				action: 'Get ad product performance',
				description: 'Impressions, clicks, cost, sales and orders per SKU for a date range (default: the last 7 days)',
			},
		],
		default: 'getCampaignPerformance',
	},
	...createReport.description,
	...getCampaignPerformance.description,
	...getProductPerformance.description,
];
