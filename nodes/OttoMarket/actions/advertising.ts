import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { entityDecision, isPending, parseAmount, requestStatusOf, type Money } from '../helpers/adRules';
import { ENDPOINTS, apiPath, endpointPath, ottoRequest, parseRetryAfter, type OttoContext, type OttoRequest, type OttoResponse } from '../transport';
import { bulkOptionsField, errorOf, isAuthFailure, lastPerKey, readBulkOptions, requestGroups, resultAs, sendChunks } from './bulk';
import { invalidParameter, itemParameter } from './params';
import type { BulkResult } from './types';

/**
 * What the advertising resources share (Ad Campaign, Ad Target, Ad Keyword, Ad Change Request, Ad Report;
 * docs/otto-api.md §4.11): ids, amounts, merge patches, the bulk writes of targets and keywords, and waiting for
 * OTTO's decision on a change request. Every write answers 202 with a `requestId` that OTTO decides later.
 */

export const campaignsPath = ENDPOINTS.adCampaigns.path;
export const campaignPath = (campaignId: string) => `${campaignsPath}${apiPath`/${campaignId}`}`;
export const targetsPath = (campaignId: string) => endpointPath(ENDPOINTS.adTargets.path, { campaignId });
export const keywordsPath = (campaignId: string, targetId: string) => endpointPath(ENDPOINTS.adKeywords.path, { campaignId, targetId });
export const changeRequestPath = (requestId: string) => apiPath`/v1/sponsored-product-ads/change-requests/${requestId}`;

/** JSON Merge Patch (RFC 7396): only the fields sent change, `null` removes one (docs/otto-api.md §4.11). */
export const MERGE_PATCH = { 'Content-Type': 'application/merge-patch+json' };

// ------------------------------------------------------------------------------------------------
// fields

const idField = (displayName: string, name: string, description: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '',
	placeholder,
	description,
});

export const campaignIdField = idField('Campaign ID', 'campaignId', 'ID of the campaign (campaignId from Create or Get Many)', 'e.g. 5f2c8a4e-1b7d-4c3a-9e6f-0a1b2c3d4e5f');
export const targetIdField = idField('Target ID', 'targetId', 'ID of the target, a SKU in the campaign (targetId from Create or Get Many)', 'e.g. 7a1d3c5e-2f4b-4d6a-8c0e-1f2a3b4c5d6e');
export const keywordIdField = idField('Keyword ID', 'keywordId', 'ID of the keyword (keywordId from Create or Get Many)', 'e.g. 9c3e5a7b-4d6f-4b8c-a2e4-3b4c5d6e7f80');
export const requestIdField = idField('Request ID', 'requestId', 'ID of the change request (requestId from the answer of a write)', 'e.g. 2b4d6f8a-0c2e-4a6c-8e0a-5c6d7e8f9a0b');

export const ENTITY_STATUS_OPTIONS = [
	{ name: 'Active', value: 'ACTIVE' },
	{ name: 'Paused', value: 'PAUSED' },
];

export const bidField: INodeProperties = {
	displayName: 'Bid (EUR)',
	name: 'bid',
	type: 'number',
	typeOptions: { minValue: 0.01, numberPrecision: 2 },
	default: 0.5,
	description: 'Cost per click in EUR you offer; sent as {amount, currency: "EUR"}',
};

export const entityStatusField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: ENTITY_STATUS_OPTIONS,
	default: 'ACTIVE',
};

/** Longest wait for a decision by default; OTTO documents no processing time. */
export const DEFAULT_DECISION_TIMEOUT_SECONDS = 120;

/** "Wait for OTTO's Decision" (off by default) and its timeout: on every advertising write. */
export const waitFields: INodeProperties[] = [
	{
		displayName: "Wait for OTTO's Decision",
		name: 'waitForDecision',
		type: 'boolean',
		default: false,
		description:
			"Whether to wait until OTTO has decided the change and return its decision per entity (ACCEPTED, or an error naming OTTO's reason when REJECTED). Off: return OTTO's request ID at once; OTTO decides later (see Ad Change Request → Get).",
	},
	{
		displayName: 'Decision Timeout (Seconds)',
		name: 'decisionTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_DECISION_TIMEOUT_SECONDS,
		description: 'How long to wait for the decision; entities still undecided afterwards are reported as errors naming the change request',
		displayOptions: { show: { waitForDecision: [true] } },
	},
];

export interface WaitSettings {
	wait: boolean;
	timeoutSeconds: number;
}

