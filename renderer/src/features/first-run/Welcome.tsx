import { useEffect, useState } from 'react';
import { useConnections } from '../../stores/connections';
import { useNav } from '../../stores/nav';
import { BoxIcon, ConnectionsIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';

/** First run: no connections yet. Offer the sandbox (no account needed) or a real connection. */
export function Welcome() {
  const sandbox = useConnections((s) => s.sandbox);
  const openSandbox = useConnections((s) => s.openSandbox);
  const setAddOpen = useConnections((s) => s.setAddOpen);
  const go = useNav((s) => s.go);
  const opening = sandbox.state === 'opening';

  return (
    <div className="welcome">
      <div className="welcome-inner">
        <h2 className="welcome-title">Welcome to Keyhole</h2>
        <p className="welcome-lead">
          Keyhole shows the secrets you keep in HashiCorp Vault, AWS Secrets Manager and Azure Key Vault side by side — what exists where, what
          differs between staging and production, and who looked at what. There are no connections yet.
        </p>
        <div className="welcome-choices">
          <section className="choice" aria-labelledby="choice-sandbox">
            <div className="choice-icon">
              <BoxIcon size={20} />
            </div>
            <h3 id="choice-sandbox">Try it on the sandbox</h3>
            <p>
              Local Vault, AWS and Azure servers on this machine, seeded with synthetic staging and production secrets. No account or network needed.
            </p>
            <button type="button" className="button button-primary" onClick={() => void openSandbox()} disabled={opening} data-autofocus>
              {opening ? 'Opening the sandbox…' : 'Open the sandbox'}
            </button>
          </section>
          <section className="choice" aria-labelledby="choice-connect">
            <div className="choice-icon">
              <ConnectionsIcon />
            </div>
            <h3 id="choice-connect">Connect your own</h3>
            <p>
              A Vault address and auth method, AWS keys or a profile, or an Azure tenant. Credentials go to the OS keychain, never to this window
              again.
            </p>
            <button
              type="button"
              className="button"
              onClick={() => {
                setAddOpen(true);
                go('connections');
              }}
            >
              Add a connection
            </button>
          </section>
        </div>
        <SandboxProgress />
      </div>
    </div>
  );
}

function SandboxProgress() {
  const sandbox = useConnections((s) => s.sandbox);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (sandbox.state !== 'opening') return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [sandbox.state]);

  if (sandbox.state === 'opening') {
    const seconds = Math.max(0, Math.floor((now - sandbox.startedAt) / 1000));
    return (
      <div className="welcome-progress" role="status">
        <Spinner />
        <span>Starting the sandbox servers and seeding staging and production… {seconds > 0 ? `${seconds}s` : ''}</span>
        <div className="progress-bar" role="progressbar" aria-label="Opening the sandbox" />
      </div>
    );
  }
  if (sandbox.state === 'failed') {
    return (
      <p className="form-error" role="alert">
        The sandbox could not be opened: {sandbox.message}
      </p>
    );
  }
  return null;
}
