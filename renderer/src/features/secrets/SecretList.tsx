import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { SecretSummary } from '../../../../shared/domain';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { useConnections } from '../../stores/connections';
import { fillError, secretIndex, secretItems, useSecrets } from '../../stores/secrets';
import { Badge } from '../../ui/Badge';
import { EmptyState } from '../../ui/EmptyState';
import { KeyIcon, RefreshIcon, SearchIcon } from '../../ui/icons';
import { NewSecretButton } from '../edit/EditButtons';
import { isEmptyQuery, parseQuery } from '../search/query';
import { useThrottled } from './hooks';
import { ListStatus } from './ListStatus';
import { SortHeader } from './SortHeader';
import { FolderRow, ListRow, TreeLeafRow } from './SecretRow';
import { SortedView } from './sort';
import { ancestorsOf, buildTree, flattenTree, type TreeRow } from './tree';

const ROW_HEIGHT = 28;
/** The sticky column header sits inside the scroll container, above the rows. */
const HEADER_HEIGHT = 28;
/** Above this many rows, re-sorting after filled-in metadata and rebuilding the tree wait a little. */
const LARGE = 20_000;
/** On-screen metadata is asked for once scrolling pauses this long. */
const FILL_PAUSE_MS = 120;

type Line = { kind: 'item'; item: SecretSummary } | TreeRow;

