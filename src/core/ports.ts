/**
 * The small interfaces the core talks through. Adapters are named by technology
 * (createHfSource, createSqlitePaperStore); tests fake at these seams or on the wire.
 */
import type { Paper, PaperId } from './paper.js';
import type { SearchQuery } from './search.js';

/** An item the source could not use; the rest of the batch goes on. */
export interface SkippedItem {
  /** Position in the response array. */
  readonly index: number;
  /** The paper id when one could be read. */
  readonly id?: string | undefined;
  /** `path: message` list of what was wrong. */
  readonly reason: string;
}

export interface SourceBatch {
  readonly papers: Paper[];
  readonly skipped: SkippedItem[];
}

export interface DayBatch extends SourceBatch {
  /** The papers-day asked for, `YYYY-MM-DD`. */
  readonly day: string;
}

export interface PaperSource {
  /** Every paper put on Daily Papers on `day`, deduplicated; `[]` for a day without a batch. */
  fetchDay(day: string, options?: { signal?: AbortSignal }): Promise<DayBatch>;
  /** Hugging Face's own search (hybrid semantic and full text), in its relevance order. */
  search(query: string, limit: number, options?: { signal?: AbortSignal }): Promise<SourceBatch>;
  /** One paper, or undefined when Hugging Face has not indexed it. */
  getPaper(id: PaperId, options?: { signal?: AbortSignal }): Promise<Paper | undefined>;
}

export interface UpsertSummary {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface SearchHit {
  readonly paper: Paper;
  /** Higher is better; only comparable within one result list. */
  readonly score: number;
  /** Community votes (both platforms) when the store knows the paper; absent otherwise. */
  readonly votes?: number | undefined;
}

export interface SearchPage {
  readonly hits: SearchHit[];
  /** Matches in all, for "page 1 of N". */
  readonly total: number;
  /** True when no paper matched every word and these match only some of them. */
  readonly partial?: boolean | undefined;
  /** True when more papers match than were ranked (a very common word); `total` counts the ranked ones. */
  readonly capped?: boolean | undefined;
}

/** A search result before its paper is read: what the ranking decided. */
export interface RankedHit {
  readonly id: PaperId;
  readonly score: number;
  /** Community votes (both platforms). */
  readonly votes: number;
}

/** A ranked page of ids; the same flags as SearchPage. */
export interface RankedPage extends Omit<SearchPage, 'hits'> {
  readonly hits: RankedHit[];
}

export interface PaperStore {
  /** Inserts new papers and refreshes the changing fields of known ones; never duplicates. */
  upsertPapers(papers: readonly Paper[]): UpsertSummary;
  getPaper(id: PaperId): Paper | undefined;
  /** Papers by id, in the order asked; ids the store does not know are left out. */
  getPapers(ids: readonly PaperId[]): Paper[];
  /** Papers of one Daily Papers day, most upvoted first. */
  papersForDay(day: string): Paper[];
  /** The newest papers-day in the store, if any. */
  latestDay(): string | undefined;
  /** Ranked full-text search; an empty or unmatchable query gives an empty page, never an error. */
  search(query: SearchQuery, options: { limit: number; offset?: number }): SearchPage;
  /**
   * The same ranking as `search`, without reading the papers: for callers that rank many and
   * show a few (chat pages of 5 out of 50), who then read the page with `getPapers`.
   */
  rankPapers(query: SearchQuery, options: { limit: number; offset?: number }): RankedPage;
  /** Titles starting with or containing what the user is typing, for autocomplete. */
  suggestTitles(prefix: string, limit: number): { id: PaperId; title: string }[];
  countPapers(): number;
  close(): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
