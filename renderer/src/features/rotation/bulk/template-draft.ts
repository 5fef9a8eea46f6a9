import type { BulkTemplate } from '../../../../../shared/ipc/channels/rotation';

export type Classes = { lower: boolean; upper: boolean; digits: boolean; symbols: boolean };

/** What the template form holds, as typed. */
export interface TemplateDraft {
  method: 'guided' | 'aws-native';
  /** AWS rotation function: rotate now, or only test the configuration. */
  immediately: boolean;
  field: string;
  length: string;
  classes: Classes;
  exclude: string;
  target: 'none' | 'postgres';
  /** One checklist item a line. */
  checklist: string;
  strategy: 'single' | 'alternating';
  connectWith: 'self' | 'admin';
  adminEnvironmentId: string;
  adminName: string;
  roleA: string;
  roleB: string;
  pgLogin: boolean;
  httpUrl: string;
  httpHeader: string;
  httpPrefix: string;
}

export const INITIAL_DRAFT: TemplateDraft = {
  method: 'guided',
  immediately: true,
  field: 'password',
  length: '32',
  classes: { lower: true, upper: true, digits: true, symbols: false },
  exclude: '',
  target: 'none',
  checklist: '',
  strategy: 'single',
  connectWith: 'self',
  adminEnvironmentId: '',
  adminName: '',
  roleA: '',
  roleB: '',
  pgLogin: true,
  httpUrl: '',
  httpHeader: 'Authorization',
  httpPrefix: 'Bearer ',
};

export function checklistItems(draft: TemplateDraft): string[] {
  return draft.checklist
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

export function lengthOk(draft: TemplateDraft): boolean {
  const length = Number(draft.length);
  return Number.isInteger(length) && length >= 12 && length <= 256;
}

/** The first thing that keeps the template from being sent, in words; null when it is ready. */
export function templateProblem(draft: TemplateDraft): string | null {
  if (draft.method === 'aws-native') return null;
  if (!lengthOk(draft)) return 'The length must be from 12 to 256.';
  if (!Object.values(draft.classes).some(Boolean)) return 'Choose one character class at least.';
  if (draft.target === 'none' && checklistItems(draft).length > 20) return 'A checklist has 20 items at most.';
  if (draft.target === 'postgres' && draft.connectWith === 'admin' && draft.adminName.trim() === '') return 'Name the admin secret.';
  if (draft.target === 'postgres' && draft.strategy === 'alternating') {
    const [a, b] = [draft.roleA.trim(), draft.roleB.trim()];
    if (a === '' || b === '' || a === b) return 'Name two different roles.';
  }
  return null;
}

export function toTemplate(draft: TemplateDraft): BulkTemplate {
  if (draft.method === 'aws-native') return { kind: 'aws-native', immediately: draft.immediately };
  const httpUrl = draft.httpUrl.trim();
  return {
    kind: 'guided',
    ...(draft.field.trim() ? { field: draft.field.trim() } : {}),
    generator: { kind: 'random', policy: { length: Number(draft.length), ...draft.classes, exclude: draft.exclude } },
    target:
      draft.target === 'none'
        ? { kind: 'none', checklist: checklistItems(draft) }
        : {
            kind: 'postgres',
            strategy: draft.strategy,
            connectWith:
              draft.connectWith === 'self'
                ? { source: 'self' }
                : { source: 'admin', secret: { environmentId: draft.adminEnvironmentId, name: draft.adminName.trim() } },
            ...(draft.strategy === 'alternating' ? { roles: [draft.roleA.trim(), draft.roleB.trim()] as [string, string] } : {}),
          },
    validators: [
      ...(draft.target === 'postgres' && draft.pgLogin ? [{ kind: 'postgres-login' as const }] : []),
      ...(httpUrl ? [{ kind: 'http' as const, url: httpUrl, header: draft.httpHeader.trim(), prefix: draft.httpPrefix }] : []),
    ],
  };
}

/**
 * What starting will do, in plain words, after the count of secrets: "will be rotated one after
 * another with a random 32-character value (lower, upper, digits) for field password; …".
 */
export function willHappen(template: BulkTemplate, continueOnFailure: boolean): string {
  const after = continueOnFailure
    ? template.kind === 'guided'
      ? 'A failure is undone and the bulk goes on with the next secret.'
      : 'After a failure the bulk goes on with the next secret.'
    : template.kind === 'guided'
      ? 'At the first failure that rotation is undone and the bulk stops: the secrets after it are skipped.'
      : 'At the first failure the bulk stops: the secrets after it are skipped.';
  if (template.kind === 'aws-native')
    return template.immediately
      ? `will be rotated one after another by their own AWS rotation function (RotateSecret, now). ${after}`
      : `will have their rotation function tested one after another (a pending version is made, tested and removed; nothing becomes current). ${after}`;
  const { policy } = template.generator;
  const classes = (['lower', 'upper', 'digits', 'symbols'] as const).filter((c) => policy[c]).join(', ');
  const where = template.field ? `field ${template.field}` : 'the whole value';
  const items = template.target.kind === 'none' ? template.target.checklist.length : 0;
  const target =
    template.target.kind === 'none'
      ? items > 0
        ? `a checklist of ${items === 1 ? '1 item' : `${items} items`} ticked once for all`
        : 'no target to change'
      : `PostgreSQL ${template.target.strategy === 'alternating' ? 'alternating users' : 'single user'}`;
  const validators = template.validators.map((v) => (v.kind === 'http' ? 'an HTTP check' : 'a PostgreSQL login')).join(' and ');
  return `will be rotated one after another with a random ${policy.length}-character value (${classes}) for ${where}; ${target}${
    validators ? `; validated by ${validators}` : ''
  }. ${after}`;
}