export function readWait(ctx: IExecuteFunctions, i: number): WaitSettings {
	const wait = itemParameter(ctx, 'waitForDecision', i, false) === true;
	const seconds = Number(wait ? itemParameter(ctx, 'decisionTimeoutSeconds', i, DEFAULT_DECISION_TIMEOUT_SECONDS) : DEFAULT_DECISION_TIMEOUT_SECONDS);
	return { wait, timeoutSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_DECISION_TIMEOUT_SECONDS };
}

/** An id parameter, read cheaply (see `itemParameter`); '' when empty. */
export function idOf(ctx: IExecuteFunctions, name: string, i: number): string {
	const raw = itemParameter(ctx, name, i, '');
	return raw === undefined || raw === null ? '' : String(raw).trim();
}

export function requireId(ctx: IExecuteFunctions, name: string, label: string, i: number): string {
	const id = idOf(ctx, name, i);
	if (!id) throw invalidParameter(ctx, i, label, 'a value is required');
	return id;
}

/** An amount parameter as OTTO's money object; refused (nothing sent) when not a positive EUR amount. */
export function readMoney(ctx: IExecuteFunctions, i: number, label: string, raw: unknown): Money {
	const { value, problem } = parseAmount(label, raw);
	if (!value) throw invalidParameter(ctx, i, problem!.field, problem!.reason);
	return value;
}

/** The fields of a collection parameter the user added (an added field set to '' counts as not given). */
export function givenFields(fields: IDataObject | undefined): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(fields ?? {})) {
		if (value !== undefined && value !== null && value !== '') out[key] = value;
	}
	return out;
}

// ------------------------------------------------------------------------------------------------
// waiting for OTTO's decision

/** Pause between polls when OTTO sends no Retry-After; doubles up to MAX_FALLBACK_POLL_MS. */
const FALLBACK_POLL_MS = 500;
const MAX_FALLBACK_POLL_MS = 10_000;
const MIN_POLL_MS = 20;

export type Waited = { request: IDataObject; decided: boolean } | { failure: { message: string; description?: string } };

/** Pause before the next poll: OTTO's Retry-After (seconds or a date), else the fallback backoff. */
function pollDelay(response: OttoResponse | undefined, fallback: number): number {
	const retryAfter = parseRetryAfter(response?.headers['retry-after']);
	return Math.max(retryAfter ?? fallback, MIN_POLL_MS);
}

/**
 * Sends `request` (a GET) until `settled` says OTTO's answer is final or the next poll would fall after `deadline`
 * (epoch ms), pausing as OTTO's Retry-After says (on `first`, the answer that started the wait, too) or with a
 * growing fallback pause. Returns the last answer and whether it was final.
 */
export async function pollUntil(
	this: OttoContext,
	request: OttoRequest,
	settled: (body: IDataObject) => boolean,
	deadline: number,
	first?: OttoResponse,
): Promise<{ body: IDataObject; settled: boolean }> {
	let fallback = FALLBACK_POLL_MS;
	let delay = first?.headers['retry-after'] ? pollDelay(first, fallback) : 0;
	let body: IDataObject = {};
	for (;;) {
		if (delay > 0) {
			if (Date.now() + delay > deadline) return { body, settled: false };
			await sleep(delay);
		}
		const response = await ottoRequest.call(this, request);
		body = (response.body && typeof response.body === 'object' ? response.body : {}) as IDataObject;
		if (settled(body)) return { body, settled: true };
		delay = pollDelay(response, fallback);
		if (!response.headers['retry-after']) fallback = Math.min(fallback * 2, MAX_FALLBACK_POLL_MS);
	}
}

/**
 * Polls `GET change-requests/{requestId}` until OTTO no longer says PENDING (see `pollUntil`). Requests are
 * waited for one after another with one shared deadline, so the whole wait stays within the timeout.
 */
export async function waitForDecisions(
	this: OttoContext,
	requests: Array<{ requestId: string; answer?: OttoResponse }>,
	timeoutSeconds: number,
	itemIndex?: number,
): Promise<Map<string, Waited>> {
	const deadline = Date.now() + timeoutSeconds * 1000;
	const out = new Map<string, Waited>();
	for (const { requestId, answer } of requests) {
		if (out.has(requestId)) continue;
		try {
			const { body, settled } = await pollUntil.call(
				this,
				{ method: 'GET', path: changeRequestPath(requestId), itemIndex },
				(request) => !isPending(request),
				deadline,
				answer,
			);
			out.set(requestId, { request: body, decided: settled });
		} catch (error) {
			out.set(requestId, { failure: errorOf(error) });
		}
	}
	return out;
}

