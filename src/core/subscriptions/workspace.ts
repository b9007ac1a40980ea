/**
 * A workspace removing the app (Slack's `app_uninstalled` or `tokens_revoked`) pauses every
 * digest of that workspace with a reason the admins see in `/paperboy status`; installing it
 * again resumes exactly those, and leaves digests paused for other reasons (a channel gone)
 * paused.
 */
import type { PlatformName } from '../channels.js';
import type { Clock, SubscriptionStore } from '../ports.js';

/** The start of every pause reason a reinstall undoes. */
export const REMOVED_PAUSE_REASON = 'Paperboy was removed from this workspace';

export function removedPauseReason(why: string): string {
  return `${REMOVED_PAUSE_REASON} (${why}); installing it again resumes the digest`;
}

export function isRemovedPause(reason: string | undefined): boolean {
  return reason?.startsWith(REMOVED_PAUSE_REASON) === true;
}

/** Pauses the digests of these workspaces that are running; returns how many were paused. */
export async function pauseWorkspaces(
  deps: { subscriptions: SubscriptionStore; clock: Clock },
  platform: PlatformName,
  workspaceIds: readonly string[],
  why: string,
): Promise<number> {
  const wanted = new Set(workspaceIds);
  const pausedAt = deps.clock.now().toISOString();
  let paused = 0;
  for (const subscription of await deps.subscriptions.listSubscriptions(platform)) {
    if (!wanted.has(subscription.workspaceId) || subscription.pausedAt !== undefined) continue;
    await deps.subscriptions.setDeliveryState(subscription, {
      consecutiveFailures: subscription.consecutiveFailures,
      pausedAt,
      pauseReason: removedPauseReason(why),
    });
    paused += 1;
  }
  return paused;
}

/** Resumes the digests these workspaces lost to a removal; returns how many resumed. */
export async function resumeWorkspaces(
  deps: { subscriptions: SubscriptionStore },
  platform: PlatformName,
  workspaceIds: readonly string[],
): Promise<number> {
  const wanted = new Set(workspaceIds);
  let resumed = 0;
  for (const subscription of await deps.subscriptions.listSubscriptions(platform)) {
    if (!wanted.has(subscription.workspaceId) || !isRemovedPause(subscription.pauseReason)) continue;
    await deps.subscriptions.setDeliveryState(subscription, { consecutiveFailures: 0 });
    resumed += 1;
  }
  return resumed;
}
