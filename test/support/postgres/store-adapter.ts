/**
 * The PostgreSQL entry of the store contract suites. Each test gets an empty database on the
 * run's throwaway cluster: a copy of the migrated template the first time, and after that the
 * same database emptied again (rows deleted, the paper numbering restarted), since copying a
 * database takes a few hundred milliseconds and emptying a test's few rows a few.
 */
import pg from 'pg';
import type { Stores } from '../../../src/core/ports.js';
import { openPostgresStores } from '../../../src/store/postgres/stores.js';
import type { OpenOptions, StoreAdapter, TestDatabase } from '../../contracts/stores/adapter.js';
import { createPostgresDatabase, type PostgresTestDatabase } from './databases.js';

/** Children before parents, so every DELETE satisfies the foreign keys. */
const EMPTY = `
  DO $$
  DECLARE t text;
  BEGIN
    DELETE FROM paper_search;
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'paper_search') LOOP
      EXECUTE format('DELETE FROM %I', t);
    END LOOP;
    PERFORM setval(pg_get_serial_sequence('papers', 'seq'), 1, false);
  END $$`;

const idle: PostgresTestDatabase[] = [];

async function emptyDatabase(): Promise<PostgresTestDatabase> {
  const reused = idle.pop();
  if (!reused) return createPostgresDatabase();
  const client = new pg.Client({ connectionString: reused.url });
  await client.connect();
  try {
    await client.query(EMPTY);
  } finally {
    await client.end();
  }
  return reused;
}

function postgresAdapter(name: string, searchCopy: boolean): StoreAdapter {
  return {
    name,
    durable: true,
    async create(): Promise<TestDatabase> {
      const database = await emptyDatabase();
      const opened: Stores[] = [];
      return {
        async open(options: OpenOptions = {}) {
          const stores = await openPostgresStores(database.url, { ...options, poolSize: 4, ...(searchCopy ? { searchCopy: { path: ':memory:' } } : {}) });
          opened.push(stores);
          // Searches go to the copy from the first one on, not to PostgreSQL while it builds.
          if ((await stores.searchCopy?.settled()) === 'failed') throw new Error('the search copy did not build');
          return stores;
        },
        async drop() {
          for (const stores of opened) await stores.close();
          idle.push(database);
        },
      };
    },
  };
}

export const postgresStoreAdapter: StoreAdapter = postgresAdapter('PostgreSQL', false);
/** PostgreSQL with the instance's local search copy (src/store/postgres/search-copy/) answering searches. */
export const postgresSearchCopyAdapter: StoreAdapter = postgresAdapter('PostgreSQL with a search copy', true);
