import type { Locator, Page } from '@playwright/test';
import { totpAt } from '../../electron/main/core/mfa/totp';
import { checkA11y, expect, test, type AppHandle } from '../fixtures';
import { openSandbox } from '../sandbox';
import { nextCode } from '../two-factor';

const CANARY_NAME = 'platform/canary/leak-check';

/** A code that none of the three steps core accepts would produce now. */
async function wrongCode(app: AppHandle, key: string): Promise<string> {
  const at = await app.hostNow();
  const valid = new Set(await Promise.all([-30_000, 0, 30_000].map((delta) => totpAt(key, at + delta))));
  return ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code)) ?? '444444';
}

/** The enrollment dialog, open: turns two-factor on; answers the key and the recovery codes. */
async function enrollIn(app: AppHandle): Promise<{ key: string; recoveryCodes: string[] }> {
  const { page } = app;
  const dialog = page.getByRole('dialog', { name: 'Set up two-factor authentication' });
  const key = (await dialog.getByRole('group', { name: 'Setup key' }).innerText()).replace(/\s/g, '');
  await dialog.getByLabel('Code from your authenticator').fill(await totpAt(key, await app.hostNow()));
  await dialog.getByRole('button', { name: 'Turn on' }).click();
  const recoveryCodes = await readCodes(dialog);
  await dialog.getByLabel('I have saved these recovery codes').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return { key, recoveryCodes };
}

async function readCodes(dialog: Locator): Promise<string[]> {
  const items = dialog.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(items).toHaveCount(10);
  return items.allInnerTexts();
}

function twoFactorRegion(page: Page): Locator {
  return page.getByRole('region', { name: 'Two-factor authentication' });
}

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const region = twoFactorRegion(page);
  await region.scrollIntoViewIfNeeded();
  return region;
}

async function dark(page: Page, on: boolean): Promise<void> {
  await page.emulateMedia({ colorScheme: on ? 'dark' : 'light' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe(on ? 'dark' : 'light');
}

test('new recovery codes from Settings replace the old ones; turning two-factor off says what it costs, and it can be set up again', async ({
  app,
}) => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.getByRole('button', { name: /Two-factor off/ }).click();
  const { key, recoveryCodes: old } = await enrollIn(app);
  await app.advanceClock(30_000);

  // New recovery codes: a current code from the authenticator, never a recovery code.
  let region = await openSettings(page);
  await expect(region).toContainText('10 recovery codes left');
  await region.getByRole('button', { name: 'New recovery codes…' }).click();
  const codesDialog = page.getByRole('dialog', { name: 'New recovery codes' });
  const code = codesDialog.getByLabel('Code from your authenticator');
  await expect(code).toBeFocused();
  await expect(codesDialog.getByRole('button', { name: 'Use a recovery code instead' })).toHaveCount(0);
  await code.fill(old[0]!);
  await codesDialog.getByRole('button', { name: 'Make new codes' }).click();
  await expect(codesDialog.getByRole('alert')).toContainText('6-digit code');
  await code.fill(await wrongCode(app, key));
  await page.keyboard.press('Enter');
  await expect(codesDialog.getByRole('alert')).toContainText('not accepted');
  await checkA11y(page);
  await app.screenshot('mfa-manage-new-codes-ask');
  await code.fill(await nextCode(app, key));
  await page.keyboard.press('Enter');
  const fresh = await readCodes(codesDialog);
  expect(fresh.some((c) => old.includes(c))).toBe(false);
  await expect(codesDialog.getByRole('status').first()).toContainText('the old ones no longer work');
  // Shown once: closing needs the confirmation first.
  await page.keyboard.press('Escape');
  await expect(codesDialog.getByRole('alert')).toContainText('not shown again');
  await checkA11y(page);
  await app.screenshot('mfa-manage-new-codes');
  await dark(page, true);
  await checkA11y(page);
  await app.screenshot('mfa-manage-new-codes-dark');
  await dark(page, false);
  await codesDialog.getByLabel('I have saved these recovery codes').check();
  await codesDialog.getByRole('button', { name: 'Done' }).click();
  await expect(codesDialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'New recovery codes are in use' })).toBeVisible();
  await expect(region).toContainText('10 recovery codes left');
  for (const c of fresh) expect(await page.content()).not.toContain(c);

  // Locked: an old recovery code is refused, a new one unlocks.
  await page.getByRole('banner').getByRole('button', { name: 'Lock', exact: true }).click();
  const lock = page.getByRole('main', { name: 'Keyhole is locked' });
  await lock.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await lock.getByLabel('Recovery code').fill(old[1]!);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock.getByRole('alert')).toContainText('not accepted');
  await lock.getByLabel('Recovery code').fill(fresh[0]!);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toBeHidden();

  // Turning it off names the consequence; a spent recovery code changes nothing.
  region = await openSettings(page);
  await expect(region).toContainText('9 recovery codes left');
  await region.getByRole('button', { name: 'Turn off two-factor…' }).click();
  const off = page.getByRole('alertdialog', { name: 'Turn off two-factor authentication' });
  await expect(off).toHaveAccessibleDescription(/Reveals and changes in protected environments will be refused until you set it up again/);
  await expect(off.getByLabel('Code from your authenticator')).toBeFocused();
  await checkA11y(page);
  await app.screenshot('mfa-manage-turn-off');
  await off.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await off.getByLabel('Recovery code').fill(fresh[0]!);
  await off.getByRole('button', { name: 'Turn off' }).click();
  await expect(off.getByRole('alert')).toContainText('not accepted');
  await dark(page, true);
  await checkA11y(page);
  await app.screenshot('mfa-manage-turn-off-dark');
  await dark(page, false);
  await off.getByRole('button', { name: 'Use a code from your authenticator instead' }).click();
  await off.getByLabel('Code from your authenticator').fill(await nextCode(app, key));
  await off.getByRole('button', { name: 'Turn off' }).click();
  await expect(off).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor authentication is off' })).toBeVisible();
  await expect(region).toContainText('Off. Reveals, copies and changes in protected environments');
  await expect(region.getByRole('button', { name: 'Turn off two-factor…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Two-factor off/ })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Lock', exact: true })).toHaveCount(0);
  await checkA11y(page);
  await app.screenshot('mfa-manage-off');

  // A protected reveal is now refused as before the first enrollment, which leads to setting it up again.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Secrets' }).click();
  const tree = await openSandbox(page);
  const production = tree.getByRole('group', { name: 'Sandbox Vault' }).getByRole('button', { name: /^production/ });
  await production.click();
  await expect(production).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  await page.getByLabel('Filter secrets').fill(CANARY_NAME);
  await page
    .getByRole('grid', { name: 'Secrets in Sandbox Vault / production' })
    .getByRole('row', { name: new RegExp(CANARY_NAME) })
    .click();
  const value = page.getByRole('complementary', { name: 'Secret details' }).getByRole('region', { name: 'Value' });
  await value.getByRole('button', { name: 'Reveal', exact: true }).click({ timeout: 20_000 });
  const needsMfa = page.getByRole('dialog', { name: 'Step-up needs two-factor authentication' });
  await expect(needsMfa).toContainText(`Reveal ${CANARY_NAME} in Sandbox Vault / production`);

  // Set up again: the first enrollment needs no code, and brings new recovery codes.
  await needsMfa.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const again = await enrollIn(app);
  expect(again.key).not.toBe(key);
  await expect(twoFactorRegion(page)).toContainText('10 recovery codes left');
  await expect(twoFactorRegion(page).getByRole('button', { name: 'Turn off two-factor…' })).toBeVisible();
});
