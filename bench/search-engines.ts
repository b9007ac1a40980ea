/**
 * One search engine in its own process, for bench/search.bench.ts: it builds its index over the
 * generated archive and reports build time and memory, or (Paperboy) opens an archive built by
 * another process, then runs the query set it is sent and reports every query's time. Own
 * process, so each RSS number is that engine's alone.
 *
 *   paperboy:   the real store (a SQLite file, createSqlitePaperStoreSync, upserts in batches, then
 *               the index merge `paperboy ingest` does after a backfill) and what /papers runs:
 *               parseSearchQuery, PaperStore.rankPapers for the 50 the chat service ranks, then
 *               getPapers for the page of 5 it shows.
 *   postgres:   the real PostgreSQL store (bench/search-postgres.ts): the SQLite archive copied
 *               over by migrate-store, then what /papers runs, as for SQLite.
 *   minisearch: MiniSearch 7 over the same documents and fields, with the same field boosts,
 *               returning its ranked ids (a MiniSearch bot would keep the documents in memory,
 *               where reading five costs nothing measurable).
 *
 * The Paperboy process also measures the floor under its own answers (`floor`): parsing alone,
 * and the one FTS5 lookup that any answer from SQLite has to make.
 */
import { statSync } from 'node:fs';
import MiniSearch, { type Query, type SearchOptions } from 'minisearch';
import type { Paper } from '../src/core/paper.js';
import { parseSearchQuery } from '../src/core/search/query.js';
import { optimizeSearchIndex, textMatchExpression } from '../src/store/sqlite/search/paper-search.js';
import { createSqlitePaperStoreSync } from '../src/store/sqlite/paper-store.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { createCorpus } from './search-corpus.js';
import { copyArchiveToPostgres, openPostgresSearcher, type AsyncSearcher, type CopyBuild, type PostgresDiagnosis } from './search-postgres.js';

export type Engine = 'paperboy' | 'postgres' | 'copy' | 'minisearch';

export interface BenchQuery {
  readonly kind: string;
  /** What a user types, for Paperboy. */
  readonly text: string;
  /** The same question for MiniSearch. */
  readonly mini: { readonly query: Query; readonly options?: SearchOptions };
}

export type ParentMessage =
  | { readonly type: 'build'; readonly engine: Engine; readonly papers: number; readonly path: string }
  /** Paperboy opens the SQLite file at `path`; PostgreSQL the database at `url`, searched through a search copy built at `copyPath` when given. */
  | { readonly type: 'open'; readonly path: string; readonly url?: string; readonly copyPath?: string }
  /** Copies the SQLite archive at `path` into the PostgreSQL database at `url`, as migrate-store does. */
  | { readonly type: 'copy'; readonly path: string; readonly url: string }
  /** `warmUp`: queries run once, untimed, before the timed passes (JIT, page cache). */
  | { readonly type: 'run'; readonly queries: readonly BenchQuery[]; readonly repeats: number; readonly limit: number; readonly warmUp: readonly BenchQuery[] }
  | { readonly type: 'floor'; readonly queries: readonly BenchQuery[]; readonly repeats: number }
  /** PostgreSQL only: each class once more, with the server's statement counts and times. */
  | { readonly type: 'diagnose'; readonly queries: readonly BenchQuery[]; readonly limit: number };

export type ChildMessage =
  | { readonly type: 'built'; readonly buildMs: number; readonly optimizeMs: number; readonly rssMb: number; readonly diskMb: number }
  /** `copy`: the search copy's first build, when one was asked for. */
  | { readonly type: 'opened'; readonly copy?: CopyBuild }
  /** rssMb: growth since the process started (before any index was built or opened). */
  | { readonly type: 'ran'; readonly timesMs: number[][]; readonly hits: number[]; readonly rssMb: number }
  /** Per query, every repeat: parsing alone, and one bare FTS5 lookup of the query's words. */
  | { readonly type: 'floored'; readonly parseMs: number[][]; readonly lookupMs: number[][] }
  | { readonly type: 'diagnosed'; readonly diagnoses: readonly PostgresDiagnosis[] | undefined };

export const NOW = new Date('2026-08-01T12:00:00Z');
const BATCH = 5000;
export const MINI_BOOST = { title: 10, keywords: 4, authors: 3, abstract: 1 };

/** Results the chat service shows per page, read in full after ranking. */
export const PAGE_SHOWN = 5;

interface Searcher {
  search(query: BenchQuery, limit: number): number | Promise<number>;
}

interface PaperboySearcher extends Searcher {
  floor(query: BenchQuery): { parseMs: number; lookupMs: number };
}

function rssAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

function openPaperboy(path: string): PaperboySearcher {
  const db = openDatabase(path);
  const store = createSqlitePaperStoreSync(db, { clock: { now: () => NOW } });
  const lookup = db.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?').pluck();
  return {
    search(query, limit) {
      const ranked = store.rankPapers(parseSearchQuery(query.text, NOW), { limit });
      store.getPapers(ranked.hits.slice(0, PAGE_SHOWN).map((hit) => hit.id));
      return ranked.hits.length;
    },
    floor(query) {
      let started = performance.now();
      const parsed = parseSearchQuery(query.text, NOW);
      const parseMs = performance.now() - started;
      const match = textMatchExpression(parsed, 'AND') ?? '""';
      started = performance.now();
      lookup.all(match, 101);
      return { parseMs, lookupMs: performance.now() - started };
    },
  };
}

