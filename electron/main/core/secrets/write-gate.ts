import type { Connection } from '../../../../shared/connections';
import { KeyholeError } from '../../../../shared/errors';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { StepUpGate } from '../mfa/step-up';
import type { SettingsStore } from '../store/settings-store';

export interface WriteGateDeps {
  audit: AuditLog;
  settings: SettingsStore;
  mfa: StepUpGate;
}

/**
 * The one gate in front of a change to a secret: a read-only connection refuses it, and a
 * protected path (or stepUpEverywhere) needs a current step-up. A refusal is audited first.
 */
export async function requireWritable(
  deps: WriteGateDeps,
  target: { connection: Connection; protectedPath: boolean },
  fields: AuditFields,
  name: string,
): Promise<void> {
  if (target.connection.readOnly) {
    await deps.audit.record({ ...fields, outcome: 'refused', code: 'READ_ONLY' });
    throw new KeyholeError('READ_ONLY', { path: name });
  }
  await requireStepUp(deps, fields, name, target.protectedPath || deps.settings.get().stepUpEverywhere);
}

export async function requireStepUp(deps: WriteGateDeps, fields: AuditFields, name: string, needed: boolean): Promise<void> {
  if (needed && !deps.mfa.hasGrant()) {
    await deps.audit.record({ ...fields, outcome: 'refused', code: 'STEP_UP_REQUIRED' });
    throw new KeyholeError('STEP_UP_REQUIRED', { path: name });
  }
}
