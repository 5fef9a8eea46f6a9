import type { BulkView } from '../../../../../shared/ipc/channels/rotation';
import type { BadgeTone } from '../../../ui/Badge';

type ItemStatus = BulkView['items'][number]['status'];

export const BULK_STATUS: Record<BulkView['status'], { label: string; tone: BadgeTone }> = {
  running: { label: 'running', tone: 'accent' },
  completed: { label: 'completed', tone: 'ok' },
  stopped: { label: 'stopped', tone: 'danger' },
  cancelled: { label: 'cancelled', tone: 'neutral' },
  interrupted: { label: 'interrupted', tone: 'danger' },
};

export const ITEM_STATUS: Record<ItemStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: 'pending', tone: 'neutral' },
  running: { label: 'running', tone: 'accent' },
  completed: { label: 'completed', tone: 'ok' },
  failed: { label: 'failed', tone: 'danger' },
  skipped: { label: 'skipped', tone: 'neutral' },
  cancelled: { label: 'cancelled', tone: 'neutral' },
};

/** A bulk that ran every item but some failed is not the same green as a clean one. */
export function bulkStatus(bulk: BulkView): { label: string; tone: BadgeTone } {
  const failed = bulk.items.filter((i) => i.status === 'failed').length;
  if (bulk.status === 'completed' && failed > 0) return { label: `completed, ${failed} failed`, tone: 'warn' };
  return BULK_STATUS[bulk.status];
}

const count = (bulk: BulkView, status: ItemStatus) => bulk.items.filter((i) => i.status === status).length;

/**
 * Where a bulk stands in one line: "Rotating 2 of 3: 1 completed" while it runs, then
 * "1 completed, failed at app/b, 1 skipped".
 */
export function bulkSummary(bulk: BulkView): string {
  const completed = count(bulk, 'completed');
  const failed = bulk.items.filter((i) => i.status === 'failed');
  const parts = [`${completed} completed`];
  if (failed.length === 1) parts.push(`failed at ${failed[0]?.name ?? '?'}`);
  else if (failed.length > 1) parts.push(`${failed.length} failed`);
  for (const status of ['skipped', 'cancelled', 'pending'] as const) {
    const n = count(bulk, status);
    if (n > 0) parts.push(`${n} ${status === 'pending' ? 'not started' : status}`);
  }
  if (bulk.status === 'running') {
    const running = bulk.items.findIndex((i) => i.status === 'running');
    const at = running >= 0 ? running + 1 : completed + failed.length + 1;
    return `Rotating ${Math.min(at, bulk.items.length)} of ${bulk.items.length}: ${parts.filter((p) => !p.endsWith('not started')).join(', ')}`;
  }
  return parts.join(', ');
}
