/**
 * The PostgreSQL side of the search benchmark (bench/search.bench.ts), run inside an engine
 * process of bench/search-engines.ts: the archive arrives the way an existing install moves to
 * PostgreSQL, by `paperboy migrate-store` from the SQLite archive the benchmark built, and is
 * searched through the real PostgreSQL store, as /papers does.
 */
import { parseSearchQuery } from '../src/core/search/query.js';
import { openPostgres } from '../src/store/postgres/database.js';
import { openPostgresStores } from '../src/store/postgres/stores.js';
import { copySqliteToPostgres } from '../src/store/sqlite-to-postgres.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import type { BenchQuery } from './search-engines.js';

/** The copy's time and the archive's size in PostgreSQL. */
export async function copyArchiveToPostgres(path: string, url: string): Promise<{ buildMs: number; optimizeMs: number; diskMb: number }> {
  const sqlite = openDatabase(path);
  const pool = await openPostgres(url);
  try {
    const started = performance.now();
    await copySqliteToPostgres(sqlite, pool);
    const copied = performance.now();
    // What migrate-store does after a copy: planner statistics and the visibility map.
    await pool.query('VACUUM (ANALYZE) papers, paper_search');
    const buildMs = performance.now() - started;
    const { rows } = await pool.query<{ bytes: number }>("SELECT pg_total_relation_size('papers') + pg_total_relation_size('paper_search') AS bytes");
    return { buildMs, optimizeMs: buildMs - (copied - started), diskMb: (rows[0]?.bytes ?? 0) / 1e6 };
  } finally {
    await pool.end();
    sqlite.close();
  }
}

export interface AsyncSearcher {
  search(query: BenchQuery, limit: number): Promise<number>;
}

/** What /papers runs: rank the 50 the chat service asks for, then read the page it shows. */
export async function openPostgresSearcher(url: string, now: Date, pageShown: number): Promise<AsyncSearcher> {
  const stores = await openPostgresStores(url, { clock: { now: () => now }, poolSize: 2 });
  return {
    async search(query, limit) {
      const ranked = await stores.papers.rankPapers(parseSearchQuery(query.text, now), { limit });
      await stores.papers.getPapers(ranked.hits.slice(0, pageShown).map((hit) => hit.id));
      return ranked.hits.length;
    },
  };
}
