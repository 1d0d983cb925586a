/** The CSV reader of the advertising reports (RFC 4180). */
import { csvRecords, parseCsv } from '../../../nodes/OttoMarket/helpers/csv';

describe('parseCsv', () => {
	test('plain fields, CRLF, LF and CR line ends, no empty record for a final line break', () => {
		expect(parseCsv('a,b,c\r\n1,2,3\n4,5,6\r7,8,9\r\n')).toEqual([
			['a', 'b', 'c'],
			['1', '2', '3'],
			['4', '5', '6'],
			['7', '8', '9'],
		]);
		expect(parseCsv('a,b\n1,2')).toEqual([
			['a', 'b'],
			['1', '2'],
		]);
		expect(parseCsv('')).toEqual([]);
	});

	test('quoted fields hold commas, doubled quotes and line breaks', () => {
		const text = 'sku,name,note\r\n"A,1","Shirt ""Blue""","line 1\r\nline 2"\r\n"",x,"a\nb"\n';
		expect(parseCsv(text)).toEqual([
			['sku', 'name', 'note'],
			['A,1', 'Shirt "Blue"', 'line 1\r\nline 2'],
			['', 'x', 'a\nb'],
		]);
	});

	test('empty fields and a leading byte order mark', () => {
		expect(parseCsv('\uFEFFa,b,c\n,,\n1,,3\n')).toEqual([
			['a', 'b', 'c'],
			['', '', ''],
			['1', '', '3'],
		]);
	});

	test('a quoted last field without a final line break', () => {
		expect(parseCsv('a\n"x, y"')).toEqual([['a'], ['x, y']]);
	});
});

describe('csvRecords', () => {
	test('rows keyed by the header, values kept as text, BOM not part of the first name', () => {
		const text = '\uFEFFcampaignId,sku,clicks,cost\r\nc-1,00123,17,"1,50"\r\n';
		expect(csvRecords(text)).toEqual([{ campaignId: 'c-1', sku: '00123', clicks: '17', cost: '1,50' }]);
	});

	test('blank lines are skipped; empty and repeated header names get their own names; extra fields are named by column', () => {
		expect(csvRecords('a,,a\n1,2,3,4\n\n5\n')).toEqual([
			{ a: '1', column2: '2', a_2: '3', column4: '4' },
			{ a: '5' },
		]);
	});

	test('a header without rows gives no records', () => {
		expect(csvRecords('a,b\r\n')).toEqual([]);
		expect(csvRecords('')).toEqual([]);
	});
});
