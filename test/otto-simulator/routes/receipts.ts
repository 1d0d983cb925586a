/**
 * Receipts v3 (scope `receipts`): list newest first with `receiptTypes`, `from`/`to` (inclusive days, UTC),
 * `salesOrderId`, `limit` (≤128, default 128), cursor `next` (deprecated `page` also works); single receipt
 * as JSON and as a generated PDF.
 */
import { z } from 'zod';
import { apiError } from '../errors';
import type { Receipt, ReceiptType } from '../model';
import { buildPdf, type PdfLine } from '../pdf';
import { buildHref, decodeCursor, encodeCursor, keysetPage, nextLinks } from '../paging';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseIsoDate, parseQuery, qEnumArray, qInt, qString } from '../validation';

const MAX_LIMIT = 128;
const RECEIPT_TYPES: readonly ReceiptType[] = ['PURCHASE', 'REFUND', 'PARTIAL_REFUND'];

/** Date (whole day, inclusive) or date-time bound. */
function qBound(edge: 'from' | 'to') {
	return z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().optional()).transform((value, ctx): string | undefined => {
		if (value === undefined || value.trim() === '') return undefined;
		const v = value.trim();
		if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
			const start = parseIsoDate(v);
			if (start) return edge === 'from' ? start : new Date(Date.parse(start) + 86_400_000 - 1).toISOString();
		} else {
			const parsed = parseIsoDate(v);
			if (parsed) return parsed;
		}
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a date (yyyy-mm-dd), got '${value}'` });
		return z.NEVER;
	});
}

const listQuery = z.object({
	limit: qInt(1, MAX_LIMIT, MAX_LIMIT),
	page: qInt(1, undefined, 1),
	receiptTypes: qEnumArray(RECEIPT_TYPES),
	from: qBound('from'),
	to: qBound('to'),
	salesOrderId: qString(),
	next: qString(),
});
const nextQuery = z.object({ limit: qInt(1, MAX_LIMIT, -1) });

const filterSchema = z.object({
	receiptTypes: z.array(z.enum(['PURCHASE', 'REFUND', 'PARTIAL_REFUND'])),
	from: z.string().optional(),
	to: z.string().optional(),
	salesOrderId: z.string().optional(),
});
type ReceiptFilter = z.infer<typeof filterSchema>;
const cursorSchema = z.object({ v: z.literal(1), f: filterSchema, a: z.tuple([z.string(), z.string()]), l: z.number().int() });

const key = (r: Receipt): [string, string] => [r.creationDate, r.receiptNumber];

function listReceipts(ctx: RouteContext): RouteResponse {
	let filter: ReceiptFilter;
	let after: [string, string] | undefined;
	let limit: number;
	let offset = 0;
	const rawNext = Array.isArray(ctx.query.next) ? ctx.query.next[0] : ctx.query.next;
	if (rawNext) {
		const q = parseQuery(nextQuery, ctx.query, ctx.path);
		const cursor = cursorSchema.safeParse(decodeCursor(rawNext));
		if (!cursor.success) throw apiError(400, ctx.path, 'next: is not a valid cursor', { title: 'Invalid Parameter', jsonPath: '$.next' });
		filter = cursor.data.f;
		after = cursor.data.a;
		limit = q.limit === -1 ? cursor.data.l : q.limit;
	} else {
		const q = parseQuery(listQuery, ctx.query, ctx.path);
		filter = { receiptTypes: q.receiptTypes, from: q.from, to: q.to, salesOrderId: q.salesOrderId };
		limit = q.limit;
		offset = (q.page - 1) * q.limit;
	}
	const matching = ctx.data.receipts
		.filter(
			(r) =>
				(filter.receiptTypes.length === 0 || filter.receiptTypes.includes(r.receiptType)) &&
				(!filter.from || r.creationDate >= filter.from) &&
				(!filter.to || r.creationDate <= filter.to) &&
				(!filter.salesOrderId || r.salesOrderId === filter.salesOrderId),
		)
		.sort((a, b) => {
			const ka = key(a);
			const kb = key(b);
			return ka[0] < kb[0] ? 1 : ka[0] > kb[0] ? -1 : ka[1] < kb[1] ? 1 : ka[1] > kb[1] ? -1 : 0;
		});
	let page: Receipt[];
	let hasMore: boolean;
	if (after) ({ page, hasMore } = keysetPage(matching, key, after, limit, 'DESC'));
	else {
		page = matching.slice(offset, offset + limit);
		hasMore = offset + limit < matching.length;
	}
	let href: string | undefined;
	if (hasMore && page.length > 0) {
		const next = encodeCursor({ v: 1, f: filter, a: key(page[page.length - 1]), l: limit });
		href = buildHref('/v3/receipts', { limit, next });
	}
	return { status: 200, body: { resources: page, links: nextLinks(href) } };
}

function findReceipt(ctx: RouteContext): Receipt {
	const receipt = ctx.data.receiptsByNumber.get(ctx.params.receiptNumber);
	if (!receipt) throw apiError(404, ctx.path, `Receipt '${ctx.params.receiptNumber}' not found`);
	return receipt;
}

function money(amount: number): string {
	return `${amount.toFixed(2).replace('.', ',')} EUR`;
}

const TITLES: Record<ReceiptType, string> = {
	PURCHASE: 'Rechnung',
	REFUND: 'Gutschrift',
	PARTIAL_REFUND: 'Teilgutschrift',
};

/** Render a receipt as a one-page PDF (text only). */
export function receiptPdf(receipt: Receipt): Buffer {
	const p = receipt.partner;
	const a = receipt.customer.invoiceAddress;
	const lines: Array<string | PdfLine> = [
		`${p.partnerName}, ${p.street}, ${p.zipCode} ${p.city}`,
		`USt-IdNr.: ${p.vatId}`,
		'',
		`Belegnummer: ${receipt.receiptNumber}`,
		`Belegdatum: ${receipt.creationDate}`,
		`Bestellnummer: ${receipt.orderNumber}`,
		`Bestelldatum: ${receipt.orderDate}`,
	];
	if (receipt.linkedReceiptNumber) lines.push(`Bezug auf Beleg: ${receipt.linkedReceiptNumber}`);
	lines.push(
		'',
		`Rechnungsadresse: ${a.firstName} ${a.lastName}, ${a.street} ${a.houseNumber}, ${a.zipCode} ${a.city}, ${a.countryCode}`,
		'',
		{ text: 'Positionen', bold: true },
	);
	for (const pos of [...receipt.lineItems.itemPositions, ...receipt.lineItems.itemPartialRefundPositions]) {
		lines.push(`${pos.quantity} x ${pos.productTitle} (SKU ${pos.sku})   ${money(pos.positionSum.gross.amount)}`);
	}
	for (const cost of receipt.lineItems.deliveryCosts) lines.push(`Versandkosten   ${money(cost.positionSum.gross.amount)}`);
	lines.push('', { text: 'Summen', bold: true });
	for (const t of receipt.totals) {
		lines.push(`Netto ${money(t.net.amount)} + ${t.taxRate} % MwSt ${money(t.tax.amount)} = ${money(t.gross.amount)}`);
	}
	lines.push({ text: `Gesamtbetrag: ${money(receipt.totalsGrossAmount.amount)}`, bold: true });
	lines.push(`Zahlbetrag: ${money(receipt.amountDue.amount)}`);
	lines.push(`Zahlart: ${receipt.payment.paymentMethod} (${receipt.payment.paymentProvider})`);
	return buildPdf({
		title: `${TITLES[receipt.receiptType]} ${receipt.receiptNumber}`,
		lines,
		creationDate: new Date(receipt.creationDate),
	});
}

export const receiptsRoutes: RouteModule = {
	name: 'receipts',
	interfaces: [{ prefix: '/v3/receipts', scope: 'receipts' }],
	routes: [
		{ method: 'GET', pattern: '/v3/receipts', handler: listReceipts },
		{ method: 'GET', pattern: '/v3/receipts/{receiptNumber}', handler: (ctx) => ({ status: 200, body: findReceipt(ctx) }) },
		{
			method: 'GET',
			pattern: '/v3/receipts/{receiptNumber}.pdf',
			handler: (ctx) => {
				const receipt = findReceipt(ctx);
				return {
					status: 200,
					body: receiptPdf(receipt),
					contentType: 'application/pdf',
					headers: { 'Content-Disposition': `inline; filename="${receipt.receiptNumber}.pdf"` },
				};
			},
		},
	],
};
