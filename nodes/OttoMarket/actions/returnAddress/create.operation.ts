import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep, updateDisplayOptions } from 'n8n-workflow';

import { ottoRequestBody } from '../../transport';
import { failureKind, reconcile, settle, type Verdict } from '../reconcile';
import {
	ADDRESSES_PATH,
	INTERNATIONAL_COUNTRIES,
	RECHECK_DELAY_MS,
	addressDifferences,
	addressLineFields,
	businessAddressField,
	listAddresses,
	misdirectedField,
	recipientField,
	recipientSuffixField,
	toAddressBody,
	warehouseTypeOptions,
} from './address';

const withAddress = { show: { returnWarehouseType: ['NATIONAL', 'INTERNATIONAL'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Return Warehouse Type',
		name: 'returnWarehouseType',
		type: 'options',
		required: true,
		options: warehouseTypeOptions,
		default: 'NATIONAL',
		description: 'Where the warehouse is; it cannot be changed later',
	},
	{ ...recipientField, required: true },
	{ ...businessAddressField, displayOptions: { show: { returnWarehouseType: ['NATIONAL'] } } },
	...addressLineFields.map((field) => ({ ...field, displayOptions: withAddress })),
	{
		displayName: 'Country',
		name: 'returnCountry',
		type: 'options',
		options: INTERNATIONAL_COUNTRIES.map((country) => ({ name: country, value: country })),
		default: 'Austria',
		description: 'Country of the warehouse (national addresses are in Germany); it cannot be changed later',
		displayOptions: { show: { returnWarehouseType: ['INTERNATIONAL'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [misdirectedField, recipientSuffixField],
	},
];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = this.getNodeParameter('returnWarehouseType', i) as string;
	const fields: IDataObject = {
		returnWarehouseType: type,
		returnRecipient: this.getNodeParameter('returnRecipient', i, ''),
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
	};
	if (type === 'NATIONAL') fields.isBusinessAddress = this.getNodeParameter('isBusinessAddress', i, true);
	if (type === 'NATIONAL' || type === 'INTERNATIONAL') {
		for (const field of addressLineFields) fields[field.name] = this.getNodeParameter(field.name, i, '');
	}
	if (type === 'INTERNATIONAL') fields.returnCountry = this.getNodeParameter('returnCountry', i, '');
	const address = toAddressBody(this, i, fields);

	// OTTO documents no answer to a second create of the same address (it may create a duplicate), so a
	// re-run first looks for it. When that look fails (e.g. no read scope), the create is sent anyway.
	let existing: IDataObject | undefined;
	try {
		existing = (await listAddresses(this, i, address.returnWarehouseType)).find((a) => addressDifferences(a, address).length === 0);
	} catch {
		existing = undefined;
	}
	if (existing) {
		return {
			returnAddressId: existing.returnAddressId,
			...address,
			outcome: 'alreadyDone',
			outcomeNote: `Already done at OTTO: return address ${String(existing.returnAddressId)} has exactly these fields; nothing was sent.`,
		};
	}

	let answer: IDataObject;
	try {
		// A create, not safe to send twice: after a 5xx or a lost answer the transport does not repeat it.
		answer = (await ottoRequestBody.call(this, { method: 'POST', path: ADDRESSES_PATH, body: address, itemIndex: i })) as IDataObject;
	} catch (error) {
		// Ambiguous (5xx, lost answer): did OTTO create it? 409: is the conflicting address this one? Both are
		// answered by looking for an address with exactly the fields sent.
		const reconciled = await reconcile(error, () => findAddress.call(this, i, address, failureKind(error) === 'ambiguous'));
		return settle(error, reconciled);
	}
	return { ...(answer ?? {}), ...address };
}

/**
 * Looks for an address with exactly the fields a failed create sent (the last one listed, should there be several).
 * After an ambiguous failure an address that is not there yet is looked for once more after a short pause.
 */
async function findAddress(this: IExecuteFunctions, i: number, sent: IDataObject, lookTwice: boolean): Promise<Verdict> {
	for (let look = 1; ; look++) {
		const addresses = await listAddresses(this, i, sent.returnWarehouseType);
		const same = addresses.filter((a) => addressDifferences(a, sent).length === 0);
		const found = same[same.length - 1];
		if (found) {
			return {
				state: 'applied',
				evidence: `return address ${String(found.returnAddressId)} has exactly the fields sent${same.length > 1 ? ` (${same.length} such addresses; the last one listed is taken)` : ''}`,
				details: { returnAddressId: found.returnAddressId, ...sent },
			};
		}
		if (!lookTwice || look >= 2) {
			return {
				state: 'notApplied',
				evidence: `none of the ${addresses.length} ${String(sent.returnWarehouseType)} return addresses has the fields sent${look > 1 ? ` (looked ${look} times, ${RECHECK_DELAY_MS / 1000} s apart)` : ''}`,
			};
		}
		await sleep(RECHECK_DELAY_MS);
	}
}
