import type { Page } from '@playwright/test';
import { checkA11y, expect, test } from '../fixtures';
import { openSandbox } from '../sandbox';
import { enroll } from '../two-factor';

const PAGES = ['Secrets', 'Diff', 'History', 'Rotation', 'Policies', 'Audit', 'Connections', 'Settings'] as const;

test('the rail reaches every page, marks the current one, and every page passes axe', async ({ app }) => {
  const { page } = app;
  const rail = page.getByRole('navigation', { name: 'Main' });
  await expect(rail.getByRole('button', { name: 'Secrets' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Welcome to Keyhole' })).toBeVisible();
  await checkA11y(page);

  for (const name of PAGES) {
    await rail.getByRole('button', { name }).click();
    await expect(rail.getByRole('button', { name })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    for (const other of PAGES.filter((p) => p !== name)) {
      await expect(rail.getByRole('button', { name: other })).not.toHaveAttribute('aria-current', 'page');
    }
    await checkA11y(page);
    await app.screenshot(`page-${name.toLowerCase()}`);
  }
});

test('the command palette filters, runs with the keyboard, and gives focus back', async ({ app }) => {
  const { page } = app;
  const trigger = page.getByRole('button', { name: /Search or run a command/ });
  await trigger.focus();
  await page.keyboard.press('Control+K');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  const box = palette.getByRole('combobox', { name: 'Search commands' });
  await expect(box).toBeFocused();
  await checkA11y(page);
  await app.screenshot('palette');

  // Escape closes and focus returns to where it was.
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(trigger).toBeFocused();

  for (const name of PAGES) {
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search commands' }).fill(`go ${name}`);
    const options = page.getByRole('listbox', { name: 'Commands' }).getByRole('option');
    await expect(options.first()).toHaveText(new RegExp(`Go to ${name}`));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name })).toHaveAttribute('aria-current', 'page');
  }

  // Arrow keys move the selection; Tab stays inside the dialog.
  await trigger.click();
  const list = page.getByRole('listbox', { name: 'Commands' });
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(list.getByRole('option').last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('combobox', { name: 'Search commands' })).toBeFocused();
  await page.getByRole('combobox', { name: 'Search commands' }).fill('zzzz no such command');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toContainText('No command matches');
  await page.keyboard.press('Escape');
});

test('g then a letter goes to a page', async ({ app }) => {
  const { page } = app;
  const rail = page.getByRole('navigation', { name: 'Main' });
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('g');
  await page.keyboard.press('c');
  await expect(rail.getByRole('button', { name: 'Connections' })).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await expect(rail.getByRole('button', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(rail.getByRole('button', { name: 'Policies' })).toHaveAttribute('aria-current', 'page');
});

test('the theme follows the OS, and the setting can force one', async ({ app }) => {
  const { page } = app;
  const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(theme).toBe('light');
  await checkA11y(page);
  await app.screenshot('shell-light');

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(theme).toBe('dark');
  await checkA11y(page);
  await app.screenshot('shell-dark');

  // Forced by the setting, whatever the OS says.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Theme').selectOption('light');
  await expect.poll(theme).toBe('light');
  await app.screenshot('settings-forced-light');

  // And from the palette.
  await page.keyboard.press('Control+K');
  await page.getByRole('combobox', { name: 'Search commands' }).fill('theme dark');
  await page.keyboard.press('Enter');
  await expect.poll(theme).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(theme).toBe('dark');
  await checkA11y(page);
  await app.screenshot('settings-dark');

  await page.keyboard.press('Control+K');
  await page.getByRole('combobox', { name: 'Search commands' }).fill('follow the system');
  await page.keyboard.press('Enter');
  await expect.poll(theme).toBe('light');
});

test('settings save what is allowed and show why a weakening change is refused', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();

  // Stronger is fine: a shorter reveal is saved.
  const reveal = page.getByLabel('Reveal duration');
  await expect(reveal).toHaveValue('20');
  await reveal.fill('10');
  await reveal.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Setting saved' })).toBeVisible();

  // Weaker is refused with the reason, and the field goes back to the stored value.
  await reveal.fill('120');
  await reveal.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'set up two-factor authentication' })).toBeVisible();
  await expect(reveal).toHaveValue('10');

  const protection = page.getByRole('switch', { name: 'Hide the window from screen capture' });
  await protection.click();
  await expect(page.getByRole('alert').filter({ hasText: 'second-factor step-up' }).first()).toBeVisible();
  await expect(protection).toBeChecked();
  await checkA11y(page);
  await app.screenshot('settings-refused');
});

