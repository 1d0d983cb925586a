/**
 * OData `$filter` for the BC simulator: parse, type-check against the entity's fields, evaluate.
 *
 * Supported, as listed in Microsoft's "Using filter expressions in OData URIs": `eq ne gt ge lt le and or`,
 * `in (…)`, `startswith`, `endswith`, `contains`, `tolower`/`toupper` (which make the comparison
 * case-insensitive — comparisons are otherwise case-sensitive), parentheses. Literals: strings in single
 * quotes (`''` escapes a quote), numbers, dates `2024-05-01`, date-times `2024-05-01T10:00:00Z`, bare GUIDs,
 * `true`/`false`/`null`. `or` over two different fields is rejected, as BC has no AL equivalent for it.
 * Values of Code fields are upper case in BC, so literals compared with a Code field are upper-cased first.
 */
import { badRequest, querySyntaxError, type BcError } from '../errors';

export type FieldType = 'guid' | 'string' | 'code' | 'decimal' | 'integer' | 'boolean' | 'date' | 'datetime' | 'enum' | 'stream';

/** What the filter needs to know about a field. */
export interface FilterField {
	name: string;
	type: FieldType;
}

export type Literal =
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number; integer: boolean }
	| { kind: 'date'; value: string }
	| { kind: 'datetime'; value: number }
	| { kind: 'guid'; value: string }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'null' };

type CaseFn = 'tolower' | 'toupper';
interface PropOperand {
	kind: 'prop';
	name: string;
	fn?: CaseFn;
}
interface LitOperand {
	kind: 'lit';
	lit: Literal;
}
type Operand = PropOperand | LitOperand;
type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterNode =
	| { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
	| { type: 'cmp'; op: CmpOp; prop: PropOperand; lit: Literal }
	| { type: 'in'; prop: PropOperand; values: Literal[] }
	| { type: 'call'; fn: 'contains' | 'startswith' | 'endswith'; prop: PropOperand; lit: Literal };

type Token =
	| { t: '(' | ')' | ','; pos: number }
	| { t: 'id'; v: string; pos: number }
	| { t: 'lit'; lit: Literal; pos: number }
	| { t: 'eof'; pos: number };

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_])/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?![\dT:])/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?(?![A-Za-z_])/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/;

const CMP_OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const OP_KIND: Record<CmpOp, string> = {
	eq: 'Equal',
	ne: 'NotEqual',
	gt: 'GreaterThan',
	ge: 'GreaterThanOrEqual',
	lt: 'LessThan',
	le: 'LessThanOrEqual',
};
const MIRROR: Record<CmpOp, CmpOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

function syntax(text: string, pos: number): BcError {
	return querySyntaxError(`Syntax error at position ${pos} in '${text}'.`);
}

