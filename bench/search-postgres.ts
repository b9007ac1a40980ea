/**
 * The PostgreSQL side of the search benchmark (bench/search.bench.ts), run inside an engine
 * process of bench/search-engines.ts: the archive arrives the way an existing install moves to
 * PostgreSQL, by `paperboy migrate-store` from the SQLite archive the benchmark built, and is
 * searched through the real PostgreSQL store, as /papers does.
 */
import { existsSync, statSync } from 'node:fs';
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

/** The search copy's first build: its time, its file on disk, the bot's memory growth over it. */
export interface CopyBuild {
  readonly buildMs: number;
  readonly diskMb: number;
  readonly rssMb: number;
}

export interface AsyncSearcher {
  search(query: BenchQuery, limit: number): Promise<number>;
  /** Set when the searcher answers from a search copy it built on opening. */
  readonly copyBuild?: Omit<CopyBuild, 'rssMb'>;
  /** Per class, where a search's time goes; undefined when the server lacks pg_stat_statements. */
  diagnose(queries: readonly BenchQuery[], limit: number): Promise<PostgresDiagnosis[] | undefined>;
}

/** One query class's searches, run once more with the server counting its statements. */
export interface PostgresDiagnosis {
  readonly kind: string;
  /** Statements the server ran per search. */
  readonly statements: number;
  /** The server's planning and execution time per search (pg_stat_statements), mean. */
  readonly planMs: number;
  readonly serverMs: number;
  /** The whole search as the bot waits for it, mean. */
  readonly clientMs: number;
  /** `SELECT 1` from the same pool right after, several per search: one round trip and nothing else. */
  readonly roundTripMs: readonly number[];
}

/** Round trips measured per search of a class, for the floor under each statement. */
const ROUND_TRIPS_PER_SEARCH = 4;

/** What /papers runs: rank the 50 the chat service asks for, then read the page it shows. */
export async function openPostgresSearcher(url: string, now: Date, pageShown: number, copyPath?: string): Promise<AsyncSearcher> {
  const started = performance.now();
  const stores = await openPostgresStores(url, { clock: { now: () => now }, poolSize: 2, ...(copyPath === undefined ? {} : { searchCopy: { path: copyPath } }) });
  let copyBuild: AsyncSearcher['copyBuild'];
  if (stores.searchCopy) {
    // As the bot starts: the copy builds in the background; the bench waits for it before timing searches.
    const state = await stores.searchCopy.settled();
    if (state !== 'ready') throw new Error(`the search copy did not build (${state})`);
    const buildMs = performance.now() - started;
    const file = stores.searchCopy.status().path;
    const bytes = [file, `${file}-wal`].reduce((sum, name) => sum + (existsSync(name) ? statSync(name).size : 0), 0);
    copyBuild = { buildMs, diskMb: bytes / 1e6 };
  }
  const search = async (query: BenchQuery, limit: number): Promise<number> => {
    const ranked = await stores.papers.rankPapers(parseSearchQuery(query.text, now), { limit });
    await stores.papers.getPapers(ranked.hits.slice(0, pageShown).map((hit) => hit.id));
    return ranked.hits.length;
  };
  return {
    search,
    ...(copyBuild ? { copyBuild } : {}),
    async diagnose(queries, limit) {
      const { pool } = stores;
      const available = await pool.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
      if (available.rowCount === 0) return undefined;
      const kinds = [...new Set(queries.map((query) => query.kind))];
      const diagnoses: PostgresDiagnosis[] = [];
      for (const kind of kinds) {
        const group = queries.filter((query) => query.kind === kind);
        await pool.query('SELECT pg_stat_statements_reset()');
        const started = performance.now();
        for (const query of group) await search(query, limit);
        const clientMs = (performance.now() - started) / group.length;
        const { rows } = await pool.query<{ calls: number | null; plan: number | null; ms: number | null }>(
          `SELECT sum(calls)::float8 AS calls, sum(total_plan_time)::float8 AS plan, sum(total_exec_time)::float8 AS ms
           FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`,
        );
        const roundTripMs: number[] = [];
        for (let trip = 0; trip < group.length * ROUND_TRIPS_PER_SEARCH; trip += 1) {
          const sent = performance.now();
          await pool.query('SELECT 1');
          roundTripMs.push(performance.now() - sent);
        }
        const perSearch = (total: number | null | undefined): number => (total ?? 0) / group.length;
        diagnoses.push({ kind, statements: perSearch(rows[0]?.calls), planMs: perSearch(rows[0]?.plan), serverMs: perSearch(rows[0]?.ms), clientMs, roundTripMs });
      }
      return diagnoses;
    },
  };
}
