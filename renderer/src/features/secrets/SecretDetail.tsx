import type { ReactNode } from 'react';
import type { SecretMetadata } from '../../../../shared/domain';
import { useSecrets } from '../../stores/secrets';
import { Badge } from '../../ui/Badge';
import { shortTime } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { EditButtons } from '../edit/EditButtons';
import { SecretRotation } from '../policies/SecretRotation';
import { ChangedNote, GoneNote, useTagsHeading } from './DetailNotes';
import { SecretValue } from './SecretValue';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

const yesNo = (value: boolean | undefined) => (value === undefined ? '—' : value ? 'yes' : 'no');

function Overview({ metadata }: { metadata: SecretMetadata }) {
  const rotation = metadata.rotation;
  return (
    <dl className="facts">
      <Field label="Provider ID">
        <span className="mono wrap">{metadata.providerId}</span>
      </Field>
      <Field label="Current version">
        <span className="mono">{metadata.currentVersion ?? '—'}</span>
      </Field>
      <Field label="Created">{shortTime(metadata.createdAt)}</Field>
      <Field label="Updated">{shortTime(metadata.updatedAt)}</Field>
      {metadata.enabled !== undefined && <Field label="Enabled">{yesNo(metadata.enabled)}</Field>}
      <Field label="Expires">{metadata.expiresAt !== undefined ? shortTime(metadata.expiresAt) : 'none'}</Field>
      {metadata.notBefore !== undefined && <Field label="Not before">{shortTime(metadata.notBefore)}</Field>}
      {metadata.contentType !== undefined && <Field label="Content type">{metadata.contentType}</Field>}
      {metadata.description !== undefined && <Field label="Description">{metadata.description}</Field>}
      {metadata.maxVersions !== undefined && (
        <Field label="Max versions">{metadata.maxVersions === 0 ? 'provider default' : metadata.maxVersions}</Field>
      )}
      {metadata.casRequired !== undefined && <Field label="Check-and-set">{metadata.casRequired ? 'required' : 'not required'}</Field>}
      {metadata.deleteVersionAfter !== undefined && <Field label="Delete versions after">{metadata.deleteVersionAfter}</Field>}
      {metadata.deletionDate !== undefined && <Field label="Deletion date">{shortTime(metadata.deletionDate)}</Field>}
      {metadata.recoverableDays !== undefined && <Field label="Recoverable for">{metadata.recoverableDays} days</Field>}
      {rotation !== undefined && (
        <Field label="Rotation">
          {rotation.enabled
            ? [
                rotation.rulesDays !== undefined ? `every ${rotation.rulesDays} days` : rotation.schedule,
                rotation.nextRotationAt ? `next ${shortTime(rotation.nextRotationAt)}` : null,
              ]
                .filter(Boolean)
                .join(' · ') || 'enabled'
            : 'off'}
          {rotation.lastRotatedAt && <span className="muted"> · last {shortTime(rotation.lastRotatedAt)}</span>}
        </Field>
      )}
    </dl>
  );
}

function Versions({ metadata }: { metadata: SecretMetadata }) {
  const versions = [...(metadata.versions ?? [])].reverse();
  if (versions.length === 0) return <p className="muted">The provider returned no version list with the metadata.</p>;
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Created</th>
          <th scope="col">Stages / state</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version) => (
          <tr key={version.id}>
            <td className="mono" title={version.id}>
              {version.id.length > 14 ? `${version.id.slice(0, 8)}…` : version.id}
            </td>
            <td className="nowrap">{shortTime(version.createdAt)}</td>
            <td>
              <span className="badges">
                {version.current && <Badge tone="accent">current</Badge>}
                {version.stages
                  ?.filter((stage) => !(version.current && stage === 'AWSCURRENT'))
                  .map((stage) => (
                    <Badge key={stage}>{stage}</Badge>
                  ))}
                {version.enabled === false && <Badge>disabled</Badge>}
                {version.destroyed ? <Badge tone="danger">destroyed</Badge> : version.deleted && <Badge tone="warn">deleted</Badge>}
                {version.expiresAt && <span className="muted">expires {shortTime(version.expiresAt)}</span>}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Tags({ tags }: { tags: Record<string, string> | undefined }) {
  const entries = Object.entries(tags ?? {});
  if (entries.length === 0) return <p className="muted">No tags.</p>;
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <td className="mono">{key}</td>
            <td className="mono wrap">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Metadata only: a value never reaches this pane (reveal is a later, audited, step-up-gated step). */
export function SecretDetail() {
  const detail = useSecrets((s) => s.detail);
  const close = useSecrets((s) => s.selectSecret);
  const tagsHeading = useTagsHeading(detail?.environmentId ?? '');
  if (!detail) return null;
  return (
    <aside className="secret-detail" aria-label="Secret details">
      <header className="detail-head">
        <h2 className="mono" title={detail.name}>
          {detail.name}
        </h2>
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            void import('../history/show-history').then(({ showHistory }) => showHistory({ environmentId: detail.environmentId, name: detail.name }))
          }
        >
          History
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            void import('../audit/show-secret-audit').then(({ showSecretAudit }) =>
              showSecretAudit({ environmentId: detail.environmentId, name: detail.name }),
            )
          }
        >
          Audit
        </button>
        <EditButtons environmentId={detail.environmentId} name={detail.name} />
        <button type="button" className="icon-button" aria-label="Close details" onClick={() => void close(null)}>
          <CloseIcon />
        </button>
      </header>
      <div className="detail-body">
        {detail.state === 'loading' && (
          <p className="muted" role="status">
            <Spinner /> Reading metadata…
          </p>
        )}
        {detail.state === 'failed' && (
          <p className="form-error" role="alert">
            {detail.error}
          </p>
        )}
        {detail.state === 'failed' && <GoneNote detail={detail} />}
        {detail.state === 'loaded' && (
          <>
            <div className="detail-badges">
              {detail.metadata.deleted && <Badge tone="warn">deleted</Badge>}
              {detail.metadata.enabled === false && <Badge>disabled</Badge>}
              <span className="muted">Metadata only — values are never listed.</span>
            </div>
            <ChangedNote detail={detail} />
            <SecretValue key={`${detail.environmentId}\n${detail.name}`} environmentId={detail.environmentId} name={detail.name} />
            <Overview metadata={detail.metadata} />
            <SecretRotation environmentId={detail.environmentId} name={detail.name} />
            <h3>Versions</h3>
            <Versions metadata={detail.metadata} />
            <h3>{tagsHeading}</h3>
            <Tags tags={detail.metadata.tags} />
          </>
        )}
      </div>
    </aside>
  );
}
