/**
 * Forward-only PostgreSQL migrations, versioned like SQLite's (1, 2, 3, ...) and recorded in
 * `schema_migrations`. To change the schema, write a migration next to the table group it belongs
 * to and append it to `POSTGRES_MIGRATIONS` with the next version. Never edit or reorder a
 * migration once released: existing databases have already run it.
 *
 * Several instances may start at once: the first to take the migrations advisory lock applies
 * what is missing, each migration in its own transaction with its version row; the others wait
 * for the lock, then find the schema current.
 */
import { AppError, ErrorCode, describeError } from '../../../core/errors.js';
import { LockKey, LockNamespace } from '../advisory-locks.js';
import type { Pool, PoolClient, Queryable } from '../database.js';
import { createArchiveTables } from './archive-schema.js';
import { createChannelTables } from './channels-schema.js';
import { createClaimTables } from './claims-schema.js';
import { addCoverageColumns } from './coverage-schema.js';
import { createDeliveryMarks } from './delivery-marks-schema.js';
import { createDeliveryTables } from './delivery-schema.js';
import { createFollowTables } from './follows-schema.js';
import { createInstallationTables } from './installations-schema.js';
import { createPapersTables } from './papers-schema.js';
import { createSearchChanges } from './search-changes-schema.js';
import { refineSearchStatistics } from './search-statistics-schema.js';
import { addVoteCommunity } from './vote-community-schema.js';

export interface PostgresMigration {
  /** 1, 2, 3, ...: the schema version once this migration has run. */
  readonly version: number;
  readonly name: string;
  /** One or more statements, run in one transaction. */
  readonly sql: string;
  /** Row changes SQL alone cannot say (the same code as SQLite's migration), in the same transaction after `sql`. */
  readonly migrateRows?: (client: Queryable) => Promise<void>;
}

/** Every migration, oldest first. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  createPapersTables,
  createChannelTables,
  createDeliveryTables,
  createArchiveTables,
  createInstallationTables,
  addCoverageColumns,
  addVoteCommunity,
  createClaimTables,
  createFollowTables,
  refineSearchStatistics,
  createDeliveryMarks,
  createSearchChanges,
];

export interface PostgresMigrationResult {
  readonly from: number;
  readonly to: number;
  /** Names of the migrations this call applied; empty when the schema was current. */
  readonly applied: readonly string[];
}

const CREATE_VERSIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version     integer PRIMARY KEY,
  name        text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;

export async function postgresSchemaVersion(client: Pick<PoolClient, 'query'>): Promise<number> {
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS found");
  if (exists.rows[0]?.found !== true) return 0;
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

export async function runPostgresMigrations(pool: Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<PostgresMigrationResult> {
  checkMigrationList(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LockNamespace.store, LockKey.migrations]);
    try {
      await client.query(CREATE_VERSIONS);
      const from = await postgresSchemaVersion(client);
      if (from > latest) {
        throw new AppError(
          ErrorCode.StoreFailure,
          `database schema version ${from} is newer than this Paperboy understands (up to ${latest}); upgrade Paperboy or point DATABASE_URL at another database`,
          { details: { found: from, latest } },
        );
      }
      const applied: string[] = [];
      for (const migration of migrations.filter((candidate) => candidate.version > from)) {
        await applyMigration(client, migration);
        applied.push(migration.name);
      }
      return { from, to: Math.max(from, latest), applied };
    } finally {
      // A broken connection has released the lock with its session already.
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LockNamespace.store, LockKey.migrations]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

async function applyMigration(client: PoolClient, migration: PostgresMigration): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await migration.migrateRows?.(client);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new AppError(ErrorCode.StoreFailure, `migration ${migration.version} (${migration.name}) failed: ${describeError(error)}`, {
      cause: error,
      details: { version: migration.version },
    });
  }
}

/** A programming error, caught by the first test run: versions must be 1, 2, 3, ... */
function checkMigrationList(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
  });
}