/** What one entity of a write comes out as once the decision is known: OTTO's verdict, or the error of its item. */
export function decisionOf(
	requestId: string,
	waited: Waited | undefined,
	entity: { what: string; id?: string; count: number; ids: IDataObject },
	timeoutSeconds: number,
): { json?: IDataObject; error?: { message: string; description?: string } } {
	const named = `${entity.what}${entity.id ? ` ${entity.id}` : ''}`;
	if (!waited) return { error: { message: `No decision was read for change request ${requestId}` } };
	if ('failure' in waited) {
		return {
			error: {
				message: `Could not read OTTO's decision on the ${named} (change request ${requestId}): ${waited.failure.message}`,
				description: [waited.failure.description, `OTTO received the change. Check it with Ad Change Request → Get (request ID ${requestId}); do not send it again.`]
					.filter(Boolean)
					.join('\n'),
			},
		};
	}
	if (!waited.decided) {
		return {
			error: {
				message: `OTTO had not decided change request ${requestId} (${named}) within the decision timeout of ${timeoutSeconds} s`,
				description: `OTTO received the change and is still deciding; do not send it again. Check it later with Ad Change Request → Get (request ID ${requestId}), or raise "Decision Timeout".`,
			},
		};
	}
	const decision = entityDecision(waited.request, entity.id, entity.count);
	if (decision.status === 'ACCEPTED') {
		return {
			json: {
				...entity.ids,
				requestId,
				...(entity.id ? { entityId: entity.id } : {}),
				status: decision.status,
				...(decision.reason ? { reason: decision.reason } : {}),
				...(decision.entity ?? {}),
			},
		};
	}
	if (decision.status === 'REJECTED') {
		return {
			error: {
				message: `OTTO rejected the ${named}: ${decision.reason ?? 'OTTO gave no reason'}`,
				description: `Change request ${requestId} (${requestStatusOf(waited.request)}).`,
			},
		};
	}
	return {
		error: {
			message: `OTTO's decision on change request ${requestId} (${requestStatusOf(waited.request) || 'no status'}) does not say whether the ${named} was accepted`,
			description: `Read the whole decision with Ad Change Request → Get (request ID ${requestId}).`,
		},
	};
}

