/**
 * Databases on the run's throwaway cluster (global-setup.ts): each a copy of the migrated
 * template, or an empty one for tests of the migrations themselves.
 */
import pg from 'pg';
import { inject } from 'vitest';

let created = 0;

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export interface PostgresTestDatabase {
  readonly name: string;
  readonly url: string;
  /** Ends every session on it and drops it. */
  drop(): Promise<void>;
}

/** A new database: at the latest schema by default, or `empty` (no tables at all). */
export async function createPostgresDatabase(options: { empty?: boolean } = {}): Promise<PostgresTestDatabase> {
  created += 1;
  const name = `test_${process.pid}_${created}`;
  const template = options.empty === true ? 'template0' : inject('postgresTemplate');
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
