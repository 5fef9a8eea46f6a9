import type { AuditFields } from '../audit/audit-log';

/** The gate every protected operation asks (MfaService implements it). */
export interface StepUpGate {
  /** True while a step-up grant is current (never while locked). */
  hasGrant(): boolean;
}

/** Where the audit event of a fresh-code check says it was for. */
export type FreshCodeContext = Omit<AuditFields, 'action' | 'details' | 'reason'> & { operation: string };

/**
 * Destroy, promote into a protected environment and rotation promote need a fresh code even
 * inside a grant: the code is verified now (replay and lockout rules apply) and audited with the
 * operation it was for. Throws MFA_CODE_REQUIRED without one, MFA_CODE_REJECTED / MFA_CODE_REUSED /
 * MFA_LOCKED_OUT / MFA_NOT_ENROLLED otherwise.
 */
export interface FreshCodeGate {
  requireFreshCode(code: string | undefined, context: FreshCodeContext): Promise<void>;
}
