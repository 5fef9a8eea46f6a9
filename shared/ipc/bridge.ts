import { isWireError, type ErrorCode } from '../errors';
import type { Contract, EventContract, EventPayload, Input, Output } from './channel';
import type { InvokeResult } from './result';

/** A rejected call as the renderer sees it: a code and a safe message. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

type Split<S extends string> = S extends `${infer N}:${infer V}` ? [N, V] : never;
type Namespaces<C extends Contract> = Split<keyof C & string>[0];
type VerbsOf<C extends Contract, N extends string> = { [K in keyof C & string]: Split<K>[0] extends N ? Split<K>[1] : never }[keyof C & string];

export type Api<C extends Contract, E extends EventContract> = {
  [N in Namespaces<C>]: {
    [V in VerbsOf<C, N>]: `${N}:${V}` extends keyof C ? (input: Input<C, `${N}:${V}`>) => Promise<Output<C, `${N}:${V}`>> : never;
  };
} & {
  on<K extends keyof E & string>(event: K, listener: (payload: EventPayload<E, K>) => void): () => void;
};

export type Invoke = (channel: string, payload: unknown) => Promise<InvokeResult>;
export type Subscribe = (event: string, listener: (payload: unknown) => void) => () => void;

/**
 * Pure: builds the renderer's API from an invoke function. The preload passes one over
 * ipcRenderer.invoke, the e2e host one over its WebSocket; both expose only these functions.
 */
export function buildBridge<C extends Contract, E extends EventContract>(contract: C, events: E, invoke: Invoke, subscribe: Subscribe): Api<C, E> {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(contract)) {
    const [namespace, verb] = name.split(':') as [string, string];
    const group = (api[namespace] ??= {});
    group[verb] = async (input: unknown) => {
      const result = await invoke(name, input === undefined ? {} : input);
      if (result.ok) return result.value;
      const error = isWireError(result.error) ? result.error : { code: 'INTERNAL' as const, message: 'Something went wrong inside Keyhole' };
      throw new BridgeError(error.code, error.message);
    };
  }
  for (const group of Object.values(api)) Object.freeze(group);
  const on = (event: string, listener: (payload: unknown) => void) => {
    if (!Object.hasOwn(events, event)) throw new Error('unknown event');
    return subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as Api<C, E>;
}
