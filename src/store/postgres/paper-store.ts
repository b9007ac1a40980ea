/**
 * PaperStore on PostgreSQL: papers keyed by arXiv id, refreshed on every sighting with the same
 * merge as SQLite (rows/paper-row.ts), searched through `paper_search` (search/).
 *
 * An upsert runs in one transaction holding the paper-upsert advisory lock, so two instances
 * ingesting the same day never race to insert one paper: the second waits, then finds the
 * first's rows and merges into them. A batch is three statements whatever its size: read the
 * known papers, insert the new ones with their search documents, update the changed ones.
 */
import type { Paper, PaperId } from '../../core/paper.js';
import { systemClock, type Clock, type PaperStore, type UpsertSummary } from '../../core/ports.js';
import { PAPER_COLUMN_NAMES, columnsToPaper, mergeColumns, paperToColumns, parseStringArray, sameColumns, type PaperColumns } from '../rows/paper-row.js';
import { LockKey, LockNamespace } from './advisory-locks.js';
import { withTransaction, type Pool, type PoolClient } from './database.js';
import { pageWithPapers } from '../search/search-page.js';
import { createPostgresPaperSearch, type PostgresSearchOptions } from './search/paper-search.js';
import { searchDocument } from './search/search-document.js';
import type { SearchCopy } from './search-copy/search-copy.js';

export interface PostgresPaperStoreOptions {
  /** Stamps first_seen_at/updated_at and anchors search freshness; default: the system clock. */
  readonly clock?: Clock;
  readonly search?: PostgresSearchOptions;
  /** This instance's local search copy: searches go there once it is built, PostgreSQL's own search until then. */
  readonly searchCopy?: SearchCopy;
}

const COLUMNS = PAPER_COLUMN_NAMES.join(', ');
const INTEGER_COLUMNS = new Set(['author_count', 'upvotes', 'comments', 'github_stars']);
/** `id text, title text, ...` for json_to_recordset. */
const RECORD_TYPE = PAPER_COLUMN_NAMES.map((name) => `${name} ${INTEGER_COLUMNS.has(name) ? 'integer' : 'text'}`).join(', ');
const TEXT_FIELDS = ['title', 'abstract', 'keywords', 'authors'] as const;

type Row = PaperColumns & { doc?: string };

