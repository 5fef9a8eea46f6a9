import { AUDIT_VERIFICATION_STATEMENT } from '../../../../shared/audit';
import { useAudit } from '../../stores/audit';
import { shortTime } from '../../ui/format';
import { problemText, reportSummary } from './chain-text';
import { JobProgress } from './JobProgress';

/** The chain's state: the last verification, Verify now with progress, the first broken link, and what it all proves. */
export function VerifyPanel() {
  const verification = useAudit((s) => s.verification);
  const running = useAudit((s) => s.verifyJobId !== null);
  const job = useAudit((s) => s.verifyJob);
  const error = useAudit((s) => s.verifyError);
  const verify = useAudit((s) => s.verify);
  const report = verification?.report;
  const tone = !report ? 'unknown' : report.ok ? 'ok' : 'broken';

  return (
    <section className={`audit-card chain chain-${tone}`} aria-labelledby="chain-heading">
      <div className="audit-card-head">
        <h2 id="chain-heading">Chain</h2>
        <button type="button" className="button button-small" onClick={() => void verify()} disabled={running}>
          Verify now
        </button>
      </div>
      <div role="status" aria-live="polite">
        {running && <JobProgress job={job} label="Verifying the chain" />}
        {!running && report && (
          <p className="chain-result">
            <strong>{reportSummary(report)}</strong> <span className="muted">· checked {shortTime(verification.checkedAt, true)}</span>
          </p>
        )}
        {!running && !report && <p className="muted">Not verified since Keyhole started.</p>}
      </div>
      {report?.problem && (
        <p className="chain-problem" role="alert">
          First broken link: {problemText(report.problem)}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small">
        Tamper-evident, not tamper-proof: anyone running as your OS user can rewrite the log and its keychain entry together.
      </p>
      <details className="chain-statement">
        <summary>What verification proves, and what it does not</summary>
        <h3>It proves</h3>
        <ul>
          {AUDIT_VERIFICATION_STATEMENT.proves.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h3>It does not prove</h3>
        <ul>
          {AUDIT_VERIFICATION_STATEMENT.doesNotProve.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
