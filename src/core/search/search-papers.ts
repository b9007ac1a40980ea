/**
 * `/papers <query>` and `paperboy search`: the one search use case. The query is parsed once,
 * ranked in the local index and, when a live source is given and the query is plain words,
 * merged with Hugging Face's own search if it answers within a time budget (deduplicated by
 * arXiv id; HF hits are stored, so the archive grows with use). The merged list is cached for
 * a few minutes, so paging and repeated queries cost nothing.
 *
 * The list holds ranked ids; only the page being shown is read in full (5 papers, not the 50
 * that were ranked), so a search costs what its ranking costs. A page beyond the ranked list
 * ranks deeper.
 */
import { describeError } from '../errors.js';
import type { Paper, PaperId } from '../paper.js';
import type { Clock, PaperSource, PaperStore, SearchHit, VoteStore } from '../ports.js';
import { lookUpPaper } from './lookup.js';
import { findPaperReference } from './paper-reference.js';
import { isEmptyQuery, parseSearchQuery, type SearchQuery } from './query.js';

export interface SearchSettings {
  /** How long Hugging Face may take before local results go out alone. */
  readonly liveBudgetMs: number;
  readonly cacheTtlMs: number;
  /** Papers asked of Hugging Face's search. */
  readonly liveLimit: number;
  /** Local hits ranked at least, whatever page is asked for (chat: 50; pages beyond rank deeper). */
  readonly minRanked: number;
  /** Entries kept in the cache; the oldest is dropped first. */
  readonly cacheSize?: number | undefined;
}

export interface SearchDeps {
  readonly store: PaperStore;
  /** Omit to search the local index only (the command line). */
  readonly source?: PaperSource | undefined;
  /** Community votes for hits only Hugging Face returned (local hits carry theirs already). */
  readonly votes?: Pick<VoteStore, 'countVotes'> | undefined;
  readonly clock: Clock;
  readonly settings: SearchSettings;
}

export interface SearchRequest {
  readonly text: string;
  /** Zero-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface SearchResult {
  readonly query: SearchQuery;
  /** The page's hits, in order. */
  readonly hits: SearchHit[];
  /** Zero-based; clamped to the last page. */
  readonly page: number;
  readonly pageCount: number;
  readonly total: number;
  /** Whose votes the hits' counts are, in words ("in this server"); set by the use case. */
  readonly votesWhere?: string | undefined;
  /** One line for the user when results are partial, e.g. HF unreachable. */
  readonly note?: string | undefined;
  /** Why Hugging Face search failed, for the log at the edge. */
  readonly liveError?: string | undefined;
  /**
   * When the query named a paper (an arXiv id or link): whether it was found. A found paper is
   * the first hit of the first page.
   */
  readonly lookup?: PaperLookup | undefined;
}

export interface PaperLookup {
  readonly id: PaperId;
  /**
   * `found`: in the archive, or fetched from Hugging Face and stored; `not_found`: Hugging Face
   * has no such paper (or, without a live source, the archive lacks it); `unavailable`: Hugging
   * Face did not answer.
   */
  readonly status: 'found' | 'not_found' | 'unavailable';
}

export type SearchPapers = (request: SearchRequest) => Promise<SearchResult>;

/** One entry of the merged list: a local hit by id, or Hugging Face's paper as it came. */
interface MergedHit {
  readonly id: PaperId;
  readonly score: number;
  readonly votes?: number | undefined;
  readonly paper?: Paper;
}

interface CacheEntry {
  readonly at: number;
  /** Local hits asked of the ranking. */
  readonly ranked: number;
  readonly hits: MergedHit[];
  /** Local matches the ranking found but did not return (beyond `ranked`). */
  readonly unranked: number;
  readonly note?: string | undefined;
  readonly liveError?: string | undefined;
}

