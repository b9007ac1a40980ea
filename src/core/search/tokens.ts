/**
 * Whole-token text matching as the search index's `unicode61 remove_diacritics 2` tokenizer
 * sees text: tokens are runs of letters, digits and private-use characters, folded to lower
 * case without diacritics. The search ranking and the pure paper matcher (match.ts) both count
 * on it, so a word means the same in a search, a digest filter and a follow.
 */
import { TOKEN_CHAR } from './query.js';

/** Latin letters with diacritics and combining marks: all that remove_diacritics changes in practice. */
const DIACRITICS = /[\u00c0-\u024f\u1e00-\u1eff]|[\u0300-\u036f]/u;

/** Case and diacritics folded like the index's `unicode61 remove_diacritics 2` (a token or whole text). */
export function foldToken(token: string): string {
  const lower = token.toLowerCase();
  return DIACRITICS.test(lower) ? lower.normalize('NFKD').replace(/\p{M}+/gu, '') : lower;
}

/** Whether the character at `index` belongs to a token, as FTS5's unicode61 sees it. */
export function isTokenCharAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (Number.isNaN(code)) return false;
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  const point = text.codePointAt(index) ?? code;
  // The low half of a pair belongs to the character that started one position earlier.
  if (code >= 0xdc00 && code <= 0xdfff && index > 0) return TOKEN_CHAR.test(String.fromCodePoint(text.codePointAt(index - 1) ?? code));
  return TOKEN_CHAR.test(String.fromCodePoint(point));
}

/**
 * How often `tokens` occur in a row as whole tokens of folded `text`, with only separators
 * between them; with `prefix`, the last token may be the start of a longer one. `indexOf`
 * rather than a tokenizer, because this runs over every candidate's abstract on every query.
 * `limit` stops counting early (1 answers "does it occur at all").
 */
export function countOccurrences(text: string, tokens: readonly string[], prefix = false, limit = Number.POSITIVE_INFINITY): number {
  const [first, ...rest] = tokens;
  if (first === undefined || first === '') return 0;
  let count = 0;
  for (let at = text.indexOf(first); at !== -1 && count < limit; at = text.indexOf(first, at + 1)) {
    if (at > 0 && isTokenCharAt(text, at - 1)) continue;
    let end = at + first.length;
    if (!(prefix && rest.length === 0) && isTokenCharAt(text, end)) continue;
    let whole = true;
    for (const [index, word] of rest.entries()) {
      while (end < text.length && !isTokenCharAt(text, end)) end += 1;
      const open = prefix && index === rest.length - 1;
      if (!text.startsWith(word, end) || (!open && isTokenCharAt(text, end + word.length))) {
        whole = false;
        break;
      }
      end += word.length;
    }
    if (whole) count += 1;
  }
  return count;
}
