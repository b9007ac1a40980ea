/**
 * Ids, default world and wire-object shapes for the fake Discord (discord.ts). Objects carry the
 * fields discord.js 14.28.1 reads (the team notes' chat-platforms.md §2.3-2.5).
 */

export type Json = Record<string, unknown>;

export const FAKE_APP_ID = '1000000000000000001';
/** A bot's user id equals its application id. */
export const FAKE_BOT_USER_ID = FAKE_APP_ID;
export const FAKE_GUILD_ID = '2000000000000000002';
export const FAKE_CHANNEL_ID = '3000000000000000003';
export const FAKE_SECOND_CHANNEL_ID = '3000000000000000013';
export const FAKE_USER_ID = '4000000000000000004';
export const FAKE_SECOND_USER_ID = '4000000000000000014';

const MEMBER = 2248473465835073n; // view, send, embed, attach, history, react, threads, app commands …
/** Permission bit strings for `member.permissions` / `app_permissions`. */
export const PERMISSIONS = {
  member: MEMBER.toString(),
  manageGuild: (MEMBER | (1n << 5n)).toString(),
  manageChannels: (MEMBER | (1n << 4n)).toString(),
  admin: (MEMBER | (1n << 3n)).toString(),
  /** What the bot holds: member rights plus Manage Messages and Manage Threads. */
  bot: (MEMBER | (1n << 13n) | (1n << 34n)).toString(),
} as const;

/** Channel types the fake knows: text 0, voice 2, category 4, announcement 5, threads 10-12. */
export const TEXT_BASED_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 5, 10, 11, 12]);

/** 'missing-access' → 403 code 50001 on every route of the channel; 'missing-permissions' → 403
 * code 50013 on writes (send, edit, react, thread) while reads still work. */
export type ChannelAccess = 'ok' | 'missing-access' | 'missing-permissions';

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName?: string;
  readonly bot?: boolean;
  /** Takes no DMs from the bot: a message to their DM channel answers 50007. */
  readonly dmsClosed?: boolean;
}

export interface FakeChannelInput {
  readonly id: string;
  readonly name?: string;
  /** Default 0 (text). */
  readonly type?: number;
  readonly parentId?: string | null;
  readonly topic?: string | null;
  readonly access?: ChannelAccess;
}

export interface FakeRoleInput {
  readonly id: string;
  readonly name: string;
  readonly permissions?: string;
}

export interface FakeGuildInput {
  readonly id: string;
  readonly name?: string;
  /** Default the first user. */
  readonly ownerId?: string;
  /** Default one text channel 'general' (FAKE_CHANNEL_ID for the first guild). */
  readonly channels?: readonly FakeChannelInput[];
  /** Extra roles; @everyone (id = guild id, member permissions) is always added. */
  readonly roles?: readonly FakeRoleInput[];
  /** Role ids per user id. */
  readonly memberRoles?: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_USERS: readonly FakeUser[] = [
  { id: FAKE_USER_ID, username: 'alice', globalName: 'Alice' },
  { id: FAKE_SECOND_USER_ID, username: 'bob', globalName: 'Bob' },
];

export const DEFAULT_GUILDS: readonly FakeGuildInput[] = [{
  id: FAKE_GUILD_ID,
  name: 'Test Guild',
  channels: [
    { id: FAKE_CHANNEL_ID, name: 'general' },
    { id: FAKE_SECOND_CHANNEL_ID, name: 'papers' },
  ],
}];

const DISCORD_EPOCH = 1420070400000n;
let lastSnowflake = 0n;

/** A real-looking, strictly increasing snowflake (discord.js derives createdAt from it). */
export function snowflake(): string {
  let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  if (id <= lastSnowflake) id = lastSnowflake + 1n;
  lastSnowflake = id;
  return id.toString();
}

export const nowIso = (): string => new Date().toISOString();

export function userObject(user: FakeUser): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName ?? user.username,
    avatar: null,
    bot: user.bot ?? false,
    public_flags: 0,
  };
}

export function memberObject(user: FakeUser, roles: readonly string[], permissions?: string): Json {
  const member: Json = {
    user: userObject(user),
    nick: null,
    avatar: null,
    roles: [...roles],
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
  };
  if (permissions !== undefined) member.permissions = permissions;
  return member;
}