export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const ch = text[i];
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		if (ch === '(' || ch === ')' || ch === ',') {
			tokens.push({ t: ch, pos: i });
			i++;
			continue;
		}
		if (ch === "'") {
			const start = i;
			let value = '';
			i++;
			for (;;) {
				if (i >= text.length) throw querySyntaxError(`There is an unterminated string literal at position ${start} in '${text}'.`);
				if (text[i] === "'") {
					if (text[i + 1] === "'") {
						value += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += text[i++];
			}
			tokens.push({ t: 'lit', lit: { kind: 'string', value }, pos: start });
			continue;
		}
		const rest = text.slice(i);
		let m = GUID_RE.exec(rest);
		if (m) {
			tokens.push({ t: 'lit', lit: { kind: 'guid', value: m[0].toLowerCase() }, pos: i });
			i += m[0].length;
			continue;
		}
		m = DATETIME_RE.exec(rest);
		if (m) {
			const ms = Date.parse(m[0]);
			if (!Number.isFinite(ms)) throw badRequest(`The DateTimeOffset text '${m[0]}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zz|Z)?' and each field value is within valid range.`);
			tokens.push({ t: 'lit', lit: { kind: 'datetime', value: ms }, pos: i });
			i += m[0].length;
			continue;
		}
		m = DATE_RE.exec(rest);
		if (m) {
			if (!Number.isFinite(Date.parse(`${m[0]}T00:00:00Z`))) throw badRequest(`The Date text '${m[0]}' is not a valid date.`);
			tokens.push({ t: 'lit', lit: { kind: 'date', value: m[0] }, pos: i });
			i += m[0].length;
			continue;
		}
		m = NUMBER_RE.exec(rest);
		if (m) {
			const raw = m[0].replace(/[mMdDfFlL]$/, '');
			tokens.push({ t: 'lit', lit: { kind: 'number', value: Number(raw), integer: /^-?\d+$/.test(raw) }, pos: i });
			i += m[0].length;
			continue;
		}
		m = IDENT_RE.exec(rest);
		if (m) {
			const word = m[0];
			if (word === 'true' || word === 'false') tokens.push({ t: 'lit', lit: { kind: 'boolean', value: word === 'true' }, pos: i });
			else if (word === 'null') tokens.push({ t: 'lit', lit: { kind: 'null' }, pos: i });
			else tokens.push({ t: 'id', v: word, pos: i });
			i += word.length;
			continue;
		}
		throw syntax(text, i);
	}
	tokens.push({ t: 'eof', pos: text.length });
	return tokens;
}

class Parser {
	private i = 0;

	constructor(
		private readonly text: string,
		private readonly tokens: Token[],
	) {}

	parse(): FilterNode {
		const node = this.orExpr();
		if (this.peek().t !== 'eof') throw syntax(this.text, this.peek().pos);
		return node;
	}

	private peek(): Token {
		return this.tokens[this.i];
	}

	private next(): Token {
		return this.tokens[this.i++];
	}

	private isWord(word: string): boolean {
		const tok = this.peek();
		return tok.t === 'id' && tok.v === word;
	}

	private expect(t: '(' | ')' | ','): void {
		const tok = this.next();
		if (tok.t !== t) throw syntax(this.text, tok.pos);
	}

	private orExpr(): FilterNode {
		let left = this.andExpr();
		while (this.isWord('or')) {
			this.next();
			left = { type: 'or', left, right: this.andExpr() };
		}
		return left;
	}

	private andExpr(): FilterNode {
		let left = this.primary();
		while (this.isWord('and')) {
			this.next();
			left = { type: 'and', left, right: this.primary() };
		}
		return left;
	}

	private primary(): FilterNode {
		const tok = this.peek();
		if (tok.t === '(') {
			this.next();
			const inner = this.orExpr();
			this.expect(')');
			return inner;
		}
		if (tok.t === 'id' && (tok.v === 'contains' || tok.v === 'startswith' || tok.v === 'endswith')) {
			this.next();
			this.expect('(');
			const prop = this.operand();
			this.expect(',');
			const lit = this.operand();
			this.expect(')');
			if (prop.kind !== 'prop' || lit.kind !== 'lit') throw badRequest(`The '${tok.v}' function needs a property and a literal.`);
			return { type: 'call', fn: tok.v, prop, lit: lit.lit };
		}
		if (tok.t === 'id' && tok.v === 'not') throw badRequest("The 'not' operator is not supported by Business Central filters.");
		const left = this.operand();
		const opTok = this.next();
		if (opTok.t !== 'id') throw syntax(this.text, opTok.pos);
		if (opTok.v === 'in') {
			if (left.kind !== 'prop') throw syntax(this.text, opTok.pos);
			this.expect('(');
			const values: Literal[] = [];
			for (;;) {
				const v = this.operand();
				if (v.kind !== 'lit') throw syntax(this.text, this.peek().pos);
				values.push(v.lit);
				const sep = this.next();
				if (sep.t === ')') break;
				if (sep.t !== ',') throw syntax(this.text, sep.pos);
			}
			return { type: 'in', prop: left, values };
		}
		if (!CMP_OPS.includes(opTok.v)) throw syntax(this.text, opTok.pos);
		const op = opTok.v as CmpOp;
		const right = this.operand();
		if (left.kind === 'prop' && right.kind === 'lit') return { type: 'cmp', op, prop: left, lit: right.lit };
		if (left.kind === 'lit' && right.kind === 'prop') return { type: 'cmp', op: MIRROR[op], prop: right, lit: left.lit };
		throw badRequest('Only comparisons between a property and a literal are supported.');
	}

