import type { Locator, Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodings, filesContaining } from '../../electron/main/testing/leak-scan';
import { CANARY, checkA11y, expect, test, type AppHandle, type SandboxInfo } from '../fixtures';

const PROVIDERS = [
  { connection: 'Sandbox Vault', label: 'vault' },
  { connection: 'Sandbox AWS', label: 'aws' },
  { connection: 'Sandbox Azure', label: 'azure' },
] as const;

async function openSandbox(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  const tree = page.getByRole('navigation', { name: 'Environments' });
  await expect(tree).toBeVisible({ timeout: 60_000 });
  return tree;
}

/** Waits for the environment to finish listing; returns the count, or the reason it failed. */
async function loaded(page: Page, item: Locator): Promise<{ count: number } | { failed: string }> {
  await expect(item).toContainText(/\d+ secrets?$|failed$/, { timeout: 60_000 });
  const text = (await item.textContent()) ?? '';
  if (text.endsWith('failed')) return { failed: (await page.getByRole('status').filter({ hasText: 'listing failed' }).textContent()) ?? 'failed' };
  return { count: Number(/([\d,]+) secrets?$/.exec(text)?.[1]?.replace(/,/g, '') ?? 'NaN') };
}

/** Files Keyhole and this spec wrote (outside the sandbox's own synthetic data) that hold the canary. */
function leaks(app: AppHandle): string[] {
  const hits = filesContaining(app.home, [CANARY]);
  const needles = encodings(CANARY);
  for (const entry of readdirSync(app.dataDir, { withFileTypes: true })) {
    const path = join(app.dataDir, entry.name);
    if (entry.isDirectory() && entry.name !== 'sandbox') hits.push(...filesContaining(path, [CANARY]));
    else if (entry.isFile() && needles.some((needle) => readFileSync(path).includes(needle))) hits.push(path);
  }
  return hits;
}

const nameCell = (row: Locator) => row.getByRole('gridcell').first();