/** The corpus, timing its own generation so build times can leave it out. */
function timedCorpus(papers: number): { paper: (index: number) => Paper; generationMs: () => number } {
  const corpus = createCorpus(papers);
  let spent = 0;
  return {
    paper: (index) => {
      const started = performance.now();
      const paper = corpus.paper(index);
      spent += performance.now() - started;
      return paper;
    },
    generationMs: () => spent,
  };
}

type TimedCorpus = ReturnType<typeof timedCorpus>;

function buildPaperboy(papers: number, corpus: TimedCorpus, path: string): { optimizeMs: number; diskMb: number } {
  const db = openDatabase(path);
  const store = createSqlitePaperStoreSync(db, { clock: { now: () => NOW } });
  let batch: Paper[] = [];
  for (let i = 0; i < papers; i += 1) {
    batch.push(corpus.paper(i));
    if (batch.length === BATCH) {
      store.upsertPapers(batch);
      batch = [];
    }
  }
  store.upsertPapers(batch);
  const started = performance.now();
  optimizeSearchIndex(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const optimizeMs = performance.now() - started;
  db.close();
  return { optimizeMs, diskMb: statSync(path).size / 1e6 };
}

function buildMiniSearch(papers: number, corpus: TimedCorpus): Searcher {
  const mini = new MiniSearch<Paper>({
    fields: ['title', 'abstract', 'authors', 'keywords'],
    storeFields: [],
    extractField: (paper, field) => {
      const value = paper[field as 'title' | 'abstract' | 'authors' | 'keywords'];
      return typeof value === 'string' ? value : value.join(' ');
    },
    searchOptions: { boost: MINI_BOOST, combineWith: 'AND' },
  });
  for (let i = 0; i < papers; i += 1) mini.add(corpus.paper(i));
  // MiniSearch returns every match, ranked; a page is the first `limit` of them.
  return { search: (query, limit) => mini.search(query.mini.query, query.mini.options).slice(0, limit).length };
}

function main(): void {
  const baseline = rssAfterGc();
  let searcher: Searcher | undefined;
  let paperboy: PaperboySearcher | undefined;
  let postgres: AsyncSearcher | undefined;
  process.on('message', (message: ParentMessage) => {
    void handle(message).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });

  async function handle(message: ParentMessage): Promise<void> {
    if (message.type === 'open') {
      if (message.url === undefined) {
        paperboy = openPaperboy(message.path);
        searcher = paperboy;
      } else {
        const before = rssAfterGc();
        postgres = await openPostgresSearcher(message.url, NOW, PAGE_SHOWN, message.copyPath);
        searcher = postgres;
        const copy = postgres.copyBuild === undefined ? undefined : { ...postgres.copyBuild, rssMb: (rssAfterGc() - before) / 1e6 };
        process.send?.({ type: 'opened', ...(copy ? { copy } : {}) } satisfies ChildMessage);
        return;
      }
      process.send?.({ type: 'opened' } satisfies ChildMessage);
      return;
    }
    if (message.type === 'copy') {
      const before = rssAfterGc();
      const copied = await copyArchiveToPostgres(message.path, message.url);
      process.send?.({ type: 'built', ...copied, rssMb: (rssAfterGc() - before) / 1e6 } satisfies ChildMessage);
      return;
    }
    if (message.type === 'build') {
      const corpus = timedCorpus(message.papers);
      const before = rssAfterGc();
      const started = performance.now();
      let optimizeMs = 0;
      let diskMb = 0;
      if (message.engine === 'paperboy') {
        ({ optimizeMs, diskMb } = buildPaperboy(message.papers, corpus, message.path));
      } else {
        searcher = buildMiniSearch(message.papers, corpus);
      }
      const buildMs = performance.now() - started - corpus.generationMs();
      const reply: ChildMessage = { type: 'built', buildMs, optimizeMs, rssMb: (rssAfterGc() - before) / 1e6, diskMb };
      process.send?.(reply);
      return;
    }
    if (message.type === 'floor') {
      const measure = paperboy;
      if (!measure) throw new Error('floor before open');
      const parseMs = message.queries.map(() => [] as number[]);
      const lookupMs = message.queries.map(() => [] as number[]);
      for (let repeat = 0; repeat < message.repeats; repeat += 1) {
        message.queries.forEach((query, index) => {
          const measured = measure.floor(query);
          parseMs[index]?.push(measured.parseMs);
          lookupMs[index]?.push(measured.lookupMs);
        });
      }
      process.send?.({ type: 'floored', parseMs, lookupMs } satisfies ChildMessage);
      return;
    }
    if (message.type === 'diagnose') {
      if (!postgres) throw new Error('diagnose before opening PostgreSQL');
      process.send?.({ type: 'diagnosed', diagnoses: await postgres.diagnose(message.queries, message.limit) } satisfies ChildMessage);
      return;
    }
    const engine = searcher;
    if (!engine) throw new Error('run before build');
    const timesMs = message.queries.map(() => [] as number[]);
    const hits = message.queries.map(() => 0);
    for (const query of message.warmUp) await engine.search(query, message.limit);
    for (let repeat = 0; repeat < message.repeats; repeat += 1) {
      for (const [index, query] of message.queries.entries()) {
        const started = performance.now();
        const answer = engine.search(query, message.limit);
        // Only an asynchronous engine waits: SQLite's answers are timed as they come.
        const found = typeof answer === 'number' ? answer : await answer;
        timesMs[index]?.push(performance.now() - started);
        if (repeat === 0) hits[index] = found;
      }
    }
    const reply: ChildMessage = { type: 'ran', timesMs, hits, rssMb: (rssAfterGc() - baseline) / 1e6 };
    process.send?.(reply);
  }
}

if (process.send !== undefined) main();
