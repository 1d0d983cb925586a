/**
 * Seeded Sponsored Product Ads (README "Sponsored Product Ads"): four campaigns with targets and keywords, drawn
 * from their own PRNG stream after everything else is seeded, so the other seeded data is unchanged.
 */
import type { SeededAds } from './adsStore';
import type { AdCampaign, AdCampaignStatus, AdKeyword, AdMatchType, AdTarget, ProductVariation, QuantityRecord } from './model';
import { AD_MATCH_TYPES } from './model';
import { Random } from './prng';

const DAY = 86_400_000;

export interface SeededAdsInfo {
	campaignIds: string[];
	/** ACTIVE targets (of ACTIVE campaigns) whose SKU has quantity 0 in the availability store. */
	soldOutTargets: Array<{ campaignId: string; targetId: string; sku: string }>;
}

const WORDS = ['shirt', 'baumwolle', 'kabel', 'lampe', 'garten', 'stuhl', 'schrauben', 'set', 'blau', 'weiß', 'premium', 'günstig', 'outdoor', 'led', 'bio'];

function day(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

interface CampaignPlan {
	name: string;
	status: AdCampaignStatus;
	budget: number;
	startDays: number;
	endDays?: number;
	targets: number;
}

const PLANS: CampaignPlan[] = [
	{ name: 'Bestseller Evergreen', status: 'ACTIVE', budget: 25, startDays: -90, targets: 6 },
	{ name: 'Sommer, Sonne & "Sale"', status: 'ACTIVE', budget: 10, startDays: -30, endDays: 30, targets: 4 },
	{ name: 'Gartenmöbel Frühjahr', status: 'PAUSED', budget: 5.5, startDays: -60, endDays: 120, targets: 3 },
	{ name: 'Altsortiment 2025', status: 'ARCHIVED', budget: 2, startDays: -200, endDays: -100, targets: 2 },
];

export function makeAds(seed: number, products: ProductVariation[], quantities: QuantityRecord[], now: number): { ads: SeededAds; info: SeededAdsInfo } {
	const rng = new Random(seed * 31 + 5);
	const campaigns: AdCampaign[] = [];
	const targets: AdTarget[] = [];
	const keywords: AdKeyword[] = [];
	const info: SeededAdsInfo = { campaignIds: [], soldOutTargets: [] };
	const soldOut = new Set(quantities.filter((q) => q.quantity === 0).map((q) => q.sku));
	const soldOutSkus = products.map((p) => p.sku).filter((sku) => soldOut.has(sku));
	const inStock = rng.shuffle(products.map((p) => p.sku).filter((sku) => !soldOut.has(sku)));
	// sold-out SKUs: all but the last go to the first campaign, the last one to the second (both ACTIVE)
	const soldOutFor = (index: number): string[] => (index === 0 ? soldOutSkus.slice(0, Math.max(0, soldOutSkus.length - 1)) : index === 1 ? soldOutSkus.slice(-1) : []);
	PLANS.forEach((plan, index) => {
		const campaignId = rng.uuid();
		const created = new Date(now + plan.startDays * DAY - 3 * DAY).toISOString();
		campaigns.push({
			campaignId,
			name: plan.name,
			status: plan.status,
			dailyBudget: { amount: plan.budget, currency: 'EUR' },
			startDate: day(now + plan.startDays * DAY),
			...(plan.endDays !== undefined ? { endDate: day(now + plan.endDays * DAY) } : {}),
			createdAt: created,
			lastModifiedAt: new Date(Math.max(Date.parse(created), now - rng.int(2, 20) * DAY)).toISOString(),
		});
		info.campaignIds.push(campaignId);
		const skus = [...soldOutFor(index)];
		while (skus.length < plan.targets + soldOutFor(index).length && inStock.length > 0) skus.push(inStock.shift() as string);
		skus.forEach((sku, t) => {
			const target: AdTarget = {
				targetId: rng.uuid(),
				campaignId,
				sku,
				// one paused in-stock target per campaign; sold-out ones stay ACTIVE (the "pause sold-out ads" case)
				status: !soldOut.has(sku) && t === skus.length - 1 && index < 2 ? 'PAUSED' : 'ACTIVE',
			};
			if (rng.chance(0.8)) target.bid = { amount: rng.money(0.2, 1.2), currency: 'EUR' };
			targets.push(target);
			if (soldOut.has(sku) && plan.status === 'ACTIVE') info.soldOutTargets.push({ campaignId, targetId: target.targetId, sku });
			const count = rng.int(2, 5);
			for (let k = 0; k < count; k++) {
				const matchType: AdMatchType = AD_MATCH_TYPES[k % AD_MATCH_TYPES.length];
				const text = index === 1 && t === 0 && k === 0 ? 'shirt, blau' : `${rng.pick(WORDS)} ${rng.pick(WORDS)} ${k + 1}`;
				const keyword: AdKeyword = {
					keywordId: rng.uuid(),
					targetId: target.targetId,
					keyword: text,
					matchType,
					status: rng.chance(0.15) ? 'PAUSED' : 'ACTIVE',
				};
				if (rng.chance(0.5)) keyword.bid = { amount: rng.money(0.1, 1.5), currency: 'EUR' };
				keywords.push(keyword);
			}
		});
	});
	return { ads: { campaigns, targets, keywords }, info };
}
