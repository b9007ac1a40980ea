/**
 * The scheduled delivery of one channel's digest: pick the papers-day that was due, fetch it
 * (falling back to the store when Hugging Face is down), select, post through the ledger, and
 * record the run. Repeated permanent failures pause the subscription with a reason.
 */
import type { ChannelRef } from '../channels.js';
import { describeError } from '../errors.js';
import { latestCompletePapersDay } from '../papers-day.js';
import type { Clock, DigestPoster, PaperSource, PaperStore, PostLedger, RunStore, SubscriptionStore, VoteStore } from '../ports.js';
import { isFinished } from '../runs.js';
import { postDigest, postEmptyDayNote } from './post.js';
import { selectDigestPapers } from './select.js';

export interface DeliveryDeps {
  readonly papers: PaperStore;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: PostLedger;
  readonly votes: VoteStore;
  readonly runs: RunStore;
  readonly source?: PaperSource | undefined;
  readonly clock: Clock;
  readonly poster: DigestPoster;
}

export interface DeliveryPolicy {
  /** Post this many days before the latest complete papers-day (0 = the latest). */
  readonly dayOffset: number;
  /** Permanent failures in a row that pause a subscription. */
  readonly pauseAfterFailures: number;
}

export type DeliveryOutcome =
  | { readonly status: 'skipped'; readonly reason: 'not_subscribed' | 'paused' | 'already_done'; readonly day?: string | undefined }
  | { readonly status: 'done'; readonly day: string; readonly posted: number }
  | { readonly status: 'empty'; readonly day: string; readonly noted: boolean }
  /** Worth trying again soon: Hugging Face down, a platform hiccup, or a permanent failure not yet counted out. */
  | { readonly status: 'retry'; readonly day: string; readonly reason: string; readonly permanent: boolean }
  | { readonly status: 'paused'; readonly day: string; readonly reason: string };

export async function deliverDigest(deps: DeliveryDeps, policy: DeliveryPolicy, channel: ChannelRef, scheduledFor: Date): Promise<DeliveryOutcome> {
  const subscription = await deps.subscriptions.getSubscription(channel);
  if (!subscription) return { status: 'skipped', reason: 'not_subscribed' };
  if (subscription.pausedAt !== undefined) return { status: 'skipped', reason: 'paused' };

  const now = () => deps.clock.now().toISOString();
  const day = latestCompletePapersDay(scheduledFor, policy.dayOffset);
  const run = await deps.runs.beginRun(channel, day, scheduledFor.toISOString(), now());
  if (isFinished(run)) return { status: 'skipped', reason: 'already_done', day };

  let sourceError: string | undefined;
  if (deps.source) {
    try {
      await deps.papers.upsertPapers((await deps.source.fetchDay(day)).papers);
    } catch (error) {
      sourceError = describeError(error);
    }
  }
  const available = await deps.papers.papersForDay(day);
  if (available.length === 0 && sourceError !== undefined) {
    await deps.runs.finishRun(channel, day, { state: 'failed', posted: 0, error: `Hugging Face: ${sourceError}`, sourceError, at: now() });
    return { status: 'retry', day, reason: `Hugging Face: ${sourceError}`, permanent: false };
  }

  const plan = selectDigestPapers(day, available, subscription);
  const postDeps = { ledger: deps.ledger, votes: deps.votes, poster: deps.poster, clock: deps.clock };
  if (plan.papers.length === 0) {
    const note = subscription.emptyNote ? await postEmptyDayNote(postDeps, channel, plan) : undefined;
    if (note?.status === 'failed') return await recordFailure(deps, policy, channel, day, note.permanent, note.reason, sourceError);
    await deps.runs.finishRun(channel, day, { state: 'empty', posted: 0, sourceError, at: now() });
    return { status: 'empty', day, noted: note?.status === 'sent' };
  }

  const outcome = await postDigest(postDeps, channel, plan, { thread: subscription.thread });
  if (outcome.status === 'failed') {
    await deps.runs.finishRun(channel, day, { state: 'failed', posted: outcome.posted.length, error: outcome.failure?.reason, sourceError, at: now() });
    return await recordFailure(deps, policy, channel, day, outcome.failure?.permanent ?? false, outcome.failure?.reason ?? 'unknown failure', sourceError);
  }
  if (subscription.consecutiveFailures > 0) await recordDeliveryState(deps, channel, 0);
  await deps.runs.finishRun(channel, day, { state: 'done', posted: outcome.posted.length, sourceError, at: now() });
  return { status: 'done', day, posted: outcome.posted.length };
}

async function recordFailure(
  deps: DeliveryDeps,
  policy: DeliveryPolicy,
  channel: ChannelRef,
  day: string,
  permanent: boolean,
  reason: string,
  sourceError: string | undefined,
): Promise<DeliveryOutcome> {
  const at = deps.clock.now().toISOString();
  if ((await deps.runs.getRun(channel, day))?.state === 'running') {
    await deps.runs.finishRun(channel, day, { state: 'failed', posted: 0, error: reason, sourceError, at });
  }
  if (!permanent) return { status: 'retry', day, reason, permanent: false };
  const failures = ((await deps.subscriptions.getSubscription(channel))?.consecutiveFailures ?? 0) + 1;
  const pause = failures >= policy.pauseAfterFailures ? { pausedAt: at, pauseReason: reason } : undefined;
  const paused = await recordDeliveryState(deps, channel, failures, pause);
  return paused ? { status: 'paused', day, reason } : { status: 'retry', day, reason, permanent: true };
}

/**
 * Writes the failure count, keeping a pause that was set while the run was under way (the
 * workspace removed the app mid-digest): the run's own outcome must not undo it, and the
 * earlier reason stays, since it is the one a reinstall or a new subscribe answers. True when
 * the subscription ends up paused.
 */
async function recordDeliveryState(
  deps: Pick<DeliveryDeps, 'subscriptions'>,
  channel: ChannelRef,
  consecutiveFailures: number,
  pause?: { pausedAt: string; pauseReason: string },
): Promise<boolean> {
  const current = await deps.subscriptions.getSubscription(channel);
  const kept = current?.pausedAt === undefined ? pause : { pausedAt: current.pausedAt, pauseReason: current.pauseReason };
  await deps.subscriptions.setDeliveryState(channel, { consecutiveFailures, ...kept });
  return kept !== undefined;
}
