/**
 * A real SMTP server for tests: accepts every message (and any AUTH PLAIN/LOGIN username and password), decodes
 * it with mailparser (quoted-printable, base64, encoded-word headers, multipart/alternative — what nodemailer
 * and so n8n's Send Email node produce) and keeps it in memory. Listens on 127.0.0.1 only, plain text, no TLS
 * and no STARTTLS, so an SMTP credential with "SSL/TLS" off and "Disable STARTTLS" on (or a client that simply
 * does not upgrade) can talk to it. Passwords are never stored; the AUTH username is.
 */
import type { AddressInfo } from 'node:net';

import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
	/** Envelope sender (MAIL FROM), falling back to the From header's address. */
	from: string;
	/** Envelope recipients (RCPT TO), in the order given. */
	to: string[];
	/** Subject, decoded ('' when absent). */
	subject: string;
	/** Plain-text body, decoded ('' when the message has none). */
	text: string;
	/** HTML body, decoded, when the message has one. */
	html?: string;
	/** The message as received after DATA (headers and encoded body). */
	raw: string;
	receivedAt: Date;
	/** Username the client authenticated with, when it did. */
	user?: string;
	/** Decoded From header as text, e.g. `"n8n" <n8n@example.com>`. */
	headerFrom?: string;
	/** Addresses of the To header. */
	headerTo: string[];
}

export interface SmtpSinkOptions {
	/** Port on 127.0.0.1 (default 0: a free one). */
	port?: number;
	/** How long close() lets open client connections finish before dropping them (default 200 ms). */
	closeTimeoutMs?: number;
}

export interface SmtpSink {
	host: '127.0.0.1';
	port: number;
	/** Received messages, oldest first. clear() empties this same array. */
	messages: SinkMessage[];
	/** Resolves with the messages once at least `count` have arrived; rejects after `timeoutMs` (default 5000). */
	waitForMessages(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
	clear(): void;
	/** Stops listening (the port is free afterwards) and drops open connections. */
	close(): Promise<void>;
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
	const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
	return objects.flatMap((o) => o.value.map((a) => a.address ?? '').filter((a) => a !== ''));
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
	const messages: SinkMessage[] = [];
	const waiters = new Set<() => void>();
	const notify = () => waiters.forEach((check) => check());

	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		hideSTARTTLS: true,
		authOptional: true,
		allowInsecureAuth: true,
		authMethods: ['PLAIN', 'LOGIN'],
		disableReverseLookup: true,
		logger: false,
		size: 25 * 1024 * 1024,
		closeTimeout: options.closeTimeoutMs ?? 200,
		onAuth(auth, _session, callback) {
			// Any credentials are fine; only the username is kept (auth.password is deliberately not read).
			callback(null, { user: auth.username ?? '' });
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('error', (error: Error) => callback(error));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks);
				simpleParser(raw)
					.then((parsed) => {
						const envelopeFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
						const headerFrom = addressesOf(parsed.from);
						messages.push({
							from: envelopeFrom || headerFrom[0] || '',
							to: session.envelope.rcptTo.map((r) => r.address),
							subject: parsed.subject ?? '',
							text: parsed.text ?? '',
							...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
							raw: raw.toString('utf8'),
							receivedAt: new Date(),
							...(typeof session.user === 'string' && session.user !== '' ? { user: session.user } : {}),
							...(parsed.from ? { headerFrom: parsed.from.text } : {}),
							headerTo: addressesOf(parsed.to),
						});
						notify();
						callback();
					})
					.catch((error: Error) => callback(error));
			});
		},
	});
	// Client-side resets and the like must not crash the test process.
	server.on('error', () => undefined);

	await new Promise<void>((resolve, reject) => {
		const onError = (error: Error) => reject(error);
		server.server.once('error', onError);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.server.off('error', onError);
			resolve();
		});
	});
	const port = (server.server.address() as AddressInfo).port;

	let closed: Promise<void> | undefined;
	return {
		host: '127.0.0.1',
		port,
		messages,
		waitForMessages(count, timeoutMs = 5000) {
			return new Promise<SinkMessage[]>((resolve, reject) => {
				const check = () => {
					if (messages.length < count) return;
					clearTimeout(timer);
					waiters.delete(check);
					resolve(messages.slice());
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`SMTP sink: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`));
				}, timeoutMs);
				waiters.add(check);
				check();
			});
		},
		clear() {
			messages.length = 0;
		},
		close() {
			closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
			return closed;
		},
	};
}
