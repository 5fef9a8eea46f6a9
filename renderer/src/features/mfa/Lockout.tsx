import type { ReactNode } from 'react';
import { useMfa } from '../../stores/mfa';
import { useCoreNow } from './core-clock';
import { lockoutText } from './mfa-text';

type Render = (lockout: string | null) => ReactNode;

/**
 * Gives `children` the lockout sentence while codes are refused, counting down by core's clock;
 * only then does anything tick or re-read mfa:status.
 */
export function WithLockout({ children }: { children: Render }) {
  const lockedOut = useMfa((s) => typeof s.status?.lockedOutUntil === 'string');
  return lockedOut ? <Counting>{children}</Counting> : children(null);
}

function Counting({ children }: { children: Render }) {
  const status = useMfa((s) => s.status);
  return children(lockoutText(status, useCoreNow()));
}

/** The lockout sentence, as a status line. */
export function LockoutNote({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="lockout-note" role="status">
      {text}
    </p>
  );
}
