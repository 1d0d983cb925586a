/**
 * Sales return orders as a seller's extension offers them, which API v2.0 cannot: `salesReturnOrders` is
 * read-only there, and no API v2.0 entity says what came back (posted return receipts are not exposed).
 *
 * The extension's API page (default on, as `…/api/mySeller/ottoMarket/v1.0/companies(<id>)/ottoReturnOrders`;
 * `config.returnOrderApi`, null = not installed):
 *  - `ottoReturnOrders`: GET (with `$filter`, `$expand=ottoReturnOrderLines`, paging) and POST with the lines
 *    inline (deep insert); the header over the Sales Header of document type Return Order.
 *  - `ottoReturnOrderLines`: its lines over the Sales Line, with BC's own `returnReasonCode` (Return Reason
 *    Code), `returnQtyReceived` (Return Qty. Received, set when the warehouse posts Receive) and two fields the
 *    extension adds to the line (a table extension): `ottoPositionItemId` and `ottoSalesOrderId`.
 *
 * What a warehouse worker does in BC is played by two control calls (`returnsControl`): Post → Receive
 * (`POST /__control/return-receipts`) and entering a Return Reason Code on lines (`POST /__control/return-reasons`).
 * Receiving here only raises the received quantity; no posted return receipt or item ledger entry is made.
 */
import { z } from 'zod';

import { formatZod } from '../simulator-core/faults';
import { round2 } from '../simulator-core/prng';
import { dialogError, recordNotFound, tableRelationError } from './errors';
import { companyOf, type ApiScope } from './entities';
import type { SalesDocRec, SalesLineRec } from './model';
import type { AnyRecord, EntityDef, FieldDef, NavDef } from './odata/engine';
import type { BcStore, CompanyData } from './store';
import type { CustomApiRoute } from './types';

/** The Return Reason codes of the simulated company (BC's Return Reasons table; a documented guess). */
export const RETURN_REASON_CODES = ['DAMAGED', 'DEFECTIVE', 'WRONG', 'NOTWANTED', 'REJECT'] as const;

/** The entity set of the lines (part of the return order page; fixed by the extension). */
export const RETURN_ORDER_LINES = 'ottoReturnOrderLines';

const code = (name: string, max: number, readOnly = false): FieldDef => ({ name, type: 'code', max, readOnly });
const text = (name: string, max: number, readOnly = false): FieldDef => ({ name, type: 'string', max, readOnly });
const dec = (name: string, readOnly = false): FieldDef => ({ name, type: 'decimal', readOnly });

const HEADER_FIELDS: FieldDef[] = [
	{ name: 'id', type: 'guid', readOnly: true },
	code('number', 20, true),
	code('externalDocumentNumber', 35),
	{ name: 'documentDate', type: 'date' },
	code('customerNumber', 20),
	text('customerName', 100, true),
	{ name: 'status', type: 'enum', values: ['Open', 'Released'], readOnly: true },
	{ name: 'lastModifiedDateTime', type: 'datetime', readOnly: true },
];

const LINE_FIELDS: FieldDef[] = [
	{ name: 'id', type: 'guid', readOnly: true },
	{ name: 'documentId', type: 'guid', readOnly: true },
	{ name: 'sequence', type: 'integer' },
	{ name: 'lineType', type: 'enum', values: ['Comment', 'Account', 'Item'] },
	code('lineObjectNumber', 20),
	text('description', 100),
	dec('quantity'),
	dec('unitPrice'),
	code('returnReasonCode', 10),
	dec('returnQtyReceived', true),
	dec('returnQtyToReceive', true),
	text('ottoPositionItemId', 50),
	text('ottoSalesOrderId', 50),
	{ name: 'lastModifiedDateTime', type: 'datetime', readOnly: true },
];

/** Fields of a line POST that the extension (not BC's line logic) stores. */
const EXTENSION_LINE_FIELDS = ['returnReasonCode', 'ottoPositionItemId', 'ottoSalesOrderId'] as const;

function checkReasonCode(value: unknown): string {
	const reason = String(value ?? '').toUpperCase();
	if (reason !== '' && !(RETURN_REASON_CODES as readonly string[]).includes(reason)) {
		throw tableRelationError('Return Reason Code', 'Sales Line', reason, 'Return Reason');
	}
	return reason;
}

