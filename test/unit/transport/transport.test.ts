import type { IDataObject } from 'n8n-workflow';

import { extractFailure, ottoFailureOf, parseOttoErrorBody, redact, scopeForPath } from '../../../nodes/OttoMarket/transport/errors';
import { collectMatching } from '../../../nodes/OttoMarket/methods/catalog';
import {
	apiPath,
	ENDPOINTS,
	ottoRequestBody,
	ottoRequest,
	ottoBatchRequest,
	ottoRequestAllItems,
	toBatches,
} from '../../../nodes/OttoMarket/transport';
import { parseRetryAfter, retryDelayMs, DEFAULT_RETRY_POLICY } from '../../../nodes/OttoMarket/transport/retry';
import { fakeContext, SECRET, TOKEN, urlOf, type Reply } from './fake-context';

/** The rejection of a call that must fail (a resolved call fails the test). */
const caught = (p: Promise<unknown>): Promise<any> =>
	p.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(e: unknown) => e,
	);

const items = (from: number, count: number) => Array.from({ length: count }, (_, k) => ({ id: from + k }));

describe('paging: every style of REFERENCE §3.2', () => {
	test('links array with relative href and cursor (orders style): follows next until absent', async () => {
		const { ctx, requests, retry } = fakeContext((options) => {
			const url = urlOf(options);
			const cursor = url.searchParams.get('nextcursor');
			const page = cursor ? Number(cursor.replace('c', '')) : 0;
			return {
				status: 200,
				body: {
					resources: items(page * 3, 3),
					links: page < 2 ? [{ rel: 'self', href: '/v4/orders' }, { rel: 'next', href: `/v4/orders?nextcursor=c${page + 1}` }] : [],
				},
			};
		});
		const result = await ottoRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/v4/orders', qs: { fulfillmentStatus: ['SENT', 'RETURNED'] }, retry },
			{ listKey: 'resources', paging: { style: 'links' }, maxPageSize: 3 },
		);
		expect(result.map((r) => r.id)).toEqual(items(0, 9).map((r) => r.id));
		expect(requests).toHaveLength(3);
		const first = urlOf(requests[0]);
		expect(first.origin + first.pathname).toBe('http://otto.test/v4/orders');
		expect(first.searchParams.getAll('fulfillmentStatus')).toEqual(['SENT', 'RETURNED']);
		expect(first.searchParams.get('limit')).toBe('3');
		const second = urlOf(requests[1]);
		expect(second.searchParams.get('nextcursor')).toBe('c1');
		// The page size is kept even though the next link leaves it out.
		expect(second.searchParams.get('limit')).toBe('3');
	});

	test('links as a single object (delivery information / shipping profiles style)', async () => {
		const { ctx, requests, retry } = fakeContext((options) => {
			const cursor = urlOf(options).searchParams.get('cursor');
			return {
				status: 200,
				body: cursor === 'B' ? { results: items(4, 1) } : { results: items(cursor ? 2 : 0, 2), links: { rel: 'next', href: `/v1/shipping-profiles?cursor=${cursor ? 'B' : 'A'}` } },
			};
		});
		const result = await ottoRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/v1/shipping-profiles', retry },
			{ listKey: 'results', paging: { style: 'links' } },
		);
		expect(result.map((r) => r.id)).toEqual([0, 1, 2, 3, 4]);
		expect(requests.map((r) => urlOf(r).searchParams.get('cursor'))).toEqual([null, 'A', 'B']);
	});

	test('absolute next href and nested list key (availability quantities style)', async () => {
		const { ctx, requests, retry } = fakeContext((options) => {
			const cursor = urlOf(options).searchParams.get('cursor');
			return {
				status: 200,
				body: {
					resources: { variations: cursor ? [{ sku: 'B' }] : [{ sku: 'A' }] },
					links: cursor ? [] : [{ rel: 'next', href: 'http://otto.test/v1/availability/quantities?cursor=A&limit=1' }],
				},
			};
		});
		const result = await ottoRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/v1/availability/quantities', retry },
			{ listKey: 'resources.variations', paging: { style: 'links' }, maxPageSize: 200 },
		);
		expect(result).toEqual([{ sku: 'A' }, { sku: 'B' }]);
		expect(urlOf(requests[1]).searchParams.get('limit')).toBe('1');
	});

	test('page numbers with a bare array: stops at the first short page (returns warehouse style)', async () => {
		const { ctx, requests, retry } = fakeContext((options) => {
			const page = Number(urlOf(options).searchParams.get('page'));
			return { status: 200, body: page < 3 ? items((page - 1) * 50, 50) : items(100, 7) };
		});
		const result = await ottoRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/v2/returns-warehouse/addresses', retry },
			{ listKey: '', paging: { style: 'page', param: 'page', first: 1 }, maxPageSize: 50 },
		);
		expect(result).toHaveLength(107);
		expect(requests.map((r) => urlOf(r).searchParams.get('page'))).toEqual([null, '2', '3']);
	});

	test('Limit stops early: no page is fetched beyond it and the page size shrinks to it', async () => {
		const { ctx, requests, retry } = fakeContext((options) => {
			const url = urlOf(options);
			const size = Number(url.searchParams.get('limit'));
			const page = Number(url.searchParams.get('page') ?? 0);
			return { status: 200, body: { productVariations: items(page * size, size), links: [{ rel: 'next', href: `/v5/products?page=${page + 1}&limit=${size}` }] } };
		});
		const result = await ottoRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/v5/products', retry },
			{ listKey: 'productVariations', paging: { style: 'links' }, maxPageSize: 100, limit: 150 },
		);
		expect(result).toHaveLength(150);
		expect(requests).toHaveLength(2);
		expect(urlOf(requests[0]).searchParams.get('limit')).toBe('100');

		const small = fakeContext(() => ({ status: 200, body: { productVariations: items(0, 5), links: [{ rel: 'next', href: '/v5/products?page=1' }] } }));
		const few = await ottoRequestAllItems.call(
			small.ctx,
			{ method: 'GET', path: '/v5/products', retry: small.retry },
			{ listKey: 'productVariations', paging: { style: 'links' }, maxPageSize: 100, limit: 5 },
		);
		expect(few).toHaveLength(5);
		expect(small.requests).toHaveLength(1);
		expect(urlOf(small.requests[0]).searchParams.get('limit')).toBe('5');
	});

	test('a next link pointing back at a read page ends paging instead of looping', async () => {
		const { ctx, requests, retry } = fakeContext(() => ({ status: 200, body: { resources: [{ id: 1 }], links: [{ rel: 'next', href: '/v4/orders?nextcursor=same' }] } }));
		const result = await ottoRequestAllItems.call(ctx, { method: 'GET', path: '/v4/orders', retry }, { listKey: 'resources', paging: { style: 'links' } });
		expect(requests).toHaveLength(2);
		expect(result).toHaveLength(2);
	});
});

