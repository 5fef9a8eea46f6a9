import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { useTempDir } from '../testing/temp-dir';
import { RotationStore, type RotationRecord } from './rotation-store';

function record(environmentId: string, name: string, index: number): RotationRecord {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
  return {
    id: randomUUID(),
    connectionId: randomUUID(),
    environmentId,
    name,
    plan: { secret: { environmentId, name }, generator: { kind: 'manual' }, target: { kind: 'none', checklist: [] }, validators: [] },
    status: 'completed',
    awaiting: null,
    undoing: false,
    steps: [],
    baseVersion: '1',
    newVersion: '2',
    escrow: null,
    error: null,
    bulkId: null,
    createdAt: at,
    updatedAt: at,
  };
}

describe('RotationStore.listFor', () => {
  const tempDir = useTempDir();

  it("answers a secret's whole history, newest first, past the list's limit and without other secrets", () => {
    const db = openDatabase(join(tempDir(), 'keyhole.db'));
    try {
      const store = new RotationStore(db);
      const environmentId = randomUUID();
      for (let i = 0; i < 230; i += 1) store.insert(record(environmentId, 'app/db', i));
      store.insert(record(environmentId, 'app/other', 300));
      store.insert(record(randomUUID(), 'app/db', 301));
      expect(store.list()).toHaveLength(200);
      const history = store.listFor(environmentId, 'app/db');
      expect(history).toHaveLength(230);
      expect(history[0]!.createdAt > history[229]!.createdAt).toBe(true);
      expect(store.listFor(environmentId)).toHaveLength(231);
    } finally {
      db.close();
    }
  });
});
