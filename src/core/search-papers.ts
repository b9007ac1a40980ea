/**
 * The `/papers <query>` use case: parse what was typed, search the local index, page the result.
 * Platform handlers render the returned page; nothing here knows Discord or Slack.
 */
import type { Clock, PaperStore, SearchHit } from './ports.js';
import { isEmptyQuery, parseSearchQuery, type SearchQuery } from './search.js';

export interface SearchRequest {
  readonly text: string;
  /** Zero-based page. */
  readonly page: number;
  readonly pageSize: number;
}

export interface SearchResult {
  readonly query: SearchQuery;
  readonly hits: SearchHit[];
  readonly page: number;
  readonly pageCount: number;
  readonly total: number;
}

export function searchPapers(store: PaperStore, clock: Clock, request: SearchRequest): SearchResult {
  const query = parseSearchQuery(request.text, clock.now());
  const pageSize = Math.max(1, Math.floor(request.pageSize));
  if (isEmptyQuery(query)) return { query, hits: [], page: 0, pageCount: 0, total: 0 };
  const page = Math.max(0, Math.floor(request.page));
  const result = store.search(query, { limit: pageSize, offset: page * pageSize });
  return {
    query,
    hits: result.hits,
    page,
    pageCount: Math.ceil(result.total / pageSize),
    total: result.total,
  };
}
