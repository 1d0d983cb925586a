import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { requireString } from '../params';
import { returnAddressIdField } from './address';

const properties: INodeProperties[] = [returnAddressIdField];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = requireString(this, i, 'Return Address ID', this.getNodeParameter('returnAddressId', i, ''));
	// OTTO refuses while carriers are linked or while the address takes misdirected returns.
	await ottoRequestBody.call(this, { method: 'DELETE', path: apiPath`/v2/returns-warehouse/addresses/${id}`, itemIndex: i });
	return { returnAddressId: id, deleted: true };
}
