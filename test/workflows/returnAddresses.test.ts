import type { IDataObject } from 'n8n-workflow';

import type { ReturnWarehouseAddress } from '../otto-simulator';
import { ottoWorkflow, paired, runWorkflow, useSimulator } from '../harness';

const { sim, helper: credentialsFor } = useSimulator({ start: { seed: { orders: 0 } } });

const SCOPES = ['returns-warehouse-read', 'returns-warehouse-write'];
const helper = (scopes = SCOPES) => credentialsFor({ scopes });
const ADDRESSES = '/v2/returns-warehouse/addresses';
const calls = (method: string, path: RegExp = /^\/v2\/returns-warehouse\//) => sim().requests({ path, method });

const national = (extra: IDataObject = {}) => ({
	resource: 'returnAddress',
	operation: 'create',
	returnWarehouseType: 'NATIONAL',
	returnRecipient: 'Muster GmbH',
	isBusinessAddress: false,
	returnStreet: 'Werner-Otto-Straße',
	returnHouseNumber: '1-7',
	returnZipCode: '22179',
	returnCity: 'Hamburg',
	...extra,
});

/** Creates an address through the node and returns its ID. */
async function createAddress(params: IDataObject = national()): Promise<string> {
	const result = await runWorkflow(ottoWorkflow(params), helper());
	if (result.error) throw result.error;
	return String(result.output('Otto Market')[0].json.returnAddressId);
}

function storeAddresses(count: number, type: ReturnWarehouseAddress['returnWarehouseType'] = 'NATIONAL'): void {
	for (let k = 0; k < count; k++) {
		sim().data.returnAddresses.push({
			returnAddressId: `addr-${type}-${k}`,
			returnWarehouseType: type,
			isMisdirectedAddress: false,
			returnRecipient: `Lager ${k}`,
			isBusinessAddress: true,
			returnZipCode: '22179',
			returnCity: 'Hamburg',
			returnCountry: type === 'NATIONAL' ? 'Germany' : 'Austria',
		});
	}
}

describe('Return Address → Create', () => {
	test('a national private address: sent with Germany as country, returned with its ID', async () => {
		const result = await runWorkflow(ottoWorkflow(national({ additionalFields: { returnRecipientSuffix: 'Retouren', isMisdirectedAddress: true } })), helper());
		expect(result.error).toBeUndefined();
		const expected = {
			returnWarehouseType: 'NATIONAL',
			isMisdirectedAddress: true,
			returnRecipient: 'Muster GmbH',
			returnRecipientSuffix: 'Retouren',
			isBusinessAddress: false,
			returnStreet: 'Werner-Otto-Straße',
			returnHouseNumber: '1-7',
			returnZipCode: '22179',
			returnCity: 'Hamburg',
			returnCountry: 'Germany',
		};
		expect(calls('POST')[0].body).toEqual(expected);
		expect(calls('POST')[0].status).toBe(201);
		const [item] = result.output('Otto Market');
		expect(item.json).toEqual({ returnAddressId: expect.any(String), ...expected });
		expect(sim().data.returnAddresses).toEqual([{ returnAddressId: item.json.returnAddressId, ...expected }]);
	});

	test('a national business address needs no street; international ones need a country of their list; then the hub', async () => {
		const business = await createAddress(national({ isBusinessAddress: true, returnStreet: '', returnHouseNumber: '' }));
		expect(sim().data.returnAddresses.find((a) => a.returnAddressId === business)).not.toHaveProperty('returnStreet');

		const result = await runWorkflow(
			ottoWorkflow(
				{
					resource: 'returnAddress',
					operation: 'create',
					returnWarehouseType: '={{ $json.type }}',
					returnRecipient: 'Muster GmbH',
					returnStreet: 'Via Roma',
					returnHouseNumber: '5',
					returnZipCode: '00100',
					returnCity: 'Roma',
					returnCountry: 'Italy',
				},
				[{ type: 'INTERNATIONAL' }, { type: 'INTERNATIONAL_CONSOLIDATION_HUB' }],
			),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const bodies = calls('POST').slice(1).map((c) => c.body as IDataObject);
		expect(bodies[0]).toMatchObject({ returnWarehouseType: 'INTERNATIONAL', returnCountry: 'Italy', returnCity: 'Roma' });
		// The hub has no address of its own: nothing but recipient and type is sent.
		expect(bodies[1]).toEqual({ returnWarehouseType: 'INTERNATIONAL_CONSOLIDATION_HUB', isMisdirectedAddress: false, returnRecipient: 'Muster GmbH' });
		expect(sim().data.returnAddresses.map((a) => a.returnWarehouseType)).toEqual(['NATIONAL', 'INTERNATIONAL', 'INTERNATIONAL_CONSOLIDATION_HUB']);
	});

	test('missing address lines are named and nothing is sent', async () => {
		const result = await runWorkflow(
			ottoWorkflow(national({ returnHouseNumber: '={{ $json.house }}', returnCity: '={{ $json.city }}' }), [
				{ house: '', city: 'Hamburg' },
				{ house: '3', city: ' ' },
				{ house: '3', city: 'Hamburg' },
			], { continueOnFail: true }),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(paired(out)).toEqual([0, 1, 2]);
		expect(out[0].json.error).toBe('Invalid "House Number": is required for national addresses that are not business addresses');
		expect(out[1].json.error).toBe('Invalid "City": is required for national addresses that are not business addresses');
		expect(out[2].json.returnAddressId).toEqual(expect.any(String));
		expect(calls('POST')).toHaveLength(1);
	});

	test('OTTO\'s refusal comes through: the hub before any other address', async () => {
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'returnAddress', operation: 'create', returnWarehouseType: 'INTERNATIONAL_CONSOLIDATION_HUB', returnRecipient: 'Muster GmbH' }),
			helper(),
		);
		expect(result.error?.message).toContain('409');
		expect(result.error?.message).toContain('needs a standard or misdirected return address first');
	});

	test('without the write scope the error names it', async () => {
		const result = await runWorkflow(ottoWorkflow(national()), helper(['returns-warehouse-read']));
		expect(result.error?.message).toContain('returns-warehouse-write');
	});
});

