/**
 * Returns Warehouse v2 (scopes `returns-warehouse-read` for GET, `returns-warehouse-write` otherwise), REFERENCE §4.10.
 * - addresses: bare JSON arrays, `page` (1-based) + `limit` (≤ 50), no links; `returnWarehouseType` filter.
 * - NATIONAL addresses are in Germany, INTERNATIONAL ones in one of eight countries (English names, any case);
 *   the consolidation hub has no address details of its own and needs another address first.
 * - type and country never change; the zip code is fixed while a DHL carrier is linked.
 * - an address cannot be deleted while it handles misdirected returns or has carriers (409).
 * - carriers: DHL (with codes), GLS, HERMES (no codes); only DHL for INTERNATIONAL and the hub.
 * OTTO's status codes of this interface are undocumented; 201 for creations and 204 for empty answers are assumed.
 */
import { z } from 'zod';
import { apiError } from '../errors';
import { RETURN_WAREHOUSE_TYPES, type ReturnAddressCarrier, type ReturnWarehouseAddress } from '../model';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseBody, parseQuery, qInt, qOptionalEnum } from '../validation';

const PREFIX = '/v2/returns-warehouse/addresses';
export const RETURN_ADDRESSES_MAX_LIMIT = 50;

const INTERNATIONAL_COUNTRIES = ['Italy', 'Poland', 'Czechia', 'Netherlands', 'France', 'Austria', 'Spain', 'Denmark'];
const CARRIERS = ['DHL', 'GLS', 'HERMES'] as const;
/** Where OTTO sends returns of the consolidation hub type. */
const HUB = { returnStreet: 'Konsolidierungshub', returnHouseNumber: '1', returnZipCode: '37079', returnCity: 'Göttingen', returnCountry: 'Germany' };

const text = z.string().trim().min(1, 'must not be blank');

const addressBody = z.object({
	returnWarehouseType: z.enum(RETURN_WAREHOUSE_TYPES),
	isMisdirectedAddress: z.boolean().optional(),
	returnRecipient: text,
	returnRecipientSuffix: z.string().optional(),
	isBusinessAddress: z.boolean().optional(),
	returnStreet: z.string().optional(),
	returnHouseNumber: z.string().optional(),
	returnZipCode: z.string().optional(),
	returnCity: z.string().optional(),
	returnCountry: z.string().optional(),
});
type AddressBody = z.output<typeof addressBody>;

const carrierCodes = z
	.object({
		customerId: z.number().int().nonnegative().optional(),
		contactId: z.string().optional(),
		referenzId: z.string().optional(),
		leitCode: z.string().regex(/^[^\s.]+$/, 'must not contain blanks or dots').optional(),
		settlementNumber: z.string().optional(),
		customerNumber: z.string().optional(),
	})
	.strict();

const carrierBody = z.object({ returnCarrierName: z.enum(CARRIERS), returnCarrierCodes: carrierCodes.optional() });

const listQuery = z.object({
	page: qInt(1, undefined, 1),
	limit: qInt(1, RETURN_ADDRESSES_MAX_LIMIT, RETURN_ADDRESSES_MAX_LIMIT),
	returnWarehouseType: qOptionalEnum(RETURN_WAREHOUSE_TYPES),
});

function invalid(ctx: RouteContext, field: string, detail: string) {
	return apiError(400, ctx.path, `${field}: ${detail}`, { title: 'Invalid Attribute', jsonPath: `$.${field}` });
}

function conflict(ctx: RouteContext, detail: string) {
	return apiError(409, ctx.path, detail, { title: 'Conflict' });
}

function countryName(ctx: RouteContext, raw: string | undefined, allowed: string[]): string {
	const found = allowed.find((c) => c.toLowerCase() === (raw ?? '').trim().toLowerCase());
	if (!found) throw invalid(ctx, 'returnCountry', `must be one of ${allowed.join(', ')}${raw ? `, got '${raw}'` : ''}`);
	return found;
}

/** The address as OTTO stores it, after the rules of its type; throws 400 naming the field. */
function normalise(ctx: RouteContext, body: AddressBody, id: string): ReturnWarehouseAddress {
	const address: ReturnWarehouseAddress = {
		returnAddressId: id,
		returnWarehouseType: body.returnWarehouseType,
		isMisdirectedAddress: body.isMisdirectedAddress ?? false,
		returnRecipient: body.returnRecipient,
	};
	if (body.returnRecipientSuffix) address.returnRecipientSuffix = body.returnRecipientSuffix;
	if (body.returnWarehouseType === 'INTERNATIONAL_CONSOLIDATION_HUB') return { ...address, isBusinessAddress: true, ...HUB };
	const national = body.returnWarehouseType === 'NATIONAL';
	if (national && body.isBusinessAddress === undefined) throw invalid(ctx, 'isBusinessAddress', 'is required for NATIONAL addresses');
	const needsStreet = !national || !body.isBusinessAddress;
	for (const field of ['returnStreet', 'returnHouseNumber', 'returnZipCode', 'returnCity'] as const) {
		const required = field === 'returnZipCode' || field === 'returnCity' || needsStreet;
		const value = body[field]?.trim();
		if (!value && required) throw invalid(ctx, field, `is required for ${national ? 'private NATIONAL' : 'INTERNATIONAL'} addresses`);
		if (value) address[field] = value;
	}
	if (body.isBusinessAddress !== undefined) address.isBusinessAddress = body.isBusinessAddress;
	address.returnCountry = countryName(ctx, body.returnCountry ?? (national ? 'Germany' : undefined), national ? ['Germany'] : INTERNATIONAL_COUNTRIES);
	return address;
}

