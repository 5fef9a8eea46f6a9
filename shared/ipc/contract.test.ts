import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, KeyholeError } from '../errors';
import { bindContract, type Handlers } from './bind';
import { buildBridge, BridgeError } from './bridge';
import { CHANNEL_NAME } from './channel';
import { contract, events, type AppContract } from './contract';
import { sensitivePaths } from './sensitive';

const signal = new AbortController().signal;

/** Handlers that answer each channel with a fixed, schema-valid value or throw what they are told. */
function handlersThatThrow(error: unknown): Handlers<AppContract> {
  return Object.fromEntries(
    Object.keys(contract).map((name) => [
      name,
      () => {
        throw error;
      },
    ]),
  ) as unknown as Handlers<AppContract>;
}

describe('the contract', () => {
  it('names every channel namespace:verb', () => {
    for (const name of Object.keys(contract)) expect(name).toMatch(CHANNEL_NAME);
  });

  it('marks exactly the fields that may carry a secret value or credential', () => {
    const marked = Object.entries(contract).flatMap(([name, spec]) => [
      ...sensitivePaths(spec.input).map((path) => `${name} in ${path}`),
      ...sensitivePaths(spec.output).map((path) => `${name} out ${path}`),
    ]);
    // A new sensitive field is a reviewed change: add it here on purpose.
    expect(marked).toEqual([
      'connections:create in secrets',
      'connections:update in secrets',
      'mfa:beginEnrollment in code',
      'mfa:beginEnrollment in recoveryCode',
      'mfa:beginEnrollment out secret',
      'mfa:beginEnrollment out otpauthUri',
      'mfa:beginEnrollment out qrDataUrl',
      'mfa:confirmEnrollment in code',
      'mfa:confirmEnrollment out recoveryCodes',
      'mfa:stepUp in code',
      'mfa:regenerateRecoveryCodes in code',
      'mfa:regenerateRecoveryCodes out recoveryCodes',
      'mfa:disable in code',
      'mfa:disable in recoveryCode',
      'app:unlock in code',
      'app:unlock in recoveryCode',
      'secrets:reveal out value',
      'secrets:reveal out fields',
      'diff:compare in code',
      'diff:compare out a.value',
      'diff:compare out a.fields',
      'diff:compare out b.value',
      'diff:compare out b.fields',
      'diff:promote in code',
      'diff:undo in code',
      'history:compareValues out from.value',
      'history:compareValues out from.fields',
      'history:compareValues out to.value',
      'history:compareValues out to.fields',
      'history:destroy in code',
      'edit:create in value.value',
      'edit:create in value.text',
      'edit:create in value.set',
      'edit:preview in value.value',
      'edit:preview in value.text',
      'edit:preview in value.set',
      'edit:write in value.value',
      'edit:write in value.text',
      'edit:write in value.set',
      'rotation:start in plan.generator.value',
      'rotation:confirm in code',
      'rotation:startNative in code',
      'rotation:cancelNative in code',
      'rotation:cleanPending in code',
      'rotation:bulkStart in code',
      'policy:set in code',
      'policy:clear in code',
    ]);
    for (const [name, schema] of Object.entries(events)) expect(sensitivePaths(schema), name).toEqual([]);
  });
});

describe('bindContract', () => {
  it('refuses an unknown channel and a non-string channel', async () => {
    const dispatch = bindContract(contract, handlersThatThrow(new Error('unreached')));
    expect(await dispatch('secrets:steal', {}, { signal })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await dispatch({ toString: () => 'app:info' }, {}, { signal })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await dispatch('__proto__', {}, { signal })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses malformed payloads without calling the handler', async () => {
    let called = false;
    const handlers = { ...handlersThatThrow(new Error('x')), 'connections:remove': () => ((called = true), { ok: true as const }) };
    const dispatch = bindContract(contract, handlers);
    for (const payload of [null, undefined, 'id', 42, [], { id: 'not-a-uuid' }, { id: crypto.randomUUID(), extra: 1 }]) {
      expect(await dispatch('connections:remove', payload, { signal })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(called).toBe(false);
  });

  it('strips output fields the contract does not declare', async () => {
    const handlers = {
      ...handlersThatThrow(new Error('x')),
      'jobs:cancel': () => ({ ok: true as const, token: 'leak' }) as unknown as { ok: true },
    };
    const dispatch = bindContract(contract, handlers);
    expect(await dispatch('jobs:cancel', { jobId: crypto.randomUUID() }, { signal })).toEqual({ ok: true, value: { ok: true } });
  });

  it('never puts an input value, an SDK message or a stack into an error (property, planted canaries)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 6 }), fc.constantFrom(...Object.keys(contract)), async (canary, channel) => {
        const planted = `CANARY${canary}`;
        const sdkError = Object.assign(new Error(`request failed: X-Vault-Token: ${planted}`), { stack: planted });
        const dispatch = bindContract(contract, handlersThatThrow(sdkError));
        const payloads = [{ secrets: { token: planted } }, { name: planted }, planted, { id: planted }, { patch: { theme: planted } }];
        for (const payload of payloads) {
          const result = await dispatch(channel, payload, { signal });
          expect(JSON.stringify(result)).not.toContain(planted);
        }
        const keyhole = bindContract(
          contract,
          handlersThatThrow(new KeyholeError('NOT_FOUND', { path: planted, detail: planted, requestId: planted })),
        );
        const result = await keyhole(channel, {}, { signal });
        if (!result.ok && /^[A-Za-z0-9._\-/:@+~ ]+$/.test(planted)) {
          // A safe-looking path is shown (it names the secret); detail and request id never are.
          expect(result.error.message.split(planted).length).toBeLessThanOrEqual(2);
        } else {
          expect(JSON.stringify(result)).not.toContain(planted);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('maps every error code to a wire error with the shared message', async () => {
    for (const code of ERROR_CODES) {
      const dispatch = bindContract(contract, handlersThatThrow(new KeyholeError(code)));
      const result = await dispatch('app:info', {}, { signal });
      expect(result).toMatchObject({ ok: false, error: { code } });
    }
  });
});

describe('buildBridge', () => {
  it('exposes exactly the contract as namespace.verb functions plus on()', () => {
    const api = buildBridge(
      contract,
      events,
      async () => ({ ok: true, value: {} }),
      () => () => undefined,
    ) as unknown as Record<string, unknown>;
    const exposed = Object.entries(api).flatMap(([namespace, group]) =>
      typeof group === 'function' ? [namespace] : Object.keys(group as object).map((verb) => `${namespace}:${verb}`),
    );
    expect(exposed.sort()).toEqual([...Object.keys(contract), 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('turns a wire error into a BridgeError and refuses unknown events', async () => {
    const api = buildBridge(
      contract,
      events,
      async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'Not found' } }),
      () => () => undefined,
    );
    await expect(api.connections.list({})).rejects.toBeInstanceOf(BridgeError);
    await expect(api.connections.list({})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(() => (api.on as (e: string, l: () => void) => void)('nope', () => undefined)).toThrow();
  });
});
