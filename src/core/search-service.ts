/**
 * `/papers <query>` for chat: the local index, merged with Hugging Face's own search when it
 * answers within a time budget, deduplicated by arXiv id, cached for a few minutes so paging
 * and repeated queries cost nothing. HF hits are stored, so the archive grows with use.
 */
import { describeError } from './errors.js';
import type { PaperId } from './paper.js';
import type { Clock, PaperSource, PaperStore, SearchHit } from './ports.js';
import { isEmptyQuery, parseSearchQuery, type SearchQuery } from './search.js';

export interface SearchServiceOptions {
  readonly store: PaperStore;
  /** Omit to search the local index only. */
  readonly source?: PaperSource | undefined;
  readonly clock: Clock;
  /** How long Hugging Face may take before local results go out alone. */
  readonly liveBudgetMs: number;
  readonly cacheTtlMs: number;
  /** Local hits considered for the merged list (pages beyond this are rarely read). */
  readonly maxLocalResults: number;
  readonly liveLimit: number;
  /** Entries kept in the cache; the oldest is dropped first. */
  readonly cacheSize?: number;
  /** Community votes for hits only Hugging Face returned (local hits carry theirs already). */
  readonly votes?: { countVotes(paperId: PaperId): number } | undefined;
}

export interface MergedSearchResult {
  readonly query: SearchQuery;
  readonly hits: SearchHit[];
  readonly page: number;
  readonly pageCount: number;
  readonly total: number;
  /** One line for the user when results are partial, e.g. HF unreachable. */
  readonly note?: string | undefined;
  /** Why Hugging Face search failed, for the log at the edge. */
  readonly liveError?: string | undefined;
}

interface CacheEntry {
  readonly at: number;
  readonly hits: SearchHit[];
  readonly note?: string | undefined;
  readonly liveError?: string | undefined;
}

export const LIVE_UNREACHABLE_NOTE = 'Hugging Face search did not answer in time; showing results from the local archive only.';

export interface SearchService {
  search(request: { text: string; page: number; pageSize: number }): Promise<MergedSearchResult>;
}

export function createSearchService(options: SearchServiceOptions): SearchService {
  const cache = new Map<string, CacheEntry>();
  const cacheSize = options.cacheSize ?? 200;

  async function mergedHits(query: SearchQuery): Promise<CacheEntry> {
    const key = JSON.stringify(query);
    const now = options.clock.now().getTime();
    const cached = cache.get(key);
    if (cached && now - cached.at < options.cacheTtlMs) return cached;

    const localPage = options.store.search(query, { limit: options.maxLocalResults });
    const local = localPage.hits;
    let note: string | undefined;
    let liveError: string | undefined;
    let live: SearchHit[] = [];
    // Filters (author:, min:, …) are ours alone; HF would answer a different question.
    const source = options.source;
    if (source !== undefined && hasOnlyWords(query) && query.text.length > 0) {
      try {
        const batch = await source.search(query.text, options.liveLimit, { signal: AbortSignal.timeout(options.liveBudgetMs) });
        options.store.upsertPapers(batch.papers);
        live = batch.papers.map((paper, index) => ({ paper, score: -index }));
      } catch (error) {
        note = LIVE_UNREACHABLE_NOTE;
        liveError = describeError(error);
      }
    }
    // Local hits that matched every word lead; ones that matched only some word trail Hugging
    // Face's, whose hybrid search understood the whole query.
    const merged = localPage.partial ? dedupeHits([...live, ...local]) : dedupeHits([...local, ...live]);
    const localVotes = new Map(local.map((hit) => [hit.paper.id, hit.votes]));
    const hits = merged.map((hit) => {
      if (hit.votes !== undefined) return hit;
      const votes = localVotes.get(hit.paper.id) ?? options.votes?.countVotes(hit.paper.id);
      return votes === undefined ? hit : { ...hit, votes };
    });
    const entry: CacheEntry = { at: now, hits, note, liveError };
    // A failed live lookup is not cached, so the next query tries Hugging Face again.
    if (note === undefined) {
      cache.delete(key);
      cache.set(key, entry);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value ?? key);
    }
    return entry;
  }

  return {
    async search(request) {
      const query = parseSearchQuery(request.text, options.clock.now());
      const pageSize = Math.max(1, Math.floor(request.pageSize));
      if (isEmptyQuery(query)) return { query, hits: [], page: 0, pageCount: 0, total: 0 };
      const { hits, note, liveError } = await mergedHits(query);
      const pageCount = Math.ceil(hits.length / pageSize);
      const page = Math.min(Math.max(0, Math.floor(request.page)), Math.max(0, pageCount - 1));
      return { query, hits: hits.slice(page * pageSize, (page + 1) * pageSize), page, pageCount, total: hits.length, note, liveError };
    },
  };
}

function dedupeHits(hits: readonly SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.paper.id) && Boolean(seen.add(hit.paper.id)));
}

function hasOnlyWords(query: SearchQuery): boolean {
  return query.authors.length === 0 && query.orgs.length === 0 && query.since === undefined && query.minUpvotes === undefined;
}

/** Community votes of a page's hits, only where there are some ("0 here" on every result is noise). */
export function votesOfHits(hits: readonly SearchHit[]): Map<string, number> {
  return new Map(hits.flatMap((hit) => (hit.votes !== undefined && hit.votes > 0 ? [[hit.paper.id, hit.votes] as const] : [])));
}
