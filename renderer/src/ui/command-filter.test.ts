import { describe, expect, it } from 'vitest';
import { filterCommands } from './command-filter';

const commands = [
  { label: 'Go to Secrets', group: 'Go to' },
  { label: 'Go to Settings', group: 'Go to', keywords: 'preferences theme' },
  { label: 'Open the sandbox', group: 'Actions' },
  { label: 'Settings theme: dark', group: 'Theme' },
];

describe('filterCommands', () => {
  it('returns everything, in order, for an empty query', () => {
    expect(filterCommands(commands, '  ')).toEqual(commands);
  });

  it('matches every word, case-insensitively, across label, group and keywords', () => {
    expect(filterCommands(commands, 'SANDBOX').map((c) => c.label)).toEqual(['Open the sandbox']);
    expect(filterCommands(commands, 'go preferences').map((c) => c.label)).toEqual(['Go to Settings']);
    expect(filterCommands(commands, 'nothing like this')).toEqual([]);
  });

  it('puts labels that start with the query first, keeping order otherwise', () => {
    expect(filterCommands(commands, 'settings').map((c) => c.label)).toEqual(['Settings theme: dark', 'Go to Settings']);
  });
});
