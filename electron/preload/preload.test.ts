import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/transport';

/**
 * Loads the built, bundled preload (out/preload/index.cjs) in a bare VM context with a fake
 * contextBridge and ipcRenderer, as Electron's sandbox would: the only module it may require is
 * electron, and what it exposes must be exactly the contract.
 */
const built = resolve('out/preload/index.cjs');

describe.skipIf(!existsSync(built))('the built preload', () => {
  function load() {
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const listeners: Array<[string, (...args: unknown[]) => void]> = [];
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: { ok: true } }),
        on: (channel: string, listener: (...args: unknown[]) => void) => listeners.push([channel, listener]),
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(built, 'utf8'), {
      require: (name: string) => {
        required.push(name);
        if (name === 'electron') return electron;
        throw new Error(`the sandboxed preload may not require ${name}`);
      },
      module,
      exports: module.exports,
    });
    return { exposed, invoked, listeners, required };
  }

  it('exposes one object, keyhole, with exactly the contract and on()', () => {
    const { exposed, required } = load();
    expect(Object.keys(exposed)).toEqual(['keyhole']);
    expect([...new Set(required)]).toEqual(['electron']);
    const api = exposed.keyhole as Record<string, unknown>;
    const names = Object.entries(api).flatMap(([namespace, group]) =>
      typeof group === 'function' ? [namespace] : Object.keys(group as object).map((verb) => `${namespace}:${verb}`),
    );
    expect(names.sort()).toEqual([...Object.keys(contract), 'on'].sort());
    for (const forbidden of ['ipcRenderer', 'process', 'env', 'require', 'invoke']) expect(Object.keys(api)).not.toContain(forbidden);
  });

  it('invokes over the one invoke channel and listens on the one event channel', async () => {
    const { exposed, invoked, listeners } = load();
    const api = exposed.keyhole as {
      jobs: { cancel(input: unknown): Promise<unknown> };
      on(event: string, listener: (p: unknown) => void): () => void;
    };
    await api.jobs.cancel({ jobId: 'x' });
    expect(invoked[0]).toEqual([INVOKE_CHANNEL, 'jobs:cancel', { jobId: 'x' }]);
    const seen: unknown[] = [];
    api.on('job:progress', (payload) => seen.push(payload));
    expect(listeners[0]?.[0]).toBe(EVENT_CHANNEL);
    listeners[0]?.[1]({}, 'job:progress', { done: 1 });
    listeners[0]?.[1]({}, 'secrets:page', { items: [] });
    expect(seen).toEqual([{ done: 1 }]);
  });
});
