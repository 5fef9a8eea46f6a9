import type { Page } from '@playwright/test';
import vault from 'node-vault';
import { totpAt } from '../../electron/main/core/mfa/totp';
import { generateSeed } from '../../electron/main/sandbox/seed/generate';
import { CANARY, checkA11y, expect, test, type AppHandle, type SandboxInfo } from '../fixtures';
import { openSandbox } from '../sandbox';
import { enroll, nextCode, STEP } from '../two-factor';

/**
 * A promote's undo survives a restart: promote in the Diff page, restart the app, undo from Recent
 * promotions; Vault production is checked through node-vault against the sandbox.
 */
const drift = generateSeed({ canary: CANARY }).drift;

interface Current {
  data: Record<string, string>;
  version: number;
}

async function current(info: SandboxInfo, name: string): Promise<Current | null> {
  const client = vault({ apiVersion: 'v1', endpoint: info.vault!.url, token: info.vault!.token });
  try {
    const answer = (await client.read(`kv/data/production/${name}`)) as { data: { data: Record<string, string>; metadata: { version: number } } };
    return { data: answer.data.data, version: answer.data.metadata.version };
  } catch (error) {
    if ((error as { response?: { statusCode?: number } }).response?.statusCode === 404) return null;
    throw error;
  }
}

async function toDiff(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Diff/ }).click();
}

async function runDiff(app: AppHandle, key: string): Promise<void> {
  const { page } = app;
  await page.getByLabel('Environment A').selectOption({ label: 'Sandbox Vault / staging' });
  await page.getByLabel('Environment B').selectOption({ label: 'Sandbox Vault / production (protected)' });
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

test('a promote is undone from Recent promotions after a restart', async ({ app }) => {
  test.skip(app.shell !== 'host', 'the spec reads the sandbox through the host');
  test.setTimeout(180_000);
  let { page } = app;
  await openSandbox(page);
  const key = await enroll(app);
  await toDiff(page);
  const panel = page.getByRole('region', { name: /Recent promotions/ });
  await expect(panel).toContainText('No promotions yet');
  await runDiff(app, key);

  // One changed secret and one only in staging.
  await page.getByTestId('diff-count-different').click();
  const changed = (await page.getByTestId('diff-row').first().getAttribute('data-name'))!;
  await page.getByLabel(`Select ${changed}`, { exact: true }).check();
  const missing = drift.onlyInStaging.slice().sort()[0]!;
  await page.getByTestId('diff-count-only-a').click();
  await page.getByLabel(`Select ${missing}`, { exact: true }).check();
  let info = await app.sandboxInfo();
  const before = (await current(info, changed))!;
  expect(await current(info, missing)).toBeNull();

  await page.getByRole('button', { name: /Promote 2 to production/ }).click();
  const dialog = page.getByRole('alertdialog', { name: /Promote 2 into Sandbox Vault \/ production/ });
  await dialog.getByLabel(/Type the target environment/).fill('production');
  await dialog.getByLabel(/fresh code/).fill(await nextCode(app, key));
  await dialog.getByRole('button', { name: 'Promote 2' }).click();
  await expect(dialog.getByTestId('promote-preview')).toContainText('written');
  await dialog.getByRole('button', { name: 'Done' }).click();
  expect((await current(info, changed))!.version).toBe(before.version + 1);
  expect(await current(info, missing)).not.toBeNull();

  const promotion = panel.getByRole('listitem', { name: /Sandbox Vault \/ staging → production/ });
  await expect(promotion).toHaveCount(1);
  await expect(promotion).toContainText('2 written');
  await promotion.getByRole('button', { name: '2 secrets' }).click();
  await expect(promotion.getByRole('list', { name: 'Secrets in this promotion' })).toContainText(missing);
  await checkA11y(page);
  await app.screenshot('diff-undo-recent-promotions');

  // The restart: the new host's clock starts at real time again, so it is moved past the codes already used.
  const usedUntil = await app.hostNow();
  await app.restart();
  page = app.page;
  await app.advanceClock(usedUntil - (await app.hostNow()) + STEP);
  const lock = page.getByRole('main', { name: 'Keyhole is locked' });
  await lock.getByLabel('Code from your authenticator').fill(await totpAt(key, await app.hostNow()));
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await toDiff(page);

  const restored = page.getByRole('region', { name: /Recent promotions/ }).getByRole('listitem', { name: /Sandbox Vault \/ staging → production/ });
  await expect(restored).toContainText('2 written');
  // Keyboard: the undo is a button in the list.
  await restored.getByRole('button', { name: 'Undo…' }).focus();
  await page.keyboard.press('Enter');
  const undo = page.getByRole('alertdialog', { name: 'Undo the promotion into Sandbox Vault / production' });
  await expect(undo.getByRole('table', { name: 'What the undo puts back' })).toContainText(missing);
  await undo.getByLabel('Reason (recorded in the audit log)').fill('promoted too early');
  await undo.getByLabel(/fresh code/).fill(await nextCode(app, key));
  await checkA11y(page);
  await app.screenshot('diff-undo-confirm');
  await undo.getByRole('button', { name: 'Undo 2' }).click();
  await expect(undo.getByRole('table', { name: 'What the undo puts back' })).toContainText('rolled-back');
  await expect(undo.getByRole('table', { name: 'What the undo puts back' })).toContainText('destroyed');
  await undo.getByRole('button', { name: 'Done' }).click();

  // Production is back: the changed secret's previous data as a new version, the created one gone.
  info = await app.sandboxInfo();
  const after = (await current(info, changed))!;
  expect(after.version).toBe(before.version + 2);
  expect(after.data).toEqual(before.data);
  expect(await current(info, missing)).toBeNull();

  // Undone once: no second undo offered.
  await expect(restored.getByText('undone')).toBeVisible();
  await expect(restored.getByRole('button', { name: 'Undo…' })).toHaveCount(0);
  await checkA11y(page);
  await app.screenshot('diff-undo-done');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  await restored.getByRole('button', { name: '2 secrets' }).click();
  await checkA11y(page);
  await app.screenshot('diff-undo-done-dark');
  expect(await page.content()).not.toContain(CANARY);
});
