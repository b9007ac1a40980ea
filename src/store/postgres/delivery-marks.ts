/**
 * DeliveryMarks on PostgreSQL (table `delivery_marks`, migration 11). Each call is one upsert
 * whose conflict clause only overwrites a mark that ended (or, for `advance`, one that stands
 * before the new position): the row lock it takes makes two instances marking the same key at
 * once see each other, so exactly one of them is told it was first.
 */
import type { DeliveryMarks } from '../../core/ports.js';
import type { Queryable } from './database.js';

const FIRST = `
  INSERT INTO delivery_marks AS mark (key, position, until) VALUES ($1, NULL, $3)
  ON CONFLICT (key) DO UPDATE SET position = NULL, until = excluded.until WHERE mark.until <= $2
  RETURNING 1`;

const ADVANCE = `
  INSERT INTO delivery_marks AS mark (key, position, until) VALUES ($1, $2, $4)
  ON CONFLICT (key) DO UPDATE SET position = excluded.position, until = excluded.until
  WHERE mark.until <= $3 OR mark.position IS NULL OR mark.position < excluded.position
  RETURNING 1`;

export function createPostgresDeliveryMarks(db: Queryable): DeliveryMarks {
  return {
    async markFirst(key, span) {
      return ((await db.query(FIRST, [key, span.at, span.until])).rowCount ?? 0) > 0;
    },
    async advance(key, position, span) {
      return ((await db.query(ADVANCE, [key, position, span.at, span.until])).rowCount ?? 0) > 0;
    },
    async pruneExpired(cutoff) {
      return (await db.query('DELETE FROM delivery_marks WHERE until < $1', [cutoff])).rowCount ?? 0;
    },
  };
}
