/**
 * `/papers <query>` for chat: the local index, merged with Hugging Face's own search when it
 * answers within a time budget, deduplicated by arXiv id, cached for a few minutes so paging
 * and repeated queries cost nothing. HF hits are stored, so the archive grows with use.
 *
 * The merged list holds ranked ids; only the page being shown is read in full (5 papers, not
 * the 50 that were ranked), so a search costs what its ranking costs.
 */
import { describeError } from './errors.js';
import type { Paper, PaperId } from './paper.js';
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

/** One entry of the merged list: a local hit by id, or Hugging Face's paper as it came. */
interface MergedHit {
  readonly id: PaperId;
  readonly score: number;
  readonly votes?: number | undefined;
  readonly paper?: Paper;
}

interface CacheEntry {
  readonly at: number;
  readonly hits: MergedHit[];
  readonly note?: string | undefined;
  readonly liveError?: string | undefined;
}

export const LIVE_UNREACHABLE_NOTE = 'Hugging Face search did not answer in time; showing results from the local archive only.';
/** When no paper has every word and the local index fell back to papers with some of them. */
export const PARTIAL_NOTE = 'No paper has all of these words; showing papers that have some of them.';
/** When a very common word matched more papers than were ranked (the newest and the most on-topic). */
export const CAPPED_NOTE = 'Many papers match; the newest and most on-topic were ranked. Add a word, a "phrase" or since:/min: to narrow it.';

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

    const localPage = options.store.rankPapers(query, { limit: options.maxLocalResults });
    const local: MergedHit[] = localPage.hits;
    let liveError: string | undefined;
    let live: MergedHit[] = [];
    // Filters (author:, min:, …) are ours alone; HF would answer a different question.
    const source = options.source;
    if (source !== undefined && hasOnlyWords(query) && query.text.length > 0) {
      try {
        const batch = await source.search(query.text, options.liveLimit, { signal: AbortSignal.timeout(options.liveBudgetMs) });
        options.store.upsertPapers(batch.papers);
        live = batch.papers.map((paper, index) => ({ id: paper.id, paper, score: -index }));
      } catch (error) {
        liveError = describeError(error);
      }
    }
    // Local hits that matched every word lead; ones that matched only some word trail Hugging
    // Face's, whose hybrid search understood the whole query.
    const merged = localPage.partial ? dedupeHits([...live, ...local]) : dedupeHits([...local, ...live]);
    const localVotes = new Map(local.map((hit) => [hit.id, hit.votes]));
    const hits = merged.map((hit) => {
      if (hit.votes !== undefined) return hit;
      const votes = localVotes.get(hit.id) ?? options.votes?.countVotes(hit.id);
      return votes === undefined ? hit : { ...hit, votes };
    });
    const notes = [
      liveError === undefined ? undefined : LIVE_UNREACHABLE_NOTE,
      // With Hugging Face's hits in front, the partial local ones only trail them.
      localPage.partial === true && live.length === 0 && local.length > 0 ? PARTIAL_NOTE : undefined,
      localPage.capped === true ? CAPPED_NOTE : undefined,
    ].filter((line) => line !== undefined);
    const entry: CacheEntry = { at: now, hits, note: notes.length > 0 ? notes.join(' ') : undefined, liveError };
    // A failed live lookup is not cached, so the next query tries Hugging Face again.
    if (liveError === undefined) {
      cache.delete(key);
      cache.set(key, entry);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value ?? key);
    }
    return entry;
  }

  /** The page's papers: Hugging Face's as they came, local ones read now. */
  function readPage(page: readonly MergedHit[]): SearchHit[] {
    const stored = new Map(options.store.getPapers(page.filter((hit) => hit.paper === undefined).map((hit) => hit.id)).map((paper) => [paper.id, paper]));
    return page.flatMap(({ id, score, votes, paper }) => {
      const found = paper ?? stored.get(id);
      return found ? [{ paper: found, score, votes }] : [];
    });
  }

  return {
    async search(request) {
      const query = parseSearchQuery(request.text, options.clock.now());
      const pageSize = Math.max(1, Math.floor(request.pageSize));
      if (isEmptyQuery(query)) return { query, hits: [], page: 0, pageCount: 0, total: 0 };
      const { hits, note, liveError } = await mergedHits(query);
      const pageCount = Math.ceil(hits.length / pageSize);
      const page = Math.min(Math.max(0, Math.floor(request.page)), Math.max(0, pageCount - 1));
      const shown = readPage(hits.slice(page * pageSize, (page + 1) * pageSize));
      return { query, hits: shown, page, pageCount, total: hits.length, note, liveError };
    },
  };
}

function dedupeHits(hits: readonly MergedHit[]): MergedHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.id) && Boolean(seen.add(hit.id)));
}

function hasOnlyWords(query: SearchQuery): boolean {
  return query.authors.length === 0 && query.orgs.length === 0 && query.since === undefined && query.minUpvotes === undefined;
}

/** Community votes of a page's hits, only where there are some ("0 here" on every result is noise). */
export function votesOfHits(hits: readonly SearchHit[]): Map<string, number> {
  return new Map(hits.flatMap((hit) => (hit.votes !== undefined && hit.votes > 0 ? [[hit.paper.id, hit.votes] as const] : [])));
}
