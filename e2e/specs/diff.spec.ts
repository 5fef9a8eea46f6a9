import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { generateSeed } from '../../electron/main/sandbox/seed/generate';
import { filesContaining } from '../../electron/main/testing/leak-scan';
import { enroll, nextCode } from '../two-factor';
import { CANARY, checkA11y, expect, test, type AppHandle } from '../fixtures';

/** The host seeds the sandbox with the default count and the spec's canary: the drift is known. */
const drift = generateSeed({ canary: CANARY }).drift;

async function openSandbox(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  await expect(page.getByRole('navigation', { name: 'Environments' })).toBeVisible({ timeout: 60_000 });
}

/** Runs the diff; production is protected, so without a current grant the step-up dialog asks first. */
async function runDiff(app: AppHandle, key: string): Promise<void> {
  const { page } = app;
  await page.getByRole('button', { name: 'Run diff' }).click();
  const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
  const counts = page.getByTestId('diff-count-all');
  await expect(counts.or(stepUp)).toBeVisible({ timeout: 60_000 });
  if (await stepUp.isVisible()) {
    await stepUp.getByLabel('Code from your authenticator').fill(await nextCode(app, key));
    await stepUp.getByRole('button', { name: 'Step up' }).click();
    await expect(stepUp).toBeHidden();
  }
  await expect(counts).toBeVisible({ timeout: 60_000 });
}

test('Vault staging against production: inspect, compare values after MFA, dry-run, promote, undo, export', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await openSandbox(page);
  const key = await enroll(app);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Diff/ }).click();
  await page.getByLabel('Environment A').selectOption({ label: 'Sandbox Vault / staging' });
  await page.getByLabel('Environment B').selectOption({ label: 'Sandbox Vault / production (protected)' });
  await runDiff(app, key);

  // The seeded drift, counted exactly.
  await expect(page.getByTestId('diff-count-only-a')).toContainText(String(drift.onlyInStaging.length));
  await expect(page.getByTestId('diff-count-only-b')).toContainText(String(drift.onlyInProduction.length));
  await expect(page.getByTestId('diff-count-unreadable')).toContainText(String(drift.softDeleted.length));
  await expect(page.getByTestId('diff-count-different')).toContainText(
    String(drift.valueChanged.length - drift.softDeleted.filter((n) => drift.valueChanged.includes(n)).length),
  );
  await expect(page.getByTestId('diff-count-metadata')).toContainText(String(drift.metadataChanged.length));
  await checkA11y(page);

  // Inspect a changed row: which fields differ, never the values.
  await page.getByTestId('diff-count-different').click();
  await page.getByLabel('Filter by name').fill('/postgres');
  const row = page.getByTestId('diff-row').first();
  const name = (await row.getAttribute('data-name'))!;
  await row.click();
  const detail = page.getByTestId('diff-detail');
  await expect(detail.getByTestId('diff-field-statuses')).toContainText('password');
  await expect(detail.getByTestId('diff-field-statuses')).toContainText('different');
  await app.screenshot('diff-inspect');

  // Compare the values: production is protected, so a fresh code.
  await detail.getByLabel('Reason (recorded in the audit log)').fill('release check');
  await detail.getByLabel(/fresh code/).fill(await nextCode(app, key));
  await detail.getByRole('button', { name: 'Compare values' }).click();
  const values = page.getByTestId('diff-values');
  await expect(values).toContainText('password');
  await expect(values).toContainText(/hidden in \d+ s/);
  await app.screenshot('diff-compare-values');
  await values.getByRole('button', { name: 'Hide' }).click();
  await expect(values).toBeHidden();

  // Promote two changed rows and one missing in production.
  await page.getByLabel('Filter by name').fill('');
  await page.getByTestId('diff-count-different').click();
  const changed = [name, (await page.getByTestId('diff-row').nth(1).getAttribute('data-name'))!].filter((n, i, all) => all.indexOf(n) === i);
  if (changed.length < 2) changed.push((await page.getByTestId('diff-row').nth(2).getAttribute('data-name'))!);
  for (const n of changed) await page.getByLabel(`Select ${n}`, { exact: true }).check();
  await page.getByTestId('diff-count-only-a').click();
  const missing = drift.onlyInStaging.slice().sort()[0]!;
  await page.getByLabel(`Select ${missing}`, { exact: true }).check();
  await page.getByRole('button', { name: /Promote 3 to production/ }).click();
  const dialog = page.getByRole('alertdialog', { name: /Promote 3 into Sandbox Vault \/ production/ });
  const preview = dialog.getByTestId('promote-preview');
  await expect(preview.locator(`[data-name="${missing}"]`)).toContainText('create');
  for (const n of changed) await expect(preview.locator(`[data-name="${n}"]`)).toContainText('update');
  await dialog.getByLabel(/Type the target environment/).fill('production');
  await dialog.getByRole('button', { name: 'Dry run' }).click();
  await expect(dialog.getByText(/Dry run: nothing was written\. 3 would be written/)).toBeVisible();
  await app.screenshot('diff-dry-run');
  await dialog.getByLabel(/fresh code/).fill(await nextCode(app, key));
  await dialog.getByRole('button', { name: 'Promote 3' }).click();
  for (const n of [...changed, missing]) await expect(preview.locator(`[data-name="${n}"]`)).toContainText('written');
  await app.screenshot('diff-promoted');

  // Undo: updates rolled back, the created secret removed.
  await dialog.getByLabel(/fresh code/).fill(await nextCode(app, key));
  await dialog.getByRole('button', { name: /Undo/ }).click();
  for (const n of changed) await expect(preview.locator(`[data-name="${n}"]`)).toContainText('rolled-back');
  await expect(preview.locator(`[data-name="${missing}"]`)).toContainText('destroyed');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('Values were written since this diff ran')).toBeVisible();

  // Re-diff: back where it started.
  await runDiff(app, key);
  await expect(page.getByTestId('diff-count-only-a')).toContainText(String(drift.onlyInStaging.length));
  await page.getByTestId('diff-count-all').click();
  for (const n of changed) await expect(page.locator(`[data-testid="diff-row"][data-name="${n}"]`)).toHaveAttribute('data-status', 'different');

  // Export: names, statuses and metadata only.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText(/Exported \d+ rows to/)).toBeVisible();
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const exports = join(app.dataDir, 'exports');
  await expect.poll(() => readdirSync(exports).filter((f) => f.startsWith('diff-')).length).toBe(2);
  for (const file of readdirSync(exports)) expect(readFileSync(join(exports, file), 'utf8')).not.toContain(CANARY);
  expect(await page.content()).not.toContain(CANARY);
  // Nothing the app wrote outside the sandbox's own synthetic data holds the canary.
  expect(filesContaining(app.dataDir, [CANARY]).filter((file) => !file.startsWith(join(app.dataDir, 'sandbox')))).toEqual([]);
  await app.screenshot('diff-result');
});