describe('chunking of bulk bodies', () => {
	test('450 entries at 200 per request → 200, 200, 50 with their offsets, results in order', async () => {
		const entries = items(0, 450);
		expect(toBatches(entries, 200).map((b) => [b.offset, b.entries.length])).toEqual([[0, 200], [200, 200], [400, 50]]);
		const { ctx, requests, retry } = fakeContext((options) => ({ status: 200, body: { echo: (options.body as IDataObject[]).map((e) => e.id) } }));
		const results = await ottoBatchRequest.call(ctx, entries, 200, async function (batch) {
			return await ottoRequestBody.call(this, { method: 'POST', path: '/v1/availability/quantities', body: batch.entries, retry });
		});
		expect(requests).toHaveLength(3);
		const merged = results.flatMap((r) => (r.result as { echo: number[] }).echo);
		expect(merged).toEqual(entries.map((e) => e.id));
		expect(results.map((r) => r.batch.offset)).toEqual([0, 200, 400]);
	});

	test('a batch size below 1 still sends one entry per request', () => {
		expect(toBatches([1, 2], 0)).toHaveLength(2);
	});
});

/** Replies in order; the last one repeats. */
const script = (replies: Reply[]) => (_: unknown, n: number) => replies[Math.min(n - 1, replies.length - 1)];