describe('Return Address → Get / Get Many', () => {
	test('Get one address by ID', async () => {
		const id = await createAddress();
		sim().clearRequests();
		const result = await runWorkflow(ottoWorkflow({ resource: 'returnAddress', operation: 'get', returnAddressId: id }), helper());
		expect(result.output('Otto Market')[0].json).toEqual(sim().data.returnAddresses[0]);
		expect(calls('GET').map((c) => c.path)).toEqual([`${ADDRESSES}/${id}`]);
	});

	test('Get Many: Return All numbers pages from 1 until a short page (a bare array, 50 per page)', async () => {
		storeAddresses(120);
		const result = await runWorkflow(ottoWorkflow({ resource: 'returnAddress', operation: 'getAll', returnAll: true }), helper());
		expect(result.error).toBeUndefined();
		const out = result.output('Otto Market').map((i) => i.json);
		expect(out.map((a) => a.returnAddressId)).toEqual(sim().data.returnAddresses.map((a) => a.returnAddressId));
		const pages = calls('GET');
		expect(pages.map((p) => [p.query.page, p.query.limit])).toEqual([
			[undefined, '50'],
			['2', '50'],
			['3', '50'],
		]);
	});

	test('Get Many: a page that is exactly full costs one more (empty) request; Limit and the type filter reach OTTO', async () => {
		storeAddresses(100);
		storeAddresses(3, 'INTERNATIONAL');
		let result = await runWorkflow(
			ottoWorkflow({ resource: 'returnAddress', operation: 'getAll', returnAll: true, filters: { returnWarehouseType: 'NATIONAL' } }),
			helper(),
		);
		expect(result.output('Otto Market')).toHaveLength(100);
		expect(calls('GET').map((p) => p.query.page)).toEqual([undefined, '2', '3']);
		expect(calls('GET').every((p) => p.query.returnWarehouseType === 'NATIONAL')).toBe(true);

		sim().clearRequests();
		result = await runWorkflow(ottoWorkflow({ resource: 'returnAddress', operation: 'getAll', returnAll: false, limit: 60 }), helper());
		expect(result.output('Otto Market')).toHaveLength(60);
		expect(calls('GET')).toHaveLength(2);
	});
});

