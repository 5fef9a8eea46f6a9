/**
 * The gate every protected operation asks. Until TOTP enrollment exists (the MFA issue), no
 * grant can be had, so protected changes are refused with a clear message rather than allowed.
 */
export interface StepUpGate {
  /** True while a step-up grant is current. */
  hasGrant(): boolean;
}

export const noStepUpYet: StepUpGate = { hasGrant: () => false };
