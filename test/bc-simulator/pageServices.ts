/**
 * The two ways the simulator offers to set a customer's posting groups, which API v2.0 `customers` cannot:
 *
 * 1. Page 21 "Customer Card" published as an OData V4 web service (Web Services page, service name configurable,
 *    default `CustomerCard`): `…/ODataV4/Company('<company name>')/CustomerCard('<No>')`, fields named as the
 *    page controls with `_` for spaces/dots (`Customer_Posting_Group`, `Gen_Bus_Posting_Group`,
 *    `VAT_Bus_Posting_Group`, …), key `No`. Microsoft announced that Microsoft pages can no longer be exposed as
 *    OData endpoints from BC version 30 (2027 release wave 1).
 * 2. A custom API page, as a BC extension would ship it: `…/api/<publisher>/<group>/<version>/companies(<id>)/<set>`
 *    with camelCase fields `customerPostingGroup`, `genBusPostingGroup`, `vatBusPostingGroup` (off by default).
 *
 * Unknown codes are rejected the way BC validates a table relation (400 Internal_InvalidTableRelation).
 */
import { tableRelationError } from './errors';
import { companyOf, type ApiScope } from './entities';
import type { CompanyRec, CustomerRec } from './model';
import type { AnyRecord, EntityDef, FieldDef } from './odata/engine';
import type { BcStore } from './store';
import type { CustomApiRoute } from './types';

const code = (name: string, max: number, readOnly = false): FieldDef => ({ name, type: 'code', max, readOnly });
const text = (name: string, max: number, readOnly = false): FieldDef => ({ name, type: 'string', max, readOnly });

/** Page field → customer record field. */
const CARD_MAP: Array<[FieldDef, keyof CustomerRec]> = [
	[code('No', 20, true), 'number'],
	[text('Name', 100), 'displayName'],
	[text('Address', 100), 'addressLine1'],
	[text('Address_2', 50), 'addressLine2'],
	[code('Post_Code', 20), 'postalCode'],
	[text('City', 30), 'city'],
	[text('County', 30), 'state'],
	[code('Country_Region_Code', 10), 'country'],
	[text('Phone_No', 30), 'phoneNumber'],
	[text('E_Mail', 80), 'email'],
	[text('VAT_Registration_No', 20), 'taxRegistrationNumber'],
	[{ name: 'Blocked', type: 'enum', values: [' ', 'Ship', 'Invoice', 'All'] }, 'blocked'],
	[code('Customer_Posting_Group', 20), 'customerPostingGroup'],
	[code('Gen_Bus_Posting_Group', 20), 'genBusPostingGroup'],
	[code('VAT_Bus_Posting_Group', 20), 'vatBusPostingGroup'],
	[{ name: 'Prices_Including_VAT', type: 'boolean' }, 'pricesIncludingVat'],
	[code('Payment_Terms_Code', 10), 'paymentTermsCode'],
	[code('Currency_Code', 10), 'currencyCode'],
];
const CARD_FIELDS: FieldDef[] = [...CARD_MAP.map(([field]) => field), { name: 'Last_Date_Modified', type: 'date', readOnly: true }];

/** API field names accepted by store.updateCustomer. */
const API_NAME: Partial<Record<keyof CustomerRec, string>> = {
	displayName: 'displayName',
	addressLine1: 'addressLine1',
	addressLine2: 'addressLine2',
	postalCode: 'postalCode',
	city: 'city',
	state: 'state',
	country: 'country',
	phoneNumber: 'phoneNumber',
	email: 'email',
	taxRegistrationNumber: 'taxRegistrationNumber',
	blocked: 'blocked',
};

