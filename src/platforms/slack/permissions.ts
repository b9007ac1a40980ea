/**
 * Who may change a channel's digest: workspace admins and owners (from `users.info`, asked with
 * the installation of the user's own workspace) and the user ids in config.slack.adminUserIds.
 * Answers are cached per workspace and user for a minute, so a burst of commands or reactions
 * costs one lookup, and a demoted admin loses access soon after.
 */
import type { Clock } from '../../core/ports.js';

export interface SlackUserFlags {
  readonly isAdmin: boolean;
  readonly isBot: boolean;
}

/** The one Web API method this needs, asked in workspace `team`, so tests and the platform can pass any client. */
export type UsersInfo = (args: { user: string; team: string }) => Promise<{ user?: Record<string, unknown> | undefined }>;

export interface SlackPeople {
  /** Rejects when Slack cannot be asked; callers say so instead of guessing. */
  canManage(teamId: string, userId: string): Promise<boolean>;
  /** True for bot users; false when Slack cannot be asked. */
  isBot(teamId: string, userId: string): Promise<boolean>;
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

  function flagsOf(teamId: string, userId: string): Promise<SlackUserFlags> {
    const now = options.clock.now().getTime();
    const key = `${teamId}:${userId}`;
    const hit = cache.get(key);
    if (hit !== undefined && now - hit.at < USER_CACHE_MS) return hit.flags;
    const flags = options.usersInfo({ user: userId, team: teamId }).then(({ user }) => ({
      isAdmin: user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true,
      isBot: user?.is_bot === true,
    }));
    cache.set(key, { at: now, flags });
    // A failed lookup must not stick: the next command asks Slack again.
    flags.catch(() => {
      if (cache.get(key)?.flags === flags) cache.delete(key);
    });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value ?? key);
    return flags;
  }

  return {
    async canManage(teamId, userId) {
      if (admins.has(userId)) return true;
      return (await flagsOf(teamId, userId)).isAdmin;
    },
    async isBot(teamId, userId) {
      try {
        return (await flagsOf(teamId, userId)).isBot;
      } catch {
        return false;
      }
    },
  };
}
