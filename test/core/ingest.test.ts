import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daysBetween, ingestDays, isSettled } from '../../src/core/ingest/ingest.js';
import type { DayBatch, PaperSource, PaperStore, IngestLog } from '../../src/core/ports.js';
import { createSqliteIngestLog } from '../../src/store/sqlite/ingest-log.js';
import { createSqlitePaperStore } from '../../src/store/sqlite/paper-store.js';
import { openDatabase, type Database } from '../../src/store/sqlite/database.js';
import { makePaper } from '../support/papers.js';

const NOW = new Date('2026-08-01T10:00:00Z');

/** A source at the PaperSource seam: one paper per day, a day in `failing` throws. */
function daySource(failing: Set<string> = new Set(), onFetch: (day: string) => void = () => undefined): PaperSource & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    fetchDay(day): Promise<DayBatch> {
      fetched.push(day);
      onFetch(day);
      if (failing.has(day)) return Promise.reject(new Error(`HF down on ${day}`));
      const id = `26${day.slice(5, 7)}.${day.slice(8, 10)}001`;
      return Promise.resolve({ day, papers: [makePaper(id, { papersDay: day })], skipped: [] });
    },
    search: () => Promise.resolve({ papers: [], skipped: [] }),
    getPaper: () => Promise.resolve(undefined),
  };
}

let db: Database;
let store: PaperStore;
let log: IngestLog;
beforeEach(() => {
  db = openDatabase(':memory:');
  store = createSqlitePaperStore(db);
  log = createSqliteIngestLog(db);
});
afterEach(() => {
  db.close();
});

describe('ingestDays', () => {
  it('records each settled day as it finishes and skips it on the next run', async () => {
    const days = daysBetween('2026-07-20', '2026-07-25');
    const first = await ingestDays(daySource(), store, days, { log, now: NOW });
    expect(first.results.map((result) => result.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(await store.countPapers()).toBe(6);
    const source = daySource();
    const second = await ingestDays(source, store, days, { log, now: NOW });
    expect(source.fetched).toEqual([]);
    expect(second.results.every((result) => result.status === 'complete')).toBe(true);
  });

  it('fetches the last days again every run, since Hugging Face still adds to them', async () => {
    const days = daysBetween('2026-07-28', '2026-08-01');
    await ingestDays(daySource(), store, days, { log, now: NOW });
    const source = daySource();
    await ingestDays(source, store, days, { log, now: NOW });
    expect(source.fetched).toEqual(['2026-07-30', '2026-07-31', '2026-08-01']);
    expect(isSettled('2026-07-29', NOW)).toBe(true);
    expect(isSettled('2026-07-30', NOW)).toBe(false);
  });

  it('does not record a failed day, so the next run retries exactly that one', async () => {
    const days = daysBetween('2026-07-01', '2026-07-03');
    const first = await ingestDays(daySource(new Set(['2026-07-02'])), store, days, { log, now: NOW });
    expect(first.results.map((result) => result.status)).toEqual(['ok', 'failed', 'ok']);
    expect(first.results[1]?.error).toContain('HF down');
    const source = daySource();
    await ingestDays(source, store, days, { log, now: NOW });
    expect(source.fetched).toEqual(['2026-07-02']);
  });

  it('fetches complete days again with refresh', async () => {
    const days = daysBetween('2026-07-01', '2026-07-02');
    await ingestDays(daySource(), store, days, { log, now: NOW });
    const source = daySource();
    await ingestDays(source, store, days, { log, now: NOW, refresh: true });
    expect(source.fetched).toEqual(days);
  });

  it('stops between days when interrupted and keeps what it finished, so the run resumes', async () => {
    const stop = new AbortController();
    const days = daysBetween('2026-07-01', '2026-07-10');
    const run = await ingestDays(daySource(new Set(), (day) => {
      if (day === '2026-07-04') stop.abort(new Error('interrupted'));
    }), store, days, { log, now: NOW, signal: stop.signal });
    expect(run.interrupted).toBe(true);
    expect(run.results.map((result) => result.day)).toEqual(['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04']);
    const source = daySource();
    const rest = await ingestDays(source, store, days, { log, now: NOW });
    expect(source.fetched).toEqual(daysBetween('2026-07-05', '2026-07-10'));
    expect(rest.interrupted).toBe(false);
  });

  it('reports every day to onDay with its position', async () => {
    const seen: [string, number, number][] = [];
    await ingestDays(daySource(), store, ['2026-07-01', '2026-07-02'], { onDay: (result, done, total) => seen.push([result.day, done, total]) });
    expect(seen).toEqual([['2026-07-01', 1, 2], ['2026-07-02', 2, 2]]);
  });
});

describe('daysBetween', () => {
  it('lists every calendar day of the archive, inclusive, across leap days', () => {
    const all = daysBetween('2023-05-04', '2026-08-01');
    expect(all[0]).toBe('2023-05-04');
    expect(all.at(-1)).toBe('2026-08-01');
    expect(all).toContain('2024-02-29');
    expect(new Set(all).size).toBe(all.length);
  });
});