/** The `requestId` of a write's answer; a write OTTO answered without one cannot be waited for. */
export function requestIdOf(body: unknown): string | undefined {
	const id = body && typeof body === 'object' ? (body as IDataObject).requestId : undefined;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

/**
 * A write of one entity per input item (campaigns): sends it, and with "Wait for OTTO's Decision" returns OTTO's
 * decision (a rejection becomes the item's error). `result` is the item without waiting.
 */
export async function singleWrite(
	this: IExecuteFunctions,
	i: number,
	request: OttoRequest,
	entity: { what: string; idOf: (answer: IDataObject) => string | undefined; ids: (answer: IDataObject) => IDataObject },
	result: (answer: IDataObject) => IDataObject,
): Promise<IDataObject> {
	const wait = readWait(this, i);
	const response = await ottoRequest.call(this, { ...request, itemIndex: i });
	const answer = (response.body && typeof response.body === 'object' ? response.body : {}) as IDataObject;
	if (!wait.wait) return result(answer);
	const requestId = requestIdOf(answer);
	if (!requestId) {
		throw new NodeOperationError(this.getNode(), `OTTO's answer names no change request to wait for (${request.method} ${request.path})`, {
			itemIndex: i,
			description: `OTTO answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`,
		});
	}
	const waited = await waitForDecisions.call(this, [{ requestId, answer: response }], wait.timeoutSeconds, i);
	const decided = decisionOf(requestId, waited.get(requestId), { what: entity.what, id: entity.idOf(answer), count: 1, ids: entity.ids(answer) }, wait.timeoutSeconds);
	if (decided.error) throw new NodeOperationError(this.getNode(), decided.error.message, { itemIndex: i, description: decided.error.description });
	return decided.json!;
}

// ------------------------------------------------------------------------------------------------
// bulk writes of targets and keywords

/** One entry of a bulk write, read from one input item. */
export interface AdEntry {
	itemIndex: number;
	/** The collection the entry belongs to (targets of a campaign, keywords of a target): one request each. */
	path: string;
	/** Entries of one collection with the same key are sent once, with the last value given (`lastPerKey`). */
	key: string;
	/** What goes into the request for this entry (a body entry, or an id for a delete). */
	payload: IDataObject;
	/** The ids that name the entry in the output (campaignId, targetId, keywordId). */
	ids: IDataObject;
	/** The entity id OTTO's change request names (known before sending for updates and deletes). */
	entityId?: string;
	perItem: boolean;
	batchSize: number;
	concurrency: number;
	wait: WaitSettings;
	problem?: { message: string; description?: string };
}

export interface AdBulkWrite {
	/** "target", "keyword": how messages name an entity. */
	what: string;
	/** Largest number of entries per request. */
	maxBatch: number;
	/** Reads one item's entry; throws (invalidParameter) when it cannot be sent. */
	read: (ctx: IExecuteFunctions, i: number) => Pick<AdEntry, 'path' | 'key' | 'payload' | 'ids' | 'entityId'>;
	/** The request of one chunk of one collection. */
	request: (path: string, entries: AdEntry[]) => OttoRequest;
	/**
	 * What OTTO's answer says about each entry sent (creates: the new id); default: nothing beyond the request id.
	 * Returned in the order of `entries`.
	 */
	split?: (answer: IDataObject, entries: AdEntry[]) => Array<{ fields: IDataObject; entityId?: string }>;
}

/** Entries per request when OTTO documents no maximum: all entries of a collection in one request. */
export const NO_DOCUMENTED_MAX = Number.MAX_SAFE_INTEGER;

/**
 * Targets or keywords per write request. OTTO documents no maximum for the writes; its lists serve at most
 * 1,000 per page (docs/otto-api.md §4.11), and a write is split at the same size, so a large upload never
 * depends on OTTO taking more in one request than it lists.
 */
export const MAX_ADS_PER_WRITE = 1000;

/** "Concurrency", "Max Requests per Second", "One Request per Item"; no "Batch Size": OTTO names no maximum per request. */
export function adBulkOptions(what: string): INodeProperties {
	return bulkOptionsField({ what });
}

/**
 * A bulk write of targets or keywords: the input items of one collection (one campaign's targets, one target's
 * keywords) go in one request, or one request per item; invalid items are never sent and fail alone; OTTO's
 * answer (a change request for all entries of a request) is split back onto the items and, when asked, the
 * decision is waited for and returned per entity.
 */
export function adBulkWrite(config: AdBulkWrite) {
	return async function executeBulk(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<BulkResult[]> {
		const entries: AdEntry[] = items.map((_, i) => {
			const entry: AdEntry = {
				itemIndex: i,
				path: '',
				key: '',
				payload: {},
				ids: {},
				perItem: false,
				batchSize: config.maxBatch,
				concurrency: 1,
				wait: { wait: false, timeoutSeconds: DEFAULT_DECISION_TIMEOUT_SECONDS },
			};
			try {
				const { batchSize, perItem, concurrency } = readBulkOptions(this, i, config.maxBatch);
				Object.assign(entry, { batchSize, perItem, concurrency, wait: readWait(this, i) }, config.read(this, i));
			} catch (error) {
				entry.problem = errorOf(error);
			}
			return entry;
		});

		const sent = new Map<AdEntry, { requestId?: string; response: OttoResponse; fields: IDataObject; entityId?: string; count: number }>();
		const failed = new Map<AdEntry, BulkResult>();
		const valid = entries.filter((e) => !e.problem);
		const { unique, sentAs } = lastPerKey(
			valid.filter((e) => !e.perItem),
			(e) => `${e.path} ${e.key}`,
		);
		// one group per collection (all combining items), then every "one request per item" item alone
		const byPath = new Map<string, AdEntry[]>();
		for (const entry of unique) {
			const group = byPath.get(entry.path);
			if (group) group.push(entry);
			else byPath.set(entry.path, [entry]);
		}
		const groups = [...byPath.values(), ...requestGroups(valid.filter((e) => e.perItem), () => false)];
		let fatal: { message: string; description?: string } | undefined;
		for (const group of groups) {
			if (fatal) {
				for (const entry of group) failed.set(entry, { itemIndex: entry.itemIndex, error: fatal });
				continue;
			}
			const single = group[0].perItem;
			const chunks = await sendChunks(
				this,
				group,
				single ? NO_DOCUMENTED_MAX : group[0].batchSize,
				async function (this: OttoContext, batch) {
					const request = config.request(group[0].path, batch.entries);
					return await ottoRequest.call(this, { ...request, itemIndex: single ? group[0].itemIndex : request.itemIndex });
				},
				isAuthFailure,
				group[0].concurrency,
			);
			for (const { entries: chunk, outcome } of chunks) {
				if (outcome.error) {
					const error = errorOf(outcome.error);
					if (isAuthFailure(outcome.error)) fatal = error;
					for (const entry of chunk) failed.set(entry, { itemIndex: entry.itemIndex, error });
					continue;
				}
				const answer = (outcome.result.body && typeof outcome.result.body === 'object' ? outcome.result.body : {}) as IDataObject;
				const split: Array<{ fields: IDataObject; entityId?: string }> = config.split?.(answer, chunk) ?? chunk.map(() => ({ fields: {} }));
				chunk.forEach((entry, k) => {
					sent.set(entry, {
						requestId: requestIdOf(answer),
						response: outcome.result,
						fields: split[k]?.fields ?? {},
						entityId: split[k]?.entityId ?? entry.entityId,
						count: chunk.length,
					});
				});
			}
		}

		// OTTO's decisions, for the entries whose item asked to wait
		const waiting = [...sent.entries()].filter(([entry, s]) => entry.wait.wait && s.requestId);
		const timeoutSeconds = Math.max(1, ...waiting.map(([entry]) => entry.wait.timeoutSeconds));
		const decisions = waiting.length
			? await waitForDecisions.call(
					this,
					waiting.map(([, s]) => ({ requestId: s.requestId!, answer: s.response })),
					timeoutSeconds,
				)
			: new Map<string, Waited>();

		const resultOf = (entry: AdEntry): BulkResult | undefined => {
			const failure = failed.get(entry);
			if (failure) return failure;
			const s = sent.get(entry);
			if (!s) return undefined;
			const ids = { ...entry.ids, ...(s.entityId ? { [`${config.what}Id`]: s.entityId } : {}) };
			if (!entry.wait.wait) return { itemIndex: entry.itemIndex, json: { ...ids, ...entry.payload, ...s.fields, ...(s.requestId ? { requestId: s.requestId } : {}) } };
			// with the decision: the ids, and what OTTO's create answered for the entity (its SKU or keyword)
			const named = { ...entry.ids, ...s.fields, ...ids };
			if (!s.requestId) {
				return {
					itemIndex: entry.itemIndex,
					error: { message: `OTTO's answer names no change request to wait for (${config.what} ${s.entityId ?? entry.key})` },
				};
			}
			const decided = decisionOf(s.requestId, decisions.get(s.requestId), { what: config.what, id: s.entityId, count: s.count, ids: named }, entry.wait.timeoutSeconds);
			return decided.error ? { itemIndex: entry.itemIndex, error: decided.error } : { itemIndex: entry.itemIndex, json: decided.json };
		};

		return entries.map(
			(entry): BulkResult =>
				entry.problem
					? { itemIndex: entry.itemIndex, error: entry.problem }
					: (resultOf(entry) ??
						resultAs(resultOf(sentAs.get(entry)!), entry.itemIndex) ?? {
							itemIndex: entry.itemIndex,
							error: { message: `The ${config.what} was not sent to OTTO` },
						}),
		);
	};
}

/**
 * The entries of a create's answer (`{requestId, targets: [{targetId, sku}]}`) matched to the entries sent: by
 * `matchKey` (sku, keyword), else by position when OTTO answered one entry per entry sent. OTTO's entry is
 * passed on untouched; its `idKey` is the entity the change request names.
 */
export function splitCreated(listKey: string, idKey: string, matchKey: string) {
	return (answer: IDataObject, entries: AdEntry[]): Array<{ fields: IDataObject; entityId?: string }> => {
		const own = answer[listKey];
		const list = (Array.isArray(own) ? own : (Object.values(answer).find((v) => Array.isArray(v)) ?? [])) as IDataObject[];
		const byKey = new Map<string, IDataObject>();
		for (const created of list) {
			if (created && typeof created === 'object' && created[matchKey] !== undefined) byKey.set(String(created[matchKey]), created);
		}
		return entries.map((entry, k) => {
			const created = byKey.get(String(entry.payload[matchKey])) ?? (list.length === entries.length ? list[k] : undefined);
			if (!created || typeof created !== 'object') return { fields: {} };
			const id = created[idKey];
			return { fields: created, entityId: id === undefined || id === null || id === '' ? undefined : String(id) };
		});
	};
}

/** Bid and status of a target or keyword as OTTO takes them, from the fields the user gave. */
export function toBidAndStatus(ctx: IExecuteFunctions, i: number, fields: IDataObject, statuses: readonly string[]): IDataObject {
	const out: IDataObject = {};
	const given = givenFields(fields);
	if (given.bid !== undefined) out.bid = readMoney(ctx, i, 'Bid (EUR)', given.bid) as unknown as IDataObject;
	if (given.status !== undefined) {
		const status = String(given.status).toUpperCase();
		if (!statuses.includes(status)) throw invalidParameter(ctx, i, 'Status', `"${String(given.status)}" is not one of ${statuses.join(', ')}`);
		out.status = status;
	}
	return out;
}

/** Ids per DELETE: OTTO names no maximum, but every id lengthens the URL (about 50 characters each). */
export const MAX_IDS_PER_DELETE = 100;
