/**
 * Gateway dispatch payloads (`d`) for the fake Discord, shaped as discord.js 14.28.1 needs them
 * (the team notes' chat-platforms.md §2.3-2.4). Pure: every default comes from the context
 * argument, which the fake fills from its world; tests may also call these and `dispatch` the
 * result themselves.
 */
import { FAKE_APP_ID, FAKE_CHANNEL_ID, FAKE_GUILD_ID, FAKE_USER_ID, PERMISSIONS, parseEmoji, snowflake, type Json } from './model.js';

export type OptionValue = string | number | boolean;

export interface CommandOptionInput {
  readonly name: string;
  /** Default inferred from `value`: string 3, integer 4, other number 10, boolean 5; 1 when `options` is set. */
  readonly type?: number;
  readonly value?: OptionValue;
  readonly focused?: boolean;
  readonly options?: readonly CommandOptionInput[];
}

export interface InteractionOptions {
  /** 2 chat input command (default), 3 message component, 4 autocomplete. */
  readonly type?: 2 | 3 | 4;
  /** Command name. Default 'papers'. */
  readonly name?: string;
  readonly subcommand?: string;
  readonly subcommandGroup?: string;
  /** As a list, or `{ query: 'llm', count: 5 }` with types inferred. */
  readonly options?: readonly CommandOptionInput[] | Readonly<Record<string, OptionValue>>;
  /** Autocomplete: the focused option's name. Default the last option. */
  readonly focused?: string;
  /** Component click: `data.custom_id`. Default 'button'. */
  readonly customId?: string;
  /** Component click: 2 button (default), 3 string select … */
  readonly componentType?: number;
  /** Component click on a select menu: chosen values. */
  readonly values?: readonly string[];
  /** Component click: the message holding the component (the fake defaults it to the stored
   * message `messageId`, else the channel's latest message, else a fresh bot message). */
  readonly message?: Json;
  readonly messageId?: string;
  /**
   * A message context-menu command (application command type 3, "Apps" on a message): the id
   * of the message it was used on. Discord sends that message whole in `data.resolved`.
   */
  readonly targetMessageId?: string;
  readonly userId?: string;
  /** `member.permissions` of the invoking user. Default PERMISSIONS.member (no admin, no Manage Server). */
  readonly permissions?: string;
  /** The bot's permissions in the channel. Default PERMISSIONS.bot. */
  readonly appPermissions?: string;
  readonly channelId?: string;
  readonly guildId?: string;
  readonly locale?: string;
  readonly id?: string;
  readonly token?: string;
  readonly commandId?: string;
}

/** What the fake knows that a pure builder cannot guess. */
export interface InteractionContext {
  readonly applicationId?: string;
  /** Full channel object; default a text channel with `channelId`. */
  readonly channel?: Json;
  /** Member object of the invoking user (without permissions); default a bare member for `userId`. */
  readonly member?: Json;
  /** Component click: message to use when options.message is not given. */
  readonly message?: Json;
  /** Message context-menu command: the stored message `targetMessageId` names. */
  readonly targetMessage?: Json;
}

function optionType(option: CommandOptionInput): number {
  if (option.type !== undefined) return option.type;
  if (option.options !== undefined) return 1;
  if (typeof option.value === 'boolean') return 5;
  if (typeof option.value === 'number') return Number.isInteger(option.value) ? 4 : 10;
  return 3;
}

function toWire(option: CommandOptionInput): Json {
  const wire: Json = { name: option.name, type: optionType(option) };
  if (option.value !== undefined) wire.value = option.value;
  if (option.focused === true) wire.focused = true;
  if (option.options !== undefined) wire.options = option.options.map(toWire);
  return wire;
}

function commandOptions(options: InteractionOptions): Json[] {
  const list: CommandOptionInput[] = options.options === undefined
    ? []
    : Array.isArray(options.options)
      ? [...(options.options as readonly CommandOptionInput[])]
      : Object.entries(options.options as Record<string, OptionValue>).map(([name, value]) => ({ name, value }));
  let leaves = list.map(toWire);
  if (options.type === 4 && !leaves.some((o) => o.focused === true)) {
    const focus = options.focused ?? leaves.at(-1)?.name;
    leaves = leaves.map((o) => (o.name === focus ? { ...o, type: o.type === 4 || o.type === 10 ? o.type : 3, value: typeof o.value === 'string' || typeof o.value === 'number' ? String(o.value) : '', focused: true } : o));
  }
  if (options.subcommand === undefined) return leaves;
  const sub = { name: options.subcommand, type: 1, options: leaves };
  return options.subcommandGroup === undefined ? [sub] : [{ name: options.subcommandGroup, type: 2, options: [sub] }];
}

