import type { Locator, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import type { AuditEvent, AuditRow } from '../../shared/audit';
import { GENESIS_HASH, hashEvent } from '../../electron/main/core/audit/chain';
import { totpAt } from '../../electron/main/core/mfa/totp';
import { CANARY, checkA11y, expect, test, type AppHandle } from '../fixtures';

const CANARY_NAME = 'platform/canary/leak-check';
/** Typed by the operator as a step-up reason: it reaches the audit row, and must come out of the CSV neutralised. */
const FORMULA = '=HYPERLINK("x")';
const STEP_MS = 30_000;

function rail(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

async function go(page: Page, name: string): Promise<void> {
  await rail(page).getByRole('button', { name }).click();
}

/** Every event main would select for `filter`, newest first, straight from the bridge (not through the table). */
async function queryAll(page: Page, filter: Record<string, unknown>): Promise<AuditRow[]> {
  return page.evaluate(async (f) => {
    const rows: AuditRow[] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const result = await window.keyhole.audit.query({ filter: f, limit: 1000, ...(beforeSeq ? { beforeSeq } : {}) });
      rows.push(...result.events);
      if (result.nextBeforeSeq === null) return rows;
      beforeSeq = result.nextBeforeSeq;
    }
  }, filter);
}

/** Reverses the CSV's formula neutralisation (docs/audit-verification.md): one leading `'` off. */
function unneutralise(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

const NULLABLE = new Set([
  'principal',
  'attempt_seq',
  'connection_id',
  'environment_id',
  'path',
  'version',
  'outcome',
  'code',
  'request_id',
  'reason',
]);

/** A CSV record (already parsed by papaparse) back into the event it was written from. */
function eventFromCsv(record: Record<string, string>): AuditEvent {
  const cell = (name: string): string | null => {
    const raw = unneutralise(record[name] ?? '');
    return raw === '' && NULLABLE.has(name) ? null : raw;
  };
  const attempt = cell('attempt_seq');
  return {
    seq: Number(cell('seq')),
    time: cell('time')!,
    actorUser: cell('actor_user')!,
    actorHost: cell('actor_host')!,
    principal: cell('principal'),
    action: cell('action')!,
    phase: cell('phase') as AuditEvent['phase'],
    attemptSeq: attempt === null ? null : Number(attempt),
    connectionId: cell('connection_id'),
    environmentId: cell('environment_id'),
    path: cell('path'),
    version: cell('version'),
    outcome: cell('outcome') as AuditEvent['outcome'],
    code: cell('code'),
    requestId: cell('request_id'),
    reason: cell('reason'),
    details: JSON.parse(cell('details')!) as AuditEvent['details'],
    prevHash: cell('prev_hash')!,
    hash: cell('hash')!,
  };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function enrollFromDialog(app: AppHandle): Promise<string> {
  const { page } = app;
  const dialog = page.getByRole('dialog', { name: 'Set up two-factor authentication' });
  await expect(dialog).toBeVisible();
  const secret = (await dialog.getByRole('group', { name: 'Setup key' }).innerText()).replace(/\s/g, '');
  await dialog.getByLabel('Code from your authenticator').fill(await totpAt(secret, await app.hostNow()));
  await dialog.getByRole('button', { name: 'Turn on' }).click();
  await dialog.getByLabel('I have saved these recovery codes').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

test('real operations show up in the audit view: filters, chart, bursts, a secret’s trail, verify, and an export that re-parses and verifies', async ({
  app,
}) => {
  test.setTimeout(240_000);
  const { page } = app;

  // Open the sandbox and browse to the canary in production.
  await go(page, 'Secrets');
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  const tree = page.getByRole('navigation', { name: 'Environments' });
  await expect(tree).toBeVisible({ timeout: 60_000 });
  const production = tree.getByRole('group', { name: 'Sandbox Vault' }).getByRole('button', { name: /^production/ });
  await production.click();
  await expect(production).toContainText(/\d+ secrets?$/, { timeout: 60_000 });
  await page.getByLabel('Filter secrets').fill(CANARY_NAME);
  await page
    .getByRole('grid', { name: 'Secrets in Sandbox Vault / production' })
    .getByRole('row', { name: new RegExp(CANARY_NAME) })
    .click();
  const detail = page.getByRole('complementary', { name: 'Secret details' });
  const value = detail.getByRole('region', { name: 'Value' });
  await expect(value).toBeVisible({ timeout: 20_000 });

  // A protected reveal: enroll, then step up with a reason that looks like a spreadsheet formula.
  await value.getByRole('button', { name: 'Reveal', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Step-up needs two-factor authentication' })
    .getByRole('button', { name: 'Set up two-factor authentication' })
    .click();
  const totpSecret = await enrollFromDialog(app);
  await go(page, 'Secrets');
  await detail.getByRole('region', { name: 'Value' }).getByRole('button', { name: 'Reveal', exact: true }).click();
  const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
  await stepUp.getByLabel('Reason').fill(FORMULA);
  await app.advanceClock(STEP_MS);
  await stepUp.getByLabel('Code from your authenticator').fill(await totpAt(totpSecret, await app.hostNow()));
  await stepUp.getByRole('button', { name: 'Step up' }).click();
  await expect(stepUp).toBeHidden();
  await expect(value.getByText(CANARY)).toBeVisible();
  await app.advanceClock(21_000);
  await expect(value.getByText(CANARY)).toHaveCount(0, { timeout: 10_000 });

  // Connections: check one, add an environment and remove it, and a protected change refused three times (a burst).
  await go(page, 'Connections');
  const card = page.getByRole('region', { name: 'Sandbox Vault' });
  await card.getByRole('button', { name: 'Check Sandbox Vault' }).click();
  await expect(card.getByRole('status')).toContainText(/Reachable · authenticated/, { timeout: 20_000 });
  await card.getByRole('button', { name: 'Add environment to Sandbox Vault' }).click();
  const envDialog = page.getByRole('dialog', { name: 'Add environment to Sandbox Vault' });
  await envDialog.getByLabel('Environment name').fill('qa');
  await envDialog.getByRole('group', { name: 'Suggested scopes' }).getByRole('button').first().click();
  await envDialog.getByLabel('Path prefix').fill('staging/');
  await envDialog.getByRole('button', { name: 'Add environment' }).click();
  await expect(envDialog).toBeHidden();
  await card.getByRole('button', { name: 'Remove environment qa' }).click();
  await page.getByRole('alertdialog', { name: 'Remove environment qa?' }).getByRole('button', { name: 'Remove environment' }).click();
  await expect(card.getByRole('row', { name: /^qa/ })).toHaveCount(0);
  // The grant from the reveal would allow it: lock and unlock to end it, so the change is refused (three times: a burst).
  await page.keyboard.press('Control+L');
  const lock = page.getByRole('main', { name: 'Keyhole is locked' });
  await app.advanceClock(STEP_MS);
  await lock.getByLabel('Code from your authenticator').fill(await totpAt(totpSecret, await app.hostNow()));
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(rail(page)).toBeVisible();
  await go(page, 'Connections');
  for (let attempt = 0; attempt < 3; attempt++) {
    await card.getByRole('button', { name: 'Edit environment production' }).click();
    const envEdit = page.getByRole('dialog', { name: 'Edit environment production' });
    await envEdit.getByLabel('Protected').uncheck();
    await envEdit.getByRole('button', { name: 'Save environment' }).click();
    // Main refused it (audited); the step-up it offers is declined.
    const stepUp = page.getByRole('dialog', { name: 'Step up with your second factor' });
    await stepUp.getByRole('button', { name: 'Cancel' }).click();
    await expect(envEdit.getByRole('alert')).toContainText('Not saved: the step-up was cancelled');
    await envEdit.getByRole('button', { name: 'Cancel' }).click();
    await expect(envEdit).toBeHidden();
  }

  // The Audit page: everything above, refusals standing out, and the burst listed.
  await go(page, 'Audit');
  const table = page.getByRole('table', { name: 'Recent audit events' });
  await expect(table).toContainText('secret.reveal');
  await expect(table).toContainText('PROTECTED_CHANGE');
  await expect(table.locator('tr.row-refused').first()).toContainText('refused');
  await expect(table.locator('tr.row-flagged').first()).toContainText('repeated');
  const bursts = page.getByRole('region', { name: /Repeated failures/ });
  await expect(bursts).toContainText(/\d+ failed or refused/);
  await expect(page.getByRole('figure', { name: /Events per action/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Events per action over time' })).toBeAttached();
  await checkA11y(page);
  await app.screenshot('audit-main-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  await app.screenshot('audit-main-dark');
  await checkA11y(page);
  await page.emulateMedia({ colorScheme: 'light' });

  // Verify now: an intact chain, with what that proves and what it does not.
  const chain = page.getByRole('region', { name: 'Chain' });
  await chain.getByRole('button', { name: 'Verify now' }).click();
  await expect(chain.getByRole('status')).toContainText('Chain intact', { timeout: 30_000 });
  await chain.getByText('What verification proves, and what it does not').click();
  await expect(chain).toContainText('evidence of tampering, not protection from it');
  await checkA11y(page);
  await app.screenshot('audit-verified');

  // Filters: refused or failed only.
  const filters = page.getByRole('search', { name: 'Filter audit events' });
  await filters.getByLabel('Outcome').selectOption({ label: 'Refused or failed' });
  const filtered = page.getByRole('table', { name: 'Filtered audit events' });
  await expect(filtered).toContainText('PROTECTED_CHANGE');
  expect(await filtered.locator('tbody tr.audit-row').count()).toBeGreaterThanOrEqual(3);
  await expect(filtered.locator('tbody tr.audit-row:not(.row-refused):not(.row-failure)')).toHaveCount(0);
  await app.screenshot('audit-refusals');
  await filters.getByRole('button', { name: 'Clear filters' }).click();

  // The canary's trail from its detail pane: who saw it.
  await go(page, 'Secrets');
  await detail.getByRole('button', { name: 'Audit', exact: true }).click();
  const trail = page.getByRole('region', { name: /Who saw it, who changed it/ });
  await expect(trail.getByRole('table', { name: 'Saw the value' })).toContainText('secret.reveal');
  await expect(trail).toContainText('No change recorded');
  await expect(page.getByRole('table', { name: 'Filtered audit events' })).toContainText(FORMULA);
  await checkA11y(page);
  await app.screenshot('audit-secret-trail');
  await trail.getByRole('button', { name: 'Show all events' }).click();

  // Export the Sandbox Vault connection's events.
  await filters.getByLabel('Connection').selectOption({ label: 'Sandbox Vault' });
  await expect(page.getByRole('table', { name: 'Filtered audit events' })).toBeVisible();
  const connectionId = await filters.getByLabel('Connection').inputValue();
  const expected = await queryAll(page, { connectionId });
  expect(expected.length).toBeGreaterThan(5);
  const exportCard = page.getByRole('region', { name: 'Export' });
  await exportCard.getByRole('button', { name: new RegExp(`^Export ${expected.length} events$`) }).click();
  await expect(exportCard).toContainText(`Exported ${expected.length} rows`, { timeout: 30_000 });
  await expect(exportCard).toContainText('<data>/exports/');
  await checkA11y(page);
  await app.screenshot('audit-exported');

  const dir = join(app.dataDir, 'exports');
  const names = readdirSync(dir);
  const csvName = names.find((n) => n.endsWith('.csv'))!;
  const jsonlName = names.find((n) => n.endsWith('.jsonl'))!;
  expect(names.sort()).toEqual([csvName, jsonlName].sort());
  for (const name of [csvName, jsonlName]) {
    await expect(exportCard).toContainText(name);
    await expect(exportCard).toContainText(sha256(join(dir, name)));
  }

  // An independent parser reads the CSV: exactly those events, each hash recomputed, links checked.
  const csvText = readFileSync(join(dir, csvName), 'utf8');
  expect(csvText.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(csvText.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const records = parsed.data;
  const events = records.map(eventFromCsv);
  const byExpected = [...expected].reverse().map(({ flagged: _flagged, ...event }) => event);
  expect(events).toEqual(byExpected);
  for (const event of events) {
    const { hash, ...unhashed } = event;
    expect(hashEvent(unhashed)).toBe(hash);
    expect(event.connectionId).toBe(connectionId);
  }
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.seq === events[i - 1]!.seq + 1) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
  }
  if (events[0]!.seq === 1) expect(events[0]!.prevHash).toBe(GENESIS_HASH);
  // The formula came out neutralised, and un-neutralises to exactly what was typed.
  const planted = records.filter((r) => r['reason']?.includes('HYPERLINK'));
  expect(planted.length).toBeGreaterThan(0);
  for (const record of planted) expect(record['reason']).toBe(`'${FORMULA}`);
  expect(records.every((r) => r['connection_name'] === 'Sandbox Vault')).toBe(true);

  // The JSON Lines file holds the same events, raw.
  const jsonl = readFileSync(join(dir, jsonlName), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEvent);
  expect(jsonl).toEqual(events);

  // No canary anywhere: table, page, exports.
  expect(csvText).not.toContain(CANARY);
  expect(readFileSync(join(dir, jsonlName), 'utf8')).not.toContain(CANARY);
  expect(await page.content()).not.toContain(CANARY);

  // Keyset pages as the table scrolls: more checks (through the bridge) make the log longer than one page.
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await page.evaluate(async (id) => {
    for (let i = 0; i < 110; i++) await window.keyhole.connections.check({ id });
  }, connectionId);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByText(/200 loaded; more load as you scroll/)).toBeVisible();
  const all = page.getByRole('table', { name: 'Recent audit events' });
  expect(await all.locator('tr.audit-row').count()).toBeLessThan(100);
  const scroller = page.getByRole('region', { name: 'Recent audit events' });
  await expect(async () => {
    await scroller.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect(all.locator('tr[data-seq="1"]')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText(/more load as you scroll/)).toHaveCount(0);

  // An event edited behind Keyhole's back (trigger dropped, as an attacker would): Verify now names it.
  const victim = events.find((event) => event.reason === FORMULA)!.seq;
  const db = new Database(join(app.dataDir, 'keyhole.sqlite'));
  db.pragma('busy_timeout = 5000');
  db.exec('DROP TRIGGER audit_events_no_update');
  db.prepare('UPDATE audit_events SET reason = ? WHERE seq = ?').run('nothing to see', victim);
  db.close();
  await chain.scrollIntoViewIfNeeded();
  await chain.getByRole('button', { name: 'Verify now' }).click();
  await expect(chain.getByRole('status')).toContainText('Chain broken', { timeout: 30_000 });
  await expect(chain.getByRole('alert')).toContainText(`First broken link: Event ${victim} no longer hashes`);
  await checkA11y(page);
  await app.screenshot('audit-chain-broken');
});
