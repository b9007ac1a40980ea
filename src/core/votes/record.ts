/**
 * Community votes: one per (platform, community, user, paper), whichever message or button it
 * came from, however often the platform delivers the event. Each vote keeps its server or
 * workspace; the count a user is told is the one of the vote pool they voted in (pools.ts).
 */
import type { ChannelRef, Community } from '../channels.js';
import type { PaperId } from '../paper.js';
import type { Clock, PostLedger, VoteStore } from '../ports.js';
import { paperOfKey } from '../posts.js';
import type { VotePool } from './pools.js';

export type VoteOutcome =
  | {
    readonly status: 'recorded' | 'already_recorded' | 'removed' | 'not_voted';
    readonly paperId: PaperId;
    /** Where the vote was cast: its pool's posts show the change. */
    readonly community: Community;
    /** The count in the voter's pool, and that pool in words. */
    readonly votes: number;
    readonly where: string;
  }
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

export interface VoteDeps {
  readonly votes: VoteStore;
  readonly clock: Clock;
  readonly poolOf: (community: Community) => VotePool;
}

/** A reaction on one of our paper posts becomes a vote; everything else is ignored. */
export async function recordReactionVote(ledger: PostLedger, deps: VoteDeps, event: ReactionEvent): Promise<VoteOutcome> {
  if (event.isBot) return { status: 'ignored', reason: 'bot' };
  if (!event.isUpvoteEmoji) return { status: 'ignored', reason: 'other_emoji' };
  const post = await ledger.findPostByMessage(event.channel, event.messageId);
  // The ledger also holds each digest's header message, which is no paper; a shared card is.
  const paperId = post === undefined ? undefined : paperOfKey(post.paperId);
  if (paperId === undefined) return { status: 'ignored', reason: 'not_a_paper_post' };
  return event.added
    ? castVote(deps, event.channel, event.userId, paperId)
    : withdrawVote(deps, event.channel, event.userId, paperId);
}

async function outcome(deps: VoteDeps, status: 'recorded' | 'already_recorded' | 'removed' | 'not_voted', community: Community, paperId: PaperId): Promise<VoteOutcome> {
  const pool = deps.poolOf(community);
  const cast = { platform: community.platform, workspaceId: community.workspaceId };
  return { status, paperId, community: cast, votes: await deps.votes.countVotes(paperId, pool.communities), where: pool.where };
}

export async function castVote(deps: VoteDeps, community: Community, userId: string, paperId: PaperId): Promise<VoteOutcome> {
  const isNew = await deps.votes.addVote({ platform: community.platform, workspaceId: community.workspaceId, userId, paperId, at: deps.clock.now().toISOString() });
  return outcome(deps, isNew ? 'recorded' : 'already_recorded', community, paperId);
}

export async function withdrawVote(deps: VoteDeps, community: Community, userId: string, paperId: PaperId): Promise<VoteOutcome> {
  const removed = await deps.votes.removeVote({ platform: community.platform, workspaceId: community.workspaceId, userId, paperId });
  return outcome(deps, removed ? 'removed' : 'not_voted', community, paperId);
}
