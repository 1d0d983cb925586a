import net from 'node:net';

import { startSmtpSink, type SmtpSink } from '../harness/smtp-sink';

/** A deliberately small SMTP client: one command at a time, multi-line replies joined. */
class MiniSmtpClient {
	private buffer = '';
	private lines: string[] = [];
	private pending?: () => void;
	private closed = false;

	private constructor(private readonly socket: net.Socket) {
		socket.setEncoding('utf8');
		socket.on('data', (data: string) => {
			this.buffer += data;
			let index: number;
			while ((index = this.buffer.indexOf('\r\n')) >= 0) {
				this.lines.push(this.buffer.slice(0, index));
				this.buffer = this.buffer.slice(index + 2);
			}
			this.pending?.();
		});
		socket.on('close', () => {
			this.closed = true;
			this.pending?.();
		});
		socket.on('error', () => undefined);
	}

	static async connect(port: number): Promise<MiniSmtpClient> {
		const socket = net.connect(port, '127.0.0.1');
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('error', reject);
		});
		const client = new MiniSmtpClient(socket);
		await client.expect(220);
		return client;
	}

	/** Reads one (possibly multi-line) reply and checks its code. */
	async expect(code: number): Promise<string> {
		const reply: string[] = [];
		for (;;) {
			while (this.lines.length === 0) {
				if (this.closed) throw new Error(`connection closed, expected ${code}; got ${reply.join(' | ')}`);
				await new Promise<void>((resolve) => (this.pending = resolve));
				this.pending = undefined;
			}
			const line = this.lines.shift() as string;
			reply.push(line);
			if (line[3] !== '-') break;
		}
		const text = reply.join('\n');
		if (!text.startsWith(String(code))) throw new Error(`expected ${code}, got: ${text}`);
		return text;
	}

	async command(line: string, code: number): Promise<string> {
		this.socket.write(`${line}\r\n`);
		return this.expect(code);
	}

	async sendMail(o: { user: string; password: string; from: string; to: string[]; message: string }): Promise<void> {
		const ehlo = await this.command('EHLO client.test', 250);
		expect(ehlo).toMatch(/AUTH .*PLAIN/);
		expect(ehlo).not.toMatch(/STARTTLS/);
		await this.command(`AUTH PLAIN ${Buffer.from(`\0${o.user}\0${o.password}`).toString('base64')}`, 235);
		await this.command(`MAIL FROM:<${o.from}>`, 250);
		for (const to of o.to) await this.command(`RCPT TO:<${to}>`, 250);
		await this.command('DATA', 354);
		const body = o.message
			.replace(/\r?\n/g, '\r\n')
			.split('\r\n')
			.map((l) => (l.startsWith('.') ? `.${l}` : l))
			.join('\r\n');
		this.socket.write(`${body}\r\n.\r\n`);
		await this.expect(250);
	}

	async quit(): Promise<void> {
		await this.command('QUIT', 221);
		this.socket.end();
	}

	destroy(): void {
		this.socket.destroy();
	}
}

const QP_MESSAGE = [
	'From: "n8n" <n8n@example.com>',
	'To: ops@example.com',
	'Subject: =?UTF-8?Q?[n8n]_Synchronisation_fehlgeschlagen:_Gr=C3=BC=C3=9Fe?=',
	'MIME-Version: 1.0',
	'Content-Type: text/plain; charset=utf-8',
	'Content-Transfer-Encoding: quoted-printable',
	'',
	'Workflow: Bestellungen =C3=BCbertragen',
	'Fehler: Stra=C3=9Fe ung=C3=BCltig, bitte pr=C3=BCfen (K=C3=B6ln, =C3=84rger) und da=',
	'nn erneut versuchen.',
	'.Zeile mit Punkt',
].join('\n');

const BASE64_MESSAGE = [
	'From: alerts@example.com',
	'To: a@example.com, b@example.com',
	'Subject: second',
	'MIME-Version: 1.0',
	'Content-Type: multipart/alternative; boundary="b1"',
	'',
	'--b1',
	'Content-Type: text/plain; charset=utf-8',
	'Content-Transfer-Encoding: base64',
	'',
	Buffer.from('Zweite Nachricht: Übergröße').toString('base64'),
	'--b1',
	'Content-Type: text/html; charset=utf-8',
	'Content-Transfer-Encoding: base64',
	'',
	Buffer.from('<p>Zweite Nachricht: <b>Übergröße</b></p>').toString('base64'),
	'--b1--',
].join('\n');

