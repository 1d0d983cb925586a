/**
 * Helpers for driving n8n 2.41.1's editor with playwright-core: sign-in, the node panel, credentials, the node
 * details view (NDV) and screenshots. Selectors are n8n's data-test-id attributes (set as Playwright's test id
 * attribute) and the texts a user sees.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

/** How long one UI expectation may take (the machine is small; n8n renders lazily). */
export const UI_TIMEOUT = 20_000;

export async function signIn(page: Page, url: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${url}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: UI_TIMEOUT });
}

/** Waits until the locator is visible and returns it. */
export async function visible(locator: Locator, timeout = UI_TIMEOUT): Promise<Locator> {
	await locator.first().waitFor({ state: 'visible', timeout });
	return locator.first();
}

/** Types a search into the open node panel and returns the "Otto Market" entry. */
export async function searchOttoEntry(page: Page): Promise<Locator> {
	const search = await visible(page.getByTestId('node-creator-search-bar'));
	await search.fill('otto');
	return visible(page.getByTestId('node-creator-action-item').filter({ hasText: 'Otto Market' }));
}

/** Opens the "Otto Market" entry of the node panel (already open) and waits for its details. */
export async function openOttoEntry(page: Page): Promise<void> {
	const entry = await searchOttoEntry(page);
	await entry.click();
	await visible(page.getByTestId('node-creator-category-item').filter({ hasText: /^Actions \(\d+\)/ }));
}

/** Clicks an action or trigger of the opened entry (expanding its category when it is collapsed). */
export async function pickEntryItem(page: Page, category: 'Actions' | 'Triggers', name: string): Promise<void> {
	const item = page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${name}$`) });
	try {
		await item.first().waitFor({ state: 'attached', timeout: 3_000 });
	} catch {
		// collapsed (the panel opens one category, which depends on where the panel was opened from)
		await page.getByTestId('node-creator-category-item').filter({ hasText: new RegExp(`^${category} \\(`) }).click();
	}
	await item.first().scrollIntoViewIfNeeded();
	await (await visible(item)).click();
	await visible(page.getByTestId('ndv'));
}

/** Selects a credential by its exact name in the open NDV. */
export async function selectCredential(page: Page, name: string): Promise<void> {
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('node-credentials-select').click();
	const items = page.locator('[data-test-id^="node-credentials-select-item-"]');
	await visible(items);
	const count = await items.count();
	for (let i = 0; i < count; i++) {
		const option = items.nth(i);
		// each option shows the credential's name above its type
		const text = (await option.innerText()).split('\n')[0].trim();
		if (text === name) {
			await option.click();
			await ndv.getByTestId('node-credentials-select').locator('input').waitFor();
			const chosen = await ndv.getByTestId('node-credentials-select').locator('input').inputValue();
			if (chosen !== name) throw new Error(`credential "${name}" picked, but the NDV shows "${chosen}"`);
			return;
		}
	}
	throw new Error(`no credential "${name}" in the NDV's list: ${(await items.allInnerTexts()).join(' | ')}`);
}

export interface CredentialInput {
	name: string;
	baseUrl: string;
	clientId: string;
	clientSecret: string;
}

/** Opens "Create new credential" from the NDV, fills in the simulator's settings and saves. */
export async function createCredential(page: Page, input: CredentialInput): Promise<Locator> {
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('node-credentials-select').click();
	await (await visible(page.getByTestId('node-credentials-select-item-new'))).click();
	const modal = await visible(page.getByTestId('editCredential-modal'));
	await renameCredential(page, modal, input.name);
	await modal.getByTestId('parameter-input-environment').click();
	await (await visible(page.getByRole('option', { name: /Custom Base URL/ }))).click();
	await (await visible(modal.getByTestId('parameter-input-baseUrl').locator('input'))).fill(input.baseUrl);
	await modal.getByTestId('parameter-input-clientId').locator('input').fill(input.clientId);
	await modal.getByTestId('parameter-input-clientSecret').locator('input').fill(input.clientSecret);
	return modal;
}

async function renameCredential(page: Page, modal: Locator, name: string): Promise<void> {
	await modal.getByTestId('credential-name').getByTestId('inline-edit-preview').click();
	const input = await visible(modal.getByTestId('credential-name').locator('input'));
	await input.fill(name);
	await input.press('Enter');
	const preview = modal.getByTestId('credential-name').getByTestId('inline-edit-preview');
	const deadline = Date.now() + UI_TIMEOUT;
	while ((await preview.innerText()).trim() !== name) {
		if (Date.now() > deadline) throw new Error(`the credential's name did not change to "${name}"`);
		await page.waitForTimeout(200);
	}
}

/** Hovers a field's label in a form, then its info icon, which opens the tooltip with the field's description. */
export async function hoverFieldInfo(field: Locator): Promise<void> {
	await field.locator('label').first().hover();
	await field.locator('[class*="infoIcon"] [data-state]').first().hover();
}

/** Records what window.open() is called with (n8n opens some Docs links that way) instead of opening it. */
export async function recordWindowOpen(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = globalThis as unknown as { __ottoOpened: string[]; open: (url?: string | URL) => null };
		w.__ottoOpened = [];
		w.open = (url?: string | URL) => {
			w.__ottoOpened.push(String(url));
			return null;
		};
	});
}

export async function openedUrls(page: Page): Promise<string[]> {
	return page.evaluate(() => (globalThis as unknown as { __ottoOpened?: string[] }).__ottoOpened ?? []);
}

/** A documentation link must not put a query after a fragment (the old "#readme?utm_source=…" breakage). */
export function docsLinkProblem(href: string | null): string | undefined {
	if (!href) return 'no href';
	let url: URL;
	try {
		url = new URL(href);
	} catch {
		return `not a URL: ${href}`;
	}
	if (url.protocol !== 'https:') return `not https: ${href}`;
	if (url.hash.includes('?') || url.hash.includes('utm_')) return `query inside the fragment: ${href}`;
	if (/#readme\?/i.test(href)) return `#readme? in ${href}`;
	return undefined;
}

export async function closeNdv(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

export async function openNodeOnCanvas(page: Page, name: string): Promise<void> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await visible(page.getByTestId('ndv'));
}

/** Column headers of the output panel's table. */
export async function outputColumns(page: Page): Promise<string[]> {
	const out = page.getByTestId('output-panel');
	await visible(out.getByTestId('ndv-data-container').locator('table th'));
	return (await out.getByTestId('ndv-data-container').locator('table th').allInnerTexts()).map((t) => t.trim());
}

/** Saves a PNG of one element (its bounding box, within the page). */
export async function elementShot(page: Page, locator: Locator, file: string): Promise<number> {
	await fs.mkdir(path.dirname(file), { recursive: true });
	const box = await locator.boundingBox();
	if (!box) throw new Error(`no bounding box for the screenshot ${file}`);
	const viewport = page.viewportSize()!;
	const x = Math.max(0, Math.floor(box.x));
	const y = Math.max(0, Math.floor(box.y));
	const clip = {
		x,
		y,
		width: Math.min(viewport.width - x, Math.ceil(box.width)),
		height: Math.min(viewport.height - y, Math.ceil(box.height)),
	};
	await page.screenshot({ path: file, clip, caret: 'hide' });
	return (await fs.stat(file)).size;
}
