import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { Page } from '@playwright/test';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import vault from 'node-vault';
import { checkA11y, expect, test, type AppHandle, type SandboxInfo } from '../fixtures';
import { awsClient, listAllSecrets, openSandbox } from '../sandbox';
import { enroll, nextCode } from '../two-factor';

/**
 * Bulk rotation through the UI: three Vault staging secrets, the second without the field the
 * template rotates, so its rotation fails at generate. Stopping at the first failure leaves the
 * third untouched; continuing after a failure rotates it.
 */
const NAMES = ['e2e/bulk-a', 'e2e/bulk-b', 'e2e/bulk-c'] as const;

function client(info: SandboxInfo) {
  return vault({ apiVersion: 'v1', endpoint: info.vault!.url, token: info.vault!.token });
}

async function current(info: SandboxInfo, name: string, environment = 'staging'): Promise<{ data: Record<string, string>; version: number }> {
  const answer = (await client(info).read(`kv/data/${environment}/${name}`)) as {
    data: { data: Record<string, string>; metadata: { version: number } };
  };
  return { data: answer.data.data, version: answer.data.metadata.version };
}

/** "Bulk rotation…", then the picker: an environment, a filter, the names ticked; then the dialog. */
async function pick(app: AppHandle, environment: string, names: readonly string[], screenshot = false): Promise<void> {
  const { page } = app;
  await page.getByRole('button', { name: 'Bulk rotation…' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose secrets to rotate' });
  await picker.getByLabel('Environment').selectOption({ label: environment });
  // The secrets were written after the inventory was listed.
  await picker.getByRole('button', { name: 'Reload list' }).click();
  await picker.getByLabel('Filter by name').fill('e2e/bulk-');
  for (const name of names) await picker.getByRole('checkbox', { name, exact: true }).check();
  await expect(picker.getByText(`${names.length} secrets ticked`)).toBeVisible();
  if (screenshot) {
    await checkA11y(page);
    await app.screenshot('rotation-bulk-picker');
  }
  await picker.getByRole('button', { name: 'Continue' }).click();
}

async function bulkRotate(app: AppHandle, { continueOnFailure, screenshot }: { continueOnFailure: boolean; screenshot: boolean }): Promise<void> {
  const page: Page = app.page;
  await pick(app, 'Sandbox Vault / staging', NAMES, screenshot);

  const dialog = page.getByRole('dialog', { name: 'Bulk rotation of 3 secrets' });
  await expect(dialog.getByRole('cell', { name: 'e2e/bulk-c', exact: true })).toBeVisible();
  await dialog.getByLabel('Field', { exact: true }).fill('password');
  await dialog.getByLabel('Length (12–256)').fill('24');
  await dialog.getByLabel('What must learn the new value').selectOption({ label: 'Nothing: a checklist I tick' });
  await dialog.getByLabel('Checklist (one item a line)').fill('Restart the app servers');
  await dialog.getByRole('checkbox', { name: 'Restart the app servers' }).check();
  if (continueOnFailure) await dialog.getByRole('checkbox', { name: 'Continue after a failure' }).check();
  await dialog.getByLabel('Reason (audited)').fill('e2e bulk rotation');
  const statement = dialog.getByRole('note', { name: 'What will happen' });
  await expect(statement).toContainText('3 secrets will be rotated one after another');
  await expect(statement).toContainText(continueOnFailure ? 'goes on with the next secret' : 'the bulk stops');
  if (screenshot) {
    await checkA11y(page);
    await app.screenshot('rotation-bulk-dialog');
  }
  await dialog.getByRole('button', { name: 'Rotate 3 secrets' }).click();
  await expect(dialog).toBeHidden();
}

function row(page: Page, name: string) {
  return page.getByRole('region', { name: 'Bulk rotations' }).getByRole('row').filter({ hasText: name });
}

test('bulk rotation stops at the first failure, and rotates the rest when told to continue', async ({ app }) => {
  test.skip(app.shell !== 'host', 'the spec writes to the sandbox through the host');
  const { page } = app;
  await openSandbox(page);
  const info = await app.sandboxInfo();
  const vaultClient = client(info);
  await vaultClient.write('kv/data/staging/e2e/bulk-a', { data: { username: 'app_a', password: 'E2e-bulk-a-old-Hx4q' } });
  // No password field: the template's field is missing, so this rotation fails at generate.
  await vaultClient.write('kv/data/staging/e2e/bulk-b', { data: { username: 'app_b' } });
  await vaultClient.write('kv/data/staging/e2e/bulk-c', { data: { username: 'app_c', password: 'E2e-bulk-c-old-Pw7m' } });

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /Rotation/ })
    .click();
  await bulkRotate(app, { continueOnFailure: false, screenshot: true });

  const runs = page.getByRole('region', { name: 'Bulk rotations' });
  await expect(runs.getByRole('status')).toHaveText('1 completed, failed at e2e/bulk-b, 1 skipped', { timeout: 30_000 });
  await expect(runs.getByRole('button', { name: /3 secrets stopped$/ })).toHaveAttribute('aria-current', 'true');
  await expect(row(page, 'e2e/bulk-a')).toContainText('completed');
  await expect(row(page, 'e2e/bulk-b')).toContainText('failed');
  await expect(row(page, 'e2e/bulk-b')).toContainText('Generate failed: the secret has no field "password"');
  await expect(row(page, 'e2e/bulk-c')).toContainText('skipped');
  await checkA11y(page);
  await app.screenshot('rotation-bulk-stopped');

  const a = await current(info, 'e2e/bulk-a');
  expect(a.version).toBe(2);
  expect(a.data.password).toHaveLength(24);
  expect(a.data.username).toBe('app_a');
  const c = await current(info, 'e2e/bulk-c');
  expect(c.version).toBe(1);
  expect(c.data.password).toBe('E2e-bulk-c-old-Pw7m');
  expect(await page.content()).not.toContain(a.data.password!);

  // The failed item's runbook: selected in the rotation list.
  await row(page, 'e2e/bulk-b').getByRole('button', { name: 'Runbook of e2e/bulk-b' }).click();
  await expect(page.getByRole('heading', { name: 'e2e/bulk-b' })).toBeVisible();

  await bulkRotate(app, { continueOnFailure: true, screenshot: false });
  await expect(runs.getByRole('status')).toHaveText('2 completed, failed at e2e/bulk-b', { timeout: 30_000 });
  await expect(row(page, 'e2e/bulk-c')).toContainText('completed');
  await page.getByRole('button', { name: 'New rotation' }).click();
  await checkA11y(page);
  await app.screenshot('rotation-bulk-continued');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  await checkA11y(page);
  await app.screenshot('rotation-bulk-continued-dark');

  expect((await current(info, 'e2e/bulk-a')).version).toBe(3);
  const after = await current(info, 'e2e/bulk-c');
  expect(after.version).toBe(2);
  expect(after.data.password).not.toBe('E2e-bulk-c-old-Pw7m');
  expect(after.data.password).toHaveLength(24);
  expect((await current(info, 'e2e/bulk-b')).version).toBe(1);
});

