/** IngestLog on PostgreSQL (table `ingested_days`, created by archive-schema.ts). */
import type { IngestLog } from '../../core/ports.js';
import type { Queryable } from './database.js';

export function createPostgresIngestLog(db: Queryable): IngestLog {
  return {
    async completedDays(days) {
      const { rows } = await db.query<{ day: string }>('SELECT day FROM ingested_days WHERE day = ANY($1::text[])', [[...days]]);
      return new Set(rows.map((row) => row.day));
    },
    async markComplete(day, papers, at) {
      await db.query(
        `INSERT INTO ingested_days (day, papers, completed_at) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET papers = excluded.papers, completed_at = excluded.completed_at`,
        [day, papers, at.toISOString()],
      );
    },
  };
}
