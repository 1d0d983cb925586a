import type { IDataObject } from 'n8n-workflow';

import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

const { sim, helper } = useSimulator({ start: { seed: { orders: 0 } } });

const PROFILES = '/v1/shipping-profiles';
const calls = (method: string) => sim().requests({ path: /^\/v1\/shipping-profiles/, method });
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const fromList = (id: string) => ({ __rl: true, mode: 'list', value: id, cachedResultName: 'a profile' });

const create = (extra: IDataObject = {}) => ({
	resource: 'shippingProfile',
	operation: 'create',
	shippingProfileName: 'Paket Samstag',
	deliveryType: 'PARCEL',
	workingDays: ['Saturday', 'Monday'],
	orderCutoff: '9:30',
	defaultProcessingTime: 2,
	transportTime: 3,
	...extra,
});

/** A profile no SKU's delivery information points at. */
const unusedProfile = () => {
	const used = new Set([...sim().data.deliveryInformation.values()].map((d) => d.shippingProfileId));
	return sim().data.shippingProfiles.find((p) => !used.has(p.shippingProfileId))!;
};

describe('Shipping Profile → Create', () => {
	test('sends the profile as OTTO expects it and returns it with its new ID', async () => {
		const result = await runWorkflow(ottoWorkflow(create()), helper());
		expect(result.error).toBeUndefined();
		const expected = {
			shippingProfileName: 'Paket Samstag',
			workingDays: ['Monday', 'Saturday'],
			orderCutoff: '09:30',
			deliveryType: 'PARCEL',
			defaultProcessingTime: 2,
			transportTime: 3,
		};
		expect(calls('POST')).toHaveLength(1);
		expect(calls('POST')[0].body).toEqual(expected);
		expect(calls('POST')[0].status).toBe(201);
		const [item] = result.output('Otto Market');
		expect(item.json).toEqual({ shippingProfileId: expect.any(String), ...expected, message: 'Shipping profile created' });
		expect(sim().data.shippingProfilesById.get(String(item.json.shippingProfileId))).toEqual({
			shippingProfileId: item.json.shippingProfileId,
			...expected,
		});
	});

	test('a name already in use is OTTO\'s 409, on its own item', async () => {
		const taken = sim().data.shippingProfiles[0].shippingProfileName;
		const result = await runWorkflow(
			ottoWorkflow(create({ shippingProfileName: '={{ $json.name }}' }), [{ name: 'Brandneu' }, { name: taken }], { continueOnFail: true }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1]);
		expect(out[0].json.shippingProfileName).toBe('Brandneu');
		expect(out[1].json.error).toContain('OTTO answered 409 Conflict');
		expect(out[1].json.error).toContain(`A shipping profile named '${taken}' already exists`);
		expect(calls('POST').map((c) => c.status)).toEqual([201, 409]);

		const failed = await runWorkflow(ottoWorkflow(create({ shippingProfileName: taken })), helper());
		expect(failed.error?.message).toContain('409');
		expect((failed.error?.context as IDataObject | undefined)?.itemIndex).toBe(0);
	});

	test.each([
		[{ orderCutoff: '14:15' }, 'Invalid "Order Cut-Off (CET)": "14:15" is not a full or half hour in HH:MM (e.g. 14:00 or 14:30)'],
		[{ orderCutoff: '24:00' }, 'Invalid "Order Cut-Off (CET)"'],
		[{ workingDays: '={{ ["Monday", "Funday"] }}' }, 'Invalid "Working Days": "Funday" is not one of Monday, Tuesday'],
		[{ workingDays: '={{ [] }}' }, 'Invalid "Working Days": at least one day is required'],
		[{ defaultProcessingTime: 0 }, 'Invalid "Default Processing Time (Days)": must be a whole number of days from 1 to 99, got 0'],
		[{ transportTime: 100 }, 'Invalid "Transport Time (Days)": must be a whole number of days from 1 to 99, got 100'],
		[{ shippingProfileName: '  ' }, 'Invalid "Name": a value is required'],
	])('%o is refused before sending', async (change, message) => {
		const result = await runWorkflow(ottoWorkflow(create(change)), helper());
		expect(result.error?.message).toContain(message);
		expect(calls('POST')).toHaveLength(0);
	});

	test('working days from an expression: any case, comma-separated', async () => {
		const result = await runWorkflow(ottoWorkflow(create({ workingDays: '={{ "friday, MONDAY" }}' })), helper());
		expect(result.error).toBeUndefined();
		expect((calls('POST')[0].body as IDataObject).workingDays).toEqual(['Monday', 'Friday']);
	});
});

