import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { createPool, openPostgres } from '../../../src/store/postgres/database.js';
import { POSTGRES_MIGRATIONS, postgresSchemaVersion, runPostgresMigrations, type PostgresMigration } from '../../../src/store/postgres/schema/migrations.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';

const LATEST = POSTGRES_MIGRATIONS.length;
let databases: PostgresTestDatabase[] = [];
const pools: pg.Pool[] = [];

async function emptyDatabase(): Promise<PostgresTestDatabase> {
  const database = await createPostgresDatabase({ empty: true });
  databases.push(database);
  return database;
}

/** The store's own pool, whose idle-error listener keeps the database's forced drop from failing the run. */
function poolOn(database: PostgresTestDatabase): pg.Pool {
  const pool = createPool(database.url, { poolSize: 2 });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.end();
  for (const database of databases) await database.drop();
  databases = [];
});

const tables = async (pool: pg.Pool): Promise<string[]> =>
  (await pool.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((row) => row.name);

describe('PostgreSQL migrations', () => {
  it('creates every table on an empty database, records each version once, and then finds nothing to do', async () => {
    const pool = poolOn(await emptyDatabase());
    const first = await runPostgresMigrations(pool);
    expect(first).toEqual({ from: 0, to: LATEST, applied: POSTGRES_MIGRATIONS.map((migration) => migration.name) });
    expect(await tables(pool)).toEqual([
      'delivery_marks', 'digest_runs', 'follow_alerted', 'follow_alerts', 'follow_runs', 'followers', 'follows', 'ingested_days', 'installation_links', 'installations',
      'paper_search', 'papers', 'posts', 'schema_migrations', 'search_changes', 'search_counter', 'subscriptions', 'votes', 'work_claims',
    ]);
    expect(await runPostgresMigrations(pool)).toEqual({ from: LATEST, to: LATEST, applied: [] });
    const versions = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
  });

  it('lets one of several instances starting at once apply them while the others wait and find them applied', async () => {
    const database = await emptyDatabase();
    const results = await Promise.all(Array.from({ length: 6 }, () => runPostgresMigrations(poolOn(database))));
    expect(results.filter((result) => result.applied.length === LATEST)).toHaveLength(1);
    expect(results.filter((result) => result.applied.length === 0 && result.from === LATEST)).toHaveLength(5);
    const pool = poolOn(database);
    expect((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows[0]?.n).toBe(LATEST);
    expect(await postgresSchemaVersion(pool)).toBe(LATEST);
  });

  it('rolls a failed migration back whole, keeps the versions before it, and names it', async () => {
    const pool = poolOn(await emptyDatabase());
    const broken: PostgresMigration[] = [
      { version: 1, name: 'create a', sql: 'CREATE TABLE a (x integer)' },
      { version: 2, name: 'create b, then fail', sql: 'CREATE TABLE b (x integer); SELECT * FROM no_such_table' },
    ];
    const error: unknown = await runPostgresMigrations(pool, broken).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.message).toMatch(/^migration 2 \(create b, then fail\) failed: relation "no_such_table" does not exist/u);
    expect(await postgresSchemaVersion(pool)).toBe(1);
    expect(await tables(pool)).toEqual(['a', 'schema_migrations']);
    // The lock was released: the next start gets through.
    await expect(runPostgresMigrations(pool, broken.slice(0, 1))).resolves.toMatchObject({ from: 1, applied: [] });
  });

  it('refuses a database written by a newer Paperboy, naming both versions', async () => {
    const database = await emptyDatabase();
    const pool = poolOn(database);
    await runPostgresMigrations(pool);
    await pool.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
    await expect(openPostgres(database.url)).rejects.toThrow(/schema version 99 is newer than this Paperboy understands \(up to \d+\)/u);
  });

  it('reports an unreachable server as a store failure that names it without its password', async () => {
    const error: unknown = await openPostgres('postgres://paperboy:hunter2@127.0.0.1:1/paperboy').catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe('store_failure');
    expect(isAppError(error) && error.message).toMatch(/^cannot open PostgreSQL database 127\.0\.0\.1:1\/paperboy: /u);
    expect(String(isAppError(error) && error.message)).not.toContain('hunter2');
  });

  it('refuses a list whose versions are not 1, 2, 3, ...', async () => {
    const pool = poolOn(await emptyDatabase());
    await expect(runPostgresMigrations(pool, [{ version: 2, name: 'skips one', sql: 'SELECT 1' }])).rejects.toThrow(/has version 2, expected 1/u);
  });
});
