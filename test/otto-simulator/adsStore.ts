/**
 * Sponsored Product Ads state (`sim.data.ads`, REFERENCE §4.11): campaigns, targets per campaign, keywords per
 * target, change requests (writes waiting for OTTO's decision) and SPA reports.
 *
 * Lists keep creation order: every entity gets a sequence number when it is accepted, and cursors point at
 * sequence numbers, so a cursor stays valid while entities are added or removed between pages.
 * Writes never change the lists directly: routes queue operations in a change request, and `decide()` applies
 * the accepted ones (rules below) when the change request is polled often enough (or `decideAll()`).
 */
import type {
	AdCampaign,
	AdChangeEntity,
	AdChangeRequest,
	AdChangeStatus,
	AdEntityType,
	AdKeyword,
	AdReportKind,
	AdReportStatus,
	AdTarget,
	Amount,
} from './model';
import { decodeCursor, encodeCursor } from './paging';
import { Random } from './prng';
import type { AdsConfig, SimulatorConfig } from './types';

export const DEFAULT_ADS_CONFIG: Readonly<AdsConfig> = Object.freeze({ changeRequestPolls: 2, reportPolls: 2, retryAfterSeconds: 1 });

/** The ads timing in effect: the configured fields over the defaults. */
export function adsConfig(config: Readonly<SimulatorConfig>): AdsConfig {
	return { ...DEFAULT_ADS_CONFIG, ...(config.ads ?? {}) };
}

/** Decision rules (REJECTED entities, not 400s). */
export const AD_MIN_BID = 0.1;
export const AD_MIN_DAILY_BUDGET = 1;
export const AD_MAX_KEYWORD_LENGTH = 80;
/** A report whose `campaignIds` contain this id ends FAILED (see README). */
export const ADS_FAIL_REPORT_CAMPAIGN_ID = 'FAIL-REPORT';

export interface SeededAds {
	campaigns: AdCampaign[];
	targets: AdTarget[];
	keywords: AdKeyword[];
}

// ------------------------------------------------------------------------------------------------
// ordered list with sequence numbers

interface Entry<T> {
	seq: number;
	value: T;
}

export interface ListPage<T> {
	items: T[];
	nextCursor: string | null;
	prevCursor: string | null;
}

export class SeqList<T> {
	private entries: Array<Entry<T>> = [];
	private readonly byId = new Map<string, Entry<T>>();

	constructor(
		/** Names the list inside its cursors (a cursor of another list is refused). */
		readonly key: string,
		private readonly idOf: (value: T) => string,
	) {}

	get size(): number {
		return this.entries.length;
	}

	add(value: T, seq: number): void {
		const entry = { seq, value };
		this.entries.push(entry);
		this.byId.set(this.idOf(value), entry);
	}

	get(id: string): T | undefined {
		return this.byId.get(id)?.value;
	}

	remove(id: string): T | undefined {
		const entry = this.byId.get(id);
		if (!entry) return undefined;
		this.byId.delete(id);
		this.entries.splice(this.firstIndex((s) => s >= entry.seq), 1);
		return entry.value;
	}

	values(): T[] {
		return this.entries.map((e) => e.value);
	}

	/** Index of the first entry whose seq satisfies the (monotone) predicate. */
	private firstIndex(pred: (seq: number) => boolean): number {
		let lo = 0;
		let hi = this.entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (pred(this.entries[mid].seq)) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	/**
	 * One page. `cursor` (from a previous page of this list) is `{l, a}` = entries after seq a, or `{l, b}` =
	 * the `limit` entries before seq b. Returns undefined when the cursor is not one of this list.
	 */
	page(cursor: string | undefined, limit: number): ListPage<T> | undefined {
		let start: number;
		let end: number;
		if (cursor === undefined) {
			start = 0;
			end = Math.min(this.entries.length, limit);
		} else {
			const decoded = decodeCursor(cursor) as { l?: unknown; a?: unknown; b?: unknown } | undefined;
			if (!decoded || typeof decoded !== 'object' || decoded.l !== this.key) return undefined;
			if (Number.isInteger(decoded.a)) {
				start = this.firstIndex((s) => s > (decoded.a as number));
				end = Math.min(this.entries.length, start + limit);
			} else if (Number.isInteger(decoded.b)) {
				end = this.firstIndex((s) => s >= (decoded.b as number));
				start = Math.max(0, end - limit);
			} else return undefined;
		}
		const items = this.entries.slice(start, end).map((e) => e.value);
		const nextCursor = end < this.entries.length ? encodeCursor({ l: this.key, a: this.entries[end].seq - 1 }) : null;
		const prevCursor = start > 0 ? encodeCursor({ l: this.key, b: this.entries[start - 1].seq + 1 }) : null;
		return { items, nextCursor, prevCursor };
	}
}

// ------------------------------------------------------------------------------------------------
// change requests

/** RFC 7396 JSON Merge Patch: fields given replace, `null` removes, objects merge recursively. */
export function mergePatch(target: unknown, patch: unknown): unknown {
	if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
	const result: Record<string, unknown> =
		target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
	for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
		if (value === null) delete result[key];
		else result[key] = mergePatch(result[key], value);
	}
	return result;
}

