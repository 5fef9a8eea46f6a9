import { useId, useMemo, useRef, useState } from 'react';
import { useNav } from '../stores/nav';
import { filterCommands } from './command-filter';
import { Dialog } from './Dialog';
import { useCommands } from './useCommands';

/** Ctrl/Cmd+K: type to filter, ↑/↓ to choose, Enter to run, Escape to close. */
export function CommandPalette() {
  const open = useNav((s) => s.paletteOpen);
  const setOpen = useNav((s) => s.setPaletteOpen);
  if (!open) return null;
  return <Palette onClose={() => setOpen(false)} />;
}

function Palette({ onClose }: { onClose(): void }) {
  const commands = useCommands();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const listRef = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);
  const current = Math.min(active, Math.max(0, shown.length - 1));

  const run = (index: number) => {
    const command = shown[index];
    if (!command) return;
    onClose();
    command.run();
  };

  const move = (delta: number) => {
    if (shown.length === 0) return;
    const next = (current + delta + shown.length) % shown.length;
    setActive(next);
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <Dialog title="Command palette" onClose={onClose} size="palette" bare>
      <div className="palette">
        <input
          data-autofocus
          className="palette-input"
          type="text"
          role="combobox"
          aria-label="Search commands"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown.length > 0 ? optionId(current) : undefined}
          placeholder="Type a command or page…"
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
            }
          }}
        />
        <ul className="palette-list" role="listbox" id={listId} aria-label="Commands" ref={listRef}>
          {shown.map((command, index) => (
            <li
              key={command.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className="palette-option"
              onMouseMove={() => index !== current && setActive(index)}
              onClick={() => run(index)}
            >
              <span className="palette-group">{command.group}</span>
              <span className="palette-label">{command.label}</span>
              {command.hint && <kbd className="palette-hint">{command.hint}</kbd>}
            </li>
          ))}
        </ul>
        {shown.length === 0 && (
          <p className="palette-empty" role="status">
            No command matches “{query}”.
          </p>
        )}
      </div>
    </Dialog>
  );
}
