import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, ottoRequestBody } from '../../transport';
import { campaignIdField, requireId, targetIdField, targetsPath } from '../advertising';

const properties: INodeProperties[] = [campaignIdField, targetIdField];

const displayOptions = { show: { resource: ['adTarget'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const campaignId = requireId(this, 'campaignId', 'Campaign ID', i);
	const targetId = requireId(this, 'targetId', 'Target ID', i);
	return (await ottoRequestBody.call(this, {
		method: 'GET',
		path: `${targetsPath(campaignId)}${apiPath`/${targetId}`}`,
		itemIndex: i,
	})) as IDataObject;
}
