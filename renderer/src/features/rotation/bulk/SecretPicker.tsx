import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useBulkRotation, type BulkItem } from '../../../stores/bulk-rotation';
import { useConnections } from '../../../stores/connections';
import { secretItems, useSecrets } from '../../../stores/secrets';
import { Dialog } from '../../../ui/Dialog';
import { SelectField, TextField } from '../../../ui/fields';
import { plural } from '../../../ui/format';
import { Spinner } from '../../../ui/Spinner';

/** The most a bulk takes (rotation:bulkStart) and the most rows the picker draws at once. */
const MAX_ITEMS = 500;

const key = (item: BulkItem) => `${item.environmentId}\u0000${item.name}`;

/** Up and Down move between the list's checkboxes (Space ticks, Tab leaves the list). */
function moveFocus(event: KeyboardEvent, list: HTMLElement | null): void {
  if ((event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || list === null) return;
  const boxes = [...list.querySelectorAll<HTMLInputElement>('input')];
  const at = boxes.indexOf(event.target as HTMLInputElement);
  if (at < 0) return;
  event.preventDefault();
  boxes[Math.max(0, Math.min(boxes.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
}

/** Choose an environment, filter its loaded inventory, tick secrets; then the bulk dialog. */
export function SecretPicker({ onClose }: { onClose(): void }) {
  const { connections, environments } = useConnections();
  const [chosen, setChosen] = useState('');
  const environmentId = chosen || (environments[0]?.id ?? '');
  const [filter, setFilter] = useState('');
  const list = useRef<HTMLUListElement>(null);
  const [picked, setPicked] = useState<Map<string, BulkItem>>(new Map());
  const load = useSecrets((s) => (environmentId ? s.loads[environmentId] : undefined));
  const revision = useSecrets((s) => s.revision);

  useEffect(() => {
    if (!environmentId) return;
    const state = useSecrets.getState().loads[environmentId]?.state;
    if (state === undefined || state === 'failed' || state === 'cancelled') void useSecrets.getState().reload(environmentId);
  }, [environmentId]);

  const matching = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const all = environmentId ? secretItems(environmentId) : [];
    return (needle ? all.filter((s) => s.name.toLowerCase().includes(needle)) : all).map((s) => s.name);
    // revision: the loaded items changed under the same environment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [environmentId, filter, revision]);
  const shown = matching.slice(0, MAX_ITEMS);
  const allShownPicked = shown.length > 0 && shown.every((name) => picked.has(key({ environmentId, name })));

  const toggle = (names: string[], on: boolean) => {
    const next = new Map(picked);
    for (const name of names) {
      const item = { environmentId, name };
      if (on) next.set(key(item), item);
      else next.delete(key(item));
    }
    setPicked(next);
  };
  const label = (id: string) => {
    const environment = environments.find((e) => e.id === id);
    return `${connections.find((c) => c.id === environment?.connectionId)?.name ?? '?'} / ${environment?.name ?? '?'}${environment?.protected ? ' (protected)' : ''}`;
  };
  const tooMany = picked.size > MAX_ITEMS;

  return (
    <Dialog
      title="Choose secrets to rotate"
      onClose={onClose}
      size="large"
      description="Tick secrets in one or more environments; the template comes next."
    >
      <form
        className="bulk-picker"
        aria-label="Choose secrets"
        onSubmit={(event) => {
          event.preventDefault();
          if (picked.size > 0 && !tooMany) useBulkRotation.getState().openDialog([...picked.values()]);
        }}
      >
        <div
          className="bulk-picker-bar"
          onKeyDown={(event) => {
            // Down from the filter goes into the list.
            if (event.key === 'ArrowDown' && event.target instanceof HTMLInputElement) {
              event.preventDefault();
              list.current?.querySelector<HTMLInputElement>('input')?.focus();
            }
          }}
        >
          <SelectField
            label="Environment"
            value={environmentId}
            onChange={setChosen}
            options={environments.map((e) => ({ value: e.id, label: label(e.id) }))}
          />
          <TextField label="Filter by name" value={filter} onChange={setFilter} mono autoFocus />
        </div>
        <div className="bulk-runs-head">
          <label>
            <input type="checkbox" checked={allShownPicked} disabled={shown.length === 0} onChange={(event) => toggle(shown, event.target.checked)} />{' '}
            Tick every one shown ({shown.length.toLocaleString('en-US')})
          </label>
          <span className="muted small bulk-picker-status" role="status">
            {load?.state === 'loading' ? (
              <>
                <Spinner /> Listing… {plural(load.count, 'secret')} so far
              </>
            ) : load?.error ? (
              load.error
            ) : matching.length > MAX_ITEMS ? (
              `${matching.length.toLocaleString('en-US')} match: the first ${MAX_ITEMS} are shown, filter to narrow`
            ) : (
              `${plural(matching.length, 'secret')} match`
            )}
          </span>
          <button
            type="button"
            className="button button-small"
            disabled={!environmentId || load?.state === 'loading'}
            onClick={() => void useSecrets.getState().reload(environmentId)}
          >
            Reload list
          </button>
        </div>
        <ul className="bulk-picker-list" aria-label="Secrets" ref={list} onKeyDown={(event) => moveFocus(event, list.current)}>
          {shown.map((name) => (
            <li key={name}>
              <label className="mono">
                <input
                  type="checkbox"
                  checked={picked.has(key({ environmentId, name }))}
                  onChange={(event) => toggle([name], event.target.checked)}
                />
                {name}
              </label>
            </li>
          ))}
        </ul>
        <div className="dialog-actions">
          <span className="muted">{tooMany ? `At most ${MAX_ITEMS} secrets a bulk.` : `${plural(picked.size, 'secret')} ticked`}</span>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={picked.size === 0 || tooMany}>
            Continue
          </button>
        </div>
      </form>
    </Dialog>
  );
}
