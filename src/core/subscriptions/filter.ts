/**
 * A subscription's topic filter: text in the search language (README, "Daily digests"), stored
 * as typed and parsed again at each run, so it reads back exactly as the admin wrote it and a
 * relative `since:` stays relative. Matching is the pure matcher's (search/match.ts): whole
 * words and phrases, never prefixes.
 */
import type { Paper } from '../paper.js';
import { compileQuery, toMatchable } from '../search/match.js';
import { cleanQueryText, isEmptyQuery, parseFilterQuery } from '../search/query.js';

/** The word that clears a filter in both platforms' commands. */
export const NO_FILTER = 'none';

export type FilterCheck =
  | { readonly status: 'ok'; readonly filter: string }
  | { readonly status: 'invalid'; readonly problems: readonly string[] };

/** Validates what an admin typed; `none` or blank clears the filter. */
export function checkFilter(text: string, now: Date): FilterCheck {
  const cleaned = cleanQueryText(text);
  if (cleaned === '' || cleaned.toLowerCase() === NO_FILTER) return { status: 'ok', filter: '' };
  const { problems } = parseFilterQuery(text, now);
  if (problems.length > 0) return { status: 'invalid', problems: problems.map((problem) => `filter: ${problem}`) };
  return { status: 'ok', filter: cleaned };
}

/**
 * A test for papers against a stored filter. A filter that no longer parses to anything (one
 * migrated from keywords that had no letters) lets nothing through rather than everything.
 */
export function filterMatcher(filter: string, now: Date): (paper: Paper) => boolean {
  if (filter.trim() === '') return () => true;
  const query = parseFilterQuery(filter, now).query;
  if (isEmptyQuery(query)) return () => false;
  const matches = compileQuery(query);
  return (paper) => matches(toMatchable(paper));
}

/**
 * The filter that replaces a subscription's old keyword list (any keyword, anywhere in the
 * text): the keywords joined by OR, a keyword of several words as a phrase.
 */
export function keywordsToFilter(keywords: readonly string[]): string {
  const parts = keywords
    .map((keyword) => cleanQueryText(keyword.replaceAll('"', ' ')))
    .filter((keyword) => keyword !== '')
    .map((keyword) => (/^[\p{L}\p{N}]+$/u.test(keyword) && keyword !== 'OR' ? keyword : `"${keyword}"`));
  return [...new Set(parts)].join(' OR ');
}
