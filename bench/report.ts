import type { Floor } from './floors';

/** One figure of the table: measured beside its floor (a lower bound) or its target (a budget). */
export interface Row {
  figure: string;
  measuredMs?: number;
  /** CPU time of the bench process (client and in-process sandbox) during the figure. */
  cpuMs?: number;
  measured?: string;
  /** A physical lower bound, or a target the figure must stay under. */
  bound?: Floor & { kind: 'floor' | 'target' };
  /** For non-time figures (bytes), the bound's value in the same unit as `value`. */
  value?: number;
  unit?: 'ms' | 'MB';
  /** 1-minute load average when the figure was taken. */
  load: number;
  note?: string;
  /** Set by renderTable: the number of the bound's derivation under the table. */
  footnote?: number;
}

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

function measuredText(row: Row): string {
  if (row.measured !== undefined) return row.measured;
  if (row.unit === 'MB' && row.value !== undefined) return `${row.value.toFixed(0)} MB`;
  return row.measuredMs !== undefined ? seconds(row.measuredMs) : '—';
}

function boundText(row: Row): string {
  if (!row.bound) return '—';
  const amount = row.unit === 'MB' ? `${row.bound.ms.toFixed(0)} MB` : seconds(row.bound.ms);
  return row.bound.kind === 'floor' ? `${amount} [${row.footnote}]` : `< ${amount} target [${row.footnote}]`;
}

function ratioText(row: Row): string {
  const measured = row.unit === 'MB' ? row.value : row.measuredMs;
  if (!row.bound || measured === undefined || row.bound.ms <= 0) return '—';
  const ratio = measured / row.bound.ms;
  const verdict = row.bound.kind === 'target' ? (ratio <= 1 ? ' ok' : ' OVER') : '';
  return `${ratio.toFixed(2)}×${verdict}`;
}

/** The one table (markdown), then each bound's derivation by footnote number. */
export function renderTable(rows: Row[]): string {
  let n = 0;
  for (const row of rows) if (row.bound) row.footnote = ++n;
  const lines = ['| figure | measured | floor / target | ratio | CPU | load (1 min) | note |', '|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    const cells = [
      row.figure,
      measuredText(row),
      boundText(row),
      ratioText(row),
      row.cpuMs !== undefined ? seconds(row.cpuMs) : '—',
      Number.isNaN(row.load) ? '?' : row.load.toFixed(1),
      row.note ?? '',
    ];
    lines.push(`| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  lines.push('', 'Bounds:');
  for (const row of rows) if (row.bound) lines.push(`- [${row.footnote}] ${row.bound.why}`);
  return lines.join('\n');
}
