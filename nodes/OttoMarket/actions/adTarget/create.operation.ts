import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENTITY_STATUSES } from '../../helpers/adRules';
import {
	MAX_ADS_PER_WRITE,
	adBulkOptions,
	adBulkWrite,
	bidField,
	campaignIdField,
	entityStatusField,
	requireId,
	splitCreated,
	targetsPath,
	toBidAndStatus,
	waitFields,
} from '../advertising';
import { skuField } from '../common.descriptions';
import { itemParameter } from '../params';

const properties: INodeProperties[] = [
	{ ...campaignIdField, description: 'The campaign the SKU is advertised in' },
	{ ...skuField, description: 'Your SKU to advertise in the campaign' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [bidField, { ...entityStatusField, description: 'State the target starts in' }],
	},
	...waitFields,
	adBulkOptions('target'),
];

const displayOptions = { show: { resource: ['adTarget'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// All input items of one campaign go together, up to 1,000 per request; OTTO answers with the new target
// ids and one change request (docs/otto-api.md §4.11).
export const executeBulk = adBulkWrite({
	what: 'target',
	maxBatch: MAX_ADS_PER_WRITE,
	read(ctx, i) {
		const campaignId = requireId(ctx, 'campaignId', 'Campaign ID', i);
		const sku = requireId(ctx, 'sku', 'SKU', i);
		const fields = toBidAndStatus(ctx, i, itemParameter(ctx, 'additionalFields', i, {}) as IDataObject, ENTITY_STATUSES);
		return { path: targetsPath(campaignId), key: sku, payload: { sku, ...fields }, ids: { campaignId } };
	},
	request: (path, entries) => ({ method: 'POST', path, body: { targets: entries.map((e) => e.payload) } }),
	split: splitCreated('targets', 'targetId', 'sku'),
});
