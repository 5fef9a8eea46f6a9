import type { Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { CANARY, expect, test } from '../fixtures';

/**
 * Browse and search at 100,000 secrets, measured and reported (printed, and written to
 * bench/results/browse.json), never asserted on time: CI machines differ. One provider is seeded
 * (KEYHOLE_BENCH_PROVIDER, AWS by default: its listing carries metadata, so sorting is measured
 * on complete rows; Vault lists names only and fills in behind the screen).
 */
const PROVIDER = (process.env.KEYHOLE_BENCH_PROVIDER ?? 'aws') as 'vault' | 'aws' | 'azure';
const COUNT = Number(process.env.KEYHOLE_BENCH_COUNT ?? 100_000);
const CONNECTION = { vault: 'Sandbox Vault', aws: 'Sandbox AWS', azure: 'Sandbox Azure' }[PROVIDER];

test.use({ seedCount: COUNT, providers: [PROVIDER] });

interface Stats {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0);
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), max: round(sorted.at(-1) ?? 0) };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Frame-to-frame times (requestAnimationFrame deltas) while the grid scrolls by `step` px a frame. */
async function scrollFrames(page: Page, frames: number, mode: 'steady' | 'jump'): Promise<number[]> {
  return page.evaluate(
    async ({ frames, mode }) => {
      const grid = document.querySelector<HTMLElement>('[role="grid"]');
      if (!grid) throw new Error('no grid');
      const deltas: number[] = [];
      let last = await new Promise<number>((r) => requestAnimationFrame(r));
      let seed = 7;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      for (let i = 0; i < frames; i += 1) {
        if (mode === 'steady') grid.scrollTop += 560;
        else grid.scrollTop = Math.floor(random() * (grid.scrollHeight - grid.clientHeight));
        const now = await new Promise<number>((r) => requestAnimationFrame(r));
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    },
    { frames, mode },
  );
}

/**
 * Keydown → results in the DOM → painted: a capture listener stamps the keydown, a
 * MutationObserver on the palette stamps the results changing, and the frame after that change
 * is the paint (a rAF callback runs just before the frame is drawn; the task after it, after).
 */
async function typeMeasured(page: Page, text: string): Promise<Array<{ dom: number; paint: number }>> {
  const times: Array<{ dom: number; paint: number }> = [];
  for (const key of text) {
    const pending = await page.evaluateHandle(() => {
      const dialog = document.querySelector('dialog[open]');
      if (!dialog) throw new Error('no palette');
      let start = 0;
      const done = new Promise<{ dom: number; paint: number } | null>((resolve) => {
        const onKey = () => {
          start = performance.now();
        };
        window.addEventListener('keydown', onKey, { capture: true, once: true });
        const observer = new MutationObserver(() => {
          // A change before the key (a background fill updating a heading) is not this key's.
          if (start === 0) return;
          observer.disconnect();
          const dom = performance.now() - start;
          requestAnimationFrame(() => setTimeout(() => resolve({ dom, paint: performance.now() - start }), 0));
        });
        observer.observe(dialog, { subtree: true, childList: true, characterData: true, attributes: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, 2000);
      });
      return { done };
    });
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    const took = await pending.evaluate((handle) => handle.done);
    if (took) times.push(took);
  }
  return times;
}

/** From `act` to the first secret row in the DOM (after the rows, if any, went away), stamped in the page. */
async function timeToFirstRows(page: Page, act: () => Promise<void>): Promise<number> {
  const pending = await page.evaluateHandle(() => {
    const start = performance.now();
    const row = () => document.querySelector('[role="row"][aria-rowindex="2"]');
    let emptied = row() === null;
    const done = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!row()) {
          emptied = true;
          return;
        }
        if (!emptied) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - start));
      });
      observer.observe(document.body, { subtree: true, childList: true });
    });
    return { done };
  });
  await act();
  return round(await pending.evaluate((handle) => handle.done));
}