describe('retries', () => {

	test('429 honours Retry-After (seconds) and then succeeds', async () => {
		const { ctx, requests, sleeps, retry } = fakeContext(script([{ status: 429, headers: { 'retry-after': '2' } }, { status: 200, body: { ok: true } }]));
		await expect(ottoRequestBody.call(ctx, { method: 'GET', path: '/v4/orders', retry })).resolves.toEqual({ ok: true });
		expect(requests).toHaveLength(2);
		expect(sleeps).toEqual([2000]);
	});

	test('429 on a POST is retried too (OTTO did not process it)', async () => {
		const { ctx, requests, retry } = fakeContext(script([{ status: 429 }, { status: 201, body: { shipmentId: 's' } }]));
		await ottoRequestBody.call(ctx, { method: 'POST', path: '/v1/shipments', body: {}, retry });
		expect(requests).toHaveLength(2);
	});

	test('429 without Retry-After backs off exponentially with jitter, bounded by attempts', async () => {
		const { ctx, requests, sleeps, retry } = fakeContext(script([{ status: 429 }]));
		const error = await caught(ottoRequestBody.call(ctx, { method: 'GET', path: '/v4/orders', retry: { ...retry, maxAttempts: 5, baseDelayMs: 100 } }));
		expect(requests).toHaveLength(5);
		expect(sleeps).toHaveLength(4);
		sleeps.forEach((ms, k) => {
			expect(ms).toBeGreaterThanOrEqual((100 * 2 ** k) / 2);
			expect(ms).toBeLessThanOrEqual(100 * 2 ** k);
		});
		expect(error.message).toContain('rate limit was still exceeded after 5 attempts');
		expect(error.httpCode).toBe('429');
	});

	test('the total wait is bounded', async () => {
		const { ctx, requests, sleeps, retry } = fakeContext(script([{ status: 429, headers: { 'retry-after': '10' } }]));
		await expect(ottoRequestBody.call(ctx, { method: 'GET', path: '/v4/orders', retry: { ...retry, maxTotalWaitMs: 25_000 } })).rejects.toThrow(/rate limit/);
		expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
		expect(requests.length).toBeLessThanOrEqual(4);
	});

	test.each([502, 503, 504])('%s is retried for a GET', async (status) => {
		const { ctx, requests, retry } = fakeContext(script([{ status }, { status: 200, body: [] }]));
		await ottoRequestBody.call(ctx, { method: 'GET', path: '/v3/receipts', retry });
		expect(requests).toHaveLength(2);
	});

	test('503 on a POST is not repeated unless the request is marked idempotent', async () => {
		const once = fakeContext(script([{ status: 503 }, { status: 200 }]));
		await expect(ottoRequestBody.call(once.ctx, { method: 'POST', path: '/v1/shipments', body: {}, retry: once.retry })).rejects.toThrow(/503/);
		expect(once.requests).toHaveLength(1);

		const upsert = fakeContext(script([{ status: 503 }, { status: 200, body: {} }]));
		await ottoRequestBody.call(upsert.ctx, { method: 'POST', path: '/v1/availability/quantities', body: [], idempotent: true, retry: upsert.retry });
		expect(upsert.requests).toHaveLength(2);
	});

	test('a connection reset is retried for a GET, not for a POST', async () => {
		const get = fakeContext(script([{ network: 'ECONNRESET' }, { status: 200, body: { ok: 1 } }]));
		await expect(ottoRequestBody.call(get.ctx, { method: 'GET', path: '/v4/orders', retry: get.retry })).resolves.toEqual({ ok: 1 });
		const post = fakeContext(script([{ network: 'ECONNRESET' }, { status: 200 }]));
		const error = await caught(ottoRequestBody.call(post.ctx, { method: 'POST', path: '/v1/price-reductions', body: {}, retry: post.retry }));
		expect(post.requests).toHaveLength(1);
		expect(error.message).toBe('Could not reach OTTO for POST /v1/price-reductions (the connection was reset)');
		expect(error.description).toContain('ECONNRESET');
	});

	test('400, 404 and 409 are never retried', async () => {
		for (const status of [400, 404, 409]) {
			const { ctx, requests, retry } = fakeContext(script([{ status, body: { errors: [{ title: 'x' }] } }]));
			await expect(ottoRequestBody.call(ctx, { method: 'GET', path: '/v4/orders/x', retry })).rejects.toThrow();
			expect(requests).toHaveLength(1);
		}
	});

	test('Retry-After as an HTTP date; delay helpers', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
		expect(parseRetryAfter('1.5')).toBe(1500);
		expect(parseRetryAfter('soon')).toBeUndefined();
		const delay = retryDelayMs({ status: 429, headers: { 'retry-after': '999' }, body: undefined }, 1, DEFAULT_RETRY_POLICY);
		expect(delay).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
	});
});

