/**
 * In-memory Business Central (`sim.data`): companies with their customers, items, sales documents, posted
 * shipments, item ledger entries and attachments, plus the business rules the API exercises (number series,
 * posting groups copied from the customer, posting checks, inventory as the sum of item ledger entries).
 * Every rule that throws uses a BC-shaped error (errors.ts).
 */
import { createHash } from 'node:crypto';
import { Random, round2 } from '../simulator-core/prng';
import {
	bcError,
	dialogError,
	duplicateKey,
	recordNotFound,
	tableRelationError,
	testFieldError,
	type BcError,
} from './errors';
import type {
	Address,
	CodeRec,
	CompanyRec,
	CountryRec,
	CurrencyRec,
	CustomerRec,
	DocumentAttachmentRec,
	ItemLedgerEntryRec,
	ItemRec,
	NumberSeries,
	PaymentTermsRec,
	PostedInvoiceRec,
	PostingGroupCode,
	SalesDocKind,
	SalesDocRec,
	SalesLineRec,
	SalesLineType,
	ShipmentLineRec,
	ShipmentRec,
	VatProdGroupRec,
	Versioned,
} from './model';
import type { ApiTemplate } from './types';

export const BLANK_GUID = '00000000-0000-0000-0000-000000000000';
export const BLANK_DATE = '0001-01-01';

export type SeriesName = 'customer' | 'salesOrder' | 'salesShipment' | 'salesInvoice' | 'salesCreditMemo' | 'salesReturnOrder';

export interface CompanyData {
	company: CompanyRec;
	/** Local currency code (LCY); documents in LCY have currencyCode '' internally. */
	lcyCode: string;
	customers: CustomerRec[];
	items: ItemRec[];
	salesOrders: SalesDocRec[];
	salesReturnOrders: SalesDocRec[];
	salesCreditMemos: SalesDocRec[];
	salesShipments: ShipmentRec[];
	postedInvoices: PostedInvoiceRec[];
	documentAttachments: DocumentAttachmentRec[];
	itemLedgerEntries: ItemLedgerEntryRec[];
	countries: CountryRec[];
	currencies: CurrencyRec[];
	paymentTerms: PaymentTermsRec[];
	shipmentMethods: CodeRec[];
	paymentMethods: CodeRec[];
	/** In VAT countries the taxAreas API lists the VAT Bus. Posting Groups. */
	taxAreas: CodeRec[];
	postingGroups: { customer: PostingGroupCode[]; genBus: PostingGroupCode[]; vatBus: PostingGroupCode[] };
	vatProdGroups: VatProdGroupRec[];
	glAccounts: Array<{ id: string; number: string; displayName: string }>;
	numberSeries: Record<SeriesName, NumberSeries>;
	nextEntryNumber: number;
}

export interface BcSeedInfo {
	seed: number;
	now: string;
	mainCompanyId: string;
	mainCompanyName: string;
	secondCompanyId: string;
	secondCompanyName: string;
	/** Numbers of the fixed customers of the main company. */
	customers: {
		defaultDomestic: string;
		defaultEu: string;
		foreign: string;
		blocked: string;
		withoutPostingGroups: string;
	};
	blockedItemNumber: string;
	serviceItemNumber: string;
	/** Item numbers mirrored from the OTTO simulator's products (OTTO SKU = BC item number, EAN = GTIN). */
	ottoSkus: string[];
	/** G/L accounts usable on `Account` lines. */
	glAccounts: string[];
	openOrderNumbers: string[];
	shippedOrderNumbers: string[];
}

export interface PostShipmentOptions {
	lines?: Array<{ sequence?: number; lineObjectNumber?: string; quantity: number }>;
	postingDate?: string;
	shipmentMethodCode?: string;
	packageTrackingNo?: string;
	shippingAgentCode?: string;
	returnTrackingNo?: string;
}

/** What BC's "Update Document" on a posted shipment (and the extension's return field) may change. */
export interface ShipmentTrackingUpdate {
	packageTrackingNo?: string;
	shippingAgentCode?: string;
	returnTrackingNo?: string;
}

export interface ReturnOrderSpec {
	customerNumber?: string;
	shipmentNumber?: string;
	externalDocumentNumber?: string;
	documentDate?: string;
	lines?: Array<{ lineObjectNumber: string; quantity: number; unitPrice?: number; description?: string }>;
}

const DOC_TYPE_LABEL: Record<SalesDocKind, string> = { order: 'Order', creditMemo: 'Credit Memo', returnOrder: 'Return Order' };

export function emptyAddress(): Address {
	return { addressLine1: '', addressLine2: '', city: '', country: '', state: '', postCode: '' };
}

export function todayOf(date: Date): string {
	return date.toISOString().slice(0, 10);
}

export function formatNumber(series: NumberSeries, value: number): string {
	return `${series.prefix}${String(value).padStart(series.width, '0')}`;
}

export class BcStore {
	companies: CompanyData[] = [];
	info!: BcSeedInfo;
	private versionSeq = 0;
	private idRng = new Random(1);

	/** Replace all data (seed.ts builds it through this store so the business rules apply while seeding). */
	load(state: { companies: CompanyData[]; info: BcSeedInfo }): void {
		this.companies = state.companies;
		this.info = state.info;
		this.idRng = new Random(state.info.seed * 7 + 5);
	}

	// --- basics -------------------------------------------------------------------------------------

	newId(): string {
		return this.idRng.uuid();
	}

	nowIso(): string {
		return new Date().toISOString();
	}

	today(): string {
		return todayOf(new Date());
	}

	/** Mark a record changed: new version (ETag) and lastModifiedDateTime. */
	touch(rec: { version: number; lastModifiedDateTime: string }): void {
		rec.version = ++this.versionSeq;
		rec.lastModifiedDateTime = this.nowIso();
	}

	nextVersion(): number {
		return ++this.versionSeq;
	}

	/** BC-looking weak ETag derived from the record version (changes on every modification). */
	etag(rec: { id: string; version: number }): string {
		const digits = createHash('sha256').update(`${rec.id}:${rec.version}`).digest().readBigUInt64BE(0).toString().padStart(20, '0');
		return `W/"${Buffer.from(`'20;${digits};00;'`, 'utf8').toString('base64')}"`;
	}

	company(idOrName: string): CompanyData | undefined {
		const lower = idOrName.toLowerCase();
		return this.companies.find((c) => c.company.id === lower) ?? this.companies.find((c) => c.company.name === idOrName);
	}

	mainCompany(): CompanyData {
		return this.companies[0];
	}

	private takeNumber(cd: CompanyData, name: SeriesName): string {
		const series = cd.numberSeries[name];
		const value = series.next;
		series.next += series.step;
		return formatNumber(series, value);
	}

