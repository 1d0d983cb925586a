/**
 * `npm start` (after `npm run build`): a local n8n 2.41.1 with this package installed the way n8n's
 * Community Nodes installer does it, next to the OTTO simulator, a Business Central (BC) simulator and an SMTP
 * sink.
 *
 *  - OTTO simulator on http://127.0.0.1:3999, BC simulator on http://127.0.0.1:4010, SMTP sink on 127.0.0.1:2525
 *    (all in this process; every e-mail the sink receives is printed here)
 *  - n8n on http://localhost:5678, user folder .n8n-local/ (kept between runs)
 *  - credentials "OTTO Market (simulator)", "Business Central (simulator)" (generic OAuth2, client credentials)
 *    and "SMTP (local sink)"; every workflow of workflows-templates/ imported
 *  - the four Data Tables of the BC templates (otto_sync_state, otto_sync_log, otto_sync_errors,
 *    otto_customer_map) created over REST once n8n runs (they exist only in `n8n start`); the BC templates'
 *    Config filled in for the simulators and those tables, the order workflow's error workflow set
 *  - "OTTO Market → BC: customers" and the error notification workflow are published (the order workflow calls
 *    them); the order workflow itself is not: open it and Execute it (or publish it for its 15-minute schedule)
 *  - the owner account is managed through n8n's env settings; its login is printed (stored in
 *    .n8n-local/owner.json)
 *
 * Ctrl-C stops n8n and the simulators. Ports: OTTO_START_N8N_PORT, OTTO_START_SIMULATOR_PORT,
 * OTTO_START_BC_PORT, OTTO_START_SMTP_PORT; listen address of n8n: OTTO_START_LISTEN_ADDRESS (default 127.0.0.1).
 *
 * Credentials and templates are imported again only when they changed (see .n8n-local/start-state.json; delete
 * it to re-import everything). Workflows are imported with the CLI while n8n is stopped, but the Data Tables
 * (whose ids go into the BC templates) can only be created while it runs: so the first start (or one after the
 * tables, the templates or the simulator ports changed) starts n8n, creates the tables, stops n8n, imports the
 * configured templates and starts n8n again. Later starts start n8n once. Delete .n8n-local/ to start over.
 * The simulators start from their seed every time; the Data Tables (sync cursor, customer map) are kept.
 *
 * The stack itself is startLocalStack() in stack.ts (the browser end-to-end suite starts it too).
 */
import path from 'node:path';

import { DEFAULT_BC_CLIENT, MAIN_COMPANY_NAME } from '../bc-simulator';
import type { SinkMessage } from '../harness/smtp-sink';
import { OTTO_DATA_TABLES } from '../templates/n8n-rest';
import { ORDERS_WORKFLOW_ID } from '../templates/orders';
import { NODE_TYPE, REPO_ROOT, killAllChildren, log } from '../e2e/n8n';
import {
	BC_CREDENTIAL,
	CREDENTIAL,
	N8N_VERSION,
	NOTIFY_EMAIL,
	PUBLISHED_WORKFLOW_IDS,
	SMTP_CREDENTIAL,
	startLocalStack,
	type LocalStack,
} from './stack';

const N8N_PORT = Number(process.env.OTTO_START_N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.OTTO_START_SIMULATOR_PORT ?? 3999);
const BC_PORT = Number(process.env.OTTO_START_BC_PORT ?? 4010);
const SMTP_PORT = Number(process.env.OTTO_START_SMTP_PORT ?? 2525);
const LISTEN_ADDRESS = process.env.OTTO_START_LISTEN_ADDRESS ?? '127.0.0.1';
const LOCAL_DIR = path.join(REPO_ROOT, '.n8n-local');

/** Prints an e-mail the SMTP sink received: recipients, subject and the first lines of its text. */
function printMessage(message: SinkMessage): void {
	const lines = message.text.split(/\r?\n/).filter((l) => l.trim() !== '');
	const shown = lines.slice(0, 8).map((l) => `     ${l.length > 140 ? `${l.slice(0, 139)}…` : l}`);
	if (lines.length > shown.length) shown.push(`     … (${lines.length - shown.length} more line(s))`);
	process.stdout.write(
		`\n✉  e-mail to ${message.to.join(', ') || '(no recipient)'} from ${message.from || '(no sender)'}\n` +
			`   subject: ${message.subject || '(none)'}\n${shown.join('\n')}${shown.length ? '\n' : ''}\n`,
	);
}

async function main(): Promise<void> {
	let stack: LocalStack | undefined;
	let mailTimer: NodeJS.Timeout | undefined;
	let stopping = false;

	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		if (mailTimer) clearInterval(mailTimer);
		log('stopping n8n, the OTTO and BC simulators and the SMTP sink …');
		try {
			await stack?.stop();
		} catch {
			// killed below
		}
		killAllChildren();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	process.on('SIGHUP', () => void shutdown(0));

	try {
		stack = await startLocalStack({
			localDir: LOCAL_DIR,
			n8nPort: N8N_PORT,
			simulatorPort: SIMULATOR_PORT,
			bcPort: BC_PORT,
			smtpPort: SMTP_PORT,
			listenAddress: LISTEN_ADDRESS,
			onOutput: (chunk) => process.stdout.write(chunk),
			onUnexpectedExit: (code) => void shutdown(code),
		});
		const { sim, bc, smtp, owner, templates } = stack;
		// the sink has no "on message" hook: print what arrived since the last look
		let printed = 0;
		mailTimer = setInterval(() => {
			while (printed < smtp.messages.length) printMessage(smtp.messages[printed++]);
		}, 1_000);
		mailTimer.unref();

		const names = new Map(templates.map((t) => [t.workflow.id, `"${t.workflow.name}"`]));
		const line = '─'.repeat(72);
		process.stdout.write(
			`\n${line}\n` +
				`  n8n ${N8N_VERSION} is running: ${stack.url}   (ready after ${(stack.readyAfterMs / 1000).toFixed(0)} s)\n` +
				`  log in as ${owner.email} / ${owner.password}   (from .n8n-local/owner.json)\n` +
				`  node ${NODE_TYPE} is loaded; credential "${CREDENTIAL.name}" → ${sim.url}\n` +
				`  BC simulator: ${bc.url} (company ${MAIN_COMPANY_NAME}, environment ${bc.environment}); credential\n` +
				`    "${BC_CREDENTIAL.name}", client id ${DEFAULT_BC_CLIENT.clientId}\n` +
				`  SMTP sink: ${smtp.host}:${smtp.port}, credential "${SMTP_CREDENTIAL.name}"; e-mails are printed here\n` +
				`  Data Tables: ${Object.values(OTTO_DATA_TABLES).map((t) => t.name).join(', ')} (Overview → Data tables)\n` +
				`  workflows: ${templates.map((t) => `"${t.workflow.name}"`).join(', ') || '(none)'}\n` +
				(names.has(ORDERS_WORKFLOW_ID)
					? `  open ${names.get(ORDERS_WORKFLOW_ID)} and Execute it: it imports the OTTO simulator's\n` +
						`    PROCESSABLE orders into the BC simulator (runs and errors in otto_sync_log / otto_sync_errors;\n` +
						`    failures mail ${NOTIFY_EMAIL.notifyEmailTo}); published (the order workflow calls them):\n` +
						`    ${PUBLISHED_WORKFLOW_IDS.map((id) => names.get(id)).filter(Boolean).join(', ')}\n`
					: '') +
				`  Ctrl-C stops n8n, the simulators and the SMTP sink\n${line}\n\n`,
		);
	} catch (error) {
		process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
		await shutdown(1);
	}
}

void main();
