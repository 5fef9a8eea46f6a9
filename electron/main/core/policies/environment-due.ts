import type { Environment } from '../../../../shared/connections';
import type { SecretMetadata, SecretSummary } from '../../../../shared/domain';
import { isKeyholeError, KeyholeError } from '../../../../shared/errors';
import type { DueItem } from '../../../../shared/ipc/channels/policies';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';
import { listAll } from '../providers/list-all';
import type { Clock } from '../ports';
import type { Provider } from '../providers/provider';
import { dueAtOf, effectiveOf, lastRotatedOf, stateOf, type KeyholeIntervals, type SecretFacts } from './due';
import { ENVIRONMENT_NAME, type PolicyRow } from './policy-store';
import { rotatedAt } from './rotation-facts';

/**
 * Metadata reads in flight while filling what a names-only listing lacks (Vault). The guard's
 * per-connection limiter (16) still bounds everything the connection does; Vault has no default
 * rate limit, and only Vault listings need filling.
 */
const FILL_CONCURRENCY = 16;

export interface EnvironmentDue {
  items: DueItem[];
  /** Covered secrets whose last rotation could not be read. */
  unknown: number;
}

/** What bears on rotation in a list row or a secret's metadata. */
export function factsOf(kind: Provider['kind'], secret: SecretSummary | SecretMetadata): SecretFacts {
  const versions = 'versions' in secret ? secret.versions : undefined;
  const currentCreated = versions?.find((v) => v.current)?.createdAt;
  // An Azure list row carries its current version's attributes: its creation is the value's last change.
  const rowChange = kind === 'azure' && versions === undefined ? (secret.createdAt ?? secret.updatedAt) : (secret.updatedAt ?? secret.createdAt);
  return {
    kind,
    ...(secret.rotation !== undefined ? { rotation: secret.rotation } : {}),
    ...(secret.expiresAt !== undefined ? { expiresAt: secret.expiresAt } : {}),
    ...((currentCreated ?? rowChange) !== undefined ? { lastChange: currentCreated ?? rowChange } : {}),
  };
}

/** Each secret's newest completed Keyhole rotation. */
function rotatedByName(views: readonly RotationView[]): Map<string, string> {
  const newest = new Map<string, string>();
  for (const view of views) {
    const at = rotatedAt(view);
    if (at === undefined) continue;
    const known = newest.get(view.name);
    if (known === undefined || Date.parse(at) > Date.parse(known)) newest.set(view.name, at);
  }
  return newest;
}

/**
 * One environment's covered secrets with when each is due. Lists through the provider (the same
 * listing the inventory streams, with the guard's limiter), then reads the metadata of the covered
 * secrets whose row lacks a date to count from (Vault's names-only listing), a bounded number at a
 * time. A secret whose metadata cannot be read counts as unknown; cancellation stops everything.
 */
export async function environmentDue(input: {
  environment: Environment;
  provider: Provider;
  policies: readonly PolicyRow[];
  rotations: readonly RotationView[];
  clock: Clock;
  nowMs: number;
  signal: AbortSignal;
}): Promise<EnvironmentDue> {
  const { environment, provider, clock, signal } = input;
  const summaries = await listAll(provider, clock, signal);
  let environmentInterval: number | undefined;
  const secretIntervals = new Map<string, number>();
  for (const policy of input.policies) {
    if (policy.name === ENVIRONMENT_NAME) environmentInterval = policy.intervalDays;
    else secretIntervals.set(policy.name, policy.intervalDays);
  }
  const rotated = rotatedByName(input.rotations);
  const intervals = (name: string): KeyholeIntervals => ({ secret: secretIntervals.get(name), environment: environmentInterval });

  const ready: Array<{ name: string; facts: SecretFacts }> = [];
  const toFill: string[] = [];
  for (const summary of summaries) {
    if (summary.deleted === true) continue;
    const facts = factsOf(provider.kind, summary);
    const effective = effectiveOf(facts, intervals(summary.name));
    if (effective === null) continue;
    const known = effective.fixedDueAt !== undefined || lastRotatedOf(rotated.get(summary.name), facts) !== undefined;
    if (known || summary.metadataComplete) ready.push({ name: summary.name, facts });
    else toFill.push(summary.name);
  }

  let unknown = 0;
  const filled = await fillMetadata(provider, toFill, signal);
  for (const [name, metadata] of filled) {
    if (metadata === 'gone' || (metadata !== 'failed' && metadata.deleted === true)) continue;
    if (metadata === 'failed') unknown += 1;
    else ready.push({ name, facts: factsOf(provider.kind, metadata) });
  }

  const items: DueItem[] = [];
  for (const { name, facts } of ready) {
    const effective = effectiveOf(facts, intervals(name));
    if (effective === null) continue;
    const last = lastRotatedOf(rotated.get(name), facts);
    const dueAt = dueAtOf(effective, last);
    if (dueAt === undefined) {
      unknown += 1;
      continue;
    }
    items.push({
      environmentId: environment.id,
      name,
      source: effective.source,
      ...(effective.intervalDays !== undefined ? { intervalDays: effective.intervalDays } : {}),
      ...(effective.schedule !== undefined ? { schedule: effective.schedule } : {}),
      ...(last !== undefined ? { lastRotatedAt: last.at, lastFrom: last.from } : {}),
      dueAt,
      state: stateOf(dueAt, input.nowMs),
    });
  }
  return { items, unknown };
}

type Filled = SecretMetadata | 'gone' | 'failed';

/** Metadata of each name, FILL_CONCURRENCY at a time; a name that fails keeps its failure. */
async function fillMetadata(provider: Provider, names: readonly string[], signal: AbortSignal): Promise<Map<string, Filled>> {
  const out = new Map<string, Filled>();
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++] as string;
      if (signal.aborted) throw new KeyholeError('CANCELLED');
      try {
        out.set(name, await provider.metadata(name, { signal }));
      } catch (error) {
        if (signal.aborted || (isKeyholeError(error) && error.code === 'CANCELLED')) throw new KeyholeError('CANCELLED');
        // Deleted between the listing and the read: no longer a secret to rotate.
        out.set(name, isKeyholeError(error) && (error.code === 'NOT_FOUND' || error.code === 'DELETED') ? 'gone' : 'failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FILL_CONCURRENCY, names.length) }, worker));
  return out;
}
