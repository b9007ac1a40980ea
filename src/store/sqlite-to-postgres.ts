/**
 * Copies an SQLite database into PostgreSQL: papers (with their search documents), subscriptions,
 * the post ledger (with nonces and message ids, so nothing is posted again), votes, digest runs,
 * the ingested days, the Slack installations (sealed as they are) with their links and used
 * install states, and the follows with their people, alerts and alerted papers. Both stores use the same table and column names, so a row goes across
 * as it is, by name.
 *
 * Safe to run again, and to resume after an interruption: a row whose key PostgreSQL already has
 * is left as it is there, never overwritten. Papers go across in their SQLite order, so
 * PostgreSQL numbers them as SQLite did and "newest" means the same.
 *
 * Into an empty archive, the papers go in one transaction with the text index dropped and built
 * again at the end: building a GIN index over 200,000 documents at once takes a minute, adding
 * them one by one many times that. An interruption then leaves no papers, and the index as it
 * was. Into an archive that has papers, they go batch by batch, each batch a statement.
 */
import { withTransaction, type Pool, type Queryable } from './postgres/database.js';
import { CREATE_PAPER_SEARCH_INDEX, PAPER_SEARCH_INDEX } from './postgres/schema/papers-schema.js';
import { searchDocument } from './postgres/search/search-document.js';
import { PAPER_COLUMN_NAMES, parseStringArray, type PaperColumns } from './rows/paper-row.js';
import type { Database } from './sqlite/database.js';

/** Rows per statement and transaction. */
const BATCH = 2000;

export interface TableCopy {
  readonly table: string;
  /** Rows in SQLite. */
  readonly rows: number;
  /** Rows this run added to PostgreSQL. */
  readonly copied: number;
}

/** The tables besides papers, each with its key, in the order they are copied. */
const TABLES = [
  { table: 'subscriptions', key: 'platform, workspace_id, channel_id' },
  { table: 'posts', key: 'platform, workspace_id, channel_id, paper_id' },
  { table: 'votes', key: 'platform, workspace_id, user_id, paper_id' },
  { table: 'digest_runs', key: 'platform, workspace_id, channel_id, day' },
  { table: 'ingested_days', key: 'day' },
  { table: 'installations', key: 'platform, scope, scope_id' },
  { table: 'installation_links', key: 'platform, workspace_id' },
  { table: 'delivery_marks', key: 'key' },
  { table: 'followers', key: 'platform, user_id' },
  // A follow PostgreSQL already has under another id (the same person and query) is left too.
  { table: 'follows', key: 'id', anyConflict: true },
  { table: 'follow_alerts', key: 'platform, user_id, day' },
  { table: 'follow_alerted', key: 'platform, user_id, paper_id' },
  { table: 'follow_runs', key: 'day' },
] as const;

export async function copySqliteToPostgres(
  sqlite: Database,
  pool: Pool,
  onProgress: (copy: TableCopy) => void = () => undefined,
): Promise<TableCopy[]> {
  const copies = [await copyPapers(sqlite, pool, onProgress)];
  for (const entry of TABLES) copies.push(await copyTable(sqlite, pool, entry.table, entry.key, 'anyConflict' in entry, onProgress));
  // Follows keep their SQLite ids (people unfollow by them); new ones are numbered after the last.
  await pool.query("SELECT setval(pg_get_serial_sequence('follows', 'id'), greatest((SELECT max(id) FROM follows), 1), (SELECT max(id) FROM follows) IS NOT NULL)");
  return copies;
}

/** Memory for building the index after a bulk copy (PostgreSQL's default is 64 MB). */
const INDEX_BUILD_MEMORY = '512MB';

async function copyPapers(sqlite: Database, pool: Pool, onProgress: (copy: TableCopy) => void): Promise<TableCopy> {
  const { rows } = await pool.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM papers) AS empty');
  if (rows[0]?.empty !== true) return copyPaperBatches(sqlite, pool, onProgress);
  return withTransaction(pool, async (client) => {
    await client.query(`DROP INDEX ${PAPER_SEARCH_INDEX}`);
    const copy = await copyPaperBatches(sqlite, client, onProgress);
    await client.query(`SET LOCAL maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
    await client.query(CREATE_PAPER_SEARCH_INDEX);
    return copy;
  });
}

async function copyPaperBatches(sqlite: Database, db: Queryable, onProgress: (copy: TableCopy) => void): Promise<TableCopy> {
  const total = Number(sqlite.prepare('SELECT count(*) FROM papers').pluck().get());
  const next = sqlite.prepare<[number, number], PaperColumns & { seq: number; first_seen_at: string; updated_at: string }>(
    'SELECT * FROM papers WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  let copied = 0;
  for (let after = 0; ; ) {
    const rows = next.all(after, BATCH);
    const last = rows.at(-1);
    if (last === undefined) break;
    after = last.seq;
    const docs = rows.map((row) => searchDocument({ title: row.title, abstract: row.abstract, keywords: parseStringArray(row.keywords), authors: parseStringArray(row.authors) }));
    const result = await db.query(
      `WITH r AS (SELECT * FROM ROWS FROM (json_populate_recordset(NULL::papers, $1::json)) WITH ORDINALITY AS r),
       d AS (SELECT * FROM unnest($2::text[]) WITH ORDINALITY AS d(doc, ordinality)),
       inserted AS (
         INSERT INTO papers (${PAPER_COPY_COLUMNS})
         SELECT ${PAPER_COPY_COLUMNS} FROM r ORDER BY r.ordinality
         ON CONFLICT (id) DO NOTHING
         RETURNING seq, id
       )
       INSERT INTO paper_search (seq, doc)
       SELECT inserted.seq, d.doc::tsvector
       FROM inserted JOIN r ON r.id = inserted.id JOIN d ON d.ordinality = r.ordinality`,
      [JSON.stringify(rows.map(({ seq: _seq, ...row }) => row)), docs],
    );
    copied += result.rowCount ?? 0;
    onProgress({ table: 'papers', rows: total, copied });
  }
  return { table: 'papers', rows: total, copied };
}

/** Every column of `papers` but the seq, which PostgreSQL assigns. */
const PAPER_COPY_COLUMNS = [...PAPER_COLUMN_NAMES, 'first_seen_at', 'updated_at'].join(', ');

async function copyTable(
  sqlite: Database,
  pool: Pool,
  table: string,
  key: string,
  anyConflict: boolean,
  onProgress: (copy: TableCopy) => void,
): Promise<TableCopy> {
  const total = Number(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
  const page = sqlite.prepare<[number, number], Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${key} LIMIT ? OFFSET ?`);
  let copied = 0;
  for (let offset = 0; offset < total; offset += BATCH) {
    const rows = page.all(BATCH, offset);
    if (rows.length === 0) break;
    // By name: json_populate_recordset fills the table's own row type from each object's keys.
    const result = await pool.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json) ON CONFLICT ${anyConflict ? '' : `(${key})`} DO NOTHING`, [
      JSON.stringify(rows),
    ]);
    copied += result.rowCount ?? 0;
    onProgress({ table, rows: total, copied });
  }
  return { table, rows: total, copied };
}
