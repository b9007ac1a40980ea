/**
 * Posting a digest to one channel: a header, then one message per paper so each can be voted
 * on. The ledger is written before and after every send (the header too, as `header:<day>` or
 * `header:<from>..<to>` for a digest of several papers-days),
 * so nothing is posted twice, even across crashes: a post left pending is first looked for on
 * the platform, then re-sent with the same nonce, which the platform dedupes where it can.
 */
import type { ChannelRef } from '../channels.js';
import { planFrom, type DigestPlan } from '../digest-plan.js';
import type { PaperId } from '../paper.js';
import type { Clock, DigestPoster, PostLedger, VoteStore } from '../ports.js';
import type { VotePools } from '../votes/pools.js';
import { headerKey, type PendingPost, type SendFailure, type SendResult, type SentMessage } from '../posts.js';

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

type Step = { status: 'sent'; message: SentMessage; recovered: boolean } | SendFailure;

/**
 * One ledger-guarded send: record pending, look for a lost earlier delivery, send, record sent.
 * A failure that certainly created nothing frees the key so a later run can try again.
 */
async function guardedSend(deps: Deps, channel: ChannelRef, post: PendingPost, day: string, send: (nonce: string) => Promise<SendResult>, where: { threadId?: string | undefined }): Promise<Step> {
  const { ledger, poster, clock } = deps;
  const { key } = post;
  const prior = await ledger.findPost(channel, key);
  const record = await ledger.beginPost({ channel, paperId: key, day, at: clock.now().toISOString() });
  if (prior?.state === 'pending' && poster.findDelivered) {
    const found = await poster.findDelivered(channel, record.nonce, where, post);
    // The message is out, so the post stays pending whatever the failure says.
    if (found && 'status' in found) return found;
    if (found) {
      await ledger.markSent(channel, key, found, clock.now().toISOString());
      return { status: 'sent', message: found, recovered: true };
    }
  }
  const result = await send(record.nonce);
  if (result.status === 'failed') {
    if (!result.maybeDelivered) await ledger.abandonPost(channel, key);
    return result;
  }
  const message: SentMessage = {
    messageId: result.messageId,
    messageChannelId: result.messageChannelId ?? where.threadId ?? channel.channelId,
    threadId: result.threadId,
  };
  await ledger.markSent(channel, key, message, clock.now().toISOString());
  return { status: 'sent', message, recovered: false };
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
    const header = await guardedSend(deps, channel, pending, plan.day, (nonce) => poster.postHeader(channel, headerPlan, { ...options, nonce }), {});
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
    const step = await guardedSend(deps, channel, pending, paper.papersDay ?? plan.day, (nonce) => poster.postPaper(channel, paper, { nonce, threadId, votes, votesWhere: pool?.where }), { threadId });
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
  const step = await guardedSend(deps, channel, pending, plan.day, (nonce) => deps.poster.postHeader(channel, note, { thread: false, nonce }), {});
  return step.status === 'failed' ? step : { status: 'sent', messageId: step.message.messageId };
}
