/** The bench's one table (Markdown, padded so it reads in a terminal too). */
import { isNotApplicable, type Measurement } from './measure';
import { type NotApplicable, type Scenario } from './scenarios';

export type Row = Measurement | { scenario: Scenario; variant: NotApplicable };

const HEADER = [
	'scenario',
	'variant',
	'items',
	'requests',
	'token req.',
	'429s',
	'failed items',
	'wall ms',
	'req/s',
	'ms / 1,000 items',
	'floor req.',
	'floor ms',
	'× floor (time)',
	'peak heap MB',
	'notes',
];
/** Columns aligned left; the others right. */
const LEFT = new Set([0, 1, 14]);

const int = (value: number) => Math.round(value).toLocaleString('en');
const fixed = (value: number, digits: number) => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function cells(row: Row, first: boolean): string[] {
	const title = first ? `${row.scenario.id} ${row.scenario.title}` : '';
	if (isNotApplicable(row.variant)) return [title, row.variant.variant, 'n/a', ...Array<string>(11).fill('n/a'), row.variant.na];
	const m = row as Measurement;
	const { stats, outcome, ms, floor } = m;
	const seconds = ms / 1000;
	const notes = [m.variant.note, outcome.note];
	const limit = m.scenario.setup.rateLimit;
	if (limit) {
		const accepted = stats.api - stats.tooMany;
		notes.push(
			`${fixed((accepted / seconds / limit.requestsPerSecond) * 100, 0)} % of the allowed ${limit.requestsPerSecond}/s`,
			`${fixed(stats.api ? (stats.tooMany / stats.api) * 100 : 0, 1)} % answered 429`,
		);
	}
	if (first && m.scenario.note) notes.push(m.scenario.note);
	return [
		title,
		m.variant.variant,
		m.variant.itemsLabel ?? int(m.variant.items),
		int(stats.api),
		int(stats.token),
		int(stats.tooMany),
		int(outcome.failed),
		int(ms),
		fixed(stats.api / seconds, 1),
		m.variant.itemsLabel ? 'n/a' : int((ms / m.variant.items) * 1000),
		int(floor.requests),
		int(floor.ms),
		fixed(ms / floor.ms, 1),
		fixed(m.peakHeapMb, 0),
		notes.filter(Boolean).join('; '),
	];
}

export function formatTable(rows: Row[]): string {
	const body = rows.map((row, k) => cells(row, k === 0 || rows[k - 1].scenario !== row.scenario));
	const all = [HEADER, ...body];
	const widths = HEADER.map((_, c) => Math.max(...all.map((r) => r[c].length)));
	const line = (r: string[]) => `| ${r.map((cell, c) => (LEFT.has(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
	const rule = `|${widths.map((w, c) => (LEFT.has(c) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
	return [line(HEADER), rule, ...body.map(line)].join('\n');
}

/** What the floor and the columns mean, printed under the table. */
export function legend(rows: Row[], constants: { concurrency: number; rate: number; latencyMs: number }): string[] {
	const latencies = [...new Set(rows.map((r) => r.scenario.setup.latencyMs))].join(' / ');
	return [
		`Latency per request (simulator): ${constants.latencyMs} ms unless the scenario says otherwise (here: ${latencies} ms). requests = API requests OTTO received (token requests apart), retries included.`,
		`floor: ⌈items / OTTO's batch maximum⌉ requests (stock 200, orders 128 a page, products 500) and max(⌈requests / concurrency⌉ × latency, requests / allowed rate) ms,`,
		`  with the node's defaults concurrency ${constants.concurrency} (1 for cursor paging) and ${constants.rate} requests/s (1b: the pace it sets), or the simulator's limit when lower.`,
		'  Both variants are compared with the same floor: the fewest requests and the shortest time the data allows.',
		'% of the allowed rate: requests OTTO accepted (not 429) per second of wall time; the bucket starts full (burst = one second), so a short run may exceed 100 %.',
		'per-item baseline: a test-only node doing what n8n’s HTTP Request node does by default: one authenticated request per item, sequential, no batching, no retries.',
		'peak heap: process.memoryUsage().heapUsed sampled every 10 ms during the run (after a GC); the simulator runs in a child process and is not counted.',
	];
}
