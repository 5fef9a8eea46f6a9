import { checkA11y, expect, test } from '../fixtures';
import { enroll, nextCode } from '../two-factor';

const SANDBOX = ['Sandbox Vault', 'Sandbox AWS', 'Sandbox Azure'] as const;

test('first run opens the sandbox; a Vault connection is added by token, checked, renamed, given an environment and removed', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const rail = page.getByRole('navigation', { name: 'Main' });

  // First run: a welcome with both ways in.
  await expect(page.getByRole('heading', { name: 'Welcome to Keyhole' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a connection' })).toBeVisible();
  await checkA11y(page);
  await app.screenshot('first-run');

  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  const tree = page.getByRole('navigation', { name: 'Environments' });
  await expect(tree).toBeVisible({ timeout: 60_000 });
  for (const name of SANDBOX) {
    const group = tree.getByRole('group', { name });
    await expect(group.getByRole('button', { name: /^staging/ })).toBeVisible();
    await expect(group.getByRole('button', { name: /^production\W+protected/ })).toBeVisible();
  }
  await checkA11y(page);
  await app.screenshot('sandbox-opened');

  // The connections page lists the three with their environments.
  await rail.getByRole('button', { name: 'Connections' }).click();
  for (const name of SANDBOX) {
    const card = page.getByRole('region', { name });
    await expect(card).toContainText('sandbox');
    await expect(card).toContainText('stored in keychain');
    await expect(card.getByRole('row', { name: /^staging/ })).toBeVisible();
    await expect(card.getByRole('row', { name: /^production/ })).toContainText('protected');
  }
  await checkA11y(page);
  await app.screenshot('connections');

  // Add a second Vault connection to the sandbox's Vault, by token.
  const info = await app.sandboxInfo();
  const vault = info.vault;
  if (!vault) throw new Error('the sandbox reported no Vault');
  await expect(page.getByRole('region', { name: 'Sandbox Vault' })).toContainText(vault.url);

  await page.getByRole('button', { name: 'Add connection' }).click();
  const add = page.getByRole('dialog', { name: 'Add connection' });
  await expect(add).toBeVisible();
  await expect(add.getByLabel('Provider')).toHaveValue('vault');
  await add.getByLabel('Name', { exact: true }).fill('Team Vault');
  await add.getByLabel('Address').fill(vault.url);
  await expect(add.getByLabel('Auth method')).toHaveValue('token');
  const token = add.getByLabel('Token', { exact: true });
  await expect(token).toHaveAttribute('type', 'password');
  await expect(token).toHaveAttribute('autocomplete', 'off');
  await expect(token).toHaveAttribute('spellcheck', 'false');
  await token.fill(vault.token);
  // The form offers the other providers' fields too.
  await add.getByLabel('Provider').selectOption('aws');
  await expect(add.getByLabel('Access key ID')).toBeVisible();
  await expect(add.getByLabel('Secret access key')).toHaveAttribute('type', 'password');
  await add.getByLabel('Provider').selectOption('azure');
  await expect(add.getByLabel('Tenant ID')).toBeVisible();
  await expect(add.getByLabel('Client secret')).toHaveAttribute('type', 'password');
  await add.getByLabel('Provider').selectOption('vault');
  await checkA11y(page);
  await app.screenshot('add-connection');
  await add.getByRole('button', { name: 'Add connection' }).click();
  await expect(add).toBeHidden();

  const card = page.getByRole('region', { name: 'Team Vault' });
  await expect(card).toBeVisible();
  await expect(card).toContainText(vault.url);
  await expect(card).toContainText('stored in keychain');
  // The token went to main and is not anywhere in this window.
  expect(await page.content()).not.toContain(vault.token);

  // Check it.
  await card.getByRole('button', { name: 'Check Team Vault' }).click();
  await expect(card.getByRole('status')).toContainText(/Reachable · authenticated/, { timeout: 20_000 });

  // Rename it.
  await card.getByRole('button', { name: 'Edit Team Vault' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Team Vault' });
  await expect(edit.getByLabel('New token')).toHaveAttribute('type', 'password');
  await edit.getByLabel('Name', { exact: true }).fill('Platform Vault');
  await checkA11y(page);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  const renamed = page.getByRole('region', { name: 'Platform Vault' });
  await expect(renamed).toBeVisible();

  // Give it an environment, with the mount suggested by discovery.
  await renamed.getByRole('button', { name: 'Add environment to Platform Vault' }).click();
  const envDialog = page.getByRole('dialog', { name: 'Add environment to Platform Vault' });
  const name = envDialog.getByLabel('Environment name');
  await name.fill('prod-eu');
  await expect(envDialog.getByLabel('Protected')).toBeChecked();
  await name.fill('qa');
  await expect(envDialog.getByLabel('Protected')).not.toBeChecked();
  await envDialog.getByRole('group', { name: 'Suggested scopes' }).getByRole('button').first().click();
  await expect(envDialog.getByLabel('KV v2 mount')).not.toHaveValue('');
  await envDialog.getByLabel('Path prefix').fill('staging/');
  await expect(envDialog.getByLabel('Name separator')).toHaveValue('/');
  await checkA11y(page);
  await app.screenshot('add-environment');
  await envDialog.getByRole('button', { name: 'Add environment' }).click();
  await expect(envDialog).toBeHidden();
  await expect(renamed.getByRole('row', { name: /^qa/ })).toBeVisible();

  // The new environment lists the same secrets as the sandbox's staging.
  await rail.getByRole('button', { name: 'Secrets' }).click();
  await tree.getByRole('group', { name: 'Platform Vault' }).getByRole('button', { name: /^qa/ }).click();
  await expect(page.getByRole('grid')).toBeVisible({ timeout: 30_000 });
  await rail.getByRole('button', { name: 'Connections' }).click();

  // Remove the environment.
  await renamed.getByRole('button', { name: 'Remove environment qa' }).click();
  const confirmEnv = page.getByRole('alertdialog', { name: 'Remove environment qa?' });
  await expect(confirmEnv).toContainText('Platform Vault');
  await confirmEnv.getByRole('button', { name: 'Remove environment' }).click();
  await expect(confirmEnv).toBeHidden();
  await expect(renamed.getByRole('row', { name: /^qa/ })).toHaveCount(0);

  // Removing protection is a protected change: refused, and said so.
  const sandboxVault = page.getByRole('region', { name: 'Sandbox Vault' });
  await sandboxVault.getByRole('button', { name: 'Edit environment production' }).click();
  const envEdit = page.getByRole('dialog', { name: 'Edit environment production' });
  await envEdit.getByLabel('Protected').uncheck();
  await envEdit.getByRole('button', { name: 'Save environment' }).click();
  await expect(envEdit.getByRole('alert')).toContainText('needs a second-factor step-up, so nothing was changed');
  await checkA11y(page);
  await app.screenshot('protected-change-refused');
  await envEdit.getByRole('button', { name: 'Cancel' }).click();
  await expect(sandboxVault.getByRole('row', { name: /^production/ })).toContainText('protected');

  // Remove the connection, after a confirmation that names it.
  await renamed.getByRole('button', { name: 'Remove Platform Vault' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove Platform Vault?' });
  await expect(confirm).toContainText('Platform Vault');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkA11y(page);
  await app.screenshot('remove-connection');
  await confirm.getByRole('button', { name: 'Remove connection' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('region', { name: 'Platform Vault' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: /^Sandbox/ })).toHaveCount(3);

  // Every step is in the audit log.
  await rail.getByRole('button', { name: 'Audit' }).click();
  const audit = page.getByRole('table', { name: 'Recent audit events' });
  await expect(audit).toContainText('connection.create');
  await expect(audit).toContainText('connection.remove');
  await expect(audit).toContainText('PROTECTED_CHANGE');
  await checkA11y(page);
  await app.screenshot('audit');
});

test('the add form says what is missing before anything is sent', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Add a connection' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' })).toHaveAttribute('aria-current', 'page');
  const add = page.getByRole('dialog', { name: 'Add connection' });
  await add.getByRole('button', { name: 'Add connection' }).click();
  await expect(add.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(add).toContainText('Give the connection a name');
  await expect(add).toContainText('Enter the Vault address');
  await expect(add).toContainText('The token is required');
  await checkA11y(page);
  await page.keyboard.press('Escape');
  await expect(add).toBeHidden();
});

test('with two-factor on, removing protection opens the step-up and saves after it', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  await expect(page.getByRole('navigation', { name: 'Environments' })).toBeVisible({ timeout: 60_000 });
  const key = await enroll(app);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' }).click();
  const sandboxVault = page.getByRole('region', { name: 'Sandbox Vault' });
  await sandboxVault.getByRole('button', { name: 'Edit environment production' }).click();
  const envEdit = page.getByRole('dialog', { name: 'Edit environment production' });
  await envEdit.getByLabel('Protected').uncheck();
  await envEdit.getByRole('button', { name: 'Save environment' }).click();
  const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
  await expect(stepUp).toContainText('Change environment “production”');
  await stepUp.getByLabel('Code from your authenticator').fill(await nextCode(app, key));
  await checkA11y(page);
  await app.screenshot('protected-change-step-up');
  await stepUp.getByRole('button', { name: 'Step up' }).click();
  await expect(envEdit).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Environment “production” saved' })).toBeVisible();
  await expect(sandboxVault.getByRole('row', { name: /^production/ })).not.toContainText('protected');
});
