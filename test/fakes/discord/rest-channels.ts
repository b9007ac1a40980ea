/**
 * Bot-authenticated REST routes of the fake Discord: gateway discovery (`/gateway/bot`, which
 * depends on the token, is answered in index.ts), commands, channels,
 * messages (with Discord's validation and `enforce_nonce` dedupe), reactions, threads, users,
 * the application and guild members. Every change is echoed on the gateway as Discord does
 * (MESSAGE_CREATE, MESSAGE_REACTION_ADD for the bot's own reaction, THREAD_CREATE, …), subject
 * to the session's intents.
 */
import type { Answer } from './faults.js';
import { isEmptyMessage, messageErrors } from './limits.js';
import {
  TEXT_BASED_TYPES, channelObject, editedMessage, messageObject, parseEmoji, snowflake,
  type Json, type StoredChannel,
} from './model.js';
import { ERRORS, formError, json, noContent, type Handler, type RecordedFile, type RouteContext, type RouteName } from './rest.js';
import type { World } from './world.js';

export interface RestDeps {
  readonly world: World;
  /** Dispatch on the gateway if a session is live; never throws. */
  readonly emit: (t: string, d: Json) => void;
  readonly baseUrl: () => string;
}

/** Stored attachment objects for uploaded files. */
export function attachmentsFor(files: readonly RecordedFile[], channelId: string, baseUrl: string): Json[] {
  return files.map((file) => {
    const id = snowflake();
    const url = `${baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    return { id, filename: file.filename, size: file.size, url, proxy_url: url, content_type: file.contentType };
  });
}

/** The channel, or the error Discord gives: 10003 unknown, 50001 no access, 50013 on writes without permission. */
export function channelFor(world: World, id: string | undefined, write: boolean): StoredChannel | Answer {
  const channel = id === undefined ? undefined : world.channel(id);
  if (channel === undefined) return ERRORS.unknownChannel;
  if (channel.access === 'missing-access') return ERRORS.missingAccess;
  if (write && channel.access === 'missing-permissions') return ERRORS.missingPermissions;
  return channel;
}

const isAnswer = (value: StoredChannel | Answer): value is Answer => 'status' in value;

/** A message as GET returns it: Discord echoes a nonce in the create response and the gateway only. */
function fetched(message: Json): Json {
  const copy = { ...message };
  delete copy.nonce;
  return copy;
}

export function createChannelRoutes(deps: RestDeps): Partial<Record<RouteName, Handler>> {
  const { world, emit } = deps;
  const withMember = (message: Json): Json => {
    const guildId = typeof message.guild_id === 'string' ? message.guild_id : undefined;
    const author = message.author as Json;
    const member = guildId === undefined ? undefined : world.member(guildId, String(author.id));
    return member === undefined ? message : { ...message, member: { ...member, user: undefined } };
  };

  function createMessage(ctx: RouteContext): Answer {
    const channel = channelFor(world, ctx.params.channel, true);
    if (isAnswer(channel)) return channel;
    if (!TEXT_BASED_TYPES.has(channel.type)) return ERRORS.nonTextChannel;
    const errors = messageErrors(ctx.body);
    if (errors !== undefined) return formError(errors);
    if (isEmptyMessage(ctx.body, ctx.files.length)) return ERRORS.emptyMessage;
    const dmUser = world.dmUser(channel.id);
    if (dmUser !== undefined && (dmUser.dmsClosed === true || dmUser.bot === true)) return ERRORS.cannotDm;
    const { nonce } = ctx.body;
    const dedupe = ctx.body.enforce_nonce === true && (typeof nonce === 'string' || typeof nonce === 'number');
    if (dedupe) {
      const original = world.nonceMessage(channel.id, nonce);
      if (original !== undefined) return json(200, original.message);
    }
    const body = { ...ctx.body, attachments: attachmentsFor(ctx.files, channel.id, deps.baseUrl()) };
    // A DM channel has no guild, and neither have its messages.
    const guild = channel.guildId === '' ? {} : { guildId: channel.guildId };
    const message = messageObject({ channelId: channel.id, ...guild, author: world.botUser(), body });
    world.storeMessage(message);
    if (dedupe) world.rememberNonce(channel.id, nonce, String(message.id));
    emit('MESSAGE_CREATE', withMember(message));
    return json(200, message);
  }

  function listMessages(ctx: RouteContext): Answer {
    const channel = channelFor(world, ctx.params.channel, false);
    if (isAnswer(channel)) return channel;
    const limit = Math.min(100, Math.max(1, Number(ctx.query.get('limit') ?? 50) || 50));
    const before = ctx.query.get('before');
    const after = ctx.query.get('after');
    let list = world.channelMessages(channel.id);
    if (before !== null) list = list.filter((m) => BigInt(String(m.id)) < BigInt(before));
    if (after !== null) list = list.filter((m) => BigInt(String(m.id)) > BigInt(after)).slice(0, limit);
    return json(200, list.slice(-limit).reverse().map(fetched));
  }

  function getMessage(ctx: RouteContext): Answer {
    const channel = channelFor(world, ctx.params.channel, false);
    if (isAnswer(channel)) return channel;
    const stored = world.channelMessage(channel.id, String(ctx.params.message));
    return stored === undefined ? ERRORS.unknownMessage : json(200, fetched(stored.message));
  }

  function editMessage(ctx: RouteContext): Answer {
    const channel = channelFor(world, ctx.params.channel, true);
    if (isAnswer(channel)) return channel;
    const stored = world.channelMessage(channel.id, String(ctx.params.message));
    if (stored === undefined) return ERRORS.unknownMessage;
    if ((stored.message.author as Json).id !== world.bot.id) return ERRORS.notAuthor;
    const errors = messageErrors(ctx.body);
    if (errors !== undefined) return formError(errors);
    const next = editedMessage(stored.message, ctx.body, attachmentsFor(ctx.files, channel.id, deps.baseUrl()));
    if (isEmptyMessage(next)) return ERRORS.emptyMessage;
    stored.message = next;
    emit('MESSAGE_UPDATE', withMember(next));
    return json(200, next);
  }

  function deleteMessage(ctx: RouteContext): Answer {
    const channel = channelFor(world, ctx.params.channel, true);
    if (isAnswer(channel)) return channel;
    const id = String(ctx.params.message);
    if (world.channelMessage(channel.id, id) === undefined) return ERRORS.unknownMessage;
    world.deleteMessage(id);
    emit('MESSAGE_DELETE', { id, channel_id: channel.id, guild_id: channel.guildId });
    return noContent;
  }

  function react(ctx: RouteContext, add: boolean): Answer {
    const channel = channelFor(world, ctx.params.channel, true);
    if (isAnswer(channel)) return channel;
    const stored = world.channelMessage(channel.id, String(ctx.params.message));
    if (stored === undefined) return ERRORS.unknownMessage;
    const emoji = parseEmoji(String(ctx.params.emoji));
    const userId = ctx.params.user === undefined || ctx.params.user === '@me' ? world.bot.id : ctx.params.user;
    if (!world.applyReaction(stored.message.id as string, emoji, userId, add)) return noContent;
    const event: Json = { user_id: userId, channel_id: channel.id, message_id: stored.message.id, guild_id: channel.guildId, emoji, burst: false, type: 0 };
    if (add) {
      emit('MESSAGE_REACTION_ADD', { ...event, member: world.member(channel.guildId, userId), message_author_id: (stored.message.author as Json).id, burst_colors: [] });
    } else {
      emit('MESSAGE_REACTION_REMOVE', event);
    }
    return noContent;
  }

  function createThread(ctx: RouteContext, fromMessage: boolean): Answer {
    const parent = channelFor(world, ctx.params.channel, true);
    if (isAnswer(parent)) return parent;
    if (parent.type !== 0 && parent.type !== 5) return ERRORS.wrongChannelType;
    const { name } = ctx.body;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
      return formError({ name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } });
    }
    const starter = fromMessage ? world.channelMessage(parent.id, String(ctx.params.message)) : undefined;
    if (fromMessage && starter === undefined) return ERRORS.unknownMessage;
    if (starter?.message.thread !== undefined) return ERRORS.threadExists;
    // A thread started from a message shares the message's id; without one Discord defaults to private.
    const type = starter === undefined ? Number(ctx.body.type ?? 12) : parent.type === 5 ? 10 : 11;
    const autoArchive = Number(ctx.body.auto_archive_duration ?? 1440);
    const id = starter === undefined ? snowflake() : String(starter.message.id);
    const thread = world.addChannel({ id, name, type, parentId: parent.id }, parent.guildId, world.threadFields(autoArchive));
    const object = channelObject(thread);
    // HAS_THREAD (1 << 5) marks a thread's starter message.
    if (starter !== undefined) starter.message = { ...starter.message, thread: object, flags: Number(starter.message.flags ?? 0) | 32 };
    emit('THREAD_CREATE', { ...object, newly_created: true });
    return json(201, object);
  }

  function putCommands(ctx: RouteContext): Answer {
    const scope = ctx.params.guild ?? 'global';
    if (scope !== 'global' && !world.hasGuild(scope)) return ERRORS.unknownGuild;
    if (!Array.isArray(ctx.rawBody)) return formError({ _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] });
    const input = ctx.rawBody as Json[];
    const errors: Json = {};
    input.forEach((cmd, i) => {
      const chatInput = cmd.type === undefined || cmd.type === 1;
      const problems: Json = {};
      // Slash command names are lower-case words; user and message (context-menu) command names
      // may hold capitals, spaces and punctuation, 1 to 32 characters either way.
      const nameRule = chatInput ? /^[-_'\p{L}\p{N}]{1,32}$/u : /^(?=.{1,32}$)( *[\p{P}\p{L}\p{N}]+ *)+$/u;
      if (typeof cmd.name !== 'string' || !nameRule.test(cmd.name) || (chatInput && cmd.name !== cmd.name.toLowerCase())) {
        problems.name = { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] };
      }
      if (chatInput && (typeof cmd.description !== 'string' || cmd.description.length < 1 || cmd.description.length > 100)) {
        problems.description = { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] };
      }
      if (Array.isArray(cmd.options) && cmd.options.length > 25) {
        problems.options = { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] };
      }
      if (Object.keys(problems).length > 0) errors[String(i)] = problems;
    });
    if (Object.keys(errors).length > 0) return formError(errors);
    return json(200, world.setCommands(scope, input));
  }

  const gatewayUrl = (): string => deps.baseUrl().replace(/^http/u, 'ws');
  return {
    'gateway': () => json(200, { url: gatewayUrl() }),
    'commands.put': putCommands,
    'commands.get': (ctx) => json(200, world.commands(ctx.params.guild ?? 'global')),
    'channel.get': (ctx) => {
      const channel = channelFor(world, ctx.params.channel, false);
      return isAnswer(channel) ? channel : json(200, channelObject(channel));
    },
    'message.create': createMessage,
    'message.list': listMessages,
    'message.get': getMessage,
    'message.edit': editMessage,
    'message.delete': deleteMessage,
    'reaction.add': (ctx) => react(ctx, true),
    'reaction.remove': (ctx) => react(ctx, false),
    'thread.create': (ctx) => createThread(ctx, false),
    'thread.fromMessage': (ctx) => createThread(ctx, true),
    'user.me': () => json(200, { ...world.botUser(), verified: true, mfa_enabled: false, flags: 0 }),
    'user.get': (ctx) => {
      const user = world.user(String(ctx.params.user));
      return user === undefined ? ERRORS.unknownUser : json(200, user);
    },
    // Discord opens the DM channel whatever the user's settings; a closed DM refuses the message (50007).
    'dm.create': (ctx) => {
      const recipient = ctx.body.recipient_id;
      if (typeof recipient !== 'string' || !/^\d{17,20}$/u.test(recipient)) return formError({ recipient_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value is not snowflake.' }] } });
      const channel = world.openDm(recipient);
      return channel === undefined ? ERRORS.unknownUser : json(200, channelObject(channel));
    },
    'application.me': () => json(200, world.application()),
    'member.get': (ctx) => {
      const guildId = String(ctx.params.guild);
      if (!world.hasGuild(guildId)) return ERRORS.unknownGuild;
      const member = world.member(guildId, String(ctx.params.user));
      return member === undefined ? ERRORS.unknownMember : json(200, member);
    },
  };
}
