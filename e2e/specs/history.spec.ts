import { SecretsManagerClient, PutSecretValueCommand, CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { Locator, Page } from '@playwright/test';
import { enroll, nextCode, STEP } from '../two-factor';
import { CANARY, checkA11y, expect, test, type SandboxInfo } from '../fixtures';

async function openSandbox(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  await expect(page.getByRole('navigation', { name: 'Environments' })).toBeVisible({ timeout: 60_000 });
}

/** Writes KV v2 versions straight to the sandbox Vault (as another operator would). */
function vault(info: SandboxInfo) {
  const base = `${info.vault!.url}/v1/kv`;
  const headers = { 'X-Vault-Token': info.vault!.token, 'content-type': 'application/json' };
  return {
    write: async (name: string, data: Record<string, string>) => {
      const response = await fetch(`${base}/data/staging/${name}`, { method: 'POST', headers, body: JSON.stringify({ data }) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { version: number } }).data.version;
    },
    maxVersions: async (name: string, max: number) => {
      const response = await fetch(`${base}/metadata/staging/${name}`, { method: 'POST', headers, body: JSON.stringify({ max_versions: max }) });
      expect(response.status).toBe(204);
    },
    latest: async (name: string) => {
      const response = await fetch(`${base}/data/staging/${name}`, { headers });
      return ((await response.json()) as { data: { data: Record<string, string>; metadata: { version: number } } }).data;
    },
  };
}

async function openHistory(page: Page, environment: string, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /History/ })
    .click();
  await page.getByLabel('Environment').selectOption({ label: environment });
  await page.getByLabel('Secret', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Open history' }).click();
}

function versionRow(page: Page, id: string): Locator {
  return page.getByTestId('timeline').locator(`[data-version="${id}"]`);
}

