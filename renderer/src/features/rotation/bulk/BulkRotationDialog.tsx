import { useState } from 'react';
import { explain } from '../../../errors';
import { useBulkRotation } from '../../../stores/bulk-rotation';
import { useConnections } from '../../../stores/connections';
import { useMfa } from '../../../stores/mfa';
import { useNav } from '../../../stores/nav';
import { Badge } from '../../../ui/Badge';
import { Dialog } from '../../../ui/Dialog';
import { CheckField, TextField } from '../../../ui/fields';
import { plural } from '../../../ui/format';
import { withStepUp } from '../../mfa/with-step-up';
import { TemplateFields } from './TemplateFields';
import { checklistItems, willHappen, INITIAL_DRAFT, templateProblem, toTemplate, type TemplateDraft } from './template-draft';
import './bulk.css';

export interface BulkRotationDialogProps {
  items: Array<{ environmentId: string; name: string }>;
  onClose(): void;
}

/** A few names, then how many more. */
const names = (items: readonly { name: string }[]) =>
  items.length <= 4
    ? items.map((i) => i.name).join(', ')
    : `${items
        .slice(0, 3)
        .map((i) => i.name)
        .join(', ')} and ${items.length - 3} more`;

/** rotation:bulkStart takes at most this many items. */
const MAX_ITEMS = 500;

const key = (item: { environmentId: string; name: string }) => `${item.environmentId}\u0000${item.name}`;

/**
 * One template for many secrets: the items (removable), the template, whether to go on after a
 * failure, the checklist ticked once, the reason, and a statement of exactly what will happen. One
 * fresh code covers every protected item. Starting opens the run view on the Rotation page.
 */
