import AxeBuilder from '@axe-core/playwright';
import { _electron, chromium, expect, test as base, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** A value planted in the sandbox by every spec; leak checks look for it everywhere. */
export const CANARY = `kh-canary-${process.pid}-${Date.now().toString(36)}-Zq7`;

export const SCREENSHOTS = resolve('e2e/screenshots');

export interface SandboxInfo {
  vault?: { url: string; token: string; userpass: { username: string; password: string } };
  aws?: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; roleArn: string };
  azure?: {
    vaultUrls: { staging: string; production: string };
    caCertPath: string;
    tenantId: string;
    clientId: string;
    clientSecret: string;
    authorityHost: string;
  };
}

/** A step of the AWS sandbox's rotation function made to fail (log the error, stop) or hang (never finish). */
export interface AwsRotationFault {
  step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
  /** Default fail. */
  mode?: 'fail' | 'hang';
  /** The exact secret name (e.g. `staging/db/orders`); every secret when absent. */
  secret?: string;
}

export interface AppHandle {
  page: Page;
  shell: 'host' | 'electron';
  /** Where the app keeps its data and HOME for this spec. */
  dataDir: string;
  home: string;
  /** Advances the host's test clock (host only). */
  advanceClock(ms: number): Promise<void>;
  /** The host's test clock now, in ms (host only): what core verifies TOTP codes against. */
  hostNow(): Promise<number>;
  /** Fires a system event in the host: suspend, resume, lock-screen, unlock-screen (host only). */
  systemEvent(name: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen'): Promise<void>;
  /** The running sandbox's client details (host only; after the sandbox was opened). */
  sandboxInfo(): Promise<SandboxInfo>;
  /** Makes a step of the AWS sandbox's rotation function fail or hang from now on; null clears it (host only; after the sandbox was opened). */
  awsRotationFault(fault: AwsRotationFault | null): Promise<void>;
  /** Stops the app and starts it again on the same data (persistence across restarts). */
  restart(): Promise<void>;
  screenshot(name: string): Promise<string>;
}

interface HostProcess {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
}

/**
 * Where Electron's binary is, without requiring the electron package: its index.js tries to
 * download a missing binary, which cannot work here.
 */
export function electronBinary(): string | null {
  const root = resolve('node_modules/electron');
  const pathFile = join(root, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const ELECTRON_SKIP_REASON =
  'Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD): these specs ran against the e2e host in Chromium instead';

/** Sandbox options a spec can set with `test.use({ seedCount: 100_000, providers: ['aws'] })` (host only). */
export interface SandboxOptions {
  /** Secrets per environment in the sandbox's seed (default: the seed's own, a few hundred). */
  seedCount: number | undefined;
  /** Which providers the sandbox starts (default: all three). */
  providers: Array<'vault' | 'aws' | 'azure'> | undefined;
}

async function startHost(
  dataDir: string,
  home: string,
  sandbox: SandboxOptions = { seedCount: undefined, providers: undefined },
): Promise<HostProcess> {
  // One keychain service per spec, kept across restarts: specs run in parallel in one keyring, and each app keeps its audit head there.
  const service = `Keyhole-e2e-${basename(dirname(dataDir))}`;
  const args = ['--import', 'tsx', 'e2e/host/main.ts', '--data-dir', dataDir, '--canary', CANARY, '--keychain-service', service];
  if (sandbox.seedCount !== undefined) args.push('--seed-count', String(sandbox.seedCount));
  if (sandbox.providers !== undefined) args.push('--providers', sandbox.providers.join(','));
  const child = spawn(process.execPath, args, {
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('e2e host did not start in time')), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolvePromise(line);
    });
    child.once('exit', (code) => reject(new Error(`e2e host exited with ${code}`)));
  });
  const parsed = JSON.parse(first) as { url: string; port: number; token: string };
  return { child, ...parsed };
}

async function stopHost(host: HostProcess): Promise<void> {
  if (host.child.exitCode !== null) return;
  const exited = new Promise((r) => host.child.once('exit', r));
  host.child.kill('SIGTERM');
  await exited;
}

