import { Fragment, useId, useMemo, useRef, useState } from 'react';
import { paletteEntries, type PaletteEntry, type PaletteHeading } from '../features/search/palette-entries';
import { SecretOption } from '../features/search/SecretOption';
import { useSearchMode } from '../features/search/search-mode';
import { useSearchShortcut } from '../features/search/useSearchShortcut';
import { useSecretSearch } from '../features/search/useSecretSearch';
import '../features/search/search.css';
import { useNav } from '../stores/nav';
import { useSecrets } from '../stores/secrets';
import { filterCommands, type Command } from './command-filter';
import { Dialog } from './Dialog';
import { useCommands } from './useCommands';

/** Secrets show once the query is this long (a single letter would match nearly everything). */
const SECRET_QUERY_MIN = 2;

/**
 * Ctrl/Cmd+K: type to filter commands and search secrets across every listed environment;
 * "/" (or "Search secrets") searches secrets only. ↑/↓ to choose, Enter to run or open, Escape
 * to close.
 */
export function CommandPalette() {
  const open = useNav((s) => s.paletteOpen);
  const setOpen = useNav((s) => s.setPaletteOpen);
  useSearchShortcut();
  if (!open) return null;
  return (
    <Palette
      onClose={() => {
        setOpen(false);
        useSearchMode.getState().setMode('all');
      }}
    />
  );
}

const n = (count: number) => count.toLocaleString('en-US');

/** An environment's line above its matches: how many, and what is still coming in. */
function EnvironmentHeading({ heading }: { heading: PaletteHeading }) {
  return (
    <li role="presentation" className="search-env">
      <span className="search-env-label">{heading.label}</span>
      <span className="search-env-count">
        {heading.total === 1 ? '1 match' : `${n(heading.total)} matches`}
        {heading.loading && ' so far'}
        {heading.tagsUnknown > 0 && ` · tags still filling in for ${n(heading.tagsUnknown)}`}
      </span>
    </li>
  );
}

function Palette({ onClose }: { onClose(): void }) {
  const baseCommands = useCommands();
  const mode = useSearchMode((s) => s.mode);
  const setMode = useSearchMode((s) => s.setMode);
  const go = useNav((s) => s.go);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const listRef = useRef<HTMLUListElement>(null);

  const commands = useMemo(
    (): Command[] => [
      { id: 'search:secrets', label: 'Search secrets', group: 'Search', keywords: 'find name tag filter', hint: '/', run: () => undefined },
      ...baseCommands,
    ],
    [baseCommands],
  );
  const secretsMode = mode === 'secrets';
  const searchingSecrets = secretsMode || query.trim().length >= SECRET_QUERY_MIN;
  const search = useSecretSearch(searchingSecrets ? query : '', secretsMode ? 20 : 5);
  const shownCommands = useMemo(() => (secretsMode ? [] : filterCommands(commands, query)), [secretsMode, commands, query]);
  const { entries, headings } = useMemo(
    () => paletteEntries(shownCommands, searchingSecrets ? search : null, search.total > 0 && query.trim() !== '' ? 4 : shownCommands.length),
    [shownCommands, searchingSecrets, search, query],
  );
  const current = Math.min(active, Math.max(0, entries.length - 1));

  const run = (index: number) => {
    const entry = entries[index];
    if (!entry) return;
    if (entry.kind === 'command' && entry.command.id === 'search:secrets') {
      setMode('secrets');
      setQuery('');
      setActive(0);
      return;
    }
    onClose();
    if (entry.kind === 'command') entry.command.run();
    else if (entry.kind === 'secret') {
      go('secrets');
      useSecrets.getState().openSecret(entry.environmentId, entry.item.name);
    } else {
      go('secrets');
      useSecrets.getState().selectEnvironment(entry.environmentId);
      useSecrets.getState().setFilter(query.trim());
    }
  };

  const move = (delta: number) => {
    if (entries.length === 0) return;
    const next = (current + delta + entries.length) % entries.length;
    setActive(next);
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
  };

  const label = (entry: PaletteEntry) =>
    entry.kind === 'command' ? (
      <>
        <span className="palette-group">{entry.command.group}</span>
        <span className="palette-label">{entry.command.label}</span>
        {entry.command.hint && <kbd className="palette-hint">{entry.command.hint}</kbd>}
      </>
    ) : entry.kind === 'secret' ? (
      <SecretOption item={entry.item} label={entry.label} separator={entry.separator} query={search.query} />
    ) : (
      <span className="palette-label search-more">
        All {n(entry.total)} in {entry.label} — open the list filtered
      </span>
    );

  const emptyText =
    secretsMode && query.trim() === ''
      ? 'Type part of a name or path, or tag:value (team:payments).'
      : secretsMode && search.searched === 0
        ? 'No environment is listed yet: load them to search their secrets.'
        : secretsMode
          ? `No secret matches “${query.trim()}” in the ${search.searched === 1 ? 'listed environment' : `${search.searched} listed environments`}.`
          : `No command matches “${query}”${searchingSecrets && search.searched > 0 ? ', and no listed secret does' : ''}.`;

  return (
    <Dialog title={secretsMode ? 'Search secrets' : 'Command palette'} onClose={onClose} size="palette" bare>
      <div className="palette">
        <input
          data-autofocus
          className="palette-input"
          type="text"
          role="combobox"
          aria-label={secretsMode ? 'Search secrets' : 'Search commands and secrets'}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={entries.length > 0 ? optionId(current) : undefined}
          placeholder={secretsMode ? 'Search secrets: name, path or tag:value…' : 'Type a command, a page or a secret…'}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              move(1);
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              move(-1);
            } else if (event.key === 'Enter') {
              event.preventDefault();
              run(current);
            } else if (event.key === 'Backspace' && query === '' && secretsMode) {
              setMode('all');
            }
          }}
        />
        <ul
          className="palette-list search-results"
          role="listbox"
          id={listId}
          aria-label={secretsMode ? 'Secrets' : 'Commands and secrets'}
          ref={listRef}
        >
          {entries.map((entry, index) => {
            return (
              <Fragment key={entry.key}>
                {headings
                  .filter((heading) => heading.before === index)
                  .map((heading) => (
                    <EnvironmentHeading key={`h:${heading.environmentId}`} heading={heading} />
                  ))}
                <li
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === current}
                  className={`palette-option${entry.kind === 'command' ? '' : ' search-option'}`}
                  onMouseMove={() => index !== current && setActive(index)}
                  onClick={() => run(index)}
                >
                  {label(entry)}
                </li>
              </Fragment>
            );
          })}
          {headings
            .filter((heading) => heading.before >= entries.length)
            .map((heading) => (
              <EnvironmentHeading key={`h:${heading.environmentId}`} heading={heading} />
            ))}
        </ul>
        {entries.length === 0 && (
          <p className="palette-empty" role="status">
            {emptyText}
          </p>
        )}
        {searchingSecrets && (
          <p className="search-foot" role="status">
            {search.total > 0 && `${n(search.total)} ${search.total === 1 ? 'match' : 'matches'} · `}
            {search.searched === 0
              ? 'No environment listed yet'
              : `searched ${search.searched} listed ${search.searched === 1 ? 'environment' : 'environments'}`}
            {search.unlisted > 0 && (
              <>
                {` · ${search.unlisted} not listed `}
                <button type="button" className="link-button" onClick={() => useSecrets.getState().loadAll()}>
                  Load all
                </button>
              </>
            )}
          </p>
        )}
      </div>
    </Dialog>
  );
}
