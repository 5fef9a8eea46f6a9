import { explain } from '../../errors';
import { useSecrets } from '../../stores/secrets';
import { withStepUp } from '../mfa/with-step-up';

export type EditOutcome<T> = { ok: true; value: T; reason: string | undefined } | { ok: false; message: string; conflict: boolean };

/**
 * Runs one write from an edit dialog: through the step-up where main asks for one (with the
 * operator's reason). Answers the value, or the sentence to show in the dialog (nothing was written).
 */
export async function runEdit<T>(purpose: string, attempt: (reason: string | undefined) => Promise<T>, reason?: string): Promise<EditOutcome<T>> {
  const result = await withStepUp(attempt, { purpose, askReason: true, reason });
  if (result.ok) return { ok: true, value: result.value, reason: result.reason };
  if (result.error === null) return { ok: false, message: 'The step-up was cancelled; nothing was written.', conflict: false };
  switch (result.error.code) {
    case 'CONFLICT':
      return {
        ok: false,
        conflict: true,
        message:
          'Someone changed this secret after the editor opened, so nothing was written. Its fresh state is shown: preview again to write over it.',
      };
    case 'READ_ONLY':
      return { ok: false, message: 'This connection is read-only; nothing was written.', conflict: false };
    case 'INVALID_NAME':
      return { ok: false, message: 'The name is not valid for this provider or this environment; nothing was created.', conflict: false };
    case 'VALUE_TOO_LARGE':
      return { ok: false, message: 'The value is larger than this provider accepts; nothing was written.', conflict: false };
    case 'VALUE_NOT_TEXT':
      return { ok: false, message: 'The value holds characters that are not text (such as NUL); nothing was written.', conflict: false };
    case 'INVALID_INPUT':
      return { ok: false, message: 'The input was not valid (check the JSON and the fields); nothing was written.', conflict: false };
    default:
      return { ok: false, message: explain(result.error), conflict: false };
  }
}

/** After a write: list the environment again and show the secret's fresh metadata. */
export function refreshAfterWrite(environmentId: string, name: string | null): void {
  const secrets = useSecrets.getState();
  if (secrets.environmentId !== environmentId) return;
  void secrets.reload(environmentId);
  if (name !== null) void secrets.selectSecret(name);
}
