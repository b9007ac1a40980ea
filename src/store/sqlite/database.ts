/**
 * Opens Paperboy's SQLite database (better-sqlite3) and brings its schema up to date. Only the
 * composition root calls this; everything else receives the open `Database`.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, ErrorCode, describeError, isAppError } from '../../core/errors.js';
import { runMigrations } from './schema/migrations.js';

export type Database = BetterSqlite3.Database;

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

const IN_MEMORY = ':memory:';

/** A new data folder is the owner's alone (0700), and so is a new database file (0600). */
export const DATA_DIR_MODE = 0o700;
export const DATABASE_FILE_MODE = 0o600;

/**
 * Creates the file empty with owner-only permissions before SQLite opens it: SQLite would create
 * it with the process umask (usually world-readable), and gives its -wal and -shm files the
 * database file's permissions. An existing file keeps the permissions its operator chose.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: DATA_DIR_MODE });
  if (!existsSync(path)) closeSync(openSync(path, 'a', DATABASE_FILE_MODE));
}

/**
 * Opens (creating if needed, parent folder included, both readable by the owner only) the
 * database at `path`, or a private in-memory one for `:memory:`, sets the connection pragmas
 * and runs pending migrations. Any failure is an `AppError` (StoreFailure) naming the path.
 */
export function openDatabase(path: string): Database {
  let db: Database | undefined;
  try {
    if (path !== IN_MEMORY) createPrivately(path);
    db = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
    // WAL lets the bot read (search, autocomplete) while a digest ingest writes; NORMAL is
    // durable across application crashes in WAL mode and skips an fsync per commit.
    if (path !== IN_MEMORY) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    runMigrations(db);
    return db;
  } catch (error) {
    if (db?.open) db.close();
    if (isAppError(error)) {
      throw new AppError(error.code, `cannot open database at ${path}: ${error.message}`, {
        cause: error,
        details: { ...error.details, path },
      });
    }
    throw new AppError(ErrorCode.StoreFailure, `cannot open database at ${path}: ${describeError(error)}`, {
      cause: error,
      details: { path },
    });
  }
}