function customerCardDef(store: BcStore, serviceName: string): EntityDef<ApiScope> {
	return {
		entitySet: serviceName,
		entityType: serviceName,
		caption: 'Customer',
		keyField: 'No',
		keyType: 'string',
		keyOf: (rec) => String(rec.number),
		keyLabel: 'No.',
		fields: CARD_FIELDS,
		methods: { patch: true },
		toJson: (rec) => {
			const c = rec as CustomerRec;
			const out: AnyRecord = {};
			for (const [field, key] of CARD_MAP) out[field.name] = c[key];
			out.Last_Date_Modified = c.lastModifiedDateTime.slice(0, 10);
			return out;
		},
		etag: (rec) => store.etag({ id: String(rec.id), version: Number(rec.version) }),
		orderKey: (rec) => String(rec.number),
		update: (scope, rec, body) => {
			const cd = companyOf(scope);
			const customer = rec as CustomerRec;
			const draft: CustomerRec = { ...customer };
			const apiValues: AnyRecord = {};
			for (const [field, key] of CARD_MAP) {
				if (body[field.name] === undefined) continue;
				const apiName = API_NAME[key];
				if (apiName) apiValues[apiName] = body[field.name];
			}
			if (Object.keys(apiValues).length > 0) store.updateCustomer(cd, draft, apiValues);
			store.setPostingGroups(cd, draft, {
				customerPostingGroup: body.Customer_Posting_Group,
				genBusPostingGroup: body.Gen_Bus_Posting_Group,
				vatBusPostingGroup: body.VAT_Bus_Posting_Group,
			});
			if (body.Payment_Terms_Code !== undefined) {
				if (body.Payment_Terms_Code !== '' && !cd.paymentTerms.some((p) => p.code === body.Payment_Terms_Code)) {
					throw tableRelationError('Payment Terms Code', 'Customer', body.Payment_Terms_Code, 'Payment Terms');
				}
				draft.paymentTermsCode = body.Payment_Terms_Code;
			}
			if (body.Currency_Code !== undefined) {
				if (body.Currency_Code !== '' && !cd.currencies.some((c) => c.code === body.Currency_Code)) {
					throw tableRelationError('Currency Code', 'Customer', body.Currency_Code, 'Currency');
				}
				draft.currencyCode = body.Currency_Code;
			}
			if (body.Prices_Including_VAT !== undefined) draft.pricesIncludingVat = body.Prices_Including_VAT;
			Object.assign(customer, draft);
			store.touch(customer);
		},
	};
}

const COMPANY_FIELDS: FieldDef[] = [
	text('Name', 30, true),
	{ name: 'Evaluation_Company', type: 'boolean', readOnly: true },
	text('Display_Name', 250, true),
	{ name: 'Id', type: 'guid', readOnly: true },
	text('Business_Profile_Id', 250, true),
];

/** Roots of the OData V4 service: `Company('<name>')/<serviceName>`. */
export function buildODataV4Roots(store: BcStore, serviceName: string | null): Record<string, EntityDef<ApiScope>> {
	const card = serviceName ? customerCardDef(store, serviceName) : undefined;
	const company: EntityDef<ApiScope> = {
		entitySet: 'Company',
		entityType: 'Company',
		caption: 'Company',
		keyField: 'Name',
		keyType: 'string',
		keyOf: (rec) => String(rec.name),
		keyLabel: 'Name',
		fields: COMPANY_FIELDS,
		methods: {},
		toJson: (rec) => {
			const c = rec as CompanyRec;
			return { Name: c.name, Evaluation_Company: false, Display_Name: c.displayName, Id: c.id, Business_Profile_Id: c.businessProfileId };
		},
		etag: (rec) => store.etag({ id: String(rec.id), version: Number(rec.version) }),
		orderKey: (rec) => String(rec.name),
		enter: (rec, scope) => ({ ...scope, cd: store.company(String(rec.id)) }),
		rootList: () => store.companies.map((c) => c.company),
		navs: card && serviceName ? { [serviceName]: { target: () => card, many: true, list: (_rec, scope) => companyOf(scope).customers } } : {},
	};
	return { Company: company };
}

/** Roots of the custom API route: `companies(<id>)/<entitySet>` with the three posting groups. */
export function buildCustomApiRoots(store: BcStore, companies: EntityDef<ApiScope>, route: CustomApiRoute): Record<string, EntityDef<ApiScope>> {
	const fields: FieldDef[] = [
		{ name: 'id', type: 'guid', readOnly: true },
		code('number', 20, true),
		text('displayName', 100, true),
		code('customerPostingGroup', 20),
		code('genBusPostingGroup', 20),
		code('vatBusPostingGroup', 20),
		{ name: 'lastModifiedDateTime', type: 'datetime', readOnly: true },
	];
	const entityType = route.entitySet.replace(/s$/, '');
	const def: EntityDef<ApiScope> = {
		entitySet: route.entitySet,
		entityType,
		caption: 'Customer',
		keyField: 'id',
		keyType: 'guid',
		fields,
		methods: { patch: true },
		toJson: (rec) => {
			const out: AnyRecord = {};
			for (const field of fields) out[field.name] = rec[field.name];
			return out;
		},
		etag: (rec) => store.etag({ id: String(rec.id), version: Number(rec.version) }),
		orderKey: (rec) => String(rec.number),
		update: (scope, rec, body) => store.setPostingGroups(companyOf(scope), rec as CustomerRec, body),
	};
	return {
		companies: {
			...companies,
			navs: { [route.entitySet]: { target: () => def, many: true, list: (_rec, scope) => companyOf(scope).customers } },
		},
	};
}
