/**
 * Community votes: one per (platform, user, paper), whichever message or button it came from,
 * however often the platform delivers the event. Both platforms feed one pool.
 */
import type { ChannelRef, PlatformName } from '../channels.js';
import type { PaperId } from '../paper.js';
import type { Clock, PostLedger, VoteStore } from '../ports.js';
import { isHeaderKey } from '../posts.js';

export type VoteOutcome =
  | { readonly status: 'recorded' | 'already_recorded' | 'removed' | 'not_voted'; readonly paperId: PaperId; readonly votes: number }
  | { readonly status: 'ignored'; readonly reason: 'not_a_paper_post' | 'bot' | 'other_emoji' };

export interface ReactionEvent {
  readonly channel: ChannelRef;
  readonly messageId: string;
  readonly userId: string;
  readonly isBot: boolean;
  /** Whether the reaction is the configured upvote emoji. */
  readonly isUpvoteEmoji: boolean;
  readonly added: boolean;
}

/** A reaction on one of our paper posts becomes a vote; everything else is ignored. */
export async function recordReactionVote(ledger: PostLedger, votes: VoteStore, clock: Clock, event: ReactionEvent): Promise<VoteOutcome> {
  if (event.isBot) return { status: 'ignored', reason: 'bot' };
  if (!event.isUpvoteEmoji) return { status: 'ignored', reason: 'other_emoji' };
  const post = await ledger.findPostByMessage(event.channel, event.messageId);
  // The ledger also holds each digest's header message, which is no paper.
  if (!post || isHeaderKey(post.paperId)) return { status: 'ignored', reason: 'not_a_paper_post' };
  return event.added
    ? castVote(votes, clock, event.channel.platform, event.userId, post.paperId)
    : withdrawVote(votes, event.channel.platform, event.userId, post.paperId);
}

export async function castVote(votes: VoteStore, clock: Clock, platform: PlatformName, userId: string, paperId: PaperId): Promise<VoteOutcome> {
  const isNew = await votes.addVote({ platform, userId, paperId, at: clock.now().toISOString() });
  return { status: isNew ? 'recorded' : 'already_recorded', paperId, votes: await votes.countVotes(paperId) };
}

export async function withdrawVote(votes: VoteStore, platform: PlatformName, userId: string, paperId: PaperId): Promise<VoteOutcome> {
  const removed = await votes.removeVote({ platform, userId, paperId });
  return { status: removed ? 'removed' : 'not_voted', paperId, votes: await votes.countVotes(paperId) };
}
