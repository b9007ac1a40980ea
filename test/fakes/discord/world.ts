/**
 * The fake Discord's state: users, guilds with roles and channels (threads included), stored
 * messages, nonces and registered commands; plus the READY and GUILD_CREATE payloads built from it.
 */
import {
  DEFAULT_GUILDS, DEFAULT_USERS, FAKE_APP_ID, PERMISSIONS, channelObject, emojiKey, memberObject, nowIso, snowflake, userObject,
  type FakeChannelInput, type FakeGuildInput, type FakeUser, type Json, type StoredChannel,
} from './model.js';
import { shardOf, type Shard } from './shards.js';

export interface WorldOptions {
  /** Default FAKE_APP_ID; the bot user has the same id. */
  readonly applicationId?: string;
  /** Default 'testbot'. */
  readonly botName?: string;
  /** Guild members besides the bot. Default alice (FAKE_USER_ID) and bob. */
  readonly users?: readonly FakeUser[];
  /** Default one guild 'Test Guild' with text channels 'general' and 'papers'. */
  readonly guilds?: readonly FakeGuildInput[];
  /** How long `enforce_nonce` dedupes a nonce per channel. Default 3 minutes ("a few minutes"). */
  readonly nonceWindowMs?: number;
}

interface StoredGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly roles: Json[];
  readonly memberRoles: Map<string, readonly string[]>;
}

export interface StoredMessage {
  message: Json;
  readonly channelId: string;
  /** Ephemeral interaction replies are reachable through their webhook only. */
  readonly ephemeral: boolean;
}

const BOT_ROLE_ID = '5000000000000000005';

