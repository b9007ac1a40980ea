/**
 * A follow alert as one Discord direct message: a content line naming the day and the count,
 * one compact embed per paper (numbered title linked to Hugging Face, authors, upvotes, the same
 * arXiv, PDF, GitHub and project links as a channel post), at most ALERT_BUDGETS.papers of them,
 * "and N more" with the day's page when more matched, and an "▲ Upvote #n" button per paper.
 *
 * Channel posts take votes as reactions, one paper per message; an alert lists several papers
 * in one message, where a reaction could not say which one it is for, so each paper has its own
 * button (ten buttons fill two of the five rows a message may have; link buttons per paper would
 * not fit beside them, so the links are in each embed, as on search results).
 */
import type { FollowAlert } from '../core/follows/follow.js';
import { alertTitle, alertToView, papersCount } from './alert-view.js';
import { authorsWithCount } from './card.js';
import {
  DISCORD_EMBED_COLOR, buttonRows, fit, markdownLinksLine, noPings, upvotesText,
  type DiscordButton, type DiscordEmbed, type DiscordMessage,
} from './discord.js';
import { ALERT_BUDGETS, DISCORD_LIMITS } from './limits.js';
import { discordUpvoteButtonId } from './paper-buttons.js';
import { escapeDiscordMarkdown, truncate } from './text.js';

/** `workspaceId`: the server the person follows from, whose vote pool the buttons vote in. */
export function alertToDiscordMessage(alert: FollowAlert, options: { workspaceId?: string | undefined } = {}): DiscordMessage {
  const view = alertToView(alert);
  const embeds: DiscordEmbed[] = view.cards.map((card, index) => {
    const number = `${index + 1}. `;
    const title = number + fit(card.title, ALERT_BUDGETS.discordTitle - number.length);
    const details = [authorsWithCount(card, ALERT_BUDGETS.discordAuthors, escapeDiscordMarkdown), `▲ ${upvotesText(card)}`]
      .filter((part) => part.length > 0).join(' · ');
    const room = ALERT_BUDGETS.discordEmbed - title.length;
    const links = markdownLinksLine(card, Math.max(0, room - details.length - 1));
    const description = truncate([details, links].filter((part) => part.length > 0).join('\n'), Math.max(0, room));
    return { title, url: card.url, color: DISCORD_EMBED_COLOR, ...(description.trim() === '' ? {} : { description }) };
  });
  const upvotes: DiscordButton[] = view.cards.map((card, index) => ({
    type: 2,
    style: 2,
    label: truncate(`▲ Upvote #${index + 1}`, DISCORD_LIMITS.buttonLabel),
    custom_id: discordUpvoteButtonId(card.id, options.workspaceId),
  }));
  const lines = [`**${escapeDiscordMarkdown(alertTitle(view.day))}**`, papersCount(alert.papers.length)];
  if (view.more > 0) lines.push(`…and ${view.more} more: <${view.dayUrl}> (or \`/papers\` with what you follow).`);
  const message: DiscordMessage = { content: truncate(lines.join('\n'), DISCORD_LIMITS.content), embeds, allowed_mentions: noPings() };
  if (upvotes.length > 0) message.components = buttonRows(upvotes);
  return message;
}
