/**
 * RFC 4180 fields and records, plus spreadsheet formula neutralisation.
 *
 * A cell that starts with a character a spreadsheet would treat as the start of a formula (or as
 * a control character that may precede one) gets one leading single quote, which spreadsheets
 * read as "text". So the change stays reversible, a cell that already starts with a single quote
 * gets one too: an auditor removes exactly one leading `'` from every cell that has one
 * (docs/audit-verification.md).
 */
const FORMULA_START = /^[=+\-@\t\r\n\0']/;
const NEEDS_QUOTES = /[",\r\n]/;

export const CRLF = '\r\n';

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The inverse of neutralise, for readers of the CSV. */
export function restore(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/**
 * One field: null is an empty field; an empty string is `""`, so the two stay distinct for a
 * reader that looks; a field with a quote, comma, CR or LF is quoted with quotes doubled.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const cell = neutralise(value);
  if (cell === '') return '""';
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvRecord(values: ReadonlyArray<string | number | null>): string {
  return values.map(csvField).join(',') + CRLF;
}
