/**
 * The short text replies both platforms send (subscription confirmations, settings, today,
 * top, votes, errors). Wording lives here once; each platform passes its own markup.
 */
import type { ChannelStatus } from '../core/subscriptions/status.js';
import type { SubscribeResult } from '../core/subscriptions/subscribe.js';
import type { ShareResult, TodayOutcome } from '../core/use-cases.js';
import type { TopEntry, TopPeriod } from '../core/votes/top.js';
import type { VoteOutcome } from '../core/votes/record.js';
import { votesPhrase } from './card.js';
import { escapeDiscordMarkdown, escapeSlackText, sanitizeText, truncate } from './text.js';
import type { Subscription } from '../core/subscription.js';
import type { DigestRun } from '../core/runs.js';
import { localTimeLabel, papersDayLabel, papersDaysLabel } from './local-time.js';

export interface Markup {
  readonly bold: (text: string) => string;
  readonly code: (text: string) => string;
  /** A link with a label; the label is escaped. */
  readonly link: (label: string, url: string) => string;
  /** Escapes untrusted text (paper titles, user input). */
  readonly escape: (text: string) => string;
}

export const DISCORD_MARKUP: Markup = {
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text.replace(/`/gu, 'ˋ')}\``,
  link: (label, url) => `[${escapeDiscordMarkdown(label).replace(/[[\]]/gu, '')}](<${url}>)`,
  escape: (text) => escapeDiscordMarkdown(sanitizeText(text)),
};

export const SLACK_MARKUP: Markup = {
  bold: (text) => `*${text}*`,
  code: (text) => `\`${text.replace(/`/gu, 'ˋ')}\``,
  link: (label, url) => `<${url}|${escapeSlackText(sanitizeText(label)).replace(/\|/gu, '¦')}>`,
  escape: (text) => escapeSlackText(sanitizeText(text)),
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Longest echo of user input in a reply; a 5,000-character query is not repeated back. */
export const ECHO_LIMIT = 100;

