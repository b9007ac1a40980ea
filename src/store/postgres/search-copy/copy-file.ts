/**
 * The search copy's SQLite database: the SQLite store's own schema (its migrations), plus one
 * row saying which PostgreSQL database it copies, at which schema, up to which change. The row
 * is written when a build completes, so a build cut short leaves a file that is rebuilt.
 */
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { openDatabase, type Database } from '../../sqlite/database.js';
import { LATEST_SCHEMA_VERSION } from '../../sqlite/schema/migrations.js';

/** Bumped when what the copy holds changes shape; a copy of another format is rebuilt. */
export const COPY_FORMAT = 1;
export const IN_MEMORY = ':memory:';

const stateSchema = z.object({
  source: z.string().min(1),
  format: z.number().int(),
  schema: z.number().int(),
  watermark: z.number().int().min(0),
});
export type CopyState = z.infer<typeof stateSchema>;

const CREATE_STATE = `CREATE TABLE IF NOT EXISTS search_copy_state (
  one        INTEGER PRIMARY KEY CHECK (one = 1),
  source     TEXT NOT NULL,
  format     INTEGER NOT NULL,
  schema     INTEGER NOT NULL,
  watermark  INTEGER NOT NULL
) STRICT`;

export interface OpenedCopy {
  readonly db: Database;
  /** Undefined when the file holds no complete copy (new, cut short, or discarded). */
  readonly state: CopyState | undefined;
  /** Why an existing file was thrown away, if it was. */
  readonly discarded?: string;
}

/**
 * Opens the copy at `path`. A file that cannot be opened (corrupt, not a database, a newer
 * schema) or that holds a copy of another format or schema is deleted and started empty.
 */
export function openCopy(path: string): OpenedCopy {
  let discarded: string | undefined;
  try {
    const db = openDatabase(path);
    try {
      db.exec(CREATE_STATE);
      const row: unknown = db.prepare('SELECT source, format, schema, watermark FROM search_copy_state').get();
      const parsed = stateSchema.safeParse(row);
      if (!parsed.success) return { db, state: undefined };
      if (parsed.data.format === COPY_FORMAT && parsed.data.schema === LATEST_SCHEMA_VERSION) return { db, state: parsed.data };
      discarded = `it was made by another version (format ${parsed.data.format}, schema ${parsed.data.schema})`;
    } catch (error) {
      discarded = `it could not be read (${error instanceof Error ? error.message : String(error)})`;
    }
    db.close();
  } catch (error) {
    discarded = `it could not be opened (${error instanceof Error ? error.message : String(error)})`;
  }
  return { ...emptyCopy(path), discarded };
}

/** A new, empty copy at `path`, whatever was there. */
export function emptyCopy(path: string): OpenedCopy {
  removeCopy(path);
  const db = openDatabase(path);
  db.exec(CREATE_STATE);
  return { db, state: undefined };
}

export function removeCopy(path: string): void {
  if (path === IN_MEMORY) return;
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true });
}

/** Records a completed build, or a pull up to `watermark`. */
export function writeState(db: Database, state: CopyState): void {
  db.prepare('INSERT INTO search_copy_state (one, source, format, schema, watermark) VALUES (1, @source, @format, @schema, @watermark) ON CONFLICT (one) DO UPDATE SET source = excluded.source, format = excluded.format, schema = excluded.schema, watermark = excluded.watermark').run(state);
}

export function newState(source: string, watermark: number): CopyState {
  return { source, format: COPY_FORMAT, schema: LATEST_SCHEMA_VERSION, watermark };
}
