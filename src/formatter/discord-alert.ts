/**
 * A follow alert as one Discord direct message: a content line naming the day and the count,
 * one compact embed per paper (title linked to Hugging Face, authors, upvotes, links line), at
 * most ALERT_BUDGETS.papers of them, and "and N more" with the day's page when more matched.
 */
import type { FollowAlert } from '../core/follows/follow.js';
import { alertTitle, alertToView, papersCount } from './alert-view.js';
import { authorsWithCount } from './card.js';
import { DISCORD_EMBED_COLOR, fit, markdownLinksLine, noPings, upvotesText, type DiscordEmbed, type DiscordMessage } from './discord.js';
import { ALERT_BUDGETS, DISCORD_LIMITS } from './limits.js';
import { escapeDiscordMarkdown, truncate } from './text.js';

export function alertToDiscordMessage(alert: FollowAlert): DiscordMessage {
  const view = alertToView(alert);
  const embeds: DiscordEmbed[] = view.cards.map((card) => {
    const title = fit(card.title, ALERT_BUDGETS.discordTitle);
    const details = [authorsWithCount(card, ALERT_BUDGETS.discordAuthors, escapeDiscordMarkdown), `▲ ${upvotesText(card)}`]
      .filter((part) => part.length > 0).join(' · ');
    const room = ALERT_BUDGETS.discordEmbed - title.length;
    const links = markdownLinksLine(card, Math.max(0, room - details.length - 1));
    const description = truncate([details, links].filter((part) => part.length > 0).join('\n'), Math.max(0, room));
    return { title, url: card.url, color: DISCORD_EMBED_COLOR, ...(description.trim() === '' ? {} : { description }) };
  });
  const lines = [`**${escapeDiscordMarkdown(alertTitle(view.day))}**`, papersCount(alert.papers.length)];
  if (view.more > 0) lines.push(`…and ${view.more} more: <${view.dayUrl}> (or \`/papers\` with what you follow).`);
  return { content: truncate(lines.join('\n'), DISCORD_LIMITS.content), embeds, allowed_mentions: noPings() };
}
