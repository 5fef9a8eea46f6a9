import type { AwsRotationStep } from '../../../../shared/domain';
import type { NativeInfo, NativeRotationView, RotationView } from '../../../../shared/ipc/channels/rotation';

/** A version id shortened for a label or a button: ids are UUIDs, the first block tells them apart. */
export function shortVersion(version: string): string {
  return version.length > 13 ? `${version.slice(0, 8)}…` : version;
}

/** The rotation schedule in words: "every 30 days", or the schedule expression as AWS holds it. */
export function scheduleText(info: Pick<NativeInfo, 'rulesDays' | 'schedule'>): string {
  if (info.schedule) return info.schedule;
  if (info.rulesDays !== undefined) return info.rulesDays === 1 ? 'every day' : `every ${info.rulesDays} days`;
  return 'no schedule';
}

/** What a rotation is, for the rotations list and the runbook's head. */
export function kindText(rotation: Pick<RotationView, 'kind' | 'target' | 'strategy' | 'native'>): string {
  if (rotation.kind === 'aws-native') return rotation.native?.immediately === false ? 'AWS rotation function, test' : 'AWS rotation function';
  if (rotation.target === 'postgres') return `PostgreSQL, ${rotation.strategy === 'alternating' ? 'alternating users' : 'single user'}`;
  return 'checklist';
}

/** Where a native rotation failed (or, still running, is stuck), honest when the log could not tell setSecret from testSecret. */
export function failedText(
  native: Pick<NativeRotationView, 'failedStep' | 'failedStepUncertain' | 'logRead'>,
  status: RotationView['status'] = 'failed',
): string | null {
  if (!native.failedStep) return null;
  const where =
    native.failedStepUncertain && (native.failedStep === 'setSecret' || native.failedStep === 'testSecret')
      ? 'setSecret or testSecret'
      : native.failedStep;
  const source = native.logRead ? "from the rotation function's log" : "from the labels (the function's log could not be read)";
  const uncertain = native.failedStepUncertain ? ': both leave the labels as they are, and nothing tells them apart' : '';
  return `${status === 'running' ? 'It is stuck at' : 'The rotation failed at'} ${where}, ${source}${uncertain}.`;
}

/** The other step of the pair when the log could not tell setSecret from testSecret. */
export function maybeFailed(native: Pick<NativeRotationView, 'failedStep' | 'failedStepUncertain'>, step: AwsRotationStep): boolean {
  if (!native.failedStepUncertain) return false;
  const pair: readonly AwsRotationStep[] = ['setSecret', 'testSecret'];
  return pair.includes(step) && pair.includes(native.failedStep ?? 'createSecret') && step !== native.failedStep;
}

/** A rotation Keyhole can still cancel: AWS is (or may be) running the function. */
export function cancellable(rotation: Pick<RotationView, 'kind' | 'status'>): boolean {
  return rotation.kind === 'aws-native' && rotation.status === 'running';
}
