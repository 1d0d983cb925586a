import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MAX_IDS_PER_DELETE, adBulkOptions, adBulkWrite, campaignIdField, requireId, targetIdField, targetsPath, waitFields } from '../advertising';

const properties: INodeProperties[] = [
	campaignIdField,
	{ ...targetIdField, description: 'ID of the target to remove from the campaign' },
	...waitFields,
	adBulkOptions('target'),
];

const displayOptions = { show: { resource: ['adTarget'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// Many ids in one request per campaign: ?targetIds=a&targetIds=b (the transport repeats array values).
export const executeBulk = adBulkWrite({
	what: 'target',
	maxBatch: MAX_IDS_PER_DELETE,
	read(ctx, i) {
		const campaignId = requireId(ctx, 'campaignId', 'Campaign ID', i);
		const targetId = requireId(ctx, 'targetId', 'Target ID', i);
		return { path: targetsPath(campaignId), key: targetId, payload: {}, ids: { campaignId }, entityId: targetId };
	},
	request: (path, entries) => ({ method: 'DELETE', path, qs: { targetIds: entries.map((e) => e.entityId!) } }),
});