function findAddress(ctx: RouteContext): ReturnWarehouseAddress {
	const address = ctx.data.returnAddresses.find((a) => a.returnAddressId === ctx.params.returnAddressId);
	if (!address) throw apiError(404, ctx.path, `Return address '${ctx.params.returnAddressId}' not found`);
	return address;
}

function carriersOf(ctx: RouteContext, returnAddressId: string): ReturnAddressCarrier[] {
	return ctx.data.returnAddressCarriers.filter((c) => c.returnAddressId === returnAddressId);
}

function findCarrier(ctx: RouteContext): ReturnAddressCarrier {
	const address = findAddress(ctx);
	const carrier = carriersOf(ctx, address.returnAddressId).find((c) => c.returnAddressCarrierId === ctx.params.returnAddressCarrierId);
	if (!carrier) throw apiError(404, ctx.path, `Carrier '${ctx.params.returnAddressCarrierId}' not found at return address '${address.returnAddressId}'`);
	return carrier;
}

/** Only one address handles misdirected returns: marking another one moves the flag. */
function takeOverMisdirected(ctx: RouteContext, address: ReturnWarehouseAddress): void {
	if (!address.isMisdirectedAddress) return;
	for (const other of ctx.data.returnAddresses) if (other !== address) other.isMisdirectedAddress = false;
}

function present(address: ReturnWarehouseAddress): ReturnWarehouseAddress {
	return { ...address };
}

function presentCarrier(carrier: ReturnAddressCarrier): ReturnAddressCarrier {
	return { ...carrier, ...(carrier.returnCarrierCodes ? { returnCarrierCodes: { ...carrier.returnCarrierCodes } } : {}) };
}

function listAddresses(ctx: RouteContext): RouteResponse {
	const q = parseQuery(listQuery, ctx.query, ctx.path);
	const all = ctx.data.returnAddresses.filter((a) => !q.returnWarehouseType || a.returnWarehouseType === q.returnWarehouseType);
	const start = (q.page - 1) * q.limit;
	return { status: 200, body: all.slice(start, start + q.limit).map(present) };
}

