import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { silentLogger } from '../../logger';
import { ManualClock, until } from './sandbox-fixture';
import { TokenKeeper, type TokenLifetime } from './token-keeper';

function setup(options: { renew?: (n: number) => TokenLifetime; relogin?: boolean; failRenew?: KeyholeError[] } = {}) {
  const clock = new ManualClock(0);
  const calls: string[] = [];
  const warnings: string[] = [];
  const failures = [...(options.failRenew ?? [])];
  let renewals = 0;
  const keeper = new TokenKeeper({
    clock,
    logger: silentLogger,
    warnBeforeMs: 5_000,
    renew: async () => {
      calls.push(`renew@${clock.now()}`);
      const failure = failures.shift();
      if (failure) throw failure;
      renewals += 1;
      return options.renew ? options.renew(renewals) : { expiresAtMs: clock.now() + 30_000, renewable: true };
    },
    ...(options.relogin
      ? {
          relogin: async () => {
            calls.push(`relogin@${clock.now()}`);
            return { expiresAtMs: clock.now() + 30_000, renewable: true };
          },
        }
      : {}),
    onExpiring: (at) => warnings.push(at),
  });
  return { clock, keeper, calls, warnings };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('TokenKeeper', () => {
  it('renews at two thirds of the remaining TTL, again and again', async () => {
    const { clock, keeper, calls } = setup();
    keeper.track({ expiresAtMs: 30_000, renewable: true });
    await settle();
    clock.advance(19_999);
    await settle();
    expect(calls).toEqual([]);
    clock.advance(1);
    await until(() => calls.length === 1 && clock.pending === 1);
    clock.advance(20_000);
    await until(() => calls.length === 2);
    expect(calls).toEqual(['renew@20000', 'renew@40000']);
    keeper.stop();
  });

  it('does nothing for a token without expiry', async () => {
    const { clock, keeper } = setup();
    keeper.track({ expiresAtMs: undefined, renewable: false });
    await settle();
    expect(clock.pending).toBe(0);
  });

  it('warns once, warnBeforeMs ahead, when renewal stops extending the token', async () => {
    const { clock, keeper, warnings } = setup({ renew: () => ({ expiresAtMs: 30_000, renewable: true }) });
    keeper.track({ expiresAtMs: 30_000, renewable: true });
    await settle();
    clock.advance(20_000);
    await until(() => clock.pending === 1);
    expect(warnings).toEqual([]);
    clock.advance(5_000);
    await until(() => warnings.length === 1);
    expect(warnings).toEqual([new Date(30_000).toISOString()]);
    expect(clock.pending).toBe(0);
  });

  it('logs in again instead of warning when it can', async () => {
    const { clock, keeper, calls, warnings } = setup({ relogin: true, failRenew: [new KeyholeError('UNAUTHENTICATED')] });
    keeper.track({ expiresAtMs: 30_000, renewable: true });
    await settle();
    clock.advance(20_000);
    await until(() => calls.length === 1 && clock.pending === 1);
    clock.advance(6_667);
    await until(() => calls.length === 2);
    expect(calls).toEqual(['renew@20000', 'relogin@26667']);
    expect(keeper.lifetime).toEqual({ expiresAtMs: 26_667 + 30_000, renewable: true });
    expect(warnings).toEqual([]);
    keeper.stop();
  });

  it('retries a transient failure soon, without waiting another two thirds', async () => {
    const { clock, keeper, calls } = setup({ failRenew: [new KeyholeError('UNAVAILABLE')] });
    keeper.track({ expiresAtMs: 30_000, renewable: true });
    await settle();
    clock.advance(20_000);
    await until(() => calls.length === 1 && clock.pending === 1);
    clock.advance(10_000 / 3);
    await until(() => calls.length === 2);
    expect(keeper.lifetime.expiresAtMs).toBeGreaterThan(50_000);
    keeper.stop();
  });

  it('warns when transient failures eat into the last minutes, and stops on stop()', async () => {
    const failures = Array.from({ length: 10 }, () => new KeyholeError('UNAVAILABLE'));
    const { clock, keeper, warnings } = setup({ failRenew: failures });
    keeper.track({ expiresAtMs: 6_000, renewable: true });
    await settle();
    clock.advance(4_000);
    await until(() => warnings.length === 1);
    keeper.stop();
    await settle();
    expect(clock.pending).toBe(0);
  });
});
