/**
 * Posting a digest to one channel: a header, then one message per paper so each can be voted
 * on. The ledger is written before and after every send, so nothing is posted twice, even
 * across crashes: a pending post is re-sent with the same nonce, which the platform dedupes.
 */
import type { ChannelRef } from './channels.js';
import type { DigestPlan } from './digest.js';
import type { Paper, PaperId } from './paper.js';
import type { Clock } from './ports.js';
import { postNonce, type PostLedger } from './posts.js';
import type { VoteStore } from './votes.js';

export type SendResult =
  | {
      readonly status: 'sent';
      readonly messageId: string;
      /** Where the message lives when not in the channel itself (a thread). */
      readonly messageChannelId?: string | undefined;
      /** For a header posted with `thread: true`, the thread later posts go into. */
      readonly threadId?: string | undefined;
    }
  | {
      readonly status: 'failed';
      /** Retrying cannot help: channel gone, bot removed, missing permission. */
      readonly permanent: boolean;
      /** Whether the platform may have accepted the message before the failure. */
      readonly maybeDelivered: boolean;
      readonly reason: string;
    };

/** What a platform adapter provides to post digests. */
export interface DigestPoster {
  postHeader(channel: ChannelRef, plan: DigestPlan, options: { thread: boolean }): Promise<SendResult>;
  postPaper(channel: ChannelRef, paper: Paper, options: { nonce: string; threadId?: string | undefined; votes: number }): Promise<SendResult>;
  /** Adds the upvote reaction to a paper post; a failure here loses no paper. */
  addUpvoteReaction(channel: ChannelRef, messageId: string): Promise<void>;
}

export interface DigestPostOutcome {
  readonly status: 'posted' | 'nothing_new' | 'failed';
  readonly posted: PaperId[];
  /** Papers already posted to this channel before, left out. */
  readonly alreadyPosted: PaperId[];
  readonly failure?: { readonly paperId?: PaperId | undefined; readonly permanent: boolean; readonly reason: string } | undefined;
}

export async function postDigest(
  deps: { ledger: PostLedger; votes: VoteStore; poster: DigestPoster; clock: Clock },
  channel: ChannelRef,
  plan: DigestPlan,
  options: { thread: boolean },
): Promise<DigestPostOutcome> {
  const { ledger, poster, clock } = deps;
  const fresh = plan.papers.filter((paper) => ledger.findPost(channel, paper.id)?.state !== 'sent');
  const alreadyPosted = plan.papers.filter((paper) => !fresh.includes(paper)).map((paper) => paper.id);
  if (fresh.length === 0) return { status: 'nothing_new', posted: [], alreadyPosted };

  const header = await poster.postHeader(channel, { ...plan, papers: fresh }, options);
  if (header.status === 'failed') {
    return { status: 'failed', posted: [], alreadyPosted, failure: { permanent: header.permanent, reason: header.reason } };
  }
  const threadId = options.thread ? header.threadId : undefined;

  const posted: PaperId[] = [];
  for (const paper of fresh) {
    const record = ledger.beginPost({ channel, paperId: paper.id, day: plan.day, at: clock.now().toISOString() });
    if (record.state === 'sent') continue;
    const result = await poster.postPaper(channel, paper, {
      nonce: record.nonce || postNonce(channel, paper.id),
      threadId,
      votes: deps.votes.countVotes(paper.id),
    });
    if (result.status === 'failed') {
      if (!result.maybeDelivered) ledger.abandonPost(channel, paper.id);
      return { status: 'failed', posted, alreadyPosted, failure: { paperId: paper.id, permanent: result.permanent, reason: result.reason } };
    }
    const messageChannelId = result.messageChannelId ?? threadId ?? channel.channelId;
    ledger.markSent(channel, paper.id, { messageId: result.messageId, messageChannelId }, clock.now().toISOString());
    posted.push(paper.id);
    await poster.addUpvoteReaction({ ...channel, channelId: messageChannelId }, result.messageId);
  }
  return { status: 'posted', posted, alreadyPosted };
}
