import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../src/core/errors.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/sqlite/schema/migrations.js';
import { BUSY_TIMEOUT_MS, openDatabase, type Database } from '../../src/store/sqlite/database.js';

let dir: string;
const opened: Database[] = [];

function open(path: string): Database {
  const db = openDatabase(path);
  opened.push(db);
  return db;
}

function openError(path: string): AppError {
  try {
    open(path);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`expected openDatabase(${path}) to fail`);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-sqlite-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('opens an in-memory database with foreign keys, NORMAL sync, a busy timeout and the latest schema', () => {
    const db = open(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['papers', 'papers_fts']));
  });

  it('creates missing parent folders and puts a file database in WAL mode', () => {
    const path = join(dir, 'nested', 'deeper', 'paperboy.db');
    const db = open(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.prepare("INSERT INTO papers (id, title, abstract, first_seen_at, updated_at) VALUES ('2606.00001', 't', 'a', 'x', 'x')").run();
    db.close();

    const again = open(path);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(1);
  });

  it('refuses a database whose schema is newer than the code, naming the path and both versions', () => {
    const path = join(dir, 'future.db');
    const db = open(path);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();

    const error = openError(path);
    expect(error.code).toBe(ErrorCode.StoreFailure);
    expect(error.message).toContain(`cannot open database at ${path}`);
    expect(error.message).toContain(`version ${LATEST_SCHEMA_VERSION + 5}`);
    expect(error.message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
  });

  it('reports a file that is not a database as a store failure with the cause attached', () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, 'this is not an SQLite file, just some text that is long enough to have a header');
    const error = openError(path);
    expect(error.code).toBe(ErrorCode.StoreFailure);
    expect(error.message).toMatch(new RegExp(`^cannot open database at ${path}: .+`));
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('reports a path that is a folder as a store failure', () => {
    const error = openError(dir);
    expect(error.code).toBe(ErrorCode.StoreFailure);
    expect(error.message).toContain(`cannot open database at ${dir}:`);
  });
});

describe('database file permissions', () => {
  it('creates the data folder and the database (and its WAL files) readable by the owner only', () => {
    const root = mkdtempSync(join(tmpdir(), 'paperboy-perms-'));
    const previous = process.umask(0o022);
    try {
      const path = join(root, 'data', 'nested', 'paperboy.db');
      const db = openDatabase(path);
      db.prepare('CREATE TABLE t (x)').run();
      expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700);
      expect(statSync(join(root, 'data', 'nested')).mode & 0o777).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(file).mode & 0o777, file).toBe(0o600);
      db.close();
      // An operator's own choice on an existing file is left alone.
      const shared = join(root, 'shared.db');
      writeFileSync(shared, '', { mode: 0o640 });
      openDatabase(shared).close();
      expect(statSync(shared).mode & 0o777).toBe(0o640);
    } finally {
      process.umask(previous);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
