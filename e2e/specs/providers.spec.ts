import type { Locator, Page } from '@playwright/test';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkA11y, expect, test, type AppHandle, type SandboxInfo } from '../fixtures';

/**
 * Each provider end to end through the UI against the sandbox: add a connection the way an
 * operator would (Vault token file and userpass, AWS keys and an assume-role profile, Azure client
 * secret with the sandbox CA), check it, give it an environment and browse it.
 */

async function openSandbox(app: AppHandle): Promise<SandboxInfo> {
  await app.page.getByRole('button', { name: 'Open the sandbox' }).click();
  await expect(app.page.getByRole('navigation', { name: 'Environments' })).toBeVisible({ timeout: 60_000 });
  return app.sandboxInfo();
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the sandbox reported no ${what}`);
  return value;
}

async function goTo(page: Page, name: 'Connections' | 'Secrets'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
}

/** Opens the Add connection form with the provider and name chosen. */
async function startAdd(page: Page, provider: 'vault' | 'aws' | 'azure', name: string): Promise<Locator> {
  await goTo(page, 'Connections');
  await page.getByRole('button', { name: 'Add connection' }).click();
  const add = page.getByRole('dialog', { name: 'Add connection' });
  await add.getByLabel('Provider').selectOption(provider);
  await add.getByLabel('Name', { exact: true }).fill(name);
  return add;
}

async function submitAdd(page: Page, add: Locator, name: string): Promise<Locator> {
  await add.getByRole('button', { name: 'Add connection' }).click();
  await expect(add).toBeHidden({ timeout: 20_000 });
  const card = page.getByRole('region', { name });
  await expect(card).toBeVisible();
  return card;
}

async function check(card: Locator, name: string, principal: RegExp): Promise<void> {
  await card.getByRole('button', { name: `Check ${name}` }).click();
  const line = card.getByRole('status');
  await expect(line).toContainText('Reachable · authenticated', { timeout: 30_000 });
  await expect(line).toContainText(principal);
}

async function addEnvironment(page: Page, card: Locator, connection: string, fill: (dialog: Locator) => Promise<void>): Promise<Locator> {
  await card.getByRole('button', { name: `Add environment to ${connection}` }).click();
  const dialog = page.getByRole('dialog', { name: `Add environment to ${connection}` });
  await fill(dialog);
  return dialog;
}

/** Lists the environment in the Secrets page, then opens one secret's metadata (filtered by `filter`). */
async function browse(page: Page, connection: string, environment: string, filter?: string): Promise<Locator> {
  await goTo(page, 'Secrets');
  const item = page
    .getByRole('navigation', { name: 'Environments' })
    .getByRole('group', { name: connection })
    .getByRole('button', { name: new RegExp(`^${environment}`) });
  await item.click();
  await expect(item).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  const count = Number(/([\d,]+) secrets?$/.exec((await item.textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  expect(count).toBeGreaterThan(0);
  const grid = page.getByRole('grid', { name: `Secrets in ${connection} / ${environment}` });
  await expect(grid).toHaveAttribute('aria-rowcount', String(count + 1));
  if (filter !== undefined) await page.getByLabel('Filter secrets').fill(filter);
  const first = grid.getByRole('row').nth(1);
  const name = (await first.getByRole('gridcell').first().getAttribute('title')) ?? '';
  if (filter !== undefined) expect(name).toContain(filter);
  await first.click();
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(name);
  await expect(detail).toContainText('Metadata only', { timeout: 20_000 });
  await expect(detail).toContainText('Provider ID');
  return detail;
}

test('Vault: a token imported from ~/.vault-token and a userpass login, each checked', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const vault = need((await openSandbox(app)).vault, 'Vault');

  // Import: main reads the file; the form sends no token.
  const add = await startAdd(page, 'vault', 'CLI Vault');
  await add.getByLabel('Address').fill(vault.url);
  const importToken = add.getByLabel('Import from ~/.vault-token');
  await importToken.check();
  await expect(add.getByLabel('Token', { exact: true })).toHaveCount(0);
  await checkA11y(page);
  await app.screenshot('vault-import-form');

  // No file yet: said plainly, and the form stays open.
  await add.getByRole('button', { name: 'Add connection' }).click();
  await expect(add.getByRole('alert')).toContainText('there is no token in ~/.vault-token');
  await checkA11y(page);
  await app.screenshot('vault-import-missing');

  const tokenFile = join(app.home, '.vault-token');
  writeFileSync(tokenFile, `${vault.token}\n`);
  chmodSync(tokenFile, 0o600);
  await expect(importToken).toBeChecked();
  const cli = await submitAdd(page, add, 'CLI Vault');
  await expect(cli).toContainText('stored in keychain');
  await expect(cli).toContainText(vault.url);
  await check(cli, 'CLI Vault', /as root/);
  expect(await page.content()).not.toContain(vault.token);

  // Userpass: the password goes to the keychain; Vault names the login's entity.
  const userpass = await startAdd(page, 'vault', 'Operator Vault');
  await userpass.getByLabel('Address').fill(vault.url);
  await userpass.getByLabel('Auth method').selectOption('userpass');
  await userpass.getByLabel('Username').fill(vault.userpass.username);
  const password = userpass.getByLabel('Password');
  await expect(password).toHaveAttribute('type', 'password');
  await password.fill(vault.userpass.password);
  await checkA11y(page);
  await app.screenshot('vault-userpass-form');
  const operator = await submitAdd(page, userpass, 'Operator Vault');
  await expect(operator).toContainText(`userpass as ${vault.userpass.username}`);
  await check(operator, 'Operator Vault', new RegExp(`as userpass-${vault.userpass.username} \\(entity [0-9a-f-]{36}\\)`));
  // A login token carries a TTL: the check says when it runs out.
  await expect(operator.getByRole('status')).toContainText('credential expires');
  await checkA11y(page);
  await app.screenshot('vault-checked');
  expect(await page.content()).not.toContain(vault.userpass.password);
});

test('Vault: a token that can no longer be renewed raises a notice, which can be dismissed', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const vault = need((await openSandbox(app)).vault, 'Vault');

  // A renewable login token, handed to Keyhole as a plain token (no way for it to log in again).
  const login = await fetch(`${vault.url}/v1/auth/userpass/login/${vault.userpass.username}`, {
    method: 'POST',
    body: JSON.stringify({ password: vault.userpass.password }),
  });
  expect(login.status).toBe(200);
  const token = ((await login.json()) as { auth: { client_token: string } }).auth.client_token;

  const add = await startAdd(page, 'vault', 'Short Vault');
  await add.getByLabel('Address').fill(vault.url);
  await add.getByLabel('Token', { exact: true }).fill(token);
  const card = await submitAdd(page, add, 'Short Vault');
  const dialog = await addEnvironment(page, card, 'Short Vault', async (env) => {
    await env.getByLabel('Environment name').fill('qa');
    await env.getByRole('group', { name: 'Suggested scopes' }).getByRole('button').first().click();
    await env.getByLabel('Path prefix').fill('staging/');
  });
  await dialog.getByRole('button', { name: 'Add environment' }).click();
  await expect(dialog).toBeHidden();
  // Browsing keeps the connection's session (and its token keeper) open.
  await browse(page, 'Short Vault', 'qa');

  // The token is revoked elsewhere; when Keyhole next renews it (the clock jumps past two thirds
  // of its TTL), renewal is refused and it cannot log in again: it warns.
  const revoke = await fetch(`${vault.url}/v1/auth/token/revoke-self`, { method: 'POST', headers: { 'X-Vault-Token': token } });
  expect(revoke.status).toBe(204);
  await app.advanceClock(16 * 60_000);
  const notifications = page.getByRole('status', { name: 'Notifications' });
  const expiring = /^Warning: The token of Short Vault expires at .+ and cannot be renewed: replace it in Connections\.$/;
  await expect(notifications).toContainText('The token of Short Vault expires at', { timeout: 20_000 });
  await checkA11y(page);
  await app.screenshot('notice-token-expiring');
  // Dismiss names what it dismisses (its description is the notice's text).
  const dismiss = notifications.getByRole('button', { name: 'Dismiss', description: expiring });
  await dismiss.click();
  await expect(notifications).not.toContainText('The token of Short Vault');
  expect(await page.content()).not.toContain(token);
});

test('AWS: access keys, checked, with a staging environment browsed', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const aws = need((await openSandbox(app)).aws, 'AWS');

  const add = await startAdd(page, 'aws', 'Team AWS');
  await add.getByLabel('Region').fill(aws.region);
  await add.getByLabel('Endpoint (optional)').fill(aws.endpoint);
  await expect(add.getByLabel('Credentials')).toHaveValue('keys');
  await add.getByLabel('Access key ID').fill(aws.accessKeyId);
  const secret = add.getByLabel('Secret access key');
  await expect(secret).toHaveAttribute('type', 'password');
  await secret.fill(aws.secretAccessKey);
  await checkA11y(page);
  await app.screenshot('aws-keys-form');
  const card = await submitAdd(page, add, 'Team AWS');
  await expect(card).toContainText(`access key ${aws.accessKeyId}`);
  await check(card, 'Team AWS', /as arn:aws:iam::\d{12}:user\/[\w+=,.@-]+/);

  const dialog = await addEnvironment(page, card, 'Team AWS', async (env) => {
    await env.getByLabel('Environment name').fill('aws-staging');
    await expect(env.getByLabel('Region')).toHaveValue(aws.region);
    await env.getByLabel('Name prefix').fill('staging/');
    await expect(env.getByLabel('Protected')).not.toBeChecked();
  });
  await checkA11y(page);
  await app.screenshot('aws-environment-form');
  await dialog.getByRole('button', { name: 'Add environment' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('row', { name: /^aws-staging/ })).toContainText(`${aws.region} · prefix staging/`);

  const detail = await browse(page, 'Team AWS', 'aws-staging');
  // Names are shown within the environment; the provider ID is the full ARN, under the prefix.
  await expect(detail).toContainText(`arn:aws:secretsmanager:${aws.region}:`);
  await expect(detail).toContainText(':secret:staging/');
  await checkA11y(page);
  await app.screenshot('aws-keys-browse');
  expect(await page.content()).not.toContain(aws.secretAccessKey);
});

test('AWS: a named profile that assumes a role, checked as the assumed role, browsed', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const aws = need((await openSandbox(app)).aws, 'AWS');

  // The shared files the SDK's profile loader reads (the host runs with HOME = app.home).
  mkdirSync(join(app.home, '.aws'), { recursive: true });
  writeFileSync(
    join(app.home, '.aws', 'credentials'),
    ['[keyhole-source]', `aws_access_key_id = ${aws.accessKeyId}`, `aws_secret_access_key = ${aws.secretAccessKey}`, ''].join('\n'),
    { mode: 0o600 },
  );
  writeFileSync(
    join(app.home, '.aws', 'config'),
    [
      '[profile keyhole-operator]',
      `role_arn = ${aws.roleArn}`,
      'source_profile = keyhole-source',
      'role_session_name = keyhole-e2e',
      `region = ${aws.region}`,
      '',
    ].join('\n'),
  );

  const add = await startAdd(page, 'aws', 'Operator AWS');
  await add.getByLabel('Region').fill(aws.region);
  await add.getByLabel('Endpoint (optional)').fill(aws.endpoint);
  await add.getByLabel('Credentials').selectOption('profile');
  await expect(add.getByLabel('Access key ID')).toHaveCount(0);
  await add.getByLabel('Profile name').fill('keyhole-operator');
  await checkA11y(page);
  await app.screenshot('aws-profile-form');
  const card = await submitAdd(page, add, 'Operator AWS');
  await expect(card).toContainText('profile keyhole-operator');
  await expect(card).toContainText('from ~/.aws, read when needed');
  const roleName = aws.roleArn.split('/').pop() ?? '';
  await check(card, 'Operator AWS', new RegExp(`as arn:aws:sts::\\d{12}:assumed-role/${roleName}/keyhole-e2e`));
  // The role session's end is shown with the check.
  await expect(card.getByRole('status')).toContainText('credential expires');
  await checkA11y(page);
  await app.screenshot('aws-profile-checked');

  const dialog = await addEnvironment(page, card, 'Operator AWS', async (env) => {
    await env.getByLabel('Environment name').fill('ops-staging');
    await env.getByLabel('Name prefix').fill('staging/');
  });
  await dialog.getByRole('button', { name: 'Add environment' }).click();
  await expect(dialog).toBeHidden();
  const detail = await browse(page, 'Operator AWS', 'ops-staging');
  // Names are shown within the environment; the provider ID is the full ARN, under the prefix.
  await expect(detail).toContainText(`arn:aws:secretsmanager:${aws.region}:`);
  await expect(detail).toContainText(':secret:staging/');
  await checkA11y(page);
  await app.screenshot('aws-profile-browse');
});

test('Azure: client secret with the sandbox CA, a production-mirror vault browsed to its metadata', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const azure = need((await openSandbox(app)).azure, 'Azure');
  const caPem = readFileSync(azure.caCertPath, 'utf8');

  const add = await startAdd(page, 'azure', 'Team Azure');
  await add.getByLabel('Tenant ID').fill(azure.tenantId);
  await add.getByLabel('Authority host (optional)').fill(azure.authorityHost);
  await expect(add.getByLabel('Credential', { exact: true })).toHaveValue('client-secret');
  await add.getByLabel('Client ID').fill(azure.clientId);
  const secret = add.getByLabel('Client secret');
  await expect(secret).toHaveAttribute('type', 'password');
  await secret.fill(azure.clientSecret);
  await add.getByRole('button', { name: /network options/ }).click();
  await add.getByLabel('CA bundle (PEM, optional)').fill(caPem);
  await checkA11y(page);
  await app.screenshot('azure-form');
  const card = await submitAdd(page, add, 'Team Azure');
  await expect(card).toContainText(`client ${azure.clientId}`);
  await expect(card).toContainText('own CA bundle');
  await check(card, 'Team Azure', new RegExp(`as app ${azure.clientId}`));

  const dialog = await addEnvironment(page, card, 'Team Azure', async (env) => {
    await env.getByLabel('Environment name').fill('prod-mirror');
    await env.getByLabel('Vault URL').fill(azure.vaultUrls.production);
    await expect(env.getByLabel('Name separator')).toHaveValue('--');
    // Named like production: protected unless the operator says otherwise.
    await expect(env.getByLabel('Protected')).toBeChecked();
  });
  await checkA11y(page);
  await app.screenshot('azure-environment-form');
  await dialog.getByRole('button', { name: 'Add environment' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole('row', { name: /^prod-mirror/ })).toContainText('protected');

  // Signing keys carry an expiry in the seed: the metadata shows it, with the enabled flag.
  const detail = await browse(page, 'Team Azure', 'prod-mirror', 'jwt-signing');
  const facts = detail.getByRole('definition');
  await expect(detail.getByRole('term').filter({ hasText: /^Enabled$/ })).toBeVisible();
  await expect(detail.getByRole('term').filter({ hasText: /^Expires$/ })).toBeVisible();
  await expect(facts.filter({ hasText: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ }).first()).toBeVisible();
  await expect(detail).toContainText(/Enabled\s*yes/);
  await checkA11y(page);
  await app.screenshot('azure-browse-detail');
  expect(await page.content()).not.toContain(azure.clientSecret);
});
