import { useState } from 'react';
import type { AuditExportFormat } from '../../../../shared/audit';
import { useAudit } from '../../stores/audit';
import { plural } from '../../ui/format';
import { JobProgress } from './JobProgress';

const FORMATS: { format: AuditExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'jsonl', label: 'JSON Lines' },
];

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Exports exactly the filtered rows, with progress and Cancel, then names the files and their SHA-256s. */
export function ExportPanel() {
  const total = useAudit((s) => s.histogram?.total ?? null);
  const exporting = useAudit((s) => s.exporting);
  const error = useAudit((s) => s.exportError);
  const start = useAudit((s) => s.startExport);
  const cancel = useAudit((s) => s.cancelExport);
  const dismiss = useAudit((s) => s.dismissExport);
  const [formats, setFormats] = useState<Set<AuditExportFormat>>(new Set(['csv', 'jsonl']));
  const state = exporting?.result ? 'done' : (exporting?.job?.state ?? (exporting ? 'running' : 'idle'));
  const toggle = (format: AuditExportFormat, on: boolean) => {
    const nextFormats = new Set(formats);
    if (on) nextFormats.add(format);
    else nextFormats.delete(format);
    setFormats(nextFormats);
  };

  return (
    <section className="audit-card" aria-labelledby="export-heading">
      <div className="audit-card-head">
        <h2 id="export-heading">Export</h2>
        {FORMATS.map(({ format, label }) => (
          <label key={format} className="inline-check">
            <input
              type="checkbox"
              checked={formats.has(format)}
              onChange={(event) => toggle(format, event.target.checked)}
              disabled={state === 'running'}
            />
            {label}
          </label>
        ))}
        <button
          type="button"
          className="button button-small button-primary"
          disabled={formats.size === 0 || state === 'running' || total === 0}
          onClick={() => void start(FORMATS.map((f) => f.format).filter((f) => formats.has(f)))}
        >
          {total === null ? 'Export' : `Export ${plural(total, 'event')}`}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {state === 'idle' && (
          <p className="muted small">Exactly the rows the filters select, with each row’s hashes, into Keyhole’s data folder under exports/.</p>
        )}
        {state === 'running' && (
          <div className="export-running">
            <JobProgress job={exporting?.job ?? null} label="Exporting audit events" />
            <button type="button" className="button button-small" onClick={() => void cancel()}>
              Cancel
            </button>
          </div>
        )}
        {state === 'cancelled' && <p className="muted">Export cancelled; its partial files were deleted.</p>}
        {exporting?.result && (
          <div className="export-result">
            <p>
              <strong>Exported {plural(exporting.result.rows, 'row')}</strong> into <code>&lt;data&gt;/exports/</code> (the exports folder in
              Keyhole’s data folder):
            </p>
            <ul>
              {exporting.result.files.map((file) => (
                <li key={file.name}>
                  <code className="wrap">{file.name}</code> <span className="muted">· {size(file.bytes)}</span>
                  <br />
                  <span className="muted small">SHA-256</span> <code className="wrap sha">{file.sha256}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          The export failed: {error}
        </p>
      )}
      {(state === 'done' || state === 'cancelled' || error) && (
        <button type="button" className="link-button small" onClick={dismiss}>
          Dismiss
        </button>
      )}
    </section>
  );
}
