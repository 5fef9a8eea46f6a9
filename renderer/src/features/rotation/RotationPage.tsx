import { useEffect } from 'react';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';
import { rotationById, useRotation } from '../../stores/rotation';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { shortTime } from '../../ui/format';
import { BulkEntry } from './bulk/BulkEntry';
import { BulkRuns } from './bulk/BulkRuns';
import { kindText } from './native-text';
import { NativeRunbook } from './NativeRunbook';
import { PlanForm } from './PlanForm';
import { Runbook } from './Runbook';
import './rotation.css';

export const STATUS: Record<RotationView['status'], { label: string; tone: BadgeTone }> = {
  running: { label: 'running', tone: 'accent' },
  'awaiting-confirmation': { label: 'waiting for you', tone: 'warn' },
  interrupted: { label: 'interrupted', tone: 'danger' },
  failed: { label: 'failed', tone: 'danger' },
  'rolled-back': { label: 'rolled back', tone: 'neutral' },
  completed: { label: 'completed', tone: 'ok' },
  cancelled: { label: 'cancelled', tone: 'neutral' },
};

/** Rotations: a plan form, the runbook of the selected rotation, and a banner for any a restart left behind. */
export function RotationPage() {
  const rotations = useRotation((s) => s.rotations);
  const selectedId = useRotation((s) => s.selectedId);
  const planning = useRotation((s) => s.planning);
  const error = useRotation((s) => s.error);
  useEffect(() => void useRotation.getState().load(), []);
  useFollowNative(rotations);
  const selected = rotationById(rotations, selectedId);
  // Unfinished rotations stay on top after a restart: cut off mid-step, or waiting for a confirmation.
  // A native rotation is followed in main (AWS runs it): its runbook has its own ways out.
  const unfinished = rotations.filter((r) => r.kind !== 'aws-native' && (r.status === 'interrupted' || r.status === 'awaiting-confirmation'));

  return (
    <div className="rotation-page">
      {unfinished.map((rotation) => (
        <ResumeBanner key={rotation.id} rotation={rotation} />
      ))}
      <BulkRuns />
      <div className="rotation-layout">
        <aside className="rotation-list" aria-label="Rotations">
          <button type="button" className="button button-primary" onClick={() => useRotation.getState().plan(true)}>
            New rotation
          </button>
          <BulkEntry />
          <ul>
            {rotations.map((rotation) => (
              <li key={rotation.id}>
                <button
                  type="button"
                  className={`rotation-item${rotation.id === selectedId && !planning ? ' selected' : ''}`}
                  aria-current={rotation.id === selectedId && !planning ? 'true' : undefined}
                  onClick={() => useRotation.getState().select(rotation.id)}
                >
                  <span className="rotation-item-name">
                    <span className="mono">{rotation.name}</span>
                    {rotation.kind === 'aws-native' && <span className="muted small">{kindText(rotation)}</span>}
                  </span>
                  <Badge tone={STATUS[rotation.status].tone}>{STATUS[rotation.status].label}</Badge>
                </button>
              </li>
            ))}
          </ul>
          {rotations.length === 0 && <p className="muted">No rotation yet.</p>}
        </aside>
        {/* Focusable: a long runbook scrolls this pane, and a keyboard must be able to scroll it too. */}
        <section className="rotation-main" tabIndex={0} aria-label="Rotation detail">
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {planning || selected === undefined ? (
            <PlanForm />
          ) : selected.native ? (
            <NativeRunbook rotation={{ ...selected, native: selected.native }} />
          ) : (
            <Runbook rotation={selected} />
          )}
        </section>
      </div>
    </div>
  );
}

/** How often a running native rotation is read again: main follows AWS, the page only mirrors it. */
const POLL_MS = 1000;

/** Keeps every running native rotation current (the list's badges too), about once a second while the window shows. */
function useFollowNative(rotations: readonly RotationView[]) {
  const running = rotations
    .filter((r) => r.kind === 'aws-native' && r.status === 'running')
    .map((r) => r.id)
    .join(' ');
  useEffect(() => {
    if (running === '') return;
    const timer = setInterval(() => {
      // A hidden window reads nothing; the first tick once it shows catches up.
      if (document.hidden) return;
      for (const id of running.split(' ')) void useRotation.getState().refresh(id);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running]);
}

function ResumeBanner({ rotation }: { rotation: RotationView }) {
  const busy = useRotation((s) => s.busy);
  const interrupted = rotation.status === 'interrupted';
  const stopped = rotation.steps.find((s) => s.status === 'running') ?? rotation.steps.find((s) => s.status !== 'done');
  return (
    <div className={`rotation-banner${interrupted ? ' interrupted' : ''}`} role={interrupted ? 'alert' : 'status'}>
      {interrupted ? (
        <p>
          The rotation of <strong className="mono">{rotation.name}</strong> was cut off at <strong>{stopped?.name ?? '?'}</strong> when Keyhole last
          stopped. Every step before it is recorded; resuming runs {stopped?.name ?? 'it'} again from its last durable state
          {rotation.steps.some((s) => s.status === 'undone' || s.status === 'failed') ? ' and finishes undoing the rotation' : ''}.
        </p>
      ) : (
        <p>
          The rotation of <strong className="mono">{rotation.name}</strong> is waiting for you to confirm <strong>{rotation.awaiting}</strong> (since{' '}
          {shortTime(rotation.updatedAt)}). No other rotation of this secret can start until it ends.
        </p>
      )}
      <div className="rotation-banner-actions">
        <button type="button" className="button" onClick={() => useRotation.getState().select(rotation.id)}>
          Show runbook
        </button>
        {interrupted && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void useRotation.getState().resume(rotation.id)}>
            Resume
          </button>
        )}
        <button type="button" className="button button-danger" disabled={busy} onClick={() => void useRotation.getState().abort(rotation.id)}>
          Undo and abort
        </button>
      </div>
    </div>
  );
}
