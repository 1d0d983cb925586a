/**
 * A transparent HTTP proxy in front of the OTTO simulator that remembers every access token the
 * token endpoint hands out, so the e2e suite can check that none of them leaks into n8n's output.
 * The simulator keeps its tokens to itself; the proxy sees them on the wire.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
	url: string;
	/** Every `access_token` returned by a token endpoint so far. */
	tokens: string[];
	close(): Promise<void>;
}

const TOKEN_PATH = /\/token$|\/accessToken$/;

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
	const targetUrl = new URL(target);
	const tokens: string[] = [];
	const server = http.createServer((req, res) => {
		const upstream = http.request(
			{
				hostname: targetUrl.hostname,
				port: targetUrl.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: targetUrl.host },
			},
			(upstreamRes) => {
				const chunks: Buffer[] = [];
				upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
				upstreamRes.on('end', () => {
					const body = Buffer.concat(chunks);
					if (TOKEN_PATH.test(new URL(req.url ?? '/', 'http://x').pathname)) {
						try {
							const token = (JSON.parse(body.toString('utf8')) as { access_token?: unknown }).access_token;
							if (typeof token === 'string' && token) tokens.push(token);
						} catch {
							// not JSON
						}
					}
					res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
					res.end(body);
				});
				upstreamRes.on('error', () => res.destroy());
			},
		);
		// the simulator's "drop" fault closes the connection: pass that on
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		tokens,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
