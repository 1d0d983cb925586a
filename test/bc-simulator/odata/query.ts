/**
 * OData system query options: `$select`, `$expand` (with nested options in parentheses, separated by `;`),
 * `$orderby`, `$top`, `$skip`, `$count`, `$skiptoken` (the simulator's opaque server-paging cursor).
 */
import { badRequest, querySyntaxError } from '../errors';

export interface OrderBy {
	prop: string;
	desc: boolean;
}

export interface ExpandItem {
	nav: string;
	options: QueryOptions;
}

export interface QueryOptions {
	filter?: string;
	select?: string[];
	expand?: ExpandItem[];
	orderby?: OrderBy[];
	top?: number;
	skip?: number;
	count?: boolean;
	skiptoken?: string;
}

/** Split at `sep` outside parentheses and single-quoted strings. */
export function splitTopLevel(text: string, sep: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let inString = false;
	let current = '';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			current += ch;
			if (ch === "'") {
				if (text[i + 1] === "'") {
					current += "'";
					i++;
				} else inString = false;
			}
			continue;
		}
		if (ch === "'") inString = true;
		else if (ch === '(') depth++;
		else if (ch === ')') depth--;
		if (depth < 0) throw querySyntaxError(`Syntax error: unbalanced parentheses in '${text}'.`);
		if (ch === sep && depth === 0) {
			parts.push(current);
			current = '';
			continue;
		}
		current += ch;
	}
	if (depth !== 0 || inString) throw querySyntaxError(`Syntax error: unbalanced parentheses or quotes in '${text}'.`);
	parts.push(current);
	return parts;
}

function nonNegativeInt(name: string, raw: string): number {
	if (!/^\d+$/.test(raw.trim())) {
		throw badRequest(`Invalid value '${raw}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`);
	}
	return Number(raw.trim());
}

function parseSelect(raw: string): string[] {
	const out = raw
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');
	if (out.length === 0) throw querySyntaxError(`Syntax error: empty $select.`);
	return out;
}

function parseOrderBy(raw: string): OrderBy[] {
	return raw.split(',').map((part) => {
		const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/.exec(part);
		if (!m) throw querySyntaxError(`Syntax error in $orderby '${raw}'.`);
		return { prop: m[1], desc: m[2] === 'desc' };
	});
}

export function parseExpand(raw: string): ExpandItem[] {
	return splitTopLevel(raw, ',')
		.map((s) => s.trim())
		.filter((s) => s !== '')
		.map((item) => {
			const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?$/s.exec(item);
			if (!m) throw querySyntaxError(`Syntax error in $expand '${raw}'.`);
			const options: Record<string, string> = {};
			if (m[2] !== undefined && m[2].trim() !== '') {
				for (const opt of splitTopLevel(m[2], ';')) {
					const eq = opt.indexOf('=');
					if (eq < 0) throw querySyntaxError(`Syntax error in $expand option '${opt}'.`);
					options[opt.slice(0, eq).trim()] = opt.slice(eq + 1);
				}
			}
			return { nav: m[1], options: parseQueryOptions(options, true) };
		});
}

/** Parse the `$…` options of a request (or of one `$expand` item when `nested`). */
export function parseQueryOptions(params: Record<string, string>, nested = false): QueryOptions {
	const out: QueryOptions = {};
	for (const [key, value] of Object.entries(params)) {
		switch (key) {
			case '$filter':
				out.filter = value;
				break;
			case '$select':
				out.select = parseSelect(value);
				break;
			case '$expand':
				out.expand = parseExpand(value);
				break;
			case '$orderby':
				out.orderby = parseOrderBy(value);
				break;
			case '$top':
				out.top = nonNegativeInt('$top', value);
				break;
			case '$skip':
				out.skip = nonNegativeInt('$skip', value);
				break;
			case '$count':
				if (value !== 'true' && value !== 'false') throw badRequest(`'${value}' is not a valid count option.`);
				out.count = value === 'true';
				break;
			case '$skiptoken':
				if (nested) throw badRequest('$skiptoken is not allowed inside $expand.');
				out.skiptoken = value;
				break;
			default:
				if (nested) throw badRequest(`The query option '${key}' is not supported inside $expand.`);
		}
	}
	return out;
}
