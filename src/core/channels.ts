/** Where a message goes or came from, in platform-neutral terms. */

export const PLATFORM_NAMES = ['discord', 'slack'] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];

export interface ChannelRef {
  readonly platform: PlatformName;
  /** Discord guild id or Slack team id. */
  readonly workspaceId: string;
  readonly channelId: string;
}

export function channelKey(channel: ChannelRef): string {
  return `${channel.platform}:${channel.workspaceId}:${channel.channelId}`;
}

/** A Discord server or a Slack workspace: where a vote was cast, and what a vote pool groups. */
export type Community = Pick<ChannelRef, 'platform' | 'workspaceId'>;

export function communityKey(community: Community): string {
  return `${community.platform}:${community.workspaceId}`;
}