export interface StoredChannel {
  readonly id: string;
  readonly guildId: string;
  readonly type: number;
  name: string;
  readonly parentId: string | null;
  readonly topic: string | null;
  readonly position: number;
  access: ChannelAccess;
  /** Set for threads. */
  readonly thread?: { readonly ownerId: string; readonly autoArchive: number; readonly createdAt: string };
  /** Message ids in posting order. */
  readonly messageIds: string[];
  /** Set for a DM channel (type 1, no guild): the user at the other end. */
  readonly recipient?: Json;
}

export function channelObject(channel: StoredChannel): Json {
  if (channel.recipient !== undefined) {
    return { id: channel.id, type: 1, last_message_id: channel.messageIds.at(-1) ?? null, recipients: [channel.recipient], flags: 0 };
  }
  const base: Json = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    parent_id: channel.parentId,
    last_message_id: channel.messageIds.at(-1) ?? null,
    rate_limit_per_user: 0,
    flags: 0,
  };
  if (channel.thread === undefined) {
    return { ...base, position: channel.position, permission_overwrites: [], nsfw: false, topic: channel.topic };
  }
  return {
    ...base,
    owner_id: channel.thread.ownerId,
    message_count: channel.messageIds.length,
    total_message_sent: channel.messageIds.length,
    member_count: 1,
    thread_metadata: {
      archived: false,
      auto_archive_duration: channel.thread.autoArchive,
      archive_timestamp: channel.thread.createdAt,
      locked: false,
      create_timestamp: channel.thread.createdAt,
      ...(channel.type === 12 ? { invitable: true } : {}),
    },
  };
}

export interface MessageFields {
  readonly id?: string;
  readonly channelId: string;
  readonly guildId?: string;
  readonly author: Json;
  readonly body: Json;
}

/** Discord stores embeds with `type: 'rich'` and fields with an explicit `inline`. */
export function normaliseEmbeds(embeds: unknown): unknown[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((embed: unknown) => {
    if (typeof embed !== 'object' || embed === null) return embed;
    const e = embed as Json;
    const fields = Array.isArray(e.fields)
      ? (e.fields as Json[]).map((f) => ({ ...f, inline: f.inline === true }))
      : undefined;
    return { type: 'rich', ...e, ...(fields === undefined ? {} : { fields }) };
  });
}

/** A full message object as Discord returns it from REST. */
export function messageObject(fields: MessageFields): Json {
  const { body } = fields;
  const message: Json = {
    id: fields.id ?? snowflake(),
    type: 0,
    channel_id: fields.channelId,
    author: fields.author,
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: nowIso(),
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: Array.isArray(body.attachments) ? body.attachments : [],
    embeds: normaliseEmbeds(body.embeds),
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    flags: typeof body.flags === 'number' ? body.flags : 0,
  };
  if (fields.guildId !== undefined) message.guild_id = fields.guildId;
  if (body.nonce !== undefined) message.nonce = body.nonce;
  if (typeof body.message_reference === 'object' && body.message_reference !== null) {
    message.message_reference = body.message_reference;
    message.type = 19;
  }
  return message;
}

/** Discord's wire form of an emoji in a reaction route: `name:id` for custom, the character otherwise. */
export function parseEmoji(text: string): Json {
  const custom = /^a?:?([^:]+):(\d+)$/u.exec(text);
  return custom === null ? { id: null, name: text } : { id: custom[2], name: custom[1] };
}

export function emojiKey(emoji: Json): string {
  return typeof emoji.id === 'string' ? emoji.id : String(emoji.name);
}

/** A message after an edit body: only the fields the body names change (null clears). */
export function editedMessage(old: Json, body: Json, newAttachments: readonly Json[] = []): Json {
  const next: Json = { ...old, edited_timestamp: nowIso() };
  if ('content' in body) next.content = typeof body.content === 'string' ? body.content : '';
  if ('embeds' in body) next.embeds = normaliseEmbeds(body.embeds);
  if ('components' in body) next.components = Array.isArray(body.components) ? body.components : [];
  if (typeof body.flags === 'number') next.flags = body.flags;
  if (Array.isArray(body.attachments)) {
    const keep = new Set((body.attachments as Json[]).map((a) => String(a.id)));
    const previous = Array.isArray(old.attachments) ? (old.attachments as Json[]) : [];
    next.attachments = [...previous.filter((a) => keep.has(String(a.id))), ...newAttachments];
  } else if (newAttachments.length > 0) {
    next.attachments = [...(Array.isArray(old.attachments) ? (old.attachments as Json[]) : []), ...newAttachments];
  }
  return next;
}
