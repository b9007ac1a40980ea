/**
 * Posting a digest to one channel: a header, then one message per paper so each can be voted
 * on. Every send goes through the ledger (guarded-send.ts; the header too, as `header:<day>` or
 * `header:<from>..<to>` for a digest of several papers-days), so nothing is posted twice, even
 * across crashes: a post left pending is first looked for on the platform, then re-sent with the
 * same nonce, which the platform dedupes where it can.
 */
import type { ChannelRef } from '../channels.js';
import { planFrom, type DigestPlan } from '../digest-plan.js';
import type { PaperId } from '../paper.js';
import type { Clock, DigestPoster, PostLedger, VoteStore } from '../ports.js';
import type { VotePools } from '../votes/pools.js';
import { finder, guardedSend } from '../guarded-send.js';
import { headerKey, type PendingPost, type SendResult } from '../posts.js';

export interface DigestPostOutcome {
  readonly status: 'posted' | 'nothing_new' | 'failed';
  readonly posted: PaperId[];
  /** Papers already posted to this channel before, left out. */
  readonly alreadyPosted: PaperId[];
  readonly failure?: { readonly paperId?: PaperId | undefined; readonly permanent: boolean; readonly reason: string } | undefined;
}

interface Deps {
  readonly ledger: PostLedger;
  readonly votes: VoteStore;
  readonly poster: DigestPoster;
  readonly clock: Clock;
  readonly pools?: VotePools | undefined;
}

export async function postDigest(deps: Deps, channel: ChannelRef, plan: DigestPlan, options: { thread: boolean }): Promise<DigestPostOutcome> {
  const { ledger, poster } = deps;
  const states = await Promise.all(plan.papers.map(async (paper) => (await ledger.findPost(channel, paper.id))?.state));
  const fresh = plan.papers.filter((_, index) => states[index] !== 'sent');
  const alreadyPosted = plan.papers.filter((_, index) => states[index] === 'sent').map((paper) => paper.id);
  if (fresh.length === 0) return { status: 'nothing_new', posted: [], alreadyPosted };

  const key = headerKey(plan.day, planFrom(plan));
  const headerPost = await ledger.findPost(channel, key);
  let threadId = headerPost?.threadId;
  const pool = deps.pools?.poolOf(channel);
  if (headerPost?.state !== 'sent') {
    const headerPlan = { ...plan, papers: fresh, ...(plan.cadence === 'weekly' && pool ? { votesWhere: pool.where } : {}) };
    const pending: PendingPost = { kind: 'header', key, plan: headerPlan, thread: options.thread };
    const header = await guardedSend(deps, channel, { key, day: plan.day }, {
      send: (nonce) => poster.postHeader(channel, headerPlan, { ...options, nonce }),
      find: finder(poster, channel, pending, {}),
    });
    if (header.status === 'failed') {
      return { status: 'failed', posted: [], alreadyPosted, failure: { permanent: header.permanent, reason: header.reason } };
    }
    threadId = header.message.threadId;
  }
  if (!options.thread) threadId = undefined;

  const posted: PaperId[] = [];
  for (const paper of fresh) {
    const votes = await deps.votes.countVotes(paper.id, pool?.communities);
    const pending: PendingPost = { kind: 'paper', key: paper.id, paper };
    const step = await guardedSend(deps, channel, { key: paper.id, day: paper.papersDay ?? plan.day }, {
      send: (nonce) => poster.postPaper(channel, paper, { nonce, threadId, votes, votesWhere: pool?.where }),
      find: finder(poster, channel, pending, { threadId }),
      threadId,
    });
    if (step.status === 'failed') {
      return { status: 'failed', posted, alreadyPosted, failure: { paperId: paper.id, permanent: step.permanent, reason: step.reason } };
    }
    posted.push(paper.id);
    // Also after a recovered post: the crash may have come before its reaction was added.
    await poster.addUpvoteReaction({ ...channel, channelId: step.message.messageChannelId }, step.message.messageId);
  }
  return { status: 'posted', posted, alreadyPosted };
}

/** The "no papers today" note a subscription may ask for, sent once per channel and span. */
export async function postEmptyDayNote(deps: Deps, channel: ChannelRef, plan: DigestPlan): Promise<SendResult | { status: 'already_sent' }> {
  const key = headerKey(plan.day, planFrom(plan));
  if ((await deps.ledger.findPost(channel, key))?.state === 'sent') return { status: 'already_sent' };
  const note = { ...plan, papers: [] };
  const pending: PendingPost = { kind: 'header', key, plan: note, thread: false };
  const step = await guardedSend(deps, channel, { key, day: plan.day }, {
    send: (nonce) => deps.poster.postHeader(channel, note, { thread: false, nonce }),
    find: finder(deps.poster, channel, pending, {}),
  });
  return step.status === 'failed' ? step : { status: 'sent', messageId: step.message.messageId };
}