describe('error mapping: every OTTO error body shape becomes a readable NodeApiError', () => {
	const fail = async (status: number, body: unknown, path = '/v4/orders') => {
		const { ctx, retry } = fakeContext(() => ({ status, body }));
		return await caught(ottoRequestBody.call(ctx, { method: 'POST', path, body: {}, retry }));
	};

	test('generic {errors:[…]}: status, title, detail, field and logref', async () => {
		const error = await fail(400, { errors: [{ path: '/v1/shipments', title: 'Invalid Attribute', code: '490', detail: 'countryCode must have 3 letters', jsonPath: '$.shipFromAddress.countryCode', logref: 'trace-1' }] }, '/v1/shipments');
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain('Invalid Attribute: countryCode must have 3 letters');
		expect(error.description).toContain('field $.shipFromAddress.countryCode');
		expect(error.description).toContain('logref trace-1');
	});

	test('double-nested price-reduction errors', async () => {
		const error = await fail(409, { errors: { errors: [{ title: 'Conflict', detail: 'pending reduction', logref: 'l2' }] } }, '/v1/price-reductions');
		expect(error.message).toContain('409');
		expect(error.message).toContain('pending reduction');
		expect(error.description).toContain('logref l2');
	});

	test('single error object in errors', async () => {
		// `path` is OTTO's request path, not a field: only `jsonPath` is called a field.
		expect(parseOttoErrorBody({ errors: { title: 'Bad', detail: 'one', path: '/x' } })).toEqual([{ title: 'Bad', detail: 'one', field: undefined, code: undefined, logref: undefined }]);
		expect(parseOttoErrorBody({ errors: [{ title: 'Bad', path: '/v1/x', jsonPath: '$.a' }] })[0].field).toBe('$.a');
	});

	test('problem style with validationErrors', async () => {
		const error = await fail(400, { type: 'http://x', title: 'Validation failed', status: 400, validationErrors: [{ detail: 'processingTime must be 1-99', logref: 'l3' }] }, '/v1/availability/product-delivery-information');
		expect(error.message).toContain('Validation failed: processingTime must be 1-99');
		expect(error.description).toContain('logref l3');
	});

	test('returns v3 flat body', async () => {
		const error = await fail(404, { detail: 'position item unknown', logref: 'l4', path: '/v3/returns/acceptance', title: 'Not Found' }, '/v3/returns/acceptance');
		expect(error.message).toContain('404');
		expect(error.message).toBe('OTTO answered 404 Not found: position item unknown (POST /v3/returns/acceptance)');
	});

	test('empty 401 body after n8n already renewed the token once', async () => {
		const error = await fail(401, '');
		expect(error.message).toContain('OTTO rejected the access token');
	});

	test('403 names the missing scope', async () => {
		const error = await fail(403, { errors: [{ title: 'Forbidden', detail: 'no scope' }] }, '/v3/receipts');
		expect(error.message).toContain('"receipts"');
		expect(scopeForPath('/v2/returns-warehouse/addresses', 'POST')).toBe('returns-warehouse-write');
		expect(scopeForPath('/v1/return-shipments')).toBe('shipments');
	});

	test('a failed token exchange reads as the credential said it, and is not retried', async () => {
		const { ctx, requests, retry } = fakeContext(() => ({ status: 200 }));
		(ctx.helpers as unknown as { httpRequestWithAuthentication: () => Promise<never> }).httpRequestWithAuthentication = async () => {
			requests.push({ url: 'x' });
			const cause = Object.assign(new Error('OTTO rejected the client ID or client secret (client credentials, HTTP 401).'), { name: 'OttoCredentialError' });
			const { NodeApiError } = await import('n8n-workflow');
			throw new NodeApiError({ id: '1', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }, cause as never);
		};
		const error = await caught(ottoRequestBody.call(ctx, { method: 'GET', path: '/v4/orders', retry }));
		expect(error.message).toMatch(/^OTTO rejected the client ID or client secret/);
		expect(requests).toHaveLength(1);
	});
});