for (const provider of PROVIDERS) {
  test(`browse ${provider.connection} staging: stream, filter, open metadata`, async ({ app }) => {
    test.setTimeout(120_000);
    const { page } = app;
    const tree = await openSandbox(page);
    const item = tree.getByRole('group', { name: provider.connection }).getByRole('button', { name: /^staging/ });
    await item.click();
    await expect(item).toHaveAttribute('aria-current', 'true');
    const result = await loaded(page, item);
    expect(result, `${provider.connection} failed to list`).toHaveProperty('count');
    if (!('count' in result)) return;
    expect(result.count).toBeGreaterThan(0);

    const grid = page.getByRole('grid', { name: `Secrets in ${provider.connection} / staging` });
    await expect(grid).toHaveAttribute('aria-rowcount', String(result.count + 1));
    await expect(page.getByRole('status').filter({ hasText: 'listed just now' })).toBeVisible();
    // Virtualised: far fewer rows in the page than secrets.
    const rendered = await grid.getByRole('row').count();
    expect(rendered).toBeGreaterThan(1);
    if (result.count > 100) expect(rendered).toBeLessThan(result.count);
    // Sorted by name, ascending, from the start.
    await expect(grid.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    // Every row says when it last changed (Vault lists names only: what is on screen is filled in).
    await expect(grid.getByRole('row').nth(1).getByRole('gridcell').nth(1)).toHaveText(/ ago$|^just now$|^\d{4}-\d\d-\d\d$/, { timeout: 20_000 });
    await checkA11y(page);
    await app.screenshot(`browse-${provider.label}-list`);

    // Filter by a fragment of the first name, in the other case: substring, case-insensitive, marked.
    const firstName = (await nameCell(grid.getByRole('row').nth(1)).getAttribute('title')) ?? '';
    const fragment =
      firstName
        .split(/[/-]+/)
        .filter((part) => part.length >= 4)
        .pop() ?? firstName;
    await page.getByLabel('Filter secrets').fill(fragment.toUpperCase());
    await expect(page.getByRole('status').filter({ hasText: / of [\d,]+ secrets/ })).toBeVisible();
    const rows = grid.getByRole('row');
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    for (let index = 1; index < count; index++) {
      expect(((await nameCell(rows.nth(index)).getAttribute('title')) ?? '').toLowerCase()).toContain(fragment.toLowerCase());
    }
    await expect(nameCell(rows.nth(1)).locator('mark').first()).toHaveText(new RegExp(fragment, 'i'));

    // Open a secret from the keyboard: metadata only.
    await grid.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('complementary', { name: 'Secret details' });
    await expect(detail).toBeVisible();
    await expect(detail).toContainText('Metadata only', { timeout: 20_000 });
    await expect(detail).toContainText('Provider ID');
    await expect(detail).toContainText('Expires');
    await expect(detail.getByRole('heading', { name: 'Versions' })).toBeVisible();
    await expect(detail.getByRole('heading', { name: provider.label === 'vault' ? 'Custom metadata' : 'Tags' })).toBeVisible();
    await expect(detail.getByRole('table').first()).toBeVisible();
    await checkA11y(page);
    await app.screenshot(`browse-${provider.label}-detail`);

    // Clicking another row (when the filter left more than one) switches the pane.
    if (count > 2) {
      const other = rows.nth(2);
      const otherName = (await nameCell(other).getAttribute('title')) ?? '';
      await other.click();
      await expect(detail.getByRole('heading', { level: 2 })).toHaveText(otherName);
    }
    await detail.getByRole('button', { name: 'Close details' }).click();
    await expect(detail).toBeHidden();

    // A filter that matches nothing says so.
    await page.getByLabel('Filter secrets').fill('no-such-secret-name-zz');
    await expect(page.getByText('No secret name contains “no-such-secret-name-zz”.')).toBeVisible();
    // A tag filter, in the list.
    await page.getByLabel('Filter secrets').fill('team:payments');
    await expect(nameCell(rows.nth(1))).toHaveAttribute('title', /^payments/, { timeout: 20_000 });
  });
}

test('sort by last change, version count and expiry; Vault fills in what its names-only listing lacks', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const tree = await openSandbox(page);
  const item = tree.getByRole('group', { name: 'Sandbox Vault' }).getByRole('button', { name: /^staging/ });
  await item.click();
  await loaded(page, item);
  const grid = page.getByRole('grid', { name: 'Secrets in Sandbox Vault / staging' });
  const header = (name: string) => grid.getByRole('columnheader', { name });

  await header('Last change').getByRole('button').click();
  await expect(header('Last change')).toHaveAttribute('aria-sort', 'descending');
  await expect(header('Name')).toHaveAttribute('aria-sort', 'none');
  // Until every row's metadata is in, the list says how far the sort has got; then it is complete.
  await expect(page.getByRole('status').filter({ hasText: /listed/ })).not.toContainText('filled in', { timeout: 60_000 });
  const times = async () => {
    const titles: string[] = [];
    const rows = grid.getByRole('row');
    for (let index = 1; index < Math.min(12, await rows.count()); index++)
      titles.push((await rows.nth(index).getByRole('gridcell').nth(1).getAttribute('title')) ?? '');
    return titles;
  };
  const newestFirst = await times();
  expect(newestFirst.length).toBeGreaterThan(5);
  expect(newestFirst).toEqual([...newestFirst].sort().reverse());
  await app.screenshot('browse-sorted-last-change');

  await header('Last change').getByRole('button').click();
  await expect(header('Last change')).toHaveAttribute('aria-sort', 'ascending');
  const oldestFirst = await times();
  expect(oldestFirst).toEqual([...oldestFirst].sort());

  await header('Versions').getByRole('button').click();
  await expect(header('Versions')).toHaveAttribute('aria-sort', 'descending');
  const versions = grid.getByRole('row').nth(1).getByRole('gridcell').nth(2);
  await expect(versions).toHaveText('6');

  // Expiry: on AWS and Azure the list carries it; soonest first, secrets without one last.
  const azure = tree.getByRole('group', { name: 'Sandbox Azure' }).getByRole('button', { name: /^staging/ });
  await azure.click();
  await loaded(page, azure);
  const azureGrid = page.getByRole('grid', { name: 'Secrets in Sandbox Azure / staging' });
  await azureGrid.getByRole('columnheader', { name: 'Expires' }).getByRole('button').click();
  await expect(azureGrid.getByRole('columnheader', { name: 'Expires' })).toHaveAttribute('aria-sort', 'ascending');
  const firstExpiry = (await azureGrid.getByRole('row').nth(1).getByRole('gridcell').nth(3).getAttribute('title')) ?? '';
  const secondExpiry = (await azureGrid.getByRole('row').nth(2).getByRole('gridcell').nth(3).getAttribute('title')) ?? '';
  expect(firstExpiry).toMatch(/^\d{4}-/);
  expect(firstExpiry <= secondExpiry).toBe(true);
  await checkA11y(page);
});

