import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems } from '../../transport';
import { campaignIdField, keywordsPath, requireId, targetIdField } from '../advertising';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../params';

const properties: INodeProperties[] = [campaignIdField, targetIdField, ...returnAllOrLimit];

const displayOptions = { show: { resource: ['adKeyword'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const campaignId = requireId(this, 'campaignId', 'Campaign ID', i);
	const targetId = requireId(this, 'targetId', 'Target ID', i);
	const list = { ...ENDPOINTS.adKeywords, path: keywordsPath(campaignId, targetId) };
	return await ottoListItems.call(this, list, { itemIndex: i }, { limit: readLimit(this, i) });
}
