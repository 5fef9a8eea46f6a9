import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { totpAt } from '../../electron/main/core/mfa/totp';
import { encodings, filesContaining } from '../../electron/main/testing/leak-scan';
import { CANARY, checkA11y, expect, test, type AppHandle } from '../fixtures';

const CANARY_NAME = 'platform/canary/leak-check';
const STEP_MS = 30_000;

/** The operator's authenticator app, on the host's test clock (what core verifies against). */
class Authenticator {
  constructor(
    private readonly app: AppHandle,
    readonly secret: string,
  ) {}

  /** The code shown now. */
  async now(): Promise<string> {
    return totpAt(this.secret, await this.app.hostNow());
  }

  /** The next code: the clock moves on a step first, so no code is spent twice. */
  async next(): Promise<string> {
    await this.app.advanceClock(STEP_MS);
    return this.now();
  }

  /** A code that is wrong now (none of the three steps core accepts). */
  async wrong(): Promise<string> {
    const at = await this.app.hostNow();
    const valid = new Set(await Promise.all([-STEP_MS, 0, STEP_MS].map((delta) => totpAt(this.secret, at + delta))));
    for (let n = 13579; ; n += 7919) {
      const code = String(n % 1_000_000).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  }
}

function rail(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

async function openSandbox(page: Page): Promise<Locator> {
  await rail(page).getByRole('button', { name: 'Secrets' }).click();
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  const tree = page.getByRole('navigation', { name: 'Environments' });
  await expect(tree).toBeVisible({ timeout: 60_000 });
  return tree;
}

/** Opens the canary secret in Sandbox Vault's `environment`; returns the details pane. */
async function openCanary(page: Page, tree: Locator, environment: 'staging' | 'production'): Promise<Locator> {
  const item = tree.getByRole('group', { name: 'Sandbox Vault' }).getByRole('button', { name: new RegExp(`^${environment}`) });
  await item.click();
  await expect(item).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  await page.getByLabel('Filter secrets').fill(CANARY_NAME);
  const grid = page.getByRole('grid', { name: `Secrets in Sandbox Vault / ${environment}` });
  await grid.getByRole('row', { name: new RegExp(CANARY_NAME) }).click();
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(CANARY_NAME);
  await expect(detail.getByRole('region', { name: 'Value' })).toBeVisible({ timeout: 20_000 });
  return detail;
}

/**
 * Where the renderer could still hold a value: the DOM, window's own properties, and React's
 * fiber tree (current and alternate, props and hook state), walked breadth-first.
 */
async function placesHolding(page: Page, needle: string): Promise<string[]> {
  return page.evaluate((value) => {
    const hits: string[] = [];
    if (document.documentElement.outerHTML.includes(value)) hits.push('DOM');
    const seen = new WeakSet<object>();
    const queue: Array<[unknown, string]> = [];
    for (const key of Object.getOwnPropertyNames(window)) {
      try {
        queue.push([(window as unknown as Record<string, unknown>)[key], `window.${key}`]);
      } catch {
        // A getter that refuses: nothing of ours.
      }
    }
    const root = document.getElementById('root') as unknown as Record<string, unknown> | null;
    for (const key of Object.keys(root ?? {})) if (key.startsWith('__react')) queue.push([root?.[key], `#root.${key}`]);
    let visited = 0;
    while (queue.length > 0 && visited < 400_000 && hits.length < 10) {
      const [item, path] = queue.shift()!;
      if (typeof item === 'string') {
        if (item.includes(value)) hits.push(path);
        continue;
      }
      if ((typeof item !== 'object' && typeof item !== 'function') || item === null) continue;
      if (seen.has(item) || item instanceof Node || ArrayBuffer.isView(item)) continue;
      seen.add(item);
      visited++;
      for (const key of Object.getOwnPropertyNames(item)) {
        let child: unknown;
        try {
          child = (item as Record<string, unknown>)[key];
        } catch {
          continue;
        }
        queue.push([child, `${path}.${key}`]);
      }
    }
    return hits;
  }, needle);
}

function clipboard(): string | null {
  try {
    return execFileSync('xclip', ['-selection', 'clipboard', '-o'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // Nothing on the clipboard (xclip exits non-zero).
  }
}

/** Files the app and this spec wrote, outside the sandbox's own synthetic data, holding the canary. */
function leaks(app: AppHandle, values: string[]): string[] {
  const hits = filesContaining(app.home, values);
  const needles = values.flatMap(encodings);
  for (const entry of readdirSync(app.dataDir, { withFileTypes: true })) {
    const path = join(app.dataDir, entry.name);
    if (entry.isDirectory() && entry.name !== 'sandbox') hits.push(...filesContaining(path, values));
    else if (entry.isFile() && needles.some((needle) => readFileSync(path).includes(needle))) hits.push(path);
  }
  return hits;
}

/** Settings → Two-factor authentication, or the dialog already open: enrolls, returns the authenticator and recovery codes. */
async function enroll(app: AppHandle, screenshots = false): Promise<{ authenticator: Authenticator; recoveryCodes: string[] }> {
  const { page } = app;
  const dialog = page.getByRole('dialog', { name: 'Set up two-factor authentication' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Protects against');
  await expect(dialog).toContainText('Does not protect against');
  await expect(dialog.getByRole('img', { name: /QR code/ })).toBeVisible();
  const secret = (await dialog.getByRole('group', { name: 'Setup key' }).innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const authenticator = new Authenticator(app, secret);
  const code = dialog.getByLabel('Code from your authenticator');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  if (screenshots) {
    await checkA11y(page);
    await app.screenshot('mfa-enroll');
  }

  await code.fill(await authenticator.wrong());
  await dialog.getByRole('button', { name: 'Turn on' }).click();
  await expect(dialog.getByRole('alert')).toContainText('not accepted');
  await code.fill(await authenticator.now());
  await dialog.getByRole('button', { name: 'Turn on' }).click();

  const codes = dialog.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allInnerTexts();
  await expect(dialog.getByRole('group', { name: 'Setup key' })).toHaveCount(0);
  // The codes are shown once: closing needs the confirmation.
  await page.keyboard.press('Escape');
  await expect(dialog.getByRole('alert')).toContainText('not shown again');
  const done = dialog.getByRole('button', { name: 'Done' });
  await expect(done).toBeDisabled();
  if (screenshots) {
    await checkA11y(page);
    await app.screenshot('mfa-recovery-codes');
  }
  await dialog.getByLabel('I have saved these recovery codes').check();
  await done.click();
  await expect(dialog).toBeHidden();
  const html = await page.content();
  expect(html).not.toContain(secret);
  for (const recovery of recoveryCodes) expect(html).not.toContain(recovery);
  // Nor anywhere the renderer can still reach (state of the closed dialog included).
  await expect.poll(() => placesHolding(page, secret)).toEqual([]);
  await expect.poll(() => placesHolding(page, recoveryCodes[0]!)).toEqual([]);
  return { authenticator, recoveryCodes };
}

test('enroll, reveal in staging without a step-up, step up with a reason in production, mask, copy and clear, replay refused, lock and unlock', async ({
  app,
}) => {
  test.setTimeout(180_000);
  const { page } = app;
  await expect(page.getByRole('button', { name: /Two-factor off/ })).toBeVisible();
  const tree = await openSandbox(page);

  // Staging is not protected: reveal and copy need no second factor.
  let detail = await openCanary(page, tree, 'staging');
  const value = detail.getByRole('region', { name: 'Value' });
  await expect(value).not.toContainText(CANARY);
  expect(await page.content()).not.toContain(CANARY);
  await value.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(value.getByText(CANARY)).toBeVisible();
  await expect(value.getByRole('timer')).toContainText(/masks in 0:(1\d|20)/);
  await expect(value.getByRole('row', { name: /^password/ })).toBeVisible();
  await expect(value.getByRole('button', { name: 'Reveal password' })).toBeVisible();
  // Nothing about the value in an attribute.
  expect(
    await value.evaluate(
      (element, needle) => [...element.querySelectorAll('*')].some((node) => [...node.attributes].some((a) => a.value.includes(needle))),
      CANARY,
    ),
  ).toBe(false);
  await checkA11y(page);

  // Masked by the host's clock: gone from the DOM and from everything the renderer can reach.
  await app.advanceClock(21_000);
  await expect(value.getByText(CANARY)).toHaveCount(0, { timeout: 10_000 });
  await expect(value.getByRole('row', { name: /^password/ })).toBeVisible();
  await expect.poll(() => placesHolding(page, CANARY)).toEqual([]);

  // One field alone (the username, which is not the canary: screenshots never show the canary).
  await value.getByRole('button', { name: 'Reveal username' }).click();
  await expect(value.getByRole('row', { name: /^username/ })).toContainText('canary');
  await expect(value.getByText(CANARY)).toHaveCount(0);
  await app.screenshot('mfa-revealed-field');

  // Copy one field: on the X11 clipboard until clipboardClearSeconds, then cleared by main.
  if (process.env.DISPLAY) {
    await value.getByRole('button', { name: 'Copy password' }).click();
    await expect(value.getByRole('status').filter({ hasText: /Copied · clears in (29|30) s/ })).toBeVisible();
    expect(clipboard()).toBe(CANARY);
    expect(await page.content()).not.toContain(CANARY);
    await app.screenshot('mfa-copied');
    await app.advanceClock(31_000);
    await expect.poll(clipboard, { message: 'the clipboard is cleared after clipboardClearSeconds' }).not.toBe(CANARY);
    await expect(value.getByRole('status').filter({ hasText: 'Copied' })).toHaveCount(0);
  } else {
    test
      .info()
      .annotations.push({ type: 'skip', description: 'copy: no DISPLAY, so no X11 clipboard to read (npm test runs the host under xvfb-run)' });
  }

  // Production is protected: refused without a second factor, which leads to enrollment.
  detail = await openCanary(page, tree, 'production');
  await detail.getByRole('region', { name: 'Value' }).getByRole('button', { name: 'Reveal', exact: true }).click();
  const needsMfa = page.getByRole('dialog', { name: 'Step-up needs two-factor authentication' });
  await expect(needsMfa).toContainText(`Reveal ${CANARY_NAME} in Sandbox Vault / production`);
  await checkA11y(page);
  await app.screenshot('mfa-step-up-not-enrolled');
  await needsMfa.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const { authenticator } = await enroll(app, true);
  const section = page.getByRole('region', { name: 'Two-factor authentication' });
  await expect(section).toContainText('10 recovery codes left');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await checkA11y(page);
  await app.screenshot('mfa-settings-enrolled');

  // Refused in production, then a step-up with a reason, and the value.
  await rail(page).getByRole('button', { name: 'Secrets' }).click();
  const production = page.getByRole('complementary', { name: 'Secret details' }).getByRole('region', { name: 'Value' });
  await production.getByRole('button', { name: 'Reveal', exact: true }).click();
  const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
  await expect(stepUp).toContainText(`Reveal ${CANARY_NAME} in Sandbox Vault / production`);
  await stepUp.getByLabel('Reason').fill('INC-4711 checking the canary');
  await stepUp.getByLabel('Code from your authenticator').fill(await authenticator.wrong());
  await stepUp.getByRole('button', { name: 'Step up' }).click();
  await expect(stepUp.getByRole('alert')).toContainText('not accepted');
  await expect(stepUp.getByLabel('Code from your authenticator')).toHaveValue('');
  await checkA11y(page);
  await app.screenshot('mfa-step-up');
  const spent = await authenticator.next();
  await stepUp.getByLabel('Code from your authenticator').fill(spent);
  await stepUp.getByRole('button', { name: 'Step up' }).click();
  await expect(stepUp).toBeHidden();
  await expect(production.getByText(CANARY)).toBeVisible();
  await expect(production).toContainText('INC-4711 checking the canary');
  // The walk below does reach React's state: it finds the value while it is shown.
  expect(await placesHolding(page, CANARY)).toEqual(expect.arrayContaining(['DOM', expect.stringMatching(/^#root\.__react/)]));
  await expect(page.getByText(/Step-up active · [45]:\d\d/)).toBeVisible();

  // Masked after revealSeconds, and dropped.
  await app.advanceClock(21_000);
  await expect(production.getByText(CANARY)).toHaveCount(0, { timeout: 10_000 });
  await expect.poll(() => placesHolding(page, CANARY)).toEqual([]);
  await expect(page.getByText(/Step-up active · 4:\d\d/)).toBeVisible();
  await app.screenshot('mfa-masked');

  // Inside the grant, a reveal needs no new code; a lock drops it at once and ends the grant.
  await production.getByRole('button', { name: 'Reveal password' }).click();
  await expect(production.getByText(CANARY)).toBeVisible();
  await page.keyboard.press('Control+L');
  const lock = page.getByRole('main', { name: 'Keyhole is locked' });
  await expect(lock).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect.poll(() => placesHolding(page, CANARY)).toEqual([]);

  // A code already spent is refused as replayed.
  await lock.getByLabel('Code from your authenticator').fill(spent);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock.getByRole('alert')).toContainText('That code was already used — wait for the next one');
  await checkA11y(page);
  await app.screenshot('mfa-lock-replayed');
  await lock.getByLabel('Code from your authenticator').fill(await authenticator.next());
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(rail(page)).toBeVisible();
  // Unlocking starts no grant: production asks again.
  await expect(page.getByRole('button', { name: 'Step up' })).toBeVisible();

  expect(leaks(app, [CANARY, authenticator.secret])).toEqual([]);
});

test('wrong codes lock codes out, a restart keeps the lockout, and a weakening setting asks for a step-up', async ({ app }) => {
  test.setTimeout(180_000);
  let { page } = app;

  // Enrollment from the command palette.
  await page.keyboard.press('Control+K');
  await page.getByRole('combobox', { name: 'Search commands' }).fill('two-factor');
  await page.keyboard.press('Enter');
  const { authenticator, recoveryCodes } = await enroll(app);

  await page.getByRole('banner').getByRole('button', { name: 'Lock', exact: true }).click();
  let lock = page.getByRole('main', { name: 'Keyhole is locked' });
  await expect(lock).toBeVisible();
  const code = () => lock.getByLabel('Code from your authenticator');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await code().fill(await authenticator.wrong());
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(lock.getByRole('alert')).toContainText('not accepted');
    await expect(code()).toHaveValue('');
  }
  await expect(lock.getByRole('status')).toContainText(/Too many wrong codes: codes are refused for 0:(2\d|30) more/);
  await expect(lock.getByRole('button', { name: 'Unlock' })).toBeDisabled();
  await checkA11y(page);
  await app.screenshot('mfa-locked-out');
  const before = await app.hostNow();

  // A restart is no way past the lock or the lockout.
  await app.restart();
  page = app.page;
  lock = page.getByRole('main', { name: 'Keyhole is locked' });
  await expect(lock).toBeVisible();
  await expect(lock.getByRole('status')).toContainText('Too many wrong codes');
  await expect(lock.getByRole('button', { name: 'Unlock' })).toBeDisabled();
  await app.screenshot('mfa-locked-out-after-restart');

  // The new host's clock starts at real time again: move it past the old one and the lockout.
  await app.advanceClock(before - (await app.hostNow()) + 31_000);
  await expect(lock.getByRole('button', { name: 'Unlock' })).toBeEnabled({ timeout: 10_000 });
  await lock.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await lock.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(rail(page)).toBeVisible();

  // A weakening setting is refused by main; the step-up dialog opens, and the change is saved after it.
  await rail(page).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'Two-factor authentication' })).toContainText('9 recovery codes left');
  const reveal = page.getByLabel('Reveal duration');
  await reveal.fill('45');
  await reveal.press('Enter');
  const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
  await expect(stepUp).toContainText('Change “Reveal duration”');
  await expect(stepUp.getByLabel('Reason')).toHaveCount(0);
  await stepUp.getByLabel('Code from your authenticator').fill(await authenticator.next());
  await stepUp.getByRole('button', { name: 'Step up' }).click();
  await expect(stepUp).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Setting saved' })).toBeVisible();
  await expect(reveal).toHaveValue('45');
  await expect(page.getByRole('region', { name: 'Two-factor authentication' })).toContainText(/Active for [45]:\d\d more/);
  await checkA11y(page);
  await app.screenshot('mfa-settings-step-up-active');

  // A screen lock ends the grant; idling past idleLockMinutes locks Keyhole.
  await app.systemEvent('lock-screen');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Step up' })).toBeVisible();
  await app.advanceClock(11 * 60_000);
  await expect(page.getByRole('main', { name: 'Keyhole is locked' })).toContainText('after a while without activity');

  expect(leaks(app, [CANARY, authenticator.secret, ...recoveryCodes])).toEqual([]);
});
