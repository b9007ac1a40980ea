/**
 * Slack Block Kit payloads. Paper text goes into `verbatim` mrkdwn (Slack then never turns
 * words into mentions or links on its own); we escape `& < >` and write URL links ourselves.
 */
import type { DigestView, PaperCard, SearchView } from './card.js';
import { SLACK_BUDGETS, SLACK_LIMITS } from './limits.js';
import { slackBlocksTextLength } from './slack-validate.js';
import { escapeSlackText, formatAuthors, slackMrkdwnFromPlain, truncate, truncateFormatted } from './text.js';

export { slackMessageTextLength, slackMessageViolations } from './slack-validate.js';

export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}
export type SlackText = SlackPlainText | SlackMrkdwn;
export interface SlackImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}
export interface SlackButtonElement {
  type: 'button';
  text: SlackPlainText;
  action_id: string;
  url?: string;
  value?: string;
  style?: 'primary' | 'danger';
}
export interface SlackSectionBlock {
  type: 'section';
  block_id?: string;
  text?: SlackText;
  fields?: SlackText[];
  accessory?: SlackImageElement | SlackButtonElement;
}
export interface SlackHeaderBlock {
  type: 'header';
  block_id?: string;
  text: SlackPlainText;
}
export interface SlackContextBlock {
  type: 'context';
  block_id?: string;
  elements: (SlackText | SlackImageElement)[];
}
export interface SlackActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: SlackButtonElement[];
}
export interface SlackDividerBlock {
  type: 'divider';
  block_id?: string;
}
export type SlackBlock = SlackSectionBlock | SlackHeaderBlock | SlackContextBlock | SlackActionsBlock | SlackDividerBlock;

export interface SlackMessage {
  /** Notification and screen-reader fallback. */
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

export const SLACK_ACTION_IDS = {
  upvote: 'paper_upvote',
  /** Link buttons still send an action to the app, which must ack it. */
  linkPrefix: 'paper_link_',
  searchPrev: 'search_prev',
  searchNext: 'search_next',
} as const;

const mrkdwn = (text: string): SlackMrkdwn => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string): SlackPlainText => ({ type: 'plain_text', text, emoji: true });
const message = (text: string, blocks: SlackBlock[]): SlackMessage => ({
  text,
  blocks,
  unfurl_links: false,
  unfurl_media: false,
});

/** A link label must also not contain `|`, which would end it; `>` is already `&gt;`. */
function linkLabel(text: string): string {
  return escapeSlackText(text).replace(/\|/g, '∣');
}

/** `<url|label>` needs a URL without `|`, `<`, `>` or spaces, with `&` escaped. */
export function slackLinkUrl(url: string): string {
  return escapeSlackText(url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)));
}

/** `*<url|prefix title>*` within `max` characters. */
function linkedTitle(card: PaperCard, max: number, prefix = ''): string {
  const open = `*<${slackLinkUrl(card.url)}|${prefix}`;
  return `${open}${truncateFormatted(card.title, max - open.length - 2, linkLabel)}>*`;
}

function upvotesText(card: PaperCard): string {
  return card.votes === undefined ? `▲ ${card.upvotes}` : `▲ ${card.upvotes} on HF · ${card.votes} here`;
}

/** Plain (unescaped) detail parts: authors, date, upvotes, organization, stars. */
function detailParts(card: PaperCard, authorsMax: number, withStars: boolean): string[] {
  const parts = [
    formatAuthors(card.authors, card.authorCount, authorsMax),
    card.date ?? '',
    upvotesText(card),
    card.organization ? truncate(card.organization, SLACK_BUDGETS.organization) : '',
    withStars && card.github?.stars !== undefined ? `⭐ ${card.github.stars.toLocaleString('en-US')}` : '',
  ];
  return parts.filter((part) => part.length > 0);
}

function linkButtons(card: PaperCard): SlackButtonElement[] {
  return card.links
    .filter((link) => link.url.length <= SLACK_LIMITS.buttonUrl)
    .map((link, i) => ({
      type: 'button',
      text: plain(truncate(link.label, SLACK_LIMITS.buttonText)),
      action_id: `${SLACK_ACTION_IDS.linkPrefix}${i}`,
      url: link.url,
    }));
}

