import { totpAt } from '../electron/main/core/mfa/totp';
import { expect, type AppHandle } from './fixtures';

/** One TOTP time step: each code is accepted once, so specs move the host clock between codes. */
export const STEP = 30_000;

/** Enrolls a second factor through the UI; answers the TOTP secret. */
export async function enroll(app: AppHandle): Promise<string> {
  const { page } = app;
  await page.getByRole('button', { name: /Two-factor off/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Set up two-factor authentication' });
  const key = ((await dialog.locator('.enroll-key code').textContent()) ?? '').replace(/\s+/g, '');
  await dialog.getByLabel('Code from your authenticator').fill(await totpAt(key, await app.hostNow()));
  await dialog.getByRole('button', { name: 'Turn on' }).click();
  await dialog.getByLabel('I have saved these recovery codes').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return key;
}

/** A code from the next time step. */
export async function nextCode(app: AppHandle, key: string): Promise<string> {
  await app.advanceClock(STEP);
  return totpAt(key, await app.hostNow());
}