export type AdOperation =
	| { type: 'createCampaign'; campaign: AdCampaign }
	| { type: 'updateCampaign'; campaignId: string; patch: Record<string, unknown> }
	| { type: 'createTarget'; target: AdTarget }
	| { type: 'updateTarget'; campaignId: string; targetId: string; patch: Record<string, unknown> }
	| { type: 'deleteTarget'; campaignId: string; targetId: string }
	| { type: 'createKeyword'; campaignId: string; keyword: AdKeyword }
	| { type: 'updateKeyword'; campaignId: string; targetId: string; keywordId: string; patch: Record<string, unknown> }
	| { type: 'deleteKeyword'; campaignId: string; targetId: string; keywordId: string };

export interface AdChangeRequestRecord {
	requestId: string;
	createdAt: string;
	status: AdChangeStatus;
	/** GETs of the change request so far. */
	polls: number;
	operations: AdOperation[];
	entities: AdChangeEntity[];
}

function entityOf(op: AdOperation): { entityId: string; entityType: AdEntityType } {
	switch (op.type) {
		case 'createCampaign':
			return { entityId: op.campaign.campaignId, entityType: 'CAMPAIGN' };
		case 'updateCampaign':
			return { entityId: op.campaignId, entityType: 'CAMPAIGN' };
		case 'createTarget':
			return { entityId: op.target.targetId, entityType: 'TARGET' };
		case 'updateTarget':
		case 'deleteTarget':
			return { entityId: op.targetId, entityType: 'TARGET' };
		case 'createKeyword':
			return { entityId: op.keyword.keywordId, entityType: 'KEYWORD' };
		case 'updateKeyword':
		case 'deleteKeyword':
			return { entityId: op.keywordId, entityType: 'KEYWORD' };
	}
}

function fmt(amount: number): string {
	return amount.toFixed(2);
}

/** The merged money object: the currency is EUR (the only one), a missing amount stays missing. */
function mergedAmount(value: unknown): Amount | undefined {
	if (value === undefined) return undefined;
	const v = value as Partial<Amount>;
	return { ...v, currency: v.currency ?? 'EUR' } as Amount;
}

// ------------------------------------------------------------------------------------------------
// reports

export interface AdReportRecord {
	reportId: string;
	kind: AdReportKind;
	fromDate: string;
	toDate: string;
	campaignIds?: string[];
	status: AdReportStatus;
	/** Status GETs so far. */
	polls: number;
	/** Ends FAILED instead of READY (magic campaign id or `failReport`). */
	fail: boolean;
	createdAt: string;
	/** The CSV, built when the report became READY. */
	csv?: string;
}

/** What the ads need of the rest of the simulator. */
export interface AdsCatalog {
	hasSku(sku: string): boolean;
}

export class AdsStore {
	campaigns = new SeqList<AdCampaign>('campaigns', (c) => c.campaignId);
	changeRequests = new Map<string, AdChangeRequestRecord>();
	reports = new Map<string, AdReportRecord>();
	/** Ids of entities created at runtime (own stream, so ads traffic leaves the other runtime ids alone). */
	random = new Random(1);
	private targetsByCampaign = new Map<string, SeqList<AdTarget>>();
	private keywordsByTarget = new Map<string, SeqList<AdKeyword>>();
	private targetIndex = new Map<string, AdTarget>();
	private seq = 0;

	constructor(private readonly catalog: AdsCatalog) {}