export function lookupNote(lookup: PaperLookup, live: boolean): string | undefined {
  if (lookup.status === 'found') return undefined;
  if (lookup.status === 'unavailable') return `Hugging Face did not answer about paper ${lookup.id}; try again in a minute.`;
  return live
    ? `Hugging Face has no paper ${lookup.id}: check the id (arXiv ids look like 2606.13681).`
    : `Paper ${lookup.id} is not in the local archive.`;
}

export const LIVE_UNREACHABLE_NOTE = 'Hugging Face search did not answer in time; showing results from the local archive only.';
/** When no paper has every word and the local index fell back to papers with some of them. */
export const PARTIAL_NOTE = 'No paper has all of these words; showing papers that have some of them.';
/** When a very common word matched more papers than were ranked (the newest and the most on-topic). */
export const CAPPED_NOTE = 'Many papers match; the newest and most on-topic were ranked. Add a word, a "phrase" or since:/min: to narrow it.';

const DEFAULT_CACHE_SIZE = 200;

export function createSearchPapers(deps: SearchDeps): SearchPapers {
  const { store, settings } = deps;
  const cache = new Map<string, CacheEntry>();
  const cacheSize = settings.cacheSize ?? DEFAULT_CACHE_SIZE;

  async function mergedHits(query: SearchQuery, needed: number): Promise<CacheEntry> {
    const key = JSON.stringify(query);
    const now = deps.clock.now().getTime();
    const cached = cache.get(key);
    const fresh = cached !== undefined && now - cached.at < settings.cacheTtlMs;
    if (fresh && (cached.ranked >= needed || cached.unranked === 0)) return cached;

    const ranked = Math.max(settings.minRanked, needed);
    const localPage = await store.rankPapers(query, { limit: ranked });
    const local: MergedHit[] = localPage.hits;
    let liveError: string | undefined;
    let live: MergedHit[] = [];
    // Filters (author:, min:, …) are ours alone; HF would answer a different question. A deeper
    // page of a cached search reuses the live hits it already has.
    if (fresh) {
      live = cached.hits.filter((hit) => hit.paper !== undefined);
    } else if (deps.source !== undefined && hasOnlyWords(query) && query.text.length > 0) {
      try {
        const batch = await deps.source.search(query.text, settings.liveLimit, { signal: AbortSignal.timeout(settings.liveBudgetMs) });
        await store.upsertPapers(batch.papers);
        live = batch.papers.map((paper, index) => ({ id: paper.id, paper, score: -index }));
      } catch (error) {
        liveError = describeError(error);
      }
    }
    // Local hits that matched every word lead; ones that matched only some word trail Hugging
    // Face's, whose hybrid search understood the whole query.
    const merged = localPage.partial ? dedupeHits([...live, ...local]) : dedupeHits([...local, ...live]);
    const localVotes = new Map(local.map((hit) => [hit.id, hit.votes]));
    const hits = await Promise.all(merged.map(async (hit) => {
      if (hit.votes !== undefined) return hit;
      const votes = localVotes.get(hit.id) ?? (await deps.votes?.countVotes(hit.id));
      return votes === undefined ? hit : { ...hit, votes };
    }));
    const notes = [
      liveError === undefined ? undefined : LIVE_UNREACHABLE_NOTE,
      // With Hugging Face's hits in front, the partial local ones only trail them.
      localPage.partial === true && live.length === 0 && local.length > 0 ? PARTIAL_NOTE : undefined,
      localPage.capped === true ? CAPPED_NOTE : undefined,
    ].filter((line) => line !== undefined);
    const unranked = Math.max(0, localPage.total - local.length);
    const entry: CacheEntry = { at: fresh ? cached.at : now, ranked, hits, unranked, note: notes.length > 0 ? notes.join(' ') : undefined, liveError };
    // A failed live lookup is not cached, so the next query tries Hugging Face again.
    if (liveError === undefined) {
      cache.delete(key);
      cache.set(key, entry);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value ?? key);
    }
    return entry;
  }

  /** The page's papers: Hugging Face's as they came, local ones read now. */
  async function readPage(page: readonly MergedHit[]): Promise<SearchHit[]> {
    const missing = page.filter((hit) => hit.paper === undefined).map((hit) => hit.id);
    const stored = new Map((await store.getPapers(missing)).map((paper) => [paper.id, paper]));
    return page.flatMap(({ id, score, votes, paper }) => {
      const found = paper ?? stored.get(id);
      return found ? [{ paper: found, score, votes }] : [];
    });
  }

  /** The paper a query names, as the first hit when found. */
  async function lookUp(id: PaperId): Promise<{ lookup: PaperLookup; hit?: MergedHit | undefined; liveError?: string | undefined }> {
    const result = await lookUpPaper({ store, source: deps.source, timeoutMs: settings.liveBudgetMs }, id);
    if (result.status === 'unavailable') return { lookup: { id, status: 'unavailable' }, liveError: result.error };
    if (result.status === 'not_found') return { lookup: { id, status: 'not_found' } };
    // Ranked above anything a search scores; a finite number, so JSON output keeps it.
    const hit: MergedHit = { id, score: Number.MAX_SAFE_INTEGER, paper: result.paper, votes: await deps.votes?.countVotes(id) };
    return { lookup: { id, status: 'found' }, hit };
  }

  return async (request) => {
    const now = deps.clock.now();
    const query = parseSearchQuery(request.text, now);
    const pageSize = Math.max(1, Math.floor(request.pageSize));
    if (isEmptyQuery(query)) return { query, hits: [], page: 0, pageCount: 0, total: 0 };
    const asked = Math.max(0, Math.floor(request.page));
    // A named paper leads; whatever else was typed is searched as usual after it.
    const reference = findPaperReference(request.text);
    const named = reference === undefined ? undefined : await lookUp(reference.id);
    const rest = reference === undefined ? query : parseSearchQuery(reference.rest, now);
    const searched = isEmptyQuery(rest) ? undefined : await mergedHits(rest, (asked + 1) * pageSize);
    const first = named?.hit === undefined ? [] : [named.hit];
    const hits = [...first, ...(searched?.hits ?? []).filter((hit) => hit.id !== reference?.id)];
    const unranked = searched?.unranked ?? 0;
    const notes = [named === undefined ? undefined : lookupNote(named.lookup, deps.source !== undefined), searched?.note].filter((line) => line !== undefined);
    const total = hits.length + unranked;
    const pageCount = Math.ceil(total / pageSize);
    const page = Math.min(asked, Math.max(0, pageCount - 1));
    const shown = await readPage(hits.slice(page * pageSize, (page + 1) * pageSize));
    return {
      query, hits: shown, page, pageCount, total,
      note: notes.length > 0 ? notes.join(' ') : undefined,
      liveError: named?.liveError ?? searched?.liveError,
      lookup: named?.lookup,
    };
  };
}

/** The same search over the local archive alone, uncached: for one-off callers such as the CLI. */
export function createLocalSearch(store: PaperStore, clock: Clock): SearchPapers {
  return createSearchPapers({ store, clock, settings: { liveBudgetMs: 0, cacheTtlMs: 0, liveLimit: 0, minRanked: 0 } });
}

function dedupeHits(hits: readonly MergedHit[]): MergedHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.id) && Boolean(seen.add(hit.id)));
}

function hasOnlyWords(query: SearchQuery): boolean {
  return query.authors.length === 0 && query.orgs.length === 0 && query.since === undefined && query.minUpvotes === undefined;
}

/** Community votes of a page's hits, only where there are some ("0 votes" on every result is noise). */
export function votesOfHits(hits: readonly SearchHit[]): Map<string, number> {
  return new Map(hits.flatMap((hit) => (hit.votes !== undefined && hit.votes > 0 ? [[hit.paper.id, hit.votes] as const] : [])));
}
