/**
 * `/paperboy status`: this channel's latest run, its last finished digest (the papers-days it
 * covered, which of them were empty or may still fill), the next run, the last source error and
 * the pause state.
 */
import type { ChannelRef } from '../channels.js';
import { channelCoverage } from '../digest/channel-coverage.js';
import type { RunStore, SubscriptionStore } from '../ports.js';
import type { DigestRun } from '../runs.js';
import type { Subscription } from '../subscription.js';
import { nextRunAt } from './schedule.js';

export interface ChannelStatus {
  readonly subscription?: Subscription | undefined;
  /** The most recently started run, finished or not. */
  readonly lastRun?: DigestRun | undefined;
  /** The last finished digest of this subscription: what the channel has had. */
  readonly lastDigest?: DigestRun | undefined;
  /** Undefined when not subscribed or paused. */
  readonly nextRun?: Date | undefined;
  readonly lastSourceError?: string | undefined;
}

export async function channelStatus(deps: { subscriptions: SubscriptionStore; runs: RunStore }, channel: ChannelRef, now: Date): Promise<ChannelStatus> {
  const [subscription, lastRun] = await Promise.all([deps.subscriptions.getSubscription(channel), deps.runs.latestRun(channel)]);
  const lastDigest = subscription ? (await channelCoverage(deps.runs, subscription)).lastFinished : undefined;
  const nextRun = subscription && subscription.pausedAt === undefined ? nextRunAt(subscription, now) : undefined;
  return { subscription, lastRun, lastDigest, nextRun, lastSourceError: lastRun?.sourceError };
}
