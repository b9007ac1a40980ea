/** `/paperboy status`: this channel's last run, next run, last source error and pause state. */
import type { ChannelRef } from '../channels.js';
import type { RunStore, SubscriptionStore } from '../ports.js';
import type { DigestRun } from '../runs.js';
import type { Subscription } from '../subscription.js';
import { nextRunAt } from './schedule.js';

export interface ChannelStatus {
  readonly subscription?: Subscription | undefined;
  readonly lastRun?: DigestRun | undefined;
  /** Undefined when not subscribed or paused. */
  readonly nextRun?: Date | undefined;
  readonly lastSourceError?: string | undefined;
}

export async function channelStatus(deps: { subscriptions: SubscriptionStore; runs: RunStore }, channel: ChannelRef, now: Date): Promise<ChannelStatus> {
  const [subscription, lastRun] = await Promise.all([deps.subscriptions.getSubscription(channel), deps.runs.latestRun(channel)]);
  const nextRun = subscription && subscription.pausedAt === undefined ? nextRunAt(subscription, now) : undefined;
  return { subscription, lastRun, nextRun, lastSourceError: lastRun?.sourceError };
}
