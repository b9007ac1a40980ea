/** `paperboy backup PATH`: a consistent copy of the database, safe while the bot runs. */
import { resolve } from 'node:path';
import { backupDatabase } from '../store/sqlite/backup.js';
import { parseCommandArgs } from './args.js';
import { usageError, writeLine, type CliIo } from './io.js';
import { loadRuntime } from './runtime.js';

const PG_DUMP = 'pg_dump --format=custom --file=paperboy.dump "$DATABASE_URL"';

export const BACKUP_HELP = `Usage: paperboy backup PATH

Writes a consistent copy of the database (DATABASE_PATH) to PATH, a new file, using SQLite's
online backup: the bot may keep running and posting meanwhile. The copy is checked, readable
by its owner only, and opens as a database of its own (point DATABASE_PATH at it to restore).
With DATABASE_URL (PostgreSQL) use PostgreSQL's tools instead, e.g. ${PG_DUMP}.`;

export async function runBackup(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('backup', argv, { help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    writeLine(io.stdout, BACKUP_HELP);
    return 0;
  }
  const [target, extra] = positionals;
  if (target === undefined || extra !== undefined) throw usageError('backup: give exactly one PATH to write the copy to');
  const { config } = loadRuntime(io, { quietByDefault: true });
  // The copy is SQLite's; a copy of an unused file would look like a backup and hold nothing.
  if (config.database.url !== undefined) throw usageError(`backup: DATABASE_URL is set, so the data is in PostgreSQL; back it up with PostgreSQL's own tools, e.g. ${PG_DUMP}`);
  const started = performance.now();
  const summary = await backupDatabase(resolve(io.cwd, config.database.path), resolve(io.cwd, target));
  writeLine(io.stdout, `Backed up ${summary.papers} papers and ${summary.sentPosts} sent posts to ${target} ` +
    `(${(summary.bytes / 1_048_576).toFixed(1)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s).`);
  return 0;
}