	private operand(): Operand {
		const tok = this.next();
		if (tok.t === 'lit') return { kind: 'lit', lit: tok.lit };
		if (tok.t === 'id') {
			if ((tok.v === 'tolower' || tok.v === 'toupper') && this.peek().t === '(') {
				this.next();
				const inner = this.next();
				if (inner.t !== 'id') throw syntax(this.text, inner.pos);
				this.expect(')');
				return { kind: 'prop', name: inner.v, fn: tok.v };
			}
			if (this.peek().t === '(') throw badRequest(`Unknown function '${tok.v}'.`);
			return { kind: 'prop', name: tok.v };
		}
		throw syntax(this.text, tok.pos);
	}
}

export function parseFilter(text: string): FilterNode {
	if (text.trim() === '') throw syntax(text, 0);
	return new Parser(text, tokenize(text)).parse();
}

// ------------------------------------------------------------------------------------------------
// type checking and evaluation

function edmOfField(type: FieldType): string {
	switch (type) {
		case 'guid':
			return 'Edm.Guid';
		case 'decimal':
			return 'Edm.Decimal';
		case 'integer':
			return 'Edm.Int32';
		case 'boolean':
			return 'Edm.Boolean';
		case 'date':
			return 'Edm.Date';
		case 'datetime':
			return 'Edm.DateTimeOffset';
		case 'stream':
			return 'Edm.Stream';
		default:
			return 'Edm.String';
	}
}

function edmOfLiteral(lit: Literal): string {
	switch (lit.kind) {
		case 'string':
			return 'Edm.String';
		case 'number':
			return lit.integer ? 'Edm.Int32' : 'Edm.Decimal';
		case 'date':
			return 'Edm.Date';
		case 'datetime':
			return 'Edm.DateTimeOffset';
		case 'guid':
			return 'Edm.Guid';
		case 'boolean':
			return 'Edm.Boolean';
		default:
			return '<null>';
	}
}

function compatible(type: FieldType, lit: Literal): boolean {
	if (lit.kind === 'null') return true;
	switch (type) {
		case 'string':
		case 'code':
		case 'enum':
			return lit.kind === 'string';
		case 'decimal':
		case 'integer':
			return lit.kind === 'number';
		case 'date':
			return lit.kind === 'date';
		case 'datetime':
			return lit.kind === 'datetime';
		case 'guid':
			return lit.kind === 'guid';
		case 'boolean':
			return lit.kind === 'boolean';
		default:
			return false;
	}
}

type Comparable = string | number | boolean | null;

function fieldValue(raw: unknown, field: FilterField, fn: CaseFn | undefined): Comparable {
	if (raw === undefined || raw === null) return null;
	switch (field.type) {
		case 'decimal':
		case 'integer':
			return Number(raw);
		case 'boolean':
			return Boolean(raw);
		case 'datetime':
			return Date.parse(String(raw));
		case 'guid':
			return String(raw).toLowerCase();
		default: {
			const s = String(raw);
			return fn ? s.toLowerCase() : s;
		}
	}
}

function literalValue(lit: Literal, field: FilterField, fn: CaseFn | undefined): Comparable {
	switch (lit.kind) {
		case 'null':
			return null;
		case 'string': {
			if (fn) return lit.value.toLowerCase();
			return field.type === 'code' ? lit.value.toUpperCase() : lit.value;
		}
		default:
			return lit.value;
	}
}

