/**
 * PaperStore on SQLite: papers keyed by arXiv id, refreshed on every sighting, searched through
 * the FTS5 index kept in step by triggers (see papers-schema.ts).
 */
import type { Database } from 'better-sqlite3';
import type { Paper, PaperId } from '../../core/paper.js';
import { systemClock, type Clock, type PaperStore, type UpsertSummary } from '../../core/ports.js';
import {
  PAPER_COLUMN_NAMES,
  columnsToPaper,
  mergeColumns,
  paperToColumns,
  sameColumns,
  type PaperColumns,
} from '../rows/paper-row.js';
import { createPaperSearch } from './search/paper-search.js';
import { pageWithPapers } from '../search/search-page.js';
import { promised, type Synchronous } from '../promised.js';

export interface SqlitePaperStoreOptions {
  /** Stamps first_seen_at/updated_at and anchors search freshness; default: the system clock. */
  readonly clock?: Clock;
}

const COLUMNS = PAPER_COLUMN_NAMES.join(', ');
const BINDINGS = PAPER_COLUMN_NAMES.map((name) => `@${name}`).join(', ');
const ASSIGNMENTS = PAPER_COLUMN_NAMES.filter((name) => name !== 'id')
  .map((name) => `${name} = @${name}`)
  .join(', ');

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqlitePaperStoreSync(db: Database, options: SqlitePaperStoreOptions = {}): Synchronous<PaperStore> {
  const clock = options.clock ?? systemClock;
  const paperSearch = createPaperSearch(db, clock);

  const selectById = db.prepare<[string], PaperColumns>(`SELECT ${COLUMNS} FROM papers WHERE id = ?`);
  const insert = db.prepare<[PaperColumns & { now: string }]>(
    `INSERT INTO papers (${COLUMNS}, first_seen_at, updated_at) VALUES (${BINDINGS}, @now, @now)`,
  );
  const update = db.prepare<[PaperColumns & { now: string }]>(
    `UPDATE papers SET ${ASSIGNMENTS}, updated_at = @now WHERE id = @id`,
  );
  const selectDay = db.prepare<[string], PaperColumns>(
    `SELECT ${COLUMNS} FROM papers WHERE papers_day = ? ORDER BY upvotes DESC, id`,
  );
  const selectByIds = db.prepare<[string], PaperColumns>(`SELECT ${COLUMNS} FROM papers WHERE id IN (SELECT value FROM json_each(?))`);
  const selectLatestDay = db.prepare<[], string | null>('SELECT max(papers_day) FROM papers').pluck();
  const selectCount = db.prepare<[], number>('SELECT count(*) FROM papers').pluck();

  const upsertAll = db.transaction((papers: readonly Paper[]): UpsertSummary => {
    const now = clock.now().toISOString();
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    for (const paper of papers) {
      const seen = paperToColumns(paper);
      const stored = selectById.get(seen.id);
      if (!stored) {
        insert.run({ ...seen, now });
        inserted += 1;
        continue;
      }
      const merged = mergeColumns(stored, seen);
      if (sameColumns(stored, merged)) {
        unchanged += 1;
      } else {
        update.run({ ...merged, now });
        updated += 1;
      }
    }
    return { inserted, updated, unchanged };
  });

  function getPapers(ids: readonly PaperId[]): Paper[] {
    if (ids.length === 0) return [];
    const found = new Map(selectByIds.all(JSON.stringify(ids)).map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = found.get(id);
      return row ? [columnsToPaper(row)] : [];
    });
  }

  return {
    upsertPapers(papers) {
      if (papers.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      return upsertAll(papers);
    },
    getPaper(id: PaperId) {
      const row = selectById.get(id);
      return row ? columnsToPaper(row) : undefined;
    },
    papersForDay(day) {
      return selectDay.all(day).map(columnsToPaper);
    },
    latestDay() {
      return selectLatestDay.get() ?? undefined;
    },
    getPapers: (ids) => getPapers(ids),
    search(query, searchOptions) {
      const page = paperSearch.rank(query, searchOptions);
      return pageWithPapers(page, getPapers(page.hits.map((hit) => hit.id)));
    },
    rankPapers: (query, searchOptions) => paperSearch.rank(query, searchOptions),
    suggestTitles: (prefix, limit) => paperSearch.suggestTitles(prefix, limit),
    countPapers() {
      return selectCount.get() ?? 0;
    },
  };
}

export function createSqlitePaperStore(db: Database, options: SqlitePaperStoreOptions = {}): PaperStore {
  return promised<PaperStore>(createSqlitePaperStoreSync(db, options));
}
