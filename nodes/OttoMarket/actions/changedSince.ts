import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ottoRequestAllItems } from '../transport';
import { invalidParameter, toIsoDateTime } from './params';

/**
 * Get Many of Shipments and Return Shipments: both list what changed since `datefrom` (required by OTTO),
 * 100 per page, with OTTO's cursor (`next`) carried by the next link together with datefrom and limit.
 */
export async function getChangedSince(this: IExecuteFunctions, i: number, path: string): Promise<IDataObject[]> {
	const datefrom = toIsoDateTime(this, i, 'Changed Since', this.getNodeParameter('dateFrom', i, ''));
	if (!datefrom) throw invalidParameter(this, i, 'Changed Since', 'a value is required');
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
	return await ottoRequestAllItems.call(
		this,
		{ method: 'GET', path, qs: { datefrom }, itemIndex: i },
		{ listKey: 'resources', paging: { style: 'links' }, maxPageSize: 100, limit },
	);
}