	// --- lookups ------------------------------------------------------------------------------------

	customerById(cd: CompanyData, id: string): CustomerRec | undefined {
		return cd.customers.find((c) => c.id === id.toLowerCase());
	}

	customerByNumber(cd: CompanyData, number: string): CustomerRec | undefined {
		return cd.customers.find((c) => c.number === number.toUpperCase());
	}

	itemByNumber(cd: CompanyData, number: string): ItemRec | undefined {
		return cd.items.find((i) => i.number === number.toUpperCase());
	}

	orderByNumber(cd: CompanyData, number: string): SalesDocRec | undefined {
		return cd.salesOrders.find((o) => o.number === number.toUpperCase());
	}

	currencyCodeToApi(cd: CompanyData, code: string): string {
		return code === '' ? cd.lcyCode : code;
	}

	currencyIdOf(cd: CompanyData, code: string): string {
		return cd.currencies.find((c) => c.code === code)?.id ?? BLANK_GUID;
	}

	codeId(list: CodeRec[], code: string): string {
		return list.find((c) => c.code === code)?.id ?? BLANK_GUID;
	}

	taxAreaOf(cd: CompanyData, vatBusPostingGroup: string): CodeRec | undefined {
		return cd.taxAreas.find((t) => t.code === vatBusPostingGroup);
	}

	/** Normalize a currency code from a request: LCY code or '' → '', others must exist. */
	private currencyFromCode(cd: CompanyData, code: string, err: () => BcError): string {
		if (code === '' || code === cd.lcyCode) return '';
		if (!cd.currencies.some((c) => c.code === code)) throw err();
		return code;
	}

	private checkCountry(cd: CompanyData, code: string, table: string, field = 'Country/Region Code'): void {
		if (code !== '' && !cd.countries.some((c) => c.code === code)) throw tableRelationError(field, table, code, 'Country/Region');
	}

	// --- customers ----------------------------------------------------------------------------------

	/** Apply `values` (already type-checked API fields) to a customer, validating references. */
	private applyCustomerValues(cd: CompanyData, rec: CustomerRec, values: Record<string, any>): void {
		const simple = [
			'displayName',
			'type',
			'addressLine1',
			'addressLine2',
			'city',
			'state',
			'postalCode',
			'phoneNumber',
			'email',
			'website',
			'salespersonCode',
			'creditLimit',
			'taxLiable',
			'taxRegistrationNumber',
			'blocked',
		] as const;
		if (values.displayName !== undefined && values.displayName.trim() === '') throw dialogError('The blank "displayName" is not allowed.');
		for (const key of simple) if (values[key] !== undefined) (rec as any)[key] = values[key];
		if (values.country !== undefined) {
			this.checkCountry(cd, values.country, 'Customer');
			rec.country = values.country;
		}
		if (values.currencyId !== undefined) {
			if (values.currencyId === BLANK_GUID) rec.currencyCode = '';
			else {
				const cur = cd.currencies.find((c) => c.id === values.currencyId);
				if (!cur) throw dialogError('The "currencyId" does not match to a Currency.');
				rec.currencyCode = cur.code;
			}
		}
		if (values.currencyCode !== undefined) {
			rec.currencyCode = this.currencyFromCode(cd, values.currencyCode, () => dialogError('The "currencyCode" does not match to a Currency.'));
		}
		const byId = (list: CodeRec[], id: string, field: string, entity: string) => {
			if (id === BLANK_GUID) return '';
			const hit = list.find((c) => c.id === id);
			if (!hit) throw dialogError(`The "${field}" does not match to a ${entity}.`);
			return hit.code;
		};
		if (values.paymentTermsId !== undefined) rec.paymentTermsCode = byId(cd.paymentTerms, values.paymentTermsId, 'paymentTermsId', 'Payment Terms');
		if (values.shipmentMethodId !== undefined) rec.shipmentMethodCode = byId(cd.shipmentMethods, values.shipmentMethodId, 'shipmentMethodId', 'Shipment Method');
		if (values.paymentMethodId !== undefined) rec.paymentMethodCode = byId(cd.paymentMethods, values.paymentMethodId, 'paymentMethodId', 'Payment Method');
		if (values.taxAreaId !== undefined) {
			// VAT countries: the tax area is the VAT Bus. Posting Group
			if (values.taxAreaId === BLANK_GUID) rec.vatBusPostingGroup = '';
			else {
				const area = cd.taxAreas.find((t) => t.id === values.taxAreaId);
				if (!area) throw dialogError('The "taxAreaId" does not match to a Tax Area.');
				rec.vatBusPostingGroup = area.code;
			}
		}
	}

	/** The API template (API Setup) that applies to a new customer, if any. */
	pickTemplate(templates: readonly ApiTemplate[], country: string): ApiTemplate | undefined {
		return [...templates]
			.sort((a, b) => a.order - b.order)
			.find((t) => {
				const c = t.conditions?.country;
				if (c === undefined) return true;
				return (Array.isArray(c) ? c : [c]).map((x) => x.toUpperCase()).includes(country);
			});
	}

	createCustomer(cd: CompanyData, values: Record<string, any>, templates: readonly ApiTemplate[] = []): CustomerRec {
		if (values.displayName === undefined) throw dialogError('A "displayName" must be provided.');
		let number: string;
		if (values.number !== undefined && values.number !== '') {
			number = values.number;
			if (this.customerByNumber(cd, number)) throw duplicateKey('Customer', `No.='${number}'`);
		} else {
			do number = this.takeNumber(cd, 'customer');
			while (this.customerByNumber(cd, number));
		}
		const rec: CustomerRec = {
			id: this.newId(),
			version: 0,
			lastModifiedDateTime: '',
			number,
			displayName: '',
			type: 'Company',
			addressLine1: '',
			addressLine2: '',
			city: '',
			state: '',
			country: '',
			postalCode: '',
			phoneNumber: '',
			email: '',
			website: '',
			salespersonCode: '',
			balanceDue: 0,
			creditLimit: 0,
			taxLiable: false,
			taxRegistrationNumber: '',
			currencyCode: '',
			paymentTermsCode: '',
			shipmentMethodCode: '',
			paymentMethodCode: '',
			blocked: ' ',
			customerPostingGroup: '',
			genBusPostingGroup: '',
			vatBusPostingGroup: '',
			pricesIncludingVat: false,
		};
		this.applyCustomerValues(cd, rec, values);
		const template = this.pickTemplate(templates, rec.country);
		if (template) {
			const f = template.fields;
			rec.appliedTemplate = template.code;
			if (f.customerPostingGroup !== undefined) rec.customerPostingGroup = f.customerPostingGroup;
			if (f.genBusPostingGroup !== undefined) rec.genBusPostingGroup = f.genBusPostingGroup;
			if (f.vatBusPostingGroup !== undefined && values.taxAreaId === undefined) rec.vatBusPostingGroup = f.vatBusPostingGroup;
			if (f.paymentTermsCode !== undefined && values.paymentTermsId === undefined) rec.paymentTermsCode = f.paymentTermsCode;
			if (f.pricesIncludingVat !== undefined) rec.pricesIncludingVat = f.pricesIncludingVat;
			if (f.currencyCode !== undefined && values.currencyId === undefined && values.currencyCode === undefined) {
				rec.currencyCode = f.currencyCode === cd.lcyCode ? '' : f.currencyCode;
			}
			if (f.taxLiable !== undefined && values.taxLiable === undefined) rec.taxLiable = f.taxLiable;
		}
		this.touch(rec);
		cd.customers.push(rec);
		return rec;
	}

