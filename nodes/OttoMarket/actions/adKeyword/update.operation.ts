import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENTITY_STATUSES } from '../../helpers/adRules';
import {
	MERGE_PATCH,
	MAX_ADS_PER_WRITE,
	adBulkOptions,
	adBulkWrite,
	bidField,
	campaignIdField,
	entityStatusField,
	keywordIdField,
	keywordsPath,
	requireId,
	targetIdField,
	toBidAndStatus,
	waitFields,
} from '../advertising';
import { invalidParameter, itemParameter } from '../params';

const properties: INodeProperties[] = [
	campaignIdField,
	targetIdField,
	keywordIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Fields to change; only these are sent, the others keep their values at OTTO',
		options: [bidField, { ...entityStatusField, description: 'Pause or resume the keyword' }],
	},
	...waitFields,
	adBulkOptions('keyword change'),
];

const displayOptions = { show: { resource: ['adKeyword'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// One merge patch per target for all its input items: {keywords: [{keywordId, …fields to change}]}.
export const executeBulk = adBulkWrite({
	what: 'keyword',
	maxBatch: MAX_ADS_PER_WRITE,
	read(ctx, i) {
		const campaignId = requireId(ctx, 'campaignId', 'Campaign ID', i);
		const targetId = requireId(ctx, 'targetId', 'Target ID', i);
		const keywordId = requireId(ctx, 'keywordId', 'Keyword ID', i);
		const fields = toBidAndStatus(ctx, i, itemParameter(ctx, 'updateFields', i, {}) as IDataObject, ENTITY_STATUSES);
		if (Object.keys(fields).length === 0) throw invalidParameter(ctx, i, 'Update Fields', 'add at least one field to change');
		return { path: keywordsPath(campaignId, targetId), key: keywordId, payload: { keywordId, ...fields }, ids: { campaignId, targetId }, entityId: keywordId };
	},
	// A merge patch sets the same values when sent twice, so the transport may repeat it after a 502/503/504.
	request: (path, entries) => ({
		method: 'PATCH',
		path,
		body: { keywords: entries.map((e) => e.payload) },
		headers: MERGE_PATCH,
		idempotent: true,
	}),
});
