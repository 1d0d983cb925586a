/**
 * A small generic OData v4 engine: resolves `set(key)/navigation(key)/…` paths against entity definitions and
 * answers GET (collections with $filter/$select/$expand/$orderby/$top/$skip/$count and server-driven paging
 * with an absolute `@odata.nextLink`), POST (with deep insert), PATCH/DELETE (If-Match required), media
 * streams (`…/attachmentContent`) and bound actions (`…/Microsoft.NAV.<action>`).
 *
 * Business rules live in the definitions (entities.ts, pageServices.ts); this file only knows OData.
 */
import {
	badRequest,
	bcError,
	entityChanged,
	methodNotAllowed,
	missingIfMatch,
	querySyntaxError,
	recordNotFound,
	resourceNotFound,
	stringTooLong,
} from '../errors';
import { compileFilter, type FilterField } from './filter';
import { parseQueryOptions, type ExpandItem, type QueryOptions } from './query';

export interface FieldDef extends FilterField {
	/** Maximum length of Text/Code fields. */
	max?: number;
	/** Read-only (computed) fields are ignored in request bodies, as OData prescribes for computed properties. */
	readOnly?: boolean;
	/** Allowed values of an enum field. */
	values?: readonly string[];
}

export type AnyRecord = Record<string, any>;

export interface NavDef<S> {
	target: () => EntityDef<S>;
	many: boolean;
	list(parent: AnyRecord, scope: S): AnyRecord[];
	/** The navigation may be sent inline in a POST of the parent (deep insert). */
	deepInsert?: boolean;
}

export interface MediaDef<S> {
	get(rec: AnyRecord, scope: S): { content: Buffer; contentType: string };
	put?(scope: S, rec: AnyRecord, content: Buffer, contentType: string | undefined): void;
}

export interface EntityDef<S> {
	entitySet: string;
	/** Entity type name used in OData messages (`Microsoft.NAV.<entityType>`). */
	entityType: string;
	/** Table caption used in "The <caption> does not exist" messages. */
	caption: string;
	/** Key property in the entity's JSON. */
	keyField: string;
	keyType: 'guid' | 'string';
	/** Key value of a record when the record field differs from `keyField` (default `rec[keyField]`). */
	keyOf?(rec: AnyRecord): string;
	/** Key as named in "does not exist" messages (default `Id` / keyField). */
	keyLabel?: string;
	fields: FieldDef[];
	methods: { post?: boolean; patch?: boolean; delete?: boolean };
	toJson(rec: AnyRecord, scope: S): AnyRecord;
	etag(rec: AnyRecord): string;
	/** Default (primary key) order; must be unique within a collection. */
	orderKey(rec: AnyRecord): string | number;
	navs?: Record<string, NavDef<S>>;
	media?: Record<string, MediaDef<S>>;
	actions?: Record<string, (scope: S, rec: AnyRecord, parent: AnyRecord | undefined) => void>;
	/** Scope seen below an entity of this type (e.g. a company's data). */
	enter?(rec: AnyRecord, scope: S): S;
	/** Entities of a root entity set (only for sets addressed directly below the service root). */
	rootList?(scope: S): AnyRecord[];
	create?(scope: S, body: AnyRecord, parent: AnyRecord | undefined, nested: Record<string, AnyRecord[]>): AnyRecord;
	update?(scope: S, rec: AnyRecord, body: AnyRecord, parent: AnyRecord | undefined): void;
	remove?(scope: S, rec: AnyRecord, parent: AnyRecord | undefined): void;
}

export interface ODataRequest {
	method: string;
	/** Path segments below the service root, percent-decoded. */
	segments: string[];
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	/** Absolute service root, e.g. `http://127.0.0.1:4000/v2.0/<tenant>/<env>/api/v2.0`. */
	serviceRoot: string;
	/** Absolute URL of this request (nextLinks are built from it). */
	requestUrl: string;
	maxPageSize: number;
}

export interface ODataResponse {
	status: number;
	body?: unknown;
	contentType?: string;
	headers?: Record<string, string>;
}

export const JSON_CONTENT_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

// ------------------------------------------------------------------------------------------------
// paths

interface Segment {
	name: string;
	key?: string;
}

const GUID_KEY_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseSegment(raw: string): Segment {
	const m = /^([^()]+)(?:\((.*)\))?$/s.exec(raw);
	if (!m) throw querySyntaxError();
	return m[2] === undefined ? { name: m[1] } : { name: m[1], key: m[2] };
}

