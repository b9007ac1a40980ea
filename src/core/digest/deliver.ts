/**
 * The scheduled delivery of one channel's digest: work out the papers-days the channel has not
 * had (coverage.ts), fetch them (falling back to the store when Hugging Face is down), select,
 * post through the ledger, and record the run with what it covered. Repeated permanent failures
 * pause the subscription with a reason.
 *
 * Exactly once across crashes: a run is keyed by its first papers-day, which stays the same
 * until the run finishes, so every attempt finds the same run. Its last papers-day may move on
 * (a day completed meanwhile) only while nothing of it has reached the channel; once the header
 * is out (or may be), the span is fixed: the header names it, and the ledger key, the Discord
 * nonce and the history lookup all depend on it. Days completed since then go into the next
 * digest, right after.
 */
import type { VotePools } from '../votes/pools.js';
import type { ChannelRef } from '../channels.js';
import type { DigestPlan } from '../digest-plan.js';
import { describeError } from '../errors.js';
import type { DomainEvents } from '../events.js';
import type { Paper, PaperId } from '../paper.js';
import { daysBetween, latestCompletePapersDay } from '../papers-day.js';
import type { Clock, DigestPoster, PaperSource, PaperStore, PostLedger, RunStore, SubscriptionStore, VoteStore } from '../ports.js';
import { headerKey } from '../posts.js';
import { isFinished, type DigestRun } from '../runs.js';
import type { Subscription } from '../subscription.js';
import { channelCoverage } from './channel-coverage.js';
import { DEFAULT_COVERAGE_POLICY, lateDays, nextSpan, openDaysAfter, type CoveragePolicy, type DigestSpan } from './coverage.js';
import { postDigest, postEmptyDayNote } from './post.js';
import { selectSpanPapers } from './select.js';

export interface DeliveryDeps {
  readonly papers: PaperStore;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: PostLedger;
  readonly votes: VoteStore;
  readonly runs: RunStore;
  readonly source?: PaperSource | undefined;
  readonly clock: Clock;
  readonly poster: DigestPoster;
  /** Whose votes the posted counts show; omitted, the whole install's. */
  readonly pools?: VotePools | undefined;
  /** Told when the day was fetched and stored, for follow alerts. */
  readonly events?: DomainEvents | undefined;
}

export interface DeliveryPolicy {
  /** Post this many days before the latest complete papers-day (0 = the latest). */
  readonly dayOffset: number;
  /** Permanent failures in a row that pause a subscription. */
  readonly pauseAfterFailures: number;
  /** Look-back and late-day rules (defaults: 7 days, fewer than 5 papers is thin). */
  readonly coverage?: CoveragePolicy | undefined;
}

export type DeliveryOutcome =
  | { readonly status: 'skipped'; readonly reason: 'not_subscribed' | 'paused' | 'already_done'; readonly day?: string | undefined }
  | { readonly status: 'done'; readonly day: string; readonly posted: number }
  | { readonly status: 'empty'; readonly day: string; readonly noted: boolean }
  /** Worth trying again soon: Hugging Face down, a platform hiccup, or a permanent failure not yet counted out. */
  | { readonly status: 'retry'; readonly day: string; readonly reason: string; readonly permanent: boolean }
  | { readonly status: 'paused'; readonly day: string; readonly reason: string };

/** The newest papers-day a digest scheduled for `scheduledFor` may cover. */
export function digestTarget(scheduledFor: Date, policy: Pick<DeliveryPolicy, 'dayOffset'>): string {
  return latestCompletePapersDay(scheduledFor, policy.dayOffset);
}

export async function deliverDigest(deps: DeliveryDeps, policy: DeliveryPolicy, channel: ChannelRef, scheduledFor: Date): Promise<DeliveryOutcome> {
  const first = await deliverOnce(deps, policy, channel, scheduledFor);
  // A resumed run keeps the span its header named; the days completed since go out right after.
  if (first.status !== 'done' && first.status !== 'empty') return first;
  const second = await deliverOnce(deps, policy, channel, scheduledFor);
  if (second.status === 'skipped') return first;
  if (second.status === 'done' && first.status === 'done') return { ...second, posted: first.posted + second.posted };
  return second;
}

