/**
 * Text primitives shared by every formatter: cleaning, grapheme-safe truncation, and the
 * escaping each platform needs so paper text renders literally and can never ping anyone.
 * Lengths are UTF-16 code units (JS `.length`), the unit Discord counts in.
 */

export const ELLIPSIS = '…';
const ZWSP = '\u200B';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Code-unit regexes on purpose (no `u` flag): they must see unpaired surrogate halves.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0/C1 controls (tab and newline handled separately) and bidi overrides, which can make a
// title display as something else in a terminal or a client.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces unpaired surrogates with U+FFFD; the length is unchanged. */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Makes external text safe to lay out: well-formed, no control or bidi characters, whitespace
 * collapsed. With `keepNewlines`, single line breaks between non-empty lines survive.
 */
export function sanitizeText(text: string, options: { keepNewlines?: boolean } = {}): string {
  const clean = toWellFormed(text).replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
  if (options.keepNewlines !== true) return clean.replace(/\s+/g, ' ').trim();
  return clean
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * Shortens `text` to at most `max` code units, cutting only between grapheme clusters and
 * ending with `…` when anything was cut (the `…` counts toward `max`).
 */
export function truncate(text: string, max: number): string {
  return truncateFormatted(text, max, (s) => s);
}

/**
 * Like `truncate`, for text that is escaped or marked up after cutting: returns
 * `format(prefix) + '…'` for the longest grapheme-aligned prefix whose formatted form fits, so
 * an escape sequence is never cut in half. `format('')` must be `''`, and `format` must not
 * shorten its input.
 */
export function truncateFormatted(text: string, max: number, format: (raw: string) => string): string {
  const limit = Math.max(0, Math.floor(max));
  const clean = toWellFormed(text);
  const whole = format(clean);
  if (whole.length <= limit) return whole;
  if (limit === 0) return '';

  // `containing` asks ICU for the break at one offset instead of walking every cluster.
  const clusters = graphemes.segment(clean);
  const boundaryAtOrBefore = (offset: number): number =>
    offset >= clean.length ? clean.length : (clusters.containing(offset)?.index ?? 0);
  const render = (end: number): string => format(clean.slice(0, end).trimEnd()) + ELLIPSIS;
  // render(0) is `…`, which fits. `format` never shortens, so no prefix past limit - 1 can fit;
  // search for the longest cut that still does.
  let lo = 0;
  let hi = limit - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(boundaryAtOrBefore(mid)).length <= limit) lo = mid;
    else hi = mid - 1;
  }
  return render(boundaryAtOrBefore(lo));
}

/**
 * Discord's own autolink rule (simple-markdown `url`): what it matches is rendered as a link,
 * so escaping inside it would put backslashes into the link target.
 */
const DISCORD_URL = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;

function neutraliseEveryone(text: string): string {
  return text.replace(/@(?=everyone|here)/gi, `@${ZWSP}`);
}

function escapeDiscordPlain(text: string): string {
  return neutraliseEveryone(text)
    // `<@123>`, `<@&123>`, `<#123>`: a zero-width space breaks the mention syntax itself.
    .replace(/<([@#])(?!\u200B)/g, `<$1${ZWSP}`)
    .replace(/[\\*_~`|[\]<]/g, '\\$&')
    // Block syntax only matters at a line start: headings, quotes, lists, `-#` subtext.
    .replace(/^(\s*)([#>+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

/**
 * Escapes Discord markdown so paper text renders literally: `\ * _ ~ \` | [ ] <` everywhere,
 * `# > - +` and `1.` at line starts, and mentions (`@everyone`, `@here`, `<@id>`, `<@&id>`,
 * `<#id>`) are broken with a zero-width space. http(s) URLs are left intact so they stay
 * clickable (only a literal `@everyone`/`@here` inside one is still broken).
 */
export function escapeDiscordMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(DISCORD_URL)) {
    out += escapeDiscordPlain(text.slice(last, match.index)) + neutraliseEveryone(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeDiscordPlain(text.slice(last));
}

/** Slack's mrkdwn control characters, and nothing else (other entities would show literally). */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** URLs we turn into Slack links ourselves; `|` and `<>` would end the link syntax early. */
const SLACK_URL = /https?:\/\/[^\s<>|]*[^\s<>|.,:;"')\]]/g;

/**
 * Plain paper text as Slack mrkdwn: escaped, with http(s) URLs written as explicit `<url>`
 * links (so they stay clickable in `verbatim` text objects, which never auto-link mentions).
 */
export function slackMrkdwnFromPlain(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SLACK_URL)) {
    out += `${escapeSlackText(text.slice(last, match.index))}<${escapeSlackText(match[0])}>`;
    last = match.index + match[0].length;
  }
  return out + escapeSlackText(text.slice(last));
}

/**
 * "A, B, C, +530 more" in at most `maxChars`, measured after `render` (an escaper), showing as
 * many names as fit and at least one (cut with `…` if need be) when there are any.
 */
export function formatAuthors(
  authors: readonly string[],
  total: number,
  maxChars: number,
  render: (name: string) => string = (s) => s,
): string {
  const limit = Math.max(0, Math.floor(maxChars));
  const names = authors.map((name) => sanitizeText(name)).filter((name) => name.length > 0);
  const count = Math.max(Math.floor(total), names.length);
  if (names.length === 0) return count > 0 ? truncate(`${count} authors`, limit) : '';

  let line = '';
  let best: string | undefined;
  for (const [index, name] of names.entries()) {
    line = index === 0 ? render(name) : `${line}, ${render(name)}`;
    if (line.length > limit) break;
    const rest = count - index - 1;
    const candidate = rest > 0 ? `${line}, +${rest} more` : line;
    if (candidate.length <= limit) best = candidate;
  }
  if (best !== undefined) return best;

  const first = names[0] ?? '';
  const suffix = count > 1 ? `, +${count - 1} more` : '';
  if (limit - suffix.length >= 2) return truncateFormatted(first, limit - suffix.length, render) + suffix;
  return truncateFormatted(first, limit, render);
}