/** Ctrl+K, type, Enter: runs the first command, which must be `label`. */
async function runCommand(page: Page, typed: string, label: string | RegExp): Promise<void> {
  await page.keyboard.press('Control+K');
  const box = page.getByRole('combobox', { name: 'Search commands' });
  await expect(box).toBeFocused();
  await box.fill(typed);
  await expect(page.getByRole('listbox', { name: 'Commands' }).getByRole('option').first()).toContainText(label);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden();
}

test('the palette reaches rotation, policies, promotions and two-factor by keyboard', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const rail = page.getByRole('navigation', { name: 'Main' });
  await openSandbox(page);

  // Rotation: the plan form, and the bulk rotation's secret picker.
  await runCommand(page, 'new rotation', 'New rotation');
  await expect(rail.getByRole('button', { name: 'Rotation' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('form', { name: 'Rotation plan' }).getByLabel('Environment', { exact: true })).toBeFocused();
  await runCommand(page, 'bulk rot', 'Bulk rotation…');
  const picker = page.getByRole('dialog', { name: 'Choose secrets to rotate' });
  await expect(picker).toBeVisible();
  await checkA11y(page);
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();

  // Policies: the due report, then the environment policy dialog for the environment chosen there.
  await runCommand(page, 'due report', 'Refresh rotation due report');
  await expect(rail.getByRole('button', { name: 'Policies' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('group', { name: 'Due date buckets' }).or(page.getByText('No report yet.'))).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Environment', { exact: true }).selectOption({ label: 'Sandbox Vault / staging' });
  await expect(page.getByRole('progressbar', { name: 'Reading when secrets were last rotated' })).toBeHidden({ timeout: 60_000 });
  await runCommand(page, 'rotation policy', 'Set environment rotation policy for Sandbox Vault / staging…');
  const policy = page.getByRole('dialog', { name: 'Rotation policy: Sandbox Vault / staging' });
  await expect(policy).toBeVisible();
  await checkA11y(page);
  await app.screenshot('palette-policy-dialog');
  await policy.getByRole('radio', { name: '90 days' }).check();
  await policy.getByLabel('Reason (recorded in the audit log)').fill('set from the palette');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy).toBeHidden();

  // With a row selected, "Rotate the selected secret…" opens the bulk dialog with it.
  const table = page.getByRole('table', { name: 'Secrets under a rotation policy' });
  await expect(table.getByRole('row').nth(1)).toBeVisible({ timeout: 60_000 });
  await table.getByRole('row').nth(1).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('status').filter({ hasText: '1 selected' })).toBeVisible();
  await runCommand(page, 'rotate selected', 'Rotate the selected secret…');
  const bulk = page.getByRole('dialog', { name: 'Bulk rotation of 1 secret' });
  await expect(bulk).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(bulk).toBeHidden();

  // Diff: the Recent promotions section opens and takes focus.
  await runCommand(page, 'recent promotions', 'Recent promotions');
  await expect(rail.getByRole('button', { name: 'Diff' })).toHaveAttribute('aria-current', 'page');
  const promotions = page.getByRole('button', { name: /Recent promotions/ });
  await expect(promotions).toBeFocused();
  await expect(promotions).toHaveAttribute('aria-expanded', 'true');

  // Two-factor: offered only once enrolled.
  await page.keyboard.press('Control+K');
  await page.getByRole('combobox', { name: 'Search commands' }).fill('recovery codes');
  await expect(page.getByRole('listbox', { name: 'Commands' }).getByRole('option', { name: /New recovery codes/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await enroll(app);
  await runCommand(page, 'recovery codes', 'New recovery codes…');
  await expect(rail.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  const codes = page.getByRole('dialog', { name: 'New recovery codes' });
  await expect(codes).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(codes).toBeHidden();
  await runCommand(page, 'turn off two', 'Turn off two-factor…');
  const off = page.getByRole('alertdialog', { name: 'Turn off two-factor authentication' });
  await expect(off).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe(scheme);
    await checkA11y(page);
    await app.screenshot(`palette-turn-off-${scheme}`);
  }
  await page.keyboard.press('Escape');
  await expect(off).toBeHidden();
});
