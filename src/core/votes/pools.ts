/**
 * Vote pools: whose votes a count includes. The operator chooses (config `votes.pool`): one
 * pool for the whole install (a team's own Discord server and Slack workspace share votes),
 * one per community (a public bot in many servers: a vote in one server never shows, nor
 * triggers an edit, in another), or named groups of communities (any community in no group is
 * a pool of its own). Every count is shown with the pool's words, never a bare "here".
 */
import { communityKey, type Community, type PlatformName } from '../channels.js';

export type VotePoolSetting =
  | { readonly mode: 'install' }
  | { readonly mode: 'community' }
  /** Group name → communities as `discord:<server id>` or `slack:<workspace id>`. */
  | { readonly mode: 'groups'; readonly groups: Readonly<Record<string, readonly string[]>> };

export interface VotePool {
  /** The communities whose votes count; undefined: every one. */
  readonly communities: readonly Community[] | undefined;
  /** Where the votes come from, in words: "in this server", "across Discord and Slack". */
  readonly where: string;
}

export interface VotePools {
  /** The pool of votes shown in (and cast in) a community. */
  poolOf(community: Community): VotePool;
  /** Whether a vote cast in `voted` counts in `shown`'s pool. */
  shares(voted: Community, shown: Community): boolean;
}

const HOME: Record<PlatformName, string> = { discord: 'in this server', slack: 'in this workspace' };
const EVERY: Record<PlatformName, string> = { discord: 'across all servers', slack: 'across all workspaces' };

function parseCommunity(key: string): Community {
  const at = key.indexOf(':');
  const platform = key.slice(0, at);
  if (at < 1 || (platform !== 'discord' && platform !== 'slack') || at === key.length - 1) {
    throw new Error(`vote pool member "${key}" must be discord:<server id> or slack:<workspace id>`);
  }
  return { platform, workspaceId: key.slice(at + 1) };
}

/** `platforms`: the ones this install runs, for the install pool's words. */
export function createVotePools(setting: VotePoolSetting, platforms: readonly PlatformName[]): VotePools {
  if (setting.mode === 'install') {
    const only = platforms.length === 1 ? platforms[0] : undefined;
    const pool: VotePool = { communities: undefined, where: only === undefined ? 'across Discord and Slack' : EVERY[only] };
    return { poolOf: () => pool, shares: () => true };
  }
  const groupOf = new Map<string, { name: string; members: Community[] }>();
  if (setting.mode === 'groups') {
    for (const [name, keys] of Object.entries(setting.groups)) {
      const group = { name, members: keys.map(parseCommunity) };
      for (const member of group.members) {
        const key = communityKey(member);
        const taken = groupOf.get(key);
        if (taken !== undefined) throw new Error(`${key} is in two vote groups: ${taken.name} and ${name}`);
        groupOf.set(key, group);
      }
    }
  }
  const poolOf = (community: Community): VotePool => {
    const group = groupOf.get(communityKey(community));
    return group === undefined
      ? { communities: [{ platform: community.platform, workspaceId: community.workspaceId }], where: HOME[community.platform] }
      : { communities: group.members, where: `across the ${group.name} group` };
  };
  const poolKey = (community: Community) => groupOf.get(communityKey(community))?.name ?? `community ${communityKey(community)}`;
  return { poolOf, shares: (voted, shown) => poolKey(voted) === poolKey(shown) };
}
