/**
 * Search results for Slack: header, range line, a section and a context per result, and the
 * paging buttons, from the search use case's result in one call.
 */
import type { SearchResult } from '../core/search/search-papers.js';
import { searchToView, type PaperCard, type SearchView } from './card.js';
import { SLACK_BUDGETS, SLACK_LIMITS } from './limits.js';
import { slackPagingValue } from './paging.js';
import { votesOfHits } from './search-votes.js';
import {
  detailParts, linkedTitle, message, mrkdwn, plain, SLACK_ACTION_IDS,
  type SlackActionsBlock, type SlackBlock, type SlackButtonElement, type SlackMessage,
} from './slack.js';
import { slackBlocksTextLength } from './slack-validate.js';
import { escapeSlackText, slackMrkdwnFromPlain, truncate, truncateFormatted } from './text.js';

/** A search result as its Slack answer, `pageSize` results a page, with ◀ ▶ buttons. */
export function searchResultToSlackMessage(result: SearchResult, query: string, pageSize: number): SlackMessage {
  const view = searchToView(query, result.hits.map((hit) => hit.paper), {
    page: result.page + 1,
    pageSize,
    total: result.total,
    note: result.note,
    votes: votesOfHits(result.hits),
    votesWhere: result.votesWhere,
  });
  const paging = slackPagingActions({ query, page: view.page, pageCount: view.pageCount });
  return searchResultsToSlackMessage(view, { extraBlocks: paging === undefined ? [] : [paging], share: true });
}

/** A result's section (with a "Share" button that posts the card in the channel) and its details. */
function resultBlocks(card: PaperCard, budget: number, withShare: boolean): SlackBlock[] {
  const prefix = card.rank === undefined ? '' : `${card.rank}. `;
  // Shares of the per-result budget: title, summary, detail line (the rest is separators).
  const title = linkedTitle(card, Math.min(SLACK_BUDGETS.title, Math.floor(budget * 0.3)), prefix);
  const summaryMax = Math.min(SLACK_BUDGETS.searchSummary, Math.floor(budget * 0.35));
  const summary = truncateFormatted(card.oneLine, summaryMax, slackMrkdwnFromPlain);
  const details = detailParts(card, SLACK_BUDGETS.searchAuthors, false).join(' · ');
  const share: SlackButtonElement = { type: 'button', text: plain('Share'), action_id: SLACK_ACTION_IDS.share, value: card.id };
  return [
    { type: 'section', text: mrkdwn(summary ? `${title}\n${summary}` : title), ...(withShare ? { accessory: share } : {}) },
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
  options: { extraBlocks?: readonly SlackBlock[]; share?: boolean } = {},
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
    const blocks = resultBlocks(card, perResult, options.share === true);
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

/** Previous/next buttons whose `value` carries the query and target page; undefined on a single page. */
export function slackPagingActions(state: SlackPagingState): SlackActionsBlock | undefined {
  const elements: SlackButtonElement[] = [];
  if (state.page > 1) {
    elements.push({ type: 'button', text: plain('◀ Previous'), action_id: SLACK_ACTION_IDS.searchPrev, value: slackPagingValue(state.query, state.page - 1) });
  }
  if (state.page < state.pageCount) {
    elements.push({ type: 'button', text: plain('Next ▶'), action_id: SLACK_ACTION_IDS.searchNext, value: slackPagingValue(state.query, state.page + 1) });
  }
  return elements.length > 0 ? { type: 'actions', block_id: 'search_paging', elements } : undefined;
}
