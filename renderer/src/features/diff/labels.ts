import type { DiffRow, PromoteItem, PromotionSummary } from '../../../../shared/ipc/channels/diff';
import type { BadgeTone } from '../../ui/Badge';

export interface SideNames {
  a: string;
  b: string;
}

export function statusLabel(status: DiffRow['status'], names: SideNames): string {
  switch (status) {
    case 'only-a':
      return `only in ${names.a}`;
    case 'only-b':
      return `only in ${names.b}`;
    default:
      return status;
  }
}

export const STATUS_TONES: Record<DiffRow['status'], BadgeTone> = {
  same: 'neutral',
  different: 'warn',
  'only-a': 'accent',
  'only-b': 'accent',
  unreadable: 'danger',
};

export const FIELD_TONES: Record<DiffRow['fields'][number]['status'], BadgeTone> = {
  same: 'neutral',
  different: 'warn',
  'only-a': 'accent',
  'only-b': 'accent',
};

export const OUTCOME_TONES: Record<PromoteItem['outcome'], BadgeTone> = {
  written: 'ok',
  'would-write': 'accent',
  unchanged: 'neutral',
  conflict: 'warn',
  failed: 'danger',
};

export function fieldName(field: string): string {
  return field === '' ? '(value)' : field;
}

/** "2 of 4 fields differ", "password differs", "value differs". */
export function fieldsSummary(row: DiffRow, names: SideNames): string {
  const differing = row.fields.filter((f) => f.status !== 'same');
  if (row.status === 'only-a' || row.status === 'only-b') return `${row.fields.length} field${row.fields.length === 1 ? '' : 's'}`;
  if (row.status === 'unreadable') return row.unreadable.map((u) => `${u.side === 'a' ? names.a : names.b}: ${u.code}`).join(', ');
  if (differing.length === 0) return '';
  return differing
    .map((f) => `${fieldName(f.field)}${f.status === 'different' ? '' : f.status === 'only-a' ? ` (${names.a} only)` : ` (${names.b} only)`}`)
    .join(', ');
}

/** "Sandbox Vault / staging → production"; both connections named when they differ. */
export function promotionRoute(promotion: Pick<PromotionSummary, 'from' | 'target'>): string {
  const name = (side: PromotionSummary['from'], withConnection: boolean) =>
    side.environmentName === null
      ? 'a removed environment'
      : withConnection
        ? `${side.connectionName ?? ''} / ${side.environmentName}`
        : side.environmentName;
  const same = promotion.from.connectionName !== null && promotion.from.connectionName === promotion.target.connectionName;
  return `${name(promotion.from, true)} → ${name(promotion.target, !same)}`;
}

/** Where a promotion went: "Sandbox Vault / production". */
export function promotionTarget(promotion: Pick<PromotionSummary, 'target'>): string {
  const { connectionName, environmentName } = promotion.target;
  return environmentName === null ? 'a removed environment' : `${connectionName ?? ''} / ${environmentName}`;
}
