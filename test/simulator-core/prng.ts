/**
 * Small deterministic pseudo random number generator (mulberry32) plus helpers.
 * Everything the simulator seeds or decides "randomly" goes through this so runs are reproducible.
 */

export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const HEX = '0123456789abcdef';

export class Random {
	private readonly source: () => number;

	constructor(seed: number) {
		this.source = mulberry32(seed);
	}

	/** Float in [0, 1). */
	next(): number {
		return this.source();
	}

	/** Integer in [min, max] (inclusive). */
	int(min: number, max: number): number {
		return min + Math.floor(this.source() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.source() < probability;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('Random.pick on empty list');
		return items[Math.floor(this.source() * items.length)];
	}

	/** Pick by weight: `[[value, weight], …]`. */
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		const total = entries.reduce((sum, [, w]) => sum + w, 0);
		let roll = this.source() * total;
		for (const [value, weight] of entries) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	/** Money-like amount with two decimals in [min, max]. */
	money(min: number, max: number): number {
		return Math.round((min + this.source() * (max - min)) * 100) / 100;
	}

	string(length: number, alphabet: string): string {
		let out = '';
		for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.source() * alphabet.length)];
		return out;
	}

	digits(length: number): string {
		return this.string(length, '0123456789');
	}

	/** RFC 4122 version-4 formatted UUID built from the PRNG (deterministic). */
	uuid(): string {
		let hex = '';
		for (let i = 0; i < 32; i++) hex += HEX[Math.floor(this.source() * 16)];
		const variant = HEX[8 + Math.floor(this.source() * 4)];
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	}

	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(this.source() * (i + 1));
			[items[i], items[j]] = [items[j], items[i]];
		}
		return items;
	}
}

export function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