describe('SMTP sink', () => {
	let sink: SmtpSink;
	beforeEach(async () => {
		sink = await startSmtpSink();
	});
	afterEach(async () => {
		await sink.close();
	});

	test('receives messages over plain SMTP with AUTH PLAIN and decodes quoted-printable and base64 bodies', async () => {
		expect(sink.host).toBe('127.0.0.1');
		expect(sink.port).toBeGreaterThan(0);

		// One connection per message: SMTP allows a single AUTH per session.
		const client = await MiniSmtpClient.connect(sink.port);
		await client.sendMail({ user: 'mailer', password: 's3cret-pw', from: 'n8n@example.com', to: ['ops@example.com'], message: QP_MESSAGE });
		await client.quit();
		const client2 = await MiniSmtpClient.connect(sink.port);
		await client2.sendMail({
			user: 'mailer2',
			password: 's3cret-pw',
			from: 'alerts@example.com',
			to: ['a@example.com', 'b@example.com'],
			message: BASE64_MESSAGE,
		});
		await client2.quit();

		const [first, second] = await sink.waitForMessages(2, 5000);
		expect(sink.messages).toHaveLength(2);

		expect(first.from).toBe('n8n@example.com');
		expect(first.to).toEqual(['ops@example.com']);
		expect(first.user).toBe('mailer');
		expect(first.headerFrom).toBe('"n8n" <n8n@example.com>');
		expect(first.headerTo).toEqual(['ops@example.com']);
		expect(first.subject).toBe('[n8n] Synchronisation fehlgeschlagen: Grüße');
		expect(first.text).toContain('Workflow: Bestellungen übertragen');
		expect(first.text).toContain('Fehler: Straße ungültig, bitte prüfen (Köln, Ärger) und dann erneut versuchen.');
		expect(first.text).toContain('\n.Zeile mit Punkt'); // dot-stuffing undone
		expect(first.html).toBeUndefined();
		expect(first.raw).toContain('Content-Transfer-Encoding: quoted-printable');
		expect(first.raw).toContain('Stra=C3=9Fe');
		expect(first.receivedAt).toBeInstanceOf(Date);

		expect(second.from).toBe('alerts@example.com');
		expect(second.to).toEqual(['a@example.com', 'b@example.com']);
		expect(second.user).toBe('mailer2');
		expect(second.subject).toBe('second');
		expect(second.text.trim()).toBe('Zweite Nachricht: Übergröße');
		expect(second.html).toBe('<p>Zweite Nachricht: <b>Übergröße</b></p>');

		expect(JSON.stringify(sink.messages)).not.toContain('s3cret-pw');

		sink.clear();
		expect(sink.messages).toHaveLength(0);
	});

	test('waitForMessages rejects after its timeout', async () => {
		await expect(sink.waitForMessages(1, 50)).rejects.toThrow(/expected 1 message\(s\) within 50 ms, got 0/);
	});

	test('close() frees the port, even with a client still connected', async () => {
		const { port } = sink;
		const idle = await MiniSmtpClient.connect(port);
		await idle.command('EHLO idle.test', 250);

		const started = Date.now();
		await sink.close();
		expect(Date.now() - started).toBeLessThan(3000);
		idle.destroy();

		await expect(
			new Promise<void>((resolve, reject) => {
				const socket = net.connect(port, '127.0.0.1');
				socket.once('connect', () => {
					socket.destroy();
					reject(new Error('still accepting connections'));
				});
				socket.once('error', () => resolve());
			}),
		).resolves.toBeUndefined();

		const probe = net.createServer();
		await new Promise<void>((resolve, reject) => {
			probe.once('error', reject);
			probe.listen(port, '127.0.0.1', resolve);
		});
		await new Promise<void>((resolve) => probe.close(() => resolve()));
	});
});