test('n8n 1.x: a credential error that kept only its message is still recognised', () => {
	const wrapped = { message: 'Request failed: OTTO rejected the client ID or client secret (client credentials, HTTP 401).' };
	expect(extractFailure(wrapped).credentialMessage).toBe('OTTO rejected the client ID or client secret (client credentials, HTTP 401).');
});

describe('redaction', () => {
	test('no client secret or bearer token survives in message, description or serialised error', async () => {
		const { ctx, retry } = fakeContext(() => ({
			status: 400,
			body: { errors: [{ title: `Bad token Bearer ${TOKEN}`, detail: `client_secret=${SECRET}&x=1 and ${TOKEN}` }] },
		}));
		const error = await caught(ottoRequestBody.call(ctx, { method: 'GET', path: '/v4/orders', retry }));
		const everything = [error.message, error.description, JSON.stringify(error), String(error.stack)].join('\n');
		expect(everything).not.toContain(SECRET);
		expect(everything).not.toContain(TOKEN);
		expect(error.description).toContain('Bearer ***');
	});

	test('redact() masks JWTs, bearer values and given secrets', () => {
		expect(redact(`a ${TOKEN} b`)).toBe('a *** b');
		expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer ***');
		expect(redact('my hunter2 pw', ['hunter2'])).toBe('my *** pw');
	});
});

describe('paths', () => {
	test('path segments are encoded: SKUs with "/", ".", spaces and "?" cannot change the route', () => {
		expect(apiPath`/v5/products/${'AB/12 x.5?y'}/prices`).toBe('/v5/products/AB%2F12%20x%2E5%3Fy/prices');
		expect(apiPath`/v4/orders/${'1234567890'}`).toBe('/v4/orders/1234567890');
		expect(() => apiPath`/v4/orders/${''}`).toThrow(/empty/);
	});

	test('an encoded path reaches the HTTP helper unchanged under the credential base URL', async () => {
		const { ctx, requests, retry } = fakeContext(() => ({ status: 200, body: {} }));
		await ottoRequestBody.call(ctx, { method: 'GET', path: apiPath`/v5/products/${'a/b c'}`, retry });
		expect(requests[0].url).toBe('http://otto.test/v5/products/a%2Fb%20c');
	});
});

