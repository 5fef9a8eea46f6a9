import type { z } from 'zod';
import { KeyholeError, toWireError } from '../errors';
import { CHANNEL_NAME, type Contract, type Output } from './channel';
import type { InvokeResult } from './result';

export interface HandlerContext {
  /** Fires when the caller goes away (window closed, socket dropped). */
  signal: AbortSignal;
}

export type Handlers<C extends Contract> = {
  [K in keyof C]: (input: z.output<C[K]['input']>, context: HandlerContext) => Promise<Output<C, K>> | Output<C, K>;
};

export interface BindOptions {
  /** Called with the channel and the error's code only, for logs. */
  onError?: (channel: string, error: unknown) => void;
}

export type Dispatch = (channel: unknown, payload: unknown, context: HandlerContext) => Promise<InvokeResult>;

/**
 * Pure validation and dispatch, shared by Electron's ipc.ts and the e2e host. Input is parsed
 * against the channel's schema (a failure says INVALID_INPUT and nothing about the input);
 * output is parsed too, which strips any field the contract does not declare.
 */
export function bindContract<C extends Contract>(contract: C, handlers: Handlers<C>, options: BindOptions = {}): Dispatch {
  for (const name of Object.keys(contract)) {
    if (!CHANNEL_NAME.test(name)) throw new Error(`bad channel name ${name}`);
    if (typeof handlers[name] !== 'function') throw new Error(`no handler for ${name}`);
  }
  return async (channel, payload, context) => {
    try {
      if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) throw new KeyholeError('UNKNOWN_CHANNEL');
      const spec = contract[channel] as C[keyof C];
      const parsed = spec.input.safeParse(payload);
      if (!parsed.success) throw new KeyholeError('INVALID_INPUT');
      const handler = handlers[channel] as (input: unknown, context: HandlerContext) => unknown;
      const value = await handler(parsed.data, context);
      const checked = spec.output.safeParse(value);
      if (!checked.success) throw new KeyholeError('INTERNAL', { detail: `output:${channel}` });
      return { ok: true, value: checked.data };
    } catch (error) {
      options.onError?.(typeof channel === 'string' ? channel : '?', error);
      return { ok: false, error: toWireError(error) };
    }
  };
}
