/**
 * The fake Slack workspace behind the Web API fake: channels, users and stored messages, and
 * one handler per Web API method. Handlers get already-authenticated, parsed arguments and
 * return Slack's JSON answer (`{ ok: true, … }` or `{ ok: false, error }`); HTTP, tokens, fault
 * injection and rate limits live in slack.ts.
 */
import { checkMessage, FAKE_SLACK_LIMITS } from './blocks.js';
import {
  DEFAULT_USERS, FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID, tsKey,
  type Answer, type Args, type FakeSlackChannel, type FakeSlackUser, type StoredEphemeral, type StoredMessage,
} from './model.js';
import type { Caller } from './oauth.js';

/** The caller of the fake's own bot token (`xoxb-test`): the bot of workspace T0001. */
export const DEFAULT_CALLER: Caller = {
  userId: FAKE_BOT_USER_ID, botId: FAKE_BOT_ID, teamId: FAKE_TEAM_ID, orgWide: false, teams: new Set([FAKE_TEAM_ID]),
};

export interface WorkspaceOptions {
  readonly users?: readonly FakeSlackUser[];
  readonly channels?: readonly FakeSlackChannel[];
  /** Accept any `C…` channel id that is not configured. Default true. */
  readonly acceptAnyChannel?: boolean;
  /** Seconds part of the first ts. Default 1700000000. */
  readonly tsStart?: number;
  readonly blockTextTotal?: number;
}

const fail = (error: string, extra: Record<string, unknown> = {}): Answer => ({ ok: false, error, ...extra });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const flag = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;

