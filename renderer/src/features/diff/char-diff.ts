export interface CharRun {
  op: 'same' | 'add' | 'del';
  text: string;
}

/** Longer values are shown as one deletion and one addition: the table is quadratic. */
const MAX_CELLS = 4_000_000;

/** A character-level diff (longest common subsequence), merged into runs. */
export function charDiff(a: string, b: string): CharRun[] {
  const x = [...a];
  const y = [...b];
  if (x.length * y.length > MAX_CELLS)
    return merge([...(a ? [{ op: 'del' as const, text: a }] : []), ...(b ? [{ op: 'add' as const, text: b }] : [])]);
  const n = x.length;
  const m = y.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => table[i * (m + 1) + j] as number;
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i * (m + 1) + j] = x[i] === y[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const runs: CharRun[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      runs.push({ op: 'same', text: x[i] as string });
      i += 1;
      j += 1;
    } else if (i < n && (j === m || at(i + 1, j) >= at(i, j + 1))) {
      runs.push({ op: 'del', text: x[i] as string });
      i += 1;
    } else {
      runs.push({ op: 'add', text: y[j] as string });
      j += 1;
    }
  }
  return merge(runs);
}

function merge(runs: CharRun[]): CharRun[] {
  const out: CharRun[] = [];
  for (const run of runs) {
    const last = out.at(-1);
    if (last && last.op === run.op) last.text += run.text;
    else out.push({ ...run });
  }
  return out;
}