test('one fresh code covers the protected secrets, and Stop after this item lets the running one finish', async ({ app }) => {
  test.skip(app.shell !== 'host', 'the spec writes to the sandbox through the host');
  const { page } = app;
  await openSandbox(page);
  const key = await enroll(app);
  const info = await app.sandboxInfo();
  const names = ['e2e/bulk-p1', 'e2e/bulk-p2', 'e2e/bulk-p3'];
  for (const name of names) await client(info).write(`kv/data/production/${name}`, { data: { username: 'app', password: `E2e-${name}-old-Qr5t` } });
  // The application's health check holds each request until the spec lets it answer.
  const held: ServerResponse[] = [];
  const health = createServer((_request, response) => void held.push(response));
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  const port = (health.address() as AddressInfo).port;
  try {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /Rotation/ })
      .click();
    await pick(app, 'Sandbox Vault / production (protected)', names);
    const dialog = page.getByRole('dialog', { name: 'Bulk rotation of 3 secrets' });
    await dialog.getByLabel('HTTP check URL (optional)').fill(`http://127.0.0.1:${port}/health`);
    await expect(dialog.getByRole('note', { name: 'What will happen' })).toContainText('3 secrets are protected');
    await expect(dialog.getByRole('button', { name: 'Rotate 3 secrets' })).toBeDisabled();
    await dialog.getByLabel(/A fresh code from your authenticator/).fill(await nextCode(app, key));
    await checkA11y(page);
    await app.screenshot('rotation-bulk-protected');
    await dialog.getByRole('button', { name: 'Rotate 3 secrets' }).click();
    await expect(dialog).toBeHidden();

    // The first item waits on its validator: stop the bulk there, then let the check pass.
    await expect.poll(() => held.length).toBe(1);
    const runs = page.getByRole('region', { name: 'Bulk rotations' });
    await expect(runs.getByRole('status')).toHaveText('Rotating 1 of 3: 0 completed');
    await runs.getByRole('button', { name: 'Stop after this item' }).click();
    for (const response of held.splice(0)) response.writeHead(204).end();
    await expect(runs.getByRole('status')).toHaveText('1 completed, 2 cancelled', { timeout: 30_000 });
    await expect(runs.getByRole('button', { name: /3 secrets cancelled$/ })).toHaveAttribute('aria-current', 'true');
    await expect(row(page, 'e2e/bulk-p3')).toContainText('cancelled');
    await page.getByRole('button', { name: 'New rotation' }).click();
    await checkA11y(page);
    await app.screenshot('rotation-bulk-cancelled');
  } finally {
    for (const response of held.splice(0)) response.writeHead(503).end();
    await new Promise((resolve) => health.close(resolve));
  }
  expect((await current(info, 'e2e/bulk-p1', 'production')).version).toBe(2);
  expect((await current(info, 'e2e/bulk-p2', 'production')).version).toBe(1);
  expect((await current(info, 'e2e/bulk-p3', 'production')).version).toBe(1);
});