test(`browse and search ${COUNT.toLocaleString('en-US')} secrets (${PROVIDER}): time to first rows, scroll frames, sort, search latency`, async ({
  app,
}) => {
  test.setTimeout(15 * 60_000);
  const { page } = app;
  const report: Record<string, unknown> = {
    provider: PROVIDER,
    secrets: COUNT,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, loadavg: loadavg().map(round) },
  };

  let started = Date.now();
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  const tree = page.getByRole('navigation', { name: 'Environments' });
  await expect(tree).toBeVisible({ timeout: 10 * 60_000 });
  report.sandboxOpenMs = Date.now() - started;

  // Time to first rows: from the click to the first row in the DOM, stamped in the page. The first
  // listing meets a cold sandbox (it has just loaded and snapshotted its seed, in this process);
  // a refresh then measures the warm path.
  const staging = tree.getByRole('group', { name: CONNECTION }).getByRole('button', { name: /^staging/ });
  started = Date.now();
  report.firstRowsColdMs = await timeToFirstRows(page, () => staging.click());
  await expect(staging).toContainText(/[\d,]+ secrets$/, { timeout: 10 * 60_000 });
  report.listedColdMs = Date.now() - started;
  started = Date.now();
  report.firstRowsMs = await timeToFirstRows(page, () => page.getByRole('button', { name: 'Refresh this environment' }).click());
  await expect(staging).toContainText(/[\d,]+ secrets$/, { timeout: 10 * 60_000 });
  report.listedMs = Date.now() - started;
  const listed = Number(/([\d,]+) secrets$/.exec((await staging.textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  report.listedCount = listed;
  expect(listed).toBeGreaterThan(COUNT * 0.9);

  const grid = page.getByRole('grid', { name: `Secrets in ${CONNECTION} / staging` });
  await expect(grid).toHaveAttribute('aria-rowcount', String(listed + 1));
  expect(await grid.getByRole('row').count()).toBeLessThan(100);

  // Scrolling: steady (≈20 rows a frame) and jumps anywhere in the list.
  await grid.focus();
  report.scrollSteadyFrameMs = stats(await scrollFrames(page, 240, 'steady'));
  report.scrollJumpFrameMs = stats(await scrollFrames(page, 120, 'jump'));
  // Still rows where the jumps left it.
  await expect(grid.getByRole('row').nth(5)).toBeVisible();

  // Sort by last change: the click to the re-sorted first row.
  const header = grid.getByRole('columnheader', { name: 'Last change' });
  await grid.evaluate((element) => (element.scrollTop = 0));
  started = Date.now();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const firstAfterSort = await grid.getByRole('row').nth(1).getByRole('gridcell').first().getAttribute('title');
  report.sortByLastChangeMs = Date.now() - started;
  report.sortedFirst = firstAfterSort !== null;
  if (PROVIDER === 'vault') {
    // A names-only listing fills in for the sort in the background: how far in 10 s.
    await page.waitForTimeout(10_000);
    report.vaultFillAfter10s =
      (await page
        .getByRole('status')
        .filter({ hasText: 'filled in' })
        .textContent()
        .catch(() => null)) ?? 'complete';
  }
  await grid.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();

  // Tree view of everything: the toggle to the first folder rows.
  started = Date.now();
  await page.getByRole('button', { name: 'Tree' }).click();
  await expect(page.getByRole('treegrid').getByRole('row').nth(1)).toHaveAttribute('aria-level', '1');
  report.treeViewMs = Date.now() - started;
  await page.getByRole('button', { name: 'List' }).click();

  // Search: keydown to painted results, one key at a time, over every listed name.
  await page.keyboard.press('/');
  const input = page.getByRole('combobox', { name: 'Search secrets' });
  await expect(input).toBeFocused();
  const latencies: Array<{ dom: number; paint: number }> = [];
  for (const query of ['payments', 'ledger-12', 'pay/api/str', 'stripe-4', 'zzq', 'team:data redis', 'kafka-99']) {
    latencies.push(...(await typeMeasured(page, query)));
    await input.fill('');
  }
  report.searchKeyToDomMs = stats(latencies.map((t) => t.dom));
  report.searchKeyToPaintMs = stats(latencies.map((t) => t.paint));
  // A tag over every row (a names-only listing is still filling its tags in: the heading says how far).
  await input.fill('team:payments');
  await expect(page.locator('.search-foot')).toContainText('searched 1 listed environment');
  await page.waitForTimeout(1000);
  report.searchTeamPayments = [await page.locator('.search-foot').textContent(), ...(await page.locator('.search-env-count').allTextContents())].join(
    ' | ',
  );
  await page.keyboard.press('Escape');

  report.jsHeapMb = await page.evaluate(() => {
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return memory ? Math.round(memory.usedJSHeapSize / 1048576) : null;
  });
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(CANARY);
  await app.screenshot('browse-scale');

  const out = resolve('bench/results/browse.json');
  mkdirSync(resolve('bench/results'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.info(`browse at scale (${out}):\n${JSON.stringify(report, null, 2)}`);
});
