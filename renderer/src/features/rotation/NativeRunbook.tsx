import { useState } from 'react';
import { AWS_ROTATION_STEPS } from '../../../../shared/domain';
import type { NativeRotationView, RotationView } from '../../../../shared/ipc/channels/rotation';
import { useRotation } from '../../stores/rotation';
import { Badge } from '../../ui/Badge';
import { TextField } from '../../ui/fields';
import { shortTime } from '../../ui/format';
import { cancellable, failedText, kindText, maybeFailed, shortVersion } from './native-text';
import { PendingCleanup } from './PendingCleanup';
import { STATUS } from './RotationPage';
import { STEP_TONE } from './step-tone';

/**
 * An AWS rotation function's run (RotateSecret), as main follows it through the labels and the
 * function's log: the four steps, where it failed (honest when the log cannot tell), what it left,
 * a stall, and the ways out (cancel, remove the pending label).
 */
export function NativeRunbook({ rotation }: { rotation: RotationView & { native: NativeRotationView } }) {
  const { native } = rotation;
  const running = rotation.status === 'running';
  const stalled = running && native.stalled;
  const failed = failedText(native, rotation.status);
  // The error already names the step; the extra line is for what it cannot say (a guess between two steps, no log).
  const honest = failed !== null && (native.failedStepUncertain === true || !native.logRead);
  const steps = AWS_ROTATION_STEPS.map((name) => rotation.steps.find((s) => s.name === name) ?? { name, status: 'pending' as const, plan: '' });

  return (
    <div className="runbook">
      <header className="runbook-head">
        <h2 className="mono">{rotation.name}</h2>
        <Badge tone={STATUS[rotation.status].tone}>{STATUS[rotation.status].label}</Badge>
        {stalled && <Badge tone="warn">stalled</Badge>}
        {rotation.protected && <Badge tone="warn">protected</Badge>}
        <span className="muted">{kindText(rotation)}</span>
      </header>
      <dl className="facts runbook-facts">
        <dt>{native.immediately ? 'New version' : 'Test version'}</dt>
        <dd className="mono">{native.version}</dd>
        {native.lambdaArn && (
          <>
            <dt>Rotation function</dt>
            <dd className="mono">{native.lambdaArn}</dd>
          </>
        )}
        <dt>Started</dt>
        <dd>{shortTime(rotation.createdAt, true)}</dd>
        {!native.logRead && (
          <>
            <dt>Function log</dt>
            <dd>not readable: the steps are followed through the labels only</dd>
          </>
        )}
      </dl>
      {!native.immediately && (
        <p className="muted">
          A test of the rotation: AWS runs the function on a pending version and removes it again; the current value does not change.
        </p>
      )}
      {stalled ? (
        <div className="runbook-notice" role="status">
          <p>
            <strong>Stalled.</strong> {rotation.error?.message}
          </p>
          {honest && <p>{failed}</p>}
          <p className="muted">
            The function may hang until its timeout; Secrets Manager keeps the rotation open and refuses any other meanwhile. Cancel it to stop and
            remove the pending label.
          </p>
        </div>
      ) : (
        rotation.error && (
          <div className={rotation.status === 'failed' ? 'runbook-failed' : 'runbook-notice'} role="status">
            <p>
              {rotation.status === 'cancelled' && <strong>Before the cancel: </strong>}
              {rotation.error.message}
            </p>
            {honest && <p>{failed}</p>}
          </div>
        )
      )}
      {native.leftBehind && (
        <div className="runbook-left" role="note" aria-label="What it left behind">
          <strong>What it left behind</strong>
          <p>{native.leftBehind}</p>
        </div>
      )}
      {rotation.status === 'cancelled' && native.automaticRotation === false && (
        <div className="runbook-notice" role="note" aria-label="Automatic rotation">
          <p>
            <strong>Automatic rotation is off.</strong> Secrets Manager will not rotate this secret on its schedule until rotation is turned on again
            in AWS (RotateSecret with its rotation rules), once the function is fixed.
          </p>
        </div>
      )}
      {cancellable(rotation) && <CancelNative rotation={rotation} />}
      {native.pendingVersion && !running && (
        <PendingCleanup
          key={native.pendingVersion}
          secret={{ environmentId: rotation.environmentId, name: rotation.name }}
          version={native.pendingVersion}
          protectedPath={rotation.protected}
          label="Remove pending label"
          onCleaned={() => void useRotation.getState().refresh(rotation.id)}
        >
          <p>
            AWSPENDING is still on version <span className="mono">{shortVersion(native.pendingVersion)}</span>. Secrets Manager refuses every later
            rotation of this secret until the label is removed; the version itself stays.
          </p>
        </PendingCleanup>
      )}
      <ol className="runbook-steps" aria-label="AWS rotation steps">
        {steps.map((step) => {
          const maybe = maybeFailed(native, step.name as (typeof AWS_ROTATION_STEPS)[number]);
          return (
            <li key={step.name} className={`runbook-step step-${step.status}${maybe ? ' step-maybe' : ''}`}>
              <div className="runbook-step-head">
                <strong>{step.name}</strong>
                <Badge tone={STEP_TONE[step.status]}>{step.status}</Badge>
                {maybe && <Badge tone="warn">{running ? 'or stuck here' : 'or failed here'}</Badge>}
                {step.at && <span className="muted">{shortTime(step.at, true)}</span>}
              </div>
              {step.plan && (
                <p>
                  <span className="runbook-label">Will</span> {step.plan}
                </p>
              )}
              {step.result && (
                <p>
                  <span className="runbook-label">Did</span> {step.result}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function CancelNative({ rotation }: { rotation: RotationView }) {
  const busy = useRotation((s) => s.busy);
  const codeAsked = useRotation((s) => s.errorCode === 'MFA_CODE_REQUIRED');
  const [code, setCode] = useState('');
  const needsCode = rotation.protected || codeAsked;
  return (
    <form
      className="runbook-cancel"
      aria-label="Cancel rotation"
      onSubmit={(event) => {
        event.preventDefault();
        void useRotation
          .getState()
          .cancelNative(rotation.id, needsCode ? code : '')
          .then(() => setCode(''));
      }}
    >
      <p>
        Cancelling calls CancelRotateSecret, which also turns automatic rotation off, then removes AWSPENDING from the new version. A function still
        running may change the database anyway: the runbook says what was left.
      </p>
      <div className="runbook-cancel-actions">
        {needsCode && <TextField label="A fresh code from your authenticator (protected path)" value={code} onChange={setCode} secret mono />}
        <button type="submit" className="button button-danger" disabled={busy || (needsCode && code.trim() === '')}>
          {busy ? 'Cancelling…' : 'Cancel rotation'}
        </button>
      </div>
    </form>
  );
}
