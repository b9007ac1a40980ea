/**
 * A follow: one person's standing search, written in the search language (`author:"Yann
 * LeCun"`, `org:nvidia`, `"state space models"`, `memory agents min:20`). Each person follows
 * per platform; their alerts go to them alone, so following needs no channel rights.
 */
import type { ChannelRef, PlatformName } from '../channels.js';
import type { Paper } from '../paper.js';

/** The person who follows: a user on a platform, and where their alerts are addressed from. */
export interface Follower {
  readonly platform: PlatformName;
  readonly userId: string;
  /** The Discord server or Slack team the follow was made in. */
  readonly workspaceId: string;
}

export interface Follow extends Follower {
  /** Shown by `/paperboy following`, taken by `/paperboy unfollow <id>`. */
  readonly id: number;
  /** As typed (cleaned), parsed again when matched. */
  readonly query: string;
  readonly createdAt: string;
}

export interface FollowLimits {
  /** Follows one person may hold on one platform (config, default 20). */
  readonly maxFollowsPerPerson: number;
}

export const DEFAULT_FOLLOW_LIMITS: FollowLimits = { maxFollowsPerPerson: 20 };

/** A follower's key, for grouping follows by person. */
export const followerKey = (follower: Pick<Follower, 'platform' | 'userId'>): string => `${follower.platform}:${follower.userId}`;

/** One person's alert for one papers-day: the new papers their follows matched, most upvoted first. */
export interface FollowAlert {
  readonly day: string;
  readonly papers: readonly Paper[];
}

/**
 * Where the post ledger keeps a person's alerts: their DMs, one place per person and platform
 * (not per workspace, so a person who follows from two servers still gets one message a day).
 */
export const alertPlace = (follower: Pick<Follower, 'platform' | 'userId'>): ChannelRef => ({
  platform: follower.platform,
  workspaceId: 'dm',
  channelId: follower.userId,
});
