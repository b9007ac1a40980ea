/**
 * Following, listing and unfollowing: what `/paperboy follow|following|unfollow` do. A query is
 * checked with the search parser (it must have something to match), and a person whose alerts
 * were paused is resumed by their next use of any of these, and told why they were paused.
 */
import type { Clock, FollowStore } from '../ports.js';
import { isEmptyQuery, MAX_QUERY_LENGTH, parseSearchQuery } from '../search/query.js';
import type { Follow, Follower, FollowLimits } from './follow.js';

export type FollowResult = (
  | { readonly status: 'added' | 'duplicate'; readonly follow: Follow }
  | { readonly status: 'limit'; readonly max: number }
  | { readonly status: 'invalid'; readonly reason: 'empty' }
  | { readonly status: 'invalid'; readonly reason: 'too_long'; readonly max: number }
) & WasPaused;

export type UnfollowResult = { readonly status: 'removed'; readonly count: number } | { readonly status: 'not_found'; readonly id: number | 'all' };

/** Set when this use resumed alerts that had been paused, with why they were. */
export interface WasPaused {
  readonly resumedFrom?: string | undefined;
}

export interface FollowDeps {
  readonly follows: FollowStore;
  readonly clock: Clock;
  readonly limits: FollowLimits;
}

export async function follow(deps: FollowDeps, follower: Follower, text: string): Promise<FollowResult> {
  const resumedFrom = await deps.follows.resumeFollower(follower);
  const query = parseSearchQuery(text, deps.clock.now());
  if (text.trim().length > MAX_QUERY_LENGTH) return { status: 'invalid', reason: 'too_long', max: MAX_QUERY_LENGTH, resumedFrom };
  if (isEmptyQuery(query)) return { status: 'invalid', reason: 'empty', resumedFrom };
  const added = await deps.follows.addFollow({ ...follower, query: query.text, at: deps.clock.now().toISOString() }, deps.limits.maxFollowsPerPerson);
  if (added.status === 'limit') return { status: 'limit', max: deps.limits.maxFollowsPerPerson, resumedFrom };
  return { ...added, resumedFrom };
}

export async function following(deps: FollowDeps, follower: Follower): Promise<{ readonly follows: readonly Follow[] } & WasPaused> {
  const resumedFrom = await deps.follows.resumeFollower(follower);
  return { follows: await deps.follows.listFollows(follower), resumedFrom };
}

export async function unfollow(deps: FollowDeps, follower: Follower, which: number | 'all'): Promise<UnfollowResult & WasPaused> {
  const resumedFrom = await deps.follows.resumeFollower(follower);
  const count = await deps.follows.removeFollows(follower, which);
  return count > 0 ? { status: 'removed', count, resumedFrom } : { status: 'not_found', id: which, resumedFrom };
}
