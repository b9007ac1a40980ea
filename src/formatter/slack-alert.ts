/**
 * A follow alert as one Slack direct message: a header naming the day, a count line, one
 * section per paper (linked title, details, one-line summary) with the same link buttons and
 * Upvote button as a channel post, at most ALERT_BUDGETS.papers of them, and "and N more" with
 * the day's page when more matched.
 */
import type { FollowAlert } from '../core/follows/follow.js';
import { alertTitle, alertToView, papersCount } from './alert-view.js';
import { ALERT_BUDGETS, SLACK_BUDGETS, SLACK_LIMITS } from './limits.js';
import { detailParts, linkedTitle, message, mrkdwn, paperActionsBlock, plain, slackLinkUrl, type SlackBlock, type SlackMessage } from './slack.js';
import { escapeSlackText, truncate, truncateFormatted } from './text.js';

export function alertToSlackMessage(alert: FollowAlert): SlackMessage {
  const view = alertToView(alert);
  const count = papersCount(alert.papers.length);
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(truncate(alertTitle(view.day), SLACK_LIMITS.headerText)) },
    { type: 'section', text: mrkdwn(escapeSlackText(count)) },
  ];
  for (const [index, card] of view.cards.entries()) {
    const title = linkedTitle(card, SLACK_BUDGETS.title);
    const details = detailParts(card, ALERT_BUDGETS.slackAuthors, true).join(' · ');
    const summary = truncateFormatted(card.oneLine, ALERT_BUDGETS.slackSummary, escapeSlackText);
    const room = ALERT_BUDGETS.slackEntry - title.length - summary.length - 2;
    const text = [title, truncateFormatted(details, Math.max(0, room), escapeSlackText), summary].filter((part) => part.length > 0).join('\n');
    // Numbered too: block ids must differ within a message, whatever the list holds.
    blocks.push({ type: 'section', text: mrkdwn(text) }, { ...paperActionsBlock(card), block_id: `paper:${card.id}:${index + 1}`.slice(0, SLACK_LIMITS.blockId) });
  }
  if (view.more > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(`…and ${view.more} more: <${slackLinkUrl(view.dayUrl)}|the day on Hugging Face>`)] });
  }
  return message(truncateFormatted(`${alertTitle(view.day)}: ${count}`, SLACK_BUDGETS.fallback, escapeSlackText), blocks);
}
