import { memo } from 'react';
import type { SecretSummary } from '../../../../shared/domain';
import { Badge } from '../../ui/Badge';
import { relativeTime, shortTime } from '../../ui/format';
import { ChevronIcon } from '../../ui/icons';
import { expiresWithin } from './freshness';
import { Highlight, nameRanges, suffixRanges } from '../search/Highlight';
import type { TreeFolder } from './tree';

function Tags({ tags, known }: { tags: Record<string, string> | undefined; known: boolean }) {
  const entries = Object.entries(tags ?? {});
  if (entries.length === 0) return <span className="muted">{known ? '—' : ''}</span>;
  const shown = entries.slice(0, 2);
  return (
    <span className="tag-list" title={entries.map(([key, value]) => `${key}=${value}`).join('\n')}>
      {shown.map(([key, value]) => (
        <span key={key} className="tag">
          {key}={value}
        </span>
      ))}
      {entries.length > shown.length && <span className="tag-more">+{entries.length - shown.length}</span>}
    </span>
  );
}

/** A names-only row still being filled in shows a quiet placeholder, a failed one says why on hover. */
function Unknown({ error }: { error: string | undefined }) {
  return error ? (
    <span className="muted" title={`Metadata could not be read: ${error}`}>
      ?
    </span>
  ) : (
    <span className="cell-pending">
      <span className="visually-hidden">not read yet</span>
    </span>
  );
}

function MetadataCells({ item, fillError }: { item: SecretSummary; fillError: string | undefined }) {
  const complete = item.metadataComplete;
  const expires = item.expiresAt;
  const soon = expires !== undefined && expiresWithin(expires, 30);
  return (
    <>
      <span role="gridcell" className="cell-updated" title={item.updatedAt ? shortTime(item.updatedAt) : undefined}>
        {item.updatedAt ? relativeTime(item.updatedAt) : complete ? '—' : <Unknown error={fillError} />}
      </span>
      <span
        role="gridcell"
        className="cell-versions"
        title={item.versionCount === undefined && complete ? 'Not in this provider’s listing: sort by versions, or open the secret' : undefined}
      >
        {item.versionCount ?? (complete ? '—' : <Unknown error={fillError} />)}
      </span>
      <span role="gridcell" className={`cell-expires${soon ? ' soon' : ''}`} title={expires ? shortTime(expires) : undefined}>
        {expires ? shortTime(expires).slice(0, 10) : complete ? '—' : <Unknown error={fillError} />}
      </span>
      <span role="gridcell" className="cell-tags">
        <Tags tags={item.tags} known={complete} />
      </span>
    </>
  );
}

function Flags({ item }: { item: SecretSummary }) {
  return (
    <>
      {item.deleted && <Badge tone="warn">deleted</Badge>}
      {item.enabled === false && <Badge>disabled</Badge>}
    </>
  );
}

interface RowBase {
  index: number;
  offset: number;
  active: boolean;
  id: string;
  onOpen(index: number): void;
}

interface ItemRowProps extends RowBase {
  item: SecretSummary;
  selected: boolean;
  words: readonly string[];
  separator: string;
  fillError: string | undefined;
  /** Bumped when metadata was filled in: the item changed in place. */
  revision: number;
}

function rowClass(active: boolean, selected: boolean, deleted: boolean | undefined): string {
  return `grid-row${active ? ' active' : ''}${selected ? ' selected' : ''}${deleted ? ' deleted' : ''}`;
}

export const ListRow = memo(function ListRow({ item, index, offset, active, selected, id, words, separator, fillError, onOpen }: ItemRowProps) {
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={rowClass(active, selected, item.deleted)}
      onClick={() => onOpen(index)}
      style={{ transform: `translateY(${offset}px)` }}
    >
      <span role="gridcell" className="cell-name" title={item.name}>
        <span className="name-text">
          <Highlight text={item.name} ranges={nameRanges(item.name, words, separator)} />
        </span>
        <Flags item={item} />
      </span>
      <MetadataCells item={item} fillError={fillError} />
    </div>
  );
});

interface TreeLeafProps extends ItemRowProps {
  label: string;
  depth: number;
  position: number;
  setSize: number;
}

export const TreeLeafRow = memo(function TreeLeafRow(props: TreeLeafProps) {
  const { item, label, depth, position, setSize, index, offset, active, selected, id, words, separator, fillError, onOpen } = props;
  const ranges = suffixRanges(nameRanges(item.name, words, separator), item.name.length - label.length);
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-level={depth}
      aria-posinset={position}
      aria-setsize={setSize}
      aria-selected={selected}
      className={rowClass(active, selected, item.deleted)}
      onClick={() => onOpen(index)}
      style={{ transform: `translateY(${offset}px)` }}
    >
      <span role="gridcell" className="cell-name" title={item.name} style={{ paddingLeft: (depth - 1) * 16 + 18 }}>
        <span className="name-text">
          <Highlight text={label} ranges={ranges} />
        </span>
        <Flags item={item} />
      </span>
      <MetadataCells item={item} fillError={fillError} />
    </div>
  );
});

interface FolderRowProps extends RowBase {
  folder: TreeFolder;
  depth: number;
  expanded: boolean;
  position: number;
  setSize: number;
}

export const FolderRow = memo(function FolderRow({ folder, depth, expanded, position, setSize, index, offset, active, id, onOpen }: FolderRowProps) {
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-level={depth}
      aria-posinset={position}
      aria-setsize={setSize}
      aria-expanded={expanded}
      className={`grid-row folder-row${active ? ' active' : ''}`}
      onClick={() => onOpen(index)}
      style={{ transform: `translateY(${offset}px)` }}
    >
      <span role="gridcell" className="cell-name" title={folder.path} style={{ paddingLeft: (depth - 1) * 16 }}>
        <span className={`tree-chevron${expanded ? ' open' : ''}`} aria-hidden="true">
          <ChevronIcon />
        </span>
        <span className="name-text">{folder.label}/</span>
        <span className="folder-count">{folder.count.toLocaleString('en-US')}</span>
      </span>
      <span role="gridcell" />
      <span role="gridcell" />
      <span role="gridcell" />
      <span role="gridcell" />
    </div>
  );
});
