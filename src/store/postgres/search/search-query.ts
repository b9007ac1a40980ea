/**
 * tsquery expressions for a parsed query, built from lexemes Paperboy tokenized itself
 * (search-document.ts), never from user text handed to PostgreSQL's query parsers: every
 * lexeme is a quoted literal, and the only operators are the ones written here (&, |, <->, :*
 * and parentheses). The same rules as SQLite's MATCH expressions (search-match.ts): every unit
 * must match, with one alternative of each `a OR b` group (or any unit at all, for the partial
 * fallback); the word being typed matches as a prefix; a term or phrase is a sequence of tokens;
 * an author filter is a phrase prefix among the authors.
 */
import { MAX_QUERY_TERMS, TOKEN_CHAR, type QueryAlternative, type SearchQuery } from '../../../core/search/query.js';
import { Mark, quoteLexeme, searchTokens } from './search-document.js';

/** More author filters than this are ignored (the parser does not cap them). */
const MAX_AUTHOR_FILTERS = 8;

/** One thing the text must contain, as the ranking sees it too. */
export interface QueryUnit {
  readonly kind: 'word' | 'prefix' | 'phrase';
  /** Folded tokens; a term that tokenizes into several is a phrase of them. */
  readonly tokens: readonly string[];
  /** The unit anywhere in the paper. */
  readonly anywhere: string;
  /** The unit in the title or the AI keywords. */
  readonly about: string;
}

/** `'a' <-> 'b':*`: consecutive tokens, the last one a prefix when asked; marked when asked. */
function sequence(tokens: readonly string[], options: { prefix: boolean; mark?: string }): string {
  const mark = options.mark ?? '';
  return tokens.map((token, index) => `${quoteLexeme(mark + token)}${options.prefix && index === tokens.length - 1 ? ':*' : ''}`).join(' <-> ');
}

function unit(kind: QueryUnit['kind'], tokens: string[]): QueryUnit {
  const prefix = kind === 'prefix';
  return {
    kind: tokens.length > 1 && kind === 'word' ? 'phrase' : kind,
    tokens,
    anywhere: sequence(tokens, { prefix }),
    about: sequence(tokens, { prefix, mark: Mark.about }),
  };
}

/** Terms and phrases that can match something, in query order; the typed prefix is last among the words. */
function plainUnits(query: SearchQuery): QueryUnit[] {
  const terms = query.terms.slice(0, MAX_QUERY_TERMS).filter((term) => TOKEN_CHAR.test(term));
  const units: QueryUnit[] = [];
  terms.forEach((term, index) => {
    const tokens = searchTokens(term);
    if (tokens.length === 0) return;
    const prefix = query.prefixLast && index === terms.length - 1 && index === query.terms.length - 1;
    units.push(unit(prefix ? 'prefix' : 'word', tokens));
  });
  for (const phrase of query.phrases.slice(0, MAX_QUERY_TERMS)) {
    const tokens = searchTokens(phrase.join(' '));
    if (tokens.length > 0) units.push(unit('phrase', tokens));
  }
  return units;
}

/** The word and phrase alternatives of each `a OR b` group (author groups are in authorsExpression). */
function textGroups(query: SearchQuery): QueryUnit[][] {
  return (query.anyOf ?? [])
    .filter((group) => group.every((alternative) => alternative.kind !== 'author'))
    .map((group) => group.flatMap(alternativeUnit));
}

function alternativeUnit(alternative: QueryAlternative): QueryUnit[] {
  if (alternative.kind === 'author') return [];
  const tokens = searchTokens(alternative.kind === 'word' ? alternative.word : alternative.words.join(' '));
  return tokens.length === 0 ? [] : [unit(alternative.kind, tokens)];
}

/**
 * Everything the text must contain, as the ranking sees it: plain terms and phrases, then every
 * alternative of the OR groups (a paper scores for whichever alternative it has).
 */
export function queryUnits(query: SearchQuery): QueryUnit[] {
  return [...plainUnits(query), ...textGroups(query).flat()];
}

/** True when the query has words but none of them can match (only emoji, say), or an OR group none of whose sides can. */
export function unmatchableText(query: SearchQuery): boolean {
  const groups = textGroups(query);
  if (groups.some((group) => group.length === 0)) return true;
  return (query.terms.length > 0 || query.phrases.length > 0) && plainUnits(query).length === 0 && groups.length === 0;
}

const anywhere = (units: readonly QueryUnit[], join: ' & ' | ' | '): string => units.map((entry) => `(${entry.anywhere})`).join(join);

/**
 * The free-text part of the match, or undefined when there is none: AND asks for every plain
 * unit and one alternative of every OR group; OR (the partial fallback) for any unit at all.
 */
export function textExpression(query: SearchQuery, join: 'AND' | 'OR'): string | undefined {
  if (join === 'OR') {
    const units = queryUnits(query);
    return units.length === 0 ? undefined : anywhere(units, ' | ');
  }
  const parts = [
    ...plainUnits(query).map((entry) => `(${entry.anywhere})`),
    ...textGroups(query).filter((group) => group.length > 0).map((group) => `(${anywhere(group, ' | ')})`),
  ];
  return parts.length === 0 ? undefined : parts.join(' & ');
}

/**
 * Every author filter as a phrase prefix among the authors, so `author:kociel` finds Kocielnik
 * and `author:"Colin Raffel"` only that name; `author:a OR author:b` needs one of them. Undefined
 * without author filters; null when one can never match (a name without letters or digits).
 */
export function authorsExpression(query: SearchQuery): string | undefined | null {
  const authors = query.authors.slice(0, MAX_AUTHOR_FILTERS);
  const groups = (query.anyOf ?? [])
    .map((group) => group.flatMap((alternative) => (alternative.kind === 'author' ? [alternative.name] : [])))
    .filter((names) => names.length > 0)
    .slice(0, MAX_AUTHOR_FILTERS);
  if (authors.length === 0 && groups.length === 0) return undefined;
  const sequences = authors.map((author) => searchTokens(author));
  if (sequences.some((tokens) => tokens.length === 0)) return null;
  const name = (tokens: readonly string[]): string => `(${sequence(tokens, { prefix: true, mark: Mark.author })})`;
  const parts = sequences.map(name);
  for (const names of groups) {
    const usable = names.map((author) => searchTokens(author)).filter((tokens) => tokens.length > 0);
    if (usable.length === 0) return null;
    parts.push(`(${usable.map(name).join(' | ')})`);
  }
  return parts.join(' & ');
}

/** Both parts together; either may be missing. */
export function both(text: string | undefined, authors: string | undefined): string | undefined {
  if (text === undefined) return authors;
  if (authors === undefined) return text;
  return `(${text}) & ${authors}`;
}

/**
 * The match restricted to papers with some unit in the title or keywords: those *about* the
 * query, which the ranking puts first. With a lone unit, being in the title already means
 * matching it, so only the author part is added.
 */
export function aboutExpression(match: string, units: readonly QueryUnit[], authors: string | undefined): string | undefined {
  if (units.length === 0) return undefined;
  const about = units.map((entry) => `(${entry.about})`).join(' | ');
  if (units.length > 1) return `(${match}) & (${about})`;
  return both(about, authors);
}
