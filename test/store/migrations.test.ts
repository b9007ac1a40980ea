import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../src/core/errors.js';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  runMigrations,
  schemaVersion,
  type Migration,
} from '../../src/store/sqlite/schema/migrations.js';
import { createSqliteDeliveryMarks } from '../../src/store/sqlite/delivery-marks.js';
import { POSTS_BEFORE_SHOWN, SHOWN_POSTS_AFTER, SHOWN_POSTS_SQL } from '../support/follows-migration.js';

let db: BetterSqlite3.Database;

beforeEach(() => {
  db = new BetterSqlite3(':memory:');
});

afterEach(() => {
  db.close();
});

const tableNames = (): unknown[] => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();

describe('runMigrations', () => {
  it('brings a fresh database to the latest version, running every migration in order', () => {
    const result = runMigrations(db);
    expect(result).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION, applied: MIGRATIONS.map((m) => m.name) });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('runs nothing when the schema is already current', () => {
    runMigrations(db);
    expect(runMigrations(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
  });

  it('fails clearly on a database newer than the code and leaves it untouched', () => {
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => runMigrations(db)).toThrow(AppError);
    expect(() => runMigrations(db)).toThrow(/newer than this Paperboy understands/);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(tableNames()).toEqual([]);
  });

  it('rolls a failing migration back completely and keeps the versions before it', () => {
    const migrations: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x INTEGER)') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE two (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    let caught: unknown;
    try {
      runMigrations(db, migrations);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe(ErrorCode.StoreFailure);
    expect((caught as AppError).message).toBe('migration 2 (two) failed: boom');
    expect(schemaVersion(db)).toBe(1);
    expect(tableNames()).toEqual(['one']);
  });

  it('continues from the version a database is at when new migrations are appended', () => {
    const first: Migration = { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x INTEGER)') };
    const second: Migration = { version: 2, name: 'two', up: (d) => d.exec('CREATE TABLE two (x INTEGER)') };
    runMigrations(db, [first]);
    expect(runMigrations(db, [first, second])).toEqual({ from: 1, to: 2, applied: ['two'] });
  });

  it('rejects a migration list whose versions are not 1, 2, 3, ...', () => {
    const gap: Migration[] = [
      { version: 1, name: 'one', up: () => undefined },
      { version: 3, name: 'three', up: () => undefined },
    ];
    expect(() => runMigrations(db, gap)).toThrow(/version 3, expected 2/);
    expect(schemaVersion(db)).toBe(0);
  });
});

describe('migration 9 (follows and shares)', () => {
  it('marks every existing paper post as showing its paper, and headers as showing none', () => {
    const follows = MIGRATIONS.findIndex((migration) => migration.name.includes('follows'));
    runMigrations(db, MIGRATIONS.slice(0, follows));
    const insert = db.prepare(`INSERT INTO posts (platform, workspace_id, channel_id, paper_id, state, nonce, message_id, message_channel_id, created_at)
      VALUES ('slack', 'T1', 'C1', ?, 'sent', 'n', ?, 'C1', 't')`);
    for (const [paperId, ts] of POSTS_BEFORE_SHOWN) insert.run(paperId, ts);
    runMigrations(db);
    expect(db.prepare(SHOWN_POSTS_SQL).all()).toEqual(SHOWN_POSTS_AFTER);
  });
});

describe('migration 10 (delivery marks)', () => {
  it('keeps an install state used before the upgrade used, as a delivery mark, and drops the old table', async () => {
    runMigrations(db, MIGRATIONS.slice(0, 9));
    db.prepare("INSERT INTO one_time_values (value, expires_at) VALUES ('slack-install-state:s1', '2026-06-13T00:10:00.000Z')").run();
    runMigrations(db);
    const marks = createSqliteDeliveryMarks(db);
    expect(await marks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:05:00.000Z', until: '2026-06-13T00:15:00.000Z' })).toBe(false);
    expect(await marks.markFirst('slack-install-state:s1', { at: '2026-06-13T00:10:00.000Z', until: '2026-06-13T00:20:00.000Z' })).toBe(true);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'one_time_values'").all()).toEqual([]);
  });
});

