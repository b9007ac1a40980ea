/**
 * Wording only Discord uses: help, refusals, expired buttons and what Discord's refusal means
 * for the person who ran `/paperboy today`. Shared wording lives in formatter/replies.ts.
 */
import type { TodayOutcome } from '../../core/use-cases.js';
import { DISCORD_MARKUP, searchSyntaxLines, todayReply } from '../../formatter/replies.js';

export const NEEDS_MANAGE_CHANNELS =
  'You need the **Manage Channels** permission in this channel to change what Paperboy posts here.';

export const SUBSCRIBE_HINT = 'Use `/paperboy subscribe` to start a daily digest.';

export const SEARCH_HELP = ['Type what to look for:', ...searchSyntaxLines(DISCORD_MARKUP, '/papers')].join('\n');

export const SEARCH_EXPIRED = 'This search has expired. Run /papers again.';

export const SOMEONE_ELSES_RESULTS = 'These are someone else\'s results. Run /papers yourself to page through your own.';

export const SERVER_ONLY = 'Paperboy works in server channels, not in direct messages.';

export const UNKNOWN_COMMAND = 'This command is not known to this Paperboy version. Ask an admin to run `paperboy deploy-commands`.';

export const BAD_DAYS = 'days must be daily, weekdays, weekends, a range such as mon-fri, or a list such as mon,wed,fri';

/** The shared wording, plus what Discord said when it refused for good (that is what to fix). */
export function todayText(outcome: TodayOutcome): string {
  const text = todayReply(outcome);
  if (outcome.status !== 'failed' || outcome.failure?.permanent !== true) return text;
  return `${text}\nDiscord said: ${outcome.failure.reason}.`;
}

export function helpText(voteEmoji: string): string {
  return [
    '**Paperboy** brings Hugging Face Daily Papers to this channel.',
    '',
    '**Search**',
    ...searchSyntaxLines(DISCORD_MARKUP, '/papers'),
    '',
    '**Daily digest** (needs Manage Channels)',
    '`/paperboy subscribe` time, timezone, max_papers, min_upvotes, thread: post every papers-day\'s papers here, none missed',
    '`/paperboy subscribe` filter: only matching papers, written as for `/papers` (`agents OR "sparse attention" author:lecun`)',
    '`/paperboy subscribe` days, empty_note, cadence: which days to post on; a note on days without papers; weekly: the week\'s top papers on one day',
    '`/paperboy unsubscribe`: stop the digest · `/paperboy settings`: show it · `/paperboy status`: what the last digest covered, the next run, anything skipped · `/paperboy today`: post the latest day now',
    '',
    '**Votes**',
    `React with ${voteEmoji} on a paper to upvote it; \`/paperboy top\` day, week, month or all shows the most upvoted.`,
  ].join('\n');
}
