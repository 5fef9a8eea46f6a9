import { explain } from '../../errors';
import { useNotices } from '../../stores/notices';
import { withStepUp } from '../mfa/with-step-up';

const CONCURRENT =
  'Another version appeared around this write (someone else wrote at the same time): check the history to see which value is current.';

/** Azure's verify-after: the adapter saw a version besides ours appear around the write. */
function concurrentChange(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { concurrentChangeDetected?: unknown }).concurrentChangeDetected === true;
}

/**
 * Runs a write on the History page: through the step-up where main asks for one, then a notice.
 * Answers null when it was done, else the sentence to show in the dialog (nothing was written).
 */
export async function runWrite(
  purpose: string,
  attempt: (reason: string | undefined) => Promise<unknown>,
  reason: string | undefined,
  done: string,
): Promise<string | null> {
  const result = await withStepUp(attempt, { purpose, askReason: true, reason });
  if (result.ok) {
    const warning = concurrentChange(result.value);
    useNotices.getState().push(warning ? 'warning' : 'info', warning ? `${done} ${CONCURRENT}` : done);
    return null;
  }
  if (result.error === null) return 'The step-up was cancelled; nothing was written.';
  if (result.error.code === 'CONFLICT')
    return 'The secret changed after this view loaded, so nothing was written. The history below now shows its fresh state: check it and try again.';
  if (result.error.code === 'READ_ONLY') return 'This connection is read-only; nothing was written.';
  return explain(result.error);
}
