import { EmptyState } from '../../ui/EmptyState';
import { DiffIcon, HistoryIcon, RotationIcon } from '../../ui/icons';

const PLANNED = {
  diff: {
    title: 'Compare environments',
    icon: <DiffIcon />,
    what: 'Diff will compare two environments — staging against production, or one provider against another — and show which secrets are missing, extra, or different. Values are compared inside Keyhole’s main process by keyed fingerprints; this window only ever receives a status per secret, never a value.',
  },
  history: {
    title: 'Version history',
    icon: <HistoryIcon />,
    what: 'History will list every version of a secret with who changed it and when, show what changed between two versions, and roll a bad change back with check-and-set (Vault), staging labels (AWS) or a verified re-write (Azure).',
  },
  rotation: {
    title: 'Rotate credentials',
    icon: <RotationIcon />,
    what: 'Rotation will walk a credential through generate, stage, verify and promote, so the old value keeps working until the new one is proven, and every step lands in the audit log.',
  },
} as const;

/** Honest placeholders: what the page will do, and that it is not in this build. No sample data. */
export function NotYetPage({ page }: { page: keyof typeof PLANNED }) {
  const planned = PLANNED[page];
  return (
    <div className="page-pad">
      <EmptyState title={planned.title} icon={planned.icon}>
        <p>{planned.what}</p>
        <p className="muted">Not available yet in this build.</p>
      </EmptyState>
    </div>
  );
}
