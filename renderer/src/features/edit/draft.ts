import type { Input } from '../../../../shared/ipc/channel';
import type { AppContract } from '../../../../shared/ipc/contract';

export type ValueInput = Input<AppContract, 'edit:write'>['value'];
export type Mode = 'string' | 'json' | 'fields';

export interface FieldRow {
  id: number;
  name: string;
  /** What the operator typed; for an existing field, empty means "leave as it is". */
  value: string;
  existing: boolean;
  remove: boolean;
}

/** A value being typed. Lives in one dialog's state only, and is dropped when it closes or saves. */
export interface Draft {
  mode: Mode;
  text: string;
  rows: FieldRow[];
}

let nextId = 1;
export const newRow = (name = '', existing = false): FieldRow => ({ id: nextId++, name, value: '', existing, remove: false });

export function emptyDraft(mode: Mode, existingFields: string[] = []): Draft {
  const rows = existingFields.map((name) => newRow(name, true));
  return { mode, text: '', rows: mode === 'fields' && rows.length === 0 ? [newRow()] : rows };
}

/** The renderer's own check before main's: a clear sentence, or null when the draft can be sent. */
export function draftProblem(draft: Draft): string | null {
  if (draft.mode === 'json') {
    if (draft.text.trim() === '') return 'Type a JSON value.';
    try {
      JSON.parse(draft.text);
    } catch {
      return 'This is not valid JSON.';
    }
    return null;
  }
  if (draft.mode === 'string') return null;
  const names = draft.rows.filter((row) => !row.remove && (row.existing || row.name !== '' || row.value !== '')).map((row) => row.name);
  if (names.some((name) => name.trim() === '')) return 'Every field needs a name.';
  if (new Set(names).size !== names.length) return 'Two fields have the same name.';
  return null;
}

/** What main receives: for fields, only the typed ones and the ones marked for removal. */
export function toInput(draft: Draft): ValueInput {
  if (draft.mode === 'string') return { kind: 'string', value: draft.text };
  if (draft.mode === 'json') return { kind: 'json', text: draft.text };
  const set: Record<string, string> = {};
  for (const row of draft.rows) {
    if (row.remove || row.name === '') continue;
    if (!row.existing || row.value !== '') set[row.name] = row.value;
  }
  const remove = draft.rows.filter((row) => row.existing && row.remove).map((row) => row.name);
  return { kind: 'fields', set, remove };
}

/** Whether anything was typed at all (an edit with nothing typed has nothing to preview). */
export function touched(draft: Draft): boolean {
  if (draft.mode !== 'fields') return draft.text !== '';
  return draft.rows.some((row) => row.remove || (row.existing ? row.value !== '' : row.name !== '' || row.value !== ''));
}
