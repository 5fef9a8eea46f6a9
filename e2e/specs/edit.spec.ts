import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import type { Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { totpAt } from '../../electron/main/core/mfa/totp';
import { encodings, filesContaining } from '../../electron/main/testing/leak-scan';
import { enroll } from '../two-factor';
import { CANARY, checkA11y, expect, test, type AppHandle, type SandboxInfo } from '../fixtures';

type Kind = 'vault' | 'aws' | 'azure';

const PROVIDERS: Array<{ kind: Kind; connection: string; name: string }> = [
  { kind: 'vault', connection: 'Sandbox Vault', name: 'e2e/edit-app' },
  { kind: 'aws', connection: 'Sandbox AWS', name: 'e2e/edit-app' },
  { kind: 'azure', connection: 'Sandbox Azure', name: 'e2e-edit-app' },
];

async function openSandbox(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  await expect(page.getByRole('navigation', { name: 'Environments' })).toBeVisible({ timeout: 60_000 });
}

async function openStaging(page: Page, connection: string): Promise<void> {
  const item = page
    .getByRole('navigation', { name: 'Environments' })
    .getByRole('group', { name: connection })
    .getByRole('button', { name: /^staging/ });
  await item.click();
  await expect(item).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
}

/** Another operator's write, straight to the sandbox through the provider's own API (not through Keyhole). */
async function writeBehindTheEditor(kind: Kind, info: SandboxInfo, name: string, fields: Record<string, string>): Promise<void> {
  if (kind === 'vault') {
    const response = await fetch(`${info.vault!.url}/v1/kv/data/staging/${name}`, {
      method: 'POST',
      headers: { 'X-Vault-Token': info.vault!.token, 'content-type': 'application/json' },
      body: JSON.stringify({ data: fields }),
    });
    expect(response.status).toBe(200);
  } else if (kind === 'aws') {
    const aws = info.aws!;
    const sm = new SecretsManagerClient({
      endpoint: aws.endpoint,
      region: aws.region,
      credentials: { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey },
    });
    await sm.send(new PutSecretValueCommand({ SecretId: `staging/${name}`, SecretString: JSON.stringify(fields) }));
  } else {
    const azure = info.azure!;
    const tlsOptions = { ca: [...rootCertificates, readFileSync(azure.caCertPath, 'utf8')] };
    const credential = new ClientSecretCredential(azure.tenantId, azure.clientId, azure.clientSecret, {
      authorityHost: azure.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions,
    });
    const client = new SecretClient(azure.vaultUrls.staging, credential, { disableChallengeResourceVerification: true, tlsOptions });
    // Key Vault keeps tags per version: the other operator's write carries them on.
    await client.setSecret(name, JSON.stringify(fields), { contentType: 'application/json', tags: { owner: 'ops' } });
  }
}

/** Files the app and this spec wrote, outside the sandbox's own synthetic data, holding any of `values`. */
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

for (const provider of PROVIDERS) {
  test(`${provider.connection} staging: create, edit a field with a preview, a refused concurrent write, metadata, delete`, async ({ app }) => {
    test.setTimeout(180_000);
    const { page } = app;
    const { kind, name } = provider;
    const typed = [`${CANARY}-typed-1`, `${CANARY}-typed-2`, `${CANARY}-typed-3`];
    await openSandbox(page);
    await openStaging(page, provider.connection);

    // New secret from the list header: the name checked as it is typed, fields and a tag.
    await page.getByRole('button', { name: 'New secret' }).click();
    const create = page.getByRole('dialog', { name: 'New secret' });
    await create.getByLabel('Name', { exact: true }).fill(kind === 'azure' ? 'bad_name' : kind === 'aws' ? 'bad name' : 'bad//name');
    await expect(create.getByText(/names?:|paths:/i).first()).toBeVisible();
    await expect(create.getByRole('button', { name: 'Create' })).toBeDisabled();
    await create.getByLabel('Name', { exact: true }).fill(name);
    // JSON is checked as it is typed (and again in main).
    await create.getByRole('group', { name: 'Value as' }).getByRole('button', { name: 'JSON' }).click();
    await create.getByLabel('JSON', { exact: true }).fill('{"user": ');
    await expect(create.getByText('This is not valid JSON.')).toBeVisible();
    await expect(create.getByRole('button', { name: 'Create' })).toBeDisabled();
    await create.getByRole('group', { name: 'Value as' }).getByRole('button', { name: 'Fields' }).click();
    await create.getByLabel('Field 1 name').fill('user');
    await create.getByLabel('Value of user').fill('svc');
    await create.getByRole('button', { name: 'Add field' }).click();
    await create.getByLabel('Field 2 name').fill('password');
    await create.getByLabel('Value of password').fill(typed[0]!);
    const tagsLabel = kind === 'vault' ? 'Custom metadata' : 'Tags';
    await create.getByRole('button', { name: kind === 'vault' ? 'Add entry' : 'Add tag' }).click();
    await create.getByLabel(`${tagsLabel} key 1`).fill('owner');
    await create.getByLabel(`${tagsLabel} value 1`).fill('ops');
    await checkA11y(page);
    await app.screenshot(`edit-${kind}-create`);
    await create.getByRole('button', { name: 'Create' }).click();
    await expect(create).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Created ${name}`);
    const detail = page.getByRole('complementary', { name: 'Secret details' });
    await expect(detail.getByRole('heading', { name })).toBeVisible({ timeout: 30_000 });
    await expect(detail).toContainText('owner');

    // Edit one field: the old value is never filled in; the preview names the changed field.
    await detail.getByRole('button', { name: 'Edit value' }).click();
    const editor = page.getByRole('dialog', { name: `Edit value: ${name}` });
    await expect(editor).toContainText('Editing version');
    await expect(editor.getByLabel('Value of password')).toHaveValue('');
    await expect(editor.getByLabel('Value of password')).toHaveAttribute('spellcheck', 'false');
    await expect(editor.getByLabel('Value of password')).toHaveAttribute('autocomplete', 'off');
    await editor.getByLabel('Value of password').fill(typed[1]!);
    await editor.getByRole('button', { name: 'Preview changes' }).click();
    const preview = editor.getByRole('region', { name: 'Preview of the change' });
    await expect(preview.locator('li', { hasText: 'password' })).toContainText('changed');
    await expect(preview.locator('li', { hasText: 'user' })).toContainText('unchanged');
    await app.screenshot(`edit-${kind}-preview`);
    await editor.getByRole('button', { name: 'Save new version' }).click();
    await expect(editor).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`of ${name}`);

    // Someone else writes between opening the editor and saving: refused, with the fresh state shown.
    await detail.getByRole('button', { name: 'Edit value' }).click();
    await expect(editor).toContainText('Editing version');
    await editor.getByLabel('Value of password').fill(typed[2]!);
    await editor.getByRole('button', { name: 'Preview changes' }).click();
    await expect(preview).toBeVisible();
    await writeBehindTheEditor(kind, await app.sandboxInfo(), name, { user: 'svc', password: 'theirs' });
    await editor.getByRole('button', { name: 'Save new version' }).click();
    await expect(editor.getByRole('alert')).toContainText('Someone changed this secret after the editor opened, so nothing was written');
    await expect(editor).toContainText('Fresh state: version');
    await app.screenshot(`edit-${kind}-conflict`);
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await expect(editor).toBeHidden();

    // Metadata on its own: only what the provider keeps is offered.
    await detail.getByRole('button', { name: 'Edit metadata' }).click();
    const meta = page.getByRole('dialog', { name: `Edit metadata: ${name}` });
    await meta.getByLabel(`${tagsLabel} value 1`).fill('platform');
    if (kind === 'vault') {
      await meta.getByLabel('Max versions').fill('7');
      await expect(meta.getByLabel('Description')).toHaveCount(0);
    } else if (kind === 'aws') {
      await meta.getByLabel('Description').fill('e2e login');
      await expect(meta.getByLabel('Max versions')).toHaveCount(0);
    } else {
      await meta.locator('input[type="datetime-local"]').first().fill('2031-01-01T12:00');
      await expect(meta.getByLabel('Description')).toHaveCount(0);
    }
    await app.screenshot(`edit-${kind}-metadata`);
    await meta.getByRole('button', { name: 'Save metadata' }).click();
    await expect(meta).toBeHidden({ timeout: 30_000 });
    await expect(detail).toContainText('platform', { timeout: 30_000 });
    if (kind === 'vault') await expect(detail).toContainText('7');
    if (kind === 'aws') await expect(detail).toContainText('e2e login');
    if (kind === 'azure') await expect(detail).toContainText('2031');

    // Delete, confirmed by the name typed; the notice says what can be restored and until when.
    await detail.getByRole('button', { name: 'Delete' }).click();
    const remove = page.getByRole('alertdialog', { name: `Delete ${name}` });
    await expect(remove.getByRole('button', { name: 'Delete' })).toBeDisabled();
    if (kind === 'aws') await remove.getByLabel('Recovery window (days)').selectOption('7');
    await remove.getByLabel(`Type the name to confirm: ${name}`).fill(name);
    await app.screenshot(`edit-${kind}-delete`);
    await remove.getByRole('button', { name: 'Delete' }).click();
    await expect(remove).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
      kind === 'vault' ? 'undeleted from History' : kind === 'aws' ? 'restored until' : /recovered|restored/,
    );

    expect(await page.content()).not.toContain(CANARY);
    expect(leaks(app, typed)).toEqual([]);
  });
}

test('a read-only connection shows no write controls', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /Connections/ })
    .click();
  await page.getByRole('button', { name: 'Edit Sandbox Vault' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Sandbox Vault' });
  await dialog.getByLabel('Read-only').check();
  await dialog.getByRole('button', { name: /Save/ }).click();
  await expect(dialog).toBeHidden();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /Secrets/ })
    .click();
  await openStaging(page, 'Sandbox Vault');
  await expect(page.getByText('read-only', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'New secret' })).toHaveCount(0);
  await page.getByRole('grid', { name: 'Secrets in Sandbox Vault / staging' }).getByRole('row').nth(1).click();
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  await expect(detail.getByRole('button', { name: 'History' })).toBeVisible();
  for (const label of ['Edit value', 'Edit metadata', 'Delete']) await expect(detail.getByRole('button', { name: label })).toHaveCount(0);
  await app.screenshot('edit-read-only');

  // From the command palette: only writable environments are offered.
  await page.keyboard.press('Control+K');
  await page.getByRole('combobox', { name: 'Search commands' }).fill('new secret');
  await expect(page.getByRole('listbox', { name: 'Commands' }).getByRole('option').first()).toHaveText(/New secret/);
  await page.keyboard.press('Enter');
  const create = page.getByRole('dialog', { name: 'New secret' });
  const options = await create.getByLabel('Environment').locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(0);
  expect(options.some((label) => label.startsWith('Sandbox Vault'))).toBe(false);
});

test('Vault production (protected): a new secret is written only after the step-up', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const key = await enroll(app);
  const item = page
    .getByRole('navigation', { name: 'Environments' })
    .getByRole('group', { name: 'Sandbox Vault' })
    .getByRole('button', { name: /^production/ });
  await item.click();
  await expect(item).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  const name = 'e2e/protected-new';
  const typed = `${CANARY}-protected`;
  await page.getByRole('button', { name: 'New secret' }).click();
  const create = page.getByRole('dialog', { name: 'New secret' });
  await expect(create).toContainText('Protected: creating needs a step-up.');
  await create.getByLabel('Name', { exact: true }).fill(name);
  await create.getByLabel('Field 1 name').fill('token');
  await create.getByLabel('Value of token').fill(typed);
  await create.getByRole('button', { name: 'Create' }).click();

  const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
  await expect(stepUp).toBeVisible();
  const info = await app.sandboxInfo();
  const metadata = () => fetch(`${info.vault!.url}/v1/kv/metadata/production/${name}`, { headers: { 'X-Vault-Token': info.vault!.token } });
  // Refused before the step-up: nothing written yet.
  expect((await metadata()).status).toBe(404);
  await app.advanceClock(30_000);
  await stepUp.getByLabel('Code from your authenticator').fill(await totpAt(key, await app.hostNow()));
  await stepUp.getByRole('button', { name: 'Step up' }).click();
  await expect(create).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Created ${name}`);
  expect((await metadata()).status).toBe(200);
  expect(leaks(app, [typed])).toEqual([]);
});