function compare(a: Comparable, b: Comparable, op: CmpOp): boolean {
	if (a === null || b === null) {
		if (op === 'eq') return a === b;
		if (op === 'ne') return a !== b;
		return false;
	}
	switch (op) {
		case 'eq':
			return a === b;
		case 'ne':
			return a !== b;
		case 'gt':
			return a > b;
		case 'ge':
			return a >= b;
		case 'lt':
			return a < b;
		default:
			return a <= b;
	}
}

function propsOf(node: FilterNode, out: Set<string>): Set<string> {
	switch (node.type) {
		case 'and':
		case 'or':
			propsOf(node.left, out);
			propsOf(node.right, out);
			break;
		default:
			out.add(node.prop.name);
	}
	return out;
}

export type Predicate = (entity: Record<string, unknown>) => boolean;

/**
 * Compile `$filter` text for an entity type. Throws BC-shaped errors for syntax errors, unknown properties,
 * incompatible literal types and `or` across different fields.
 */
export function compileFilter(text: string, fields: readonly FilterField[], entityType: string): Predicate {
	const byName = new Map(fields.map((f) => [f.name, f]));
	const resolve = (prop: PropOperand): FilterField => {
		if (prop.name.includes('/')) throw badRequest(`Filtering on navigation paths ('${prop.name}') is not supported.`);
		const field = byName.get(prop.name);
		if (!field) throw badRequest(`Could not find a property named '${prop.name}' on type 'Microsoft.NAV.${entityType}'.`);
		if (field.type === 'stream') throw badRequest(`The property '${prop.name}' cannot be used in $filter.`);
		return field;
	};
	const check = (field: FilterField, lit: Literal, kind: string) => {
		if (!compatible(field.type, lit)) {
			throw badRequest(
				`A binary operator with incompatible types was detected. Found operand types '${edmOfField(field.type)}' and '${edmOfLiteral(lit)}' for operator kind '${kind}'.`,
			);
		}
	};
	const build = (node: FilterNode): Predicate => {
		switch (node.type) {
			case 'and': {
				const l = build(node.left);
				const r = build(node.right);
				return (e) => l(e) && r(e);
			}
			case 'or': {
				const props = propsOf(node, new Set());
				if (props.size > 1) {
					throw badRequest(
						`The filter cannot be applied: 'or' can only combine conditions on the same field, found ${[...props].map((p) => `'${p}'`).join(', ')}.`,
					);
				}
				const l = build(node.left);
				const r = build(node.right);
				return (e) => l(e) || r(e);
			}
			case 'cmp': {
				const field = resolve(node.prop);
				check(field, node.lit, OP_KIND[node.op]);
				const fn = node.prop.fn;
				const value = literalValue(node.lit, field, fn);
				const { op } = node;
				return (e) => compare(fieldValue(e[field.name], field, fn), value, op);
			}
			case 'in': {
				const field = resolve(node.prop);
				for (const lit of node.values) check(field, lit, 'Equal');
				const fn = node.prop.fn;
				const values = node.values.map((lit) => literalValue(lit, field, fn));
				return (e) => {
					const v = fieldValue(e[field.name], field, fn);
					return values.some((x) => x === v);
				};
			}
			case 'call': {
				const field = resolve(node.prop);
				if (!['string', 'code', 'enum'].includes(field.type) || node.lit.kind !== 'string') {
					throw badRequest(`The '${node.fn}' function needs a text property and a string literal.`);
				}
				const fn = node.prop.fn;
				const needle = literalValue(node.lit, field, fn) as string;
				const method = node.fn;
				return (e) => {
					const v = fieldValue(e[field.name], field, fn);
					if (typeof v !== 'string') return false;
					if (method === 'contains') return v.includes(needle);
					if (method === 'startswith') return v.startsWith(needle);
					return v.endsWith(needle);
				};
			}
		}
	};
	return build(parseFilter(text));
}
