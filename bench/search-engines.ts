/**
 * One search engine in its own process, for bench/search.bench.ts: it builds its index over the
 * generated archive and reports build time and memory, or (Paperboy) opens an archive built by
 * another process, then runs the query set it is sent and reports every query's time. Own
 * process, so each RSS number is that engine's alone.
 *
 *   paperboy:   the real store (a SQLite file, createSqlitePaperStore, upserts in batches, then
 *               the index merge `paperboy ingest` does after a backfill) and parseSearchQuery +
 *               PaperStore.search, as /papers runs them.
 *   minisearch: MiniSearch 7 over the same documents and fields, with the same field boosts.
 */
import { statSync } from 'node:fs';
import MiniSearch, { type Query, type SearchOptions } from 'minisearch';
import type { Paper } from '../src/core/paper.js';
import { parseSearchQuery } from '../src/core/search.js';
import { optimizeSearchIndex } from '../src/store/paper-search.js';
import { createSqlitePaperStore } from '../src/store/paper-store.js';
import { openDatabase } from '../src/store/sqlite.js';
import { createCorpus } from './search-corpus.js';

export type Engine = 'paperboy' | 'minisearch';

export interface BenchQuery {
  readonly kind: string;
  /** What a user types, for Paperboy. */
  readonly text: string;
  /** The same question for MiniSearch. */
  readonly mini: { readonly query: Query; readonly options?: SearchOptions };
}

export type ParentMessage =
  | { readonly type: 'build'; readonly engine: Engine; readonly papers: number; readonly path: string }
  | { readonly type: 'open'; readonly path: string }
  /** `warmUp`: one untimed pass first (JIT, page cache); hits are counted on the first pass either way. */
  | { readonly type: 'run'; readonly queries: readonly BenchQuery[]; readonly repeats: number; readonly limit: number; readonly warmUp: boolean };

export type ChildMessage =
  | { readonly type: 'built'; readonly buildMs: number; readonly optimizeMs: number; readonly rssMb: number; readonly diskMb: number }
  | { readonly type: 'opened' }
  /** rssMb: growth since the process started (before any index was built or opened). */
  | { readonly type: 'ran'; readonly timesMs: number[][]; readonly hits: number[]; readonly rssMb: number };

export const NOW = new Date('2026-08-01T12:00:00Z');
const BATCH = 5000;
export const MINI_BOOST = { title: 10, keywords: 4, authors: 3, abstract: 1 };

interface Searcher {
  search(query: BenchQuery, limit: number): number;
}

function rssAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

function openPaperboy(path: string): Searcher {
  const store = createSqlitePaperStore(openDatabase(path), { clock: { now: () => NOW } });
  return { search: (query, limit) => store.search(parseSearchQuery(query.text, NOW), { limit }).hits.length };
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
  const store = createSqlitePaperStore(db, { clock: { now: () => NOW } });
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
  store.close();
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
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'open') {
      searcher = openPaperboy(message.path);
      process.send?.({ type: 'opened' } satisfies ChildMessage);
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
    const engine = searcher;
    if (!engine) throw new Error('run before build');
    const timesMs = message.queries.map(() => [] as number[]);
    const hits = message.queries.map(() => 0);
    const pass = (timed: boolean, first: boolean): void => {
      message.queries.forEach((query, index) => {
        const started = performance.now();
        const found = engine.search(query, message.limit);
        if (timed) timesMs[index]?.push(performance.now() - started);
        if (first) hits[index] = found;
      });
    };
    if (message.warmUp) pass(false, true);
    for (let repeat = 0; repeat < message.repeats; repeat += 1) pass(true, repeat === 0 && !message.warmUp);
    const reply: ChildMessage = { type: 'ran', timesMs, hits, rssMb: (rssAfterGc() - baseline) / 1e6 };
    process.send?.(reply);
  });
}

if (process.send !== undefined) main();