export function SecretList() {
  const environmentId = useSecrets((s) => s.environmentId);
  const load = useSecrets((s) => (s.environmentId ? s.loads[s.environmentId] : undefined));
  const revision = useSecrets((s) => s.revision);
  const filter = useSecrets((s) => s.filter);
  const sort = useSecrets((s) => s.sort);
  const view = useSecrets((s) => s.view);
  const focus = useSecrets((s) => s.focus);
  const { setFilter, setView, selectSecret, reload, fillOnScreen, fillAll } = useSecrets.getState();
  const selectedName = useSecrets((s) => s.selectedName);
  const environment = useConnections((s) => s.environments.find((e) => e.id === environmentId));
  const connection = useConnections((s) => s.connections.find((c) => c.id === environment?.connectionId));
  const separator = environment?.nameMapping.separator ?? '/';

  const items = environmentId ? secretItems(environmentId) : [];
  const large = items.length > LARGE;
  // Filled-in metadata changes sort keys in place: re-sort at most once a second on big lists.
  const filled = useThrottled(load?.filled ?? 0, large ? 1000 : 150);
  const sortedView = useMemo(() => new SortedView(sort), [sort]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- revision tells when the in-place item array grew
  const sorted = useMemo(() => sortedView.sync(items, filled), [sortedView, items, filled, revision]);
  const query = useMemo(() => parseQuery(filter), [filter]);
  const filtering = !isEmptyQuery(query);
  const matches = useMemo(
    () => (filtering && environmentId ? (secretIndex(environmentId)?.matching(query) ?? new Set<SecretSummary>()) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: the index grew or tags were filled in
    [environmentId, query, filtering, revision],
  );
  const rows = useMemo(() => (matches ? sorted.filter((item) => matches.has(item)) : sorted), [sorted, matches]);

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const treeSource = useThrottled(rows, view === 'tree' && large ? 1000 : 0);
  const tree = useMemo(() => (view === 'tree' ? buildTree(treeSource, separator) : null), [view, treeSource, separator]);
  const lines: readonly Line[] = useMemo(() => {
    if (!tree) return rows.map((item): Line => ({ kind: 'item', item }));
    return flattenTree(tree, expanded, { separator, foldersDescending: sort.key === 'name' && sort.direction === 'desc', expandAll: filtering });
  }, [tree, rows, expanded, separator, sort, filtering]);

  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const rowId = (index: number) => `${gridId}-row-${index}`;

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back a mutable instance; this component is simply not auto-memoised
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const firstShown = virtualRows[0]?.index ?? 0;
  const lastShown = virtualRows.at(-1)?.index ?? -1;

  // What is on screen gets its metadata first (names-only listings), once scrolling pauses.
  useEffect(() => {
    if (!environmentId) return;
    const timer = setTimeout(() => {
      const names: string[] = [];
      for (let index = firstShown; index <= lastShown; index += 1) {
        const line = lines[index];
        if (line && line.kind !== 'folder') names.push(line.item.name);
      }
      if (names.length > 0) fillOnScreen(environmentId, names);
    }, FILL_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [environmentId, firstShown, lastShown, lines, fillOnScreen]);

  // A sort by something a names-only listing lacks fills it in for every row, in the background.
  useEffect(() => {
    if (environmentId && sort.key !== 'name' && load?.state === 'loaded') fillAll(environmentId, sort.key);
  }, [environmentId, sort.key, load?.state, fillAll]);

  // Opened from search: open the folders above it, then scroll it into view once.
  const focused = useRef(0);
  useEffect(() => {
    if (!focus || focus.environmentId !== environmentId || focused.current === focus.token || view !== 'tree') return;
    const path = ancestorsOf(focus.name, separator);
    setExpanded((current) => (path.every((folder) => current.has(folder)) ? current : new Set([...current, ...path])));
  }, [focus, environmentId, view, separator]);
  useEffect(() => {
    if (!focus || focus.environmentId !== environmentId || focused.current === focus.token) return;
    const index = lines.findIndex((line) => line.kind !== 'folder' && line.item.name === focus.name);
    if (index < 0) return;
    focused.current = focus.token;
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [focus, environmentId, lines, virtualizer]);

  const toggle = useCallback((path: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  }, []);

  const open = useCallback(
    (index: number) => {
      const line = lines[index];
      if (!line) return;
      setActive(index);
      if (line.kind === 'folder') toggle(line.folder.path);
      else void selectSecret(line.item.name);
    },
    [lines, toggle, selectSecret],
  );

  if (!environmentId || !environment) {
    return (
      <section className="secret-list" aria-label="Secrets">
        <EmptyState title="Choose an environment" icon={<KeyIcon />}>
          <p>Pick an environment on the left to list its secrets. Keyhole lists names and metadata only; values stay with the provider.</p>
        </EmptyState>
      </section>
    );
  }

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(lines.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const current = lines[Math.min(active, lines.length - 1)];
  const treeKeys = (key: string): boolean => {
    if (!current || current.kind === 'item') return false;
    if (key === 'ArrowRight') {
      if (current.kind === 'folder' && !current.expanded) toggle(current.folder.path);
      else moveTo(active + 1);
      return true;
    }
    if (key === 'ArrowLeft') {
      if (current.kind === 'folder' && current.expanded) {
        toggle(current.folder.path);
        return true;
      }
      // To the parent folder: the nearest row above one level up.
      for (let index = active - 1; index >= 0; index -= 1) {
        const line = lines[index];
        if (line && line.kind === 'folder' && line.depth === current.depth - 1) {
          moveTo(index);
          break;
        }
      }
      return true;
    }
    return false;
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (lines.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1),
      ArrowUp: () => moveTo(active - 1),
      PageDown: () => moveTo(active + page),
      PageUp: () => moveTo(active - page),
      Home: () => moveTo(0),
      End: () => moveTo(lines.length - 1),
      Enter: () => open(active),
      ' ': () => open(active),
    };
    const action = keys[event.key];
    if (treeKeys(event.key)) event.preventDefault();
    else if (action) {
      event.preventDefault();
      action();
    }
  };

  const title = `${connection?.name ?? ''} / ${environment.name}`;
  const namesOnlyQuery = query.tags.length === 0;

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
              placeholder="Filter: name or tag:value"
              value={filter}
              onChange={(event) => {
                setFilter(event.target.value);
                setActive(0);
              }}
              spellCheck={false}
              autoComplete="off"
            />
          </label>
          <div className="segmented" role="group" aria-label="Show as">
            <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
              List
            </button>
            <button type="button" aria-pressed={view === 'tree'} onClick={() => setView('tree')}>
              Tree
            </button>
          </div>
          <NewSecretButton environmentId={environmentId} />
          <button
            type="button"
            className="icon-button"
            aria-label="Refresh this environment"
            title="List again"
            onClick={() => void reload(environmentId)}
            disabled={load?.state === 'loading'}
          >
            <RefreshIcon />
          </button>
        </div>
      </div>
      <ListStatus environmentId={environmentId} load={load} shown={rows.length} filtering={filtering} sort={sort} items={items} revision={revision} />
      {lines.length === 0 ? (
        load?.state !== 'loading' && (
          <p className="grid-empty">
            {filtering
              ? namesOnlyQuery
                ? `No secret name contains “${filter.trim()}”.`
                : `No secret matches “${filter.trim()}”.`
              : load?.state === 'failed'
                ? 'Nothing listed.'
                : 'This environment holds no secrets.'}
          </p>
        )
      ) : (
        <div
          className="grid"
          role={view === 'tree' ? 'treegrid' : 'grid'}
          aria-label={`Secrets in ${title}`}
          aria-rowcount={lines.length + 1}
          aria-colcount={5}
          ref={scrollRef}
          tabIndex={0}
          aria-activedescendant={rowId(Math.min(active, lines.length - 1))}
          onKeyDown={onKeyDown}
        >
          <SortHeader sort={sort} />
          <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualRows.map((row) => {
              const line = lines[row.index];
              if (!line) return null;
              const common = {
                index: row.index,
                id: rowId(row.index),
                offset: row.start - HEADER_HEIGHT,
                active: row.index === active,
                onOpen: open,
              };
              if (line.kind === 'folder') {
                return (
                  <FolderRow
                    key={`f:${line.folder.path}`}
                    {...common}
                    folder={line.folder}
                    depth={line.depth}
                    expanded={line.expanded}
                    position={line.position}
                    setSize={line.setSize}
                  />
                );
              }
              const item = line.item;
              const itemProps = {
                ...common,
                item,
                selected: item.name === selectedName,
                words: query.words,
                separator,
                fillError: item.metadataComplete ? undefined : fillError(environmentId, item.name),
                revision: load?.filled ?? 0,
              };
              if (line.kind === 'leaf')
                return (
                  <TreeLeafRow key={item.name} {...itemProps} label={line.label} depth={line.depth} position={line.position} setSize={line.setSize} />
                );
              return <ListRow key={item.name} {...itemProps} />;
            })}
          </div>
        </div>
      )}
    </section>
  );
}
