import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	MAX_IDS_PER_DELETE,
	adBulkOptions,
	adBulkWrite,
	campaignIdField,
	keywordIdField,
	keywordsPath,
	requireId,
	targetIdField,
	waitFields,
} from '../advertising';

const properties: INodeProperties[] = [
	campaignIdField,
	targetIdField,
	{ ...keywordIdField, description: 'ID of the keyword to remove from the target' },
	...waitFields,
	adBulkOptions('keyword'),
];

const displayOptions = { show: { resource: ['adKeyword'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// Many ids in one request per target: ?keywordIds=a&keywordIds=b (the transport repeats array values).
export const executeBulk = adBulkWrite({
	what: 'keyword',
	maxBatch: MAX_IDS_PER_DELETE,
	read(ctx, i) {
		const campaignId = requireId(ctx, 'campaignId', 'Campaign ID', i);
		const targetId = requireId(ctx, 'targetId', 'Target ID', i);
		const keywordId = requireId(ctx, 'keywordId', 'Keyword ID', i);
		return { path: keywordsPath(campaignId, targetId), key: keywordId, payload: {}, ids: { campaignId, targetId }, entityId: keywordId };
	},
	request: (path, entries) => ({ method: 'DELETE', path, qs: { keywordIds: entries.map((e) => e.entityId!) } }),
});
