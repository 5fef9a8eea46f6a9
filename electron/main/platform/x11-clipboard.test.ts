/**
 * XclipClipboard against a real X server: $DISPLAY when set, otherwise a private Xvfb started here.
 * Skipped (with the reason in the suite name) when neither an X server nor Xvfb and xclip exist.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { XclipClipboard } from './x11-clipboard';

const run = promisify(execFile);
const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, name)));
const haveXclip = onPath('xclip');
const haveServer = process.env.DISPLAY !== undefined || onPath('Xvfb');
const skipReason = !haveXclip ? 'xclip is not installed' : !haveServer ? 'no $DISPLAY and no Xvfb' : '';

let xvfb: ChildProcess | undefined;
let display = process.env.DISPLAY ?? '';

async function startXvfb(): Promise<string> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '320x240x24'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  xvfb = child;
  const fd = child.stdio[3] as NodeJS.ReadableStream;
  return new Promise((resolve, reject) => {
    let text = '';
    fd.setEncoding('utf8');
    fd.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    child.once('exit', () => reject(new Error('Xvfb exited')));
  });
}

async function targets(): Promise<string[]> {
  const { stdout } = await run('xclip', ['-selection', 'clipboard', '-out', '-target', 'TARGETS'], {
    env: { ...process.env, DISPLAY: display },
  });
  return stdout.split('\n').filter(Boolean);
}

describe.skipIf(skipReason !== '')(
  skipReason === '' ? 'XclipClipboard on X11' : `XclipClipboard on X11 (SKIPPED: ${skipReason}; run under xvfb-run)`,
  () => {
    const clipboards: XclipClipboard[] = [];
    const make = () => {
      const clipboard = new XclipClipboard({ display });
      clipboards.push(clipboard);
      return clipboard;
    };

    beforeAll(async () => {
      if (display === '') display = await startXvfb();
    }, 15_000);

    afterAll(() => {
      for (const clipboard of clipboards) clipboard.dispose();
      xvfb?.kill('SIGTERM');
    });

    it('writes and reads back unicode, multi-line text exactly', async () => {
      const clipboard = make();
      const value = 'pässwörd 🔑 秘密\nsecond line\ttab  ';
      await clipboard.writeSecret(value);
      expect(await clipboard.readText()).toBe(value);
    });

    it('handles a value larger than one X request (INCR transfer)', async () => {
      const clipboard = make();
      const value = 'v'.repeat(512 * 1024);
      await clipboard.writeSecret(value);
      expect(await clipboard.readText()).toBe(value);
    });

    it('replaces the previous value on a second write', async () => {
      const clipboard = make();
      await clipboard.writeSecret('first');
      await clipboard.writeSecret('second');
      expect(await clipboard.readText()).toBe('second');
    });

    it('clears what it wrote, and what another application wrote', async () => {
      const clipboard = make();
      await clipboard.writeSecret('to be cleared');
      await clipboard.clear();
      expect(await clipboard.readText()).toBe('');

      const other = make();
      await other.writeSecret('from another application');
      await clipboard.clear();
      expect(await clipboard.readText()).toBe('');
    });

    it('reads an empty clipboard as the empty string', async () => {
      const clipboard = make();
      await clipboard.clear();
      expect(await clipboard.readText()).toBe('');
    });

    it('offers only UTF8_STRING: xclip cannot add the x-kde-passwordManagerHint target', async () => {
      const clipboard = make();
      await clipboard.writeSecret('concealed?');
      const offered = await targets();
      expect(offered).toContain('UTF8_STRING');
      expect(offered).not.toContain('x-kde-passwordManagerHint');
    });

    it('takes nothing from the clipboard when dispose ends its xclip', async () => {
      const clipboard = make();
      await clipboard.writeSecret('left behind?');
      clipboard.dispose();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await make().readText()).toBe('');
    });

    it('does not leave the value behind when the process exits without dispose', async () => {
      const script = `
        const { XclipClipboard } = await import(${JSON.stringify(fileURLToPath(new URL('./x11-clipboard.ts', import.meta.url)))});
        await new XclipClipboard().writeSecret('orphan value');
        process.stdout.write('written');
      `;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, DISPLAY: display },
        timeout: 20_000,
      });
      expect(stdout).toBe('written');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await make().readText()).toBe('');
    });
  },
);
