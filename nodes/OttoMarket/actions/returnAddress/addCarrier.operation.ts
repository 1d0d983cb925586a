import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep, updateDisplayOptions } from 'n8n-workflow';

import { RETURN_CARRIERS } from '../../helpers/shipmentRules';
import { ottoRequestBody } from '../../transport';
import { oneOf } from '../params';
import { failureKind, reconcile, settle, type Verdict } from '../reconcile';
import { RECHECK_DELAY_MS, carrierCodeFields, returnAddressIdField, sameText, toCarrierCodes } from './address';
import { carriersPath } from './carrier';

const properties: INodeProperties[] = [
	returnAddressIdField,
	{
		displayName: 'Carrier',
		name: 'returnCarrierName',
		type: 'options',
		required: true,
		options: [
			{ name: 'DHL', value: 'DHL', description: 'The only carrier for international addresses and the consolidation hub' },
			{ name: 'GLS', value: 'GLS' },
			{ name: 'Hermes', value: 'HERMES' },
		],
		default: 'DHL',
		description: 'Carrier that brings returns to this address; it cannot be changed later, only its codes',
	},
	{
		displayName: 'Carrier Codes',
		name: 'returnCarrierCodes',
		type: 'collection',
		placeholder: 'Add Code',
		default: {},
		description: "Your DHL customer data for returns (Hermes has none)",
		options: carrierCodeFields,
		displayOptions: { show: { returnCarrierName: ['DHL', 'GLS'] } },
	},
];

const displayOptions = { show: { resource: ['returnAddress'], operation: ['addCarrier'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The carrier of a link as OTTO lists it (`returnCarrier`; the create body calls it `returnCarrierName`). */
const carrierOf = (link: IDataObject) => link.returnCarrier ?? link.returnCarrierName;

/** Code names whose values differ between a listed link and the codes sent (missing and empty are the same). */
function codeDifferences(found: IDataObject, sent: IDataObject | undefined): string[] {
	const theirs = (found.returnCarrierCodes ?? {}) as IDataObject;
	const mine = sent ?? {};
	const keys = new Set([...Object.keys(theirs), ...Object.keys(mine)]);
	return [...keys].filter((key) => !sameText(theirs[key], mine[key]));
}

async function listCarriers(this: IExecuteFunctions, i: number, path: string): Promise<IDataObject[]> {
	// A short bare array (one entry per carrier); OTTO documents no paging for it.
	const links = await ottoRequestBody.call(this, { method: 'GET', path, itemIndex: i });
	return Array.isArray(links) ? (links as IDataObject[]) : [];
}

/**
 * Looks for the link a failed Add Carrier was to make: the carrier by its name on that address, with the
 * codes sent. The same carrier with other codes is another link (OTTO did not add this one). After an
 * ambiguous failure a link that is not there yet is looked for once more after a short pause.
 */
async function findCarrier(this: IExecuteFunctions, i: number, path: string, body: IDataObject, lookTwice: boolean): Promise<Verdict> {
	const carrier = String(body.returnCarrierName);
	const codes = body.returnCarrierCodes as IDataObject | undefined;
	for (let look = 1; ; look++) {
		const links = (await listCarriers.call(this, i, path)).filter((link) => String(carrierOf(link)) === carrier);
		const same = links.find((link) => codeDifferences(link, codes).length === 0);
		if (same) {
			return {
				state: 'applied',
				evidence: `${carrier} is linked to the return address as carrier ${String(same.returnAddressCarrierId)} with the codes sent`,
				details: { ...same },
			};
		}
		if (links.length > 0) {
			return {
				state: 'notApplied',
				evidence: `${carrier} is linked to the return address as carrier ${String(links[0].returnAddressCarrierId)}, but with other ${codeDifferences(links[0], codes).join(', ')}`,
			};
		}
		if (!lookTwice || look >= 2) {
			return {
				state: 'notApplied',
				evidence: `${carrier} is not among the return address's carriers${look > 1 ? ` (looked ${look} times, ${RECHECK_DELAY_MS / 1000} s apart)` : ''}`,
			};
		}
		await sleep(RECHECK_DELAY_MS);
	}
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const path = carriersPath(this, i);
	const carrier = oneOf(this, i, 'Carrier', this.getNodeParameter('returnCarrierName', i), RETURN_CARRIERS);
	const codes = carrier === 'HERMES' ? undefined : toCarrierCodes(this, i, carrier, this.getNodeParameter('returnCarrierCodes', i, {}) as IDataObject);
	const body: IDataObject = { returnCarrierName: carrier, ...(codes ? { returnCarrierCodes: codes } : {}) };

	// OTTO documents no answer to adding a carrier that is already linked, so a re-run first looks for it.
	// When that look fails, or finds the carrier with other codes, the request is sent and OTTO decides.
	let existing: IDataObject | undefined;
	try {
		existing = (await listCarriers.call(this, i, path)).find(
			(link) => String(carrierOf(link)) === carrier && codeDifferences(link, codes).length === 0,
		);
	} catch {
		existing = undefined;
	}
	if (existing) {
		return {
			...existing,
			outcome: 'alreadyDone',
			outcomeNote: `Already done at OTTO: ${carrier} is linked to the return address as carrier ${String(existing.returnAddressCarrierId)} with these codes; nothing was sent.`,
		};
	}

	try {
		// A create, not safe to send twice: after a 5xx or a lost answer the transport does not repeat it.
		return (await ottoRequestBody.call(this, { method: 'POST', path, body, itemIndex: i })) as IDataObject;
	} catch (error) {
		// Ambiguous (5xx, lost answer): is the carrier linked now? 409: is the linked carrier this one?
		const reconciled = await reconcile(error, () => findCarrier.call(this, i, path, body, failureKind(error) === 'ambiguous'));
		return settle(error, reconciled);
	}
}