	updateCustomer(cd: CompanyData, rec: CustomerRec, values: Record<string, any>): void {
		if (values.number !== undefined && values.number !== rec.number) {
			if (values.number === '') throw dialogError('The "number" cannot be blank.');
			if (this.customerByNumber(cd, values.number)) throw duplicateKey('Customer', `No.='${values.number}'`);
		}
		const copy = { ...rec };
		this.applyCustomerValues(cd, copy, values);
		if (values.number !== undefined) copy.number = values.number;
		Object.assign(rec, copy);
		this.touch(rec);
	}

	deleteCustomer(cd: CompanyData, rec: CustomerRec): void {
		if (cd.salesOrders.some((o) => o.customerId === rec.id)) {
			throw dialogError(`You cannot delete Customer ${rec.number} because there is at least one outstanding Sales Order for this customer.`);
		}
		cd.customers.splice(cd.customers.indexOf(rec), 1);
		cd.documentAttachments = cd.documentAttachments.filter((a) => a.parentId !== rec.id);
	}

	/** Set posting groups (Customer Card page / custom API); codes must exist. */
	setPostingGroups(
		cd: CompanyData,
		rec: CustomerRec,
		groups: { customerPostingGroup?: string; genBusPostingGroup?: string; vatBusPostingGroup?: string },
	): void {
		this.checkPostingGroups(cd, groups);
		if (groups.customerPostingGroup !== undefined) rec.customerPostingGroup = groups.customerPostingGroup;
		if (groups.genBusPostingGroup !== undefined) rec.genBusPostingGroup = groups.genBusPostingGroup;
		if (groups.vatBusPostingGroup !== undefined) rec.vatBusPostingGroup = groups.vatBusPostingGroup;
		this.touch(rec);
	}

	/** Throws the table-relation error BC gives for an unknown posting group code. */
	checkPostingGroups(cd: CompanyData, groups: { customerPostingGroup?: string; genBusPostingGroup?: string; vatBusPostingGroup?: string }): void {
		const check = (value: string | undefined, list: PostingGroupCode[], field: string, related: string) => {
			if (value === undefined || value === '') return;
			if (!list.some((g) => g.code === value)) throw tableRelationError(field, 'Customer', value, related);
		};
		check(groups.customerPostingGroup, cd.postingGroups.customer, 'Customer Posting Group', 'Customer Posting Group');
		check(groups.genBusPostingGroup, cd.postingGroups.genBus, 'Gen. Bus. Posting Group', 'Gen. Business Posting Group');
		check(groups.vatBusPostingGroup, cd.postingGroups.vatBus, 'VAT Bus. Posting Group', 'VAT Business Posting Group');
	}

	// --- items & inventory ----------------------------------------------------------------------------

	/** Add an item ledger entry and keep `inventory` equal to the sum of quantities. */
	addLedgerEntry(cd: CompanyData, entry: Omit<ItemLedgerEntryRec, 'id' | 'version' | 'lastModifiedDateTime' | 'entryNumber'>): ItemLedgerEntryRec {
		const rec: ItemLedgerEntryRec = { id: this.newId(), version: 0, lastModifiedDateTime: '', entryNumber: cd.nextEntryNumber++, ...entry };
		this.touch(rec);
		cd.itemLedgerEntries.push(rec);
		const item = this.itemByNumber(cd, entry.itemNumber);
		if (item) item.inventory = round2(item.inventory + entry.quantity);
		return rec;
	}

	/** Set the quantity on hand through a positive/negative adjustment entry (the item record is not modified). */
	setInventory(cd: CompanyData, item: ItemRec, inventory: number, postingDate = this.today()): ItemLedgerEntryRec | undefined {
		const delta = round2(inventory - item.inventory);
		if (delta === 0) return undefined;
		return this.addLedgerEntry(cd, {
			itemNumber: item.number,
			postingDate,
			entryType: delta > 0 ? 'Positive Adjmt.' : 'Negative Adjmt.',
			sourceNumber: '',
			sourceType: '',
			documentNumber: `ADJ${String(cd.nextEntryNumber).padStart(6, '0')}`,
			documentType: '',
			description: 'Inventory adjustment (simulator)',
			quantity: delta,
			salesAmountActual: 0,
			costAmountActual: round2(delta * item.unitCost),
		});
	}

	upsertItem(cd: CompanyData, values: Partial<ItemRec> & { number: string; inventory?: number }): ItemRec {
		const number = values.number.trim().toUpperCase();
		let item = this.itemByNumber(cd, number);
		const { inventory, ...rest } = values;
		if (!item) {
			item = {
				id: this.newId(),
				version: 0,
				lastModifiedDateTime: '',
				number,
				displayName: number,
				displayName2: '',
				type: 'Inventory',
				itemCategoryCode: '',
				blocked: false,
				gtin: '',
				inventory: 0,
				unitPrice: 0,
				priceIncludesTax: false,
				unitCost: 0,
				vatProdPostingGroup: cd.vatProdGroups[0]?.code ?? '',
				baseUnitOfMeasureCode: 'PCS',
				generalProductPostingGroupCode: 'RETAIL',
				inventoryPostingGroupCode: 'RESALE',
			};
			cd.items.push(item);
		}
		Object.assign(item, { ...rest, number, id: item.id, inventory: item.inventory });
		this.touch(item);
		if (inventory !== undefined) this.setInventory(cd, item, inventory);
		return item;
	}

	// --- sales documents ----------------------------------------------------------------------------

	vatRate(cd: CompanyData, vatBus: string, vatProd: string): number {
		const domestic = cd.postingGroups.vatBus[0]?.code ?? '';
		if (vatBus !== '' && vatBus !== domestic) return 0;
		return cd.vatProdGroups.find((g) => g.code === vatProd)?.domesticRate ?? 0;
	}

