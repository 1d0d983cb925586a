import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../OttoMarket/transport';
import { firstEntry, newestOf, toMs } from '../helpers';
import type { EventQuery, TriggerEvent } from './types';

const RETURN_STATUSES = ['ACCEPTED', 'ANNOUNCED', 'MISDIRECTED', 'REJECTED'];

function chosenStatuses(ctx: IPollFunctions): string[] {
	const chosen = ([] as unknown[]).concat(ctx.getNodeParameter('returnStatus', []) ?? []).map(String);
	const valid = RETURN_STATUSES.filter((status) => chosen.includes(status));
	return valid.length > 0 ? valid : ['ANNOUNCED'];
}

/** `GET /v3/returns?status=…`: newest status change first, no date filter. */
function returnsQuery(status: string): EventQuery {
	return { list: ENDPOINTS.returns, qs: { status }, order: 'desc' };
}

const occurredTime = (item: IDataObject): number => toMs(item.occurredTime);

export const returnStatus: TriggerEvent = {
	value: 'returnStatus',
	name: 'Return Status Changed',
	action: 'On return status changed',
	description: 'A returned position item reached a chosen return status: announced, accepted, rejected or misdirected',
	properties: [
		{
			displayName: 'Return Status',
			name: 'returnStatus',
			type: 'multiOptions',
			required: true,
			options: [
				{ name: 'Accepted', value: 'ACCEPTED', description: 'Return accepted; OTTO refunds the customer' },
				{ name: 'Announced', value: 'ANNOUNCED', description: 'The customer announced a return: accept or reject it' },
				{
					name: 'Misdirected',
					value: 'MISDIRECTED',
					description: 'The parcel arrived at an OTTO warehouse instead of yours',
				},
				{ name: 'Rejected', value: 'REJECTED', description: 'Return rejected' },
			],
			default: ['ANNOUNCED'],
			description: 'Emit returned items when they reach one of these statuses (one request per status and poll)',
		},
	],

	queries() {
		return chosenStatuses(this).map(returnsQuery);
	},
	queryDate: occurredTime,
	occurrences(item) {
		const time = occurredTime(item);
		return [{ key: `${String(item.positionItemId)}:${String(item.status)}@${time}`, time }];
	},
	async output(item) {
		return item;
	},
	async newest() {
		const latest: IDataObject[] = [];
		for (const status of chosenStatuses(this)) {
			const item = await firstEntry(this, ENDPOINTS.returns, { status });
			if (item) latest.push(item);
		}
		return newestOf(latest, occurredTime);
	},
};
