/**
 * Minimal PDF 1.4 writer: one A4 page of Helvetica text. Produces a valid file with a correct
 * cross-reference table (byte offsets), so PDF readers and tests that parse the xref accept it.
 */

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN_LEFT = 50;
const TOP = 790;
const LEADING = 15;
const MAX_LINES = 48;

export interface PdfLine {
	text: string;
	bold?: boolean;
	size?: number;
}

/** Map a JS string to WinAnsi (latin1) bytes; characters outside become '?'. */
function toWinAnsi(text: string): string {
	let out = '';
	for (const ch of text) {
		const code = ch.codePointAt(0) ?? 63;
		if (ch === '€') out += '\x80';
		else if (ch === '–' || ch === '—') out += '-';
		else if (ch === '…') out += '...';
		else if (code >= 32 && code < 256 && !(code >= 127 && code < 160)) out += ch;
		else out += '?';
	}
	return out;
}

function escapePdfString(text: string): string {
	return toWinAnsi(text).replace(/([\\()])/g, '\\$1');
}

function pdfDate(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `D:${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(
		date.getUTCMinutes(),
	)}${pad(date.getUTCSeconds())}Z`;
}

/** Build a one-page PDF containing the given lines (first line is the title unless styled). */
export function buildPdf(options: { title: string; lines: Array<string | PdfLine>; creationDate?: Date }): Buffer {
	const lines: PdfLine[] = [{ text: options.title, bold: true, size: 16 }];
	for (const line of options.lines) lines.push(typeof line === 'string' ? { text: line } : line);
	if (lines.length > MAX_LINES) {
		lines.length = MAX_LINES - 1;
		lines.push({ text: '...' });
	}

	let content = 'BT\n';
	let y = TOP;
	for (const line of lines) {
		const size = line.size ?? 11;
		content += `/${line.bold ? 'F2' : 'F1'} ${size} Tf\n1 0 0 1 ${MARGIN_LEFT} ${y} Tm\n(${escapePdfString(line.text)}) Tj\n`;
		y -= size > 12 ? LEADING + 8 : LEADING;
	}
	content += 'ET\n';

	const objects: string[] = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>`,
		`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
		`<< /Title (${escapePdfString(options.title)}) /Producer (OTTO Market API simulator) /CreationDate (${pdfDate(
			options.creationDate ?? new Date(),
		)}) >>`,
	];

	let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets: number[] = [];
	objects.forEach((body, index) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${index + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xrefOffset = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefOffset}\n%%EOF`;
	return Buffer.from(out, 'latin1');
}
