/** Channels and subscriptions the store contracts write, named for what they are. */
import type { ChannelRef } from '../../../src/core/channels.js';
import type { Subscription } from '../../../src/core/subscription.js';

export const discord: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
export const slack: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

/** A weekday-morning subscription of `channel`, with `fields` changed. */
export function subscriptionOf(channel: ChannelRef, fields: Partial<Omit<Subscription, keyof ChannelRef>> = {}): Subscription {
  return {
    platform: channel.platform,
    workspaceId: channel.workspaceId,
    channelId: channel.channelId,
    time: '09:00',
    timezone: 'UTC',
    maxPapers: 10,
    minUpvotes: 0,
    filter: 'memory',
    cadence: 'daily',
    thread: true,
    weekdays: [1, 2, 3, 4, 5],
    emptyNote: true,
    consecutiveFailures: 0,
    pausedAt: undefined,
    pauseReason: undefined,
    createdBy: 'U1',
    createdAt: 't0',
    updatedAt: 't0',
    ...fields,
  };
}