/** One paper: linked title (with thumbnail), blurb, details, link buttons and an upvote button. */
export function paperToSlackMessage(card: PaperCard): SlackMessage {
  const title: SlackSectionBlock = { type: 'section', text: mrkdwn(linkedTitle(card, SLACK_BUDGETS.title)) };
  if (card.thumbnail && card.thumbnail.length <= SLACK_LIMITS.imageUrl) {
    title.accessory = { type: 'image', image_url: card.thumbnail, alt_text: truncate(card.title, SLACK_BUDGETS.fallback) };
  }
  const blocks: SlackBlock[] = [title];
  const blurb = truncateFormatted(card.blurb, SLACK_LIMITS.sectionText, slackMrkdwnFromPlain);
  if (blurb.trim()) blocks.push({ type: 'section', text: mrkdwn(blurb) });
  const details = detailParts(card, SLACK_BUDGETS.authors, true)
    .slice(0, SLACK_LIMITS.contextElements)
    .map((part) => mrkdwn(truncateFormatted(part, SLACK_LIMITS.textObject, escapeSlackText)));
  blocks.push({ type: 'context', elements: details });
  const upvote: SlackButtonElement = {
    type: 'button',
    text: plain(card.votes === undefined ? '⬆️ Upvote' : `⬆️ Upvote (${card.votes})`),
    action_id: SLACK_ACTION_IDS.upvote,
    value: card.id,
  };
  blocks.push({
    type: 'actions',
    block_id: `paper:${card.id}`.slice(0, SLACK_LIMITS.blockId),
    elements: [...linkButtons(card), upvote].slice(-SLACK_LIMITS.actionsElements),
  });
  return message(truncateFormatted(card.title, SLACK_BUDGETS.fallback, escapeSlackText), blocks);
}

/** The message posted above a digest's papers: day, count, how to vote. */
export function digestHeaderToSlackMessage(view: DigestView): SlackMessage {
  const heading = truncate(`Hugging Face Daily Papers · ${view.day}`, SLACK_LIMITS.headerText);
  const shown = view.papers.length;
  if (shown === 0) {
    const text = escapeSlackText(`No papers on Hugging Face Daily Papers for ${view.day}.`);
    return message(text, [{ type: 'header', text: plain(heading) }, { type: 'section', text: mrkdwn(text) }]);
  }
  const count = shown < view.totalAvailable ? `Top ${shown} of ${view.totalAvailable} papers.` : `${shown} papers.`;
  const hint = view.voteHint ?? `React with ${view.voteEmoji ?? ':arrow_up:'} to upvote.`;
  const body = truncate(`${count} ${hint}`, SLACK_LIMITS.sectionText);
  return message(escapeSlackText(`${heading}: ${count}`), [
    { type: 'header', text: plain(heading) },
    { type: 'section', text: { type: 'mrkdwn', text: body } },
  ]);
}

function resultBlocks(card: PaperCard, budget: number): SlackBlock[] {
  const prefix = card.rank === undefined ? '' : `${card.rank}. `;
  // Shares of the per-result budget: title, summary, detail line (the rest is separators).
  const title = linkedTitle(card, Math.min(SLACK_BUDGETS.title, Math.floor(budget * 0.3)), prefix);
  const summaryMax = Math.min(SLACK_BUDGETS.searchSummary, Math.floor(budget * 0.35));
  const summary = truncateFormatted(card.oneLine, summaryMax, slackMrkdwnFromPlain);
  const details = detailParts(card, SLACK_BUDGETS.searchAuthors, false).join(' · ');
  return [
    { type: 'section', text: mrkdwn(summary ? `${title}\n${summary}` : title) },
    { type: 'context', elements: [mrkdwn(truncateFormatted(details, Math.floor(budget * 0.3), escapeSlackText))] },
  ];
}

/**
 * A page of search results: header, range line, then per result a section and a context,
 * split by dividers. Results that would break the 50 blocks or the text budget are dropped and
 * the message says so. `extraBlocks` (paging buttons) are appended and budgeted for.
 */
