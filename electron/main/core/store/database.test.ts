import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir';
import { migrate, openDatabase } from './database';
import { MIGRATIONS } from './migrations';

describe('the store', () => {
  const tempDir = useTempDir();

  it('opens a file in WAL mode with every migration applied once', () => {
    const file = join(tempDir(), 'keyhole.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a store written by a newer Keyhole', () => {
    const file = join(tempDir(), 'keyhole.sqlite');
    const db = openDatabase(file);
    expect(() => migrate(db, MIGRATIONS.slice(0, 1))).toThrow(/newer/);
    db.close();
  });

  it('keeps audit events append-only', () => {
    const db = openDatabase(':memory:');
    db.prepare(
      `INSERT INTO audit_events (seq, time, actor_user, actor_host, action, phase, details, prev_hash, hash) VALUES (1, 't', 'u', 'h', 'a.b', 'event', '{}', 'p', 'h')`,
    ).run();
    expect(() => db.prepare("UPDATE audit_events SET action = 'x.y'").run()).toThrow(/append-only/);
    db.close();
  });

  it('rolls a failing migration back whole', () => {
    const db = openDatabase(':memory:');
    const broken = [...MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE t (x); INSERT INTO nope VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
  });
});
