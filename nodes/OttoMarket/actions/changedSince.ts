import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoListItems, type ListEndpoint } from '../transport';
import { returnAllOrLimit } from './common.descriptions';
import { invalidParameter, readLimit, toIsoDateTime } from './params';
import type { OperationModule } from './types';

/**
 * Get Many of Shipments and Return Shipments: both list what changed since `datefrom` (required by OTTO),
 * paged by the next link that carries OTTO's cursor together with datefrom and limit.
 */
export function changedSinceGetMany(resource: string, list: ListEndpoint, changed: string): OperationModule {
	const properties: INodeProperties[] = [
		{
			displayName: 'Changed Since',
			name: 'dateFrom',
			type: 'dateTime',
			default: '',
			required: true,
			description: `${changed} at or after this time (OTTO requires it)`,
		},
		...returnAllOrLimit,
	];
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['getAll'] } }, properties),
		async execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
			const datefrom = toIsoDateTime(this, i, 'Changed Since', this.getNodeParameter('dateFrom', i, ''));
			if (!datefrom) throw invalidParameter(this, i, 'Changed Since', 'a value is required');
			return await ottoListItems.call(this, list, { qs: { datefrom }, itemIndex: i }, { limit: readLimit(this, i) });
		},
	};
}
