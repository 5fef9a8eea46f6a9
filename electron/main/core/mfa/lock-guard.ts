import { KeyholeError } from '../../../../shared/errors';
import type { Handlers } from '../../../../shared/ipc/bind';
import type { Contract } from '../../../../shared/ipc/channel';
import type { AuditLog } from '../audit/audit-log';

/** What a locked Keyhole still answers: enough to show the lock screen and unlock. */
export const OPEN_WHILE_LOCKED: ReadonlySet<string> = new Set(['app:info', 'settings:get', 'mfa:status', 'app:unlock', 'app:lock', 'app:activity']);

export interface LockState {
  lockIfIdle(): Promise<void>;
  isLocked(): boolean;
}

/**
 * The one place the lock is enforced: every other channel first lets an overdue idle timeout
 * lock the app, then refuses with LOCKED (audited as refused) while it is locked.
 */
export function guardWhileLocked<C extends Contract>(handlers: Handlers<C>, lock: LockState, audit: AuditLog): Handlers<C> {
  const guarded: Record<string, Handlers<C>[keyof C]> = {};
  for (const channel of Object.keys(handlers) as Array<keyof C & string>) {
    const handler = handlers[channel];
    guarded[channel] = OPEN_WHILE_LOCKED.has(channel)
      ? handler
      : ((async (input, context) => {
          await lock.lockIfIdle();
          if (lock.isLocked()) {
            // A refusal stands even when it cannot be recorded.
            await audit.record({ action: 'app.locked_refusal', outcome: 'refused', code: 'LOCKED', details: { channel } }).catch(() => undefined);
            throw new KeyholeError('LOCKED');
          }
          return handler(input, context);
        }) as Handlers<C>[keyof C]);
  }
  return guarded as Handlers<C>;
}