describe('the same on n8n 1.x and 2.x: HTTP errors are read from the response, network errors by code', () => {
	test('every request asks n8n not to throw on HTTP errors; a 409 keeps OTTO\'s message, field and logref', async () => {
		const { ctx, requests, retry } = fakeContext(() => ({
			status: 409,
			body: { errors: [{ path: '/v1/price-reductions', title: 'Conflict', detail: 'reduction exceeds the remaining amount 16.99', jsonPath: '$.priceReduction.amount', logref: 'lr-409' }] },
		}));
		const error = await caught(ottoRequestBody.call(ctx, { method: 'POST', path: '/v1/price-reductions', body: {}, retry }));
		expect(requests.map((r) => r.ignoreHttpStatusErrors)).toEqual([true]);
		expect(error.message).toBe('OTTO answered 409 Conflict: reduction exceeds the remaining amount 16.99 (POST /v1/price-reductions)');
		expect(error.description).toContain('field $.priceReduction.amount');
		expect(error.description).toContain('logref lr-409');
		expect(error.description).not.toContain('field /v1/price-reductions');
		expect(ottoFailureOf(error)).toMatchObject({ status: 409, ambiguous: false, method: 'POST', path: '/v1/price-reductions' });
	});

	test('a 429 answer\'s Retry-After is honoured from the response itself', async () => {
		const { ctx, requests, sleeps, retry } = fakeContext(
			script([{ status: 429, headers: { 'Retry-After': '2' } }, { status: 200, body: { ok: true } }]),
		);
		await expect(ottoRequestBody.call(ctx, { method: 'GET', path: '/v4/orders', retry })).resolves.toEqual({ ok: true });
		expect(requests).toHaveLength(2);
		expect(sleeps).toEqual([2000]);
	});

	test('a 401 is sent again in n8n\'s throwing mode, where n8n renews the token', async () => {
		const { ctx, requests, retry } = fakeContext(script([{ status: 401 }, { status: 200, body: { ok: 1 } }]));
		await expect(ottoRequestBody.call(ctx, { method: 'POST', path: '/v1/shipments', body: {}, retry })).resolves.toEqual({ ok: 1 });
		expect(requests.map((r) => r.ignoreHttpStatusErrors ?? false)).toEqual([true, false]);
	});

	test.each([1, 2] as const)('n8n %i.x: a reset connection is recognised by its code — retried for a GET, ambiguous for a POST', async (n8n) => {
		const get = fakeContext(script([{ network: 'ECONNRESET', n8n }, { status: 200, body: { ok: 1 } }]));
		await expect(ottoRequestBody.call(get.ctx, { method: 'GET', path: '/v4/orders', retry: get.retry })).resolves.toEqual({ ok: 1 });
		expect(get.requests).toHaveLength(2);

		const post = fakeContext(script([{ network: 'ECONNRESET', n8n }, { status: 201 }]));
		const error = await caught(ottoRequestBody.call(post.ctx, { method: 'POST', path: '/v1/shipments', body: {}, retry: post.retry }));
		expect(post.requests).toHaveLength(1);
		expect(error.message).toBe('Could not reach OTTO for POST /v1/shipments (the connection was reset)');
		expect(ottoFailureOf(error)).toMatchObject({ status: 0, networkCode: 'ECONNRESET', ambiguous: true });
	});

	test('ambiguous only where OTTO may have applied a write: 5xx or a lost answer to a POST, never 4xx, a refused connection or a GET', async () => {
		const outcome = async (reply: Reply, method: 'GET' | 'POST') => {
			const { ctx, retry } = fakeContext(() => reply);
			const error = await caught(ottoRequestBody.call(ctx, { method, path: '/v1/shipments', body: method === 'POST' ? {} : undefined, retry: { ...retry, maxAttempts: 1 } }));
			return ottoFailureOf(error)?.ambiguous;
		};
		expect(await outcome({ status: 503 }, 'POST')).toBe(true);
		expect(await outcome({ status: 500 }, 'POST')).toBe(true);
		expect(await outcome({ network: 'ETIMEDOUT' }, 'POST')).toBe(true);
		expect(await outcome({ network: 'ECONNREFUSED' }, 'POST')).toBe(false);
		expect(await outcome({ status: 409 }, 'POST')).toBe(false);
		expect(await outcome({ status: 503 }, 'GET')).toBe(false);
	});
});

