import type { Environment } from '../../../../shared/connections';
import type { ConnectionView } from '../../../../shared/ipc/contract';
import type { DueItem, PolicySource, RotationHistoryEntry, SecretPolicy } from '../../../../shared/ipc/channels/policies';
import type { BadgeTone } from '../../ui/Badge';

export const SOURCE_LABELS: Record<PolicySource, string> = {
  aws: 'AWS rule',
  'keyhole-secret': 'Keyhole secret',
  'azure-expiry': 'Azure expiry',
  'keyhole-environment': 'Keyhole environment',
};

export const LAST_FROM_LABELS: Record<NonNullable<DueItem['lastFrom']>, string> = {
  keyhole: 'Keyhole',
  aws: 'AWS',
  'last-change': 'last change',
};

export const STATE_LABELS: Record<SecretPolicy['state'], string> = {
  overdue: 'overdue',
  'due-soon': 'due soon',
  ok: 'on schedule',
  'no-policy': 'no policy',
};

export const STATE_TONES: Record<SecretPolicy['state'], BadgeTone> = {
  overdue: 'danger',
  'due-soon': 'warn',
  ok: 'ok',
  'no-policy': 'neutral',
};

export const KIND_LABELS: Record<RotationHistoryEntry['kind'], string> = {
  guided: 'guided',
  'aws-native': 'AWS native',
  'aws-reported': 'AWS reported',
};

export const OUTCOME_TONES: Record<RotationHistoryEntry['outcome'], BadgeTone> = {
  running: 'accent',
  'awaiting-confirmation': 'accent',
  interrupted: 'warn',
  failed: 'danger',
  'rolled-back': 'warn',
  completed: 'ok',
  cancelled: 'neutral',
  reported: 'neutral',
};

/** "every 90 days", an AWS schedule expression as written, or "until it expires" for an expiry. */
export function intervalText(policy: { source: PolicySource; intervalDays?: number | undefined; schedule?: string | undefined }): string {
  if (policy.intervalDays !== undefined) return `every ${policy.intervalDays} ${policy.intervalDays === 1 ? 'day' : 'days'}`;
  if (policy.schedule !== undefined) return policy.schedule;
  return policy.source === 'azure-expiry' ? 'by its expiry' : '—';
}

const PROVIDER_NAMES: Record<string, string> = { vault: 'Vault', aws: 'AWS', azure: 'Azure' };

export interface EnvironmentLabel {
  /** "Sandbox Vault / staging" */
  name: string;
  provider: string;
  protected: boolean;
}

export function environmentLabel(environments: readonly Environment[], connections: readonly ConnectionView[], id: string): EnvironmentLabel {
  const environment = environments.find((e) => e.id === id);
  if (!environment) return { name: 'removed environment', provider: '', protected: false };
  const connection = connections.find((c) => c.id === environment.connectionId);
  return {
    name: `${connection?.name ?? 'removed connection'} / ${environment.name}`,
    provider: connection ? (PROVIDER_NAMES[connection.config.kind] ?? connection.config.kind) : '',
    protected: environment.protected,
  };
}
