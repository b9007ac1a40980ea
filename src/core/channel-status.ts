/** `/paperboy status`: this channel's last run, next run, last source error and pause state. */
import type { ChannelRef } from './channels.js';
import type { DigestRun, RunStore } from './digest-runs.js';
import { nextRunAt } from './schedule.js';
import type { Subscription, SubscriptionStore } from './subscriptions.js';

export interface ChannelStatus {
  readonly subscription?: Subscription | undefined;
  readonly lastRun?: DigestRun | undefined;
  /** Undefined when not subscribed or paused. */
  readonly nextRun?: Date | undefined;
  readonly lastSourceError?: string | undefined;
}

export function channelStatus(deps: { subscriptions: SubscriptionStore; runs: RunStore }, channel: ChannelRef, now: Date): ChannelStatus {
  const subscription = deps.subscriptions.getSubscription(channel);
  const lastRun = deps.runs.latestRun(channel);
  const nextRun = subscription && subscription.pausedAt === undefined ? nextRunAt(subscription, now) : undefined;
  return { subscription, lastRun, nextRun, lastSourceError: lastRun?.sourceError };
}