	load(seeded: SeededAds, seed: number): void {
		this.campaigns = new SeqList<AdCampaign>('campaigns', (c) => c.campaignId);
		this.targetsByCampaign = new Map();
		this.keywordsByTarget = new Map();
		this.targetIndex = new Map();
		this.changeRequests = new Map();
		this.reports = new Map();
		this.seq = 0;
		this.random = new Random((seed ^ 0xad5ad5) >>> 0);
		for (const c of seeded.campaigns) this.addCampaign(structuredClone(c));
		for (const t of seeded.targets) this.addTarget(structuredClone(t));
		for (const k of seeded.keywords) this.addKeyword(structuredClone(k));
	}

	newId(): string {
		return this.random.uuid();
	}

	// --- accepted entities (seed, inject helpers and decided change requests) ----------------------

	addCampaign(campaign: AdCampaign): AdCampaign {
		if (this.campaigns.get(campaign.campaignId)) throw new Error(`Campaign ${campaign.campaignId} exists`);
		this.campaigns.add(campaign, ++this.seq);
		this.targetsByCampaign.set(campaign.campaignId, new SeqList(`targets:${campaign.campaignId}`, (t) => t.targetId));
		return campaign;
	}

	addTarget(target: AdTarget): AdTarget {
		const list = this.targetsByCampaign.get(target.campaignId);
		if (!list) throw new Error(`Campaign ${target.campaignId} not found`);
		if (this.targetIndex.has(target.targetId)) throw new Error(`Target ${target.targetId} exists`);
		list.add(target, ++this.seq);
		this.targetIndex.set(target.targetId, target);
		this.keywordsByTarget.set(target.targetId, new SeqList(`keywords:${target.targetId}`, (k) => k.keywordId));
		return target;
	}

	addKeyword(keyword: AdKeyword): AdKeyword {
		const list = this.keywordsByTarget.get(keyword.targetId);
		if (!list) throw new Error(`Target ${keyword.targetId} not found`);
		list.add(keyword, ++this.seq);
		return keyword;
	}

	getCampaign(campaignId: string): AdCampaign | undefined {
		return this.campaigns.get(campaignId);
	}

	targetsOf(campaignId: string): SeqList<AdTarget> | undefined {
		return this.targetsByCampaign.get(campaignId);
	}

	getTarget(campaignId: string, targetId: string): AdTarget | undefined {
		return this.targetsByCampaign.get(campaignId)?.get(targetId);
	}

	keywordsOf(targetId: string): SeqList<AdKeyword> | undefined {
		return this.keywordsByTarget.get(targetId);
	}

	getKeyword(campaignId: string, targetId: string, keywordId: string): AdKeyword | undefined {
		if (!this.getTarget(campaignId, targetId)) return undefined;
		return this.keywordsByTarget.get(targetId)?.get(keywordId);
	}

	/** Removes a target and its keywords. */
	removeTarget(campaignId: string, targetId: string): AdTarget | undefined {
		const removed = this.targetsByCampaign.get(campaignId)?.remove(targetId);
		if (!removed) return undefined;
		this.targetIndex.delete(targetId);
		this.keywordsByTarget.delete(targetId);
		return removed;
	}

	allTargets(): AdTarget[] {
		return this.campaigns.values().flatMap((c) => this.targetsByCampaign.get(c.campaignId)?.values() ?? []);
	}

	counts(): Record<string, number> {
		let keywords = 0;
		for (const list of this.keywordsByTarget.values()) keywords += list.size;
		return { adCampaigns: this.campaigns.size, adTargets: this.targetIndex.size, adKeywords: keywords };
	}

	// --- change requests ---------------------------------------------------------------------------

	/** Queues operations as one change request; `decideNow` (0 polls configured) decides it at once. */
	createChangeRequest(operations: AdOperation[], decideNow = false): AdChangeRequestRecord {
		const record: AdChangeRequestRecord = {
			requestId: this.newId(),
			createdAt: new Date().toISOString(),
			status: 'PENDING',
			polls: 0,
			operations,
			entities: operations.map((op) => ({ ...entityOf(op), status: 'PENDING' })),
		};
		this.changeRequests.set(record.requestId, record);
		if (decideNow) this.decide(record);
		return record;
	}

	/** One GET of a change request: decided on the `pollsUntilDecided`-th GET. */
	pollChangeRequest(record: AdChangeRequestRecord, pollsUntilDecided: number): void {
		record.polls++;
		if (record.status === 'PENDING' && record.polls >= pollsUntilDecided) this.decide(record);
	}

