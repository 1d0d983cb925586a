import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ottoApiRequest } from '../../OttoMarket/transport';
import { readItems } from '../../OttoMarket/transport/pagination';
import { newestOf, toMs } from '../helpers';
import type { EventQuery, TriggerEvent } from './types';

const RETURN_STATUSES = ['ACCEPTED', 'ANNOUNCED', 'MISDIRECTED', 'REJECTED'];

function chosenStatuses(ctx: IPollFunctions): string[] {
	const chosen = ([] as unknown[]).concat(ctx.getNodeParameter('returnStatus', []) ?? []).map(String);
	const valid = RETURN_STATUSES.filter((status) => chosen.includes(status));
	return valid.length > 0 ? valid : ['ANNOUNCED'];
}

/** `GET /v3/returns?status=…`: newest status change first, no date filter (REFERENCE §4.6). */
function returnsQuery(status: string): EventQuery {
	return {
		request: { method: 'GET', path: '/v3/returns', qs: { status } },
		listKey: 'positionItems',
		paging: { style: 'links' },
		maxPageSize: 50,
		order: 'desc',
	};
}

const occurredTime = (item: IDataObject): number => toMs(item.occurredTime);

export const returnStatus: TriggerEvent = {
	value: 'returnStatus',
	name: 'Return Announced, Accepted, Rejected or Misdirected',
	description: 'A returned position item reached one of the chosen return statuses',
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
			const body = await ottoApiRequest.call(this, { method: 'GET', path: '/v3/returns', qs: { status, limit: 1 } });
			latest.push(...readItems(body, 'positionItems'));
		}
		return newestOf(latest, occurredTime);
	},
};
