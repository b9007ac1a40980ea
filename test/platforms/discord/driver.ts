/**
 * The chat-platform contract's driver for Discord: the real bot and discord.js client against
 * the fake Discord (harness.ts). Every answer it reads is also held to what Discord requires:
 * a search or `/paperboy today` defers ephemerally within 3 s and then edits its answer in, a
 * one-step command answers in one callback, and no message can ping anyone or break a limit.
 */
import { expect } from 'vitest';
import {
  FAKE_CHANNEL_ID, FAKE_GUILD_ID, FAKE_SECOND_CHANNEL_ID, FAKE_SECOND_USER_ID, FAKE_USER_ID, PERMISSIONS, messageErrors,
  type InteractionOptions, type Json, type OptionValue, type RecordedRequest,
} from '../../fakes/discord/index.js';
import type {
  ChatDriver, ForeignMessage, Person, Place, Post, PostReaction, ReactionOutcome, Reply, SearchAnswer, SubscribeOptions,
} from '../../contracts/chat-platform/driver.js';
import { EPHEMERAL, UPVOTE, bodyOf, contentOf, messageOf, startDiscordHarness, type DiscordHarness } from './harness.js';

const OTHER_BOT = { id: '5000000000000000005', username: 'otherbot', discriminator: '0', avatar: null, bot: true };
const USERS: Record<Person, string> = { admin: FAKE_USER_ID, alice: FAKE_USER_ID, bob: FAKE_SECOND_USER_ID, otherBot: OTHER_BOT.id };
const CHANNELS: Record<Place, string> = { main: FAKE_CHANNEL_ID, other: FAKE_SECOND_CHANNEL_ID };
const DIGEST_HEADER = '**Hugging Face Daily Papers';

const isEdit = (call: RecordedRequest): boolean => call.route === 'webhook.original.edit';
const isReply = (call: RecordedRequest): boolean => call.route === 'interaction.callback' && bodyOf(call).type === 4;
const flagsOf = (message: Json | undefined): number => (typeof message?.flags === 'number' ? message.flags : 0);

type Embed = { title?: string; url?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text?: string } };
type Button = { custom_id?: string; label?: string; disabled?: boolean };
const embedsOf = (message: Json): Embed[] => (Array.isArray(message.embeds) ? (message.embeds as Embed[]) : []);
const buttonsOf = (message: Json): Button[] =>
  Array.isArray(message.components) ? (message.components as { components: Button[] }[]).flatMap((row) => row.components) : [];

/** What Discord demands of any message the bot sends: within limits and pinging no one. */
function expectSendable(message: Json): void {
  expect(messageErrors(message)).toBeUndefined();
  expect(message.allowed_mentions).toEqual({ parse: [] });
}

/** Reads a search answer's content line: results with their range, no results, or how to search. */
function searchHeading(content: string): Pick<SearchAnswer, 'kind' | 'heading' | 'range' | 'note'> {
  const [first = '', ...rest] = content.split('\n');
  const note = rest.length > 0 ? rest.join('\n') : undefined;
  const results = /^(Results for ".*") \((\d+–\d+ of \d+)\)$/su.exec(first);
  if (results !== null) return { kind: 'results', heading: results[1] ?? '', range: results[2], note };
  if (first.startsWith('No results for "')) return { kind: 'none', heading: first, note };
  if (first.startsWith('Type what to look for:')) return { kind: 'help', heading: '' };
  throw new Error(`not a search answer: ${content}`);
}

function postText(message: Json): string {
  const embeds = embedsOf(message).flatMap((embed) => [
    embed.title, embed.description, ...(embed.fields ?? []).map((field) => `${field.name}: ${field.value}`), embed.footer?.text,
  ]);
  return [typeof message.content === 'string' ? message.content : '', ...embeds].filter((part) => part !== undefined && part !== '').join('\n');
}

function reactionsOf(message: Json): PostReaction[] {
  const reactions = Array.isArray(message.reactions) ? (message.reactions as { emoji: { name: string }; count: number; me: boolean }[]) : [];
  return reactions.map((reaction) => ({
    emoji: reaction.emoji.name === UPVOTE ? 'upvote' : reaction.emoji.name,
    count: reaction.count,
    byBot: reaction.me,
  }));
}

