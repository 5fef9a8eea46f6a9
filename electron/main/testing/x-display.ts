import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, name)));

/**
 * An X display of the test file's own, so clipboard tests running in parallel files do not take
 * each other's selection: a private Xvfb where it is installed, else $DISPLAY, else none (the
 * caller skips, saying why).
 */
export const xDisplayAvailable = onPath('xclip') && (onPath('Xvfb') || process.env.DISPLAY !== undefined);
export const xDisplaySkipReason = !onPath('xclip')
  ? 'xclip is not installed'
  : !xDisplayAvailable
    ? 'no Xvfb and no $DISPLAY (npm test runs under xvfb-run)'
    : '';

export interface XDisplay {
  display: string;
  close(): void;
}

export async function privateXDisplay(): Promise<XDisplay> {
  if (!onPath('Xvfb')) return { display: process.env.DISPLAY ?? '', close: () => undefined };
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '320x240x24'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const fd = child.stdio[3] as NodeJS.ReadableStream;
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    fd.setEncoding('utf8');
    fd.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    child.once('exit', () => reject(new Error('Xvfb exited')));
  });
  return { display, close: () => void child.kill('SIGTERM') };
}