/** A bare bot-authored message for component clicks when the test names none. */
export function placeholderMessage(channelId: string, guildId: string, applicationId: string, customId: string): Json {
  return {
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    guild_id: guildId,
    author: { id: applicationId, username: 'testbot', discriminator: '0', global_name: 'testbot', avatar: null, bot: true },
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Button', custom_id: customId }] }],
    pinned: false,
    flags: 0,
  };
}

/**
 * An interaction in the bot's DM, as Discord sends it: no guild, `user` instead of `member`,
 * context 1 (BOT_DM), and "0" as the installing guild. The message a component sits on has no guild either.
 */
function inBotDm(payload: Json, member: Json): Json {
  const dm: Json = { ...payload, user: member.user, context: 1, authorizing_integration_owners: { '0': '0' } };
  delete dm.guild_id;
  delete dm.member;
  if (payload.message !== undefined) {
    const message: Json = { ...(payload.message as Json) };
    delete message.guild_id;
    dm.message = message;
  }
  return dm;
}

/** INTERACTION_CREATE `d`. */
export function buildInteraction(options: InteractionOptions = {}, context: InteractionContext = {}): Json {
  const type = options.type ?? 2;
  const applicationId = context.applicationId ?? FAKE_APP_ID;
  const guildId = options.guildId ?? FAKE_GUILD_ID;
  const channelId = options.channelId ?? FAKE_CHANNEL_ID;
  const userId = options.userId ?? FAKE_USER_ID;
  const id = options.id ?? snowflake();
  const channel = context.channel ?? { id: channelId, type: 0, guild_id: guildId, name: 'general' };
  const member = context.member
    ?? { user: { id: userId, username: 'alice', discriminator: '0', avatar: null }, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 };
  let data: Json;
  if (type === 3) {
    const customId = options.customId ?? 'button';
    data = { custom_id: customId, component_type: options.componentType ?? 2 };
    if (options.values !== undefined) data.values = [...options.values];
  } else if (options.targetMessageId !== undefined) {
    const target = context.targetMessage ?? { id: options.targetMessageId, channel_id: channelId, content: '', embeds: [] };
    data = {
      id: options.commandId ?? '6000000000000000007',
      name: options.name ?? 'Paperboy: paper card',
      type: 3,
      guild_id: guildId,
      target_id: options.targetMessageId,
      resolved: { messages: { [options.targetMessageId]: target } },
    };
  } else {
    data = { id: options.commandId ?? '6000000000000000006', name: options.name ?? 'papers', type: 1, guild_id: guildId, options: commandOptions(options) };
  }
  const payload: Json = {
    id,
    application_id: applicationId,
    type,
    token: options.token ?? `itoken-${id}`,
    version: 1,
    guild_id: guildId,
    channel_id: channelId,
    channel,
    member: { ...member, permissions: options.permissions ?? PERMISSIONS.member },
    app_permissions: options.appPermissions ?? PERMISSIONS.bot,
    locale: options.locale ?? 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10485760,
    data,
  };
  if (type === 3) {
    payload.message = options.message ?? context.message
      ?? placeholderMessage(channelId, guildId, applicationId, String(data.custom_id));
  }
  return context.channel?.type === 1 ? inBotDm(payload, member) : payload;
}

export interface ReactionOptions {
  /** Default the stored message the fake finds: the channel's latest. */
  readonly messageId?: string;
  readonly userId?: string;
  readonly channelId?: string;
  readonly guildId?: string;
  /** A unicode emoji, `name:id` for a custom one, or the emoji object. Default '👍'. */
  readonly emoji?: string | { readonly id: string | null; readonly name: string };
  /** Member object for MESSAGE_REACTION_ADD; `null` leaves it out. Default the user's member. */
  readonly member?: Json | null;
  readonly burst?: boolean;
  /** MESSAGE_REACTION_ADD's `message_author_id`; the fake fills it from the stored message. */
  readonly messageAuthorId?: string;
}

export function emojiObject(emoji: ReactionOptions['emoji']): Json {
  if (emoji === undefined) return { id: null, name: '👍' };
  return typeof emoji === 'string' ? parseEmoji(emoji) : { id: emoji.id, name: emoji.name };
}

/** MESSAGE_REACTION_ADD (`add` true) or MESSAGE_REACTION_REMOVE `d`. */
export function buildReaction(options: ReactionOptions & { readonly messageId: string }, add: boolean, member?: Json): Json {
  const payload: Json = {
    user_id: options.userId ?? FAKE_USER_ID,
    channel_id: options.channelId ?? FAKE_CHANNEL_ID,
    message_id: options.messageId,
    guild_id: options.guildId ?? FAKE_GUILD_ID,
    emoji: emojiObject(options.emoji),
    burst: options.burst ?? false,
    type: options.burst === true ? 1 : 0,
  };
  if (!add) return payload;
  const m = options.member === undefined ? member : options.member;
  if (m !== undefined && m !== null) payload.member = m;
  if (options.messageAuthorId !== undefined) payload.message_author_id = options.messageAuthorId;
  payload.burst_colors = [];
  return payload;
}
