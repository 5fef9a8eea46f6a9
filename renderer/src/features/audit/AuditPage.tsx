import { useEffect } from 'react';
import { useAudit } from '../../stores/audit';
import { RefreshIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { AuditChart } from './AuditChart';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { BurstList } from './BurstList';
import { ExportPanel } from './ExportPanel';
import { activeCount } from './filter-form';
import { SecretTrail } from './SecretTrail';
import { VerifyPanel } from './VerifyPanel';
import './audit.css';

/** The audit log: chain verification, export, filters, a chart, failure bursts and the events. */
export function AuditPage() {
  const load = useAudit((s) => s.load);
  const rows = useAudit((s) => s.rows);
  const loading = useAudit((s) => s.loading);
  const error = useAudit((s) => s.error);
  const histogram = useAudit((s) => s.histogram);
  const bursts = useAudit((s) => s.bursts);
  const filtered = useAudit((s) => activeCount(s.form) > 0);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page-pad audit-page">
      <div className="audit-top">
        <VerifyPanel />
        <ExportPanel />
      </div>
      <SecretTrail />
      <AuditFilters />
      <div className="audit-summary">
        {histogram && histogram.total > 0 && <AuditChart histogram={histogram} />}
        <BurstList bursts={bursts} />
      </div>
      <div className="audit-table-head">
        <p className="muted small" role="status">
          {loading && rows.length === 0 ? (
            <>
              <Spinner /> Reading the audit log…
            </>
          ) : histogram ? (
            `${histogram.total.toLocaleString()} ${filtered ? 'matching ' : ''}events, newest first${rows.length < histogram.total ? ` (${rows.length.toLocaleString()} loaded; more load as you scroll)` : ''}. Each is chained to the one before by SHA-256.`
          ) : (
            ''
          )}
        </p>
        <button type="button" className="button button-small" onClick={() => void load()} disabled={loading}>
          <RefreshIcon /> Refresh
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          The audit log could not be read: {error}
        </p>
      )}
      {!loading && rows.length === 0 && !error && <p className="muted">{filtered ? 'No events match these filters.' : 'No events yet.'}</p>}
      {rows.length > 0 && <AuditTable caption={filtered ? 'Filtered audit events' : 'Recent audit events'} />}
    </div>
  );
}