function lineDef(store: BcStore): EntityDef<ApiScope> {
	return {
		entitySet: RETURN_ORDER_LINES,
		entityType: 'ottoReturnOrderLine',
		caption: 'Sales Line',
		keyField: 'id',
		keyType: 'guid',
		fields: LINE_FIELDS,
		methods: {},
		toJson: (rec) => {
			const line = rec as SalesLineRec;
			return {
				id: line.id,
				documentId: line.documentId,
				sequence: line.sequence,
				lineType: line.lineType,
				lineObjectNumber: line.lineObjectNumber,
				description: line.description,
				quantity: line.quantity,
				unitPrice: line.unitPrice,
				returnReasonCode: line.returnReasonCode ?? '',
				returnQtyReceived: line.returnQtyReceived,
				returnQtyToReceive: round2(line.quantity - line.returnQtyReceived),
				ottoPositionItemId: line.ottoPositionItemId ?? '',
				ottoSalesOrderId: line.ottoSalesOrderId ?? '',
				lastModifiedDateTime: line.lastModifiedDateTime,
			};
		},
		etag: (rec) => store.etag({ id: String(rec.id), version: Number(rec.version) }),
		orderKey: (rec) => Number(rec.sequence),
	};
}

/** The `companies(<id>)/<entitySet>` navigation of the extension's return order page. */
export function returnOrderApiNavs(store: BcStore, route: CustomApiRoute): Record<string, NavDef<ApiScope>> {
	const lines = lineDef(store);
	const header: EntityDef<ApiScope> = {
		entitySet: route.entitySet,
		entityType: route.entitySet.replace(/s$/, ''),
		caption: 'Sales Header',
		keyField: 'id',
		keyType: 'guid',
		fields: HEADER_FIELDS,
		methods: { post: true },
		toJson: (rec) => {
			const doc = rec as SalesDocRec;
			return {
				id: doc.id,
				number: doc.number,
				externalDocumentNumber: doc.externalDocumentNumber,
				documentDate: doc.documentDate,
				customerNumber: doc.customerNumber,
				customerName: doc.customerName,
				status: doc.status === 'Released' ? 'Released' : 'Open',
				lastModifiedDateTime: doc.lastModifiedDateTime,
			};
		},
		etag: (rec) => store.etag({ id: String(rec.id), version: Number(rec.version) }),
		orderKey: (rec) => String(rec.number),
		navs: { [RETURN_ORDER_LINES]: { target: () => lines, many: true, list: (rec) => (rec as SalesDocRec).lines, deepInsert: true } },
		create: (scope, body, _parent, nested) => {
			const cd = companyOf(scope);
			const specs = (nested[RETURN_ORDER_LINES] ?? []).map((values) => {
				const base: AnyRecord = { ...values };
				const extension: Partial<Record<(typeof EXTENSION_LINE_FIELDS)[number], string>> = {};
				for (const field of EXTENSION_LINE_FIELDS) {
					if (base[field] === undefined) continue;
					extension[field] = String(base[field]);
					delete base[field];
				}
				if (extension.returnReasonCode !== undefined) extension.returnReasonCode = checkReasonCode(extension.returnReasonCode);
				return { base, extension };
			});
			const doc = store.createSalesDoc(cd, 'returnOrder', body, specs.map((s) => s.base));
			// the lines are built in the order sent
			specs.forEach((spec, i) => Object.assign(doc.lines[i], spec.extension));
			return doc;
		},
	};
	return { [route.entitySet]: { target: () => header, many: true, list: (_rec, scope) => companyOf(scope).salesReturnOrders } };
}

// ------------------------------------------------------------------------------------------------
// what the warehouse does in BC (control calls)

const lineSelector = z
	.object({
		sequence: z.number().int().positive().optional(),
		ottoPositionItemId: z.string().min(1).optional(),
		lineObjectNumber: z.string().min(1).optional(),
	})
	.strict();

const receiveSchema = z
	.object({
		company: z.string().optional(),
		returnOrderNumber: z.string().min(1),
		/** Default: every line with something left to receive, in full. */
		lines: z.array(lineSelector.extend({ quantity: z.number().positive().optional() }).strict()).min(1).optional(),
	})
	.strict();

const reasonSchema = z
	.object({
		company: z.string().optional(),
		returnOrderNumber: z.string().min(1),
		returnReasonCode: z.string().max(10),
		/** Default: every line of the return order. */
		lines: z.array(lineSelector).min(1).optional(),
	})
	.strict();

