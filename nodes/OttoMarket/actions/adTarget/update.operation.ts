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
	requireId,
	targetIdField,
	targetsPath,
	toBidAndStatus,
	waitFields,
} from '../advertising';
import { invalidParameter, itemParameter } from '../params';

const properties: INodeProperties[] = [
	campaignIdField,
	targetIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Fields to change; only these are sent, the others keep their values at OTTO',
		options: [bidField, { ...entityStatusField, description: 'Pause or resume advertising the SKU' }],
	},
	...waitFields,
	adBulkOptions('target change'),
];

const displayOptions = { show: { resource: ['adTarget'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// One merge patch per campaign for all its input items: {targets: [{targetId, …fields to change}]}.
export const executeBulk = adBulkWrite({
	what: 'target',
	maxBatch: MAX_ADS_PER_WRITE,
	read(ctx, i) {
		const campaignId = requireId(ctx, 'campaignId', 'Campaign ID', i);
		const targetId = requireId(ctx, 'targetId', 'Target ID', i);
		const fields = toBidAndStatus(ctx, i, itemParameter(ctx, 'updateFields', i, {}) as IDataObject, ENTITY_STATUSES);
		if (Object.keys(fields).length === 0) throw invalidParameter(ctx, i, 'Update Fields', 'add at least one field to change');
		return { path: targetsPath(campaignId), key: targetId, payload: { targetId, ...fields }, ids: { campaignId }, entityId: targetId };
	},
	// A merge patch sets the same values when sent twice, so the transport may repeat it after a 502/503/504.
	request: (path, entries) => ({
		method: 'PATCH',
		path,
		body: { targets: entries.map((e) => e.payload) },
		headers: MERGE_PATCH,
		idempotent: true,
	}),
});
