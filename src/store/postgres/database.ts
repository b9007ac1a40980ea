/**
 * Connects to PostgreSQL (node-postgres) and brings the schema up to date. Only the composition
 * root and the CLI call `openPostgres`; adapters receive the pool.
 */
import pg from 'pg';
import { AppError, ErrorCode, describeError, isAppError } from '../../core/errors.js';
import { runPostgresMigrations } from './schema/migrations.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** What an adapter runs statements on: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** How long a fresh connection may take before start-up reports the database as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** int8's type oid: count(*) and sum() arrive as strings by default; Paperboy's counts fit a double. */
const INT8_OID = 20;
const defaultParser = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => unknown;
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown => (oid === INT8_OID ? Number : defaultParser(oid, format))) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  /** Most connections the pool opens (default 10). */
  readonly poolSize?: number;
  /** Told about a connection that failed while idle; the pool replaces it. */
  readonly onIdleError?: (error: Error) => void;
}

/** A pool on `url` with the schema migrated; every failure is a StoreFailure naming the server. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Pool> {
  const pool = createPool(url, options);
  try {
    await runPostgresMigrations(pool);
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    const where = describeServer(url);
    if (isAppError(error)) {
      throw new AppError(error.code, `cannot open PostgreSQL database ${where}: ${error.message}`, { cause: error, details: { ...error.details, database: where } });
    }
    throw new AppError(ErrorCode.StoreFailure, `cannot open PostgreSQL database ${where}: ${describeError(error)}`, { cause: error, details: { database: where } });
  }
}

export function createPool(url: string, options: PostgresOptions = {}): Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types: TYPES });
  // An idle connection that drops (server restart) must not crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/** Runs `work` in one transaction on one connection; a throw rolls it back. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** `host:port/database` of a connection URL, never its password, for messages and logs. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
