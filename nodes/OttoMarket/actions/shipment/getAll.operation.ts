import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidParameter, toIsoDateTime } from '../../helpers/params';
import { ottoRequestAllItems } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Changed Since',
		name: 'dateFrom',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Shipments created or with a new tracking state at or after this time (OTTO requires it)',
	},
	...returnAllOrLimit,
];

const displayOptions = { show: { resource: ['shipment'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const datefrom = toIsoDateTime(this, i, 'Changed Since', this.getNodeParameter('dateFrom', i, ''));
	if (!datefrom) throw invalidParameter(this, i, 'Changed Since', 'a value is required');
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
	return await ottoRequestAllItems.call(
		this,
		{ method: 'GET', path: '/v1/shipments', qs: { datefrom }, itemIndex: i },
		// The next link carries OTTO's cursor (`next`) together with datefrom and limit.
		{ listKey: 'resources', paging: { style: 'links' }, maxPageSize: 100, limit },
	);
}
