import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, useState } from 'react';
import type { SecretSummary } from '../../../../shared/domain';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { useConnections } from '../../stores/connections';
import { filterSecrets } from '../../stores/secret-loads';
import { secretItems, useSecrets } from '../../stores/secrets';
import { Badge } from '../../ui/Badge';
import { EmptyState } from '../../ui/EmptyState';
import { plural, relativeTime, shortTime } from '../../ui/format';
import { KeyIcon, RefreshIcon, SearchIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';

const ROW_HEIGHT = 28;
/** The sticky column header sits inside the scroll container, above the rows. */
const HEADER_HEIGHT = 28;

function Tags({ tags }: { tags: Record<string, string> | undefined }) {
  const entries = Object.entries(tags ?? {});
  if (entries.length === 0) return <span className="muted">—</span>;
  const shown = entries.slice(0, 2);
  return (
    <span className="tag-list">
      {shown.map(([key, value]) => (
        <span key={key} className="tag">
          {key}={value}
        </span>
      ))}
      {entries.length > shown.length && <span className="tag-more">+{entries.length - shown.length}</span>}
    </span>
  );
}

function Row({
  item,
  index,
  offset,
  active,
  selected,
  id,
  onOpen,
}: {
  item: SecretSummary;
  index: number;
  offset: number;
  active: boolean;
  selected: boolean;
  id: string;
  onOpen(): void;
}) {
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${active ? ' active' : ''}${selected ? ' selected' : ''}${item.deleted ? ' deleted' : ''}`}
      onClick={onOpen}
      style={{ transform: `translateY(${offset}px)` }}
    >
      <span role="gridcell" className="cell-name" title={item.name}>
        {item.name}
        {item.deleted && <Badge tone="warn">deleted</Badge>}
        {item.enabled === false && <Badge>disabled</Badge>}
      </span>
      <span role="gridcell" className="cell-updated" title={item.updatedAt ? shortTime(item.updatedAt) : undefined}>
        {item.metadataComplete || item.updatedAt ? relativeTime(item.updatedAt) : '—'}
      </span>
      <span role="gridcell" className="cell-versions">
        {item.versionCount ?? '—'}
      </span>
      <span role="gridcell" className="cell-tags">
        <Tags tags={item.tags} />
      </span>
    </div>
  );
}

export function SecretList() {
  const environmentId = useSecrets((s) => s.environmentId);
  const load = useSecrets((s) => (s.environmentId ? s.loads[s.environmentId] : undefined));
  const revision = useSecrets((s) => s.revision);
  const filter = useSecrets((s) => s.filter);
  const setFilter = useSecrets((s) => s.setFilter);
  const selectedName = useSecrets((s) => s.selectedName);
  const selectSecret = useSecrets((s) => s.selectSecret);
  const reload = useSecrets((s) => s.reload);
  const environment = useConnections((s) => s.environments.find((e) => e.id === environmentId));
  const connection = useConnections((s) => s.connections.find((c) => c.id === environment?.connectionId));

  // eslint-disable-next-line react-hooks/exhaustive-deps -- revision tells when the in-place item array grew
  const items = useMemo(() => (environmentId ? filterSecrets(secretItems(environmentId), filter) : []), [environmentId, filter, revision]);
  const total = load?.count ?? 0;
  const namesOnly = items.length > 0 && items[0]?.metadataComplete === false;
  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const rowId = (index: number) => `${gridId}-row-${index}`;

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back a mutable instance; this component is simply not auto-memoised
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  if (!environmentId || !environment) {
    return (
      <section className="secret-list" aria-label="Secrets">
        <EmptyState title="Choose an environment" icon={<KeyIcon />}>
          <p>Pick an environment on the left to list its secrets. Keyhole lists names and metadata only; values stay with the provider.</p>
        </EmptyState>
      </section>
    );
  }

  const open = (index: number) => {
    const item = items[index];
    if (!item) return;
    setActive(index);
    void selectSecret(item.name);
  };

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1),
      ArrowUp: () => moveTo(active - 1),
      PageDown: () => moveTo(active + page),
      PageUp: () => moveTo(active - page),
      Home: () => moveTo(0),
      End: () => moveTo(items.length - 1),
      Enter: () => open(active),
      ' ': () => open(active),
    };
    const action = keys[event.key];
    if (action && items.length > 0) {
      event.preventDefault();
      action();
    }
  };

  const title = `${connection?.name ?? ''} / ${environment.name}`;
  const countText =
    load?.state === 'loading'
      ? `Loading… ${total.toLocaleString('en-US')} so far`
      : filter.trim() !== ''
        ? `${items.length.toLocaleString('en-US')} of ${plural(total, 'secret')}`
        : plural(total, 'secret');

  return (
    <section className="secret-list" aria-label="Secrets">
      <div className="list-head">
        <div className="list-title">
          <h2>{title}</h2>
          <span className="list-sub">
            {connection && PROVIDER_LABELS[connection.config.kind]}
            {environment.protected && (
              <Badge tone="warn" title="Reveals and changes need a step-up">
                protected
              </Badge>
            )}
            {connection?.readOnly && <Badge>read-only</Badge>}
          </span>
        </div>
        <div className="list-tools">
          <label className="filter">
            <SearchIcon />
            <span className="visually-hidden">Filter secrets</span>
            <input
              type="search"
              placeholder="Filter by name"
              value={filter}
              onChange={(event) => {
                setFilter(event.target.value);
                setActive(0);
              }}
              spellCheck={false}
              autoComplete="off"
            />
          </label>
          <button
            type="button"
            className="icon-button"
            aria-label="Reload secrets"
            title="Reload"
            onClick={() => void reload(environmentId)}
            disabled={load?.state === 'loading'}
          >
            <RefreshIcon />
          </button>
        </div>
      </div>
      <div className="list-status" role="status">
        {load?.state === 'loading' && <Spinner />}
        {countText}
        {namesOnly && <span className="muted"> · this provider lists names only; open a secret to read its metadata</span>}
        {load?.state === 'failed' && <span className="form-error"> — the listing failed: {load.error}</span>}
      </div>
      {items.length === 0 ? (
        load?.state !== 'loading' && (
          <p className="grid-empty">
            {filter.trim() !== ''
              ? `No secret name contains “${filter.trim()}”.`
              : load?.state === 'failed'
                ? 'Nothing listed.'
                : 'This environment holds no secrets.'}
          </p>
        )
      ) : (
        <div
          className="grid"
          role="grid"
          aria-label={`Secrets in ${title}`}
          aria-rowcount={items.length + 1}
          aria-colcount={4}
          ref={scrollRef}
          tabIndex={0}
          aria-activedescendant={rowId(Math.min(active, items.length - 1))}
          onKeyDown={onKeyDown}
        >
          <div role="row" aria-rowindex={1} className="grid-row grid-header">
            <span role="columnheader">Name</span>
            <span role="columnheader">Updated</span>
            <span role="columnheader" className="cell-versions">
              Versions
            </span>
            <span role="columnheader">Tags</span>
          </div>
          <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index];
              if (!item) return null;
              return (
                <Row
                  key={item.name}
                  item={item}
                  index={row.index}
                  id={rowId(row.index)}
                  offset={row.start - HEADER_HEIGHT}
                  active={row.index === active}
                  selected={item.name === selectedName}
                  onOpen={() => open(row.index)}
                />
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