function parseKey(def: EntityDef<unknown>, raw: string): string {
	let text = raw.trim();
	const named = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/s.exec(text);
	if (named) {
		if (named[1] !== def.keyField) throw querySyntaxError();
		text = named[2].trim();
	}
	if (def.keyType === 'guid') {
		if (!GUID_KEY_RE.test(text)) throw querySyntaxError(`'|' or ',' expected at position ${Math.min(text.length, 8)} in (${text}).`);
		return text.toLowerCase();
	}
	const m = /^'((?:[^']|'')*)'$/s.exec(text);
	if (!m) throw querySyntaxError();
	return m[1].replace(/''/g, "'");
}

function formatKey(def: EntityDef<unknown>, key: string): string {
	return def.keyType === 'guid' ? key : `'${encodeURIComponent(key.replace(/'/g, "''"))}'`;
}

type Target<S> =
	| { kind: 'collection'; def: EntityDef<S>; items: AnyRecord[]; parent?: AnyRecord; nav?: NavDef<S>; scope: S; context: string }
	| {
			kind: 'entity';
			def: EntityDef<S>;
			rec: AnyRecord;
			parent?: AnyRecord;
			scope: S;
			/** Path of this entity (with key), for children. */
			context: string;
			/** Path of the collection it belongs to, for `…/$entity` context URLs. */
			setContext: string;
			single: boolean;
	  }
	| { kind: 'media'; def: EntityDef<S>; rec: AnyRecord; media: MediaDef<S>; scope: S; name: string }
	| { kind: 'action'; def: EntityDef<S>; rec: AnyRecord; parent?: AnyRecord; action: string; scope: S }
	| { kind: 'count'; def: EntityDef<S>; items: AnyRecord[]; scope: S };

function keyOf<S>(def: EntityDef<S>, rec: AnyRecord): string {
	return def.keyOf ? def.keyOf(rec) : String(rec[def.keyField]);
}

function findByKey<S>(def: EntityDef<S>, items: AnyRecord[], key: string): AnyRecord | undefined {
	if (def.keyType === 'guid') return items.find((r) => keyOf(def, r).toLowerCase() === key);
	return items.find((r) => keyOf(def, r) === key);
}

function resolve<S>(roots: Record<string, EntityDef<S>>, segments: string[], rootScope: S): Target<S> {
	if (segments.length === 0) throw resourceNotFound('');
	const first = parseSegment(segments[0]);
	const rootDef = roots[first.name];
	if (!rootDef) throw resourceNotFound(first.name);
	let target: Target<S> = {
		kind: 'collection',
		def: rootDef,
		items: [],
		scope: rootScope,
		context: first.name,
	};
	target.items = rootDef.rootList ? rootDef.rootList(rootScope) : [];
	if (first.key !== undefined) target = selectKey(target, first.key);

	for (let i = 1; i < segments.length; i++) {
		const seg = parseSegment(segments[i]);
		if (target.kind === 'collection') {
			if (seg.name === '$count' && seg.key === undefined && i === segments.length - 1) {
				return { kind: 'count', def: target.def, items: target.items, scope: target.scope };
			}
			throw resourceNotFound(seg.name);
		}
		if (target.kind !== 'entity') throw resourceNotFound(seg.name);
		const { def, rec } = target;
		const scope = def.enter ? def.enter(rec, target.scope) : target.scope;
		const nav = def.navs?.[seg.name];
		if (nav) {
			const items = nav.list(rec, scope);
			const context = `${target.context}/${seg.name}`;
			if (nav.many) {
				target = { kind: 'collection', def: nav.target(), items, parent: rec, nav, scope, context };
				if (seg.key !== undefined) target = selectKey(target, seg.key);
			} else {
				if (seg.key !== undefined) throw querySyntaxError();
				const single = items[0];
				if (!single) throw recordNotFound(nav.target().caption, `${seg.name} of ${def.caption}`);
				target = { kind: 'entity', def: nav.target(), rec: single, parent: rec, scope, context, setContext: context, single: true };
			}
			continue;
		}
		const media = def.media?.[seg.name];
		if (media && seg.key === undefined && i === segments.length - 1) return { kind: 'media', def, rec, media, scope, name: seg.name };
		const actionName = seg.name.startsWith('Microsoft.NAV.') ? seg.name.slice('Microsoft.NAV.'.length) : undefined;
		if (actionName !== undefined && seg.key === undefined && i === segments.length - 1) {
			if (!def.actions?.[actionName]) throw bcError(400, 'BadRequest_MethodNotImplemented', 'Entity does not support bound actions');
			return { kind: 'action', def, rec, parent: target.parent, action: actionName, scope };
		}
		throw resourceNotFound(seg.name);
	}
	return target;
}