test.describe('AWS', () => {
  test.use({ providers: ['aws'] });

  test("every item on AWS: the secrets' own rotation functions rotate them now", async ({ app }) => {
    test.skip(app.shell !== 'host', 'the spec reads the sandbox through the host');
    const { page } = app;
    await openSandbox(page);
    const sm = awsClient(await app.sandboxInfo());
    const rotating = (await listAllSecrets(sm, 'staging/')).filter((s) => s.RotationEnabled && s.RotationLambdaARN).slice(0, 2);
    expect(rotating.length, 'seeded staging secrets with a rotation function').toBeGreaterThan(0);
    const names = rotating.map((s) => s.Name!.slice('staging/'.length));
    const before = await Promise.all(rotating.map((s) => sm.send(new DescribeSecretCommand({ SecretId: s.Name! }))));

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /Rotation/ })
      .click();
    await page.getByRole('button', { name: 'Bulk rotation…' }).click();
    const picker = page.getByRole('dialog', { name: 'Choose secrets to rotate' });
    await picker.getByLabel('Environment').selectOption({ label: 'Sandbox AWS / staging' });
    // Ticks stay while the filter changes.
    for (const name of names) {
      await picker.getByLabel('Filter by name').fill(name);
      await picker.getByRole('checkbox', { name, exact: true }).check();
    }
    await picker.getByRole('button', { name: 'Continue' }).click();

    const title = `Bulk rotation of ${names.length} secret${names.length === 1 ? '' : 's'}`;
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.getByLabel('How each secret is rotated').selectOption({ label: 'AWS rotation function' });
    await expect(dialog.getByRole('radio', { name: 'Rotate now' })).toBeChecked();
    await expect(dialog.getByRole('note', { name: 'What will happen' })).toContainText('by their own AWS rotation function (RotateSecret, now)');
    await checkA11y(page);
    await app.screenshot('rotation-bulk-aws');
    await dialog.getByRole('button', { name: /^Rotate \d secrets?$/ }).click();
    await expect(dialog).toBeHidden();

    const runs = page.getByRole('region', { name: 'Bulk rotations' });
    await expect(runs.getByRole('status')).toHaveText(`${names.length} completed`, { timeout: 60_000 });
    for (const [index, secret] of rotating.entries()) {
      const after = await sm.send(new DescribeSecretCommand({ SecretId: secret.Name! }));
      const current = (d: typeof after) => Object.entries(d.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
      expect(current(after)).not.toBe(current(before[index]!));
    }
  });
});