	lineAmounts(doc: SalesDocRec, line: SalesLineRec): {
		lineAmount: number;
		amountExcludingTax: number;
		totalTaxAmount: number;
		amountIncludingTax: number;
	} {
		const lineAmount = round2(line.quantity * line.unitPrice - line.discountAmount);
		if (doc.pricesIncludeTax) {
			const excl = round2(lineAmount / (1 + line.taxPercent / 100));
			return { lineAmount, amountExcludingTax: excl, totalTaxAmount: round2(lineAmount - excl), amountIncludingTax: lineAmount };
		}
		const tax = round2((lineAmount * line.taxPercent) / 100);
		return { lineAmount, amountExcludingTax: lineAmount, totalTaxAmount: tax, amountIncludingTax: round2(lineAmount + tax) };
	}

	docTotals(doc: SalesDocRec): { totalAmountExcludingTax: number; totalTaxAmount: number; totalAmountIncludingTax: number } {
		let excl = 0;
		let tax = 0;
		for (const line of doc.lines) {
			const a = this.lineAmounts(doc, line);
			excl += a.amountExcludingTax;
			tax += a.totalTaxAmount;
		}
		return { totalAmountExcludingTax: round2(excl), totalTaxAmount: round2(tax), totalAmountIncludingTax: round2(excl + tax) };
	}

	private resolveSellTo(cd: CompanyData, values: Record<string, any>): CustomerRec {
		const { customerId, customerNumber } = values;
		if ((customerId === undefined || customerId === BLANK_GUID) && (customerNumber === undefined || customerNumber === '')) {
			throw dialogError('A "customerNumber" or a "customerId" must be provided.');
		}
		const byId = customerId !== undefined && customerId !== BLANK_GUID ? this.customerById(cd, customerId) : undefined;
		const byNo = customerNumber ? this.customerByNumber(cd, customerNumber) : undefined;
		if (byId && byNo && byId !== byNo) throw dialogError('The sell-to customer values do not match to a specific Customer.');
		const customer = byId ?? byNo;
		if (!customer) throw dialogError('The sell-to customer cannot be found.');
		return customer;
	}

	private addressFrom(values: Record<string, any>, prefix: string, base: Address): Address {
		const pick = (suffix: string, key: keyof Address) => (values[`${prefix}${suffix}`] !== undefined ? values[`${prefix}${suffix}`] : base[key]);
		return {
			addressLine1: pick('AddressLine1', 'addressLine1'),
			addressLine2: pick('AddressLine2', 'addressLine2'),
			city: pick('City', 'city'),
			country: pick('Country', 'country'),
			state: pick('State', 'state'),
			postCode: pick('PostCode', 'postCode'),
		};
	}

	private customerAddress(c: CustomerRec): Address {
		return { addressLine1: c.addressLine1, addressLine2: c.addressLine2, city: c.city, country: c.country, state: c.state, postCode: c.postalCode };
	}

	private listFor(cd: CompanyData, kind: SalesDocKind): SalesDocRec[] {
		return kind === 'order' ? cd.salesOrders : kind === 'creditMemo' ? cd.salesCreditMemos : cd.salesReturnOrders;
	}

	/** Create a sales document with its lines atomically (a failing line creates nothing). */
	createSalesDoc(cd: CompanyData, kind: SalesDocKind, values: Record<string, any>, lines: Array<Record<string, any>> = []): SalesDocRec {
		const series: SeriesName = kind === 'order' ? 'salesOrder' : kind === 'creditMemo' ? 'salesCreditMemo' : 'salesReturnOrder';
		if (values.number !== undefined && values.number !== '' && !cd.numberSeries[series].manualNos) {
			throw dialogError(
				`You may not enter numbers manually. If you want to enter numbers manually, please activate Manual Nos. in No. Series ${cd.numberSeries[series].code}.`,
			);
		}
		const customer = this.resolveSellTo(cd, values);
		if (customer.blocked === 'All') throw dialogError(`You cannot create this type of document when Customer ${customer.number} is blocked with type All`);
		const today = this.today();
		const docDate = values.orderDate ?? values.creditMemoDate ?? values.documentDate ?? today;
		const sellTo = this.addressFrom(values, 'sellTo', this.customerAddress(customer));
		const shipTo = this.addressFrom(values, 'shipTo', sellTo);
		const billTo = this.addressFrom(values, 'billTo', this.customerAddress(customer));
		for (const [addr, field] of [
			[sellTo, 'Sell-to Country/Region Code'],
			[shipTo, 'Ship-to Country/Region Code'],
			[billTo, 'Bill-to Country/Region Code'],
		] as const) {
			this.checkCountry(cd, addr.country, 'Sales Header', field);
		}
		let currencyCode = customer.currencyCode;
		if (values.currencyCode !== undefined) {
			currencyCode = this.currencyFromCode(cd, values.currencyCode, () => dialogError('The "currencyCode" does not match to a Currency.'));
		}
		if (values.currencyId !== undefined && values.currencyId !== BLANK_GUID) {
			const cur = cd.currencies.find((c) => c.id === values.currencyId);
			if (!cur) throw dialogError('The "currencyId" does not match to a Currency.');
			currencyCode = cur.code;
		}
		let paymentTermsCode = customer.paymentTermsCode;
		if (values.paymentTermsId !== undefined && values.paymentTermsId !== BLANK_GUID) {
			const pt = cd.paymentTerms.find((p) => p.id === values.paymentTermsId);
			if (!pt) throw dialogError('The "paymentTermsId" does not match to a Payment Terms.');
			paymentTermsCode = pt.code;
		}
		let shipmentMethodCode = customer.shipmentMethodCode;
		if (values.shipmentMethodId !== undefined && values.shipmentMethodId !== BLANK_GUID) {
			const sm = cd.shipmentMethods.find((p) => p.id === values.shipmentMethodId);
			if (!sm) throw dialogError('The "shipmentMethodId" does not match to a Shipment Method.');
			shipmentMethodCode = sm.code;
		}
		const doc: SalesDocRec = {
			id: this.newId(),
			version: 0,
			lastModifiedDateTime: '',
			kind,
			number: '',
			externalDocumentNumber: values.externalDocumentNumber ?? '',
			documentDate: docDate,
			postingDate: values.postingDate ?? docDate,
			dueDate: values.dueDate ?? docDate,
			requestedDeliveryDate: values.requestedDeliveryDate ?? BLANK_DATE,
			customerId: customer.id,
			customerNumber: customer.number,
			customerName: customer.displayName,
			billToCustomerId: customer.id,
			billToCustomerNumber: customer.number,
			billToName: values.billToName ?? customer.displayName,
			shipToName: values.shipToName ?? customer.displayName,
			shipToContact: values.shipToContact ?? '',
			sellTo,
			billTo,
			shipTo,
			currencyCode,
			pricesIncludeTax: customer.pricesIncludingVat,
			paymentTermsCode,
			shipmentMethodCode,
			salesperson: values.salesperson ?? customer.salespersonCode,
			partialShipping: values.partialShipping ?? true,
			discountAmount: values.discountAmount ?? 0,
			status: kind === 'returnOrder' ? 'Open' : 'Draft',
			phoneNumber: values.phoneNumber ?? customer.phoneNumber,
			email: values.email ?? customer.email,
			shortcutDimension1Code: values.shortcutDimension1Code ?? '',
			shortcutDimension2Code: values.shortcutDimension2Code ?? '',
			customerPostingGroup: customer.customerPostingGroup,
			genBusPostingGroup: customer.genBusPostingGroup,
			vatBusPostingGroup: customer.vatBusPostingGroup,
			invoiceId: BLANK_GUID,
			invoiceNumber: '',
			lines: [],
		};
		if (kind === 'creditMemo' && (values.invoiceNumber || (values.invoiceId && values.invoiceId !== BLANK_GUID))) {
			const inv = cd.postedInvoices.find((i) => i.id === values.invoiceId || i.number === values.invoiceNumber);
			if (!inv) throw dialogError('The "invoiceId" does not match to an Invoice.');
			doc.invoiceId = inv.id;
			doc.invoiceNumber = inv.number;
		}
		const built: SalesLineRec[] = [];
		for (const lineValues of lines) built.push(this.buildLine(cd, doc, lineValues, built));
		doc.number = this.takeNumber(cd, series);
		doc.lines = built;
		this.touch(doc);
		for (const line of built) this.touch(line);
		this.listFor(cd, kind).push(doc);
		return doc;
	}