function selectKey<S>(target: Target<S>, rawKey: string): Target<S> {
	if (target.kind !== 'collection') throw querySyntaxError();
	const key = parseKey(target.def as EntityDef<unknown>, rawKey);
	const rec = findByKey(target.def, target.items, key);
	if (!rec) {
		const label = target.def.keyLabel ?? (target.def.keyField === 'id' ? 'Id' : target.def.keyField);
		throw recordNotFound(target.def.caption, `${label}='${key}'`);
	}
	return {
		kind: 'entity',
		def: target.def,
		rec,
		parent: target.parent,
		scope: target.scope,
		context: `${target.context}(${formatKey(target.def as EntityDef<unknown>, key)})`,
		setContext: target.context,
		single: false,
	};
}

// ------------------------------------------------------------------------------------------------
// representation

function fieldNames<S>(def: EntityDef<S>): Set<string> {
	return new Set(def.fields.map((f) => f.name));
}

function checkSelect<S>(def: EntityDef<S>, select: string[] | undefined): void {
	if (!select) return;
	const names = fieldNames(def);
	for (const s of select) {
		if (s === '*') continue;
		if (!names.has(s) && !def.navs?.[s]) throw badRequest(`Could not find a property named '${s}' on type 'Microsoft.NAV.${def.entityType}'.`);
	}
}

function represent<S>(def: EntityDef<S>, rec: AnyRecord, scope: S, options: QueryOptions, full?: AnyRecord): AnyRecord {
	const json = full ?? def.toJson(rec, scope);
	const out: AnyRecord = { '@odata.etag': def.etag(rec) };
	const select = options.select && !options.select.includes('*') ? new Set(options.select) : undefined;
	for (const [k, v] of Object.entries(json)) {
		if (select && !select.has(k.split('@')[0])) continue;
		out[k] = v;
	}
	for (const item of options.expand ?? []) out[item.nav] = expand(def, rec, scope, item);
	return out;
}

function expand<S>(def: EntityDef<S>, rec: AnyRecord, parentScope: S, item: ExpandItem): unknown {
	const nav = def.navs?.[item.nav];
	if (!nav) throw badRequest(`Could not find a property named '${item.nav}' on type 'Microsoft.NAV.${def.entityType}'.`);
	const scope = def.enter ? def.enter(rec, parentScope) : parentScope;
	const target = nav.target();
	checkSelect(target, item.options.select);
	const rows = applyQuery(target, nav.list(rec, scope), scope, item.options);
	if (nav.many) {
		const skip = item.options.skip ?? 0;
		const top = item.options.top;
		const sliced = rows.slice(skip, top === undefined ? undefined : skip + top);
		return sliced.map((r) => represent(target, r.rec, scope, item.options, r.json));
	}
	return rows[0] ? represent(target, rows[0].rec, scope, item.options, rows[0].json) : null;
}

interface Row {
	rec: AnyRecord;
	json: AnyRecord;
}

/** Filter and order (no paging). */
function applyQuery<S>(def: EntityDef<S>, items: AnyRecord[], scope: S, options: QueryOptions): Row[] {
	let rows: Row[] = items.map((rec) => ({ rec, json: def.toJson(rec, scope) }));
	if (options.filter !== undefined) {
		const predicate = compileFilter(options.filter, def.fields, def.entityType);
		rows = rows.filter((r) => predicate(r.json));
	}
	if (options.orderby && options.orderby.length > 0) {
		const names = fieldNames(def);
		for (const o of options.orderby) {
			if (!names.has(o.prop)) throw badRequest(`Could not find a property named '${o.prop}' on type 'Microsoft.NAV.${def.entityType}'.`);
		}
		const order = options.orderby;
		rows = rows
			.map((r, index) => ({ r, index }))
			.sort((a, b) => {
				for (const o of order) {
					const av = a.r.json[o.prop];
					const bv = b.r.json[o.prop];
					if (av === bv) continue;
					const cmp = av === null || av === undefined ? -1 : bv === null || bv === undefined ? 1 : av < bv ? -1 : 1;
					return o.desc ? -cmp : cmp;
				}
				return a.index - b.index;
			})
			.map((x) => x.r);
	} else {
		rows.sort((a, b) => {
			const ak = def.orderKey(a.rec);
			const bk = def.orderKey(b.rec);
			return ak < bk ? -1 : ak > bk ? 1 : 0;
		});
	}
	return rows;
}

