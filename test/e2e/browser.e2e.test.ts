/**
 * Browser end-to-end: Debian's Chromium, driven headless by playwright-core with a fresh profile, against the
 * stack `npm start` brings up (startLocalStack: n8n 2.41.1 with the packed package installed the Community Nodes
 * way, the OTTO simulator, credentials and workflows-templates/ imported, the owner managed through env), here
 * on free ports in a temporary user folder.
 *
 * Steps, in one workflow as a user would build it: sign in; the node panel's "Otto Market" entry (icon, the
 * trigger's events and the actions, its Docs link); Order → Get Many with a new credential against the simulator
 * (Test → success; a wrong secret → the readable error without the secret; the Scopes field's hint); Execute →
 * orders in the output table; the action panel's description; Product → Get Many's brand picker; the trigger's
 * Fetch Test Event; canvas subtitles (the trigger's "On New Order"; the action node's "Get Many: Order" on the
 * imported template's canvas); an imported template.
 *
 * A failing step saves a screenshot under .e2e-work/browser/ and prints its path. The four README screenshots
 * are always written to .e2e-work/browser/, and to docs/screenshots/ with OTTO_UPDATE_SCREENSHOTS=1.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { N8N_VERSION, startLocalStack, type LocalStack } from '../start/stack';
import {
	UI_TIMEOUT,
	closeNdv,
	createCredential,
	docsLinkProblem,
	elementShot,
	hoverFieldInfo,
	openNodeOnCanvas,
	openOttoEntry,
	openedUrls,
	outputColumns,
	pickEntryItem,
	recordWindowOpen,
	searchOttoEntry,
	selectCredential,
	signIn,
	visible,
} from './browser/editor';
import { ensureChromium } from './browser/chromium';
import { REPO_ROOT, killAllChildren, killChildrenOnSignals, log } from './n8n';

jest.setTimeout(15 * 60_000);
killChildrenOnSignals();

const WORK_DIR = path.join(REPO_ROOT, '.e2e-work', 'browser');
const STACK_DIR = path.join(REPO_ROOT, '.e2e-work', 'browser-stack');
const DOCS_SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const UPDATE_SCREENSHOTS = process.env.OTTO_UPDATE_SCREENSHOTS === '1';
/** The README's "In the editor" images. */
const SCREENSHOTS = ['node-panel.png', 'credential-success.png', 'output-orders.png', 'trigger-event.png'] as const;

const GOOD_CREDENTIAL = 'OTTO simulator (browser test)';
const WRONG_CREDENTIAL = 'OTTO wrong secret (browser test)';
const WRONG_SECRET = `Wr0ng-S3cret-${process.pid}`;
/** What the merged "Otto Market" entry of the node panel says (the trigger's description; see OttoMarketTrigger.node.ts). */
const ENTRY_DESCRIPTION =
	'Get and update OTTO Market orders, shipments, returns, products, stock, prices and ads, or start a workflow when they change';
const TRIGGER_EVENTS = [
	'On new order',
	'On order cancelled',
	'On product content changed by OTTO',
	'On product marketplace status changed',
	'On return status changed',
];
const SCOPES_HINT = /Left empty, every seller interface is requested except Advertising/;
const WRONG_SECRET_MESSAGE = 'OTTO rejected the client ID or client secret (client credentials, HTTP 401)';

let stack: LocalStack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;
let failed: string | undefined;
const shots: Array<{ file: string; bytes: number }> = [];