test('Vault: timeline, compare without values, values side by side, a refused stale rollback, then rollback', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const info = await app.sandboxInfo();
  const kv = vault(info);
  const name = 'history/e2e-rollback';
  for (const n of [1, 2, 3]) await kv.write(name, { password: `${CANARY}-${n}`, user: 'svc' });

  await openHistory(page, 'Sandbox Vault / staging', name);
  await expect(versionRow(page, '3')).toContainText('current');
  await expect(versionRow(page, '1')).toBeVisible();
  await expect(page.getByText(/3 versions loaded/)).toBeVisible();
  await checkA11y(page);

  // Compare 2 → 3: statuses only, no value in the page.
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const statuses = page.getByTestId('field-statuses');
  await expect(statuses).toContainText('password');
  await expect(statuses.locator('li', { hasText: 'password' })).toContainText('changed');
  await expect(statuses.locator('li', { hasText: 'user' })).toContainText('same');
  expect(await page.content()).not.toContain(CANARY);

  await page.getByRole('button', { name: 'Show values' }).click();
  const side = page.getByTestId('side-by-side');
  await expect(side).toContainText(`${CANARY}-2`);
  await expect(side).toContainText(`${CANARY}-3`);
  await expect(side).toContainText(/hidden in \d+ s/);
  await page.getByRole('button', { name: 'Hide values' }).click();
  await expect(side).toBeHidden();
  expect(await page.content()).not.toContain(CANARY);

  // The confirmation names environment, current, target and result before anything is written.
  await versionRow(page, '1').getByRole('button', { name: 'Roll back to this' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Roll back ${name}` });
  await expect(dialog).toContainText('staging');
  await expect(dialog.getByTestId('rollback-result')).toContainText(
    'Vault writes the data of version 1 as a new version, with check-and-set on version 3',
  );
  await expect(dialog.getByTestId('field-statuses')).toContainText('changed');
  await app.screenshot('history-vault-rollback-confirm');

  // Someone else writes version 4 while the dialog is open: the rollback is refused and the view reloads.
  await kv.write(name, { password: `${CANARY}-4`, user: 'svc' });
  await dialog.getByRole('button', { name: 'Roll back to 1' }).click();
  await expect(dialog.getByRole('alert')).toContainText('changed after this view loaded, so nothing was written');
  await expect(versionRow(page, '4')).toContainText('current');
  expect((await kv.latest(name)).metadata.version).toBe(4);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await versionRow(page, '1').getByRole('button', { name: 'Roll back to this' }).click();
  await page.getByLabel('Reason (recorded in the audit log)').fill('e2e: bad deploy');
  await page.getByRole('button', { name: 'Roll back to 1' }).click();
  await expect(versionRow(page, '5')).toContainText('current');
  const latest = await kv.latest(name);
  expect(latest).toMatchObject({ metadata: { version: 5 }, data: { password: `${CANARY}-1`, user: 'svc' } });
  // This desk's audit events interleave with the versions.
  await expect(page.getByTestId('timeline')).toContainText('secret.rollback');
  await expect(page.getByTestId('timeline')).toContainText('e2e: bad deploy');
  await app.screenshot('history-vault-timeline');
});

test('Vault: a 300-version history opens at once and loads the rest as it scrolls', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const kv = vault(await app.sandboxInfo());
  const name = 'history/e2e-long';
  await kv.write(name, { n: '0' });
  await kv.maxVersions(name, 1000);
  for (let n = 1; n < 300; n += 1) await kv.write(name, { n: String(n) });

  const started = Date.now();
  await openHistory(page, 'Sandbox Vault / staging', name);
  await expect(versionRow(page, '300')).toContainText('current');
  expect(Date.now() - started).toBeLessThan(5_000);
  await expect(page.getByText(/100 versions loaded, more as you scroll/)).toBeVisible();
  const rendered = await page.getByTestId('timeline').locator('[data-version]').count();
  expect(rendered).toBeLessThan(60);
  await app.screenshot('history-vault-long');
  for (let i = 0; i < 20; i += 1) {
    await page.getByTestId('timeline').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    if (await versionRow(page, '1').isVisible()) break;
    await page.waitForTimeout(150);
  }
  await expect(page.getByText(/300 versions loaded/)).toBeVisible();
  await expect(versionRow(page, '1')).toBeVisible();
});

test('AWS production (protected): rollback moves AWSCURRENT after a step-up; destroy needs the name and a fresh code', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const info = await app.sandboxInfo();
  const aws = info.aws!;
  const sm = new SecretsManagerClient({
    endpoint: aws.endpoint,
    region: aws.region,
    credentials: { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey },
  });
  const name = 'history/e2e-aws';
  const first = await sm.send(new CreateSecretCommand({ Name: `production/${name}`, SecretString: `${CANARY}-1` }));
  await sm.send(new PutSecretValueCommand({ SecretId: `production/${name}`, SecretString: `${CANARY}-2` }));
  const key = await enroll(app);
  await app.advanceClock(STEP);

  await openHistory(page, 'Sandbox AWS / production', name);
  await expect(page.getByText('protected', { exact: true }).first()).toBeVisible();
  const target = versionRow(page, first.VersionId!);
  await expect(target).toContainText('AWSPREVIOUS');
  await target.getByRole('button', { name: 'Roll back to this' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Roll back ${name}` });
  await expect(dialog.getByTestId('rollback-result')).toContainText('AWS moves AWSCURRENT');
  await dialog.getByRole('button', { name: /^Roll back to / }).click();

  const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
  await expect(stepUp).toBeVisible();
  await stepUp.getByLabel('Code from your authenticator').fill(await nextCode(app, key));
  await stepUp.getByRole('button', { name: 'Step up' }).click();
  await expect(dialog).toBeHidden();
  await expect(versionRow(page, first.VersionId!)).toContainText('current');
  const described = await sm.send(new DescribeSecretCommand({ SecretId: `production/${name}` }));
  expect(described.VersionIdsToStages?.[first.VersionId!]).toContain('AWSCURRENT');

  await page.getByRole('button', { name: 'Destroy permanently' }).click();
  const destroy = page.getByRole('alertdialog', { name: `Destroy ${name}` });
  const button = destroy.getByRole('button', { name: 'Destroy permanently' });
  await destroy.getByLabel(/Type the name to confirm/).fill(name);
  await destroy.getByLabel('A fresh code from your authenticator').fill('000000');
  await button.click();
  await expect(destroy.getByRole('alert')).toContainText(/not accepted/);
  await destroy.getByLabel('A fresh code from your authenticator').fill(await nextCode(app, key));
  await app.screenshot('history-aws-destroy');
  await button.click();
  await expect(destroy).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: 'Not found' })).toBeVisible();
  await expect(sm.send(new DescribeSecretCommand({ SecretId: `production/${name}` }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});

test('Azure: from a secret’s detail pane to its history; soft delete and recover', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const tree = page.getByRole('navigation', { name: 'Environments' });
  const item = tree.getByRole('group', { name: 'Sandbox Azure' }).getByRole('button', { name: /^staging/ });
  await item.click();
  await expect(item).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  const grid = page.getByRole('grid', { name: 'Secrets in Sandbox Azure / staging' });
  const row = grid.getByRole('row').nth(1);
  const name = (await row.getByRole('gridcell').first().getAttribute('title')) ?? '';
  await row.click();
  await page.getByRole('complementary', { name: 'Secret details' }).getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('timeline').locator('[data-version]').first()).toBeVisible();
  await expect(page.getByText(/Key Vault has no precondition/).first()).toBeVisible();

  await page.getByRole('button', { name: 'Delete secret' }).click();
  await page
    .getByRole('alertdialog', { name: `Delete ${name}` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByText('deleted', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  await app.screenshot('history-azure-deleted');
  await page.getByRole('button', { name: 'Restore secret' }).click();
  await page
    .getByRole('alertdialog', { name: `Restore ${name}` })
    .getByRole('button', { name: 'Restore' })
    .click();
  await expect(page.getByRole('button', { name: 'Delete secret' })).toBeVisible({ timeout: 30_000 });
});

test('Vault: delete and undelete a version, then destroy one with the name typed and a fresh code', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const kv = vault(await app.sandboxInfo());
  const name = 'history/e2e-versions';
  for (const n of [1, 2, 3]) await kv.write(name, { password: `${CANARY}-${n}` });
  const key = await enroll(app);

  await openHistory(page, 'Sandbox Vault / staging', name);
  await versionRow(page, '2').getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('alertdialog', { name: `Delete version 2 of ${name}` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(versionRow(page, '2')).toContainText('deleted');
  await versionRow(page, '2').getByRole('button', { name: 'Undelete' }).click();
  await page
    .getByRole('alertdialog', { name: `Restore version 2 of ${name}` })
    .getByRole('button', { name: 'Restore' })
    .click();
  await expect(versionRow(page, '2')).not.toContainText('deleted');
  await expect(versionRow(page, '2').getByRole('button', { name: 'Roll back to this' })).toBeVisible();

  await versionRow(page, '1').getByRole('button', { name: 'Destroy' }).click();
  const destroy = page.getByRole('alertdialog', { name: `Destroy version 1 of ${name}` });
  const button = destroy.getByRole('button', { name: 'Destroy permanently' });
  await destroy.getByLabel('A fresh code from your authenticator').fill(await nextCode(app, key));
  await expect(button).toBeDisabled();
  await destroy.getByLabel(/Type the name to confirm/).fill(name);
  await button.click();
  await expect(destroy).toBeHidden();
  await expect(versionRow(page, '1')).toContainText('destroyed');
  await expect(page.getByTestId('timeline')).toContainText('secret.destroy');
});
