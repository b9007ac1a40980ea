/**
 * Wording only Slack uses: help, usage errors, the admin refusal and what a Slack error code
 * means for the person who ran `/paperboy today`. Shared wording lives in formatter/replies.ts.
 */
import type { TodayOutcome } from '../../core/use-cases.js';
import { echo, searchSyntaxLines, SLACK_MARKUP, todayReply } from '../../formatter/replies.js';
import { PAPERBOY_COMMAND, PAPERS_COMMAND, USAGE, type UsageError } from './commands.js';

const code = SLACK_MARKUP.code;

export function papersHelp(intro?: string): string {
  return [
    ...(intro === undefined ? [] : [intro, '']),
    `*Search Hugging Face papers* with ${code(`${PAPERS_COMMAND} <query>`)}. Results are shown only to you.`,
    ...searchSyntaxLines(SLACK_MARKUP, PAPERS_COMMAND).map((line) => `• ${line}`),
    `Daily digests and votes: ${code(USAGE.help)}`,
  ].join('\n');
}

export function paperboyHelp(emoji: string, unknown?: string): string {
  const lines = [
    `*Paperboy* posts Hugging Face Daily Papers to this channel. React with :${emoji}: (or press Upvote) to vote.`,
    `• ${code(USAGE.subscribe)}: a digest here of every papers-day (admins). E.g. ${code(`${PAPERBOY_COMMAND} subscribe 09:00 Europe/Berlin max:10 filter:agents OR "sparse attention"`)}`,
    `   ${code('weekly:mon')} posts the week's top papers on Mondays instead; ${code('filter:')} comes last and takes words as ${code(PAPERS_COMMAND)} does`,
    `• ${code(USAGE.unsubscribe)}: stop the daily digest (admins)`,
    `• ${code(USAGE.settings)}: this channel's digest settings`,
    `• ${code(USAGE.status)}: the papers-days the last digest covered, the next run, and why anything was skipped`,
    `• ${code(USAGE.today)}: post the latest papers now (admins; never posts a paper twice)`,
    `• ${code(USAGE.top)}: most upvoted papers here (default: week)`,
    `• ${code(`${PAPERS_COMMAND} <query>`)}: search papers; ${code(`${PAPERS_COMMAND} help`)} shows the query syntax`,
  ];
  return unknown === undefined ? lines.join('\n') : [`I don't know ${code(echo(SLACK_MARKUP, unknown))}. Here is what I can do:`, ...lines].join('\n');
}

export function usageErrorReply(error: UsageError): string {
  const problem = error.problem.charAt(0).toUpperCase() + error.problem.slice(1);
  return `${code(echo(SLACK_MARKUP, error.argument))}: ${problem}\nUsage: ${code(error.usage)}`;
}

export const SUBSCRIBE_HINT = `An admin can subscribe it with ${code(USAGE.subscribe)}.`;

export function notAllowedReply(action: string): string {
  return `Only workspace admins and owners (or users listed in Paperboy's admin list) can ${action}. Ask one of them, or use ${code(USAGE.settings)} to see the current settings.`;
}

export const PERMISSION_CHECK_FAILED = 'I could not check your Slack permissions just now (Slack did not answer). Please try again in a minute.';

export const EMPTY_QUERY_INTRO = 'That query has nothing to search for. Try some words from a title:';

export const STALE_BUTTON = 'That button belongs to an old message. Run the command again.';

/** What a permanent Slack error code means for someone in the channel. */
const PERMANENT_HINTS: Record<string, string> = {
  not_in_channel: `Paperboy is not a member of this channel. Invite it with ${code('/invite @Paperboy')} and try again.`,
  channel_not_found: `Slack says Paperboy cannot see this channel. For a private channel or a DM, invite it first with ${code('/invite @Paperboy')}.`,
  is_archived: 'This channel is archived, so nothing can be posted here.',
  restricted_action: 'A workspace policy stops Paperboy from posting in this channel. Ask a workspace admin to allow it.',
  invalid_auth: 'Paperboy\'s Slack token is not valid any more. Ask whoever runs Paperboy to check SLACK_BOT_TOKEN.',
  account_inactive: 'Paperboy\'s Slack app was deactivated or uninstalled. Ask whoever runs Paperboy to reinstall it.',
  token_revoked: 'Paperboy\'s Slack token was revoked. Ask whoever runs Paperboy to reinstall the app.',
  missing_scope: 'Paperboy\'s Slack app lacks a permission it needs. Ask whoever runs Paperboy to add the scopes listed in the README (Slack setup) and reinstall.',
};

export function slackTodayReply(outcome: TodayOutcome): string {
  if (outcome.status === 'failed' && outcome.failure?.permanent === true) {
    const hint = PERMANENT_HINTS[outcome.failure.reason];
    if (hint !== undefined) {
      const posted = outcome.posted.length > 0 ? `Posted ${outcome.posted.length} paper(s), then stopped. ` : '';
      return `${posted}${hint} (Slack error: ${code(outcome.failure.reason)})`;
    }
  }
  return todayReply(outcome);
}
