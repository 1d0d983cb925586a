import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { campaignIdField, campaignPath, requireId } from '../advertising';

const properties: INodeProperties[] = [campaignIdField];

const displayOptions = { show: { resource: ['adCampaign'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const campaignId = requireId(this, 'campaignId', 'Campaign ID', i);
	return (await ottoRequestBody.call(this, { method: 'GET', path: campaignPath(campaignId), itemIndex: i })) as IDataObject;
}
