/**
 * Sharing a paper into a channel: its card, as a digest would post it (with the upvote reaction
 * or button, so votes join the same pool), attributed to the person who shared it. Once per
 * paper, channel and day: the card goes through the post ledger under a day-scoped key, so a
 * second share that day (by anyone) points to the first post instead of posting again, and a
 * crash mid-send never posts it twice.
 */
import type { ChannelRef } from '../channels.js';
import { finder, guardedSend } from '../guarded-send.js';
import type { Paper } from '../paper.js';
import type { Clock, DigestPoster, PostLedger, VoteStore } from '../ports.js';
import { shareKey, type PendingPost, type SentMessage } from '../posts.js';
import type { VotePools } from '../votes/pools.js';

export type ShareOutcome =
  | { readonly status: 'shared'; readonly paper: Paper; readonly message: SentMessage }
  | {
      readonly status: 'already_shared';
      readonly paper: Paper;
      readonly message: SentMessage;
      /** Who shared it first. */
      readonly sharedBy?: string | undefined;
      /** A link to the first post, when the platform can make one. */
      readonly link?: string | undefined;
    }
  | { readonly status: 'failed'; readonly paper: Paper; readonly permanent: boolean; readonly reason: string };

export interface ShareDeps {
  readonly ledger: PostLedger;
  readonly votes: VoteStore;
  readonly poster: DigestPoster;
  readonly clock: Clock;
  /** Whose votes the card shows, like a digest post in this channel; omitted, the whole install's. */
  readonly pools?: VotePools | undefined;
}

/** The day a share counts for: the UTC calendar day. */
export function shareDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export async function sharePaper(deps: ShareDeps, channel: ChannelRef, userId: string, paper: Paper): Promise<ShareOutcome> {
  const { ledger, poster } = deps;
  const day = shareDay(deps.clock.now());
  const key = shareKey(day, paper.id);
  const earlier = await ledger.findPost(channel, key);
  if (earlier?.state === 'sent' && earlier.messageId !== undefined) {
    const message: SentMessage = { messageId: earlier.messageId, messageChannelId: earlier.messageChannelId ?? channel.channelId };
    const link = await poster.messageLink?.(channel, message);
    return { status: 'already_shared', paper, message, sharedBy: earlier.sharedBy, link };
  }
  // A share left pending by a crash keeps the sharer it was started with; the card says so.
  const sharedBy = earlier?.sharedBy ?? userId;
  const pool = deps.pools?.poolOf(channel);
  const votes = await deps.votes.countVotes(paper.id, pool?.communities);
  const pending: PendingPost = { kind: 'paper', key, paper, sharedBy };
  const step = await guardedSend(deps, channel, { key, day, sharedBy }, {
    send: (nonce) => poster.postPaper(channel, paper, { nonce, votes, votesWhere: pool?.where, sharedBy }),
    find: finder(poster, channel, pending, {}),
  });
  if (step.status === 'failed') return { status: 'failed', paper, permanent: step.permanent, reason: step.reason };
  // Also after a recovered post: the crash may have come before its reaction was added.
  await poster.addUpvoteReaction({ ...channel, channelId: step.message.messageChannelId }, step.message.messageId);
  return { status: 'shared', paper, message: step.message };
}