describe('Return Address → Update / Delete', () => {
	test('Update changes the given fields and sends the whole address; type and country stay', async () => {
		const id = await createAddress();
		sim().clearRequests();
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'returnAddress', operation: 'update', returnAddressId: id, updateFields: { returnCity: 'Hamburg-Bramfeld', returnRecipientSuffix: 'Tor 3' } }),
			helper(),
		);
		expect(result.error).toBeUndefined();
		const expected = {
			returnWarehouseType: 'NATIONAL',
			isMisdirectedAddress: false,
			returnRecipient: 'Muster GmbH',
			returnRecipientSuffix: 'Tor 3',
			isBusinessAddress: false,
			returnStreet: 'Werner-Otto-Straße',
			returnHouseNumber: '1-7',
			returnZipCode: '22179',
			returnCity: 'Hamburg-Bramfeld',
			returnCountry: 'Germany',
		};
		expect(calls('PUT')[0].body).toEqual(expected);
		expect(result.output('Otto Market')[0].json).toEqual({ returnAddressId: id, ...expected });
		expect(sim().data.returnAddresses[0]).toEqual({ returnAddressId: id, ...expected });
	});

	test('Delete removes an address; OTTO refuses while a carrier is linked', async () => {
		const [keep, drop] = [await createAddress(), await createAddress(national({ returnRecipient: 'Zweitlager' }))];
		await runWorkflow(ottoWorkflow({ resource: 'returnAddress', operation: 'addCarrier', returnAddressId: keep, returnCarrierName: 'GLS' }), helper());
		const result = await runWorkflow(
			ottoWorkflow({ resource: 'returnAddress', operation: 'delete', returnAddressId: '={{ $json.id }}' }, [{ id: keep }, { id: drop }], {
				continueOnFail: true,
			}),
			helper(),
		);
		const out = result.output('Otto Market');
		expect(out[0].json.error).toContain('409');
		expect(out[0].json.error).toContain('carrier');
		expect(out[1].json).toEqual({ returnAddressId: drop, deleted: true });
		expect(sim().data.returnAddresses.map((a) => a.returnAddressId)).toEqual([keep]);
	});
});

describe('Return Address → carriers', () => {
	const op = (operation: string, extra: IDataObject = {}) => ({ resource: 'returnAddress', operation, ...extra });

	test('Add, Get Many, Get, Update and Remove a DHL carrier', async () => {
		const id = await createAddress();
		sim().clearRequests();
		const codes = { customerId: 1234567890, leitCode: '(22179)+001', settlementNumber: '12345678900101' };
		let result = await runWorkflow(ottoWorkflow(op('addCarrier', { returnAddressId: id, returnCarrierName: 'DHL', returnCarrierCodes: codes })), helper());
		expect(result.error).toBeUndefined();
		expect(calls('POST')[0].body).toEqual({ returnCarrierName: 'DHL', returnCarrierCodes: codes });
		const added = result.output('Otto Market')[0].json;
		expect(added).toEqual({ returnAddressId: id, returnAddressCarrierId: expect.any(String), returnCarrier: 'DHL', returnCarrierCodes: codes });
		const carrierId = String(added.returnAddressCarrierId);

		await runWorkflow(ottoWorkflow(op('addCarrier', { returnAddressId: id, returnCarrierName: 'HERMES' })), helper());
		result = await runWorkflow(ottoWorkflow(op('getAllCarriers', { returnAddressId: id })), helper());
		expect(result.output('Otto Market').map((i) => i.json.returnCarrier)).toEqual(['DHL', 'HERMES']);

		result = await runWorkflow(ottoWorkflow(op('getCarrier', { returnAddressId: id, returnAddressCarrierId: carrierId })), helper());
		expect(result.output('Otto Market')[0].json).toEqual(added);

		sim().clearRequests();
		result = await runWorkflow(
			ottoWorkflow(op('updateCarrier', { returnAddressId: id, returnAddressCarrierId: carrierId, returnCarrierCodes: { contactId: 'C-77' } })),
			helper(),
		);
		expect(result.error).toBeUndefined();
		expect(calls('PUT')[0].body).toEqual({ returnCarrierName: 'DHL', returnCarrierCodes: { ...codes, contactId: 'C-77' } });
		expect(sim().data.returnAddressCarriers[0].returnCarrierCodes).toEqual({ ...codes, contactId: 'C-77' });

		result = await runWorkflow(ottoWorkflow(op('removeCarrier', { returnAddressId: id, returnAddressCarrierId: carrierId })), helper());
		expect(result.output('Otto Market')[0].json).toEqual({ returnAddressId: id, returnAddressCarrierId: carrierId, removed: true });
		expect(sim().data.returnAddressCarriers.map((c) => c.returnCarrier)).toEqual(['HERMES']);
	});

	test('codes are checked before sending; OTTO allows only DHL for international addresses', async () => {
		const id = await createAddress();
		sim().clearRequests();
		let result = await runWorkflow(
			ottoWorkflow(op('addCarrier', { returnAddressId: id, returnCarrierName: 'DHL', returnCarrierCodes: { leitCode: '22179.001' } })),
			helper(),
		);
		expect(result.error?.message).toBe('Invalid "Leitcode": "22179.001" must not contain blanks or dots');
		expect(calls('POST')).toHaveLength(0);

		storeAddresses(1, 'INTERNATIONAL');
		result = await runWorkflow(ottoWorkflow(op('addCarrier', { returnAddressId: 'addr-INTERNATIONAL-0', returnCarrierName: 'GLS' })), helper());
		expect(result.error?.message).toContain('400');
		expect(result.error?.message).toContain('only DHL is allowed for INTERNATIONAL addresses');
	});
});