export function searchResultsToSlackMessage(
  view: SearchView,
  options: { extraBlocks?: readonly SlackBlock[] } = {},
): SlackMessage {
  const extra = [...(options.extraBlocks ?? [])];
  const query = truncate(view.query, SLACK_BUDGETS.query);
  const header: SlackBlock = { type: 'header', text: plain(truncate(`Results for "${query}"`, SLACK_LIMITS.headerText)) };
  const first = (view.page - 1) * view.pageSize + 1;
  const noteText = view.note ? truncateFormatted(view.note, SLACK_BUDGETS.note, escapeSlackText) : '';
  const info = (shown: number): SlackBlock => ({
    type: 'context',
    elements: [
      mrkdwn(`${first}–${first + shown - 1} of ${view.total} · page ${view.page}/${view.pageCount}`),
      ...(noteText ? [mrkdwn(noteText)] : []),
    ],
  });
  const fallback = truncateFormatted(`Results for "${query}"`, SLACK_BUDGETS.fallback, escapeSlackText);
  if (view.cards.length === 0) {
    const none: SlackBlock[] = [{ type: 'section', text: mrkdwn(escapeSlackText(`No results for "${query}".`)) }];
    if (noteText) none.push({ type: 'context', elements: [mrkdwn(noteText)] });
    return message(fallback, [header, ...none, ...extra]);
  }

  const droppedNote = (n: number): SlackBlock => ({
    type: 'context',
    elements: [mrkdwn(`${n} more result${n === 1 ? '' : 's'} not shown (message size limit)`)],
  });
  // Reserve room for the fixed blocks and a possible "not shown" line before sharing out the rest.
  const fixed = slackBlocksTextLength([header, info(view.cards.length), droppedNote(view.cards.length), ...extra]);
  const room = SLACK_LIMITS.messageTextBudget - fallback.length - fixed;
  const perResult = Math.floor(room / view.cards.length);
  // Header, range line, divider and a possible "not shown" line are always there.
  const blockRoom = SLACK_LIMITS.blocks - 4 - extra.length;

  const results: SlackBlock[] = [];
  let used = 0;
  let shown = 0;
  for (const card of view.cards) {
    const blocks = resultBlocks(card, perResult);
    const withDivider: SlackBlock[] = shown === 0 ? blocks : [{ type: 'divider' }, ...blocks];
    const size = slackBlocksTextLength(withDivider);
    if (used + size > room || results.length + withDivider.length > blockRoom) break;
    results.push(...withDivider);
    used += size;
    shown += 1;
  }
  const dropped = view.cards.length - shown;
  const blocks: SlackBlock[] = [header, info(shown), { type: 'divider' }, ...results];
  if (dropped > 0) blocks.push(droppedNote(dropped));
  return message(fallback, [...blocks, ...extra]);
}

export interface SlackPagingState {
  readonly query: string;
  readonly page: number;
  readonly pageCount: number;
}

const jsonBody = (s: string): string => JSON.stringify(s).slice(1, -1);

function pagingValue(query: string, page: number): string {
  const room = SLACK_LIMITS.buttonValue - JSON.stringify({ q: '', p: page }).length;
  if (jsonBody(query).length <= room) return JSON.stringify({ q: query, p: page });
  // Only an absurd query gets here: keep its longest prefix whose JSON fits, without the `…`.
  const body = truncateFormatted(query, room + 1, jsonBody).slice(0, -1);
  return JSON.stringify({ q: JSON.parse(`"${body}"`) as string, p: page });
}

/** Previous/next buttons whose `value` carries the query and target page; undefined on a single page. */
export function slackPagingActions(state: SlackPagingState): SlackActionsBlock | undefined {
  const elements: SlackButtonElement[] = [];
  if (state.page > 1) {
    elements.push({ type: 'button', text: plain('◀ Previous'), action_id: SLACK_ACTION_IDS.searchPrev, value: pagingValue(state.query, state.page - 1) });
  }
  if (state.page < state.pageCount) {
    elements.push({ type: 'button', text: plain('Next ▶'), action_id: SLACK_ACTION_IDS.searchNext, value: pagingValue(state.query, state.page + 1) });
  }
  return elements.length > 0 ? { type: 'actions', block_id: 'search_paging', elements } : undefined;
}

/** Reads a paging button's `value` back; undefined for anything we did not write. */
export function parseSlackPagingValue(value: string): { query: string; page: number } | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { q, p } = parsed as { q?: unknown; p?: unknown };
    if (typeof q !== 'string' || typeof p !== 'number' || !Number.isInteger(p) || p < 1) return undefined;
    return { query: q, page: p };
  } catch {
    return undefined;
  }
}
