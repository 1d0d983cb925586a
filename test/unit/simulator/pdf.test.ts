import { buildPdf, startSimulator } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { api, token } from './helpers';

/** Checks header, trailer, startxref and that every xref entry points at "<n> 0 obj". */
function checkPdfStructure(pdf: Buffer): { objects: number } {
	const text = pdf.toString('latin1');
	expect(text.startsWith('%PDF-1.4\n')).toBe(true);
	expect(text.endsWith('%%EOF')).toBe(true);
	const startxref = /startxref\n(\d+)\n%%EOF$/.exec(text);
	expect(startxref).not.toBeNull();
	const xrefOffset = Number(startxref?.[1]);
	expect(text.slice(xrefOffset, xrefOffset + 5)).toBe('xref\n');
	const header = /^xref\n0 (\d+)\n/.exec(text.slice(xrefOffset));
	expect(header).not.toBeNull();
	const count = Number(header?.[1]);
	const entriesStart = xrefOffset + (header?.[0].length ?? 0);
	for (let i = 0; i < count; i++) {
		const entry = text.slice(entriesStart + i * 20, entriesStart + (i + 1) * 20);
		expect(entry).toMatch(/^\d{10} \d{5} [nf] \n$/);
		if (i === 0) {
			expect(entry).toBe('0000000000 65535 f \n');
			continue;
		}
		const offset = Number(entry.slice(0, 10));
		expect(text.slice(offset, offset + `${i} 0 obj`.length)).toBe(`${i} 0 obj`);
	}
	const trailer = text.slice(entriesStart + count * 20);
	expect(trailer.startsWith('trailer\n')).toBe(true);
	expect(trailer).toContain(`/Size ${count}`);
	// stream length is exact
	const stream = /\/Length (\d+) >>\nstream\n/.exec(text);
	expect(stream).not.toBeNull();
	const streamStart = (stream?.index ?? 0) + (stream?.[0].length ?? 0);
	expect(text.slice(streamStart + Number(stream?.[1]), streamStart + Number(stream?.[1]) + 10)).toBe('\nendstream');
	return { objects: count - 1 };
}

describe('PDF generator', () => {
	it('writes a valid single-page PDF with correct xref offsets, escaping and umlauts', () => {
		const pdf = buildPdf({ title: 'Rechnung (Test)', lines: ['Größe: M \\ Preis 9,99 €', { text: 'Fett', bold: true }] });
		const { objects } = checkPdfStructure(pdf);
		expect(objects).toBe(7);
		const text = pdf.toString('latin1');
		expect(text).toContain('(Rechnung \\(Test\\)) Tj');
		expect(text).toContain('Gr\xf6\xdfe: M \\\\ Preis 9,99 \x80');
		expect(text).toContain('/Count 1');
	});
});

describe('GET /v3/receipts/{receiptNumber}.pdf', () => {
	let t: string;
	const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 120 } }), { reset: false });
	beforeAll(async () => {
		t = await token(sim(), 'receipts');
	});

	it('serves a real PDF for every receipt type with receipt and order number', async () => {
		for (const type of ['PURCHASE', 'REFUND', 'PARTIAL_REFUND']) {
			const receipt = sim().data.receipts.find((r) => r.receiptType === type);
			expect(receipt).toBeDefined();
			if (!receipt) continue;
			const res = await fetch(`${sim().url}/v3/receipts/${receipt.receiptNumber}.pdf`, {
				headers: { Authorization: `Bearer ${t}`, Accept: 'application/pdf' },
			});
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/pdf');
			const pdf = Buffer.from(await res.arrayBuffer());
			expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(pdf.subarray(-5).toString('latin1')).toBe('%%EOF');
			checkPdfStructure(pdf);
			const text = pdf.toString('latin1');
			expect(text).toContain(receipt.receiptNumber);
			expect(text).toContain(receipt.orderNumber);
			expect(text).toContain(receipt.totalsGrossAmount.amount.toFixed(2).replace('.', ','));
		}
	});

	it('JSON receipt and 404s', async () => {
		const receipt = sim().data.receipts[0];
		const json = await api(sim(), t, `/v3/receipts/${receipt.receiptNumber}`);
		expect(json.status).toBe(200);
		expect(json.json.receiptNumber).toBe(receipt.receiptNumber);
		expect((await api(sim(), t, '/v3/receipts/123.pdf')).status).toBe(404);
		expect((await api(sim(), t, '/v3/receipts/123')).status).toBe(404);
	});
});
