import type { StepStatus } from '../../../../shared/ipc/channels/rotation';
import type { BadgeTone } from '../../ui/Badge';

export const STEP_TONE: Record<StepStatus, BadgeTone> = {
  pending: 'neutral',
  running: 'accent',
  done: 'ok',
  failed: 'danger',
  undone: 'warn',
  skipped: 'neutral',
};
