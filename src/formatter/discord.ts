/**
 * Discord payloads as plain JSON in the API's own shape (not discord.js builders). Every
 * message carries `allowed_mentions: { parse: [] }` so nothing in paper text can ping.
 */
import { votesPhrase, type DigestView, type PaperCard } from './card.js';
import { digestCountText, digestTitle, emptyDigestText } from './digest-title.js';
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

/** Escaped markdown cut to `max`, for the search renderer too. */
export const fit = (text: string, max: number): string => truncateFormatted(text, max, escapeDiscordMarkdown);
export const noPings = (): { parse: [] } => ({ parse: [] });

export function upvotesText(card: PaperCard): string {
  return card.votes === undefined ? String(card.upvotes) : `${card.upvotes} on HF · ${votesPhrase(card.votes, card.votesWhere)}`;
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

/** Buttons laid out five to a row, as many rows as they need (callers keep to five rows). */
export function buttonRows(buttons: readonly DiscordButton[]): DiscordActionRow[] {
  const rows: DiscordActionRow[] = [];
  for (let at = 0; at < buttons.length; at += DISCORD_LIMITS.buttonsPerRow) rows.push({ type: 1, components: buttons.slice(at, at + DISCORD_LIMITS.buttonsPerRow) });
  return rows;
}

/**
 * Text that is safe as a masked link's label: brackets would end it early, and a URL inside it
 * would be taken for a link of its own (a zero-width space after the colon stops that).
 */
const maskedLinkLabel = (text: string): string => text.replace(/[[\]]/gu, '').replace(/:\/\//gu, ':\u200b//');

const markdownUrl = (url: string): string => url.replace(/[()<>\s]/gu, (c) => encodeURIComponent(c));

/**
 * The card's links as markdown (`[arXiv](…) · [PDF](…) · [GitHub ⭐ 1,234](…) · [Project page](…)`),
 * as many as fit in `max`; Hugging Face is left out where the title already links there.
 */
export function markdownLinksLine(card: PaperCard, max: number, options: { withHf?: boolean } = {}): string {
  const parts = card.links
    .filter((link) => options.withHf === true || link.url !== card.url)
    .map((link) => {
      const label = link.label === 'GitHub' && card.github?.stars !== undefined ? `GitHub ⭐ ${card.github.stars.toLocaleString('en-US')}` : link.label;
      return `[${escapeDiscordMarkdown(label)}](${markdownUrl(link.url)})`;
    });
  while (parts.length > 0 && parts.join(' · ').length > max) parts.pop();
  return parts.join(' · ');
}

function paperFooter(card: PaperCard): string {
  const rank = card.rank === undefined ? '' : `#${card.rank} · `;
  const source = card.daily ? 'Hugging Face Daily Papers' : 'Hugging Face Papers';
  // Footers render no markdown, so this text is not escaped.
  return truncate(`${rank}arXiv ${card.id} · ${source}`, DISCORD_LIMITS.footerText);
}

/** Discord user ids are snowflakes; anything else is not put in a mention. */
const SNOWFLAKE = /^\d{15,25}$/u;

/** "Shared by @person" for a card someone shared (a mention that pings nobody: allowed_mentions is empty). */
export function sharedByLine(userId: string | undefined): string | undefined {
  return userId !== undefined && SNOWFLAKE.test(userId) ? `Shared by <@${userId}>` : undefined;
}

/** One paper as one embed plus a row of link buttons; a shared card says who shared it. */
export function paperToDiscordMessage(card: PaperCard, options: { color?: number; sharedBy?: string | undefined } = {}): DiscordMessage {
  const fields: DiscordEmbedField[] = [];
  const authors = formatAuthors(card.authors, card.authorCount, DISCORD_BUDGETS.authors, escapeDiscordMarkdown);
  // Named "12 authors" as Hugging Face counts them, beside the names that fit.
  if (authors) fields.push({ name: card.authorCountLabel || 'Authors', value: authors, inline: false });
  fields.push({ name: 'Upvotes', value: upvotesText(card), inline: true });
  if (card.date) fields.push({ name: 'Date', value: fit(card.date, DISCORD_LIMITS.fieldValue), inline: true });
  if (card.organization) {
    fields.push({ name: 'Organization', value: fit(card.organization, DISCORD_BUDGETS.organization), inline: true });
  }
  if (card.github) fields.push({ name: 'GitHub stars', value: starsText(card.github.stars), inline: true });
  fields.push({ name: 'Comments', value: String(card.comments), inline: true });
  if (card.submittedBy) {
    const { url } = card.submittedBy;
    const name = fit(maskedLinkLabel(card.submittedBy.name), DISCORD_BUDGETS.submitter);
    fields.push({ name: 'Submitted by', value: url === undefined ? name : `[${name}](${markdownUrl(url)})`, inline: true });
  }
  if (card.keywords.length > 0) {
    fields.push({ name: 'Keywords', value: fit(card.keywords.join(' · '), DISCORD_BUDGETS.keywords), inline: false });
  }

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
  const shared = sharedByLine(options.sharedBy);
  return { ...(shared ? { content: shared } : {}), embeds: [embed], ...(row ? { components: [row] } : {}), allowed_mentions: noPings() };
}

/** The line posted above a digest's paper messages: what it covers, count, how to vote. */
export function digestHeaderToDiscordMessage(view: DigestView): DiscordMessage {
  let content: string;
  if (view.papers.length === 0) {
    content = escapeDiscordMarkdown(emptyDigestText(view));
  } else {
    const hint = view.voteHint ?? `React with ${view.voteEmoji ?? '⬆️'} to upvote.`;
    content = `**${escapeDiscordMarkdown(digestTitle(view))}**\n${digestCountText(view)} ${hint}`;
  }
  return { content: truncate(content, DISCORD_LIMITS.content), allowed_mentions: noPings() };
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
