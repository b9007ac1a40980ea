/**
 * A consistent copy of a live database, for `paperboy backup`. Copying the file of a WAL
 * database while the bot writes is not a backup (the newest pages sit in the -wal file, and a
 * copy can catch a page half-written); SQLite's online backup API copies page by page through
 * a connection of its own and starts over when another connection writes meanwhile, so the
 * copy is the database as it was at one moment. The bot never waits for it.
 */
import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, ErrorCode, describeError } from '../../core/errors.js';
import { DATABASE_FILE_MODE } from './database.js';

export interface BackupSummary {
  readonly bytes: number;
  readonly papers: number;
  readonly sentPosts: number;
}

/** Copies the database at `source` to `target` (which must not exist) and checks the copy. */
export async function backupDatabase(source: string, target: string): Promise<BackupSummary> {
  if (!existsSync(source)) throw new AppError(ErrorCode.InputInvalid, `no database at ${source}`);
  if (existsSync(target)) throw new AppError(ErrorCode.InputInvalid, `${target} already exists; choose a new file name`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new AppError(ErrorCode.StoreFailure, `backup of ${source} failed: ${describeError(error)}`, { cause: error });
  } finally {
    db.close();
  }
  // The copy holds everything the database does: owner-only, as the database itself.
  chmodSync(partial, DATABASE_FILE_MODE);
  const copy = new BetterSqlite3(partial, { readonly: true, fileMustExist: true });
  let summary: BackupSummary;
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new AppError(ErrorCode.StoreFailure, `the copy failed its integrity check: ${String(check)}`);
    const count = (sql: string): number => Number(copy.prepare(sql).pluck().get() ?? 0);
    summary = {
      bytes: statSync(partial).size,
      papers: count('SELECT count(*) FROM papers'),
      sentPosts: count("SELECT count(*) FROM posts WHERE state = 'sent'"),
    };
  } finally {
    copy.close();
  }
  renameSync(partial, target);
  return summary;
}
