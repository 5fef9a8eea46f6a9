import { randomUUID } from 'node:crypto';
import { KeyholeError } from '../../../../shared/errors';
import type { DiffDefinition } from '../../../../shared/ipc/channels/diff';
import type { Clock } from '../ports';
import type { Db } from '../store/database';

interface DefinitionRow {
  id: string;
  name: string;
  a_environment_id: string;
  b_environment_id: string;
  renames: string;
  created_at: string;
}

/** Saved diff definitions (two environments and their renames) to re-run; migration 6. */
export class DiffDefinitions {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  list(): DiffDefinition[] {
    const rows = this.db.prepare('SELECT * FROM diff_definitions ORDER BY name, created_at').all() as DefinitionRow[];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      aEnvironmentId: row.a_environment_id,
      bEnvironmentId: row.b_environment_id,
      renames: JSON.parse(row.renames) as DiffDefinition['renames'],
      createdAt: row.created_at,
    }));
  }

  save(input: { name: string; a: string; b: string; renames: DiffDefinition['renames'] }): DiffDefinition {
    const definition: DiffDefinition = {
      id: randomUUID(),
      name: input.name,
      aEnvironmentId: input.a,
      bEnvironmentId: input.b,
      renames: input.renames,
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    this.db
      .prepare('INSERT INTO diff_definitions (id, name, a_environment_id, b_environment_id, renames, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        definition.id,
        definition.name,
        definition.aEnvironmentId,
        definition.bEnvironmentId,
        JSON.stringify(definition.renames),
        definition.createdAt,
      );
    return definition;
  }

  remove(id: string): void {
    const { changes } = this.db.prepare('DELETE FROM diff_definitions WHERE id = ?').run(id);
    if (changes === 0) throw new KeyholeError('NOT_FOUND');
  }
}
