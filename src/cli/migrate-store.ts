/** `paperboy migrate-store`: copy the SQLite database into PostgreSQL, to run on PostgreSQL from then on. */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { describeServer, openPostgres } from '../store/postgres/database.js';
import { copySqliteToPostgres } from '../store/sqlite-to-postgres.js';
import { openDatabase } from '../store/sqlite/database.js';
import { parseCommandArgs } from './args.js';
import { usageError, writeLine, type CliIo } from './io.js';
import { loadRuntime } from './runtime.js';

export const MIGRATE_STORE_HELP = `Usage: paperboy migrate-store --to postgres://USER:PASSWORD@HOST:PORT/DATABASE [--from FILE]

Copies the SQLite database (DATABASE_PATH, or --from) into PostgreSQL: papers and their search
index, subscriptions, the post ledger, votes, digest runs, ingested days, the Slack
workspaces installed through the install flow (their tokens stay sealed), and follows with
their alerts (ids kept). Creates the tables
when the database is new. Safe to run again: rows PostgreSQL already has are left as they are,
so a second run copies nothing, and an interrupted run resumes.

Stop the bot first, run this, then start it with DATABASE_URL set to the same URL.

Options:
  --to URL     the PostgreSQL database (default DATABASE_URL)
  --from FILE  the SQLite file (default DATABASE_PATH)
  -h, --help   show this help`;

export async function runMigrateStore(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('migrate-store', argv, {
    to: { type: 'string' },
    from: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, false);
  if (values.help) {
    writeLine(io.stdout, MIGRATE_STORE_HELP);
    return 0;
  }
  const { config } = loadRuntime(io, { quietByDefault: true });
  const url = values.to ?? config.database.url;
  if (url === undefined) throw usageError('migrate-store: give --to postgres://... (or set DATABASE_URL)');
  if (!/^postgres(ql)?:\/\//u.test(url)) throw usageError('migrate-store: --to must be a postgres:// or postgresql:// URL');
  const from = resolve(io.cwd, values.from ?? config.database.path);
  if (!existsSync(from)) throw usageError(`migrate-store: no SQLite database at ${from}`);

  const sqlite = openDatabase(from);
  try {
    const pool = await openPostgres(url);
    try {
      writeLine(io.stdout, `Copying ${from} into PostgreSQL ${describeServer(url)}...`);
      const copies = await copySqliteToPostgres(sqlite, pool);
      for (const copy of copies) {
        writeLine(io.stdout, `  ${copy.table.padEnd(14)} ${String(copy.rows).padStart(8)} in SQLite, ${copy.copied} copied, ${copy.rows - copy.copied} already there`);
      }
      if ((copies[0]?.copied ?? 0) > 0) await pool.query('VACUUM (ANALYZE) papers, paper_search');
      writeLine(io.stdout, `Done. Start Paperboy with DATABASE_URL set to this database.`);
      return 0;
    } finally {
      await pool.end();
    }
  } finally {
    sqlite.close();
  }
}