export async function startDiscordDriver(options: { readonly seed?: boolean } = {}): Promise<ChatDriver & { readonly harness: DiscordHarness }> {
  const h = await startDiscordHarness({ seed: options.seed ?? true });
  const permissionsOf = (by: Person): string => (by === 'admin' ? PERMISSIONS.manageChannels : PERMISSIONS.member);

  /** A chat input command as `by` in `place`. */
  const invocation = (name: string, options: Readonly<Record<string, OptionValue>>, how: { by?: Person; place?: Place }, subcommand?: string): InteractionOptions => ({
    name,
    ...(subcommand === undefined ? {} : { subcommand }),
    options,
    userId: USERS[how.by ?? 'alice'],
    permissions: permissionsOf(how.by ?? 'alice'),
    channelId: CHANNELS[how.place ?? 'main'],
  });

  /** A command answered in exactly one callback (no defer). */
  async function oneReply(options: InteractionOptions): Promise<Reply> {
    const { calls } = await h.reply(options);
    expect(calls).toHaveLength(1);
    const [callback] = calls;
    expect(callback?.status).toBe(204);
    expect(bodyOf(callback).type).toBe(4);
    expectSendable(messageOf(callback));
    return { text: contentOf(callback), ephemeral: (flagsOf(messageOf(callback)) & EPHEMERAL) !== 0 };
  }

  /**
   * A command that defers and edits its answer in, or refuses in one callback. The defer must
   * come within Discord's 3 s and be ephemeral, so the edited answer is too.
   */
  async function deferredOrReply(options: InteractionOptions): Promise<{ reply: Reply; edit?: RecordedRequest }> {
    const dispatched = Date.now();
    const { calls } = await h.interact(options, (all) => all.some((call) => isEdit(call) || isReply(call)));
    const last = calls.at(-1);
    expectSendable(messageOf(last));
    if (last === undefined || !isEdit(last)) {
      expect(calls.map((call) => [call.route, call.status])).toEqual([['interaction.callback', 204]]);
      return { reply: { text: contentOf(last), ephemeral: (flagsOf(messageOf(last)) & EPHEMERAL) !== 0 } };
    }
    expect(calls.map((call) => [call.route, call.status])).toEqual([['interaction.callback', 204], ['webhook.original.edit', 200]]);
    expect(bodyOf(calls[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    // Discord drops an interaction that is not answered within 3 s; the fake would answer 10062.
    expect(calls[0]!.time - dispatched).toBeLessThan(3_000);
    const stored = h.fake.message(String((last.response as Json).id));
    return { reply: { text: contentOf(last), ephemeral: (flagsOf(stored) & EPHEMERAL) !== 0 }, edit: last };
  }

  /** Presses a Share button under search results: an ephemeral defer, then the answer edited in. */
  async function share(customId: string, messageId: string, by: Person, channelId: string): Promise<Reply> {
    const options: InteractionOptions = { type: 3, customId, messageId, userId: USERS[by], channelId };
    const { reply, edit } = await deferredOrReply(options);
    if (edit === undefined) throw new Error(`Share answered without deferring: ${reply.text}`);
    return reply;
  }

  function searchAnswer(message: Json, ephemeral: boolean, messageId: string, replacedPrevious: boolean, channelId: string): SearchAnswer {
    const content = typeof message.content === 'string' ? message.content : '';
    // No search answer should grow past a short line: a 5,000-character query is not echoed whole.
    expect(content.length).toBeLessThan(600);
    const buttons = buttonsOf(message);
    const usable = (prefix: string) => {
      const button = buttons.find((candidate) => candidate.label?.startsWith(prefix) === true);
      return button === undefined || button.disabled === true ? undefined : () => page(String(button.custom_id), messageId);
    };
    return {
      ...searchHeading(content),
      text: postText(message),
      ephemeral,
      cards: embedsOf(message).map((embed, index) => {
        // One "Share #n" button per result, in the order of the results.
        const button = buttons.find((candidate) => candidate.label === `Share #${/^(\d+)\. /u.exec(embed.title ?? '')?.[1] ?? index + 1}`);
        return {
          title: embed.title ?? '',
          url: embed.url ?? '',
          details: embed.description ?? '',
          share: (by: Person = 'alice') => share(String(button?.custom_id), messageId, by, channelId),
        };
      }),
      buttons: buttons.filter((button) => button.label?.startsWith('Share #') !== true).map((button) => button.label ?? ''),
      page: /^Page (\d+ of \d+)$/u.exec(buttons.find((button) => button.label?.startsWith('Page ') === true)?.label ?? '')?.[1],
      replacedPrevious,
      next: usable('Next'),
      previous: usable('◀'),
    };
  }

  /** Presses a paging button on the ephemeral results, which are edited in place. */
  async function page(customId: string, messageId: string): Promise<SearchAnswer> {
    const { calls } = await h.interact({ type: 3, customId, messageId, userId: FAKE_USER_ID }, (all) => all.some(isEdit));
    expect(calls.map((call) => [call.route, bodyOf(call).type])).toEqual([['interaction.callback', 6], ['webhook.original.edit', undefined]]);
    const edit = calls[1];
    expect(edit?.status).toBe(200);
    expectSendable(bodyOf(edit));
    const stored = h.fake.message(messageId);
    const replaced = String((edit?.response as Json).id) === messageId && stored?.content === contentOf(edit);
    return searchAnswer(bodyOf(edit), (flagsOf(stored) & EPHEMERAL) !== 0, messageId, replaced, typeof stored?.channel_id === 'string' ? stored.channel_id : FAKE_CHANNEL_ID);
  }

  function readPost(message: Json, channel: string, threadOf?: string): Post {
    const embeds = embedsOf(message);
    const url = embeds[0]?.url;
    const kind = url !== undefined ? 'paper' : typeof message.content === 'string' && message.content.startsWith(DIGEST_HEADER) ? 'header' : undefined;
    if (kind === undefined) throw new Error(`not a digest message: ${JSON.stringify(message)}`);
    return {
      id: String(message.id),
      channel,
      kind,
      paperId: url === undefined ? undefined : url.slice(url.lastIndexOf('/') + 1),
      text: postText(message),
      upvotes: embeds[0]?.fields?.find((field) => field.name === 'Upvotes')?.value,
      threadOf,
      reactions: reactionsOf(message),
    };
  }

  /** Messages the bot posted in a channel, leaving out interaction answers. */
  const botMessages = (channel: string): Json[] =>
    h.fake.messages(channel).filter((message) => message.webhook_id === undefined && (message.author as Json | undefined)?.id === h.fake.ids.botUserId);

  const outcomeOf = (outcome: { status: string; reason?: string }): ReactionOutcome =>
    (outcome.status === 'ignored' ? `ignored_${outcome.reason ?? ''}` : outcome.status) as ReactionOutcome;

  return {
    harness: h,
    platform: 'discord',
    hf: h.hf,
    votesWhere: 'across all servers',
    markup: { bold: (text) => `**${text}**`, link: (title, url) => `[${title}](<${url}>)`, heading: (text) => `**${text}**` },
    upvoteText: UPVOTE,
    emoji: { upvoteVariant: '⬆', others: ['👍', 'upvote:6000000000000000099'] },
    announces: new Set(['subscribe', 'unsubscribe', 'top']),
    mention: (person) => `<@${USERS[person]}>`,
    linkTo: (post) => `https://discord.com/channels/${FAKE_GUILD_ID}/${post.channel}/${post.id}`,
    notAllowed: /^You need the \*\*Manage Channels\*\* permission in this channel to change what Paperboy posts here\.$/u,
    database: { path: h.databasePath, channel: { platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId: FAKE_CHANNEL_ID } },

    async search(query, how = {}) {
      // Every search defers first, even one with nothing to search for.
      const { reply, edit } = await deferredOrReply(invocation('papers', { query }, how));
      if (edit === undefined) throw new Error(`/papers answered without deferring: ${reply.text}`);
      return searchAnswer(bodyOf(edit), reply.ephemeral, String((edit.response as Json).id), false, CHANNELS[how.place ?? 'main']);
    },
    subscribe(options: SubscribeOptions, how = {}) {
      const values: Record<string, string | number | boolean> = {};
      if (options.time !== undefined) values.time = options.time;
      if (options.timezone !== undefined) values.timezone = options.timezone;
      if (options.maxPapers !== undefined) values.max_papers = options.maxPapers;
      if (options.minUpvotes !== undefined) values.min_upvotes = options.minUpvotes;
      if (options.filter !== undefined) values.filter = options.filter;
      if (options.thread !== undefined) values.thread = options.thread;
      if (options.days !== undefined) values.days = options.days;
      if (options.cadence !== undefined) values.cadence = options.cadence;
      if (options.emptyNote !== undefined) values.empty_note = options.emptyNote;
      return oneReply(invocation('paperboy', values, how, 'subscribe'));
    },
    command: (subcommand, how = {}) => oneReply(invocation('paperboy', {}, how, subcommand)),
    follows(action, argument = '', how = {}) {
      const values: Record<string, string> = action === 'follow' ? { query: argument } : action === 'unfollow' ? { id: argument } : {};
      return oneReply(invocation('paperboy', values, how, action));
    },
    top: (period, how = {}) => oneReply(invocation('paperboy', period === undefined ? {} : { period }, how, 'top')),
    async today(how = {}) {
      return (await deferredOrReply(invocation('paperboy', {}, how, 'today'))).reply;
    },

    posts(place = 'main') {
      return botMessages(CHANNELS[place]).flatMap((message) => {
        const post = readPost(message, CHANNELS[place]);
        const thread = post.kind === 'header' && h.fake.channel(post.id) !== undefined ? botMessages(post.id) : [];
        return [post, ...thread.map((reply) => readPost(reply, post.id, post.id))];
      });
    },
    postAttempts: () => h.fake.requestsTo('message.create').length,
    chatMessage(text) {
      const message = h.fake.addMessage(FAKE_CHANNEL_ID, { content: text });
      return Promise.resolve({ id: String(message.id), channel: FAKE_CHANNEL_ID });
    },
    async react(on: Post | ForeignMessage, options = {}) {
      const by = options.by ?? 'alice';
      const added = options.removed !== true;
      const userId = USERS[by];
      const matches = (entry: Json) => entry.msg === 'reaction handled' && entry.messageId === on.id && entry.user === userId && entry.added === added;
      const before = h.logEntries().filter(matches).length;
      const reaction = { messageId: on.id, channelId: on.channel, userId, emoji: options.emoji ?? UPVOTE };
      if (!added) h.fake.reactionRemove(reaction);
      else if (by === 'otherBot') {
        h.fake.reactionAdd({ ...reaction, member: { user: OTHER_BOT, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } });
      } else h.fake.reactionAdd(reaction);
      await h.waitForLog((entry) => matches(entry) && h.logEntries().filter(matches).length > before);
      const outcome = h.logEntries().filter(matches).at(-1)?.outcome as { status: string; reason?: string; paperId?: string; votes?: number };
      // The outcome names the paper behind the message and its count after the vote.
      if (outcome.paperId !== undefined) {
        expect(outcome.paperId).toBe((on as Partial<Post>).paperId);
        expect(outcome.votes).toBe(await h.votesFor(outcome.paperId));
      }
      return outcomeOf(outcome);
    },
    async editedPost(post) {
      const edit = await h.fake.waitForRoute('message.edit', (request) => request.params.message === post.id);
      expect(edit.status).toBe(200);
      expect(bodyOf(edit).allowed_mentions).toEqual({ parse: [] });
      const message = h.fake.message(post.id);
      if (message === undefined) throw new Error(`message ${post.id} is gone`);
      return readPost(message, post.channel, post.threadOf);
    },
    votesFor: (paperId) => h.votesFor(paperId),

    dms: (person) => h.fake.dms(USERS[person]).map((message) => {
      // What the bot sent, not what Discord stored, carries allowed_mentions.
      expectSendable(bodyOf(h.fake.requestsTo('message.create').find((request) => (request.response as Json | undefined)?.id === message.id)));
      return {
        text: postText(message),
        paperUrls: embedsOf(message).flatMap((embed) => (embed.url === undefined ? [] : [embed.url])),
        // The n-th paper's "▲ Upvote #n" button, pressed in the DM: one ephemeral callback.
        upvote: (index: number) => {
          const button = buttonsOf(message).find((candidate) => candidate.label === `▲ Upvote #${index + 1}`);
          if (button?.custom_id === undefined) throw new Error(`no Upvote #${index + 1} button on the alert`);
          return oneReply({ type: 3, customId: button.custom_id, messageId: String(message.id), channelId: String(message.channel_id), userId: USERS[person] });
        },
      };
    }),
    setDms: (person, open) => { h.fake.setDmsClosed(USERS[person], !open); },
    alertsSent: () => h.paperboy.followAlerts.idle(),

    runScheduled: (at) => h.paperboy.scheduler.runDue(at),
    async restart() {
      const logins = h.fake.requestsTo('gateway.bot').length;
      await h.restart();
      expect(h.fake.requestsTo('gateway.bot')).toHaveLength(logins + 1);
    },
    metrics: () => h.paperboy.metrics.registry.render(),
    errors: () => h.logEntries().filter((entry) => typeof entry.level === 'number' && entry.level >= 50),
    stop: () => h.stop(),
  };
}