async function hostControl<T>(host: HostProcess, path: string, body: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${host.port}/__host/test/${path}`, {
    method: 'POST',
    headers: { 'x-keyhole-token': host.token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`host control ${path} failed: ${response.status}`);
  return (await response.json()) as T;
}

const CHROMIUM_ARGS = [
  '--no-sandbox', // Chromium's sandbox cannot start as root in CI containers; the page is our own build on loopback.
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const test = base.extend<{ app: AppHandle } & SandboxOptions>({
  seedCount: [undefined, { option: true }],
  providers: [undefined, { option: true }],
  app: async ({ seedCount, providers }, use, testInfo) => {
    const root = mkdtempSync(join(tmpdir(), 'keyhole-e2e-'));
    const dataDir = join(root, 'data');
    const home = join(root, 'home');
    mkdirSync(home, { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const screenshot = async (page: Page, name: string) => {
      const file = join(SCREENSHOTS, `${testInfo.project.name}-${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    };

    if (testInfo.project.name === 'electron') {
      const binary = electronBinary();
      test.skip(binary === null, ELECTRON_SKIP_REASON);
      const launch = () =>
        _electron.launch({
          executablePath: binary!,
          args: [resolve('out/main/index.js')],
          env: { ...process.env, HOME: home, KEYHOLE_DATA_DIR: dataDir, KEYHOLE_SANDBOX_CANARY: CANARY },
        });
      let electronApp = await launch();
      const handle: AppHandle = {
        page: await electronApp.firstWindow(),
        shell: 'electron',
        dataDir,
        home,
        advanceClock: async () => test.skip(true, 'the test clock exists only in the e2e host'),
        hostNow: async () => {
          test.skip(true, 'the test clock exists only in the e2e host');
          return 0;
        },
        systemEvent: async () => test.skip(true, 'test system events exist only in the e2e host'),
        sandboxInfo: async () => {
          test.skip(true, 'sandbox client details are exposed only by the e2e host');
          return {};
        },
        awsRotationFault: async () => test.skip(true, 'the AWS rotation fault is set only through the e2e host'),
        restart: async () => {
          await electronApp.close();
          electronApp = await launch();
          handle.page = await electronApp.firstWindow();
        },
        screenshot: (name) => screenshot(handle.page, name),
      };
      await use(handle);
      await electronApp.close();
      return;
    }

    const browser = await chromium.launch({ executablePath: process.env.KEYHOLE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    let host = await startHost(dataDir, home, { seedCount, providers });
    const open = async () => {
      const page = await context.newPage();
      await page.goto(host.url);
      // An enrolled Keyhole starts locked: the lock screen instead of the shell.
      await expect(page.getByRole('navigation', { name: 'Main' }).or(page.getByRole('main', { name: 'Keyhole is locked' }))).toBeVisible();
      return page;
    };
    const handle: AppHandle = {
      page: await open(),
      shell: 'host',
      dataDir,
      home,
      advanceClock: async (ms) => {
        await hostControl(host, 'clock', { ms });
      },
      hostNow: async () => (await hostControl<{ now: number }>(host, 'clock', { ms: 0 })).now,
      systemEvent: async (event) => {
        const response = await fetch(`http://127.0.0.1:${host.port}/__host/test/system-event`, {
          method: 'POST',
          headers: { 'x-keyhole-token': host.token, 'content-type': 'application/json' },
          body: JSON.stringify({ event }),
        });
        if (!response.ok) throw new Error(`host control system-event failed: ${response.status}`);
      },
      sandboxInfo: () => hostControl<SandboxInfo>(host, 'sandbox-info', {}),
      awsRotationFault: async (fault) => {
        await hostControl(host, 'aws-rotation-fault', fault);
      },
      restart: async () => {
        await handle.page.close();
        await stopHost(host);
        host = await startHost(dataDir, home, { seedCount, providers });
        handle.page = await open();
      },
      screenshot: (name) => screenshot(handle.page, name),
    };
    try {
      await use(handle);
    } finally {
      await browser.close();
      await stopHost(host);
    }
  },
});

/** Fails the spec on any axe-core violation of WCAG A/AA on the current screen. */
export async function checkA11y(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

export { expect };
