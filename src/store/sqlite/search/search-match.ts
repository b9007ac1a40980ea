/**
 * FTS5 MATCH expressions for a parsed query.
 *
 * Safety: every piece of user text reaches FTS5 only as a double-quoted string literal with its
 * inner `"` doubled, so `NEAR(`, `AND`, `*`, `-`, `:` and friends are plain characters that the
 * tokenizer drops. The only syntax in a MATCH expression is what this file writes itself: AND,
 * OR, parentheses, a trailing `*` for the prefix and the column names below.
 */
import { MAX_QUERY_TERMS, TOKEN_CHAR, type QueryAlternative, type SearchQuery } from '../../../core/search/query.js';

/** Letters, digits and private-use characters are what unicode61 keeps as token characters. */
/** Longest prefix with its own FTS5 index (`prefix = '2 3 4 5 6'`, migration 4 in archive-schema.ts). */
export const LONGEST_INDEXED_PREFIX = 6;
/** More author filters than this are ignored (the parser does not cap them). */
export const MAX_FILTERS = 8;

/**
 * An FTS5 string literal: the text becomes a phrase of its tokens, never query syntax. NUL goes:
 * FTS5's expression parser reads C strings and would stop there, leaving the quote unclosed.
 */
export function ftsString(text: string): string {
  return `"${text.replaceAll('\u0000', ' ').replaceAll('"', '""')}"`;
}

/** One thing the text must contain, as the ranking sees it too. */
export interface MatchUnit {
  readonly kind: 'word' | 'prefix' | 'phrase';
  /** Lower-cased words as typed (a word or prefix has one). */
  readonly words: readonly string[];
  /** The unit alone as an FTS5 expression. */
  readonly expression: string;
  /** A prefix longer than the longest prefix index, matched by its start: the ranking checks the rest. */
  readonly truncated: boolean;
}

/** Terms and phrases that can match something, in query order; the typed prefix is last among the words. */
function plainUnits(query: SearchQuery): MatchUnit[] {
  const terms = query.terms.slice(0, MAX_QUERY_TERMS).filter((term) => TOKEN_CHAR.test(term));
  const units: MatchUnit[] = terms.map((term, index) => {
    const prefix = query.prefixLast && index === terms.length - 1 && index === query.terms.length - 1;
    if (!prefix) return wordUnit(term);
    const characters = Array.from(term);
    const indexed = characters.slice(0, LONGEST_INDEXED_PREFIX).join('');
    return { kind: 'prefix', words: [term], expression: `${ftsString(indexed)}*`, truncated: characters.length > LONGEST_INDEXED_PREFIX };
  });
  for (const phrase of query.phrases.slice(0, MAX_QUERY_TERMS)) {
    const unit = phraseUnit(phrase);
    if (unit) units.push(unit);
  }
  return units;
}

function wordUnit(word: string): MatchUnit {
  return { kind: 'word', words: [word], expression: ftsString(word), truncated: false };
}

function phraseUnit(words: readonly string[]): MatchUnit | undefined {
  const text = words.join(' ');
  return TOKEN_CHAR.test(text) ? { kind: 'phrase', words, expression: ftsString(text), truncated: false } : undefined;
}

/** The word and phrase alternatives of each `a OR b` group (author groups are in authorExpression). */
function textGroups(query: SearchQuery): MatchUnit[][] {
  return (query.anyOf ?? [])
    .filter((group) => group.every((alternative) => alternative.kind !== 'author'))
    .map((group) => group.flatMap(textUnit));
}

function textUnit(alternative: QueryAlternative): MatchUnit[] {
  switch (alternative.kind) {
    case 'word':
      return TOKEN_CHAR.test(alternative.word) ? [wordUnit(alternative.word)] : [];
    case 'phrase': {
      const unit = phraseUnit(alternative.words);
      return unit ? [unit] : [];
    }
    case 'author':
      return [];
  }
}

/**
 * Everything the text must contain, as the ranking sees it: plain terms and phrases, then every
 * alternative of the OR groups (a paper scores for whichever alternative it has).
 */
export function matchUnits(query: SearchQuery): MatchUnit[] {
  return [...plainUnits(query), ...textGroups(query).flat()];
}

/** True when the query has words but none of them can match (only emoji, say). */
export function unmatchableText(query: SearchQuery): boolean {
  const groups = textGroups(query);
  if (groups.some((group) => group.length === 0)) return true;
  return (query.terms.length > 0 || query.phrases.length > 0) && plainUnits(query).length === 0 && groups.length === 0;
}

/**
 * The free-text part of the MATCH expression, or undefined when nothing in it can match. AND
 * asks for every plain unit and one alternative of every OR group; OR (the partial fallback)
 * asks for any unit at all.
 */
export function textMatchExpression(query: SearchQuery, join: 'AND' | 'OR'): string | undefined {
  if (join === 'OR') {
    const parts = matchUnits(query).map((unit) => unit.expression);
    return parts.length === 0 ? undefined : parts.join(' OR ');
  }
  const parts = [
    ...plainUnits(query).map((unit) => unit.expression),
    ...textGroups(query).filter((group) => group.length > 0).map((group) => `(${group.map((unit) => unit.expression).join(' OR ')})`),
  ];
  return parts.length === 0 ? undefined : parts.join(' AND ');
}

/**
 * author: every given author must be on the paper, as a phrase prefix-matched in the authors
 * column, so case and diacritics are folded and `author:kociel` finds Kocielnik; `author:a OR
 * author:b` needs one of them. Undefined when there is no author filter; `null` when one can
 * never match (a name without letters).
 */
export function authorExpression(query: SearchQuery): string | undefined | null {
  const authors = query.authors.slice(0, MAX_FILTERS);
  const groups = (query.anyOf ?? [])
    .map((group) => group.flatMap((alternative) => (alternative.kind === 'author' ? [alternative.name] : [])))
    .filter((names) => names.length > 0)
    .slice(0, MAX_FILTERS);
  if (authors.length === 0 && groups.length === 0) return undefined;
  if (!authors.every((author) => TOKEN_CHAR.test(author))) return null;
  const name = (author: string) => `authors : ${ftsString(author)}*`;
  const parts = authors.map(name);
  for (const names of groups) {
    const usable = names.filter((author) => TOKEN_CHAR.test(author));
    if (usable.length === 0) return null;
    parts.push(`(${usable.map(name).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

/** Both parts together; either may be missing. */
export function combine(text: string | undefined, authors: string | undefined): string | undefined {
  if (text === undefined) return authors;
  if (authors === undefined) return text;
  return `(${text}) AND ${authors}`;
}

/**
 * The same match, restricted to papers where some unit is in the title or the AI keywords: the
 * papers that are *about* what was asked, which the ranking puts first. With a lone unit, being
 * in the title already means matching it, so the unit is not asked twice (FTS5 would read its
 * postings twice and check every phrase twice): the author filter is all that is added.
 */
export function aboutExpression(match: string, units: readonly MatchUnit[], authors?: string): string | undefined {
  if (units.length === 0) return undefined;
  const about = `{title keywords} : (${units.map((unit) => unit.expression).join(' OR ')})`;
  if (units.length > 1) return `(${match}) AND ${about}`;
  return authors === undefined ? about : `${about} AND ${authors}`;
}
