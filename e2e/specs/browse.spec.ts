import type { Locator, Page } from '@playwright/test';
import { checkA11y, expect, test } from '../fixtures';

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
    // Virtualised: far fewer rows in the page than secrets.
    const rendered = await grid.getByRole('row').count();
    expect(rendered).toBeGreaterThan(1);
    if (result.count > 100) expect(rendered).toBeLessThan(result.count);
    await checkA11y(page);
    await app.screenshot(`browse-${provider.label}-list`);

    // Filter by a fragment of the first name, in the other case: substring, case-insensitive.
    const firstName = (await grid.getByRole('row').nth(1).getByRole('gridcell').first().getAttribute('title')) ?? '';
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
      expect(((await rows.nth(index).getByRole('gridcell').first().getAttribute('title')) ?? '').toLowerCase()).toContain(fragment.toLowerCase());
    }

    // Open a secret from the keyboard: metadata only.
    await grid.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('complementary', { name: 'Secret details' });
    await expect(detail).toBeVisible();
    await expect(detail).toContainText('Metadata only', { timeout: 20_000 });
    await expect(detail).toContainText('Provider ID');
    await expect(detail.getByRole('heading', { name: 'Versions' })).toBeVisible();
    await expect(detail.getByRole('table').first()).toBeVisible();
    await checkA11y(page);
    await app.screenshot(`browse-${provider.label}-detail`);

    // Clicking another row (when the filter left more than one) switches the pane.
    if (count > 2) {
      const other = rows.nth(2);
      const otherName = (await other.getByRole('gridcell').first().getAttribute('title')) ?? '';
      await other.click();
      await expect(detail.getByRole('heading', { level: 2 })).toHaveText(otherName);
    }
    await detail.getByRole('button', { name: 'Close details' }).click();
    await expect(detail).toBeHidden();

    // A filter that matches nothing says so.
    await page.getByLabel('Filter secrets').fill('no-such-secret-name-zz');
    await expect(page.getByText('No secret name contains “no-such-secret-name-zz”.')).toBeVisible();
  });
}

test('protected environments are marked, and loads keep their state per environment', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
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
  await page.getByRole('button', { name: 'Reload secrets' }).click();
  await expect(staging).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  await app.screenshot('browse-protected');
});
