/** DeliveryMarks on SQLite (table `delivery_marks`, migration 10): the same upserts as PostgreSQL's. */
import type { Database } from 'better-sqlite3';
import type { DeliveryMarks } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';

/** The synchronous implementation, for SQLite-specific tests. */
export function createSqliteDeliveryMarksSync(db: Database): Synchronous<DeliveryMarks> {
  // A mark that ended counts as gone, so it is overwritten rather than deleted first.
  const first = db.prepare<[{ key: string; at: string; until: string }]>(
    `INSERT INTO delivery_marks AS mark (key, position, until) VALUES (@key, NULL, @until)
     ON CONFLICT (key) DO UPDATE SET position = NULL, until = excluded.until WHERE mark.until <= @at
     RETURNING 1`,
  );
  const advance = db.prepare<[{ key: string; position: number; at: string; until: string }]>(
    `INSERT INTO delivery_marks AS mark (key, position, until) VALUES (@key, @position, @until)
     ON CONFLICT (key) DO UPDATE SET position = excluded.position, until = excluded.until
     WHERE mark.until <= @at OR mark.position IS NULL OR mark.position < excluded.position
     RETURNING 1`,
  );
  const prune = db.prepare<[string]>('DELETE FROM delivery_marks WHERE until < ?');
  return {
    markFirst: (key, span) => first.get({ key, ...span }) !== undefined,
    advance: (key, position, span) => advance.get({ key, position, ...span }) !== undefined,
    pruneExpired: (cutoff) => prune.run(cutoff).changes,
  };
}

export function createSqliteDeliveryMarks(db: Database): DeliveryMarks {
  return promised<DeliveryMarks>(createSqliteDeliveryMarksSync(db));
}
