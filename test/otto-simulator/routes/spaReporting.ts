/**
 * SPA Reporting v1 (scope `advertising-services`), REFERENCE §4.11; choices in the README ("Sponsored Product Ads").
 * - `GET …/campaign-performance` / `GET …/product-performance`: KPIs over `fromDate`…`toDate` (both or neither,
 *   default the 7 days before today), optional `campaignId`.
 * - `POST …/{campaign,keyword,product}-performance` queues a report; `GET …/{kind}-performance/status?reportId=`
 *   answers PENDING until its `config.ads.reportPolls`-th GET, then READY (or FAILED); `GET …/reports/download?reportId=`
 *   gives the READY report as CSV.
 * Numbers are deterministic: each (target or keyword, day) gets its KPIs from a hash of its id and the date, counted
 * on the days the campaign runs (startDate … endDate, not after today).
 */
import { z } from 'zod';
import { ADS_FAIL_REPORT_CAMPAIGN_ID, adsConfig, type AdReportRecord, type AdsStore } from '../adsStore';
import { apiError } from '../errors';
import { AD_REPORT_KINDS, type AdCampaign, type AdReportKind, type Amount } from '../model';
import { mulberry32, round2 } from '../prng';
import type { RouteContext, RouteModule, RouteResponse } from '../router';
import { parseBody, parseQuery, qString } from '../validation';
import { ADS_SCOPE, addDays, dateOnly, daysBetween, invalidField, isDateOnly, retryAfter, todayUtc } from './adsCommon';

const PREFIX = '/v1/spa-reporting';
/** Longest report: toDate − fromDate at most this many days. */
export const REPORT_MAX_RANGE_DAYS = 90;
/** Default KPI range: the 7 days before today. */
export const KPI_DEFAULT_DAYS = 7;

// ------------------------------------------------------------------------------------------------
// deterministic KPIs

interface Kpis {
	impressions: number;
	clicks: number;
	cost: number;
	sales: number;
	orders: number;
}

