/**
 * Who may change a channel's digest: workspace admins and owners (from `users.info`) and the
 * user ids in config.slack.adminUserIds. Answers are cached for a minute, so a burst of
 * commands or reactions costs one lookup, and a demoted admin loses access soon after.
 */
import type { Clock } from '../../core/ports.js';

export interface SlackUserFlags {
  readonly isAdmin: boolean;
  readonly isBot: boolean;
}

/** The one Web API method this needs, so tests and the platform can pass any client. */
export type UsersInfo = (args: { user: string }) => Promise<{ user?: Record<string, unknown> | undefined }>;

export interface SlackPeople {
  /** Rejects when Slack cannot be asked; callers say so instead of guessing. */
  canManage(userId: string): Promise<boolean>;
  /** True for bot users; false when Slack cannot be asked. */
  isBot(userId: string): Promise<boolean>;
}

export const USER_CACHE_MS = 60_000;

export function createSlackPeople(options: {
  usersInfo: UsersInfo;
  adminUserIds: readonly string[];
  clock: Clock;
  maxEntries?: number;
}): SlackPeople {
  const admins = new Set(options.adminUserIds);
  const cache = new Map<string, { at: number; flags: Promise<SlackUserFlags> }>();
  const maxEntries = options.maxEntries ?? 5_000;

  function flagsOf(userId: string): Promise<SlackUserFlags> {
    const now = options.clock.now().getTime();
    const hit = cache.get(userId);
    if (hit !== undefined && now - hit.at < USER_CACHE_MS) return hit.flags;
    const flags = options.usersInfo({ user: userId }).then(({ user }) => ({
      isAdmin: user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true,
      isBot: user?.is_bot === true,
    }));
    cache.set(userId, { at: now, flags });
    // A failed lookup must not stick: the next command asks Slack again.
    flags.catch(() => {
      if (cache.get(userId)?.flags === flags) cache.delete(userId);
    });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value ?? userId);
    return flags;
  }

  return {
    async canManage(userId) {
      if (admins.has(userId)) return true;
      return (await flagsOf(userId)).isAdmin;
    },
    async isBot(userId) {
      try {
        return (await flagsOf(userId)).isBot;
      } catch {
        return false;
      }
    },
  };
}