	updateSalesDoc(cd: CompanyData, doc: SalesDocRec, values: Record<string, any>): void {
		// validate on a draft so that a failing PATCH changes nothing
		const draft: SalesDocRec = { ...doc };
		if (values.number !== undefined && values.number !== draft.number) throw dialogError('The "number" cannot be changed.');
		if (values.customerId !== undefined || values.customerNumber !== undefined) {
			const customer = this.resolveSellTo(cd, { customerId: values.customerId ?? draft.customerId, customerNumber: values.customerNumber });
			if (customer.id !== draft.customerId) {
				if (draft.lines.length > 0) {
					throw bcError(
						400,
						'Application_CallbackNotAllowed',
						'The sell-to customer of a document with lines cannot be changed through the API: BC would ask for a confirmation (client callback).',
					);
				}
				draft.customerId = customer.id;
				draft.customerNumber = customer.number;
				draft.customerName = customer.displayName;
				draft.billToCustomerId = customer.id;
				draft.billToCustomerNumber = customer.number;
				draft.customerPostingGroup = customer.customerPostingGroup;
				draft.genBusPostingGroup = customer.genBusPostingGroup;
				draft.vatBusPostingGroup = customer.vatBusPostingGroup;
				draft.sellTo = this.customerAddress(customer);
			}
		}
		const simple = [
			'externalDocumentNumber',
			'postingDate',
			'dueDate',
			'requestedDeliveryDate',
			'billToName',
			'shipToName',
			'shipToContact',
			'salesperson',
			'partialShipping',
			'discountAmount',
			'phoneNumber',
			'email',
			'shortcutDimension1Code',
			'shortcutDimension2Code',
		] as const;
		for (const key of simple) if (values[key] !== undefined) (draft as any)[key] = values[key];
		const date = values.orderDate ?? values.creditMemoDate ?? values.documentDate;
		if (date !== undefined) draft.documentDate = date;
		draft.sellTo = this.addressFrom(values, 'sellTo', draft.sellTo);
		draft.shipTo = this.addressFrom(values, 'shipTo', draft.shipTo);
		draft.billTo = this.addressFrom(values, 'billTo', draft.billTo);
		this.checkCountry(cd, draft.shipTo.country, 'Sales Header', 'Ship-to Country/Region Code');
		if (values.currencyCode !== undefined) {
			draft.currencyCode = this.currencyFromCode(cd, values.currencyCode, () => dialogError('The "currencyCode" does not match to a Currency.'));
		}
		Object.assign(doc, draft);
		this.touch(doc);
	}

	deleteSalesDoc(cd: CompanyData, doc: SalesDocRec): void {
		const shipped = doc.lines.find((l) => l.shippedQuantity > l.invoicedQuantity);
		if (shipped) {
			throw testFieldError(
				`Qty. Shipped Not Invoiced must be equal to '0'  in Sales Line: Document Type=${DOC_TYPE_LABEL[doc.kind]}, Document No.=${doc.number}, Line No.=${shipped.sequence}. Current value is '${shipped.shippedQuantity - shipped.invoicedQuantity}'.`,
			);
		}
		const list = this.listFor(cd, doc.kind);
		list.splice(list.indexOf(doc), 1);
		cd.documentAttachments = cd.documentAttachments.filter((a) => a.parentId !== doc.id);
	}

	/** Validate and build a line (not yet attached). `siblings` are lines built in the same request. */
	buildLine(cd: CompanyData, doc: SalesDocRec, values: Record<string, any>, siblings: SalesLineRec[] = []): SalesLineRec {
		const all = [...doc.lines, ...siblings];
		const docLabel = `Document Type='${DOC_TYPE_LABEL[doc.kind]}',Document No.='${doc.number || '(new)'}'`;
		let sequence: number;
		if (values.sequence !== undefined && values.sequence !== 0) {
			sequence = values.sequence;
			if (all.some((l) => l.sequence === sequence)) throw duplicateKey('Sales Line', `${docLabel},Line No.='${sequence}'`);
		} else sequence = all.reduce((max, l) => Math.max(max, l.sequence), 0) + 10000;
		const lineType: SalesLineType = values.lineType ?? (values.itemId || values.lineObjectNumber || values.accountId ? 'Item' : 'Comment');
		const line: SalesLineRec = {
			id: this.newId(),
			version: 0,
			lastModifiedDateTime: '',
			documentId: doc.id,
			sequence,
			lineType,
			itemId: BLANK_GUID,
			accountId: BLANK_GUID,
			lineObjectNumber: '',
			description: '',
			description2: '',
			unitOfMeasureCode: '',
			quantity: 0,
			unitPrice: 0,
			discountAmount: 0,
			discountPercent: 0,
			taxPercent: 0,
			shipmentDate: doc.documentDate,
			shippedQuantity: 0,
			invoicedQuantity: 0,
			returnQtyReceived: 0,
		};
		this.applyLineValues(cd, doc, line, values, true);
		return line;
	}

