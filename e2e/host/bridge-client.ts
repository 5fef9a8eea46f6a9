import { buildBridge } from '../../shared/ipc/bridge';
import { contract, events } from '../../shared/ipc/contract';
import type { InvokeResult } from '../../shared/ipc/result';

/**
 * The e2e host's stand-in for the preload, loaded as a classic script before the renderer:
 * it exchanges the per-run token from the URL fragment for a cookie, opens the WebSocket, and
 * exposes the same bridge the preload does, built by the same buildBridge().
 */
type Message = { id: number; result: InvokeResult } | { event: string; payload: unknown };

const pending = new Map<number, (result: InvokeResult) => void>();
const listeners = new Set<(event: string, payload: unknown) => void>();
let nextId = 1;

async function connect(): Promise<WebSocket> {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token !== null) {
    history.replaceState(null, '', location.pathname);
    const response = await fetch('/__host/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (!response.ok) throw new Error('session refused');
  }
  const socket = new WebSocket(`ws://${location.host}/__host/ipc`);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('socket failed')), { once: true });
  });
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as Message;
    if ('id' in data) {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else {
      for (const listener of listeners) listener(data.event, data.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'The Keyhole host went away' } });
    pending.clear();
  });
  return socket;
}

const ready = connect();

const api = buildBridge(
  contract,
  events,
  async (channel, payload) => {
    const socket = await ready;
    const id = nextId++;
    return new Promise<InvokeResult>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, payload }));
    });
  },
  (event, listener) => {
    const wrapped = (name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    listeners.add(wrapped);
    return () => listeners.delete(wrapped);
  },
);

Object.defineProperty(window, 'keyhole', { value: api, writable: false, configurable: false });
