import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../OttoMarket/transport';
import { firstEntry, iso, toMs } from '../helpers';
import type { TriggerEvent } from './types';

const RECEIPT_TYPES = ['PARTIAL_REFUND', 'PURCHASE', 'REFUND'];

function receiptTypes(ctx: IPollFunctions): string[] {
	const chosen = ([] as unknown[]).concat(ctx.getNodeParameter('receiptTypes', []) ?? []).map(String);
	const valid = RECEIPT_TYPES.filter((type) => chosen.includes(type));
	return valid.length > 0 ? valid : RECEIPT_TYPES;
}

const creationDate = (receipt: IDataObject): number => toMs(receipt.creationDate);

export const newReceipt: TriggerEvent = {
	value: 'newReceipt',
	name: 'New Receipt',
	action: 'On new receipt',
	description: 'OTTO issued a receipt: an invoice when items ship, a credit note for a refund',
	properties: [
		{
			displayName: 'Receipt Types',
			name: 'receiptTypes',
			type: 'multiOptions',
			options: [
				{ name: 'Partial Refund', value: 'PARTIAL_REFUND', description: 'Credit note for a price reduction' },
				{ name: 'Purchase', value: 'PURCHASE', description: 'Invoice, issued when items are shipped' },
				{ name: 'Refund', value: 'REFUND', description: 'Credit note for a return or cancellation' },
			],
			default: ['PURCHASE', 'REFUND', 'PARTIAL_REFUND'],
			description: 'Which receipts to emit; none chosen means all',
		},
	],

	queries({ from }) {
		// `from` is a UTC day (inclusive); the list is newest first.
		return [{ list: ENDPOINTS.receipts, qs: { receiptTypes: receiptTypes(this), from: iso(from).slice(0, 10) }, order: 'desc' }];
	},
	queryDate: creationDate,
	occurrences(receipt) {
		return [{ key: String(receipt.receiptNumber), time: creationDate(receipt) }];
	},
	async output(receipt) {
		return receipt;
	},
	async newest() {
		return await firstEntry(this, ENDPOINTS.receipts, { receiptTypes: receiptTypes(this) });
	},
};