describe('Shipping Profile → Get / Get Many', () => {
	test('Get by ID and from the list', async () => {
		const [a, b] = sim().data.shippingProfiles;
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'shippingProfile', operation: 'get', shippingProfileId: '={{ $json.locator }}' }, [
				{ locator: byId(a.shippingProfileId) },
				{ locator: fromList(b.shippingProfileId) },
			]),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market').map((i) => i.json)).toEqual([a, b]);
		expect(calls('GET').map((c) => c.path)).toEqual([`${PROFILES}/${a.shippingProfileId}`, `${PROFILES}/${b.shippingProfileId}`]);
	});

	test('Get of an unknown ID is OTTO\'s 404', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'shippingProfile', operation: 'get', shippingProfileId: byId('00000000-0000-4000-8000-000000000000') }),
			helper(),
		);
		expect(result.error?.message).toContain('404');
		expect(result.error?.message).toContain("Shipping profile '00000000-0000-4000-8000-000000000000' not found");
	});

	test('Get Many: Return All follows the cursor across 3 pages of 300', async () => {
		sim().reset({ shippingProfiles: 650 });
		const result = await runWorkflow(ottoWorkflow({ resource: 'shippingProfile', operation: 'getAll', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out).toHaveLength(650);
		expect(new Set(out.map((p) => p.shippingProfileId)).size).toBe(650);
		const pages = calls('GET');
		expect(pages).toHaveLength(3);
		expect(pages[0].query).toEqual({});
		expect(pages.slice(1).every((p) => typeof p.query.cursor === 'string')).toBe(true);
	});

	test('Get Many: Limit stops after the first page', async () => {
		sim().reset({ shippingProfiles: 650 });
		const result = await runWorkflow(ottoWorkflow({ resource: 'shippingProfile', operation: 'getAll', returnAll: false, limit: 10 }), helper());
		expect(result.output('Otto Market')).toHaveLength(10);
		expect(calls('GET')).toHaveLength(1);
	});
});

describe('Shipping Profile → Update', () => {
	test('changes the given fields and sends the whole profile, keeping the delivery type', async () => {
		const profile = { ...sim().data.shippingProfiles[1] };
		const result = await runWorkflow(
			ottoWorkflow({
				resource: 'shippingProfile',
				operation: 'update',
				shippingProfileId: fromList(profile.shippingProfileId),
				updateFields: { shippingProfileName: 'Spedition Nord', orderCutoff: '11:30' },
			}),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const puts = calls('PUT');
		expect(puts).toHaveLength(1);
		const expected = {
			shippingProfileName: 'Spedition Nord',
			workingDays: profile.workingDays,
			orderCutoff: '11:30',
			deliveryType: profile.deliveryType,
			defaultProcessingTime: profile.defaultProcessingTime,
			transportTime: profile.transportTime,
		};
		expect(puts[0].body).toEqual(expected);
		expect(result.output('Otto Market')[0].json).toEqual({ shippingProfileId: profile.shippingProfileId, ...expected });
		expect(sim().data.shippingProfilesById.get(profile.shippingProfileId)).toEqual({ shippingProfileId: profile.shippingProfileId, ...expected });
	});

	test('the name of another profile is OTTO\'s 409; an invalid cut-off is refused before sending', async () => {
		const [a, b] = sim().data.shippingProfiles;
		const params = (updateFields: IDataObject) => ({
			resource: 'shippingProfile',
			operation: 'update',
			shippingProfileId: byId(a.shippingProfileId),
			updateFields,
		});
		let result = await runWorkflow(ottoWorkflow(params({ shippingProfileName: b.shippingProfileName })), helper());
		expect(result.error?.message).toContain('409');
		result = await runWorkflow(ottoWorkflow(params({ orderCutoff: '7:45' })), helper());
		expect(result.error?.message).toContain('Invalid "Order Cut-Off (CET)"');
		result = await runWorkflow(ottoWorkflow(params({})), helper());
		expect(result.error?.message).toBe('Invalid "Update Fields": add at least one field to change');
		expect(calls('PUT').map((c) => c.status)).toEqual([409]);
	});
});

describe('Shipping Profile → Delete', () => {
	test('deletes a profile no SKU uses', async () => {
		const profile = unusedProfile();
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'shippingProfile', operation: 'delete', shippingProfileId: byId(profile.shippingProfileId) }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Otto Market')[0].json).toEqual({ shippingProfileId: profile.shippingProfileId, deleted: true });
		expect(sim().data.shippingProfilesById.has(profile.shippingProfileId)).toBe(false);
		expect(calls('DELETE')[0].status).toBe(204);
	});

	test('a profile still in use is OTTO\'s 412, with what to do about it', async () => {
		const inUse = [...sim().data.deliveryInformation.values()][0].shippingProfileId;
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'shippingProfile', operation: 'delete', shippingProfileId: byId(inUse) }, [{}], { continueOnFail: true }),
			helper(),
		);
		const [item] = result.output('Otto Market');
		expect(item.json.error).toContain('OTTO answered 412 Precondition failed');
		expect(item.json.error).toContain('is still assigned to');
		expect(item.json.description).toContain('Delivery Information → Update');
		expect(sim().data.shippingProfilesById.has(inUse)).toBe(true);
	});
});
