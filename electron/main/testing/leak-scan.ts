import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The forms a planted value could take in a file: plain, UTF-16 (both orders) and base64. */
export function encodings(value: string): Buffer[] {
  const utf16le = Buffer.from(value, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  return [Buffer.from(value, 'utf8'), utf16le, utf16be, Buffer.from(Buffer.from(value).toString('base64'))];
}

/** Every file under `root` (SQLite with its WAL included) that holds any form of any value. */
export function filesContaining(root: string, values: string[]): string[] {
  const needles = values.flatMap(encodings);
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && needles.some((needle) => readFileSync(path).includes(needle))) hits.push(path);
    }
  };
  walk(root);
  return hits;
}
