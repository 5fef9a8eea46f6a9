import type { NativeInfo } from '../../../../shared/ipc/channels/rotation';
import { relativeTime, shortTime } from '../../ui/format';
import { scheduleText } from './native-text';

function when(iso: string | undefined): string {
  return iso ? `${shortTime(iso)} (${relativeTime(iso)})` : '—';
}

/** The secret's AWS rotation configuration, as DescribeSecret reports it. */
export function NativeFacts({ info }: { info: NativeInfo }) {
  return (
    <dl className="facts rotation-native-facts">
      <dt>Rotation function</dt>
      <dd className="mono">{info.lambdaArn}</dd>
      <dt>Schedule</dt>
      <dd>
        {scheduleText(info)}
        {info.enabled ? '' : ' (automatic rotation is off)'}
      </dd>
      <dt>Last rotated</dt>
      <dd>{when(info.lastRotatedAt)}</dd>
      <dt>Next rotation</dt>
      <dd>{info.enabled ? when(info.nextRotationAt) : 'none while automatic rotation is off'}</dd>
    </dl>
  );
}
