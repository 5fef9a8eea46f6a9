import { isKeyholeError } from '../../../../../shared/errors';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports';

/**
 * Keeps a Vault token alive: renew-self at two thirds of its remaining TTL while renewal still
 * extends it; once it cannot (max TTL reached, not renewable), log in again where the connection
 * can (userpass, LDAP, AppRole), or else warn `warnBeforeMs` before it runs out. Timers are the
 * Clock's sleeps, cancelled by stop().
 */
export interface TokenLifetime {
  /** undefined: the token never expires (root, or a token without TTL). */
  expiresAtMs: number | undefined;
  renewable: boolean;
}

export interface TokenKeeperOptions {
  clock: Clock;
  logger: Logger;
  renew: (signal: AbortSignal) => Promise<TokenLifetime>;
  relogin?: (signal: AbortSignal) => Promise<TokenLifetime>;
  onExpiring?: (expiresAt: string) => void;
  warnBeforeMs: number;
}

const PERMANENT = ['UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_INPUT', 'UNSUPPORTED'];
const MAX_RETRY_WAIT_MS = 30_000;
/** A renewal that moves expiry by less than this no longer extends the token. */
const MIN_EXTENSION_MS = 1000;

export class TokenKeeper {
  private controller: AbortController | undefined;
  private current: TokenLifetime = { expiresAtMs: undefined, renewable: false };

  constructor(private readonly options: TokenKeeperOptions) {}

  get lifetime(): TokenLifetime {
    return this.current;
  }

  /** Starts keeping a freshly obtained token (replacing whatever was kept before). */
  track(lifetime: TokenLifetime): void {
    this.stop();
    this.current = lifetime;
    const controller = new AbortController();
    this.controller = controller;
    this.run(controller.signal).catch(() => undefined);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { clock } = this.options;
    let warned = false;
    let retrying = false;
    const warn = (expiresAtMs: number) => {
      if (warned) return;
      warned = true;
      this.options.logger.log('warn', 'vault.token_expiring', { operation: 'token' });
      this.options.onExpiring?.(new Date(expiresAtMs).toISOString());
    };
    while (!signal.aborted) {
      const { expiresAtMs, renewable } = this.current;
      if (expiresAtMs === undefined) return;
      const step = renewable ? this.options.renew : this.options.relogin;
      if (!step) {
        await clock.sleep(Math.max(0, expiresAtMs - this.options.warnBeforeMs - clock.now()), signal);
        warn(expiresAtMs);
        return;
      }
      if (!retrying) await clock.sleep(Math.max(0, ((expiresAtMs - clock.now()) * 2) / 3), signal);
      retrying = false;
      try {
        const next = await step(signal);
        const extended = next.expiresAtMs === undefined || next.expiresAtMs >= expiresAtMs + MIN_EXTENSION_MS;
        // After a re-login the new token starts over, renewable or not, and may warn again.
        if (!renewable) warned = false;
        this.current = { expiresAtMs: next.expiresAtMs, renewable: next.renewable && (extended || !renewable) };
      } catch (error) {
        if (signal.aborted) return;
        const permanent = isKeyholeError(error) && PERMANENT.includes(error.code);
        if (permanent && renewable) {
          this.current = { expiresAtMs, renewable: false };
          continue;
        }
        const left = expiresAtMs - clock.now();
        if (permanent || left <= this.options.warnBeforeMs) warn(expiresAtMs);
        if (permanent || left <= 0) return;
        this.options.logger.log('info', 'vault.token_refresh_retry', { operation: 'token', code: isKeyholeError(error) ? error.code : 'INTERNAL' });
        await clock.sleep(Math.min(left / 3, MAX_RETRY_WAIT_MS), signal);
        retrying = true;
      }
    }
  }
}