async function deliverOnce(deps: DeliveryDeps, policy: DeliveryPolicy, channel: ChannelRef, scheduledFor: Date): Promise<DeliveryOutcome> {
  const subscription = await deps.subscriptions.getSubscription(channel);
  if (!subscription) return { status: 'skipped', reason: 'not_subscribed' };
  if (subscription.pausedAt !== undefined) return { status: 'skipped', reason: 'paused' };

  const coveragePolicy = policy.coverage ?? DEFAULT_COVERAGE_POLICY;
  const target = digestTarget(scheduledFor, policy);
  const span = await spanToDeliver(deps, subscription, target, coveragePolicy);
  if (span === undefined) return { status: 'skipped', reason: 'already_done', day: target };

  const now = () => deps.clock.now().toISOString();
  const run = await deps.runs.beginRun(channel, span.from, scheduledFor.toISOString(), now(), { to: span.to });
  if (isFinished(run)) return { status: 'skipped', reason: 'already_done', day: span.to };
  const finish = (result: Parameters<RunStore['finishRun']>[2]) => deps.runs.finishRun(channel, span.from, result);

  const days = [...span.lateDays, ...daysBetween(span.from, span.to)];
  const { papersByDay, sourceError } = await readDays(deps, days);
  const counts = new Map([...papersByDay].map(([day, papers]) => [day, papers.length]));
  if ([...counts.values()].every((count) => count === 0) && sourceError !== undefined) {
    await finish({ state: 'failed', posted: 0, error: `Hugging Face: ${sourceError}`, sourceError, at: now() });
    return { status: 'retry', day: span.to, reason: `Hugging Face: ${sourceError}`, permanent: false };
  }

  const plan = await selectFor(deps, subscription, span, papersByDay);
  const emptyDays = days.filter((day) => counts.get(day) === 0);
  const openDays = openDaysAfter(days, counts, coveragePolicy);
  const postDeps = { ledger: deps.ledger, votes: deps.votes, poster: deps.poster, clock: deps.clock, pools: deps.pools };
  if (plan.papers.length === 0) {
    // Resumed after its last paper went out: the digest is complete.
    if ((await deps.ledger.findPost(channel, headerKey(span.to, span.from)))?.state === 'sent') {
      await finish({ state: 'done', posted: 0, sourceError, at: now(), emptyDays, openDays });
      return { status: 'done', day: span.to, posted: 0 };
    }
    // A day that may still fill is never announced as having no papers.
    const final = openDays.length === 0 && plan.availableCount === 0;
    const note = subscription.emptyNote && final ? await postEmptyDayNote(postDeps, channel, plan) : undefined;
    if (note?.status === 'failed') return await recordFailure(deps, policy, channel, span, note.permanent, note.reason, sourceError);
    await finish({ state: 'empty', posted: 0, sourceError, at: now(), emptyDays, openDays });
    return { status: 'empty', day: span.to, noted: note?.status === 'sent' };
  }

  const outcome = await postDigest(postDeps, channel, plan, { thread: subscription.thread });
  if (outcome.status === 'failed') {
    await finish({ state: 'failed', posted: outcome.posted.length, error: outcome.failure?.reason, sourceError, at: now() });
    return await recordFailure(deps, policy, channel, span, outcome.failure?.permanent ?? false, outcome.failure?.reason ?? 'unknown failure', sourceError);
  }
  if (subscription.consecutiveFailures > 0) await recordDeliveryState(deps, channel, 0);
  await finish({ state: 'done', posted: outcome.posted.length, sourceError, at: now(), emptyDays, openDays });
  return { status: 'done', day: span.to, posted: outcome.posted.length };
}

/**
 * The span to post: the channel's unfinished run's (its end moved on to `target` only while its
 * header has not gone out), else the next one after its coverage.
 */
