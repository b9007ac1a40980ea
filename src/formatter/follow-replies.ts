/**
 * What `/paperboy follow|following|unfollow` answer, the same on both platforms apart from
 * markup. A person whose alerts had been paused (the platform refused them a DM) is told so
 * first, with the platform's reason, once: this use resumed them.
 */
import type { Follow } from '../core/follows/follow.js';
import type { FollowResult, UnfollowResult, WasPaused } from '../core/follows/manage.js';
import type { Markup } from './replies.js';
import { truncate } from './text.js';

/** A follow's query as shown back: in code style, so markup in it stays text. */
const shown = (markup: Markup, query: string): string => markup.code(truncate(query, 200));

function pausedNote(result: WasPaused): string {
  if (result.resumedFrom === undefined) return '';
  // The reason is the platform adapter's own sentence (alerter.ts), never text a person typed.
  return `Your alerts were paused because I could not send you a direct message: ${result.resumedFrom}. They are on again; if I still cannot reach you, I will pause them again.\n`;
}

export function followReply(markup: Markup, result: FollowResult, command: string): string {
  const note = pausedNote(result);
  switch (result.status) {
    case 'added':
      return `${note}Following ${shown(markup, result.follow.query)} (id ${result.follow.id}). When a new papers-day has papers that match, I send you one direct message with them. ${markup.code(`${command} following`)} lists your follows.`;
    case 'duplicate':
      return `${note}You already follow ${shown(markup, result.follow.query)} (id ${result.follow.id}).`;
    case 'limit':
      return `${note}You already have ${result.max} follows, the most one person can have. Remove one with ${markup.code(`${command} unfollow <id>`)} first.`;
    case 'invalid':
      return 'max' in result
        ? `${note}That query is longer than ${result.max} characters.`
        : `${note}Give me something to follow, written as a search: ${markup.code(`${command} follow author:"Yann LeCun"`)}, ${markup.code('org:nvidia')}, ${markup.code('"state space models"')}, ${markup.code('memory agents min:20')}.`;
  }
}

export function followingReply(markup: Markup, result: { readonly follows: readonly Follow[] } & WasPaused, command: string): string {
  const note = pausedNote(result);
  if (result.follows.length === 0) return `${note}You follow nothing yet. Try ${markup.code(`${command} follow org:nvidia`)}.`;
  const lines = result.follows.map((follow) => `${follow.id}. ${shown(markup, follow.query)}`);
  return `${note}${markup.bold('You follow')}\n${lines.join('\n')}\nRemove one with ${markup.code(`${command} unfollow <id>`)}, or all with ${markup.code(`${command} unfollow all`)}.`;
}

export function unfollowReply(markup: Markup, result: UnfollowResult & WasPaused, command: string): string {
  const note = pausedNote(result);
  if (result.status === 'removed') return `${note}Removed ${result.count === 1 ? '1 follow' : `${result.count} follows`}.`;
  return result.id === 'all'
    ? `${note}You follow nothing, so there was nothing to remove.`
    : `${note}You have no follow with id ${result.id}. ${markup.code(`${command} following`)} lists yours.`;
}

/** `3`, `#3` or `all`, as typed after unfollow; undefined for anything else. */
export function parseUnfollowTarget(text: string): number | 'all' | undefined {
  const value = text.trim().toLowerCase().replace(/^#/u, '');
  if (value === 'all') return 'all';
  return /^\d{1,9}$/u.test(value) ? Number(value) : undefined;
}
