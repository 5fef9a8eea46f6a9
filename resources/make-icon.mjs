// Renders resources/icon.png (512x512 RGBA): a gold keyhole on a navy rounded square.
// Plain Node (zlib only), 4x4 supersampling for smooth edges. Run: node resources/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;
const TOP = [0x24, 0x3b, 0x61];
const BOTTOM = [0x13, 0x20, 0x36];
const KEYHOLE = [0xf2, 0xc1, 0x4e];

function inRoundedSquare(x, y) {
  const min = 32;
  const max = SIZE - 32;
  const r = 104;
  if (x < min || x > max || y < min || y > max) return false;
  const cx = Math.min(Math.max(x, min + r), max - r);
  const cy = Math.min(Math.max(y, min + r), max - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inKeyhole(x, y) {
  if ((x - 256) ** 2 + (y - 206) ** 2 <= 76 ** 2) return true;
  const top = 238;
  const bottom = 392;
  if (y < top || y > bottom) return false;
  const half = 30 + ((y - top) / (bottom - top)) * 34;
  return Math.abs(x - 256) <= half;
}

function pixel(px, py) {
  let square = 0;
  let hole = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (!inRoundedSquare(x, y)) continue;
      square++;
      if (inKeyhole(x, y)) hole++;
    }
  }
  const n = SAMPLES * SAMPLES;
  if (square === 0) return [0, 0, 0, 0];
  const t = py / SIZE;
  const bg = TOP.map((c, i) => c + ((BOTTOM[i] ?? c) - c) * t);
  const k = hole / square;
  const rgb = bg.map((c, i) => Math.round(c * (1 - k) + (KEYHOLE[i] ?? c) * k));
  return [...rgb, Math.round((square / n) * 255)];
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function renderIconPng() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('./icon.png', import.meta.url), renderIconPng());
}
