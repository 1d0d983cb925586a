import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { campaignIdField, keywordIdField, keywordsPath, requireId, targetIdField } from '../advertising';

const properties: INodeProperties[] = [campaignIdField, targetIdField, keywordIdField];

const displayOptions = { show: { resource: ['adKeyword'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const campaignId = requireId(this, 'campaignId', 'Campaign ID', i);
	const targetId = requireId(this, 'targetId', 'Target ID', i);
	const keywordId = requireId(this, 'keywordId', 'Keyword ID', i);
	return (await ottoRequestBody.call(this, {
		method: 'GET',
		path: `${keywordsPath(campaignId, targetId)}${apiPath`/${keywordId}`}`,
		itemIndex: i,
	})) as IDataObject;
}
