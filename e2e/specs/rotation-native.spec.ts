import { DescribeSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Locator, Page } from '@playwright/test';
import { enroll, nextCode, STEP } from '../two-factor';
import { checkA11y, expect, test } from '../fixtures';
import { awsClient, listAllSecrets, openSandbox } from '../sandbox';

/**
 * AWS native rotation through the UI: the secret's own rotation function (RotateSecret) in the
 * sandbox, followed step by step in the runbook; a failing or hanging step (the sandbox's fault
 * knob); and the seeded unfinished rotation in production, cleaned up with a fresh code.
 */
test.use({ providers: ['aws'] });

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

/** The seeded staging secret with a rotation function (its name inside the environment). */
async function rotatingInStaging(sm: SecretsManagerClient): Promise<string> {
  const found = (await listAllSecrets(sm, 'staging/')).find(
    (s) => s.RotationEnabled && s.RotationLambdaARN && s.RotationRules?.AutomaticallyAfterDays,
  );
  expect(found, 'a seeded staging secret with rotation').toBeDefined();
  return found!.Name!.slice('staging/'.length);
}

/** The seeded production secret whose last rotation stopped half-way (AWSPENDING on a version that is not current). */
async function unfinishedInProduction(sm: SecretsManagerClient): Promise<string> {
  const found = (await listAllSecrets(sm, 'production/')).find((s) =>
    Object.values(s.SecretVersionsToStages ?? {}).some((stages) => stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT')),
  );
  expect(found, 'the seeded unfinished rotation').toBeDefined();
  return found!.Name!.slice('production/'.length);
}

async function stages(sm: SecretsManagerClient, id: string): Promise<{ current: string; pending: string | undefined; enabled: boolean }> {
  const described = await sm.send(new DescribeSecretCommand({ SecretId: id }));
  const entries = Object.entries(described.VersionIdsToStages ?? {});
  return {
    current: entries.find(([, s]) => s.includes('AWSCURRENT'))?.[0] ?? '',
    pending: entries.find(([, s]) => s.includes('AWSPENDING'))?.[0],
    enabled: described.RotationEnabled === true,
  };
}

async function plan(page: Page, environment: string, name: string): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /Rotation/ })
    .click();
  const form = page.getByRole('form', { name: 'Rotation plan' });
  if (!(await form.isVisible())) await page.getByRole('button', { name: 'New rotation' }).click();
  await form.getByLabel('Environment', { exact: true }).selectOption({ label: environment });
  await form.getByLabel('Secret name').fill(name);
  await form.getByLabel('Reason (audited)').fill('e2e native rotation');
  return form;
}

/** Plans the secret's own rotation: the target is offered (and chosen) once rotation:nativeInfo answers. */
async function planNative(page: Page, environment: string, name: string): Promise<Locator> {
  const form = await plan(page, environment, name);
  const target = form.getByLabel('What must learn the new value');
  await expect(target.getByRole('option', { name: /AWS rotation function/ })).toBeAttached();
  await target.selectOption({ label: "AWS rotation function (the secret's own)" });
  await expect(form.getByText('keyhole-rotate-postgres')).toBeVisible();
  return form;
}

function steps(page: Page): Locator {
  return page.getByRole('list', { name: 'AWS rotation steps' });
}

function step(page: Page, name: (typeof STEPS)[number]): Locator {
  return steps(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });
}

function listed(page: Page, name: string): Locator {
  return page.getByRole('complementary', { name: 'Rotations' }).getByRole('button', { name: new RegExp(`^${name}`) });
}

