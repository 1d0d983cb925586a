/** HTTP plumbing shared by the simulators: body reading, response writing, latency, listen/close on 127.0.0.1. */
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MAX_BODY_BYTES = 50 * 1024 * 1024;
export const CONTROL_PREFIX = '/__control';

export interface HttpReply {
	status: number;
	/** Buffer = raw bytes; anything else (not undefined) = JSON. */
	body?: unknown;
	contentType?: string;
	headers?: Record<string, string>;
}

export function isControlPath(path: string): boolean {
	return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

/** The whole request body; rejects (and destroys the request) beyond MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Write a reply (no-op once the response is gone); JSON bodies get `jsonContentType` unless the reply names one. */
export function writeReply(res: ServerResponse, reply: HttpReply, jsonContentType: string): void {
	if (res.destroyed || res.writableEnded) return;
	let payload: Buffer | undefined;
	let contentType = reply.contentType;
	if (Buffer.isBuffer(reply.body)) payload = reply.body;
	else if (reply.body !== undefined) {
		payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
		contentType ??= jsonContentType;
	}
	const headers: Record<string, string | number> = { ...(reply.headers ?? {}), 'Content-Length': payload ? payload.length : 0 };
	if (contentType) headers['Content-Type'] = contentType;
	res.writeHead(reply.status, headers);
	res.end(payload);
}

/** Timer that does not keep the process alive. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		timer.unref();
	});
}

/** Listen on 127.0.0.1 (port 0 = random free port); resolves with the bound port and base URL. */
export function listenLocal(server: http.Server, port: number): Promise<{ port: number; url: string }> {
	return new Promise((resolve, reject) => {
		const onError = (err: Error) => reject(err);
		server.once('error', onError);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', onError);
			const address = server.address() as AddressInfo;
			resolve({ port: address.port, url: `http://127.0.0.1:${address.port}` });
		});
	});
}

/** Stop listening and drop open (keep-alive) connections. */
export function closeServer(server: http.Server): Promise<void> {
	return new Promise((resolve) => {
		if (!server.listening) {
			resolve();
			return;
		}
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export interface IncomingRequest {
	url: URL;
	/** Pathname of `url`. */
	path: string;
	/** Upper-case HTTP method. */
	method: string;
	rawBody: Buffer;
}

/** URL, method and whole body of a request; undefined (response destroyed) when the body cannot be read. */
export async function readRequest(req: IncomingMessage, res: ServerResponse): Promise<IncomingRequest | undefined> {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const method = (req.method ?? 'GET').toUpperCase();
	try {
		return { url, path: url.pathname, method, rawBody: await readBody(req) };
	} catch {
		res.destroy();
		return undefined;
	}
}