test('tree by path segment: folders with counts, expand and collapse from the keyboard, open a secret', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const tree = await openSandbox(page);
  const item = tree.getByRole('group', { name: 'Sandbox Azure' }).getByRole('button', { name: /^staging/ });
  await item.click();
  await loaded(page, item);
  await page.getByRole('button', { name: 'Tree' }).click();
  await expect(page.getByRole('button', { name: 'Tree' })).toHaveAttribute('aria-pressed', 'true');
  // Azure names use "--" for "/": the tree splits on the environment's separator.
  const grid = page.getByRole('treegrid', { name: 'Secrets in Sandbox Azure / staging' });
  const payments = grid.getByRole('row', { name: /^payments\// });
  await expect(payments).toHaveAttribute('aria-expanded', 'false');
  await expect(payments).toHaveAttribute('aria-level', '1');
  expect(Number(/(\d+)$/.exec((await payments.textContent()) ?? '')?.[1])).toBeGreaterThan(1);
  await payments.click();
  await expect(payments).toHaveAttribute('aria-expanded', 'true');
  const level2 = grid.locator('[role="row"][aria-level="2"]').first();
  await expect(level2).toBeVisible();
  await checkA11y(page);
  await app.screenshot('browse-tree');

  // A click toggles a folder; from the keyboard ← closes it, → opens it; Enter on a secret opens it.
  await level2.click();
  await expect(level2).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(level2).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(level2).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  await expect(detail).toContainText('Metadata only', { timeout: 20_000 });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(/^payments--/);
  // ← on a secret goes up to its folder, ← again closes it.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(level2).toHaveAttribute('aria-expanded', 'false');
});

test('freshness: listed age, refresh one and all, a secret changed since it was listed is marked on open', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  // The renderer's clock, so the listing's age can move on: installed before the app starts.
  await page.clock.install();
  await page.reload();
  const tree = await openSandbox(page);
  const vault = tree.getByRole('group', { name: 'Sandbox Vault' });
  const staging = vault.getByRole('button', { name: /^staging/ });
  const production = vault.getByRole('button', { name: /^production\W+protected/ });
  await expect(staging).toContainText('not loaded');
  await production.click();
  await expect(page.getByRole('heading', { name: 'Sandbox Vault / production' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Secrets' })).toContainText('protected');
  await expect(production).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  await expect(staging).toContainText('not loaded');
  await staging.click();
  await expect(staging).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  await expect(production).toContainText(/\d+ secrets?$/);
  await app.screenshot('browse-protected');

  // The listing's age moves with the clock.
  await page.clock.fastForward('04:10');
  await expect(page.getByRole('status').filter({ hasText: 'listed 4 min ago' })).toBeVisible();

  // Someone changes a secret after it was listed (straight to Vault, behind Keyhole's back).
  const grid = page.getByRole('grid', { name: 'Secrets in Sandbox Vault / staging' });
  const first = grid.getByRole('row').nth(1);
  await expect(first.getByRole('gridcell').nth(2)).toHaveText(/^\d+$/, { timeout: 20_000 });
  const name = (await nameCell(first).getAttribute('title')) ?? '';
  const info = (await app.sandboxInfo()).vault as NonNullable<SandboxInfo['vault']> & { mount: string; prefixes: { staging: string } };
  const written = await fetch(`${info.url}/v1/${info.mount}/data/${info.prefixes.staging}${name}`, {
    method: 'POST',
    headers: { 'X-Vault-Token': info.token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { rotated: 'by-someone-else' } }),
  });
  expect(written.status).toBe(200);
  await first.click();
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  await expect(detail.getByRole('status').filter({ hasText: 'Changed since it was listed' })).toContainText(/current version \d+ → \d+/, {
    timeout: 20_000,
  });
  await expect(detail).toContainText('listed 4 min ago');
  await checkA11y(page);
  await app.screenshot('browse-changed-since-listed');

  // Refresh from the note: listed again, and opening the secret no longer marks it.
  await detail.getByRole('button', { name: 'Refresh the list' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'listed just now' })).toBeVisible({ timeout: 60_000 });
  await nameCell(grid.getByRole('row').nth(1)).click();
  await expect(detail).toContainText('Provider ID', { timeout: 20_000 });
  await expect(detail).not.toContainText('Changed since it was listed');

  // Refresh all lists every loaded environment again.
  await expect(production).toHaveAttribute('title', 'Listed 4 min ago');
  await page.getByRole('button', { name: 'Refresh all environments' }).click();
  await expect(production).toHaveAttribute('title', 'Listed just now', { timeout: 60_000 });
  await expect(staging).toHaveAttribute('title', 'Listed just now', { timeout: 60_000 });
  await expect(production).toContainText(/\d+ secrets?$/);
});

test('browsing never brings a value into the renderer or onto disk: the canary stays with the provider', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const tree = await openSandbox(page);
  for (const provider of PROVIDERS) {
    for (const name of ['staging', 'production']) {
      const item = tree.getByRole('group', { name: provider.connection }).getByRole('button', { name: new RegExp(`^${name}`) });
      await item.click();
      await loaded(page, item);
      // Find the canary's secret, open it, read its metadata; sort and tree views too.
      await page.getByLabel('Filter secrets').fill('canary/leak');
      const grid = page.getByRole('grid', { name: `Secrets in ${provider.connection} / ${name}` });
      await grid.getByRole('row').nth(1).click();
      const detail = page.getByRole('complementary', { name: 'Secret details' });
      await expect(detail).toContainText('Provider ID', { timeout: 20_000 });
      await expect(detail.getByRole('heading', { level: 2 })).toHaveText(/canary/);
      await page.getByLabel('Filter secrets').fill('');
      await grid.getByRole('columnheader', { name: 'Last change' }).getByRole('button').click();
      await grid.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    }
  }
  await page.keyboard.press('/');
  await page.keyboard.type('canary');
  await expect(page.getByRole('listbox', { name: 'Secrets' }).getByRole('option').first()).toBeVisible();
  await page.keyboard.press('Escape');

  const html = await page.evaluate(() => document.documentElement.outerHTML);
  expect(html).not.toContain(CANARY);
  expect(html).not.toContain(Buffer.from(CANARY).toString('base64'));
  expect(leaks(app)).toEqual([]);
});