	private applyLineValues(cd: CompanyData, doc: SalesDocRec, line: SalesLineRec, values: Record<string, any>, isNew: boolean): void {
		if (values.lineType !== undefined && !isNew && values.lineType !== line.lineType) {
			line.itemId = BLANK_GUID;
			line.accountId = BLANK_GUID;
			line.lineObjectNumber = '';
		}
		if (values.lineType !== undefined) line.lineType = values.lineType;
		const objectChanged = values.itemId !== undefined || values.lineObjectNumber !== undefined || values.accountId !== undefined;
		if (line.lineType === 'Item' && objectChanged) {
			let item: ItemRec | undefined;
			if (values.itemId !== undefined && values.itemId !== BLANK_GUID) {
				item = cd.items.find((i) => i.id === values.itemId);
				if (!item) throw dialogError('The "itemId" does not match to an Item.');
			} else {
				const number = String(values.lineObjectNumber ?? '');
				item = this.itemByNumber(cd, number);
				if (!item) throw tableRelationError('No.', 'Sales Line', number, 'Item');
			}
			if (item.blocked) throw testFieldError(`Blocked must be equal to 'No'  in Item: No.=${item.number}. Current value is 'Yes'.`);
			line.itemId = item.id;
			line.lineObjectNumber = item.number;
			line.description = values.description ?? item.displayName;
			line.description2 = values.description2 ?? item.displayName2;
			line.unitOfMeasureCode = values.unitOfMeasureCode ?? item.baseUnitOfMeasureCode;
			line.taxPercent = this.vatRate(cd, doc.vatBusPostingGroup, item.vatProdPostingGroup);
			if (values.unitPrice === undefined) {
				let price = item.unitPrice;
				const rate = line.taxPercent / 100;
				if (doc.pricesIncludeTax && !item.priceIncludesTax) price = round2(price * (1 + rate));
				if (!doc.pricesIncludeTax && item.priceIncludesTax) price = round2(price / (1 + rate));
				line.unitPrice = price;
			}
		} else if (line.lineType === 'Account' && objectChanged) {
			const account =
				values.accountId !== undefined && values.accountId !== BLANK_GUID
					? cd.glAccounts.find((a) => a.id === values.accountId)
					: cd.glAccounts.find((a) => a.number === String(values.lineObjectNumber ?? ''));
			if (!account) throw tableRelationError('No.', 'Sales Line', String(values.lineObjectNumber ?? values.accountId ?? ''), 'G/L Account');
			line.accountId = account.id;
			line.lineObjectNumber = account.number;
			line.description = values.description ?? account.displayName;
			line.taxPercent = this.vatRate(cd, doc.vatBusPostingGroup, cd.vatProdGroups[0]?.code ?? '');
		} else if (objectChanged && line.lineType !== 'Comment') {
			line.lineObjectNumber = String(values.lineObjectNumber ?? '');
		}
		for (const key of ['description', 'description2', 'unitOfMeasureCode', 'shipmentDate'] as const) {
			if (values[key] !== undefined) (line as any)[key] = values[key];
		}
		if (values.quantity !== undefined) {
			if (line.lineType === 'Comment' && values.quantity !== 0) throw testFieldError(`Type must not be   in Sales Line: Document Type=${DOC_TYPE_LABEL[doc.kind]}, Document No.=${doc.number}, Line No.=${line.sequence}`);
			if (values.quantity < line.shippedQuantity) {
				throw dialogError(`You cannot reduce Quantity to less than ${line.shippedQuantity} because this quantity has already been shipped.`);
			}
			line.quantity = values.quantity;
		}
		if (values.unitPrice !== undefined) line.unitPrice = values.unitPrice;
		if (values.discountPercent !== undefined) line.discountPercent = values.discountPercent;
		if (values.discountAmount !== undefined) line.discountAmount = values.discountAmount;
		else if (values.discountPercent !== undefined || values.quantity !== undefined || values.unitPrice !== undefined) {
			line.discountAmount = round2((line.quantity * line.unitPrice * line.discountPercent) / 100);
		}
	}

	addLine(cd: CompanyData, doc: SalesDocRec, values: Record<string, any>): SalesLineRec {
		const line = this.buildLine(cd, doc, values);
		this.touch(line);
		doc.lines.push(line);
		doc.lines.sort((a, b) => a.sequence - b.sequence);
		this.touch(doc);
		return line;
	}

	updateLine(cd: CompanyData, doc: SalesDocRec, line: SalesLineRec, values: Record<string, any>): void {
		if (values.sequence !== undefined && values.sequence !== line.sequence) throw dialogError('The "sequence" cannot be changed.');
		const copy = { ...line };
		this.applyLineValues(cd, doc, copy, values, false);
		Object.assign(line, copy);
		this.touch(line);
		this.touch(doc);
	}

	deleteLine(doc: SalesDocRec, line: SalesLineRec): void {
		if (line.shippedQuantity > line.invoicedQuantity) {
			throw testFieldError(
				`Qty. Shipped Not Invoiced must be equal to '0'  in Sales Line: Document Type=${DOC_TYPE_LABEL[doc.kind]}, Document No.=${doc.number}, Line No.=${line.sequence}. Current value is '${line.shippedQuantity - line.invoicedQuantity}'.`,
			);
		}
		doc.lines.splice(doc.lines.indexOf(line), 1);
		this.touch(doc);
	}

	// --- posting --------------------------------------------------------------------------------------

	private checkPostable(doc: SalesDocRec, requirePostingGroups: boolean, invoice: boolean, cd: CompanyData): void {
		const customer = this.customerById(cd, doc.customerId);
		if (customer && customer.blocked !== ' ' && (customer.blocked === 'All' || (customer.blocked === 'Ship' && doc.kind === 'order') || (customer.blocked === 'Invoice' && invoice))) {
			throw dialogError(`You cannot post this type of document when Customer ${customer.number} is blocked with type ${customer.blocked}`);
		}
		if (!requirePostingGroups) return;
		const header = `Sales Header: Document Type=${DOC_TYPE_LABEL[doc.kind]}, No.=${doc.number}`;
		if (doc.genBusPostingGroup === '') throw testFieldError(`Gen. Bus. Posting Group must have a value in ${header}. It cannot be zero or empty.`);
		if (doc.vatBusPostingGroup === '') throw testFieldError(`VAT Bus. Posting Group must have a value in ${header}. It cannot be zero or empty.`);
		if (invoice && doc.customerPostingGroup === '') throw testFieldError(`Customer Posting Group must have a value in ${header}. It cannot be zero or empty.`);
	}