function createAddress(ctx: RouteContext): RouteResponse {
	const body = parseBody(addressBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	if (body.returnWarehouseType === 'INTERNATIONAL_CONSOLIDATION_HUB') {
		if (!ctx.data.returnAddresses.some((a) => a.returnWarehouseType !== 'INTERNATIONAL_CONSOLIDATION_HUB')) {
			throw conflict(ctx, 'A consolidation hub address needs a standard or misdirected return address first');
		}
		if (ctx.data.returnAddresses.some((a) => a.returnWarehouseType === 'INTERNATIONAL_CONSOLIDATION_HUB')) {
			throw conflict(ctx, 'There is already a consolidation hub address');
		}
	}
	const address = normalise(ctx, body, ctx.data.newUuid());
	ctx.data.returnAddresses.push(address);
	takeOverMisdirected(ctx, address);
	return { status: 201, body: { returnAddressId: address.returnAddressId } };
}

function getAddress(ctx: RouteContext): RouteResponse {
	return { status: 200, body: present(findAddress(ctx)) };
}

function replaceAddress(ctx: RouteContext): RouteResponse {
	const address = findAddress(ctx);
	const body = parseBody(addressBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	if (body.returnWarehouseType !== address.returnWarehouseType) {
		throw invalid(ctx, 'returnWarehouseType', `cannot be changed from ${address.returnWarehouseType} to ${body.returnWarehouseType}`);
	}
	const next = normalise(ctx, { ...body, returnCountry: body.returnCountry ?? address.returnCountry }, address.returnAddressId);
	if (next.returnCountry !== address.returnCountry) {
		throw invalid(ctx, 'returnCountry', `cannot be changed from ${address.returnCountry} to ${next.returnCountry}`);
	}
	const hasDhl = carriersOf(ctx, address.returnAddressId).some((c) => c.returnCarrier === 'DHL');
	if (hasDhl && next.returnZipCode !== address.returnZipCode) {
		throw invalid(ctx, 'returnZipCode', 'cannot be changed while a DHL carrier is linked to the address');
	}
	for (const key of Object.keys(address) as Array<keyof ReturnWarehouseAddress>) delete address[key];
	Object.assign(address, next);
	takeOverMisdirected(ctx, address);
	return { status: 204 };
}

function deleteAddress(ctx: RouteContext): RouteResponse {
	const address = findAddress(ctx);
	if (address.isMisdirectedAddress) throw conflict(ctx, 'The address for misdirected returns cannot be deleted');
	const carriers = carriersOf(ctx, address.returnAddressId);
	if (carriers.length > 0) {
		throw conflict(ctx, `Return address '${address.returnAddressId}' still has ${carriers.length} carrier(s); remove them first`);
	}
	ctx.data.returnAddresses.splice(ctx.data.returnAddresses.indexOf(address), 1);
	return { status: 204 };
}

function checkCarrier(ctx: RouteContext, address: ReturnWarehouseAddress, body: z.output<typeof carrierBody>): void {
	if (address.returnWarehouseType !== 'NATIONAL' && body.returnCarrierName !== 'DHL') {
		throw invalid(ctx, 'returnCarrierName', `only DHL is allowed for ${address.returnWarehouseType} addresses`);
	}
	const codes = body.returnCarrierCodes;
	if (body.returnCarrierName === 'HERMES' && codes && Object.keys(codes).length > 0) {
		throw invalid(ctx, 'returnCarrierCodes', 'HERMES has no carrier codes');
	}
}

function listCarriers(ctx: RouteContext): RouteResponse {
	const address = findAddress(ctx);
	return { status: 200, body: carriersOf(ctx, address.returnAddressId).map(presentCarrier) };
}

function addCarrier(ctx: RouteContext): RouteResponse {
	const address = findAddress(ctx);
	const body = parseBody(carrierBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	checkCarrier(ctx, address, body);
	if (carriersOf(ctx, address.returnAddressId).some((c) => c.returnCarrier === body.returnCarrierName)) {
		throw conflict(ctx, `${body.returnCarrierName} is already linked to return address '${address.returnAddressId}'`);
	}
	const carrier: ReturnAddressCarrier = {
		returnAddressId: address.returnAddressId,
		returnAddressCarrierId: ctx.data.newUuid(),
		returnCarrier: body.returnCarrierName,
		...(body.returnCarrierCodes ? { returnCarrierCodes: { ...body.returnCarrierCodes } } : {}),
	};
	ctx.data.returnAddressCarriers.push(carrier);
	return { status: 201, body: presentCarrier(carrier) };
}

function getCarrier(ctx: RouteContext): RouteResponse {
	return { status: 200, body: presentCarrier(findCarrier(ctx)) };
}

function replaceCarrier(ctx: RouteContext): RouteResponse {
	const carrier = findCarrier(ctx);
	const address = findAddress(ctx);
	const body = parseBody(carrierBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
	if (body.returnCarrierName !== carrier.returnCarrier) {
		throw invalid(ctx, 'returnCarrierName', `cannot be changed from ${carrier.returnCarrier} to ${body.returnCarrierName}; only the codes can`);
	}
	checkCarrier(ctx, address, body);
	if (body.returnCarrierCodes) carrier.returnCarrierCodes = { ...body.returnCarrierCodes };
	else delete carrier.returnCarrierCodes;
	return { status: 204 };
}

function removeCarrier(ctx: RouteContext): RouteResponse {
	const carrier = findCarrier(ctx);
	ctx.data.returnAddressCarriers.splice(ctx.data.returnAddressCarriers.indexOf(carrier), 1);
	return { status: 204 };
}

export const returnsWarehouseRoutes: RouteModule = {
	name: 'returnsWarehouse',
	interfaces: [{ prefix: '/v2/returns-warehouse', scope: { read: 'returns-warehouse-read', write: 'returns-warehouse-write' } }],
	routes: [
		{ method: 'GET', pattern: PREFIX, handler: listAddresses },
		{ method: 'POST', pattern: PREFIX, handler: createAddress },
		{ method: 'GET', pattern: `${PREFIX}/{returnAddressId}`, handler: getAddress },
		{ method: 'PUT', pattern: `${PREFIX}/{returnAddressId}`, handler: replaceAddress },
		{ method: 'DELETE', pattern: `${PREFIX}/{returnAddressId}`, handler: deleteAddress },
		{ method: 'GET', pattern: `${PREFIX}/{returnAddressId}/carriers`, handler: listCarriers },
		{ method: 'POST', pattern: `${PREFIX}/{returnAddressId}/carriers`, handler: addCarrier },
		{ method: 'GET', pattern: `${PREFIX}/{returnAddressId}/carriers/{returnAddressCarrierId}`, handler: getCarrier },
		{ method: 'PUT', pattern: `${PREFIX}/{returnAddressId}/carriers/{returnAddressCarrierId}`, handler: replaceCarrier },
		{ method: 'DELETE', pattern: `${PREFIX}/{returnAddressId}/carriers/{returnAddressCarrierId}`, handler: removeCarrier },
	],
};
