/**
 * Discord payloads as plain JSON in the API's own shape (not discord.js builders). Every
 * message carries `allowed_mentions: { parse: [] }` so nothing in paper text can ping.
 */
import type { DigestView, PaperCard, SearchView } from './card.js';
import { discordMessageSize } from './discord-validate.js';
import { DISCORD_BUDGETS, DISCORD_LIMITS } from './limits.js';
import { escapeDiscordMarkdown, formatAuthors, truncate, truncateFormatted } from './text.js';

export { discordMessageSize, discordMessageViolations } from './discord-validate.js';

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
  thumbnail?: { url: string };
  footer?: { text: string };
  author?: { name: string; url?: string };
}

export interface DiscordLinkButton {
  type: 2;
  style: 5;
  label: string;
  url: string;
  disabled?: boolean;
}

export interface DiscordActionButton {
  type: 2;
  /** Primary, secondary, success, danger. */
  style: 1 | 2 | 3 | 4;
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export type DiscordButton = DiscordLinkButton | DiscordActionButton;

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

export interface DiscordMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: DiscordActionRow[];
  allowed_mentions: { parse: [] };
}

/** Hugging Face yellow. */
export const DISCORD_EMBED_COLOR = 0xffd21e;

const fit = (text: string, max: number): string => truncateFormatted(text, max, escapeDiscordMarkdown);
const noPings = (): { parse: [] } => ({ parse: [] });

function upvotesText(card: PaperCard): string {
  return card.votes === undefined ? String(card.upvotes) : `${card.upvotes} on HF · ${card.votes} here`;
}

function starsText(stars: number | undefined): string {
  return stars === undefined ? '—' : `⭐ ${stars.toLocaleString('en-US')}`;
}

/** Up to one row of link buttons; a URL Discord would reject is left out rather than cut. */
export function linkButtonsRow(card: PaperCard): DiscordActionRow | undefined {
  const buttons: DiscordButton[] = card.links
    .filter((link) => link.url.length <= DISCORD_LIMITS.buttonUrl)
    .slice(0, DISCORD_LIMITS.buttonsPerRow)
    .map((link) => ({ type: 2, style: 5, label: truncate(link.label, DISCORD_LIMITS.buttonLabel), url: link.url }));
  return buttons.length > 0 ? { type: 1, components: buttons } : undefined;
}

function paperFooter(card: PaperCard): string {
  const rank = card.rank === undefined ? '' : `#${card.rank} · `;
  const source = card.daily ? 'Hugging Face Daily Papers' : 'Hugging Face Papers';
  // Footers render no markdown, so this text is not escaped.
  return truncate(`${rank}arXiv ${card.id} · ${source}`, DISCORD_LIMITS.footerText);
}

/** One paper as one embed plus a row of link buttons. */
export function paperToDiscordMessage(card: PaperCard, options: { color?: number } = {}): DiscordMessage {
  const fields: DiscordEmbedField[] = [];
  const authors = formatAuthors(card.authors, card.authorCount, DISCORD_BUDGETS.authors, escapeDiscordMarkdown);
  if (authors) fields.push({ name: 'Authors', value: authors, inline: false });
  fields.push({ name: 'Upvotes', value: upvotesText(card), inline: true });
  if (card.date) fields.push({ name: 'Date', value: fit(card.date, DISCORD_LIMITS.fieldValue), inline: true });
  if (card.organization) {
    fields.push({ name: 'Organization', value: fit(card.organization, DISCORD_BUDGETS.organization), inline: true });
  }
  if (card.github) fields.push({ name: 'GitHub stars', value: starsText(card.github.stars), inline: true });

  const embed: DiscordEmbed = {
    title: fit(card.title, DISCORD_LIMITS.embedTitle),
    url: card.url,
    color: options.color ?? DISCORD_EMBED_COLOR,
    fields,
    footer: { text: paperFooter(card) },
  };
  if (card.thumbnail) embed.thumbnail = { url: card.thumbnail };
  // The description takes whatever the 6000 total leaves after everything else.
  const room = DISCORD_LIMITS.embedTotal - discordMessageSize({ embeds: [embed] });
  const description = fit(card.blurb, Math.min(DISCORD_LIMITS.embedDescription, room));
  if (description.trim()) embed.description = description;

  const row = linkButtonsRow(card);
  return { embeds: [embed], ...(row ? { components: [row] } : {}), allowed_mentions: noPings() };
}

/** The line posted above a digest's paper messages: day, count, how to vote. */
export function digestHeaderToDiscordMessage(view: DigestView): DiscordMessage {
  const day = escapeDiscordMarkdown(view.day);
  const shown = view.papers.length;
  let content: string;
  if (shown === 0) {
    content = `No papers on Hugging Face Daily Papers for ${day}.`;
  } else {
    const count = shown < view.totalAvailable ? `Top ${shown} of ${view.totalAvailable} papers.` : `${shown} papers.`;
    const hint = view.voteHint ?? `React with ${view.voteEmoji ?? '⬆️'} to upvote.`;
    content = `**Hugging Face Daily Papers · ${day}**\n${count} ${hint}`;
  }
  return { content: truncate(content, DISCORD_LIMITS.content), allowed_mentions: noPings() };
}

function searchEmbed(card: PaperCard, budget: number): DiscordEmbed {
  const prefix = card.rank === undefined ? '' : `${card.rank}. `;
  const titleMax = Math.min(DISCORD_BUDGETS.searchTitle, DISCORD_LIMITS.embedTitle, Math.floor(budget / 3));
  const title = prefix + fit(card.title, titleMax - prefix.length);
  const details = [
    formatAuthors(card.authors, card.authorCount, DISCORD_BUDGETS.searchAuthors),
    card.date ?? '',
    `▲ ${upvotesText(card)}`,
    card.organization ? truncate(card.organization, DISCORD_BUDGETS.searchOrganization) : '',
  ].filter((part) => part.length > 0);
  const room = budget - title.length;
  // The detail line is short and escaped as a whole; the summary gets what is left.
  const detailLine = fit(details.join(' · '), Math.floor(room / 2));
  const summary = fit(card.oneLine, room - detailLine.length - 1);
  const description = [summary, detailLine].filter((part) => part.trim().length > 0).join('\n');
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
 * total stays within Discord's 6000. Paging buttons come from the platform layer.
 */
export function searchResultsToDiscordMessage(
  view: SearchView,
  options: { components?: DiscordActionRow[] } = {},
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
  if (options.components && options.components.length > 0) {
    message.components = options.components.slice(0, DISCORD_LIMITS.actionRows);
  }
  return message;
}

/**
 * The same message in discord.js option names (`allowedMentions`): discord.js ignores the API's
 * `allowed_mentions` key, and a payload without it would ping.
 */
export function toDiscordJsOptions(message: DiscordMessage): {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: DiscordActionRow[];
  allowedMentions: { parse: [] };
} {
  const { allowed_mentions: allowedMentions, ...rest } = message;
  return { ...rest, allowedMentions };
}