export function createWorkspace(options: WorkspaceOptions = {}) {
  const users = new Map<string, FakeSlackUser>();
  for (const user of [...DEFAULT_USERS, ...(options.users ?? [])]) users.set(user.id, user);
  const channels = new Map<string, FakeSlackChannel>((options.channels ?? []).map((c) => [c.id, c]));
  const acceptAnyChannel = options.acceptAnyChannel ?? true;
  const blockTextTotal = options.blockTextTotal ?? FAKE_SLACK_LIMITS.blockTextTotal;
  const messages = new Map<string, StoredMessage[]>();
  /** Direct-message (im) channels the bot opened with conversations.open: channel id to user id. */
  const ims = new Map<string, string>();
  const ephemerals: StoredEphemeral[] = [];
  const tsStart = options.tsStart ?? 1_700_000_000;
  let tsCount = 0;

  function nextTs(): string {
    tsCount += 1;
    const micros = tsCount * 100;
    return `${tsStart + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  /** Resolves a channel for a method, or the error Slack would give. */
  function channelFor(id: unknown, use: 'info' | 'read' | 'write', caller: Caller): FakeSlackChannel | Answer {
    const channelId = str(id);
    if (channelId === undefined) return fail('channel_not_found');
    const imUser = ims.get(channelId);
    const imTeam = imUser === undefined ? undefined : users.get(imUser)?.team;
    if (imUser !== undefined) return imTeam === undefined ? { id: channelId } : { id: channelId, team: imTeam };
    const known = channels.get(channelId);
    if (known?.notFound === true) return fail('channel_not_found');
    // Another workspace's token cannot see this workspace's channels.
    if (known?.team !== undefined && !caller.teams.has(known.team)) return fail('channel_not_found');
    if (known === undefined && !(acceptAnyChannel && /^C[A-Z0-9]+$/u.test(channelId))) return fail('channel_not_found');
    const channel = known ?? { id: channelId };
    if (use === 'write' && channel.archived === true) return fail('is_archived');
    if (use !== 'info' && channel.member === false) return fail('not_in_channel');
    return channel;
  }
  const isAnswer = (v: FakeSlackChannel | Answer): v is Answer => 'ok' in v;

  const list = (channel: string): StoredMessage[] => {
    let stored = messages.get(channel);
    if (stored === undefined) messages.set(channel, (stored = []));
    return stored;
  };
  const find = (channel: string, ts: unknown): StoredMessage | undefined =>
    messages.get(channel)?.find((m) => m.ts === ts);

  function metadataOf(args: Args): StoredMessage['metadata'] | Answer | undefined {
    const md = args.metadata;
    if (md === undefined) return undefined;
    if (typeof md !== 'object' || md === null) return fail('invalid_metadata_format');
    const { event_type: type, event_payload: payload } = md as Record<string, unknown>;
    if (typeof type !== 'string' || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return fail('invalid_metadata_format');
    }
    return { event_type: type, event_payload: payload as Record<string, unknown> };
  }

  const refuse = (args: Args, requireContent: boolean): Answer | undefined => {
    const rejection = checkMessage(args, { requireContent, blockTextTotal });
    if (rejection === undefined) return undefined;
    return fail(rejection.error, {
      errors: rejection.errors,
      response_metadata: { messages: rejection.errors.map((e) => `[ERROR] ${e}`) },
    });
  };

  /** Copies a message without `channel`, as Slack returns it. */
  const view = ({ channel: _channel, ...message }: StoredMessage, withMetadata = true): Record<string, unknown> => {
    const copy: Record<string, unknown> = structuredClone(message);
    if (!withMetadata) delete copy.metadata;
    return copy;
  };

  function addMessage(channel: string, message: Partial<StoredMessage> = {}): StoredMessage {
    const stored: StoredMessage = { type: 'message', channel, ts: nextTs(), text: '', user: 'U0001', team: FAKE_TEAM_ID, ...message };
    list(channel).push(stored);
    list(channel).sort((a, b) => tsKey(a.ts) - tsKey(b.ts));
    return stored;
  }

  const methods: Record<string, (args: Args, caller: Caller) => Answer> = {
    'auth.test': (_args, caller) => ({
      ok: true,
      url: `https://${caller.teamId.toLowerCase()}.slack.com/`,
      team: caller.teamId === FAKE_TEAM_ID ? 'Paperboy Test' : `Team ${caller.teamId}`,
      user: 'paperboy',
      team_id: caller.teamId,
      user_id: caller.userId,
      bot_id: caller.botId,
      ...(caller.enterpriseId === undefined ? {} : { enterprise_id: caller.enterpriseId }),
      is_enterprise_install: caller.orgWide,
    }),

    'chat.postMessage': (args, caller) => {
      const channel = channelFor(args.channel, 'write', caller);
      if (isAnswer(channel)) return channel;
      const refused = refuse(args, true);
      if (refused !== undefined) return refused;
      const metadata = metadataOf(args);
      if (metadata !== undefined && 'ok' in metadata) return metadata;
      const message: Partial<StoredMessage> = {
        text: str(args.text) ?? '',
        user: caller.userId,
        bot_id: caller.botId,
        app_id: FAKE_APP_ID,
        team: channel.team ?? caller.teamId,
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        ...(metadata === undefined ? {} : { metadata }),
      };
      const threadTs = str(args.thread_ts);
      const stored = addMessage(channel.id, threadTs === undefined ? message : { ...message, thread_ts: threadTs });
      const parent = threadTs === undefined ? undefined : find(channel.id, threadTs);
      if (parent !== undefined) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), caller.userId])];
        parent.latest_reply = stored.ts;
      }
      return { ok: true, channel: channel.id, ts: stored.ts, message: view(stored) };
    },

    'chat.update': (args, caller) => {
      const channel = channelFor(args.channel, 'write', caller);
      if (isAnswer(channel)) return channel;
      const message = find(channel.id, args.ts);
      if (message === undefined) return fail('message_not_found');
      if (message.user !== caller.userId) return fail('cant_update_message');
      const refused = refuse(args, false);
      if (refused !== undefined) return refused;
      const metadata = metadataOf(args);
      if (metadata !== undefined && 'ok' in metadata) return metadata;
      if (typeof args.text === 'string') message.text = args.text;
      if (Array.isArray(args.blocks)) message.blocks = args.blocks;
      if (metadata !== undefined) message.metadata = metadata;
      message.edited = { user: caller.userId, ts: nextTs() };
      return { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: view(message) };
    },

    'chat.postEphemeral': (args, caller) => {
      const channel = channelFor(args.channel, 'write', caller);
      if (isAnswer(channel)) return channel;
      const user = str(args.user);
      if (user === undefined || visibleUser(user, caller) === undefined) return fail('user_not_found');
      const refused = refuse(args, true);
      if (refused !== undefined) return refused;
      const ephemeral: StoredEphemeral = {
        channel: channel.id,
        user,
        text: str(args.text) ?? '',
        message_ts: nextTs(),
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
      };
      ephemerals.push(ephemeral);
      return { ok: true, message_ts: ephemeral.message_ts };
    },

    // https://api.slack.com/methods/chat.getPermalink: a link to a message the caller can read.
    'chat.getPermalink': (args, caller) => {
      const channel = channelFor(args.channel, 'read', caller);
      if (isAnswer(channel)) return channel;
      const message = find(channel.id, args.message_ts);
      if (message === undefined) return fail('message_not_found');
      return { ok: true, channel: channel.id, permalink: `https://paperboy-test.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}` };
    },

    // https://api.slack.com/methods/chat.unfurl: cards for URLs a message holds (after link_shared).
    'chat.unfurl': (args, caller) => {
      const unfurls = args.unfurls;
      if (unfurls === undefined) return fail('missing_unfurls');
      if (typeof unfurls !== 'object' || unfurls === null || Array.isArray(unfurls)) return fail('invalid_unfurls_format');
      const entries = Object.entries(unfurls as Record<string, unknown>);
      if (entries.length === 0) return fail('missing_unfurls');
      let message: StoredMessage | undefined;
      if (str(args.unfurl_id) === undefined || str(args.source) === undefined) {
        const channel = channelFor(args.channel, 'read', caller);
        if (isAnswer(channel)) return channel;
        message = find(channel.id, args.ts);
        if (message === undefined) return fail('cannot_find_message');
        const { text } = message;
        if (entries.some(([url]) => !text.includes(url))) return fail('cannot_unfurl_url');
      }
      for (const [, unfurl] of entries) {
        if (typeof unfurl !== 'object' || unfurl === null) return fail('invalid_unfurls_format');
        const refused = refuse(unfurl as Args, true);
        if (refused !== undefined) return refused;
      }
      if (message !== undefined) {
        const kept = (message.attachments ?? []).filter((attachment) => !entries.some(([url]) => attachment.app_unfurl_url === url));
        message.attachments = [...kept, ...entries.map(([url, unfurl], index) => ({ ...(unfurl as Args), id: kept.length + index + 1, app_unfurl_url: url, is_app_unfurl: true }))];
      }
      return { ok: true };
    },

    'reactions.add': (args, caller) => react(args, caller, 'add'),
    'reactions.remove': (args, caller) => react(args, caller, 'remove'),

    'users.info': (args, caller) => {
      const user = visibleUser(str(args.user) ?? '', caller);
      if (user === undefined) return fail('user_not_found');
      return {
        ok: true,
        user: {
          team_id: user.team ?? caller.teamId,
          real_name: user.name,
          tz: 'Europe/London',
          is_admin: false,
          is_owner: false,
          is_primary_owner: false,
          is_bot: false,
          is_app_user: false,
          deleted: false,
          ...user,
          profile: { display_name: user.name, real_name: user.real_name ?? user.name },
        },
      };
    },

    'conversations.info': (args, caller) => {
      const channel = channelFor(args.channel, 'info', caller);
      if (isAnswer(channel)) return channel;
      const name = channel.name ?? `channel-${channel.id.toLowerCase()}`;
      const isPrivate = channel.isPrivate === true;
      return {
        ok: true,
        channel: {
          id: channel.id,
          name,
          name_normalized: name,
          is_channel: !isPrivate,
          is_group: false,
          is_im: false,
          is_private: isPrivate,
          is_archived: channel.archived === true,
          is_member: channel.member !== false,
          created: 1_600_000_000,
        },
      };
    },

    /**
     * A DM with one person (scope im:write): the same `D…` channel every time. Slack's errors for
     * it: `users_list_not_supplied`, `user_not_found` (unknown or another workspace's), `cannot_dm_bot`
     * and `user_disabled` (a deactivated account). Several users (a group DM) is not modelled.
     */
    'conversations.open': (args, caller) => {
      const ids = (str(args.users) ?? '').split(',').filter((id) => id !== '');
      if (ids.length === 0) return fail('users_list_not_supplied');
      if (ids.length > 1) return fail('not_supported_by_fake');
      const user = visibleUser(ids[0] ?? '', caller);
      if (user === undefined) return fail('user_not_found');
      if (user.is_bot === true) return fail('cannot_dm_bot');
      if (user.deleted === true) return fail('user_disabled');
      const id = `D${user.id.replace(/^U/u, '')}`;
      const alreadyOpen = ims.has(id);
      ims.set(id, user.id);
      return { ok: true, no_op: alreadyOpen, already_open: alreadyOpen, channel: { id } };
    },

    'conversations.replies': (args, caller) => replies(args, caller),

    'conversations.history': (args, caller) => {
      const channel = channelFor(args.channel, 'read', caller);
      if (isAnswer(channel)) return channel;
      const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
      const inclusive = flag(args.inclusive);
      const oldest = tsKey(str(args.oldest) ?? '0');
      const latest = str(args.latest) === undefined ? Infinity : tsKey(String(args.latest));
      const offset = Number(str(args.cursor) ?? 0) || 0;
      const inRange = (m: StoredMessage): boolean => {
        const k = tsKey(m.ts);
        return inclusive ? k >= oldest && k <= latest : k > oldest && k < latest;
      };
      // Thread replies stay out of history, as in Slack; only parents appear.
      const all = (messages.get(channel.id) ?? [])
        .filter((m) => (m.thread_ts === undefined || m.thread_ts === m.ts) && inRange(m))
        .reverse();
      const page = all.slice(offset, offset + limit);
      const hasMore = offset + limit < all.length;
      const withMetadata = flag(args.include_all_metadata);
      return {
        ok: true,
        messages: page.map((m) => view(m, withMetadata)),
        has_more: hasMore,
        pin_count: 0,
        response_metadata: { next_cursor: hasMore ? String(offset + limit) : '' },
      };
    },
  };

  function replies(args: Args, caller: Caller): Answer {
    const channel = channelFor(args.channel, 'read', caller);
    if (isAnswer(channel)) return channel;
    const parent = str(args.ts);
    if (parent === undefined || find(channel.id, parent) === undefined) return fail('thread_not_found');
    const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
    // The parent first, then its replies oldest first, as Slack answers.
    const thread = (messages.get(channel.id) ?? []).filter((m) => m.ts === parent || m.thread_ts === parent).slice(0, limit);
    return { ok: true, messages: thread.map((m) => view(m, flag(args.include_all_metadata))), has_more: false };
  }

  /** A user the caller's workspace can see: one of its own, or one belonging to no workspace in particular. */
  function visibleUser(id: string, caller: Caller): FakeSlackUser | undefined {
    const user = users.get(id);
    return user?.team === undefined || caller.teams.has(user.team) ? user : undefined;
  }

  function react(args: Args, callerOf: Caller, op: 'add' | 'remove'): Answer {
    const caller = callerOf.userId;
    const channel = channelFor(args.channel, 'write', callerOf);
    if (isAnswer(channel)) return channel;
    const name = str(args.name);
    if (name === undefined || name.includes(':')) return fail('invalid_name');
    const message = find(channel.id, args.timestamp);
    if (message === undefined) return fail('message_not_found');
    const reactions = (message.reactions ??= []);
    const reaction = reactions.find((r) => r.name === name);
    if (op === 'add') {
      if (reaction?.users.includes(caller) === true) return fail('already_reacted');
      if (reaction === undefined) reactions.push({ name, users: [caller], count: 1 });
      else reaction.count = reaction.users.push(caller);
      return { ok: true };
    }
    if (reaction?.users.includes(caller) !== true) return fail('no_reaction');
    reaction.users.splice(reaction.users.indexOf(caller), 1);
    reaction.count = reaction.users.length;
    if (reaction.count === 0) reactions.splice(reactions.indexOf(reaction), 1);
    if (reactions.length === 0) delete message.reactions;
    return { ok: true };
  }

  return {
    methods,
    nextTs,
    addMessage,
    messages: (channel?: string): StoredMessage[] =>
      channel === undefined
        ? [...messages.values()].flat().sort((a, b) => tsKey(a.ts) - tsKey(b.ts))
        : [...(messages.get(channel) ?? [])],
    ephemerals: (): StoredEphemeral[] => [...ephemerals],
    /** Messages in the bot's DM with `userId`, oldest first. */
    dms: (userId: string): StoredMessage[] => {
      const id = [...ims].find(([, user]) => user === userId)?.[0];
      return id === undefined ? [] : [...(messages.get(id) ?? [])];
    },
    setUser: (user: FakeSlackUser): void => void users.set(user.id, user),
    setChannel: (channel: FakeSlackChannel): void => void channels.set(channel.id, channel),
  };
}

export type Workspace = ReturnType<typeof createWorkspace>;