export function echo(markup: Markup, text: string): string {
  return markup.escape(truncate(sanitizeText(text), ECHO_LIMIT));
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** `every day`, `Mon, Wed, Fri`, or `weekly on Monday`. */
function scheduleText(subscription: Subscription): string {
  if (subscription.cadence === 'weekly') return `weekly on ${WEEKDAY_NAMES[subscription.weekdays[0] ?? 1] ?? 'Monday'}`;
  return subscription.weekdays.length === 7 ? 'every day' : subscription.weekdays.map((day) => WEEKDAYS[day] ?? '?').join(', ');
}

export function subscriptionLines(markup: Markup, subscription: Subscription): string[] {
  const filter = subscription.filter === '' ? 'none (every paper)' : markup.code(truncate(sanitizeText(subscription.filter), 300));
  const upvotes = `with at least ${subscription.minUpvotes} Hugging Face upvote${subscription.minUpvotes === 1 ? '' : 's'}`;
  const papers = subscription.cadence === 'weekly'
    ? `Papers per digest: the top ${subscription.maxPapers} of the past seven papers-days by Hugging Face upvotes and community votes, ${upvotes}`
    : `Papers per digest: up to ${subscription.maxPapers} of each papers-day not yet posted here, ${upvotes}`;
  return [
    ...(subscription.pausedAt ? [`${markup.bold('Paused')} since ${localTimeLabel(subscription.pausedAt, subscription.timezone)}: ${markup.escape(subscription.pauseReason ?? 'repeated failures')}. Fix the cause, then subscribe again to resume.`] : []),
    `Posting time: ${markup.bold(`${subscription.time} ${subscription.timezone}`)}, ${scheduleText(subscription)}`,
    papers,
    `Filter: ${filter}`,
    `Layout: ${subscription.thread ? 'papers in a thread under the header' : 'papers as messages in the channel'}`,
    `Days without papers: ${subscription.emptyNote ? 'a short "no papers today" note' : 'nothing is posted'}`,
  ];
}

export function subscribeReply(markup: Markup, result: SubscribeResult): string {
  if (result.status === 'invalid') {
    return ['Nothing was changed:', ...result.problems.map((problem) => `• ${problem}`)].join('\n');
  }
  const heading = result.status === 'created' ? 'This channel is now subscribed to Hugging Face Daily Papers.' : 'Subscription updated.';
  return [heading, ...subscriptionLines(markup, result.subscription)].join('\n');
}

export function unsubscribeReply(status: 'removed' | 'not_subscribed'): string {
  return status === 'removed'
    ? 'Unsubscribed: this channel will get no more daily digests. Votes and history are kept.'
    : 'This channel is not subscribed, so there was nothing to remove.';
}

export function settingsReply(markup: Markup, subscription: Subscription | undefined, subscribeHint: string): string {
  if (!subscription) return `This channel is not subscribed. ${subscribeHint}`;
  return [markup.bold('Daily digest settings for this channel'), ...subscriptionLines(markup, subscription)].join('\n');
}

export function statusReply(markup: Markup, status: ChannelStatus, subscribeHint: string): string {
  const { subscription, lastRun, lastDigest } = status;
  if (!subscription) return `This channel is not subscribed. ${subscribeHint}`;
  const zone = subscription.timezone;
  const at = (instant: string) => localTimeLabel(instant, zone);
  const lines = [markup.bold('Paperboy status for this channel')];
  lines.push(subscription.pausedAt
    ? `Paused since ${at(subscription.pausedAt)}: ${markup.escape(subscription.pauseReason ?? 'repeated failures')}. Fix the cause, then subscribe again to resume.`
    : `Active: ${subscription.time} ${zone}, ${scheduleText(subscription)}${subscription.consecutiveFailures > 0 ? ` (${subscription.consecutiveFailures} failure(s) in a row)` : ''}`);
  lines.push(`Next run: ${status.nextRun ? localTimeLabel(status.nextRun, zone) : subscription.pausedAt ? 'none while paused' : 'none scheduled'}`);
  if (lastRun) lines.push(`Last run: ${runText(markup, lastRun, at)}`);
  else lines.push('Last run: none yet');
  // A run under way or failing: what the channel last had in full.
  if (lastDigest && (lastRun?.state === 'running' || lastRun?.state === 'failed')) lines.push(`Last complete digest: ${runText(markup, lastDigest, at)}`);
  lines.push(...dayLines(lastDigest));
  lines.push(`Last Hugging Face error: ${status.lastSourceError ? markup.escape(truncate(status.lastSourceError, 200)) : 'none'}`);
  return lines.join('\n');
}

function runText(markup: Markup, run: DigestRun, at: (instant: string) => string): string {
  const result = run.state === 'done'
    ? `posted ${run.posted} paper${run.posted === 1 ? '' : 's'}`
    : run.state === 'empty'
      ? 'no papers for this channel'
      : run.state === 'running'
        ? 'in progress'
        : `failed: ${markup.escape(truncate(run.error ?? 'unknown', 200))} (will retry)`;
  return `papers of ${papersDaysLabel(run.day, run.to)}, ${result} (attempt ${run.attempts}, ${at(run.finishedAt ?? run.startedAt)})`;
}

/** Why the last digest had nothing from some days: empty at post time, and whether that may change. */
function dayLines(run: DigestRun | undefined): string[] {
  if (!run) return [];
  const open = new Set(run.openDays);
  const lines: string[] = [];
  const emptyFinal = run.emptyDays.filter((day) => !open.has(day));
  const emptyOpen = run.emptyDays.filter((day) => open.has(day));
  const thin = run.openDays.filter((day) => !run.emptyDays.includes(day));
  if (emptyOpen.length > 0) lines.push(`Empty on Hugging Face when the digest ran: ${emptyOpen.map(papersDayLabel).join(', ')}. It may still fill; the next digest looks again and posts its papers.`);
  if (thin.length > 0) lines.push(`Only a few papers when the digest ran: ${thin.map(papersDayLabel).join(', ')}. The next digest looks again for late papers.`);
  if (emptyFinal.length > 0) lines.push(`No papers on Hugging Face: ${emptyFinal.map(papersDayLabel).join(', ')}.`);
  return lines;
}

export function todayReply(outcome: TodayOutcome): string {
  const sourceNote = outcome.sourceError ? ' (Hugging Face was unreachable, so this comes from the local archive.)' : '';
  if (outcome.status === 'no_papers') return `No papers found for the last few papers-days.${sourceNote}`;
  if (outcome.status === 'nothing_new') return `Every paper of ${outcome.day} has already been posted here.${sourceNote}`;
  if (outcome.status === 'failed') {
    const posted = outcome.posted.length > 0 ? `Posted ${outcome.posted.length} paper(s), then ` : '';
    const what = outcome.failure?.permanent
      ? 'the platform refused: check that the bot can see this channel and send messages, embeds and reactions here.'
      : 'posting failed; run the command again later and the rest will follow without duplicates.';
    return `${posted}${what}`;
  }
  const skipped = outcome.alreadyPosted.length > 0 ? ` (${outcome.alreadyPosted.length} already posted here were left out)` : '';
  return `Posted ${outcome.posted.length} paper${outcome.posted.length === 1 ? '' : 's'} of ${outcome.day}${skipped}.${sourceNote}`;
}

/** `where`: whose votes these are, in words ("in this server"). */
export function topReply(markup: Markup, period: TopPeriod, top: { entries: readonly TopEntry[]; where: string }): string {
  const label = period === 'all' ? 'of all time' : `of the last ${period}`;
  if (top.entries.length === 0) return `No votes ${top.where} ${label} yet. React to a paper post to upvote it.`;
  const lines = top.entries.map(
    (entry, index) =>
      `${index + 1}. ${markup.link(truncate(entry.paper.title, 120), entry.paper.links.hf)} · ${votesPhrase(entry.votes, top.where)} · ${entry.paper.upvotes} on HF`,
  );
  return [markup.bold(`Most upvoted papers ${label}, votes ${top.where}`), ...lines].join('\n');
}

export function voteReply(outcome: VoteOutcome): string {
  switch (outcome.status) {
    case 'recorded':
    case 'already_recorded':
      return `Upvoted. This paper has ${votesPhrase(outcome.votes, outcome.where)}.`;
    case 'removed':
    case 'not_voted':
      return `Vote removed. This paper has ${votesPhrase(outcome.votes, outcome.where)}.`;
    case 'ignored':
      return 'That is not a paper post, so there is nothing to vote on.';
  }
}

/** A user id as a mention (both platforms write `<@id>`); anything that is not an id is left out. */
function mention(userId: string | undefined): string {
  return userId !== undefined && /^[A-Z0-9]{1,25}$/u.test(userId) ? ` by <@${userId}>` : '';
}

/** What the person who pressed Share (or used "paper card") is told. */
export function shareReply(markup: Markup, result: ShareResult): string {
  switch (result.status) {
    case 'shared':
      return `Shared ${markup.bold(markup.escape(truncate(result.paper.title, 150)))} here.`;
    case 'already_shared': {
      const where = result.link === undefined ? '' : `: ${markup.link('see the post', result.link)}`;
      return `${markup.bold(markup.escape(truncate(result.paper.title, 150)))} was already shared here today${mention(result.sharedBy)}${where}. Vote on that post.`;
    }
    case 'failed':
      return result.permanent
        ? `I could not post here (${markup.escape(truncate(result.reason, 200))}). Check that I can see this channel and send messages, embeds and reactions.`
        : 'Posting failed just now; press Share again in a minute.';
    case 'not_found':
      return `Hugging Face has no paper ${markup.code(result.paperId)}.`;
    case 'unavailable':
      return `Hugging Face did not answer about paper ${markup.code(result.paperId)}; try again in a minute.`;
    case 'no_paper':
      return 'That message links to no paper: I look for arxiv.org/abs or /pdf links, huggingface.co/papers links and arXiv ids such as 2606.13681.';
    case 'not_running':
      return 'Paperboy cannot post here right now.';
  }
}

/** Lines explaining the search syntax (the README's "Searching the archive" has the long version), shared by both platforms' help. */
export function searchSyntaxLines(markup: Markup, command: string): string[] {
  return [
    `${markup.code(`${command} memory agents`)}: papers with all the words, titles count most; the last word may be unfinished (${markup.code('memo')} finds memory)`,
    `${markup.code(`${command} "sparse attention"`)}: an exact phrase`,
    `${markup.code(`${command} author:lecun`)} or ${markup.code('author:"Yann LeCun"')}: by author (part of the name is enough)`,
    `${markup.code(`${command} org:nvidia`)}: by Hugging Face organization`,
    `${markup.code(`${command} since:7d`)} (or 2w, 3m, 1y) or ${markup.code('since:2025-01-01')}: recent papers`,
    `${markup.code(`${command} min:20`)}: at least 20 Hugging Face upvotes`,
    `${markup.code(`${command} agents OR robotics`)}: either one (OR in capitals)`,
    'Mix them freely: ' + markup.code(`${command} memory org:nvidia since:30d min:10`),
  ];
}

/** The answer to a command over the fair-use limit: run nothing, say when to come back. */
export function slowDownReply(retryAfterSeconds: number): string {
  return `Slow down: you have sent a lot of commands in a short time. Try again in ${retryAfterSeconds} s.`;
}

/** What a user sees when something broke on our side: short, actionable, no internals. */
export const INTERNAL_ERROR_REPLY = 'Something went wrong on our side while doing that. Please try again in a minute; if it keeps happening, ask an admin to check the Paperboy logs.';
