import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { campaignIdField, requireId, targetsPath } from '../advertising';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [campaignIdField, ...returnAllOrLimit];

const displayOptions = { show: { resource: ['adTarget'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const campaignId = requireId(this, 'campaignId', 'Campaign ID', i);
	const list = { ...ENDPOINTS.adTargets, path: targetsPath(campaignId) };
	return await ottoListItems.call(this, list, { itemIndex: i }, { limit: readLimit(this, i) });
}
