/** Migration 4: the papers-days `paperboy ingest` fetched completely, as in SQLite's migration 4. */
import type { PostgresMigration } from './migrations.js';

export const createArchiveTables: PostgresMigration = {
  version: 4,
  name: 'create ingested days',
  sql: `
    CREATE TABLE ingested_days (
      day           text PRIMARY KEY,
      papers        integer NOT NULL,
      completed_at  text NOT NULL
    );
  `,
};