	/** Post a (partial) sales shipment for an order, as the Post → Ship action does. */
	postShipment(cd: CompanyData, order: SalesDocRec, options: PostShipmentOptions = {}, requirePostingGroups = true): ShipmentRec {
		this.checkPostable(order, requirePostingGroups, false, cd);
		const shippable = (l: SalesLineRec) => l.lineType !== 'Comment' && l.quantity - l.shippedQuantity > 0;
		const plan: Array<{ line: SalesLineRec; quantity: number }> = [];
		if (options.lines && options.lines.length > 0) {
			for (const spec of options.lines) {
				const line = order.lines.find((l) =>
					spec.sequence !== undefined ? l.sequence === spec.sequence : l.lineObjectNumber === String(spec.lineObjectNumber ?? '').toUpperCase(),
				);
				if (!line) throw recordNotFound('Sales Line', `Document Type='Order',Document No.='${order.number}',Line No.='${spec.sequence ?? spec.lineObjectNumber}'`);
				const remaining = round2(line.quantity - line.shippedQuantity);
				if (spec.quantity > remaining) throw dialogError(`You cannot ship more than ${remaining} units.`);
				if (spec.quantity > 0) plan.push({ line, quantity: spec.quantity });
			}
		} else {
			for (const line of order.lines) if (shippable(line)) plan.push({ line, quantity: round2(line.quantity - line.shippedQuantity) });
		}
		if (plan.length === 0) throw dialogError('There is nothing to post.');
		const postingDate = options.postingDate ?? this.today();
		const number = this.takeNumber(cd, 'salesShipment');
		const shipment: ShipmentRec = {
			id: this.newId(),
			version: 0,
			lastModifiedDateTime: '',
			number,
			externalDocumentNumber: order.externalDocumentNumber,
			invoiceDate: BLANK_DATE,
			postingDate,
			dueDate: order.dueDate,
			customerPurchaseOrderReference: '',
			customerId: order.customerId,
			customerNumber: order.customerNumber,
			customerName: order.customerName,
			billToCustomerId: order.billToCustomerId,
			billToName: order.billToName,
			billToCustomerNumber: order.billToCustomerNumber,
			shipToName: order.shipToName,
			shipToContact: order.shipToContact,
			sellTo: { ...order.sellTo },
			billTo: { ...order.billTo },
			shipTo: { ...order.shipTo },
			currencyCode: order.currencyCode,
			orderId: order.id,
			orderNumber: order.number,
			paymentTermsCode: order.paymentTermsCode,
			shipmentMethodCode: options.shipmentMethodCode?.toUpperCase() ?? order.shipmentMethodCode,
			salesperson: order.salesperson,
			pricesIncludeTax: order.pricesIncludeTax,
			phoneNumber: order.phoneNumber,
			email: order.email,
			packageTrackingNo: options.packageTrackingNo ?? '',
			shippingAgentCode: options.shippingAgentCode?.toUpperCase() ?? '',
			returnTrackingNo: options.returnTrackingNo ?? '',
			lines: [],
		};
		const typeLabel = (t: SalesLineType) => (t === 'Account' ? 'G/L Account' : t === 'Charge' ? 'Charge (Item)' : t);
		for (const { line, quantity } of plan) {
			const sl: ShipmentLineRec = {
				id: this.newId(),
				documentId: shipment.id,
				documentNo: number,
				sequence: line.sequence,
				lineType: typeLabel(line.lineType),
				lineObjectNumber: line.lineObjectNumber,
				description: line.description,
				description2: line.description2,
				unitOfMeasureCode: line.unitOfMeasureCode,
				unitPrice: line.unitPrice,
				quantity,
				discountPercent: line.discountPercent,
				taxPercent: line.taxPercent,
				shipmentDate: postingDate,
				orderLineSequence: line.sequence,
			};
			shipment.lines.push(sl);
			line.shippedQuantity = round2(line.shippedQuantity + quantity);
			this.touch(line);
			if (line.lineType === 'Item') {
				const item = this.itemByNumber(cd, line.lineObjectNumber);
				if (item && item.type === 'Inventory') {
					this.addLedgerEntry(cd, {
						itemNumber: item.number,
						postingDate,
						entryType: 'Sale',
						sourceNumber: order.customerNumber,
						sourceType: 'Customer',
						documentNumber: number,
						documentType: 'Sales Shipment',
						description: line.description,
						quantity: -quantity,
						salesAmountActual: 0,
						costAmountActual: round2(-quantity * item.unitCost),
					});
				}
			}
		}
		this.touch(shipment);
		this.touch(order);
		cd.salesShipments.push(shipment);
		return shipment;
	}

	/** "Update Document" on a posted shipment: tracking data added after posting (the shipment's time stamp moves). */
	updateShipmentTracking(shipment: ShipmentRec, update: ShipmentTrackingUpdate): ShipmentRec {
		if (update.packageTrackingNo !== undefined) shipment.packageTrackingNo = update.packageTrackingNo;
		if (update.shippingAgentCode !== undefined) shipment.shippingAgentCode = update.shippingAgentCode.toUpperCase();
		if (update.returnTrackingNo !== undefined) shipment.returnTrackingNo = update.returnTrackingNo;
		this.touch(shipment);
		return shipment;
	}

	/** Bound action shipAndInvoice: ship what is left, invoice everything shipped; a fully posted order is deleted. */
	shipAndInvoice(cd: CompanyData, order: SalesDocRec, requirePostingGroups = true): { shipment?: ShipmentRec; invoice: PostedInvoiceRec } {
		this.checkPostable(order, requirePostingGroups, true, cd);
		const hasToShip = order.lines.some((l) => l.lineType !== 'Comment' && l.quantity > l.shippedQuantity);
		const shipment = hasToShip ? this.postShipment(cd, order, {}, requirePostingGroups) : undefined;
		const toInvoice = order.lines.filter((l) => l.shippedQuantity > l.invoicedQuantity);
		if (toInvoice.length === 0) throw dialogError('There is nothing to post.');
		let total = 0;
		for (const line of toInvoice) {
			const share = line.quantity === 0 ? 0 : (line.shippedQuantity - line.invoicedQuantity) / line.quantity;
			total += this.lineAmounts(order, line).amountIncludingTax * share;
			line.invoicedQuantity = line.shippedQuantity;
			this.touch(line);
		}
		const invoice: PostedInvoiceRec = {
			id: this.newId(),
			number: this.takeNumber(cd, 'salesInvoice'),
			orderNumber: order.number,
			externalDocumentNumber: order.externalDocumentNumber,
			customerNumber: order.customerNumber,
			postingDate: this.today(),
			totalAmountIncludingTax: round2(total),
		};
		cd.postedInvoices.push(invoice);
		const done = order.lines.every((l) => l.lineType === 'Comment' || (l.shippedQuantity >= l.quantity && l.invoicedQuantity >= l.quantity));
		if (done) {
			cd.salesOrders.splice(cd.salesOrders.indexOf(order), 1);
			cd.documentAttachments = cd.documentAttachments.filter((a) => a.parentId !== order.id);
		} else this.touch(order);
		return { shipment, invoice };
	}