describe('the token stays on the API host', () => {
	test('an absolute URL on another host is refused before anything is sent', async () => {
		for (const url of ['https://evil.example/v4/orders', 'http://otto.test.evil.example/v4/orders', 'http://user@otto.test/v4/orders', 'ftp://otto.test/x']) {
			const { ctx, requests, retry } = fakeContext(() => ({ status: 200, body: {} }));
			const error = await caught(ottoRequest.call(ctx, { method: 'GET', path: url, retry }));
			expect(error.message).toMatch(/^Refused to send the OTTO access token to /);
			expect(requests).toHaveLength(0);
		}
		const same = fakeContext(() => ({ status: 200, body: { ok: 1 } }));
		await ottoRequestBody.call(same.ctx, { method: 'GET', path: 'http://otto.test/v4/orders?x=1', retry: same.retry });
		expect(same.requests.map((r) => r.url)).toEqual(['http://otto.test/v4/orders']);
	});

	test('a next link naming another host is refused: only the first page is requested', async () => {
		const { ctx, requests, retry } = fakeContext(() => ({
			status: 200,
			body: { resources: [{ id: 1 }], links: [{ rel: 'next', href: 'https://collector.example/v4/orders?nextcursor=abc' }] },
		}));
		const error = await caught(ottoRequestAllItems.call(ctx, { method: 'GET', path: '/v4/orders', retry }, { listKey: 'resources', paging: { style: 'links' } }));
		expect(error.message).toBe('Refused to send the OTTO access token to https://collector.example');
		expect(requests).toHaveLength(1);
		expect(urlOf(requests[0]).host).toBe('otto.test');
	});

	test('a list-search pagination token naming another host is refused with no request made', async () => {
		const { ctx, requests } = fakeContext(() => ({ status: 200, body: { brands: [], links: [] } }));
		const error = await caught(
			collectMatching.call(ctx, ENDPOINTS.brands, {
				match: () => true,
				want: 10,
				from: 'https://collector.example/v5/products/brands?page=2',
			}),
		);
		expect(error.message).toBe('Refused to send the OTTO access token to https://collector.example');
		expect(requests).toHaveLength(0);
	});

	test('list search goes through the transport pager and hands back a token on the API host', async () => {
		const { ctx, requests } = fakeContext((options) => {
			const page = Number(urlOf(options).searchParams.get('page') ?? 1);
			return {
				status: 200,
				body: { brands: [{ id: `b${page}`, usable: true }], links: page < 3 ? [{ rel: 'next', href: `/v5/products/brands?page=${page + 1}` }] : [] },
			};
		});
		const first = await collectMatching.call(ctx, ENDPOINTS.brands, { match: () => true, want: 1 });
		expect(first.entries.map((b) => b.id)).toEqual(['b1']);
		expect(first.next).toBe('http://otto.test/v5/products/brands?page=2&limit=1000');
		const rest = await collectMatching.call(ctx, ENDPOINTS.brands, { match: () => true, want: 10, from: first.next });
		expect(rest.entries.map((b) => b.id)).toEqual(['b2', 'b3']);
		expect(rest.next).toBeUndefined();
		expect(requests.map((r) => urlOf(r).searchParams.get('page'))).toEqual([null, '2', '3']);
	});
});

test('an accepted error status is an answer, not an error (e.g. 404 when checking whether something exists)', async () => {
	const { ctx, requests, retry } = fakeContext(() => ({ status: 404, body: { errors: [{ title: 'Not Found' }] } }));
	const response = await ottoRequest.call(ctx, { method: 'GET', path: '/v1/shipments/x', accept: [404], retry });
	expect(response.status).toBe(404);
	expect(requests).toHaveLength(1);
	const error = await caught(ottoRequest.call(ctx, { method: 'GET', path: '/v1/shipments/x', accept: [409], retry }));
	expect(error.httpCode).toBe('404');
});
