/** Pagination helpers shared by the route modules (each interface uses its own style, REFERENCE §3.2). */
import type { Link } from './model';

/** Opaque cursor: base64url(JSON). */
export function encodeCursor(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decode a cursor made by encodeCursor; undefined when it is not one. */
export function decodeCursor(raw: string): unknown {
	if (!/^[A-Za-z0-9_-]+={0,2}$/.test(raw)) return undefined;
	try {
		return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
}

/** Build `path?k=v&…` from ordered params (undefined/empty skipped, arrays repeated). */
export function buildHref(path: string, params: Record<string, string | number | string[] | undefined>): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value === undefined || value === '') continue;
		if (Array.isArray(value)) for (const v of value) search.append(key, v);
		else search.append(key, String(value));
	}
	const qs = search.toString().replace(/\+/g, '%20');
	return qs ? `${path}?${qs}` : path;
}

/** Sort key tuple comparison for keyset paging: (primary string, id string). */
export function compareKeys(a: readonly [string, string], b: readonly [string, string]): number {
	if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
	if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
	return 0;
}

/**
 * Keyset page over an already sorted list: items strictly after `after` in the list's order.
 * `direction` is the order the list is sorted in. Returns the page and whether more items follow.
 */
export function keysetPage<T>(
	sorted: T[],
	key: (item: T) => readonly [string, string],
	after: readonly [string, string] | undefined,
	limit: number,
	direction: 'ASC' | 'DESC' = 'ASC',
): { page: T[]; hasMore: boolean } {
	let start = 0;
	if (after) {
		const sign = direction === 'ASC' ? 1 : -1;
		// binary search for the first element strictly after `after`
		let lo = 0;
		let hi = sorted.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (sign * compareKeys(key(sorted[mid]), after) <= 0) lo = mid + 1;
			else hi = mid;
		}
		start = lo;
	}
	const page = sorted.slice(start, start + limit);
	return { page, hasMore: start + limit < sorted.length };
}

/** Offset page for page-number based interfaces. */
export function offsetPage<T>(items: T[], offset: number, limit: number): { page: T[]; hasMore: boolean } {
	const page = items.slice(offset, offset + limit);
	return { page, hasMore: offset + limit < items.length };
}

export function nextLinks(href: string | undefined): Link[] {
	return href ? [{ rel: 'next', href }] : [];
}