	/** Decides every pending change request (oldest first). */
	decideAll(): AdChangeRequestRecord[] {
		const pending = [...this.changeRequests.values()].filter((r) => r.status === 'PENDING');
		for (const record of pending) this.decide(record);
		return pending;
	}

	/** Decides the operations in order against the state at this moment and applies the accepted ones. */
	decide(record: AdChangeRequestRecord): void {
		if (record.status !== 'PENDING') return;
		record.operations.forEach((op, i) => {
			const reason = this.apply(op);
			const entity = record.entities[i];
			entity.status = reason === undefined ? 'ACCEPTED' : 'REJECTED';
			if (reason !== undefined) entity.reason = reason;
		});
		const accepted = record.entities.filter((e) => e.status === 'ACCEPTED').length;
		record.status = accepted === record.entities.length ? 'ACCEPTED' : accepted === 0 ? 'REJECTED' : 'PARTIALLY_ACCEPTED';
	}

	presentChangeRequest(record: AdChangeRequestRecord): AdChangeRequest {
		return { requestId: record.requestId, status: record.status, entities: record.entities.map((e) => ({ ...e })) };
	}

	/** Applies one operation; returns the rejection reason, or undefined when accepted (and applied). */
	private apply(op: AdOperation): string | undefined {
		const now = new Date().toISOString();
		switch (op.type) {
			case 'createCampaign': {
				const reason = this.campaignRule(op.campaign);
				if (reason) return reason;
				this.addCampaign({ ...op.campaign, createdAt: now, lastModifiedAt: now });
				return undefined;
			}
			case 'updateCampaign': {
				const campaign = this.getCampaign(op.campaignId);
				if (!campaign) return `Campaign '${op.campaignId}' not found`;
				if (campaign.status === 'ARCHIVED') return 'The campaign is ARCHIVED; archived campaigns cannot be changed';
				const merged = mergePatch(campaign, op.patch) as AdCampaign;
				merged.dailyBudget = mergedAmount(merged.dailyBudget) as Amount;
				const reason = this.campaignRule(merged);
				if (reason) return reason;
				for (const key of Object.keys(campaign) as Array<keyof AdCampaign>) delete campaign[key];
				Object.assign(campaign, merged, { campaignId: op.campaignId, lastModifiedAt: now });
				return undefined;
			}
			case 'createTarget': {
				const { target } = op;
				const campaign = this.getCampaign(target.campaignId);
				if (!campaign) return `Campaign '${target.campaignId}' not found`;
				if (campaign.status === 'ARCHIVED') return 'The campaign is ARCHIVED; archived campaigns cannot be changed';
				if (!this.catalog.hasSku(target.sku)) return `Unknown SKU '${target.sku}': no product with this SKU exists`;
				if (this.targetsOf(campaign.campaignId)?.values().some((t) => t.sku === target.sku)) {
					return `The campaign already targets SKU '${target.sku}'`;
				}
				const reason = this.bidRule(target.bid);
				if (reason) return reason;
				this.addTarget({ ...target });
				return undefined;
			}
			case 'updateTarget': {
				const campaign = this.getCampaign(op.campaignId);
				const target = this.getTarget(op.campaignId, op.targetId);
				if (!campaign || !target) return `Target '${op.targetId}' not found in campaign '${op.campaignId}'`;
				if (campaign.status === 'ARCHIVED') return 'The campaign is ARCHIVED; archived campaigns cannot be changed';
				const merged = mergePatch(target, op.patch) as AdTarget;
				if (merged.bid !== undefined) merged.bid = mergedAmount(merged.bid);
				const reason = this.bidRule(merged.bid);
				if (reason) return reason;
				delete target.bid;
				Object.assign(target, merged, { targetId: target.targetId, campaignId: target.campaignId, sku: target.sku });
				return undefined;
			}
			case 'deleteTarget': {
				const campaign = this.getCampaign(op.campaignId);
				if (!campaign || !this.getTarget(op.campaignId, op.targetId)) return `Target '${op.targetId}' not found in campaign '${op.campaignId}'`;
				if (campaign.status === 'ARCHIVED') return 'The campaign is ARCHIVED; archived campaigns cannot be changed';
				this.removeTarget(op.campaignId, op.targetId);
				return undefined;
			}
			case 'createKeyword': {
				const { keyword } = op;
				const campaign = this.getCampaign(op.campaignId);
				if (!campaign || !this.getTarget(op.campaignId, keyword.targetId)) {
					return `Target '${keyword.targetId}' not found in campaign '${op.campaignId}'`;
				}
				if (campaign.status === 'ARCHIVED') return 'The campaign is ARCHIVED; archived campaigns cannot be changed';
				if (keyword.keyword.length > AD_MAX_KEYWORD_LENGTH) {
					return `Keyword is ${keyword.keyword.length} characters long; at most ${AD_MAX_KEYWORD_LENGTH} are allowed`;
				}
				const lower = keyword.keyword.toLowerCase();
				if (this.keywordsOf(keyword.targetId)?.values().some((k) => k.matchType === keyword.matchType && k.keyword.toLowerCase() === lower)) {
					return `The target already has the keyword '${keyword.keyword}' with match type ${keyword.matchType}`;
				}
				const reason = this.bidRule(keyword.bid);
				if (reason) return reason;
				this.addKeyword({ ...keyword });
				return undefined;
			}
			case 'updateKeyword': {
				const campaign = this.getCampaign(op.campaignId);
				const keyword = this.getKeyword(op.campaignId, op.targetId, op.keywordId);
				if (!campaign || !keyword) return `Keyword '${op.keywordId}' not found at target '${op.targetId}'`;
				if (campaign.status === 'ARCHIVED') return 'The campaign is ARCHIVED; archived campaigns cannot be changed';
				const merged = mergePatch(keyword, op.patch) as AdKeyword;
				if (merged.bid !== undefined) merged.bid = mergedAmount(merged.bid);
				const reason = this.bidRule(merged.bid);
				if (reason) return reason;
				delete keyword.bid;
				Object.assign(keyword, merged, {
					keywordId: keyword.keywordId,
					targetId: keyword.targetId,
					keyword: keyword.keyword,
					matchType: keyword.matchType,
				});
				return undefined;
			}
			case 'deleteKeyword': {
				const campaign = this.getCampaign(op.campaignId);
				if (!campaign || !this.getKeyword(op.campaignId, op.targetId, op.keywordId)) {
					return `Keyword '${op.keywordId}' not found at target '${op.targetId}'`;
				}
				if (campaign.status === 'ARCHIVED') return 'The campaign is ARCHIVED; archived campaigns cannot be changed';
				this.keywordsOf(op.targetId)?.remove(op.keywordId);
				return undefined;
			}
		}
	}