test('rotate now: the four steps run, AWSCURRENT moves to the new version and no AWSPENDING is left', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const sm = awsClient(await app.sandboxInfo());
  const name = await rotatingInStaging(sm);
  const before = await stages(sm, `staging/${name}`);

  const form = await planNative(page, 'Sandbox AWS / staging', name);
  await expect(form.getByText('every 30 days')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Test rotation' })).toBeEnabled();
  await checkA11y(page);
  await app.screenshot('rotation-native-plan');
  // Keyboard first: Enter in the form is Rotate now.
  await form.getByLabel('Reason (audited)').press('Enter');

  for (const s of STEPS) await expect(step(page, s)).toContainText('done', { timeout: 30_000 });
  await expect(listed(page, name)).toContainText('completed');
  await expect(listed(page, name)).toContainText('AWS rotation function');
  await checkA11y(page);
  await app.screenshot('rotation-native-completed');
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('rotation-native-completed-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  const after = await stages(sm, `staging/${name}`);
  expect(after.current).not.toBe(before.current);
  expect(after.pending).toBeUndefined();
  await expect(page.getByRole('definition').filter({ hasText: after.current })).toBeVisible();
  // The runbook names versions and labels, never the value the function made.
  const made = await sm.send(new GetSecretValueCommand({ SecretId: `staging/${name}` }));
  const password = (JSON.parse(made.SecretString ?? '{}') as { password?: string }).password ?? made.SecretString ?? '';
  expect(password.length).toBeGreaterThan(8);
  expect(await page.content()).not.toContain(password);

  // A test of the configuration: testSecret on a pending version that is removed; AWSCURRENT stays.
  const again = await planNative(page, 'Sandbox AWS / staging', name);
  await again.getByRole('button', { name: 'Test rotation' }).click();
  await expect(listed(page, name).first()).toContainText('AWS rotation function, test');
  await expect(listed(page, name).first()).toContainText('completed', { timeout: 30_000 });
  await expect(step(page, 'testSecret')).toContainText('done');
  await expect(step(page, 'finishSecret')).toContainText('skipped');
  await app.screenshot('rotation-native-test');
  const tested = await stages(sm, `staging/${name}`);
  expect(tested.current).toBe(after.current);
  expect(tested.pending).toBeUndefined();
});

for (const failing of ['setSecret', 'finishSecret'] as const) {
  test(`a failing ${failing} is reported with what it left, and the pending label can be removed`, async ({ app }) => {
    test.setTimeout(120_000);
    const { page } = app;
    await openSandbox(page);
    const sm = awsClient(await app.sandboxInfo());
    const name = await rotatingInStaging(sm);
    const before = await stages(sm, `staging/${name}`);
    await app.awsRotationFault({ step: failing, mode: 'fail' });

    const form = await planNative(page, 'Sandbox AWS / staging', name);
    await form.getByRole('button', { name: 'Rotate now' }).click();
    await expect(listed(page, name)).toContainText('failed', { timeout: 30_000 });
    await expect(step(page, failing)).toContainText('failed');
    await expect(page.getByRole('status').filter({ hasText: `failed at ${failing}` })).toBeVisible();
    await expect(step(page, 'createSecret')).toContainText('done');
    const left = page.getByRole('note', { name: 'What it left behind' });
    await expect(left).toContainText('AWSPENDING');
    await checkA11y(page);
    await app.screenshot(`rotation-native-failed-${failing}`);
    if (failing === 'setSecret') {
      await page.emulateMedia({ colorScheme: 'dark' });
      await checkA11y(page);
      await app.screenshot('rotation-native-failed-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    }

    const during = await stages(sm, `staging/${name}`);
    expect(during.current).toBe(before.current);
    expect(during.pending).toBeDefined();
    await app.awsRotationFault(null);
    const cleanup = page.getByRole('region', { name: 'Remove pending label' });
    await cleanup.getByRole('button', { name: /^Remove AWSPENDING from version/ }).click();
    await expect(cleanup).toBeHidden();
    expect((await stages(sm, `staging/${name}`)).pending).toBeUndefined();
  });
}

test('a hanging step is cancelled: the pending label goes and automatic rotation is off', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const sm = awsClient(await app.sandboxInfo());
  const name = await rotatingInStaging(sm);
  const before = await stages(sm, `staging/${name}`);
  await app.awsRotationFault({ step: 'testSecret', mode: 'hang' });

  const form = await planNative(page, 'Sandbox AWS / staging', name);
  await form.getByRole('button', { name: 'Rotate now' }).click();
  await expect(step(page, 'setSecret')).toContainText('done', { timeout: 30_000 });
  await expect(step(page, 'testSecret')).toContainText('running');
  await expect(step(page, 'finishSecret')).toContainText('pending');
  await expect(listed(page, name)).toContainText('running');
  const cancel = page.getByRole('form', { name: 'Cancel rotation' });
  await expect(cancel).toBeVisible();
  await app.screenshot('rotation-native-running');
  // Nothing moves for longer than the stall threshold (core's clock is the host's test clock).
  await app.advanceClock(150_000);
  await expect(page.getByRole('status').filter({ hasText: 'Stalled' })).toBeVisible({ timeout: 15_000 });
  await checkA11y(page);
  await app.screenshot('rotation-native-stalled');
  await cancel.getByRole('button', { name: 'Cancel rotation' }).click();
  await expect(listed(page, name)).toContainText('cancelled', { timeout: 30_000 });
  await expect(page.getByRole('note', { name: 'Automatic rotation' })).toContainText('Automatic rotation is off');
  await expect(page.getByRole('note', { name: 'What it left behind' })).toContainText('AWSPENDING was removed');
  await checkA11y(page);
  await app.screenshot('rotation-native-cancelled');
  await app.awsRotationFault(null);

  const after = await stages(sm, `staging/${name}`);
  expect(after.current).toBe(before.current);
  expect(after.pending).toBeUndefined();
  expect(after.enabled).toBe(false);
});

test('production: the unfinished rotation blocks a start until AWSPENDING is removed with a fresh code', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const sm = awsClient(await app.sandboxInfo());
  const name = await unfinishedInProduction(sm);
  const before = await stages(sm, `production/${name}`);
  const key = await enroll(app);
  await app.advanceClock(STEP);

  const form = await plan(page, 'Sandbox AWS / production', name);
  const warning = form.getByRole('region', { name: 'Unfinished AWS rotation' });
  await expect(warning).toContainText('A previous rotation is unfinished');
  await expect(warning).toContainText(before.pending!.slice(0, 8));
  await expect(form.getByText('AWS has no rotation function for this secret')).toBeVisible();
  await checkA11y(page);
  await page.getByRole('heading', { name: 'Plan a rotation' }).scrollIntoViewIfNeeded();
  await app.screenshot('rotation-native-unfinished');

  // The secret has no rotation function of its own: a guided rotation with a checklist, refused while the label sits there.
  await form.getByLabel('Field').fill(await passwordField(sm, `production/${name}`));
  await form.getByLabel('What must learn the new value').selectOption({ label: 'Nothing: a checklist I tick' });
  await form.getByLabel('Checklist (one item a line)').fill('Restart the orders service');
  await form.getByRole('button', { name: 'Start rotation' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'An AWSPENDING label is left' })).toBeVisible();

  await warning.getByLabel('Reason for removing the label (audited)').fill('e2e: clear the stuck rotation');
  const remove = warning.getByRole('button', { name: /^Remove AWSPENDING from version/ });
  await expect(remove).toBeDisabled();
  await warning.getByLabel('A fresh code from your authenticator (protected path)').fill(await nextCode(app, key));
  await remove.click();
  await expect(warning).toBeHidden();
  const cleaned = await stages(sm, `production/${name}`);
  expect(cleaned.pending).toBeUndefined();
  expect(cleaned.current).toBe(before.current);

  // Nothing blocks the rotation now.
  await form.getByRole('button', { name: 'Start rotation' }).click();
  const apply = page.getByRole('form', { name: 'Confirm apply' });
  await apply.getByLabel('A fresh code from your authenticator (protected path)').fill(await nextCode(app, key));
  await apply.getByRole('button', { name: 'Confirm apply' }).click();
  const promote = page.getByRole('form', { name: 'Confirm promote' });
  await promote.getByLabel('Restart the orders service').check();
  await promote.getByLabel('A fresh code from your authenticator (protected path)').fill(await nextCode(app, key));
  await promote.getByRole('button', { name: 'Confirm promote' }).click();
  await expect(listed(page, name)).toContainText('completed', { timeout: 30_000 });
  const rotated = await stages(sm, `production/${name}`);
  expect(rotated.current).not.toBe(before.current);
  expect(rotated.pending).toBeUndefined();
});

