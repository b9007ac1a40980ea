/**
 * Search results for Discord: a content line, up to 10 compact embeds and the paging buttons,
 * from the search use case's result in one call.
 */
import type { SearchResult } from '../core/search/search-papers.js';
import { authorsWithCount, searchToView, type PaperCard, type SearchView } from './card.js';
import { discordMessageSize } from './discord-validate.js';
import {
  buttonRows,
  DISCORD_EMBED_COLOR, fit, markdownLinksLine, noPings, upvotesText,
  type DiscordActionRow, type DiscordButton, type DiscordEmbed, type DiscordMessage,
} from './discord.js';
import { DISCORD_BUDGETS, DISCORD_LIMITS } from './limits.js';
import { discordPageButtonId, type PagedSearch } from './paging.js';
import { discordShareButtonId } from './paper-buttons.js';
import { votesOfHits } from './search-votes.js';
import { truncate } from './text.js';

/** A search result as its Discord answer: the page, its embeds and its ◀ ▶ buttons. */
export function searchResultToDiscordMessage(result: SearchResult, search: PagedSearch): DiscordMessage {
  const view = searchToView(search.query, result.hits.map((hit) => hit.paper), {
    page: result.page + 1,
    pageSize: search.pageSize,
    total: result.total,
    note: result.note,
    votes: votesOfHits(result.hits),
    votesWhere: result.votesWhere,
  });
  return searchResultsToDiscordMessage(view, { components: pagingRow(result, search), share: true });
}

function pagingRow(result: SearchResult, search: PagedSearch): DiscordActionRow[] {
  if (result.pageCount <= 1) return [];
  const label = (text: string) => text.slice(0, DISCORD_LIMITS.buttonLabel);
  return [
    {
      type: 1,
      components: [
        { type: 2, style: 2, label: label('◀ Previous'), custom_id: discordPageButtonId(search, result.page - 1), disabled: result.page === 0 },
        { type: 2, style: 2, label: label(`Page ${result.page + 1} of ${result.pageCount}`), custom_id: discordPageButtonId(search, result.page), disabled: true },
        { type: 2, style: 2, label: label('Next ▶'), custom_id: discordPageButtonId(search, result.page + 1), disabled: result.page + 1 >= result.pageCount },
      ],
    },
  ];
}

/**
 * A "Share #n" button per result, five to a row. A message holds five rows at most, so link
 * buttons per result would not fit beside them; the links are in each embed instead.
 */
function shareRows(cards: readonly PaperCard[]): DiscordActionRow[] {
  const buttons: DiscordButton[] = cards.map((card, index) => ({
    type: 2,
    style: 2,
    label: truncate(`Share #${card.rank ?? index + 1}`, DISCORD_LIMITS.buttonLabel),
    custom_id: discordShareButtonId(card.id),
  }));
  return buttonRows(buttons);
}

function searchEmbed(card: PaperCard, budget: number): DiscordEmbed {
  const prefix = card.rank === undefined ? '' : `${card.rank}. `;
  const titleMax = Math.min(DISCORD_BUDGETS.searchTitle, DISCORD_LIMITS.embedTitle, Math.floor(budget / 3));
  const title = prefix + fit(card.title, titleMax - prefix.length);
  const details = [
    authorsWithCount(card, DISCORD_BUDGETS.searchAuthors),
    card.date ?? '',
    `▲ ${upvotesText(card)}`,
    card.comments > 0 ? `💬 ${card.comments}` : '',
    card.organization ? truncate(card.organization, DISCORD_BUDGETS.searchOrganization) : '',
  ].filter((part) => part.length > 0);
  const room = budget - title.length;
  // The same arXiv, PDF, GitHub and project links as a digest post (the title links to HF).
  const links = markdownLinksLine(card, Math.min(DISCORD_BUDGETS.searchLinks, Math.floor(room / 2)));
  // The detail line is short and escaped as a whole; the summary gets what is left.
  const detailLine = fit(details.join(' · '), Math.floor((room - links.length) / 2));
  const summary = fit(card.oneLine, room - links.length - detailLine.length - 2);
  const description = [summary, detailLine, links].filter((part) => part.trim().length > 0).join('\n');
  const embed: DiscordEmbed = { title, url: card.url, color: DISCORD_EMBED_COLOR };
  if (description) embed.description = description;
  return embed;
}

function resultRange(view: SearchView): string {
  const first = (view.page - 1) * view.pageSize + 1;
  const last = first + view.cards.length - 1;
  return `${first}–${last} of ${view.total}`;
}

/**
 * A page of search results: a content line and up to 10 compact embeds, shortened so their
 * total stays within Discord's 6000; `components` (paging buttons) are added as they are.
 */
export function searchResultsToDiscordMessage(
  view: SearchView,
  options: { components?: DiscordActionRow[]; share?: boolean } = {},
): DiscordMessage {
  const cards = view.cards.slice(0, DISCORD_LIMITS.embedsPerMessage);
  const budget = Math.min(DISCORD_BUDGETS.searchEmbed, Math.floor(DISCORD_LIMITS.embedTotal / Math.max(1, cards.length)));
  const embeds = cards.map((card) => searchEmbed(card, budget));
  while (embeds.length > 0 && discordMessageSize({ embeds }) > DISCORD_LIMITS.embedTotal) embeds.pop();

  const query = fit(view.query, DISCORD_BUDGETS.query);
  const lines =
    embeds.length === 0
      ? [`No results for "${query}".`]
      : [`Results for "${query}" (${resultRange({ ...view, cards: cards.slice(0, embeds.length) })})`];
  if (view.note) lines.push(fit(view.note, DISCORD_BUDGETS.note));
  const message: DiscordMessage = {
    content: truncate(lines.join('\n'), DISCORD_LIMITS.content),
    allowed_mentions: noPings(),
  };
  if (embeds.length > 0) message.embeds = embeds;
  const rows = [...(options.share === true ? shareRows(cards.slice(0, embeds.length)) : []), ...(options.components ?? [])];
  if (rows.length > 0) message.components = rows.slice(0, DISCORD_LIMITS.actionRows);
  return message;
}