// ------------------------------------------------------------------------------------------------
// paging

interface SkipToken {
	/** Key of the last entity of the previous page (default order). */
	k?: string | number;
	/** Absolute offset (explicit $orderby). */
	o?: number;
}

function encodeSkipToken(token: SkipToken): string {
	return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeSkipToken(raw: string): SkipToken {
	try {
		const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as SkipToken;
		if (value && typeof value === 'object' && (value.k !== undefined || typeof value.o === 'number')) return value;
	} catch {
		// fall through
	}
	throw badRequest(`The skip token value '${raw}' is invalid.`);
}

function headerValue(headers: ODataRequest['headers'], name: string): string | undefined {
	const v = headers[name.toLowerCase()];
	return Array.isArray(v) ? v.join(',') : v;
}

/** `Prefer: odata.maxpagesize=<n>` (the service may apply a smaller size). */
function preferredPageSize(headers: ODataRequest['headers']): number | undefined {
	const prefer = headerValue(headers, 'prefer');
	if (!prefer) return undefined;
	const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
	return m ? Math.max(1, Number(m[1])) : undefined;
}

function buildNextLink(requestUrl: string, token: SkipToken, remainingTop: number | undefined): string {
	const url = new URL(requestUrl);
	const params = new URLSearchParams(url.search);
	params.delete('$skip');
	params.delete('$skiptoken');
	if (remainingTop !== undefined) params.set('$top', String(remainingTop));
	params.set('$skiptoken', encodeSkipToken(token));
	// `$` of the system query options stays literal, spaces are %20 (as in BC's own links)
	const query = params.toString().replace(/\+/g, '%20').replace(/(^|&)%24/g, '$1$');
	return `${url.origin}${url.pathname}?${query}`;
}

// ------------------------------------------------------------------------------------------------
// request bodies

const EDM: Record<string, string> = {
	string: 'Edm.String',
	code: 'Edm.String',
	enum: 'Edm.String',
	decimal: 'Edm.Decimal',
	integer: 'Edm.Int32',
	boolean: 'Edm.Boolean',
	date: 'Edm.Date',
	datetime: 'Edm.DateTimeOffset',
	guid: 'Edm.Guid',
	stream: 'Edm.Stream',
};

function convertError(field: FieldDef): Error {
	return badRequest(
		`Cannot convert a primitive value to the expected type '${EDM[field.type]}'. See the inner exception for more details. (property '${field.name}')`,
	);
}

/** Coerce one JSON value to a field's type (BC rules: Code upper-cased and trimmed, lengths enforced). */
export function coerceValue(field: FieldDef, value: unknown): unknown {
	switch (field.type) {
		case 'string':
		case 'code': {
			if (value === null) return '';
			if (typeof value !== 'string') throw convertError(field);
			const text = field.type === 'code' ? value.trim().toUpperCase() : value;
			if (field.max !== undefined && text.length > field.max) throw stringTooLong(value, field.max);
			return text;
		}
		case 'enum': {
			if (typeof value !== 'string') throw convertError(field);
			if (field.values && !field.values.includes(value)) {
				throw bcError(400, 'Application_EvaluateException', `The value "${value}" cannot be evaluated into type Option.`);
			}
			return value;
		}
		case 'decimal':
			if (typeof value !== 'number' || !Number.isFinite(value)) throw convertError(field);
			return value;
		case 'integer':
			if (typeof value !== 'number' || !Number.isInteger(value)) throw convertError(field);
			return value;
		case 'boolean':
			if (typeof value !== 'boolean') throw convertError(field);
			return value;
		case 'date':
			if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !Number.isFinite(Date.parse(`${value}T00:00:00Z`))) {
				throw badRequest('Unable to convert value to Date');
			}
			return value;
		case 'datetime': {
			const ms = typeof value === 'string' ? Date.parse(value) : NaN;
			if (!Number.isFinite(ms)) throw convertError(field);
			return new Date(ms).toISOString();
		}
		case 'guid':
			if (typeof value !== 'string' || !GUID_KEY_RE.test(value)) {
				throw bcError(
					400,
					'Application_InvalidGUID',
					'Invalid format of GUID string. The correct format of the GUID string is: CDEF7890-ABCD-0123-1234-567890ABCDEF where 0-9, A-F symbolizes hexadecimal digits.',
				);
			}
			return value.toLowerCase();
		default:
			throw convertError(field);
	}
}

