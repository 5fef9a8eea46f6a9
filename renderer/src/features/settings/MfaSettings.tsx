import { lockNow, useMfa } from '../../stores/mfa';
import { plural } from '../../ui/format';
import { useCoreNow } from '../mfa/core-clock';
import { remaining } from '../mfa/mfa-text';
import { NewRecoveryCodesDialog } from '../mfa/NewRecoveryCodesDialog';
import { ProtectionStatement } from '../mfa/ProtectionStatement';
import { TurnOffDialog } from '../mfa/TurnOffDialog';

/** Settings → Two-factor authentication: what it is for, enrollment, recovery codes, turning it off, the grant and the lock. */
export function MfaSettings() {
  const status = useMfa((s) => s.status);
  const enrolled = status?.enrolled === true;
  const setEnrollOpen = useMfa((s) => s.setEnrollOpen);
  const open = useMfa((s) => s.settingsDialog);
  const setOpen = useMfa((s) => s.setSettingsDialog);
  return (
    <section className="settings-group" aria-labelledby="settings-mfa">
      <h2 id="settings-mfa">Two-factor authentication</h2>
      <ProtectionStatement />
      <div className="setting-row">
        <div className="setting-text">
          <span className="setting-label">Authenticator</span>
          <p className="muted">
            {enrolled
              ? `On, with ${plural(status.recoveryCodesRemaining, 'recovery code')} left. Keyhole starts locked, and locks itself when idle.`
              : 'Off. Reveals, copies and changes in protected environments, and weakening settings, are refused until it is on.'}
          </p>
        </div>
        <div className="setting-control setting-buttons">
          <button type="button" className={enrolled ? 'button' : 'button button-primary'} onClick={() => setEnrollOpen(true)}>
            {enrolled ? 'Set up a new authenticator' : 'Set up two-factor authentication'}
          </button>
          {enrolled && (
            <button type="button" className="button" onClick={() => setOpen('off')}>
              Turn off two-factor…
            </button>
          )}
        </div>
      </div>
      {enrolled && (
        <div className="setting-row">
          <div className="setting-text">
            <span className="setting-label">Recovery codes</span>
            <p className="muted">Each one unlocks Keyhole once if you lose your authenticator. New ones replace them all, used or not.</p>
          </div>
          <div className="setting-control setting-buttons">
            <button type="button" className="button" onClick={() => setOpen('codes')}>
              New recovery codes…
            </button>
          </div>
        </div>
      )}
      {open === 'codes' && <NewRecoveryCodesDialog onClose={() => setOpen(null)} />}
      {open === 'off' && <TurnOffDialog onClose={() => setOpen(null)} />}
      {enrolled && (
        <div className="setting-row">
          <div className="setting-text">
            <span className="setting-label">Step-up</span>
            <p className="muted">
              {status.grantExpiresAt ? <GrantLeft until={status.grantExpiresAt} /> : 'None active. Keyhole asks for a code when something needs one.'}
            </p>
          </div>
          <div className="setting-control setting-buttons">
            {!status.grantExpiresAt && (
              <button
                type="button"
                className="button"
                onClick={() =>
                  void useMfa.getState().requestStepUp({ purpose: 'Start a step-up now, for the next protected reveal, copy or change.' })
                }
              >
                Step up now
              </button>
            )}
            <button type="button" className="button" onClick={lockNow}>
              Lock now
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function GrantLeft({ until }: { until: string }) {
  const now = useCoreNow();
  return <>Active for {remaining(Date.parse(until) - now)} more.</>;
}