function hash32(value: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < value.length; i++) {
		h ^= value.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** KPIs of one entity on one day (`scale` 1 for targets, smaller for keywords). */
export function dayKpis(entityId: string, date: string, scale = 1): Kpis {
	const r = mulberry32(hash32(`${entityId}|${date}`));
	const impressions = Math.floor(r() * 1500 * scale);
	const clicks = Math.floor(impressions * (0.002 + r() * 0.03));
	const cost = round2(clicks * (0.1 + r() * 0.7));
	const orders = Math.floor(clicks * r() * 0.12);
	const sales = round2(orders * (10 + r() * 90));
	return { impressions, clicks, cost, sales, orders };
}

const zero = (): Kpis => ({ impressions: 0, clicks: 0, cost: 0, sales: 0, orders: 0 });

function add(sum: Kpis, k: Kpis): void {
	sum.impressions += k.impressions;
	sum.clicks += k.clicks;
	sum.cost = round2(sum.cost + k.cost);
	sum.sales = round2(sum.sales + k.sales);
	sum.orders += k.orders;
}

/** Days of [from, to] on which the campaign ran (not after today). */
function runningDays(campaign: AdCampaign, from: string, to: string): string[] {
	const today = todayUtc();
	let first = from > campaign.startDate ? from : campaign.startDate;
	let last = to < today ? to : today;
	if (campaign.endDate !== undefined && campaign.endDate < last) last = campaign.endDate;
	const days: string[] = [];
	for (; first <= last; first = addDays(first, 1)) days.push(first);
	return days;
}

const eur = (amount: number): Amount => ({ amount, currency: 'EUR' });

function presentKpis(k: Kpis) {
	return {
		impressions: k.impressions,
		clicks: k.clicks,
		cost: eur(k.cost),
		sales: eur(k.sales),
		orders: k.orders,
		ctr: k.impressions > 0 ? Math.round((k.clicks / k.impressions) * 10_000) / 10_000 : 0,
		roas: k.cost > 0 ? round2(k.sales / k.cost) : 0,
	};
}

function campaignsFor(ads: AdsStore, campaignIds: string[] | undefined): AdCampaign[] {
	const all = ads.campaigns.values();
	return campaignIds ? all.filter((c) => campaignIds.includes(c.campaignId)) : all;
}

// ------------------------------------------------------------------------------------------------
// GET KPIs

const kpiQuery = z.object({ campaignId: qString(), fromDate: qString(), toDate: qString() });

/** `fromDate`/`toDate`: both or neither (default the 7 days before today), dates, from ≤ to. */
function kpiRange(ctx: RouteContext, fromDate: string | undefined, toDate: string | undefined): { fromDate: string; toDate: string } {
	if (fromDate === undefined && toDate === undefined) {
		const today = todayUtc();
		return { fromDate: addDays(today, -KPI_DEFAULT_DAYS), toDate: addDays(today, -1) };
	}
	if (fromDate === undefined) throw invalidField(ctx, 'fromDate', 'is required when toDate is given (give both or neither)');
	if (toDate === undefined) throw invalidField(ctx, 'toDate', 'is required when fromDate is given (give both or neither)');
	if (!isDateOnly(fromDate)) throw invalidField(ctx, 'fromDate', `must be a date (YYYY-MM-DD), got '${fromDate}'`);
	if (!isDateOnly(toDate)) throw invalidField(ctx, 'toDate', `must be a date (YYYY-MM-DD), got '${toDate}'`);
	if (fromDate > toDate) throw invalidField(ctx, 'fromDate', `must not be after toDate (${fromDate} > ${toDate})`);
	return { fromDate, toDate };
}

function campaignPerformance(ctx: RouteContext): RouteResponse {
	const q = parseQuery(kpiQuery, ctx.query, ctx.path);
	const range = kpiRange(ctx, q.fromDate, q.toDate);
	const ads = ctx.data.ads;
	const campaigns = campaignsFor(ads, q.campaignId ? [q.campaignId] : undefined).map((c) => {
		const sum = zero();
		const days = runningDays(c, range.fromDate, range.toDate);
		for (const t of ads.targetsOf(c.campaignId)?.values() ?? []) for (const d of days) add(sum, dayKpis(t.targetId, d));
		return { campaignId: c.campaignId, name: c.name, ...presentKpis(sum) };
	});
	return { status: 200, body: { campaigns, ...range } };
}

function productPerformance(ctx: RouteContext): RouteResponse {
	const q = parseQuery(kpiQuery, ctx.query, ctx.path);
	const range = kpiRange(ctx, q.fromDate, q.toDate);
	const ads = ctx.data.ads;
	const bySku = new Map<string, Kpis>();
	for (const c of campaignsFor(ads, q.campaignId ? [q.campaignId] : undefined)) {
		const days = runningDays(c, range.fromDate, range.toDate);
		for (const t of ads.targetsOf(c.campaignId)?.values() ?? []) {
			const sum = bySku.get(t.sku) ?? zero();
			for (const d of days) add(sum, dayKpis(t.targetId, d));
			bySku.set(t.sku, sum);
		}
	}
	const products = [...bySku].map(([sku, k]) => ({ sku, ...presentKpis(k) }));
	return { status: 200, body: { products, ...range } };
}

// ------------------------------------------------------------------------------------------------
// reports

const reportBody = z
	.object({
		fromDate: dateOnly(),
		toDate: dateOnly(),
		campaignIds: z
			.array(z.string({ invalid_type_error: 'must be a string' }).min(1, 'must not be empty'), { invalid_type_error: 'must be an array of campaign ids' })
			.max(1000, 'must have at most 1000 entries')
			.optional(),
	})
	.strict()
	.superRefine((b, ctx) => {
		if (b.fromDate > b.toDate) ctx.addIssue({ code: 'custom', path: ['fromDate'], message: `must not be after toDate (${b.fromDate} > ${b.toDate})` });
		else if (daysBetween(b.fromDate, b.toDate) > REPORT_MAX_RANGE_DAYS) {
			ctx.addIssue({
				code: 'custom',
				path: ['toDate'],
				message: `the range may span at most ${REPORT_MAX_RANGE_DAYS} days (toDate − fromDate), got ${daysBetween(b.fromDate, b.toDate)}`,
			});
		}
	});

function createReport(kind: AdReportKind) {
	return (ctx: RouteContext): RouteResponse => {
		const b = parseBody(reportBody, ctx.body, ctx.path, { bodyError: ctx.bodyError });
		const ids = b.campaignIds && b.campaignIds.length > 0 ? [...new Set(b.campaignIds)] : undefined;
		ids?.forEach((id, i) => {
			if (id !== ADS_FAIL_REPORT_CAMPAIGN_ID && !ctx.data.ads.getCampaign(id)) {
				throw apiError(400, ctx.path, `campaignIds[${i}]: campaign '${id}' not found`, { title: 'Invalid Attribute', jsonPath: `$.campaignIds[${i}]` });
			}
		});
		const report = ctx.data.ads.addReport({ kind, fromDate: b.fromDate, toDate: b.toDate, campaignIds: ids });
		return { status: 202, body: { reportId: report.reportId, status: report.status } };
	};
}

function reportIdParam(ctx: RouteContext): string {
	const q = parseQuery(z.object({ reportId: qString() }), ctx.query, ctx.path);
	if (!q.reportId) throw invalidField(ctx, 'reportId', 'is required');
	return q.reportId;
}

function reportStatus(kind: AdReportKind) {
	return (ctx: RouteContext): RouteResponse => {
		const reportId = reportIdParam(ctx);
		const report = ctx.data.ads.reports.get(reportId);
		if (!report || report.kind !== kind) throw apiError(404, ctx.path, `${kind}-performance report '${reportId}' not found`);
		if (report.status === 'PENDING') {
			report.polls++;
			if (report.polls >= adsConfig(ctx.config).reportPolls) {
				if (report.fail) report.status = 'FAILED';
				else {
					report.csv = buildCsv(ctx.data.ads, report);
					report.status = 'READY';
				}
			}
		}
		return {
			status: 200,
			body: { reportId: report.reportId, status: report.status },
			...(report.status === 'PENDING' ? { headers: { 'Retry-After': retryAfter(adsConfig(ctx.config).retryAfterSeconds) } } : {}),
		};
	};
}

function download(ctx: RouteContext): RouteResponse {
	const reportId = reportIdParam(ctx);
	const report = ctx.data.ads.reports.get(reportId);
	if (!report) throw apiError(404, ctx.path, `Report '${reportId}' not found`);
	if (report.status !== 'READY' || report.csv === undefined) {
		throw apiError(
			409,
			ctx.path,
			report.status === 'FAILED'
				? `Report '${reportId}' FAILED; request a new one`
				: `Report '${reportId}' is ${report.status}; download it once its status is READY`,
			{ title: 'Conflict' },
		);
	}
	return {
		status: 200,
		body: Buffer.from(report.csv, 'utf8'),
		contentType: 'text/csv; charset=utf-8',
		headers: { 'Content-Disposition': `attachment; filename="${report.kind}-performance_${report.fromDate}_${report.toDate}.csv"` },
	};
}

// ------------------------------------------------------------------------------------------------
// CSV

/** RFC 4180 field: quoted when it holds `,`, `"`, CR or LF (quotes doubled). */
export function csvField(value: string | number): string {
	const s = String(value);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(values: Array<string | number>): string {
	return `${values.map(csvField).join(',')}\r\n`;
}

const KPI_HEADER = ['impressions', 'clicks', 'cost', 'sales', 'orders'];
const kpiCells = (k: Kpis) => [k.impressions, k.clicks, k.cost.toFixed(2), k.sales.toFixed(2), k.orders];

export const REPORT_HEADERS: Record<AdReportKind, string[]> = {
	campaign: ['date', 'campaignId', 'campaignName', ...KPI_HEADER],
	product: ['date', 'campaignId', 'sku', ...KPI_HEADER],
	keyword: ['date', 'campaignId', 'targetId', 'sku', 'keywordId', 'keyword', 'matchType', ...KPI_HEADER],
};

/** The report's CSV: header row, then one row per day and campaign / target / keyword (CRLF line ends). */
function buildCsv(ads: AdsStore, report: AdReportRecord): string {
	let out = csvRow(REPORT_HEADERS[report.kind]);
	for (const c of campaignsFor(ads, report.campaignIds)) {
		const targets = ads.targetsOf(c.campaignId)?.values() ?? [];
		for (const d of runningDays(c, report.fromDate, report.toDate)) {
			if (report.kind === 'campaign') {
				const sum = zero();
				for (const t of targets) add(sum, dayKpis(t.targetId, d));
				out += csvRow([d, c.campaignId, c.name, ...kpiCells(sum)]);
			} else if (report.kind === 'product') {
				for (const t of targets) out += csvRow([d, c.campaignId, t.sku, ...kpiCells(dayKpis(t.targetId, d))]);
			} else {
				for (const t of targets) {
					for (const k of ads.keywordsOf(t.targetId)?.values() ?? []) {
						out += csvRow([d, c.campaignId, t.targetId, t.sku, k.keywordId, k.keyword, k.matchType, ...kpiCells(dayKpis(k.keywordId, d, 0.3))]);
					}
				}
			}
		}
	}
	return out;
}

export const spaReportingRoutes: RouteModule = {
	name: 'spaReporting',
	interfaces: [{ prefix: PREFIX, scope: ADS_SCOPE }],
	routes: [
		{ method: 'GET', pattern: `${PREFIX}/campaign-performance`, handler: campaignPerformance },
		{ method: 'GET', pattern: `${PREFIX}/product-performance`, handler: productPerformance },
		...AD_REPORT_KINDS.flatMap((kind) => [
			{ method: 'POST' as const, pattern: `${PREFIX}/${kind}-performance`, handler: createReport(kind) },
			{ method: 'GET' as const, pattern: `${PREFIX}/${kind}-performance/status`, handler: reportStatus(kind) },
		]),
		{ method: 'GET', pattern: `${PREFIX}/reports/download`, handler: download },
	],
};
