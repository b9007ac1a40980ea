/**
 * Vitest global setup: one throwaway PostgreSQL cluster for the whole run, with a template
 * database already migrated, so each test's database is a quick copy of it. Stopped and deleted
 * when the run ends, failed or not.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runPostgresMigrations } from '../../../src/store/postgres/schema/migrations.js';
import { startPostgresCluster } from './cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster's superuser URL (database `postgres`). */
    postgresUrl: string;
    /** A database at the latest schema, to copy with CREATE DATABASE ... TEMPLATE. */
    postgresTemplate: string;
  }
}

export const TEMPLATE_DATABASE = 'paperboy_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: cluster.url(TEMPLATE_DATABASE), max: 1 });
    await runPostgresMigrations(pool);
    await pool.end();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('postgresUrl', cluster.url());
  project.provide('postgresTemplate', TEMPLATE_DATABASE);
  return () => cluster.stop();
}
