import type { Locator, Page } from '@playwright/test';
import { generateSeed } from '../../electron/main/sandbox/seed/generate';
import type { SeedSecret } from '../../electron/main/sandbox/seed/model';
import { enroll, nextCode } from '../two-factor';
import { CANARY, checkA11y, expect, test, type AppHandle } from '../fixtures';
import { openSandbox } from '../sandbox';

const DAY = 86_400_000;
/**
 * The host seeds the sandbox with the default count and this spec's canary, relative to the
 * instant it opens the sandbox: ages relative to the seed's own `now` are what the sandbox holds.
 */
const NOW = Date.parse('2026-01-01T00:00:00Z');
const seed = generateSeed({ canary: CANARY, now: NOW });

/** Days since the secret's value last changed (its current version's creation), at seed time. */
function age(secret: SeedSecret): number {
  return (NOW - Date.parse(secret.versions.at(-1)!.createdAt)) / DAY;
}

/**
 * Vault lists a soft-deleted secret (its latest version deleted) but it is not one to rotate. Due
 * = last change + interval; overdue once that instant passes, "more than 30 days" past it beyond.
 * `later` is how far the test clock has moved past the seed (the seconds the spec takes come on top,
 * so a secret exactly on a boundary is past it).
 */
function overdue(secrets: readonly SeedSecret[], intervalDays: number, later = 0): { long: number; short: number } {
  const ages = secrets.filter((s) => !s.softDeleted).map((s) => age(s) + later);
  return {
    long: ages.filter((a) => a >= intervalDays + 30).length,
    short: ages.filter((a) => a >= intervalDays && a < intervalDays + 30).length,
  };
}

const bar = (page: Page, label: string, count: number): Locator =>
  page
    .getByRole('group', { name: 'Due date buckets' })
    .getByRole('button', { name: `${label}: ${count} ${count === 1 ? 'secret' : 'secrets'}`, exact: true });

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
}

/** Sets Keyhole's interval on an environment from the Environment policies card. */
async function setEnvironmentPolicy(page: Page, environment: string, days: number, reason: string, code?: string): Promise<Locator> {
  await page
    .getByRole('region', { name: 'Environment policies' })
    .getByRole('button', { name: `Set policy for ${environment}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Rotation policy: ${environment}` });
  if ([30, 60, 90].includes(days)) await dialog.getByRole('radio', { name: `${days} days` }).check();
  else {
    await dialog.getByRole('radio', { name: 'Custom' }).check();
    await dialog.getByLabel('Custom interval in days').fill(String(days));
  }
  await dialog.getByLabel('Reason (recorded in the audit log)').fill(reason);
  if (code !== undefined) await dialog.getByLabel('A fresh code from your authenticator').fill(code);
  await dialog.getByRole('button', { name: 'Save policy' }).click();
  return dialog;
}

/** Info notices fade by themselves; screenshots are taken without them. */
async function screenshot(app: AppHandle, name: string): Promise<void> {
  const notices = app.page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
  while ((await notices.count()) > 0) await notices.first().click();
  await app.screenshot(name);
}

async function reportReady(page: Page): Promise<void> {
  await expect(page.getByRole('progressbar', { name: 'Reading when secrets were last rotated' })).toBeHidden({ timeout: 60_000 });
  await expect(page.getByRole('group', { name: 'Due date buckets' })).toBeVisible({ timeout: 60_000 });
}

async function chooseEnvironment(page: Page, label: string): Promise<void> {
  await page.getByLabel('Environment', { exact: true }).selectOption({ label });
  await reportReady(page);
}

