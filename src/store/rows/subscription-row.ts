/** How a Subscription is laid out in the `subscriptions` table, in SQLite and PostgreSQL alike. */
import { PLATFORM_NAMES, type PlatformName } from '../../core/channels.js';
import type { Subscription } from '../../core/subscription.js';

export interface SubscriptionRow {
  platform: string;
  workspace_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  max_papers: number;
  min_upvotes: number;
  /** The topic filter as typed. */
  filter: string;
  cadence: string;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  thread: number | boolean;
  /** Comma-separated weekday numbers. */
  weekdays: string;
  empty_note: number | boolean;
  paused_at: string | null;
  pause_reason: string | null;
  consecutive_failures: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The row to write; flags as 0/1, which both engines accept for their flag columns. */
export function subscriptionToRow(subscription: Subscription): SubscriptionRow {
  return {
    platform: subscription.platform,
    workspace_id: subscription.workspaceId,
    channel_id: subscription.channelId,
    time: subscription.time,
    timezone: subscription.timezone,
    max_papers: subscription.maxPapers,
    min_upvotes: subscription.minUpvotes,
    filter: subscription.filter,
    cadence: subscription.cadence,
    thread: subscription.thread ? 1 : 0,
    weekdays: subscription.weekdays.join(','),
    empty_note: subscription.emptyNote ? 1 : 0,
    paused_at: subscription.pausedAt ?? null,
    pause_reason: subscription.pauseReason ?? null,
    consecutive_failures: subscription.consecutiveFailures,
    created_by: subscription.createdBy,
    created_at: subscription.createdAt,
    updated_at: subscription.updatedAt,
  };
}

export function rowToSubscription(row: SubscriptionRow): Subscription {
  return {
    platform: toPlatform(row.platform),
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    maxPapers: row.max_papers,
    minUpvotes: row.min_upvotes,
    filter: row.filter,
    cadence: row.cadence === 'weekly' ? 'weekly' : 'daily',
    thread: Boolean(row.thread),
    weekdays: row.weekdays.split(',').filter(Boolean).map(Number),
    emptyNote: Boolean(row.empty_note),
    pausedAt: row.paused_at ?? undefined,
    pauseReason: row.pause_reason ?? undefined,
    consecutiveFailures: row.consecutive_failures,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toPlatform(value: string): PlatformName {
  const platform = PLATFORM_NAMES.find((name) => name === value);
  if (!platform) throw new Error(`unknown platform "${value}" in the database`);
  return platform;
}