/** The field a rotation changes: password where the secret has one, else its last key (as the seed's stuck rotation did). */
async function passwordField(sm: SecretsManagerClient, id: string): Promise<string> {
  const value = await sm.send(new GetSecretValueCommand({ SecretId: id }));
  const keys = Object.keys(JSON.parse(value.SecretString ?? '{}') as Record<string, unknown>);
  return keys.includes('password') ? 'password' : (keys.at(-1) ?? '');
}

test('production: rotate now and cancel each take a fresh code', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await openSandbox(page);
  const sm = awsClient(await app.sandboxInfo());
  // The seed configures the same rotation in both environments.
  const name = await rotatingInStaging(sm);
  const before = await stages(sm, `production/${name}`);
  const key = await enroll(app);
  await app.awsRotationFault({ step: 'setSecret', mode: 'hang', secret: `production/${name}` });

  const form = await planNative(page, 'Sandbox AWS / production', name);
  const rotate = form.getByRole('button', { name: 'Rotate now' });
  await expect(rotate).toBeDisabled();
  await form.getByLabel('A fresh code from your authenticator (protected path)').fill(await nextCode(app, key));
  await rotate.click();
  await expect(step(page, 'createSecret')).toContainText('done', { timeout: 30_000 });
  const cancel = page.getByRole('form', { name: 'Cancel rotation' });
  await cancel.getByLabel('A fresh code from your authenticator (protected path)').fill('000000');
  await cancel.getByRole('button', { name: 'Cancel rotation' }).click();
  await expect(page.getByRole('alert')).toContainText('not accepted');
  await expect(listed(page, name)).toContainText('running');
  await cancel.getByLabel('A fresh code from your authenticator (protected path)').fill(await nextCode(app, key));
  await checkA11y(page);
  await app.screenshot('rotation-native-protected-cancel');
  await cancel.getByRole('button', { name: 'Cancel rotation' }).click();
  await expect(listed(page, name)).toContainText('cancelled', { timeout: 30_000 });
  await app.awsRotationFault(null);

  const after = await stages(sm, `production/${name}`);
  expect(after.current).toBe(before.current);
  expect(after.pending).toBeUndefined();
});
