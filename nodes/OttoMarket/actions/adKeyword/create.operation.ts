import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENTITY_STATUSES, MATCH_TYPES } from '../../helpers/adRules';
import {
	MAX_ADS_PER_WRITE,
	adBulkOptions,
	adBulkWrite,
	bidField,
	campaignIdField,
	entityStatusField,
	keywordsPath,
	requireId,
	splitCreated,
	targetIdField,
	toBidAndStatus,
	waitFields,
} from '../advertising';
import { invalidParameter, itemParameter } from '../params';

const properties: INodeProperties[] = [
	campaignIdField,
	{ ...targetIdField, description: 'The target (SKU in the campaign) the keyword is bid on for' },
	{
		displayName: 'Keyword',
		name: 'keyword',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. t-shirt blau',
		description: 'Search term the ad is shown for',
	},
	{
		displayName: 'Match Type',
		name: 'matchType',
		type: 'options',
		options: [
			{ name: 'Broad', value: 'BROAD', description: 'Searches related to the keyword' },
			{ name: 'Exact', value: 'EXACT', description: 'Exactly this search term' },
			{ name: 'Phrase', value: 'PHRASE', description: 'Searches containing the keyword' },
		],
		default: 'EXACT',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [bidField, { ...entityStatusField, description: 'State the keyword starts in' }],
	},
	...waitFields,
	adBulkOptions('keyword'),
];

const displayOptions = { show: { resource: ['adKeyword'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

// All input items of one target go together, up to 1,000 per request (docs/otto-api.md §4.11).
export const executeBulk = adBulkWrite({
	what: 'keyword',
	maxBatch: MAX_ADS_PER_WRITE,
	read(ctx, i) {
		const campaignId = requireId(ctx, 'campaignId', 'Campaign ID', i);
		const targetId = requireId(ctx, 'targetId', 'Target ID', i);
		const keyword = requireId(ctx, 'keyword', 'Keyword', i);
		const matchType = String(itemParameter(ctx, 'matchType', i, 'EXACT') ?? '').toUpperCase();
		if (!(MATCH_TYPES as readonly string[]).includes(matchType)) {
			throw invalidParameter(ctx, i, 'Match Type', `"${matchType}" is not one of ${MATCH_TYPES.join(', ')}`);
		}
		const fields = toBidAndStatus(ctx, i, itemParameter(ctx, 'additionalFields', i, {}) as IDataObject, ENTITY_STATUSES);
		return {
			path: keywordsPath(campaignId, targetId),
			key: `${matchType} ${keyword}`,
			payload: { keyword, matchType, ...fields },
			ids: { campaignId, targetId },
		};
	},
	request: (path, entries) => ({ method: 'POST', path, body: { keywords: entries.map((e) => e.payload) } }),
	split: splitCreated('keywords', 'keywordId', 'keyword'),
});
