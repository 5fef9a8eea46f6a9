/**
 * A Clipboard port over xclip, for the e2e host under Xvfb (no electron import).
 *
 * Concealment: xclip offers exactly one target per process (here UTF8_STRING, plus TARGETS), so
 * it cannot also offer `x-kde-passwordManagerHint`; copies made through this port are NOT marked
 * concealed. The Electron port (clipboard.ts) does mark them.
 *
 * The value reaches xclip on stdin, never argv. xclip runs in the foreground (-quiet) as the
 * selection owner, so clear() can end it: with no owner the clipboard is empty.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Socket } from 'node:net';

import { KeyholeError } from '../../../shared/errors';
import type { Clipboard } from '../core/ports';

const READY = 'Waiting for selection requests';
const READY_TIMEOUT_MS = 5_000;

export interface XclipClipboardOptions {
  /** X display; defaults to $DISPLAY. */
  display?: string;
  /** Defaults to `xclip` on PATH. */
  xclipPath?: string;
}

export class XclipClipboard implements Clipboard {
  private owner: ChildProcess | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly xclip: string;
  private readonly killOnExit = () => this.owner?.kill('SIGKILL');

  constructor(options: XclipClipboardOptions = {}) {
    const display = options.display ?? process.env.DISPLAY;
    this.env = { ...process.env, ...(display !== undefined ? { DISPLAY: display } : {}) };
    this.xclip = options.xclipPath ?? 'xclip';
    // An orphaned xclip would keep serving the value after the host is gone.
    process.on('exit', this.killOnExit);
  }

  async writeSecret(text: string): Promise<void> {
    await this.release();
    this.owner = await this.own(text);
  }

  async readText(): Promise<string> {
    return new Promise((resolve) => {
      execFile(
        this.xclip,
        ['-selection', 'clipboard', '-out', '-target', 'UTF8_STRING'],
        { env: this.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: READY_TIMEOUT_MS },
        // xclip exits non-zero when nothing owns the clipboard or the owner offers no text: empty.
        (error, stdout) => resolve(error ? '' : stdout),
      );
    });
  }

  /** Empties the clipboard whoever owns it: take ownership with nothing, then let go. */
  async clear(): Promise<void> {
    await this.release();
    await stop(await this.own(''));
  }

  /** Ends our xclip (the clipboard empties if it still owned it) and detaches from the process. */
  dispose(): void {
    this.killOnExit();
    this.owner = undefined;
    process.off('exit', this.killOnExit);
  }

  private async release(): Promise<void> {
    const owner = this.owner;
    this.owner = undefined;
    if (owner !== undefined) await stop(owner);
  }

  /** Starts an xclip serving text and resolves once the clipboard reads back as text. */
  private async own(text: string): Promise<ChildProcess> {
    // An xclip can exit before it is ready when the X server is briefly too busy to take a
    // client (seen on a loaded 2-core CI machine); a second one is tried before failing.
    const child = await this.spawnOwner(text).catch(() => this.spawnOwner(text));
    // xclip prints its readiness before Xlib has flushed SetSelectionOwner, so confirm ownership.
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while ((await this.readText()) !== text) {
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
        child.kill('SIGKILL');
        throw new KeyholeError('INTERNAL', { detail: 'xclip' });
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return child;
  }

  private spawnOwner(text: string): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.xclip, ['-selection', 'clipboard', '-in', '-quiet'], {
        env: this.env,
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let output = '';
      const fail = () => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new KeyholeError('INTERNAL', { detail: 'xclip' }));
      };
      const timer = setTimeout(fail, READY_TIMEOUT_MS);
      child.once('error', fail);
      child.once('exit', fail);
      // -quiet reports readiness, then one line per request, on stderr.
      child.stderr.setEncoding('utf8');
      const onData = (chunk: string) => {
        output += chunk;
        if (!output.includes(READY)) return;
        clearTimeout(timer);
        child.off('error', fail);
        child.off('exit', fail);
        child.stderr.off('data', onData);
        // Keep draining: xclip logs a line per request and must never block on a full pipe.
        child.stderr.resume();
        child.on('error', () => undefined);
        // The host must be able to exit while xclip serves; the exit hook ends xclip then.
        child.unref();
        (child.stderr as Socket).unref();
        resolve(child);
      };
      child.stderr.on('data', onData);
      child.stdin.end(text, 'utf8');
    });
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
