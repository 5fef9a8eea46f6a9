import { ROTATION_STEPS, type RotationPlan } from '../../../../shared/ipc/channels/rotation';
import type { StepState } from './rotation-store';

/** A plan as stored: a manually entered value is escrowed, never kept in the plan. */
export type StoredPlan = Omit<RotationPlan, 'generator'> & {
  generator: Exclude<RotationPlan['generator'], { kind: 'manual' }> | { kind: 'manual' };
};

export function storedPlan(plan: RotationPlan): StoredPlan {
  return plan.generator.kind === 'manual' ? { ...plan, generator: { kind: 'manual' } } : (plan as StoredPlan);
}

/** What each step will do, said before it runs (the runbook). */
export function plannedSteps(plan: StoredPlan, providerKind: string): StepState[] {
  const field = plan.field === undefined ? 'the value' : `field "${plan.field}"`;
  const generator =
    plan.generator.kind === 'random' ? `a random ${plan.generator.policy.length}-character value for ${field}` : `the value you entered for ${field}`;
  const target = plan.target;
  const apply =
    target.kind === 'none'
      ? 'Nothing to change in a system: you tick the checklist before promote.'
      : target.strategy === 'single'
        ? `ALTER ROLE the secret's own role on PostgreSQL to the new password, sent as a SCRAM-SHA-256 verifier (${target.connectWith.source === 'admin' ? 'connected as the admin secret' : "connected with the secret's own fields"}).`
        : `Give the other of roles ${(target.roles ?? []).join(' / ')} the new password as a SCRAM-SHA-256 verifier; the current role keeps working (${target.connectWith.source === 'admin' ? 'connected as the admin secret' : 'connected as the current role, which needs CREATEROLE'}).`;
  const validators =
    plan.validators.length === 0
      ? 'No validator: nothing is checked before promote.'
      : plan.validators
          .map((v) =>
            v.kind === 'postgres-login' ? 'log in to PostgreSQL with the new credential' : `request ${v.url} with the new value in ${v.header}`,
          )
          .join('; ') + '.';
  const stage =
    providerKind === 'aws'
      ? 'Check that no other AWSPENDING label is left, then PutSecretValue the new value under AWSPENDING only (AWSCURRENT unchanged).'
      : 'Hold the new value as ciphertext in Keyhole (key in the keychain); it is not current anywhere yet.';
  const texts: Record<(typeof ROTATION_STEPS)[number], string> = {
    generate: `Read the current version and make ${generator}; escrow it before any use.`,
    stage,
    apply,
    validate: validators.charAt(0).toUpperCase() + validators.slice(1),
    promote: 'Write the new value as the current version (only if the version read at generate is still current).',
    verify: 'Read the current version back and compare fingerprints with the escrowed value; check that the target still accepts it.',
    finish: 'Drop the escrow; the old value stays as the previous version.',
  };
  return ROTATION_STEPS.map((name) => ({ name, status: 'pending', plan: texts[name] }));
}
