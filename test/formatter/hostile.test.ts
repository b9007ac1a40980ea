/**
 * Property-style tests: papers full of hostile text from a seeded PRNG (so failures replay)
 * must still render within every limit, without pings, lone surrogates or cut graphemes.
 */
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { paperLinks } from '../../src/core/paper.js';
import { digestToView, paperToCard, searchToView } from '../../src/formatter/card.js';
import { digestToConsoleText, searchToConsoleText } from '../../src/formatter/console.js';
import { digestHeaderToDiscordMessage, discordMessageViolations, paperToDiscordMessage } from '../../src/formatter/discord.js';
import type { DiscordMessage } from '../../src/formatter/discord.js';
import { digestHeaderToSlackMessage, paperToSlackMessage, slackMessageViolations } from '../../src/formatter/slack.js';
import type { SlackMessage } from '../../src/formatter/slack.js';
import { escapeDiscordMarkdown, truncate, truncateFormatted } from '../../src/formatter/text.js';
import { searchResultsToDiscordMessage } from '../../src/formatter/discord-search.js';
import { searchResultsToSlackMessage, slackPagingActions } from '../../src/formatter/slack-search.js';
import { alertToDiscordMessage } from '../../src/formatter/discord-alert.js';
import { alertToSlackMessage } from '../../src/formatter/slack-alert.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;

// No `…` among the pieces: every ellipsis in the output is then one the formatters added.
const PIECES = [
  '**bold**', '__under__', '~~strike~~', '||spoiler||', '`code`', '```js\nx\n```', '> quote', '# heading',
  '-# small', '1. item', '[link](https://evil.example/a_b)', '@everyone', '@here', '@EveryOne',
  '<@123456789012345678>', '<@&987654321>', '<#555555555>', '<@!42>', '<t:1700000000:R>', '<:pepe:123>',
  '<script>alert(1)</script>', '<!channel>', '<!here>', '<https://evil.example|click>', '&amp;', 'a & b', 'x|y',
  '\\', '*', '_', '~', '|', '>', '<', '👩‍👩‍👧‍👦', '🇺🇸', '🇺', '👍🏽', '❤️', 'e\u0301', `Z${'\u0336'.repeat(30)}`,
  '\uD800', '\uDFFF', '\u0000', '\u001b[31m', '\u202e', '\u200d', '\t', '\n', '\r\n', 'Σ-Mem', '漢字',
  'https://github.com/YujunZhou/TRACE_exp', 'https://x.io/@everyone?a=1&b=2', 'github.com/a_b', 'http://a.b/c*d*',
  ' ', '  ', 'word', 'paper', 'Transformer', '.', ',',
] as const;

function hostileText(rng: Rng, maxLength: number): string {
  const target = rng() < 0.08 ? 10_000 + int(rng, 5_000) : int(rng, maxLength);
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const part = rng() < 0.3 ? ' ' : pick(rng, PIECES);
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

const URLS = [
  undefined,
  'https://github.com/a_b/c_d',
  'javascript:alert(1)',
  `https://github.com/${'x'.repeat(600)}`,
  'https://example.org/pro|ject?<x>&y',
  'not a url',
];

function hostilePaper(rng: Rng, index: number): Paper {
  const id = `2601.${String(10_000 + index)}`;
  const authorTotal = rng() < 0.2 ? 300 + int(rng, 600) : int(rng, 20);
  const authors = Array.from({ length: authorTotal }, () => hostileText(rng, 60));
  return {
    id,
    title: hostileText(rng, 600),
    abstract: hostileText(rng, 4000),
    aiSummary: rng() < 0.5 ? hostileText(rng, 400) : undefined,
    keywords: Array.from({ length: int(rng, 4) }, () => hostileText(rng, 30)),
    authors,
    authorCount: authors.length + (rng() < 0.3 ? int(rng, 1000) : 0),
    publishedOn: '2026-01-05',
    papersDay: rng() < 0.5 ? '2026-01-07' : undefined,
    upvotes: int(rng, 10_000),
    comments: int(rng, 50),
    githubRepo: pick(rng, URLS),
    githubStars: rng() < 0.5 ? int(rng, 100_000) : undefined,
    projectPage: pick(rng, URLS),
    organization: rng() < 0.5 ? { name: 'org_x', fullname: rng() < 0.8 ? hostileText(rng, 300) : undefined } : undefined,
    submittedBy: rng() < 0.6 ? { username: hostileText(rng, 40) || 'user', fullname: rng() < 0.7 ? hostileText(rng, 200) : undefined } : undefined,
    thumbnail: pick(rng, [undefined, `https://cdn.example/${id}.png`, `https://${'a'.repeat(3100)}.png`]),
    links: paperLinks(id),
  };
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) strings(item, out);
  return out;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * From the output alone a cut cluster can't always be told from a whole one (hostile input has
 * lone combining marks and regional indicators), so this checks what it can: well-formed text
 * and every ellipsis a grapheme of its own. 'hostile truncation' below compares with the source.
 */
function expectCleanCuts(text: string): void {
  expect(text).not.toMatch(LONE_SURROGATE);
  const clusters = graphemes.segment(text);
  for (let at = text.indexOf('…'); at >= 0; at = text.indexOf('…', at + 1)) {
    expect(clusters.containing(at)?.segment).toBe('…');
  }
}

/** True when `offset` falls between two grapheme clusters of `text`. */
function isClusterBoundary(text: string, offset: number): boolean {
  return offset === 0 || offset >= text.length || graphemes.segment(text).containing(offset)?.index === offset;
}

const DISCORD_URL = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;

