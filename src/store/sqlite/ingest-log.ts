/** IngestLog on SQLite (table `ingested_days`, created by archive-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { IngestLog } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqliteIngestLogSync(db: Database): Synchronous<IngestLog> {
  const select = db.prepare<[string], string>('SELECT day FROM ingested_days WHERE day IN (SELECT value FROM json_each(?))').pluck();
  const upsert = db.prepare<[{ day: string; papers: number; at: string }]>(
    `INSERT INTO ingested_days (day, papers, completed_at) VALUES (@day, @papers, @at)
     ON CONFLICT (day) DO UPDATE SET papers = excluded.papers, completed_at = excluded.completed_at`,
  );
  return {
    completedDays: (days) => new Set(select.all(JSON.stringify(days))),
    markComplete: (day, papers, at) => {
      upsert.run({ day, papers, at: at.toISOString() });
    },
  };
}

export function createSqliteIngestLog(db: Database): IngestLog {
  return promised<IngestLog>(createSqliteIngestLogSync(db));
}
