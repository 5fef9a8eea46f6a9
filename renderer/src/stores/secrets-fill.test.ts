import { describe, expect, it } from 'vitest';
import type { FilledItem } from './secret-loads';
import { MetadataFill } from './secrets-fill';

const ENV = 'env-1';

/** A stand-in for the IPC call: answers when told, records what was asked. */
function harness(options: { batchSize?: number; inFlight?: number } = {}) {
  const asked: string[][] = [];
  const waiting: Array<{ names: string[]; resolve(items: FilledItem[]): void; reject(error: unknown): void }> = [];
  const applied: Array<{ generation: number; names: string[] }> = [];
  const fill = new MetadataFill(
    (_env, names) =>
      new Promise((resolve, reject) => {
        asked.push(names);
        waiting.push({ names, resolve, reject });
      }),
    (_env, generation, answers) => applied.push({ generation, names: answers.map((a) => a.name) }),
    options,
  );
  const answerNext = async () => {
    const call = waiting.shift();
    call?.resolve(call.names.map((name) => ({ name, summary: { name, metadataComplete: true } })));
    await new Promise((r) => setTimeout(r, 0));
  };
  const failNext = async () => {
    waiting.shift()?.reject({ code: 'LOCKED', message: 'Keyhole is locked' });
    await new Promise((r) => setTimeout(r, 0));
  };
  return { fill, asked, applied, answerNext, failNext, waiting };
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('MetadataFill', () => {
  it('asks for what is on screen before the background, in bounded batches', async () => {
    const h = harness({ batchSize: 3, inFlight: 1 });
    h.fill.background(ENV, 1, names('bg', 4));
    h.fill.onScreen(ENV, 1, names('s', 2));
    // The first background batch went out before anything was on screen; screen names come next.
    expect(h.asked).toEqual([['bg0', 'bg1', 'bg2']]);
    await h.answerNext();
    expect(h.asked[1]).toEqual(['s0', 's1']);
    await h.answerNext();
    expect(h.asked[2]).toEqual(['bg3']);
    await h.answerNext();
    expect(h.applied.map((a) => a.names.length)).toEqual([3, 2, 1]);
    expect(h.fill.pending(ENV)).toBe(0);
  });

  it('never asks a name twice in one listing, and starts afresh on a new one', async () => {
    const h = harness({ batchSize: 10, inFlight: 4 });
    h.fill.onScreen(ENV, 1, ['a', 'b']);
    await h.answerNext();
    h.fill.onScreen(ENV, 1, ['a', 'b', 'c']);
    h.fill.background(ENV, 1, ['a', 'c', 'd']);
    expect(h.asked).toEqual([['a', 'b'], ['c'], ['d']]);
    h.fill.onScreen(ENV, 2, ['a']);
    expect(h.asked.at(-1)).toEqual(['a']);
  });

  it('drops answers for a listing that was replaced', async () => {
    const h = harness({ inFlight: 4 });
    h.fill.onScreen(ENV, 1, ['a']);
    h.fill.onScreen(ENV, 2, ['b']);
    await h.answerNext();
    await h.answerNext();
    expect(h.applied).toEqual([{ generation: 2, names: ['b'] }]);
  });

  it('gives a failed batch back and stops the background, so scrolling asks again', async () => {
    const h = harness({ batchSize: 2, inFlight: 1 });
    h.fill.onScreen(ENV, 1, ['a', 'b']);
    h.fill.background(ENV, 1, names('bg', 6));
    await h.failNext();
    expect(h.asked).toEqual([['a', 'b']]);
    expect(h.fill.pending(ENV)).toBe(0);
    h.fill.onScreen(ENV, 1, ['a', 'b']);
    expect(h.asked.at(-1)).toEqual(['a', 'b']);
  });

  it('keeps at most `inFlight` batches out', () => {
    const h = harness({ batchSize: 1, inFlight: 3 });
    h.fill.background(ENV, 1, names('n', 10));
    expect(h.waiting).toHaveLength(3);
  });
});
