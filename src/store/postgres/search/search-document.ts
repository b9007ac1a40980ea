/**
 * The text of a paper as PostgreSQL's full-text index sees it, written as a tsvector literal.
 *
 * Paperboy tokenizes here rather than with PostgreSQL's parser (to_tsvector), so that both stores
 * agree on what a word is: runs of letters, digits and private-use characters, case and Latin
 * diacritics folded (what SQLite's unicode61 tokenizer does, and what the query parser and the
 * ranking assume). PostgreSQL's default parser keeps `gpt-4` whole besides its parts, reads
 * `arxiv.org/abs` as a URL and e-mail addresses as one token, which would make the same query
 * match differently on the two engines. Matching, phrases, prefixes and the GIN index are
 * PostgreSQL's own.
 *
 * Besides every token, a document holds marked copies that stand for FTS5's column filters, so
 * the GIN index answers them directly instead of rechecking weights row by row:
 *   `^word`  the word in the title or the AI keywords (the papers a query is *about*);
 *   `@name`  the name among the authors (`author:` filters).
 * Documents written before migration 10 also hold a `#n` bucket lexeme that an earlier search
 * design asked for; no query names one now, and rewriting every document to drop it would cost
 * more than the few bytes it takes. Marks are characters no token holds. Fields are a position apart, so no phrase spans two.
 */
import { TOKEN_CHAR } from '../../../core/search/query.js';
import { foldToken } from '../../search/search-ranking.js';

export const Mark = { about: '^', author: '@' } as const;

/** PostgreSQL keeps positions up to 16383 (and clamps later ones to it). */
const MAX_POSITION = 16_383;
/** PostgreSQL keeps at most 256 positions of one lexeme per document. */
const MAX_POSITIONS_PER_LEXEME = 255;
/** A lexeme may be at most 2 kB; nobody searches a word this long, so it is left out. */
const MAX_LEXEME_CHARS = 500;

const TOKENS = new RegExp(`${TOKEN_CHAR.source}+`, 'gu');

/** Folded tokens of `text`, in order (folded whole, as the ranking folds a field). */
export function searchTokens(text: string): string[] {
  const tokens = foldToken(text).match(TOKENS) ?? [];
  return tokens.some((token) => token.length > MAX_LEXEME_CHARS) ? tokens.filter((token) => token.length <= MAX_LEXEME_CHARS) : tokens;
}

/** A lexeme as a tsvector/tsquery literal; tokens hold no quotes, but the quoting never relies on it. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

export interface SearchText {
  readonly title: string;
  readonly keywords: readonly string[];
  readonly authors: readonly string[];
  readonly abstract: string;
}

/** The tsvector literal of a paper. */
export function searchDocument(paper: SearchText): string {
  const positions = new Map<string, number[]>();
  const add = (lexeme: string, position: number): void => {
    const list = positions.get(lexeme);
    if (list === undefined) positions.set(lexeme, [position]);
    else if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(position);
  };
  let position = 0;
  const fields: [string, string | undefined][] = [
    [paper.title, Mark.about],
    [paper.keywords.join(' '), Mark.about],
    [paper.authors.join(' '), Mark.author],
    [paper.abstract, undefined],
  ];
  for (const [text, mark] of fields) {
    for (const token of searchTokens(text)) {
      position = Math.min(position + 1, MAX_POSITION);
      add(token, position);
      if (mark !== undefined) add(mark + token, position);
    }
    // A gap: `a <-> b` needs adjacent positions, so no phrase reaches across two fields.
    position = Math.min(position + 1, MAX_POSITION);
  }
  let literal = '';
  for (const [lexeme, list] of positions) literal += `${quoteLexeme(lexeme)}:${list.join(',')} `;
  return literal;
}