export function createPostgresPaperStore(pool: Pool, options: PostgresPaperStoreOptions = {}): PaperStore {
  const clock = options.clock ?? systemClock;
  const search = createPostgresPaperSearch(pool, clock, options.search);
  const copyStore = () => options.searchCopy?.fresh() ?? Promise.resolve(undefined);

  async function upsertAll(client: PoolClient, papers: readonly Paper[]): Promise<UpsertSummary> {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LockNamespace.store, LockKey.paperUpsert]);
    const ids = [...new Set(papers.map((paper) => paper.id))];
    const { rows: known } = await client.query<PaperColumns>(`SELECT ${COLUMNS} FROM papers WHERE id = ANY($1::text[])`, [ids]);
    const stored = new Map(known.map((row) => [row.id, row]));
    const inserts = new Map<string, Row>();
    const updates = new Map<string, Row>();
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    // In order, as SQLite does it: a paper twice in one batch is inserted, then merged.
    for (const paper of papers) {
      const seen = paperToColumns(paper);
      const current = inserts.get(seen.id) ?? updates.get(seen.id) ?? stored.get(seen.id);
      if (!current) {
        inserts.set(seen.id, seen);
        inserted += 1;
        continue;
      }
      const merged = mergeColumns(current, seen);
      if (sameColumns(current, merged)) {
        unchanged += 1;
        continue;
      }
      updated += 1;
      if (inserts.has(seen.id)) inserts.set(seen.id, merged);
      else updates.set(seen.id, merged);
    }
    const now = clock.now().toISOString();
    if (inserts.size > 0) {
      const rows = [...inserts.values()].map((row) => ({ ...row, doc: documentOf(row) }));
      await client.query(
        // Numbered in batch order, as SQLite numbers them: seq order is what "newest" means.
        `WITH r AS (SELECT * FROM ROWS FROM (json_to_recordset($1::json) AS (${RECORD_TYPE}, doc text)) WITH ORDINALITY AS r(${PAPER_COLUMN_NAMES.join(', ')}, doc, n)),
         inserted AS (
           INSERT INTO papers (${COLUMNS}, first_seen_at, updated_at)
           SELECT ${COLUMNS}, $2, $2 FROM r ORDER BY n
           RETURNING seq, id
         )
         INSERT INTO paper_search (seq, doc)
         SELECT inserted.seq, r.doc::tsvector FROM inserted JOIN r ON r.id = inserted.id`,
        [JSON.stringify(rows), now],
      );
    }
    if (updates.size > 0) {
      const rows = [...updates.values()].map((row) => {
        const before = stored.get(row.id);
        return before && TEXT_FIELDS.some((field) => before[field] !== row[field]) ? { ...row, doc: documentOf(row) } : row;
      });
      await client.query(
        `WITH r AS (SELECT * FROM json_to_recordset($1::json) AS r(${RECORD_TYPE}, doc text)),
         updated AS (
           UPDATE papers p SET ${PAPER_COLUMN_NAMES.filter((name) => name !== 'id').map((name) => `${name} = r.${name}`).join(', ')}, updated_at = $2
           FROM r WHERE p.id = r.id
           RETURNING p.seq, r.doc
         )
         UPDATE paper_search s SET doc = updated.doc::tsvector FROM updated WHERE s.seq = updated.seq AND updated.doc IS NOT NULL`,
        [JSON.stringify(rows), now],
      );
    }
    return { inserted, updated, unchanged };
  }

  async function getPapers(ids: readonly PaperId[]): Promise<Paper[]> {
    if (ids.length === 0) return [];
    const { rows } = await pool.query<PaperColumns>(`SELECT ${COLUMNS} FROM papers WHERE id = ANY($1::text[])`, [[...ids]]);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = found.get(id);
      return row ? [columnsToPaper(row)] : [];
    });
  }

  return {
    upsertPapers(papers) {
      if (papers.length === 0) return Promise.resolve({ inserted: 0, updated: 0, unchanged: 0 });
      return withTransaction(pool, (client) => upsertAll(client, papers));
    },
    async getPaper(id) {
      const { rows } = await pool.query<PaperColumns>(`SELECT ${COLUMNS} FROM papers WHERE id = $1`, [id]);
      return rows[0] ? columnsToPaper(rows[0]) : undefined;
    },
    getPapers,
    async papersForDay(day) {
      const { rows } = await pool.query<PaperColumns>(`SELECT ${COLUMNS} FROM papers WHERE papers_day = $1 ORDER BY upvotes DESC, id`, [day]);
      return rows.map(columnsToPaper);
    },
    async latestDay() {
      const { rows } = await pool.query<{ day: string | null }>('SELECT max(papers_day) AS day FROM papers');
      return rows[0]?.day ?? undefined;
    },
    async search(query, searchOptions) {
      const copy = await copyStore();
      if (copy) return copy.search(query, searchOptions);
      const page = await search.rank(query, searchOptions);
      return pageWithPapers(page, await getPapers(page.hits.map((hit) => hit.id)));
    },
    async rankPapers(query, searchOptions) {
      const copy = await copyStore();
      return copy ? copy.rankPapers(query, searchOptions) : search.rank(query, searchOptions);
    },
    async suggestTitles(prefix, limit) {
      const copy = await copyStore();
      return copy ? copy.suggestTitles(prefix, limit) : search.suggestTitles(prefix, limit);
    },
    async countPapers() {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM papers');
      return rows[0]?.n ?? 0;
    },
  };
}

function documentOf(row: PaperColumns): string {
  return searchDocument({ title: row.title, abstract: row.abstract, keywords: parseStringArray(row.keywords), authors: parseStringArray(row.authors) });
}
