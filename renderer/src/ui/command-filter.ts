export interface Command {
  id: string;
  label: string;
  group: string;
  /** Extra words that should find it (not shown). */
  keywords?: string;
  /** A shortcut to show beside it. */
  hint?: string;
  run(): void;
}

/**
 * Every word typed must appear in the label, group or keywords (case-insensitive). Labels that
 * start with the query come first; otherwise the given order is kept.
 */
export function filterCommands<C extends Pick<Command, 'label' | 'group' | 'keywords'>>(commands: readonly C[], query: string): C[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  const whole = words.join(' ');
  const matched = commands.filter((command) => {
    const haystack = `${command.label} ${command.group} ${command.keywords ?? ''}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const starts = (command: C) => (command.label.toLowerCase().startsWith(whole) ? 0 : 1);
  return matched
    .map((command, index) => ({ command, index }))
    .sort((a, b) => starts(a.command) - starts(b.command) || a.index - b.index)
    .map(({ command }) => command);
}
