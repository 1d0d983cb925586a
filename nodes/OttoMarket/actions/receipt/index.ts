import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';

import * as downloadPdf from './downloadPdf.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { downloadPdf, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['receipt'] } },
		options: [
			{
				name: 'Download PDF',
				value: 'downloadPdf',
				action: 'Download a receipt PDF',
				description:
					'Download the PDF of one receipt (invoice or credit note) into a binary field named after the receipt number (1000000123.pdf), to archive it or attach it to an email',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a receipt',
				description: 'Get one receipt as JSON by its receipt number: type, amounts, line items, addresses, linked receipt',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many receipts',
				description:
					'List receipts (purchase invoices, refunds, partial refunds) newest first, by type, order and creation day, e.g. for bookkeeping',
			},
		],
		default: 'getAll',
	},
	...downloadPdf.description,
	...get.description,
	...getAll.description,
];