export function BulkRotationDialog({ items: initial, onClose }: BulkRotationDialogProps) {
  const { connections, environments } = useConnections();
  const [items, setItems] = useState(() => initial.filter((item, index) => initial.findIndex((i) => key(i) === key(item)) === index));
  const [draft, setDraft] = useState<TemplateDraft>(INITIAL_DRAFT);
  const [continueOnFailure, setContinueOnFailure] = useState(false);
  const [ticked, setTicked] = useState<boolean[]>([]);
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  /** Main said a fresh code is needed where the environments alone did not tell (a covering protected environment). */
  const [codeAsked, setCodeAsked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const environmentOf = (id: string) => environments.find((e) => e.id === id);
  const connectionOf = (id: string) => connections.find((c) => c.id === environmentOf(id)?.connectionId);
  const where = (id: string) => `${connectionOf(id)?.name ?? '?'} / ${environmentOf(id)?.name ?? '?'}`;
  const environmentOptions = environments.map((e) => ({ value: e.id, label: where(e.id) }));
  const awsOnly = items.length > 0 && items.every((item) => connectionOf(item.environmentId)?.config.kind === 'aws');
  const effective: TemplateDraft = {
    ...draft,
    method: awsOnly ? draft.method : 'guided',
    adminEnvironmentId: draft.adminEnvironmentId || (environments[0]?.id ?? ''),
  };
  const template = toTemplate(effective);
  const checklist = template.kind === 'guided' && template.target.kind === 'none' ? checklistItems(effective) : [];
  const allTicked = checklist.every((_, index) => ticked[index] === true);
  const protectedItems = items.filter((item) => environmentOf(item.environmentId)?.protected === true);
  const readOnly = items.filter((item) => connectionOf(item.environmentId)?.readOnly === true);
  const needsCode = protectedItems.length > 0 || codeAsked;
  const mfaOff = useMfa((m) => m.status?.enrolled === false);
  /** The first thing that keeps the bulk from starting, in words; null when it can start. */
  const problem = ((): string | null => {
    if (items.length === 0) return 'No secret left to rotate.';
    if (items.length > MAX_ITEMS) return `At most ${MAX_ITEMS} secrets a bulk: remove ${items.length - MAX_ITEMS}.`;
    if (readOnly.length > 0)
      return `${names(readOnly)} ${readOnly.length === 1 ? 'is' : 'are'} on a read-only connection: remove ${readOnly.length === 1 ? 'it' : 'them'}.`;
    if (needsCode && mfaOff) return 'Protected secrets need two-factor authentication: turn it on in Settings, or remove them.';
    const template = templateProblem(effective);
    if (template !== null) return template;
    if (!allTicked) return 'Tick each checklist item.';
    if (needsCode && code.trim() === '') return 'Enter a fresh code for the protected secrets.';
    return null;
  })();

  const start = async () => {
    setBusy(true);
    setError(null);
    const request = {
      items,
      template,
      continueOnFailure,
      // A checklist target takes its ticks even when the list is empty.
      ...(template.kind === 'guided' && template.target.kind === 'none' ? { checklist: checklist.map((_, index) => ticked[index] === true) } : {}),
      ...(needsCode ? { code } : {}),
    };
    const answer = await withStepUp((given) => useBulkRotation.getState().start({ ...request, ...(given ? { reason: given } : {}) }), {
      purpose: `Rotate ${plural(items.length, 'secret')}`,
      reason,
    });
    setCode('');
    setBusy(false);
    if (answer.ok) {
      useNav.getState().go('rotation');
      onClose();
      return;
    }
    if (answer.error === null) return;
    if (answer.error.code === 'MFA_CODE_REQUIRED') setCodeAsked(true);
    setError(explain(answer.error));
  };

  return (
    <Dialog
      title={`Bulk rotation of ${plural(items.length, 'secret')}`}
      onClose={onClose}
      size="large"
      description={
        template.kind === 'guided'
          ? 'Each secret is rotated as a rotation of its own, one after another, unattended: starting confirms every apply and promote.'
          : 'Each secret is rotated by its own AWS rotation function, one after another; Keyhole follows each to its end.'
      }
    >
      <form
        className="bulk-dialog"
        aria-label="Bulk rotation"
        onSubmit={(event) => {
          event.preventDefault();
          if (problem === null && !busy) void start();
        }}
      >
        <section className="bulk-items" aria-label="Secrets to rotate">
          <table className="table compact">
            <thead>
              <tr>
                <th>Secret</th>
                <th>Environment</th>
                <th>
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={key(item)}>
                  <td className="mono">{item.name}</td>
                  <td>
                    {where(item.environmentId)} {environmentOf(item.environmentId)?.protected && <Badge tone="warn">protected</Badge>}
                  </td>
                  <td className="bulk-remove">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Remove ${item.name}`}
                      onClick={() => setItems(items.filter((i) => key(i) !== key(item)))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <div className="bulk-columns">
          <TemplateFields
            draft={effective}
            onChange={(next) => {
              if (next.checklist !== draft.checklist) setTicked([]);
              setDraft(next);
            }}
            awsOnly={awsOnly}
            environmentOptions={environmentOptions}
            checklistTicks={
              checklist.length > 0 && (
                <fieldset className="bulk-ticks">
                  <legend>Tick each item once: it stands for every secret</legend>
                  {checklist.map((item, index) => (
                    <CheckField
                      key={`${index}-${item}`}
                      label={item}
                      checked={ticked[index] === true}
                      onChange={(checked) => setTicked(checklist.map((_, i) => (i === index ? checked : ticked[i] === true)))}
                    />
                  ))}
                </fieldset>
              )
            }
          />
          <fieldset className="bulk-fieldset">
            <legend>Run</legend>
            <CheckField
              label="Continue after a failure"
              checked={continueOnFailure}
              onChange={setContinueOnFailure}
              hint={`Off: the bulk stops at the first failure and skips the rest.${template.kind === 'guided' ? ' A failed rotation is undone either way.' : ''}`}
            />
            <TextField label="Reason (audited)" value={reason} onChange={setReason} />
            {needsCode && (
              <TextField
                label={`A fresh code from your authenticator (covers ${plural(Math.max(protectedItems.length, 1), 'protected secret')})`}
                value={code}
                onChange={setCode}
                secret
                mono
              />
            )}
          </fieldset>
        </div>
        <div className="bulk-footer">
          <div className="bulk-statement" role="note" aria-label="What will happen">
            <p>
              <strong>{plural(items.length, 'secret')}</strong> {willHappen(template, continueOnFailure)}
            </p>
            <p>
              {protectedItems.length === 0
                ? codeAsked
                  ? 'One of them is covered by a protected environment: one fresh code covers every protected secret.'
                  : 'None is in a protected environment.'
                : `${plural(protectedItems.length, 'secret')} ${protectedItems.length === 1 ? 'is' : 'are'} protected (${names(protectedItems)}): one fresh code covers ${protectedItems.length === 1 ? 'it' : 'them all'}.`}
            </p>
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            {problem && <span className="muted">{problem}</span>}
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy || problem !== null}>
              {busy ? 'Starting…' : `Rotate ${plural(items.length, 'secret')}`}
            </button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