export type ReceiveReturnSpec = Omit<z.infer<typeof receiveSchema>, 'company'>;
export type ReturnReasonSpec = Omit<z.infer<typeof reasonSchema>, 'company'>;

function returnOrder(cd: CompanyData, number: string): SalesDocRec {
	const doc = cd.salesReturnOrders.find((d) => d.number === number.toUpperCase());
	if (!doc) throw recordNotFound('Sales Header', `Document Type='Return Order',No.='${number}'`);
	return doc;
}

function selectLine(doc: SalesDocRec, s: z.infer<typeof lineSelector>): SalesLineRec {
	const line = doc.lines.find(
		(l) =>
			(s.sequence === undefined || l.sequence === s.sequence) &&
			(s.ottoPositionItemId === undefined || l.ottoPositionItemId === s.ottoPositionItemId) &&
			(s.lineObjectNumber === undefined || l.lineObjectNumber === s.lineObjectNumber.toUpperCase()),
	);
	if (!line || (s.sequence === undefined && s.ottoPositionItemId === undefined && s.lineObjectNumber === undefined)) {
		throw recordNotFound('Sales Line', `Document Type='Return Order',Document No.='${doc.number}',${JSON.stringify(s)}`);
	}
	return line;
}

/** Post → Receive on a return order: the received quantity of the lines goes up (nothing else is posted). */
export function receiveReturnOrder(store: BcStore, cd: CompanyData, spec: ReceiveReturnSpec): SalesDocRec {
	const doc = returnOrder(cd, spec.returnOrderNumber);
	const open = (l: SalesLineRec) => l.lineType !== 'Comment' && l.quantity - l.returnQtyReceived > 0;
	const plan = spec.lines
		? spec.lines.map((s) => {
				const line = selectLine(doc, s);
				const left = round2(line.quantity - line.returnQtyReceived);
				const quantity = s.quantity ?? left;
				if (quantity > left) throw dialogError(`You cannot receive more than ${left} units.`);
				return { line, quantity };
			})
		: doc.lines.filter(open).map((line) => ({ line, quantity: round2(line.quantity - line.returnQtyReceived) }));
	if (plan.length === 0 || plan.every((p) => p.quantity === 0)) throw dialogError('There is nothing to post.');
	for (const { line, quantity } of plan) {
		line.returnQtyReceived = round2(line.returnQtyReceived + quantity);
		store.touch(line);
	}
	store.touch(doc);
	return doc;
}

/** A Return Reason Code entered on lines of a return order ('' clears it). */
export function setReturnReason(store: BcStore, cd: CompanyData, spec: ReturnReasonSpec): SalesDocRec {
	const doc = returnOrder(cd, spec.returnOrderNumber);
	const reason = checkReasonCode(spec.returnReasonCode);
	const lines = spec.lines ? spec.lines.map((s) => selectLine(doc, s)) : doc.lines;
	for (const line of lines) {
		line.returnReasonCode = reason;
		store.touch(line);
	}
	store.touch(doc);
	return doc;
}

const summary = (doc: SalesDocRec) => ({
	id: doc.id,
	number: doc.number,
	lines: doc.lines.map((l) => ({
		sequence: l.sequence,
		lineObjectNumber: l.lineObjectNumber,
		quantity: l.quantity,
		returnQtyReceived: l.returnQtyReceived,
		returnReasonCode: l.returnReasonCode ?? '',
		ottoPositionItemId: l.ottoPositionItemId ?? '',
	})),
});

/** `POST /__control/return-receipts` and `POST /__control/return-reasons`; undefined for other routes. */
export function returnsControl(
	store: BcStore,
	route: string,
	body: unknown,
	companyData: (company: string | undefined) => CompanyData,
): { status: number; body: unknown } | undefined {
	const parse = <T>(schema: z.ZodType<T>): T => {
		const parsed = schema.safeParse(body);
		if (!parsed.success) throw new Error(formatZod(parsed.error));
		return parsed.data;
	};
	if (route === 'POST /__control/return-receipts') {
		const { company, ...spec } = parse(receiveSchema);
		return { status: 200, body: { ok: true, returnOrder: summary(receiveReturnOrder(store, companyData(company), spec)) } };
	}
	if (route === 'POST /__control/return-reasons') {
		const { company, ...spec } = parse(reasonSchema);
		return { status: 200, body: { ok: true, returnOrder: summary(setReturnReason(store, companyData(company), spec)) } };
	}
	return undefined;
}
