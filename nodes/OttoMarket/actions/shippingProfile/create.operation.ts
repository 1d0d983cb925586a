import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep, updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, ottoListItems, ottoRequestBody } from '../../transport';
import { failureKind, reconcile, settle, type Verdict } from '../reconcile';
import { deliveryTypeField, profileFields, toProfileBody, type ShippingProfileBody } from './profile';

const field = (name: string): INodeProperties => ({ ...profileFields.find((f) => f.name === name)!, required: true });

const properties: INodeProperties[] = [
	field('shippingProfileName'),
	{ ...deliveryTypeField, required: true },
	field('workingDays'),
	field('orderCutoff'),
	field('defaultProcessingTime'),
	field('transportTime'),
];

const displayOptions = { show: { resource: ['shippingProfile'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const PROFILES_PATH = '/v1/shipping-profiles';
/** Pause before looking a second time for a profile the first look did not find (OTTO may still be writing it). */
export const RECHECK_DELAY_MS = 1_500;

const nameKey = (name: unknown) => String(name ?? '').trim().toLowerCase();

/** The fields in which OTTO's profile differs from the one sent (working days in any order, "9:30" = "09:30"). */
function differences(found: IDataObject, sent: ShippingProfileBody): string[] {
	const days = (value: unknown) => (Array.isArray(value) ? value.map((d) => String(d).toLowerCase()).sort().join(',') : String(value ?? ''));
	const cutoff = (value: unknown) => String(value ?? '').trim().replace(/^(\d):/, '0$1:').slice(0, 5);
	const out: string[] = [];
	if (String(found.shippingProfileName ?? '').trim() !== sent.shippingProfileName.trim()) out.push('shippingProfileName');
	if (days(found.workingDays) !== days(sent.workingDays)) out.push('workingDays');
	if (cutoff(found.orderCutoff) !== sent.orderCutoff) out.push('orderCutoff');
	if (String(found.deliveryType ?? '') !== sent.deliveryType) out.push('deliveryType');
	if (Number(found.defaultProcessingTime) !== sent.defaultProcessingTime) out.push('defaultProcessingTime');
	if (Number(found.transportTime) !== sent.transportTime) out.push('transportTime');
	return out;
}

/**
 * Looks for the profile a failed create was to make. OTTO keeps profile names unique per seller, so the name
 * finds it: with the fields sent it is this create's profile (applied, or already done after a 409); with
 * other fields it is another profile that holds the name, and OTTO did not create this one. After an
 * ambiguous failure a profile that is not there yet is looked for once more after a short pause.
 */
async function findProfile(this: IExecuteFunctions, i: number, sent: ShippingProfileBody, lookTwice: boolean): Promise<Verdict> {
	for (let look = 1; ; look++) {
		const profiles = await ottoListItems.call(this, ENDPOINTS.shippingProfiles, { itemIndex: i });
		// Names are compared without case and outer blanks, as OTTO may do; the fields decide.
		const named = profiles.filter((p) => nameKey(p.shippingProfileName) === nameKey(sent.shippingProfileName));
		const same = named.find((p) => differences(p, sent).length === 0);
		if (same) {
			return {
				state: 'applied',
				evidence: `shipping profile ${String(same.shippingProfileId)} is named "${sent.shippingProfileName}" and has the fields sent`,
				details: { shippingProfileId: same.shippingProfileId, ...sent },
			};
		}
		if (named.length > 0) {
			const other = named[0];
			return {
				state: 'notApplied',
				evidence: `the name "${String(other.shippingProfileName)}" belongs to shipping profile ${String(other.shippingProfileId)}, which differs in ${differences(other, sent).join(', ')}; OTTO keeps names unique, so it did not create this profile`,
			};
		}
		if (!lookTwice || look >= 2) {
			return {
				state: 'notApplied',
				evidence: `none of the ${profiles.length} shipping profiles is named "${sent.shippingProfileName}"${look > 1 ? ` (looked ${look} times, ${RECHECK_DELAY_MS / 1000} s apart)` : ''}`,
			};
		}
		await sleep(RECHECK_DELAY_MS);
	}
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const fields: IDataObject = {};
	for (const name of ['shippingProfileName', 'deliveryType', 'workingDays', 'orderCutoff', 'defaultProcessingTime', 'transportTime']) {
		fields[name] = this.getNodeParameter(name, i, undefined);
	}
	const profile = toProfileBody(this, i, fields);
	let answer: IDataObject;
	try {
		// A create, not safe to send twice: after a 5xx or a lost answer the transport does not repeat it.
		answer = (await ottoRequestBody.call(this, { method: 'POST', path: PROFILES_PATH, body: profile, itemIndex: i })) as IDataObject;
	} catch (error) {
		// Ambiguous (5xx, lost answer): did OTTO create it? 409 (name in use): is it this very profile, created
		// by an earlier run? Either way the profile is looked up by its name.
		const reconciled = await reconcile(error, () => findProfile.call(this, i, profile, failureKind(error) === 'ambiguous'));
		return settle(error, reconciled);
	}
	return { shippingProfileId: answer?.shippingProfileId, ...profile, ...(answer?.message ? { message: answer.message } : {}) };
}
