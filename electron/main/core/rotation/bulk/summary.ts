import type { BulkTemplate } from '../../../../../shared/ipc/channels/rotation';

/** A bulk's template in plain words ("random 32 characters for password, PostgreSQL single user"). */
export function summarize(template: BulkTemplate): string {
  if (template.kind === 'aws-native')
    return template.immediately
      ? "AWS's own rotation function, rotating now"
      : "AWS's own rotation function, testing the configuration only (nothing becomes current)";
  const { policy } = template.generator;
  const classes = [policy.lower && 'lower', policy.upper && 'upper', policy.digits && 'digits', policy.symbols && 'symbols'].filter(Boolean);
  const parts = [`random ${policy.length} characters (${classes.join(', ')}) for ${template.field ?? 'the whole value'}`];
  const target = template.target;
  if (target.kind === 'none')
    parts.push(
      target.checklist.length === 0
        ? 'no system to change'
        : `checklist of ${target.checklist.length} item${target.checklist.length === 1 ? '' : 's'}`,
    );
  else {
    const how = target.strategy === 'single' ? 'PostgreSQL single user' : `PostgreSQL alternating users ${(target.roles ?? []).join(' / ')}`;
    parts.push(
      `${how}, connected ${target.connectWith.source === 'admin' ? `as ${target.connectWith.secret.name}` : "with each secret's own fields"}`,
    );
  }
  const validators = template.validators.map((v) => (v.kind === 'postgres-login' ? 'PostgreSQL login' : `HTTP check of ${new URL(v.url).host}`));
  parts.push(validators.length === 0 ? 'no validator' : `validated by ${validators.join(' and ')}`);
  return parts.join(', ');
}
