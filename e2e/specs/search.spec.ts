import type { Locator, Page } from '@playwright/test';
import { CANARY, checkA11y, expect, test } from '../fixtures';

async function openSandbox(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  const tree = page.getByRole('navigation', { name: 'Environments' });
  await expect(tree).toBeVisible({ timeout: 60_000 });
  return tree;
}

const environment = (tree: Locator, connection: string, name: string) =>
  tree.getByRole('group', { name: connection }).getByRole('button', { name: new RegExp(`^${name}`) });

async function listed(item: Locator): Promise<void> {
  await expect(item).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
}

/** The palette's result headings: "SANDBOX VAULT / STAGING" → "3 matches". */
async function headings(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const heading of await page.locator('.search-env').all()) {
    const label = (await heading.locator('.search-env-label').textContent()) ?? '';
    out[label] = (await heading.locator('.search-env-count').textContent()) ?? '';
  }
  return out;
}

test('search every listed environment from the palette: a name fragment, a path, a tag across providers; open a result', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const tree = await openSandbox(page);
  const vaultStaging = environment(tree, 'Sandbox Vault', 'staging');
  await vaultStaging.click();
  await listed(vaultStaging);

  // Typing in the command palette searches secrets too (a name fragment, any case), marked.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type('NOTIFIER/STR');
  const results = palette.getByRole('listbox', { name: 'Commands and secrets' });
  await expect(results.getByRole('option', { name: /notifier\/stripe/ }).first()).toBeVisible();
  await expect(
    results
      .getByRole('option', { name: /notifier\/stripe/ })
      .first()
      .locator('mark'),
  ).toHaveText(/notifier\/str/i);
  expect(Object.keys(await headings(page))).toEqual(['Sandbox Vault / staging']);
  // Results follow the listings: loading the others (from the palette) adds them without retyping.
  await palette.getByRole('button', { name: 'Load all' }).click();
  await expect
    .poll(async () => Object.keys(await headings(page)).sort(), { timeout: 60_000 })
    .toEqual([
      'Sandbox AWS / production',
      'Sandbox AWS / staging',
      'Sandbox Azure / production',
      'Sandbox Azure / staging',
      'Sandbox Vault / production',
      'Sandbox Vault / staging',
    ]);
  // Azure spells "/" as "--": the same path finds it, marked in its own spelling.
  await expect(
    results
      .getByRole('option', { name: /notifier--stripe/ })
      .first()
      .locator('mark'),
  ).toHaveText(/notifier--str/i);
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  for (const [connection, name] of [
    ['Sandbox Vault', 'production'],
    ['Sandbox AWS', 'staging'],
    ['Sandbox AWS', 'production'],
    ['Sandbox Azure', 'staging'],
    ['Sandbox Azure', 'production'],
  ] as const) {
    await listed(environment(tree, connection, name));
  }

  // "/" searches secrets only: a tag across providers (Vault's custom metadata is filled in on demand).
  await page.keyboard.press('/');
  const search = page.getByRole('dialog', { name: 'Search secrets' });
  await expect(search).toBeVisible();
  await page.keyboard.type('team:payments stripe');
  const secrets = search.getByRole('listbox', { name: 'Secrets' });
  await expect
    .poll(async () => await headings(page), { timeout: 60_000 })
    .toMatchObject({
      'Sandbox Vault / staging': expect.stringMatching(/^\d+ match(es)?$/),
      'Sandbox AWS / staging': expect.stringMatching(/^\d+ match(es)?$/),
      'Sandbox Azure / staging': expect.stringMatching(/^\d+ match(es)?$/),
    });
  const counts = await headings(page);
  for (const label of ['Sandbox Vault / staging', 'Sandbox AWS / staging', 'Sandbox Azure / staging']) {
    expect(Number(/^(\d+)/.exec(counts[label] ?? '')?.[1])).toBeGreaterThan(0);
  }
  const options = secrets.getByRole('option');
  for (const option of await options.all()) {
    await expect(option).toContainText(/payments/);
    await expect(option).toContainText('team=payments');
  }
  await expect(search.getByRole('status').filter({ hasText: /matches · searched 6 listed environments/ })).toBeVisible();
  await checkA11y(page);
  await app.screenshot('search-tag');

  // Keyboard: ↓ moves, Enter opens the secret in its environment with its metadata.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const chosen = (await secrets.getByRole('option', { selected: true }).locator('.search-name').textContent()) ?? '';
  const chosenName = chosen.replace(/, in .*$/, '');
  await page.keyboard.press('Enter');
  await expect(search).toBeHidden();
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(chosenName);
  await expect(detail).toContainText('Provider ID', { timeout: 20_000 });
  await expect(detail).toContainText('payments');
  // The list shows where it is: the row is selected and in view.
  const selectedRow = page.locator('[role="row"][aria-selected="true"]');
  await expect(selectedRow).toBeInViewport();
  await expect(selectedRow.getByRole('gridcell').first()).toHaveAttribute('title', chosenName);
  await app.screenshot('search-opened');

  // "All N in …" opens that environment's list filtered by the same query.
  await page.keyboard.press('/');
  await page.keyboard.type('kafka');
  const more = page.getByRole('option', { name: /^All \d+ in Sandbox AWS \/ staging/ });
  await expect(more).toBeVisible();
  const total = Number(/All (\d+)/.exec((await more.textContent()) ?? '')?.[1]);
  await more.click();
  await expect(page.getByRole('heading', { name: 'Sandbox AWS / staging' })).toBeVisible();
  await expect(page.getByLabel('Filter secrets')).toHaveValue('kafka');
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^${total} of [\\d,]+ secrets`) })).toBeVisible();

  // Nothing found says so; the canary's value never shows up, its name does.
  await page.keyboard.press('/');
  await page.keyboard.type('no-such-secret-zz');
  await expect(page.getByText('No secret matches “no-such-secret-zz” in the 6 listed environments.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Search secrets' }).fill('canary');
  await expect(page.getByRole('option', { name: /platform\/canary\/leak-check/ }).first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(CANARY);
});

test('"Search secrets" from the palette, and a search made before any listing says what to do', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  await page.keyboard.press('Control+k');
  await page.keyboard.type('search sec');
  await page.keyboard.press('Enter');
  const search = page.getByRole('dialog', { name: 'Search secrets' });
  await expect(search).toBeVisible();
  await expect(search).toContainText('Type part of a name or path, or tag:value');
  await expect(search.getByRole('status').filter({ hasText: 'No environment listed yet · 6 not listed' })).toBeVisible();
  await search.getByRole('button', { name: 'Load all' }).click();
  await page.getByRole('combobox', { name: 'Search secrets' }).fill('ledger');
  await expect(search.getByRole('option').first()).toBeVisible({ timeout: 60_000 });
  // Backspace on an empty query goes back to commands.
  await page.getByRole('combobox', { name: 'Search secrets' }).fill('');
  await page.keyboard.press('Backspace');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
});
