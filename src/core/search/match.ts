/**
 * Does a paper match a query of the search language? The pure, in-memory twin of the store's
 * search, for digest filters (and follows): words and phrases match whole tokens as the index
 * tokenizes them (tokens.ts), in the title, abstract, AI keywords or author names; never as a
 * prefix, so `gan` does not match "organization" and `rl` matches "RL" but not "world".
 *
 *   words, "phrases"      every one must occur
 *   a OR "b c" OR d        at least one of each group must occur
 *   author:lecun           each named author is on the paper (the last word may be cut short,
 *                          as in search: author:kociel finds Kocielnik)
 *   org:nvidia             the paper's organization is one of those named (slug, or part of the
 *                          full name)
 *   min:20                 at least 20 Hugging Face upvotes
 *   since:7d               its arXiv date or papers-day is on or after that day
 *
 * `prefixLast` is ignored: that is for a search box, where the last word is still being typed.
 * For many papers against many queries, fold each paper once (`toMatchable`) and compile each
 * query once (`compileQuery`).
 */
import type { Paper } from '../paper.js';
import { isEmptyQuery, queryWords, type QueryAlternative, type SearchQuery } from './query.js';
import { countOccurrences, foldToken } from './tokens.js';

/** A paper's searchable text, folded once. */
export interface MatchablePaper {
  /** Title, abstract, AI keywords and author names, each folded; phrases never span two. */
  readonly fields: readonly string[];
  /** Author names, folded and joined, for `author:`. */
  readonly authors: string;
  readonly orgSlug?: string | undefined;
  readonly orgName?: string | undefined;
  readonly upvotes: number;
  /** Later of arXiv date and papers-day, `YYYY-MM-DD`. */
  readonly day?: string | undefined;
}

export type MatchableInput = Pick<Paper, 'title' | 'abstract' | 'keywords' | 'authors' | 'organization' | 'upvotes' | 'publishedOn' | 'papersDay'>;

export function toMatchable(paper: MatchableInput): MatchablePaper {
  const authors = foldToken(paper.authors.join(', '));
  const days = [paper.publishedOn, paper.papersDay].filter((day): day is string => day !== undefined).sort();
  return {
    fields: [foldToken(paper.title), foldToken(paper.abstract), foldToken(paper.keywords.join(', ')), authors],
    authors,
    orgSlug: paper.organization?.name.toLowerCase(),
    orgName: paper.organization?.fullname?.toLowerCase(),
    upvotes: paper.upvotes,
    day: days.at(-1),
  };
}

export type PaperMatcher = (paper: MatchablePaper) => boolean;

/** The query as one test; an empty query matches every paper. */
export function compileQuery(query: SearchQuery): PaperMatcher {
  if (isEmptyQuery(query)) return () => true;
  const tests: PaperMatcher[] = [];
  for (const term of query.terms) tests.push(textTest([foldToken(term)]));
  for (const phrase of query.phrases) tests.push(textTest(phrase.map(foldToken)));
  for (const author of query.authors) tests.push(authorTest(author));
  for (const group of query.anyOf ?? []) {
    const alternatives = group.map(alternativeTest);
    tests.push((paper) => alternatives.some((test) => test(paper)));
  }
  const orgs = query.orgs.map((org) => org.trim().toLowerCase()).filter((org) => org !== '');
  if (orgs.length > 0) {
    tests.push((paper) => orgs.some((org) => paper.orgSlug === org || (paper.orgName?.includes(org) ?? false)));
  }
  const { minUpvotes, since } = query;
  if (minUpvotes !== undefined) tests.push((paper) => paper.upvotes >= minUpvotes);
  if (since !== undefined) tests.push((paper) => paper.day !== undefined && paper.day >= since);
  return (paper) => tests.every((test) => test(paper));
}

export function paperMatches(paper: MatchableInput, query: SearchQuery): boolean {
  return compileQuery(query)(toMatchable(paper));
}

function textTest(tokens: readonly string[]): PaperMatcher {
  if (tokens.length === 0) return () => false;
  return (paper) => paper.fields.some((field) => countOccurrences(field, tokens, false, 1) > 0);
}

/** As search's `authors : "name"*`: the name's words in a row, the last one possibly cut short. */
function authorTest(name: string): PaperMatcher {
  const tokens = queryWords(name).map(foldToken);
  if (tokens.length === 0) return () => false;
  return (paper) => countOccurrences(paper.authors, tokens, true, 1) > 0;
}

function alternativeTest(alternative: QueryAlternative): PaperMatcher {
  if (alternative.kind === 'word') return textTest([foldToken(alternative.word)]);
  if (alternative.kind === 'phrase') return textTest(alternative.words.map(foldToken));
  return authorTest(alternative.name);
}