/**
 * A masked link we write (`[arXiv](url)`, `[submitter](url)`) once its URL is blanked (DISCORD_URL
 * leaves a URL's final punctuation behind): a label without bare brackets.
 */
const OWN_MASKED_LINK = /\[((?:[^[\]\\]|\\.)*)\]\( [.,:;"']*\)/g;

/** Outside links, every markdown character must be escaped by an odd run of backslashes (link labels included). */
function expectDiscordEscaped(text: string): void {
  const plain = text.replace(DISCORD_URL, ' ').replace(OWN_MASKED_LINK, (_link, label: string) => ` ${label} `);
  for (const match of plain.matchAll(/(\\*)([*_~`|[\]])/g)) {
    expect(match[1]!.length % 2, `unescaped ${match[2]!} in ${JSON.stringify(text.slice(0, 200))}`).toBe(1);
  }
  expect(text).not.toMatch(/@(everyone|here)/i);
  expect(text).not.toMatch(/<(@[!&]?|#)\d+>/);
}

function checkDiscord(message: DiscordMessage, hostileContent: boolean): void {
  expect(discordMessageViolations(message)).toEqual([]);
  expect(message.allowed_mentions.parse).toEqual([]);
  for (const text of strings(message)) expectCleanCuts(text);
  for (const embed of message.embeds ?? []) {
    for (const text of [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).map((f) => f.value)]) {
      expectDiscordEscaped(text);
    }
  }
  if (hostileContent) expectDiscordEscaped(message.content ?? '');
}

const SLACK_LINK = /<https?:\/\/[^\s<>|]+(?:\|[^<>]*)?>/g;

/** A mention we wrote ourselves ("Shared by @person"), from a checked Slack user id. */
const SLACK_USER_MENTION = /<@[UW][A-Z0-9]+>/g;

/** Only links and mentions we wrote may use `<`; everything from paper text is entity-escaped. */
function expectSlackEscaped(text: string): void {
  const rest = text.replace(SLACK_LINK, '').replace(SLACK_USER_MENTION, '');
  expect(rest, JSON.stringify(text.slice(0, 200))).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
}

function checkSlack(message: SlackMessage): void {
  expect(slackMessageViolations(message)).toEqual([]);
  expect(message.unfurl_links).toBe(false);
  for (const text of strings(message)) expectCleanCuts(text);
  expectSlackEscaped(message.text);
  for (const block of message.blocks) {
    const texts =
      block.type === 'section' ? [block.text, ...(block.fields ?? [])] : block.type === 'context' ? block.elements : [];
    for (const item of texts) {
      if (item && item.type === 'mrkdwn') expectSlackEscaped(item.text);
    }
  }
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('hostile paper text', () => {
  it.each(SEEDS)('renders a single hostile paper within every limit (seed %i)', (seed) => {
    const rng = prng(seed);
    for (let i = 0; i < 3; i += 1) {
      const card = paperToCard(hostilePaper(rng, i), { votes: int(rng, 5), rank: 1 + int(rng, 100) });
      checkDiscord(paperToDiscordMessage(card), false);
      checkSlack(paperToSlackMessage(card));
      checkDiscord(paperToDiscordMessage(card, { sharedBy: '4000000000000000004' }), false);
      checkSlack(paperToSlackMessage(card, { sharedBy: 'U0001' }));
    }
  });

  it.each(SEEDS.slice(0, 20))('renders hostile search pages and digests within every limit (seed %i)', (seed) => {
    const rng = prng(1000 + seed);
    const papers = Array.from({ length: 1 + int(rng, 14) }, (_, i) => hostilePaper(rng, i));
    const query = hostileText(rng, 300);
    const note = rng() < 0.5 ? hostileText(rng, 500) : undefined;
    const view = searchToView(query, papers, { page: 1 + int(rng, 3), pageSize: papers.length, total: int(rng, 200), note });
    checkDiscord(searchResultsToDiscordMessage(view, { share: true }), true);
    const paging = slackPagingActions({ query: view.query, page: view.page, pageCount: view.pageCount });
    checkSlack(searchResultsToSlackMessage(view, { share: true, ...(paging ? { extraBlocks: [paging] } : {}) }));

    // A follow alert of up to 24 hostile papers: ten shown, "and N more" for the rest.
    const alert = { day: '2026-01-07', papers: [...papers, ...papers.slice(0, int(rng, 10))] };
    checkDiscord(alertToDiscordMessage(alert), false);
    checkSlack(alertToSlackMessage(alert));

    const digest = digestToView('2026-01-07', papers, { totalAvailable: 40 });
    checkDiscord(digestHeaderToDiscordMessage(digest), false);
    checkSlack(digestHeaderToSlackMessage(digest));

    for (const text of [digestToConsoleText(digest, { width: 40 + int(rng, 80) }), searchToConsoleText(view)]) {
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(text).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('hostile truncation', () => {
  it.each(SEEDS.slice(0, 20))('cuts only between graphemes and never exceeds max (seed %i)', (seed) => {
    const rng = prng(5000 + seed);
    for (let i = 0; i < 40; i += 1) {
      const text = hostileText(rng, 300);
      const max = int(rng, 320);
      const clean = text.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD');
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith('…')).toBe(clean.length > max && max > 0);
      const kept = out.endsWith('…') ? out.slice(0, -1) : out;
      expect(clean.startsWith(kept)).toBe(true);
      expect(isClusterBoundary(clean, kept.length)).toBe(true);

      const escaped = truncateFormatted(text, max, escapeDiscordMarkdown);
      expect(escaped.length).toBeLessThanOrEqual(max);
      expectCleanCuts(escaped);
    }
  });
});