	/** Bound action post on a credit memo: status Open; item lines return to inventory. */
	postCreditMemo(cd: CompanyData, memo: SalesDocRec, requirePostingGroups = true): void {
		if (memo.status !== 'Draft') throw dialogError('The action can be applied to a draft credit memo only.');
		if (!memo.lines.some((l) => l.lineType !== 'Comment' && l.quantity !== 0)) throw dialogError('There is nothing to post.');
		this.checkPostable(memo, requirePostingGroups, true, cd);
		for (const line of memo.lines) {
			if (line.lineType !== 'Item' || line.quantity === 0) continue;
			const item = this.itemByNumber(cd, line.lineObjectNumber);
			if (!item || item.type !== 'Inventory') continue;
			this.addLedgerEntry(cd, {
				itemNumber: item.number,
				postingDate: memo.postingDate,
				entryType: 'Sale',
				sourceNumber: memo.customerNumber,
				sourceType: 'Customer',
				documentNumber: memo.number,
				documentType: 'Sales Return Receipt',
				description: line.description,
				quantity: line.quantity,
				salesAmountActual: round2(-this.lineAmounts(memo, line).amountExcludingTax),
				costAmountActual: round2(line.quantity * item.unitCost),
			});
		}
		memo.status = 'Open';
		this.touch(memo);
	}

	/** Sales return order (read-only in API v2.0): created here as a user in BC would. */
	createReturnOrder(cd: CompanyData, spec: ReturnOrderSpec): SalesDocRec {
		let customerNumber = spec.customerNumber;
		let lines = spec.lines;
		let external = spec.externalDocumentNumber;
		if (spec.shipmentNumber) {
			const shipment = cd.salesShipments.find((s) => s.number === spec.shipmentNumber!.toUpperCase());
			if (!shipment) throw recordNotFound('Sales Shipment Header', `No.='${spec.shipmentNumber}'`);
			customerNumber ??= shipment.customerNumber;
			external ??= shipment.externalDocumentNumber;
			lines ??= shipment.lines
				.filter((l) => l.lineType === 'Item')
				.map((l) => ({ lineObjectNumber: l.lineObjectNumber, quantity: l.quantity, unitPrice: l.unitPrice, description: l.description }));
		}
		return this.createSalesDoc(
			cd,
			'returnOrder',
			{ customerNumber, externalDocumentNumber: external ?? '', documentDate: spec.documentDate },
			(lines ?? []).map((l) => ({ lineType: 'Item', ...l })),
		);
	}

	// --- attachments ------------------------------------------------------------------------------------

	parentExists(cd: CompanyData, parentType: string, parentId: string): boolean {
		switch (parentType) {
			case 'Sales Order':
				return cd.salesOrders.some((d) => d.id === parentId);
			case 'Sales Credit Memo':
				return cd.salesCreditMemos.some((d) => d.id === parentId);
			case 'Sales Return Order':
				return cd.salesReturnOrders.some((d) => d.id === parentId);
			case 'Customer':
				return cd.customers.some((d) => d.id === parentId);
			case 'Item':
				return cd.items.some((d) => d.id === parentId);
			default:
				return true;
		}
	}

	createAttachment(cd: CompanyData, values: Record<string, any>): DocumentAttachmentRec {
		if (!values.fileName) throw dialogError('The "fileName" must be provided.');
		const parentType = values.parentType ?? ' ';
		const parentId = values.parentId ?? BLANK_GUID;
		if (parentType !== ' ' && !this.parentExists(cd, parentType, parentId)) {
			throw dialogError(`The ${parentType} with the id ${parentId} cannot be found.`);
		}
		const siblings = cd.documentAttachments.filter((a) => a.parentId === parentId);
		const rec: DocumentAttachmentRec = {
			id: this.newId(),
			version: 0,
			lastModifiedDateTime: '',
			fileName: values.fileName,
			content: Buffer.alloc(0),
			contentType: 'application/octet-stream',
			parentType,
			parentId,
			lineNumber: values.lineNumber ?? siblings.reduce((m, a) => Math.max(m, a.lineNumber), 0) + 10000,
			documentFlowSales: values.documentFlowSales ?? false,
			documentFlowPurchase: values.documentFlowPurchase ?? false,
		};
		this.touch(rec);
		cd.documentAttachments.push(rec);
		return rec;
	}

	// --- state dump ---------------------------------------------------------------------------------------

	counts(): Record<string, number> {
		const cd = this.mainCompany();
		return {
			companies: this.companies.length,
			customers: cd.customers.length,
			items: cd.items.length,
			salesOrders: cd.salesOrders.length,
			salesShipments: cd.salesShipments.length,
			salesReturnOrders: cd.salesReturnOrders.length,
			salesCreditMemos: cd.salesCreditMemos.length,
			postedInvoices: cd.postedInvoices.length,
			documentAttachments: cd.documentAttachments.length,
			itemLedgerEntries: cd.itemLedgerEntries.length,
		};
	}

	/** JSON-able dump of everything (attachment bytes as size + sha256). */
	dump(): unknown {
		const strip = <T extends Versioned>(r: T) => {
			const { version, ...rest } = r as T & { version: number };
			void version;
			return rest;
		};
		return this.companies.map((cd) => ({
			id: cd.company.id,
			name: cd.company.name,
			customers: cd.customers.map((c) => strip(c)),
			items: cd.items.map((i) => strip(i)),
			salesOrders: cd.salesOrders.map((o) => ({ ...strip(o), lines: o.lines.map((l) => strip(l)), ...this.docTotals(o) })),
			salesShipments: cd.salesShipments.map((s) => strip(s)),
			salesReturnOrders: cd.salesReturnOrders.map((o) => ({ ...strip(o), lines: o.lines.map((l) => strip(l)) })),
			salesCreditMemos: cd.salesCreditMemos.map((o) => ({ ...strip(o), lines: o.lines.map((l) => strip(l)), ...this.docTotals(o) })),
			postedInvoices: cd.postedInvoices,
			documentAttachments: cd.documentAttachments.map(({ content, version, ...rest }) => {
				void version;
				return { ...rest, byteSize: content.length, sha256: createHash('sha256').update(content).digest('hex') };
			}),
			itemLedgerEntries: cd.itemLedgerEntries.map((e) => strip(e)),
			postingGroups: cd.postingGroups,
			numberSeries: cd.numberSeries,
		}));
	}
}
