import { explain } from '../../errors';
import { useMfa } from '../../stores/mfa';
import { withStepUp } from '../mfa/with-step-up';

/**
 * Saves a connection or environment change. Main refuses a protected change (PROTECTED_CHANGE)
 * without a step-up grant: with two-factor set up the step-up dialog opens and the save is tried
 * once more; without it the refusal says how to get there.
 */
export async function saveProtected<T>(save: () => Promise<T>, purpose: string): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  const result = await withStepUp(save, { purpose }, { dialog: useMfa.getState().status?.enrolled === true });
  if (result.ok) return { ok: true, value: result.value };
  return { ok: false, message: result.error === null ? 'Not saved: the step-up was cancelled.' : explain(result.error) };
}