test('rotation policies: due report from the seed, filter by bar, secret detail, protected change with a fresh code, clock moves a secret overdue', async ({
  app,
}: {
  app: AppHandle;
}) => {
  test.setTimeout(240_000);
  const { page } = app;
  await openSandbox(page);
  // g then p goes to the page from anywhere.
  await page.getByRole('navigation', { name: 'Main' }).focus();
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Policies' })).toHaveAttribute('aria-current', 'page');
  // Before any Keyhole policy only the providers' own count: AWS rotation rules and Azure expiry dates.
  await reportReady(page);
  await expect(page.getByRole('region', { name: 'Environment policies' }).getByRole('row', { name: /Sandbox Vault \/ staging/ })).toContainText(
    'none',
  );
  await screenshot(app, 'policies-start');

  // A 90-day policy on every staging environment (none is protected: no step-up).
  for (const provider of ['Vault', 'AWS', 'Azure']) {
    const dialog = await setEnvironmentPolicy(page, `Sandbox ${provider} / staging`, 90, 'quarterly rotation for staging');
    await expect(dialog).toBeHidden();
    await expect(
      page.getByRole('region', { name: 'Environment policies' }).getByRole('row', { name: new RegExp(`Sandbox ${provider} / staging`) }),
    ).toContainText('every 90 days');
  }

  // Vault staging: every secret's last change is its current version's creation, as seeded.
  await chooseEnvironment(page, 'Sandbox Vault / staging');
  const before = overdue(seed.staging.secrets, 90);
  expect(before.long).toBeGreaterThan(0);
  await expect(bar(page, 'Overdue by more than 30 days', before.long)).toBeVisible();
  await expect(bar(page, 'Overdue by up to 30 days', before.short)).toBeVisible();
  await checkA11y(page);
  await screenshot(app, 'policies-chart');

  // Clicking a bar filters the table to it; the oldest comes first (sorted by due date).
  await bar(page, 'Overdue by more than 30 days', before.long).click();
  await expect(bar(page, 'Overdue by more than 30 days', before.long)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('status').filter({ hasText: `${before.long} secrets overdue by more than 30 days` })).toBeVisible();
  const oldest = seed.staging.secrets
    .filter((s) => !s.softDeleted)
    .slice()
    .sort((a, b) => age(b) - age(a))[0]!;
  const table = page.getByRole('table', { name: 'Secrets overdue by more than 30 days' });
  await expect(table.getByRole('row').nth(1).getByRole('button', { name: oldest.name, exact: true })).toBeVisible();
  await expect(table.getByRole('row').nth(1)).toContainText('Keyhole environment');
  await expect(table.getByRole('row').nth(1)).toContainText('last change');

  // Select rows with Space and Shift+Arrow: "Rotate selected…" opens the bulk dialog with them.
  await table.getByRole('row').nth(1).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByRole('status').filter({ hasText: '2 selected' })).toBeVisible();
  // Shift+click extends from the first row to the fourth; Ctrl+click on a row takes one out again.
  const rows = table.getByRole('row');
  await rows
    .nth(4)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByRole('status').filter({ hasText: '4 selected' })).toBeVisible();
  await rows
    .nth(3)
    .getByRole('cell', { name: 'Keyhole environment' })
    .click({ modifiers: ['Control'] });
  await expect(rows.nth(3).getByRole('checkbox')).not.toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: '3 selected' })).toBeVisible();
  await checkA11y(page);
  await screenshot(app, 'policies-filtered');
  await page.getByRole('button', { name: 'Rotate selected…' }).click();
  const bulk = page.getByRole('dialog').filter({ hasText: oldest.name });
  await expect(bulk).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(bulk).toBeHidden();
  await bar(page, 'Overdue by more than 30 days', before.long).click();

  // The secret that comes due next becomes overdue once the clock passes its due date.
  const next = seed.staging.secrets
    .filter((s) => !s.softDeleted && age(s) < 90)
    .slice()
    .sort((a, b) => age(b) - age(a))[0]!;
  const later = 90 - age(next) + 0.5;
  await app.advanceClock(later * DAY);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await reportReady(page);
  const after = overdue(seed.staging.secrets, 90, later);
  expect(after.short + after.long).toBeGreaterThan(before.short + before.long);
  await expect(bar(page, 'Overdue by up to 30 days', after.short)).toBeVisible();
  await expect(bar(page, 'Overdue by more than 30 days', after.long)).toBeVisible();
  await page.getByLabel('Filter by name').fill(next.name);
  await expect(page.getByRole('row', { name: new RegExp(next.name) }).first()).toContainText('overdue');
  await screenshot(app, 'policies-clock-moved');
  await page.getByLabel('Filter by name').fill('');

  // Rotating it (a guided rotation with a checklist) puts it back on schedule, counted from Keyhole's rotation.
  const current = next.versions.at(-1)!.value;
  const field = current.kind === 'fields' ? ('password' in current.fields ? 'password' : Object.keys(current.fields).at(-1)!) : 'value';
  await go(page, 'Rotation');
  const form = page.getByRole('form', { name: 'Rotation plan' });
  if (!(await form.isVisible())) await page.getByRole('button', { name: 'New rotation' }).click();
  await form.getByLabel('Environment', { exact: true }).selectOption({ label: 'Sandbox Vault / staging' });
  await form.getByLabel('Secret name').fill(next.name);
  await form.getByLabel('Field').fill(field);
  await form.getByLabel('Length (12–256)').fill('28');
  await form.getByLabel('What must learn the new value').selectOption({ label: 'Nothing: a checklist I tick' });
  await form.getByLabel('Checklist (one item a line)').fill('restart the consumers');
  await form.getByLabel('Reason (audited)').fill('overdue under the staging policy');
  await page.getByRole('button', { name: 'Start rotation' }).click();
  await page.getByRole('button', { name: 'Confirm apply' }).click();
  await page.getByRole('checkbox', { name: 'restart the consumers' }).check();
  await page.getByRole('button', { name: 'Confirm promote' }).click();
  await expect(page.getByRole('button', { name: 'Confirm promote' })).toBeHidden({ timeout: 30_000 });
  await go(page, 'Policies');
  await chooseEnvironment(page, 'Sandbox Vault / staging');
  await page.getByLabel('Filter by name').fill(next.name);
  const rotatedRow = page.getByRole('row', { name: new RegExp(next.name) }).first();
  await expect(rotatedRow).toContainText('on schedule');
  await expect(rotatedRow).toContainText('Keyhole');
  await rotatedRow.getByRole('button', { name: next.name, exact: true }).click();
  const guided = page.getByRole('complementary', { name: 'Secret details' }).getByRole('region', { name: 'Rotation' });
  await expect(guided).toContainText('from Keyhole', { timeout: 30_000 });
  const history = guided.getByRole('list', { name: 'Rotation history, newest first' });
  await expect(history).toContainText('guided');
  await expect(history).toContainText('completed');
  await screenshot(app, 'policies-guided-history');
  // Its history links to the runbook on the Rotation page.
  await history.getByRole('button', { name: /Guided rotation/ }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Rotation' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('button', { name: 'Confirm promote' })).toBeHidden();
  await expect(page.getByRole('main')).toContainText(next.name);
  await go(page, 'Policies');
  await page.getByLabel('Filter by name').fill('');

  // AWS: a secret with AWS's own rotation on follows AWS's rule, whatever Keyhole's environment policy says.
  const inStaging = new Set(seed.staging.secrets.map((s) => s.name));
  const awsRotated = seed.production.secrets.find(
    (s) => inStaging.has(s.name) && !seed.drift.softDeleted.includes(s.name) && s.name !== seed.canaryName && s.tags.kind === 'postgres',
  )!;
  await chooseEnvironment(page, 'Sandbox AWS / staging');
  await page.getByLabel('Filter by name').fill(awsRotated.name);
  const awsRow = page.getByRole('row', { name: new RegExp(awsRotated.name) }).first();
  await expect(awsRow).toContainText('AWS rule');
  await expect(awsRow.getByRole('cell', { name: '30 d', exact: true })).toBeVisible();
  await awsRow.getByRole('button', { name: awsRotated.name, exact: true }).click();

  // Its detail: policy, source, last rotation from AWS, and the history AWS reports.
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  const rotation = detail.getByRole('region', { name: 'Rotation' });
  await expect(rotation).toContainText('every 30 days', { timeout: 30_000 });
  await expect(rotation).toContainText('AWS rule');
  await expect(rotation).toContainText('from AWS');
  await expect(rotation.getByRole('list', { name: 'Rotation history, newest first' })).toContainText('AWS reported');
  await checkA11y(page);
  await screenshot(app, 'policies-secret-detail');

  // A Vault secret's own policy, set from its detail pane, beats its environment's.
  await go(page, 'Policies');
  await chooseEnvironment(page, 'Sandbox Vault / staging');
  await page.getByLabel('Filter by name').fill(oldest.name);
  await page.getByRole('button', { name: oldest.name, exact: true }).click();
  await expect(rotation).toContainText('Keyhole environment', { timeout: 30_000 });
  await expect(rotation).toContainText('from last change');
  await expect(rotation).toContainText('No rotation recorded yet.');
  await rotation.getByRole('button', { name: 'Set policy…' }).click();
  const secretDialog = page.getByRole('dialog', { name: `Rotation policy: ${oldest.name} in Sandbox Vault / staging` });
  await secretDialog.getByRole('radio', { name: '30 days' }).check();
  await secretDialog.getByLabel('Reason (recorded in the audit log)').fill('payments key on a monthly cycle');
  await secretDialog.getByRole('button', { name: 'Save policy' }).click();
  await expect(secretDialog).toBeHidden();
  await expect(rotation).toContainText('every 30 days');
  await expect(rotation).toContainText('Keyhole secret');
  await expect(rotation).toContainText('every 90 days');

  // Production is protected: a first policy is set freely; lengthening it needs a fresh code.
  const key = await enroll(app);
  await go(page, 'Policies');
  const production = 'Sandbox Vault / production';
  await expect(await setEnvironmentPolicy(page, production, 90, 'production baseline')).toBeHidden();
  const lengthen = await setEnvironmentPolicy(page, production, 180, 'fewer rotations for the legacy stack');
  await expect(lengthen.getByRole('alert')).toContainText('protected change');
  await app.screenshot('policies-protected-refused');
  await lengthen.getByLabel('A fresh code from your authenticator').fill(await nextCode(app, key));
  await lengthen.getByRole('button', { name: 'Save policy' }).click();
  await expect(lengthen).toBeHidden();
  const productionRow = page.getByRole('region', { name: 'Environment policies' }).getByRole('row', { name: new RegExp(production) });
  await expect(productionRow).toContainText('every 180 days');

  // The seed's long-unrotated production secret is overdue under it; the counts follow the seed.
  await chooseEnvironment(page, `${production} (protected)`);
  const prod = overdue(seed.production.secrets, 180, later);
  await expect(bar(page, 'Overdue by more than 30 days', prod.long)).toBeVisible();
  await expect(bar(page, 'Overdue by up to 30 days', prod.short)).toBeVisible();
  const stale = seed.drift.longUnrotated[0]!;
  await page.getByLabel('Filter by name').fill(stale);
  await expect(page.getByRole('row', { name: new RegExp(stale) }).first()).toContainText('overdue');
  await page.getByLabel('Filter by name').fill('');

  // Dark theme: the same screen, calm and legible.
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await checkA11y(page);
  await screenshot(app, 'policies-dark');
  expect(await page.content()).not.toContain(CANARY);
});
