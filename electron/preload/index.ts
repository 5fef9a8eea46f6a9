import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from '../../shared/ipc/bridge';
import { contract, events } from '../../shared/ipc/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/transport';
import type { InvokeResult } from '../../shared/ipc/result';

/**
 * The whole preload: the contract's functions and `on`, built by the shared buildBridge().
 * ipcRenderer itself, process and every Node API stay here, unexposed.
 */
const api = buildBridge(
  contract,
  events,
  (channel, payload) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, payload) as Promise<InvokeResult>,
  (event, listener) => {
    const handler = (_event: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
);

contextBridge.exposeInMainWorld('keyhole', api);