/** Writable fields of a body; unknown properties are a 400, read-only ones are ignored. */
export function coerceBody<S>(def: EntityDef<S>, body: unknown, allowDeep: boolean): { values: AnyRecord; nested: Record<string, AnyRecord[]> } {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Invalid Request Body');
	const byName = new Map(def.fields.map((f) => [f.name, f]));
	const values: AnyRecord = {};
	const nested: Record<string, AnyRecord[]> = {};
	for (const [key, value] of Object.entries(body as AnyRecord)) {
		if (key.includes('@')) continue;
		const field = byName.get(key);
		if (field) {
			if (field.readOnly || key === def.keyField || field.type === 'stream') continue;
			values[key] = coerceValue(field, value);
			continue;
		}
		const nav = def.navs?.[key];
		if (nav && nav.deepInsert && allowDeep) {
			if (!Array.isArray(value)) throw badRequest(`The property '${key}' must be a collection.`);
			nested[key] = value.map((v) => coerceBody(nav.target(), v, false).values);
			continue;
		}
		throw badRequest(
			`The property '${key}' does not exist on type 'Microsoft.NAV.${def.entityType}'. Make sure to only use property names that are defined by the type.`,
		);
	}
	return { values, nested };
}

function parseJsonBody(raw: Buffer): unknown {
	if (raw.length === 0) throw badRequest('Invalid Request Body');
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		throw badRequest('Invalid Request Body');
	}
}

