/**
 * Forward-only schema migrations, tracked in `PRAGMA user_version`. To add tables, write a
 * `Migration` next to the table group it belongs to (`papers-schema.ts`, ...) and append it to
 * `MIGRATIONS` with the next version number. Never edit or reorder a migration once released:
 * existing databases have already run it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { AppError, ErrorCode, describeError, isAppError } from '../../../core/errors.js';
import { createArchiveTables } from './archive-schema.js';
import { createCommunityTables } from './community-schema.js';
import { addCoverageColumns } from './coverage-schema.js';
import { createDeliveryMarks } from './delivery-marks-schema.js';
import { createDeliveryTables } from './delivery-schema.js';
import { createFollowTables } from './follows-schema.js';
import { createInstallationTables } from './installations-schema.js';
import { createPapersTables } from './papers-schema.js';
import { createRankColumnsIndex } from './rank-columns-schema.js';
import { addVoteCommunity } from './vote-community-schema.js';

export interface Migration {
  /** 1, 2, 3, ...: the `user_version` the database has once this migration has run. */
  readonly version: number;
  readonly name: string;
  up(db: BetterSqlite3.Database): void;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  createPapersTables, createCommunityTables, createDeliveryTables, createArchiveTables, createRankColumnsIndex, createInstallationTables, addCoverageColumns, addVoteCommunity,
  createFollowTables, createDeliveryMarks,
];

export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

export interface MigrationResult {
  /** `user_version` before. */
  readonly from: number;
  /** `user_version` after. */
  readonly to: number;
  /** Names of the migrations that ran, in order; empty when the schema was current. */
  readonly applied: readonly string[];
}

export function schemaVersion(db: BetterSqlite3.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the database up to the newest migration. Each migration runs in its own IMMEDIATE
 * transaction together with the `user_version` bump, so a failure leaves the previous version
 * intact and two processes starting at once cannot both run the same step.
 */
export function runMigrations(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationResult {
  checkMigrationList(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new AppError(
      ErrorCode.StoreFailure,
      `database schema version ${from} is newer than this Paperboy understands (up to ${latest}); ` +
        'upgrade Paperboy or point it at another database file',
      { details: { found: from, latest } },
    );
  }

  const applied: string[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    const step = db.transaction(() => {
      // Re-read inside the write lock: another process may have run this step meanwhile.
      if (schemaVersion(db) >= migration.version) return false;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    try {
      if (step.immediate()) applied.push(migration.name);
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError(
        ErrorCode.StoreFailure,
        `migration ${migration.version} (${migration.name}) failed: ${describeError(error)}`,
        { cause: error, details: { version: migration.version } },
      );
    }
  }
  return { from, to: schemaVersion(db), applied };
}

/** A programming error, caught by the first test run: versions must be 1, 2, 3, ... */
function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