export function createWorld(options: WorldOptions = {}) {
  const applicationId = options.applicationId ?? FAKE_APP_ID;
  const bot: FakeUser = { id: applicationId, username: options.botName ?? 'testbot', bot: true };
  const users = new Map<string, FakeUser>([[bot.id, bot], ...(options.users ?? DEFAULT_USERS).map((u) => [u.id, u] as const)]);
  const guilds = new Map<string, StoredGuild>();
  const channels = new Map<string, StoredChannel>();
  const messages = new Map<string, StoredMessage>();
  const reactionUsers = new Map<string, Set<string>>();
  const nonces = new Map<string, { messageId: string; at: number }>();
  const commands = new Map<string, Json[]>();
  const nonceWindowMs = options.nonceWindowMs ?? 180_000;

  function addChannel(input: FakeChannelInput, guildId: string, thread?: StoredChannel['thread']): StoredChannel {
    const position = [...channels.values()].filter((c) => c.guildId === guildId).length;
    const channel: StoredChannel = {
      id: input.id,
      guildId,
      type: input.type ?? 0,
      name: input.name ?? `channel-${position}`,
      parentId: input.parentId ?? null,
      topic: input.topic ?? null,
      position,
      access: input.access ?? 'ok',
      messageIds: [],
      ...(thread === undefined ? {} : { thread }),
    };
    channels.set(channel.id, channel);
    return channel;
  }

  for (const input of options.guilds ?? DEFAULT_GUILDS) {
    const ownerId = input.ownerId ?? [...users.keys()].find((id) => id !== bot.id) ?? bot.id;
    const roles: Json[] = [
      { id: input.id, name: '@everyone', permissions: PERMISSIONS.member, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      { id: BOT_ROLE_ID, name: bot.username, permissions: PERMISSIONS.bot, position: 1, color: 0, hoist: false, managed: true, mentionable: false, flags: 0, tags: { bot_id: bot.id } },
      ...(input.roles ?? []).map((r, i) => ({ id: r.id, name: r.name, permissions: r.permissions ?? '0', position: i + 2, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 })),
    ];
    const memberRoles = new Map<string, readonly string[]>([...users.keys()].map((id) => [id, input.memberRoles?.[id] ?? (id === bot.id ? [BOT_ROLE_ID] : [])]));
    guilds.set(input.id, { id: input.id, name: input.name ?? 'Test Guild', ownerId, roles, memberRoles });
    for (const channel of input.channels ?? [{ id: snowflake(), name: 'general' }]) addChannel(channel, input.id);
  }

  function member(guildId: string, userId: string): Json | undefined {
    const guild = guilds.get(guildId);
    const user = users.get(userId);
    const roles = guild?.memberRoles.get(userId);
    return user === undefined || roles === undefined ? undefined : memberObject(user, roles);
  }

  function guildCreate(guildId: string): Json {
    const guild = guilds.get(guildId);
    if (guild === undefined) throw new Error(`fake discord: no guild ${guildId}`);
    const all = [...channels.values()].filter((c) => c.guildId === guildId);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      unavailable: false,
      member_count: guild.memberRoles.size,
      large: false,
      joined_at: '2024-01-01T00:00:00.000Z',
      roles: guild.roles,
      emojis: [],
      stickers: [],
      features: [],
      channels: all.filter((c) => c.thread === undefined).map(channelObject),
      threads: all.filter((c) => c.thread !== undefined).map(channelObject),
      members: [...guild.memberRoles.keys()].map((id) => member(guild.id, id)),
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  return {
    applicationId,
    bot,
    botUser: (): Json => userObject(bot),
    user: (id: string): Json | undefined => {
      const user = users.get(id);
      return user === undefined ? undefined : userObject(user);
    },
    guildIds: (): string[] => [...guilds.keys()],
    hasGuild: (id: string): boolean => guilds.has(id),
    memberIds: (guildId: string): string[] => [...(guilds.get(guildId)?.memberRoles.keys() ?? [])],
    member,
    guildCreate,
    /** READY for a session on `shard`: only the guilds that shard owns. */
    ready: (sessionId: string, resumeUrl: string, shard: Shard = [0, 1]): Json => ({
      v: 10,
      user: { ...userObject(bot), verified: true, mfa_enabled: false, flags: 0 },
      user_settings: {},
      guilds: [...guilds.keys()].filter((id) => shardOf(id, shard[1]) === shard[0]).map((id) => ({ id, unavailable: true })),
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      session_id: sessionId,
      session_type: 'normal',
      resume_gateway_url: resumeUrl,
      shard: [...shard],
      application: { id: applicationId, flags: 0 },
    }),
    application: (): Json => ({
      id: applicationId,
      name: bot.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: userObject([...users.values()].find((u) => u.id !== bot.id) ?? bot),
      team: null,
      bot: userObject(bot),
      approximate_guild_count: guilds.size,
      install_params: { scopes: ['bot', 'applications.commands'], permissions: PERMISSIONS.bot },
    }),

    channel: (id: string): StoredChannel | undefined => channels.get(id),
    /** The bot's DM channel with `userId`, made on first use as Discord does (one per user). */
    openDm(userId: string): StoredChannel | undefined {
      const user = users.get(userId);
      if (user === undefined) return undefined;
      const existing = [...channels.values()].find((c) => c.recipient?.id === userId);
      if (existing !== undefined) return existing;
      const channel: StoredChannel = {
        id: snowflake(), guildId: '', type: 1, name: '', parentId: null, topic: null, position: 0, access: 'ok', messageIds: [], recipient: userObject(user),
      };
      channels.set(channel.id, channel);
      return channel;
    },
    /** Opens or closes a user's DMs to the bot (closed: messages there answer 50007). */
    setDmsClosed(userId: string, closed: boolean): void {
      const user = users.get(userId);
      if (user === undefined) throw new Error(`fake discord: no user ${userId}`);
      users.set(userId, { ...user, dmsClosed: closed });
    },
    /** The user a DM channel is with, when it is one. */
    dmUser: (channelId: string): FakeUser | undefined => {
      const id = channels.get(channelId)?.recipient?.id;
      return typeof id === 'string' ? users.get(id) : undefined;
    },
    allChannels: (): StoredChannel[] => [...channels.values()],
    addChannel,
    removeChannel: (id: string): StoredChannel | undefined => {
      const channel = channels.get(id);
      channels.delete(id);
      return channel;
    },

    storeMessage(message: Json, ephemeral = false): StoredMessage {
      const channelId = String(message.channel_id);
      const stored: StoredMessage = { message, channelId, ephemeral };
      messages.set(String(message.id), stored);
      if (!ephemeral) channels.get(channelId)?.messageIds.push(String(message.id));
      return stored;
    },
    /** A stored message that is visible in `channelId` (not ephemeral, channel not deleted). */
    channelMessage(channelId: string, messageId: string): StoredMessage | undefined {
      const stored = messages.get(messageId);
      return stored !== undefined && !stored.ephemeral && stored.channelId === channelId && channels.has(channelId) ? stored : undefined;
    },
    message: (id: string): StoredMessage | undefined => messages.get(id),
    deleteMessage(id: string): void {
      const stored = messages.get(id);
      messages.delete(id);
      const list = stored === undefined ? undefined : channels.get(stored.channelId)?.messageIds;
      const index = list?.indexOf(id) ?? -1;
      if (index >= 0) list?.splice(index, 1);
    },
    /** Visible messages, oldest first. */
    channelMessages: (channelId: string): Json[] =>
      (channels.get(channelId)?.messageIds ?? []).flatMap((id) => {
        const m = messages.get(id)?.message;
        return m === undefined ? [] : [m];
      }),

    /** Adds or removes `userId`'s reaction on a stored message; false when nothing changed. */
    applyReaction(messageId: string, emoji: Json, userId: string, add: boolean): boolean {
      const stored = messages.get(messageId);
      if (stored === undefined) return false;
      const key = `${messageId}:${emojiKey(emoji)}`;
      const who = reactionUsers.get(key) ?? new Set<string>();
      if (who.has(userId) === add) return false;
      if (add) who.add(userId);
      else who.delete(userId);
      reactionUsers.set(key, who);
      const others = (Array.isArray(stored.message.reactions) ? (stored.message.reactions as Json[]) : [])
        .filter((r) => emojiKey(r.emoji as Json) !== emojiKey(emoji));
      const entry = {
        count: who.size,
        count_details: { burst: 0, normal: who.size },
        me: who.has(bot.id),
        me_burst: false,
        burst_colors: [],
        emoji: { id: emoji.id ?? null, name: emoji.name },
      };
      stored.message = { ...stored.message, reactions: who.size === 0 ? others : [...others, entry] };
      return true;
    },

    /** The message an earlier `enforce_nonce` send created, while the nonce is fresh. */
    nonceMessage(channelId: string, nonce: unknown): StoredMessage | undefined {
      const entry = nonces.get(`${channelId}:${String(nonce)}`);
      if (entry === undefined || Date.now() - entry.at > nonceWindowMs) return undefined;
      return messages.get(entry.messageId);
    },
    rememberNonce(channelId: string, nonce: unknown, messageId: string): void {
      nonces.set(`${channelId}:${String(nonce)}`, { messageId, at: Date.now() });
    },
    /** Forgets every nonce at once, as Discord has a few minutes after the sends. */
    expireNonces(): void {
      nonces.clear();
    },

    /** PUT commands: replaces the set for a scope (guild id or 'global'); keeps ids of same-named commands. */
    setCommands(scope: string, input: readonly Json[]): Json[] {
      const previous = commands.get(scope) ?? [];
      const stored = input.map((cmd) => ({
        id: previous.find((p) => p.name === cmd.name)?.id ?? snowflake(),
        application_id: applicationId,
        version: snowflake(),
        type: 1,
        default_member_permissions: null,
        nsfw: false,
        ...(scope === 'global' ? {} : { guild_id: scope }),
        ...cmd,
        description: typeof cmd.description === 'string' ? cmd.description : '',
      }));
      commands.set(scope, stored);
      return stored;
    },
    commands: (scope: string): Json[] => commands.get(scope) ?? [],
    commandId: (name: string, guildId: string): string | undefined =>
      [...(commands.get(guildId) ?? []), ...(commands.get('global') ?? [])].find((c) => c.name === name)?.id as string | undefined,

    threadFields: (autoArchive: number): NonNullable<StoredChannel['thread']> => ({ ownerId: bot.id, autoArchive, createdAt: nowIso() }),
  };
}

export type World = ReturnType<typeof createWorld>;