function normalizeEtag(tag: string): string {
	return tag.trim().replace(/^W\//, '');
}

function checkIfMatch<S>(def: EntityDef<S>, rec: AnyRecord, headers: ODataRequest['headers']): void {
	const ifMatch = headerValue(headers, 'if-match');
	if (ifMatch === undefined || ifMatch.trim() === '') throw missingIfMatch();
	if (ifMatch.trim() === '*') return;
	const current = normalizeEtag(def.etag(rec));
	const ok = ifMatch.split(',').some((t) => normalizeEtag(t) === current);
	if (!ok) throw entityChanged();
}

// ------------------------------------------------------------------------------------------------
// handler

export function handleOData<S>(roots: Record<string, EntityDef<S>>, scope: S, req: ODataRequest): ODataResponse {
	const target = resolve(roots, req.segments, scope);
	const method = req.method;
	const contextBase = `${req.serviceRoot}/$metadata#`;

	if (target.kind === 'count') {
		if (method !== 'GET') throw methodNotAllowed(method, target.def.entitySet, 'EntitySet');
		const options = parseQueryOptions(req.query);
		const rows = applyQuery(target.def, target.items, target.scope, { filter: options.filter });
		return { status: 200, body: Buffer.from(String(rows.length)), contentType: 'text/plain; charset=utf-8' };
	}

	if (target.kind === 'media') {
		if (method === 'GET') {
			const { content, contentType } = target.media.get(target.rec, target.scope);
			return { status: 200, body: content, contentType };
		}
		if ((method === 'PATCH' || method === 'PUT') && target.media.put) {
			checkIfMatch(target.def, target.rec, req.headers);
			target.media.put(target.scope, target.rec, req.rawBody, headerValue(req.headers, 'content-type'));
			const etag = target.def.etag(target.rec);
			return {
				status: 200,
				body: { '@odata.context': `${contextBase}${target.def.entitySet}/$entity`, ...represent(target.def, target.rec, target.scope, {}) },
				contentType: JSON_CONTENT_TYPE,
				headers: { ETag: etag },
			};
		}
		throw methodNotAllowed(method, target.name);
	}

	if (target.kind === 'action') {
		if (method !== 'POST') throw methodNotAllowed(method, `Microsoft.NAV.${target.action}`);
		target.def.actions![target.action](target.scope, target.rec, target.parent);
		return { status: 204 };
	}

	if (target.kind === 'collection') {
		const def = target.def;
		if (method === 'GET') {
			const options = parseQueryOptions(req.query);
			checkSelect(def, options.select);
			let rows = applyQuery(def, target.items, target.scope, options);
			const count = rows.length;
			const preferred = preferredPageSize(req.headers);
			const pageSize = Math.max(1, Math.min(preferred ?? req.maxPageSize, req.maxPageSize));
			let offset = 0;
			if (options.skiptoken !== undefined) {
				const token = decodeSkipToken(options.skiptoken);
				if (token.o !== undefined) offset = token.o;
				else {
					const last = token.k as string | number;
					rows = rows.filter((r) => def.orderKey(r.rec) > last);
				}
			} else if (options.skip !== undefined) offset = options.skip;
			const available = rows.slice(offset);
			const limit = options.top === undefined ? available.length : Math.min(options.top, available.length);
			const page = available.slice(0, Math.min(pageSize, limit));
			const body: AnyRecord = { '@odata.context': `${contextBase}${target.context}${options.select ? `(${options.select.join(',')})` : ''}` };
			if (options.count) body['@odata.count'] = count;
			body.value = page.map((r) => represent(def, r.rec, target.scope, options, r.json));
			const headers: Record<string, string> = {};
			if (preferred !== undefined) headers['Preference-Applied'] = `odata.maxpagesize=${pageSize}`;
			if (page.length < limit) {
				const remainingTop = options.top === undefined ? undefined : options.top - page.length;
				const token: SkipToken = options.orderby ? { o: offset + page.length } : { k: def.orderKey(page[page.length - 1].rec) };
				body['@odata.nextLink'] = buildNextLink(req.requestUrl, token, remainingTop);
			}
			return { status: 200, body, contentType: JSON_CONTENT_TYPE, headers };
		}
		if (method === 'POST') {
			if (!def.methods.post || !def.create) throw methodNotAllowed(method, def.entitySet, 'EntitySet');
			const { values, nested } = coerceBody(def, parseJsonBody(req.rawBody), true);
			const rec = def.create(target.scope, values, target.parent, nested);
			const key = formatKey(def as EntityDef<unknown>, keyOf(def, rec));
			const location = `${req.serviceRoot}/${req.segments.join('/')}(${key})`;
			const options = parseQueryOptions(req.query);
			const etag = def.etag(rec);
			return {
				status: 201,
				body: { '@odata.context': `${contextBase}${target.context}/$entity`, ...represent(def, rec, target.scope, { select: options.select, expand: options.expand }) },
				contentType: JSON_CONTENT_TYPE,
				headers: { ETag: etag, Location: location },
			};
		}
		throw methodNotAllowed(method, def.entitySet, 'EntitySet');
	}

	// single entity
	const def = target.def;
	if (method === 'GET') {
		const options = parseQueryOptions(req.query);
		checkSelect(def, options.select);
		return {
			status: 200,
			body: { '@odata.context': `${contextBase}${target.setContext}/$entity`, ...represent(def, target.rec, target.scope, options) },
			contentType: JSON_CONTENT_TYPE,
			headers: { ETag: def.etag(target.rec) },
		};
	}
	if (method === 'PATCH' || method === 'PUT') {
		if (!def.methods.patch || !def.update || target.single) throw methodNotAllowed(method, def.entitySet);
		checkIfMatch(def, target.rec, req.headers);
		const { values } = coerceBody(def, parseJsonBody(req.rawBody), false);
		def.update(target.scope, target.rec, values, target.parent);
		const options = parseQueryOptions(req.query);
		return {
			status: 200,
			body: { '@odata.context': `${contextBase}${target.setContext}/$entity`, ...represent(def, target.rec, target.scope, { select: options.select, expand: options.expand }) },
			contentType: JSON_CONTENT_TYPE,
			headers: { ETag: def.etag(target.rec) },
		};
	}
	if (method === 'DELETE') {
		if (!def.methods.delete || !def.remove || target.single) throw methodNotAllowed(method, def.entitySet);
		checkIfMatch(def, target.rec, req.headers);
		def.remove(target.scope, target.rec, target.parent);
		return { status: 204 };
	}
	throw methodNotAllowed(method, def.entitySet);
}
