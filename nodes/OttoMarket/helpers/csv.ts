/**
 * A small RFC 4180 CSV reader for OTTO's advertising reports (docs/otto-api.md §4.11: header row, `,` separated,
 * UTF-8): quoted fields may hold commas, line breaks and doubled quotes; CRLF, LF and CR end a record; a
 * leading byte order mark and a final line break are ignored.
 */

/** The records of a CSV text, each a list of fields. */
export function parseCsv(text: string, separator = ','): string[][] {
	const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	let i = 0;
	const endField = () => {
		record.push(field);
		field = '';
	};
	const endRecord = () => {
		endField();
		records.push(record);
		record = [];
	};
	while (i < input.length) {
		const c = input[i];
		if (quoted) {
			if (c === '"') {
				if (input[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			field += c;
			i++;
			continue;
		}
		if (c === '"' && field === '') {
			quoted = true;
			i++;
		} else if (c === separator) {
			endField();
			i++;
		} else if (c === '\r' || c === '\n') {
			endRecord();
			i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
		} else {
			field += c;
			i++;
		}
	}
	// The last record, unless the text ended with a line break (or was empty).
	if (field !== '' || record.length > 0 || quoted) endRecord();
	return records;
}

/**
 * The records after the header row as objects keyed by the header's names. An empty header name becomes
 * `column<n>` (1-based), a repeated one gets `_2`, `_3`, …; fields beyond the header are named `column<n>` too;
 * fields a short record lacks are left out. Values stay text (a SKU `00123` keeps its zeros).
 */
export function csvRecords(text: string, separator = ','): Array<Record<string, string>> {
	const [header, ...rows] = parseCsv(text, separator);
	if (!header) return [];
	const names: string[] = [];
	const nameAt = (k: number): string => {
		while (names.length <= k) {
			const n = names.length;
			const raw = (header[n] ?? '').trim() || `column${n + 1}`;
			let name = raw;
			for (let suffix = 2; names.includes(name); suffix++) name = `${raw}_${suffix}`;
			names.push(name);
		}
		return names[k];
	};
	header.forEach((_h, k) => nameAt(k));
	return rows
		.filter((row) => !(row.length === 1 && row[0] === ''))
		.map((row) => {
			const out: Record<string, string> = {};
			row.forEach((value, k) => (out[nameAt(k)] = value));
			return out;
		});
}