	private campaignRule(campaign: AdCampaign): string | undefined {
		const budget = campaign.dailyBudget?.amount;
		if (typeof budget !== 'number') return 'The daily budget needs an amount';
		if (budget < AD_MIN_DAILY_BUDGET) return `Daily budget ${fmt(budget)} EUR is below the minimum of ${fmt(AD_MIN_DAILY_BUDGET)} EUR`;
		if (campaign.endDate !== undefined && campaign.endDate < campaign.startDate) {
			return `endDate ${campaign.endDate} is before startDate ${campaign.startDate}`;
		}
		return undefined;
	}

	private bidRule(bid: Amount | undefined): string | undefined {
		if (bid === undefined) return undefined;
		if (typeof bid.amount !== 'number') return 'The bid needs an amount';
		if (bid.amount < AD_MIN_BID) return `Bid ${fmt(bid.amount)} EUR is below the minimum bid of ${fmt(AD_MIN_BID)} EUR`;
		return undefined;
	}

	// --- reports -----------------------------------------------------------------------------------

	addReport(spec: { kind: AdReportKind; fromDate: string; toDate: string; campaignIds?: string[] }): AdReportRecord {
		const report: AdReportRecord = {
			reportId: this.newId(),
			kind: spec.kind,
			fromDate: spec.fromDate,
			toDate: spec.toDate,
			...(spec.campaignIds ? { campaignIds: [...spec.campaignIds] } : {}),
			status: 'PENDING',
			polls: 0,
			fail: spec.campaignIds?.includes(ADS_FAIL_REPORT_CAMPAIGN_ID) ?? false,
			createdAt: new Date().toISOString(),
		};
		this.reports.set(report.reportId, report);
		return report;
	}

	/** Makes a report end FAILED (at once when it is still PENDING; a READY report stays READY). */
	failReport(reportId: string): AdReportRecord {
		const report = this.reports.get(reportId);
		if (!report) throw new Error(`Report ${reportId} not found`);
		report.fail = true;
		if (report.status === 'PENDING') report.status = 'FAILED';
		return report;
	}
}
