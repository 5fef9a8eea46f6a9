import { test } from 'vitest';
import { generateSeed } from '../seed/generate';
import { KvMount } from './kv-store';
import { loadSeed } from './seed-load';
import { toSnapshot, fromSnapshot } from './state';
import { AuthState, newCredentials } from './auth';
test('prof', async () => {
  const seed = generateSeed({ count: 100_000 });
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const m = new KvMount(Date.now);
    loadSeed(m, seed);
    console.log('load', performance.now() - t);
    t = performance.now();
    const state = { auth: new AuthState(newCredentials(), { ttlSec: 1, maxTtlSec: 2 }, Date.now), namespaces: new Map([['', new Map([['kv', m]])]]) };
    const s = toSnapshot(state);
    console.log('stringify', performance.now() - t, s.length);
    t = performance.now();
    fromSnapshot(s, { ttlSec: 1, maxTtlSec: 2 }, Date.now);
    console.log('parse', performance.now() - t);
  }
}, 120000);