/** Runs one step; on failure saves a full-page screenshot under .e2e-work/browser/ and prints its path. */
async function step(name: string, body: () => Promise<void>): Promise<void> {
	if (failed) throw new Error(`not run: the step "${failed}" failed before`);
	const started = Date.now();
	try {
		await body();
		log(`browser: ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	} catch (error) {
		failed = name;
		const file = path.join(WORK_DIR, `failure-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
		try {
			await fs.mkdir(WORK_DIR, { recursive: true });
			await page.screenshot({ path: file, fullPage: true });
			log(`browser: ✗ ${name}: screenshot of the page saved to ${path.relative(REPO_ROOT, file)}`);
			(error as Error).message += `\n(screenshot: ${file})`;
		} catch (shotError) {
			log(`browser: ✗ ${name}; no screenshot: ${(shotError as Error).message}`);
		}
		throw error;
	}
}

/** Saves one README screenshot to .e2e-work/browser/ (and docs/screenshots/ when asked). */
async function keepShot(name: (typeof SCREENSHOTS)[number], target: Parameters<typeof elementShot>[1]): Promise<void> {
	const file = path.join(WORK_DIR, name);
	// toasts ("Node executed successfully") would cover part of the picture
	for (const close of await page.locator('.el-notification .el-notification__closeBtn').all()) {
		await close.click().catch(() => undefined);
	}
	await page.locator('.el-notification').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
	await page.waitForTimeout(400);
	const bytes = await elementShot(page, target, file);
	shots.push({ file, bytes });
	if (UPDATE_SCREENSHOTS) {
		await fs.mkdir(DOCS_SCREENSHOTS, { recursive: true });
		await fs.copyFile(file, path.join(DOCS_SCREENSHOTS, name));
	}
	log(`browser: screenshot ${path.relative(REPO_ROOT, file)} (${(bytes / 1024).toFixed(0)} KB)${UPDATE_SCREENSHOTS ? ' → docs/screenshots/' : ''}`);
}

beforeAll(async () => {
	const started = Date.now();
	const { executablePath, version } = await ensureChromium();
	await fs.rm(STACK_DIR, { recursive: true, force: true });
	await fs.mkdir(WORK_DIR, { recursive: true });
	// failure pictures of an earlier run would mislead
	for (const file of await fs.readdir(WORK_DIR)) {
		if (file.startsWith('failure-')) await fs.rm(path.join(WORK_DIR, file), { force: true });
	}
	stack = await startLocalStack({ localDir: STACK_DIR });
	selectors.setTestIdAttribute('data-test-id');
	browser = await chromium.launch({
		executablePath,
		headless: true,
		// root on a container: Chromium's sandbox needs user namespaces we may not have
		args: ['--no-sandbox', '--disable-dev-shm-usage'],
	});
	// a new context is a fresh profile: no cookies, no storage
	context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US' });
	// the suite stays on this machine: anything but n8n and the simulator is refused
	await context.route('**/*', (route) => {
		const host = new URL(route.request().url()).hostname;
		return host === 'localhost' || host === '127.0.0.1' ? route.continue() : route.abort();
	});
	context.setDefaultTimeout(UI_TIMEOUT);
	page = await context.newPage();
	process.stderr.write(
		`\n[browser e2e] running: Chromium ${browser.version()} (${executablePath}, \`--version\` ${version}), headless, fresh profile,\n` +
			`              playwright-core ${require('playwright-core/package.json').version}, n8n ${N8N_VERSION} at ${stack.url} ` +
			`(stack ready after ${(stack.readyAfterMs / 1000).toFixed(0)} s, set-up ${((Date.now() - started) / 1000).toFixed(0)} s)\n\n`,
	);
});

afterAll(async () => {
	await context?.close().catch(() => undefined);
	await browser?.close().catch(() => undefined);
	await stack?.stop();
	killAllChildren();
	await fs.rm(STACK_DIR, { recursive: true, force: true });
	if (shots.length) {
		log(`browser: screenshots: ${shots.map((s) => `${path.basename(s.file)} ${(s.bytes / 1024).toFixed(0)} KB`).join(', ')}`);
	}
});

describe(`n8n ${N8N_VERSION} editor in Chromium`, () => {
	test('1. the owner signs in', async () => {
		await step('sign-in', async () => {
			await signIn(page, stack!.url, stack!.owner);
			expect(new URL(page.url()).pathname).not.toMatch(/^\/signin/);
			await visible(page.getByTestId('project-home-menu-item'));
		});
	});

	test('2. node panel: "otto" finds the Otto Market entry with its icon, the trigger events and the actions', async () => {
		await step('node panel', async () => {
			await page.goto(`${stack!.url}/workflow/new`);
			await (await visible(page.getByTestId('canvas-add-button'))).click();
			const entry = await searchOttoEntry(page);
			expect((await entry.getByTestId('node-creator-item-name').innerText()).trim()).toBe('Otto Market');
			expect((await entry.getByTestId('node-creator-item-description').innerText()).trim()).toBe(ENTRY_DESCRIPTION);
			const icon = entry.locator('img').first();
			expect(await icon.getAttribute('src')).toMatch(/\/icons\/n8n-nodes-otto-market\/dist\/nodes\/OttoMarket(Trigger)?\/otto\.svg$/);
			// the SVG n8n serves for the package loads (a broken icon has no natural width)
			await expect_(
				() =>
					icon.evaluate((img) => {
						const image = img as unknown as { complete: boolean; naturalWidth: number };
						return image.complete && image.naturalWidth > 0;
					}),
				'the entry icon loads',
			);

			await entry.click();
			const panel = page.getByTestId('node-creator');
			const triggers = await visible(panel.getByTestId('node-creator-category-item').filter({ hasText: /^Triggers \(\d+\)/ }));
			expect(await triggers.innerText()).toMatch(/Triggers \(10\)/);
			await visible(panel.getByTestId('node-creator-category-item').filter({ hasText: /^Actions \(\d+\)/ }));
			const names = (await panel.getByTestId('node-creator-item-name').allInnerTexts()).map((t) => t.trim());
			for (const event of TRIGGER_EVENTS) expect(names).toContain(event);
			// the entry's Docs link (n8n opens it with window.open)
			await recordWindowOpen(page);
			await panel.getByText('Docs', { exact: true }).click();
			const opened = await openedUrls(page);
			expect(opened).toHaveLength(1);
			expect(docsLinkProblem(opened[0])).toBeUndefined();
			await keepShot('node-panel.png', panel);

			const actionsHeader = panel.getByTestId('node-creator-category-item').filter({ hasText: /^Actions \(/ });
			expect(Number(/\((\d+)\)/.exec(await actionsHeader.innerText())?.[1])).toBeGreaterThan(50);
			await actionsHeader.click();
			// the list renders lazily: the order actions come after the ad, brand, category and delivery ones
			await visible(panel.getByTestId('node-creator-item-name').filter({ hasText: /^Get many orders$/ }));
			const actions = (await panel.getByTestId('node-creator-item-name').allInnerTexts()).map((t) => t.trim());
			for (const action of ['Get many ad campaigns', 'Get many brands', 'Get an order']) expect(actions).toContain(action);
		});
	});

	test('3. Order → Get Many; a credential against the simulator tests fine, a wrong secret shows the readable error', async () => {
		await step('credential', async () => {
			await pickEntryItem(page, 'Actions', 'Get many orders');
			const ndv = page.getByTestId('ndv');
			expect(await ndv.getByTestId('parameter-input-resource').locator('input').inputValue()).toBe('Order');
			expect(await ndv.getByTestId('parameter-input-operation').locator('input').inputValue()).toBe('Get Many');
			const docs = ndv.locator('a', { hasText: 'Docs' }).first();
			expect(docsLinkProblem(await docs.getAttribute('href'))).toBeUndefined();

			let modal = await createCredential(page, { name: GOOD_CREDENTIAL, baseUrl: stack!.sim.url, clientId: 'sim-client', clientSecret: 'sim-secret' });
			expect(docsLinkProblem(await modal.locator('a', { hasText: 'docs' }).first().getAttribute('href'))).toBeUndefined();
			await hoverFieldInfo(modal.getByTestId('scopes'));
			await visible(page.getByText(SCOPES_HINT));
			await modal.getByTestId('credential-save-button').click();
			// n8n tests a new credential when it is saved and closes the dialog when the test passes
			await modal.waitFor({ state: 'hidden' });
			await ndv.getByTestId('credential-edit-button').click();
			modal = await visible(page.getByTestId('editCredential-modal'));
			const success = await visible(modal.getByTestId('credentials-config-container-test-success'));
			expect(await success.innerText()).toContain('Connection tested successfully');
			await keepShot('credential-success.png', modal);
			await modal.getByRole('button', { name: /close/i }).first().click().catch(() => page.keyboard.press('Escape'));
			await modal.waitFor({ state: 'hidden' });

			// a second credential with a wrong secret (changing the first one's secret would keep its cached token)
			if (!(await ndv.isVisible())) await openNodeOnCanvas(page, 'Get many orders');
			modal = await createCredential(page, { name: WRONG_CREDENTIAL, baseUrl: stack!.sim.url, clientId: 'sim-client', clientSecret: WRONG_SECRET });
			await modal.getByTestId('credential-save-button').click();
			await visible(modal.getByText('Couldn’t connect with these settings').or(modal.getByText("Couldn't connect with these settings")));
			await modal.getByText('More details').click();
			await visible(modal.getByText(WRONG_SECRET_MESSAGE, { exact: false }));
			const shown = await modal.innerText();
			expect(shown).toContain(`${WRONG_SECRET_MESSAGE}. Check both values of the app in OTTO Partner Connect`);
			expect(shown).not.toContain(WRONG_SECRET);
			expect(await page.locator('body').innerText()).not.toContain(WRONG_SECRET);
			await page.keyboard.press('Escape');
			await modal.waitFor({ state: 'hidden' });
		});
	});

	test('5. executing Order → Get Many shows the simulator\'s orders in the output table', async () => {
		await step('execute orders', async () => {
			if (!(await page.getByTestId('ndv').isVisible())) await openNodeOnCanvas(page, 'Get many orders');
			await selectCredential(page, GOOD_CREDENTIAL);
			await page.getByTestId('ndv').getByTestId('node-execute-button').click();
			const out = page.getByTestId('output-panel');
			await visible(out.getByTestId('node-run-status-success'));
			expect(await (await visible(out.getByTestId('ndv-items-count'))).innerText()).toMatch(/^50 items$/);
			await out.getByTestId('radio-button-table').click();
			const columns = await outputColumns(page);
			for (const column of ['salesOrderId', 'orderNumber', 'orderDate', 'positionItems']) expect(columns).toContain(column);
			const firstCell = (await out.locator('table tbody tr').first().locator('td').first().innerText()).trim();
			expect(firstCell).toMatch(/^[0-9a-f-]{36}$/);
			await keepShot('output-orders.png', page.getByTestId('ndv'));
			await closeNdv(page);
		});
	});

	test('4. the node panel describes the entry when adding an action; Product → Get Many\'s brand picker', async () => {
		await step('brand picker', async () => {
			await page.getByTestId('node-creator-plus-button').click();
			const entry = await searchOttoEntry(page);
			expect((await entry.getByTestId('node-creator-item-description').innerText()).trim()).toBe(ENTRY_DESCRIPTION);
			await openOttoEntry(page);
			await pickEntryItem(page, 'Actions', 'Get many product variations');
			const ndv = page.getByTestId('ndv');
			await selectCredential(page, GOOD_CREDENTIAL);
			await ndv.getByTestId('parameter-item').filter({ hasText: /^Filters/ }).getByTestId('collection-parameter-add').click();
			await (await visible(page.getByRole('option', { name: 'Brand', exact: true }))).click();
			const locator = await visible(ndv.getByTestId('resource-locator-brandId'));
			await locator.getByTestId('rlc-input-container').click();
			const items = page.getByTestId('rlc-item');
			await visible(items);
			expect(await items.count()).toBeGreaterThan(3);
			const brand = (await items.nth(1).innerText()).trim();
			expect(brand).not.toBe('');
			await items.nth(1).click();
			await expect_(async () => (await locator.getByTestId('rlc-input').first().evaluate((el) => {
					const input = el as unknown as { value?: string; querySelector(s: string): { value: string } | null };
					return input.value ?? input.querySelector('input')?.value;
				})) === brand, `brand "${brand}" shown`);
			await closeNdv(page);
		});
	});

	test('6. the trigger: its events in the panel and Fetch Test Event', async () => {
		await step('trigger', async () => {
			await page.getByTestId('node-creator-plus-button').click();
			await openOttoEntry(page);
			await pickEntryItem(page, 'Triggers', 'On new order');
			const ndv = page.getByTestId('ndv');
			await selectCredential(page, GOOD_CREDENTIAL);
			expect(await ndv.getByTestId('parameter-input-event').locator('input').inputValue()).toBe('New Order');
			const fetch = ndv.getByTestId('node-execute-button');
			expect((await fetch.innerText()).trim()).toBe('Fetch Test Event');
			await fetch.click();
			const out = page.getByTestId('output-panel');
			await visible(out.getByTestId('node-run-status-success'));
			expect(await (await visible(out.getByTestId('ndv-items-count'))).innerText()).toMatch(/^1 item$/);
			await out.getByTestId('radio-button-table').click();
			expect(await outputColumns(page)).toContain('salesOrderId');
			await keepShot('trigger-event.png', page.getByTestId('ndv'));
			await closeNdv(page);
		});
	});

	test('canvas: subtitles are labels, not stored values', async () => {
		await step('canvas subtitles', async () => {
			const trigger = page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-otto-market.ottoMarketTrigger"]');
			expect(await trigger.innerText()).toContain('On New Order');
			for (const text of await page.getByTestId('canvas-node').allInnerTexts()) {
				expect(text).not.toMatch(/\bgetAll\b|:\s*order\b|\bnewOrder\b|undefined/);
			}
		});
	});

	test('7. an imported template opens', async () => {
		await step('template', async () => {
			const template = stack!.templates.find((t) => t.key === 'list-orders.json');
			expect(template).toBeDefined();
			await page.goto(`${stack!.url}/home/workflows`);
			await (await visible(page.getByTestId('workflow-card-name').filter({ hasText: template!.workflow.name }))).click();
			await page.waitForURL(new RegExp(`/workflow/${template!.workflow.id}`));
			const otto = await visible(page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-otto-market.ottoMarket"]'));
			expect(await otto.locator('img').first().getAttribute('src')).toMatch(/otto\.svg$/);
			await otto.dblclick();
			const ndv = await visible(page.getByTestId('ndv'));
			expect(await ndv.getByTestId('parameter-input-resource').locator('input').inputValue()).toBe('Order');
			expect(await ndv.getByTestId('parameter-input-operation').locator('input').inputValue()).toBe('Get Many');
			expect(await ndv.getByTestId('node-credentials-select').locator('input').inputValue()).toBe('OTTO Market (simulator)');
			await closeNdv(page);
		});
	});

	test('canvas: the action node shows its subtitle as labels ("Get Many: Order")', async () => {
		// on the template's canvas from step 7; n8n evaluates the subtitle expression and shows nothing when it fails
		await step('action subtitle', async () => {
			const otto = await visible(page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-otto-market.ottoMarket"]'));
			expect(await otto.innerText()).toContain('Get Many: Order');
		});
	});

	test('the README shows the four screenshots, checked in as small PNGs', async () => {
		const readme = await fs.readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
		for (const name of SCREENSHOTS) {
			const file = path.join(DOCS_SCREENSHOTS, name);
			const bytes = (await fs.stat(file)).size;
			const head = (await fs.readFile(file)).subarray(0, 8);
			expect(head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
			expect(bytes).toBeLessThan(200 * 1024);
			expect(readme).toContain(`docs/screenshots/${name}`);
		}
	});
});

/** Polls a condition for a while (the editor updates asynchronously). */
async function expect_(condition: () => Promise<boolean>, what: string, timeoutMs = UI_TIMEOUT): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`timed out waiting for: ${what}`);
}
