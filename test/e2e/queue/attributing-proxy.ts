/**
 * An HTTP proxy in front of the OTTO simulator that tells which n8n process sent each request.
 *
 * All n8n processes share one credential (one base URL, no per-process header), so the proxy looks at the
 * TCP connection instead: when a connection arrives, the client's port is found in /proc/net/tcp (its
 * socket inode), and the process holding that inode among its file descriptors is the sender. The PIDs of
 * the main and the workers are registered with `label(pid, name)`; a connection from elsewhere is
 * `unknown`. Linux only (the suite runs there).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface AttributedRequest {
	at: number;
	method: string;
	path: string;
	status: number;
	/** The label of the process that sent it (`unknown` when no registered process holds the socket). */
	process: string;
}

export interface AttributingProxy {
	url: string;
	requests: AttributedRequest[];
	/** Names a process; requests on its connections carry the name. */
	label(pid: number, name: string): void;
	close(): Promise<void>;
}

/** Socket inode of the TCP connection whose local end is 127.0.0.1:`clientPort` and remote end port `serverPort`. */
function socketInode(clientPort: number, serverPort: number): string | undefined {
	const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields.length < 10) continue;
			const [, local, remote] = fields;
			if (local.endsWith(`:${hexPort(clientPort)}`) && remote.endsWith(`:${hexPort(serverPort)}`)) return fields[9];
		}
	}
	return undefined;
}

function holdsInode(pid: number, inode: string): boolean {
	const wanted = `socket:[${inode}]`;
	let fds: string[];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return false;
	}
	for (const fd of fds) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`) === wanted) return true;
		} catch {
			// closed meanwhile
		}
	}
	return false;
}

export async function startAttributingProxy(target: string): Promise<AttributingProxy> {
	const targetUrl = new URL(target);
	const labels = new Map<number, string>();
	const requests: AttributedRequest[] = [];
	const owners = new WeakMap<Socket, string>();
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	let ownPort = 0;

	const ownerOf = (socket: Socket): string => {
		const known = owners.get(socket);
		if (known) return known;
		let owner = 'unknown';
		const inode = socket.remotePort ? socketInode(socket.remotePort, ownPort) : undefined;
		if (inode && inode !== '0') {
			for (const [pid, name] of labels) {
				if (holdsInode(pid, inode)) {
					owner = name;
					break;
				}
			}
		}
		owners.set(socket, owner);
		return owner;
	};

	const server = http.createServer((req, res) => {
		const owner = ownerOf(req.socket);
		const entry: AttributedRequest = {
			at: Date.now(),
			method: req.method ?? 'GET',
			path: new URL(req.url ?? '/', 'http://x').pathname,
			status: 0,
			process: owner,
		};
		requests.push(entry);
		const upstream = http.request(
			{
				hostname: targetUrl.hostname,
				port: targetUrl.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: targetUrl.host },
				agent,
			},
			(upstreamRes) => {
				entry.status = upstreamRes.statusCode ?? 0;
				res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
				upstreamRes.pipe(res);
				upstreamRes.on('error', () => res.destroy());
			},
		);
		// the simulator's "drop" fault closes the connection: pass that on
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	// identify the sender while its socket certainly exists: as soon as the connection is accepted
	server.on('connection', (socket: Socket) => {
		ownerOf(socket);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	ownPort = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${ownPort}`,
		requests,
		label: (pid, name) => labels.set(pid, name),
		close: () =>
			new Promise<void>((resolve) => {
				agent.destroy();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
