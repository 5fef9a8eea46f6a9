export interface Selection {
  keys: ReadonlySet<string>;
  /** Where a shift-click range starts: the last row clicked or toggled. */
  anchor: string | null;
}

export const NO_SELECTION: Selection = { keys: new Set(), anchor: null };

/**
 * A click (or Space) on a row in `order` (the rows as shown): toggle adds or removes one row,
 * range selects from the anchor to it (keeping what was selected), plain selects it alone.
 */
export function clickRow(selection: Selection, order: readonly string[], key: string, mode: 'toggle' | 'range' | 'only'): Selection {
  if (mode === 'range' && selection.anchor !== null) {
    const from = order.indexOf(selection.anchor);
    const to = order.indexOf(key);
    if (from >= 0 && to >= 0) {
      const keys = new Set(selection.keys);
      for (const k of order.slice(Math.min(from, to), Math.max(from, to) + 1)) keys.add(k);
      return { keys, anchor: selection.anchor };
    }
  }
  if (mode === 'only') return { keys: new Set([key]), anchor: key };
  const keys = new Set(selection.keys);
  if (keys.has(key)) keys.delete(key);
  else keys.add(key);
  return { keys, anchor: key };
}

/** Keeps only rows still shown (a filter or a refresh can hide selected rows). */
export function keepShown(selection: Selection, order: readonly string[]): Selection {
  const shown = new Set(order);
  const keys = new Set([...selection.keys].filter((k) => shown.has(k)));
  return keys.size === selection.keys.size
    ? selection
    : { keys, anchor: selection.anchor !== null && shown.has(selection.anchor) ? selection.anchor : null };
}
