import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { changeRequestPath, requestIdField, requireId } from '../advertising';

const properties: INodeProperties[] = [requestIdField];

const displayOptions = { show: { resource: ['adChangeRequest'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const requestId = requireId(this, 'requestId', 'Request ID', i);
	// {requestId, status, entities: [{entityId, entityType, status, reason?}]}, passed on as OTTO sends it
	return (await ottoRequestBody.call(this, { method: 'GET', path: changeRequestPath(requestId), itemIndex: i })) as IDataObject;
}