async function spanToDeliver(deps: DeliveryDeps, subscription: Subscription, target: string, policy: CoveragePolicy): Promise<DigestSpan | undefined> {
  const { coverage, current } = await channelCoverage(deps.runs, subscription);
  const fresh = nextSpan(subscription.cadence, target, coverage, policy);
  if (current === undefined) return fresh;
  const headerOut = await headerStarted(deps, subscription, current);
  // Nothing of it went out and it has fallen out of the look-back: start afresh.
  if (!headerOut && fresh !== undefined && current.day < fresh.from) return fresh;
  const to = headerOut || current.to >= target ? current.to : target;
  return { from: current.day, to, lateDays: lateDays(coverage, current.day, policy) };
}

/** Whether the run's header is in the ledger (sent, or pending and so maybe out). */
async function headerStarted(deps: DeliveryDeps, channel: ChannelRef, run: DigestRun): Promise<boolean> {
  return (await deps.ledger.findPost(channel, headerKey(run.to, run.day))) !== undefined;
}

/** Each day from Hugging Face into the store, then from the store; HF down leaves what the store has. */
async function readDays(deps: DeliveryDeps, days: readonly string[]): Promise<{ papersByDay: Map<string, Paper[]>; sourceError?: string | undefined }> {
  let sourceError: string | undefined;
  const papersByDay = new Map<string, Paper[]>();
  for (const day of days) {
    if (deps.source && sourceError === undefined) {
      try {
        await deps.papers.upsertPapers((await deps.source.fetchDay(day)).papers);
        deps.events?.emit('papersDayIngested', day);
      } catch (error) {
        sourceError = describeError(error);
      }
    }
    papersByDay.set(day, await deps.papers.papersForDay(day));
  }
  return { papersByDay, sourceError };
}

async function selectFor(deps: DeliveryDeps, subscription: Subscription, span: DigestSpan, papersByDay: Map<string, Paper[]>): Promise<DigestPlan> {
  const all = [...papersByDay.values()].flat();
  const states = await Promise.all(all.map(async (paper) => [paper.id, (await deps.ledger.findPost(subscription, paper.id))?.state] as const));
  const sent = new Set<PaperId>(states.filter(([, state]) => state === 'sent').map(([id]) => id));
  const votes = new Map<PaperId, number>();
  if (subscription.cadence === 'weekly') {
    // The channel's own pool: a vote in another community must not reorder this one's week.
    const communities = deps.pools?.poolOf(subscription).communities;
    for (const paper of all) votes.set(paper.id, await deps.votes.countVotes(paper.id, communities));
  }
  return selectSpanPapers({
    from: span.from, to: span.to, cadence: subscription.cadence, papersByDay, sent, votes, now: deps.clock.now(),
    selection: { maxPapers: subscription.maxPapers, minUpvotes: subscription.minUpvotes, filter: subscription.filter },
  });
}

async function recordFailure(
  deps: DeliveryDeps,
  policy: DeliveryPolicy,
  channel: ChannelRef,
  span: DigestSpan,
  permanent: boolean,
  reason: string,
  sourceError: string | undefined,
): Promise<DeliveryOutcome> {
  const at = deps.clock.now().toISOString();
  if ((await deps.runs.getRun(channel, span.from))?.state === 'running') {
    await deps.runs.finishRun(channel, span.from, { state: 'failed', posted: 0, error: reason, sourceError, at });
  }
  if (!permanent) return { status: 'retry', day: span.to, reason, permanent: false };
  const failures = ((await deps.subscriptions.getSubscription(channel))?.consecutiveFailures ?? 0) + 1;
  const pause = failures >= policy.pauseAfterFailures ? { pausedAt: at, pauseReason: reason } : undefined;
  const paused = await recordDeliveryState(deps, channel, failures, pause);
  return paused ? { status: 'paused', day: span.to, reason } : { status: 'retry', day: span.to, reason, permanent: true };
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
