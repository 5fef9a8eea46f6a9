import type { z } from 'zod';

/** One request/response channel: `namespace:verb`, with schemas for both directions. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ChannelSpec<I, O> {
  return { input, output };
}

export type Contract = Record<string, ChannelSpec>;
export type EventContract = Record<string, z.ZodType>;

export type Input<C extends Contract, K extends keyof C> = z.input<C[K]['input']>;
export type Output<C extends Contract, K extends keyof C> = z.output<C[K]['output']>;
export type EventPayload<E extends EventContract, K extends keyof E> = z.output<E[K]>;

export const CHANNEL_NAME = /^[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/;
