import type { RotationHistoryEntry } from '../../../../shared/ipc/channels/policies';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';

const MAX_SUMMARY = 300;

/**
 * When a completed rotation made its new value current (guided: its promote step; AWS: its
 * finishSecret step), else when it finished. Undefined when it did not complete or made nothing
 * current (an AWS run with RotateImmediately off only tests the configuration).
 */
export function rotatedAt(view: RotationView): string | undefined {
  if (view.status !== 'completed' || view.native?.immediately === false) return undefined;
  const current = view.steps.find((step) => step.name === (view.kind === 'guided' ? 'promote' : 'finishSecret'));
  return current?.at ?? view.updatedAt;
}

/** The newest instant any of these rotations made a value current. */
export function newestRotatedAt(views: Iterable<RotationView>): string | undefined {
  let newest: string | undefined;
  let newestMs = -Infinity;
  for (const view of views) {
    const at = rotatedAt(view);
    const ms = at === undefined ? NaN : Date.parse(at);
    if (ms > newestMs) {
      newest = at;
      newestMs = ms;
    }
  }
  return newest;
}

/** One line of a secret's rotation history: what happened, never a value. */
export function historyEntry(view: RotationView, actor: string | undefined): RotationHistoryEntry {
  const version = view.kind === 'aws-native' && rotatedAt(view) !== undefined ? view.native?.version : undefined;
  return {
    at: rotatedAt(view) ?? view.updatedAt,
    kind: view.kind,
    outcome: view.status,
    rotationId: view.id,
    ...(view.bulkId !== undefined ? { bulkId: view.bulkId } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(actor !== undefined ? { actor } : {}),
    summary: oneLine(summaryOf(view)),
  };
}

function summaryOf(view: RotationView): string {
  const what = view.kind === 'aws-native' ? 'AWS rotation' : `Guided rotation of ${view.field ?? 'the value'} (${targetWords(view)})`;
  switch (view.status) {
    case 'completed':
      return view.native?.immediately === false
        ? 'AWS rotation configuration tested (RotateImmediately off): no new value made current'
        : `${what} completed`;
    case 'failed':
    case 'rolled-back': {
      const ended = view.status === 'rolled-back' ? 'rolled back' : 'failed';
      // A guided rotation's error already names its failed step and what undoing it did.
      if (view.kind === 'guided' && view.error !== undefined) return `${what} ${ended}: ${view.error.message}`;
      const failed = view.native?.failedStep ?? view.steps.find((step) => step.status === 'failed')?.name;
      const uncertain = view.native?.failedStepUncertain === true ? ' (setSecret or testSecret: the log could not tell)' : '';
      const step = failed !== undefined ? `: ${failed} failed${uncertain}` : '';
      return `${what} ${ended}${step}${view.error !== undefined ? `. ${view.error.message}` : ''}`;
    }
    case 'awaiting-confirmation':
      return `${what}: waiting for confirmation of ${view.awaiting ?? 'the next step'}`;
    case 'interrupted':
      return `${what}: interrupted, to resume or abort`;
    case 'cancelled':
      return `${what}: cancelled${view.native?.leftBehind !== undefined ? `. ${view.native.leftBehind}` : ''}`;
    case 'running':
      return `${what}: running`;
  }
}

function targetWords(view: RotationView): string {
  if (view.target === 'postgres') return `PostgreSQL ${view.strategy === 'alternating' ? 'alternating users' : 'single user'}`;
  return view.target === 'none' ? 'checklist' : 'AWS rotation function';
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 1)}…` : flat;
}
