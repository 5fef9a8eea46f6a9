import { describe, expect, it } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { bindContract } from '../../shared/ipc/bind';
import { contract } from '../../shared/ipc/contract';
import type { Handlers } from '../../shared/ipc/bind';
import type { AppContract } from '../../shared/ipc/contract';
import { INVOKE_CHANNEL } from '../../shared/ipc/transport';
import { bindIpc } from './ipc';
import { silentLogger } from './core/logger';

/**
 * ipc.ts imports only Electron's types, so its binding runs here with stand-ins for ipcMain and
 * the invoke event (Electron itself cannot run on these machines).
 */
type Handler = (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => Promise<unknown>;

function setup() {
  let handler: Handler | undefined;
  const ipcMain = { handle: (channel: string, fn: Handler) => channel === INVOKE_CHANNEL && (handler = fn) } as unknown as IpcMain;
  const mainFrame = { url: 'app://keyhole/index.html' };
  const ours = { mainFrame, once: () => undefined, removeListener: () => undefined } as unknown as WebContents;
  let calls = 0;
  const handlers = Object.fromEntries(
    Object.keys(contract).map((name) => [name, () => (calls++, { version: '1', platform: 'linux', shell: 'electron', sandboxAvailable: true })]),
  ) as unknown as Handlers<AppContract>;
  bindIpc(ipcMain, bindContract(contract, handlers), () => ours, silentLogger);
  const invoke = (event: Partial<IpcMainInvokeEvent>, channel: unknown, payload: unknown) => handler!(event as IpcMainInvokeEvent, channel, payload);
  return { invoke, ours, mainFrame, calls: () => calls };
}

describe('Electron IPC binding', () => {
  it('dispatches a call from our main frame', async () => {
    const { invoke, ours, mainFrame } = setup();
    expect(await invoke({ sender: ours, senderFrame: mainFrame as never }, 'app:info', {})).toMatchObject({ ok: true });
  });

  it.each([
    ['a null senderFrame', (o: WebContents) => ({ sender: o, senderFrame: null })],
    ['a sub-frame', (o: WebContents) => ({ sender: o, senderFrame: { url: 'app://keyhole/index.html' } as never })],
    ['another webContents', () => ({ sender: { once: () => undefined } as never, senderFrame: { url: 'app://keyhole/index.html' } as never })],
  ])('refuses %s before dispatch', async (_label, event) => {
    const { invoke, ours, calls } = setup();
    expect(await invoke(event(ours), 'app:info', {})).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) } });
    expect(calls()).toBe(0);
  });

  it('refuses the main frame once it shows a foreign origin', async () => {
    const { invoke, ours, mainFrame } = setup();
    mainFrame.url = 'https://evil.example/';
    expect(await invoke({ sender: ours, senderFrame: mainFrame as never }, 'app:info', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });

  it('refuses malformed payloads from a good sender', async () => {
    const { invoke, ours, mainFrame, calls } = setup();
    for (const payload of [null, 'x', { extra: true }]) {
      expect(await invoke({ sender: ours, senderFrame: mainFrame as never }, 'app:info', payload)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(await invoke({ sender: ours, senderFrame: mainFrame as never }, 42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(calls()).toBe(0);
  });
});
