/**
 * The chat-platform contract's driver for Slack: the real bot and Bolt app against the fake
 * Slack (harness.ts). Every answer it reads is also held to what Slack requires: a 200 ack
 * within Bolt's window, then (unless the ack carried the answer) a response_url answer that
 * the fake Slack would accept as a message.
 */
import { expect } from 'vitest';
import { botUserIdOf, checkMessage, FAKE_SLACK_LIMITS, type StoredMessage } from '../../fakes/slack/index.js';
import type {
  ChatDriver, ForeignMessage, Person, Place, Post, PostReaction, ReactionOutcome, Reply, SearchAnswer, SearchCard, SubscribeOptions,
} from '../../contracts/chat-platform/driver.js';
import { startSlackHarness, textOf, type SlackHarness } from './harness.js';
import { install } from './install-browser.js';

const USERS: Record<Person, string> = { admin: 'U0ADMIN', alice: 'U0001', bob: 'U0002', otherBot: 'U0OTHERBOT' };
const CHANNELS: Record<Place, string> = { main: 'C0001', other: 'C0002' };
const UPVOTE = 'arrow_up';
const PAPER_EVENT = 'paperboy_paper';
const DIGEST_EVENT = 'paperboy_digest';
const ACK_ANSWERS = /^(\*Paperboy\* posts|\*Search Hugging Face papers\*|I don't know `)|\nUsage: `\/paperboy /u;

type Body = Record<string, unknown>;
type Text = { text?: string };
type Element = Text & { action_id?: string; value?: string };
type Block = { type: string; block_id?: string; text?: Text; fields?: Text[]; elements?: Element[]; accessory?: Element };
const blocksOf = (body: Body | StoredMessage | undefined): Block[] => (Array.isArray(body?.blocks) ? (body.blocks as Block[]) : []);
const elementText = (element: Text | undefined): string => (typeof element?.text === 'string' ? element.text : '');

/** The text of one block as a reader sees it: section text and fields, context elements, buttons. */
function blockText(block: Block): string {
  const own = block.text === undefined ? [] : [elementText(block.text)];
  const fields = (block.fields ?? []).map(elementText);
  const elements = (block.elements ?? []).map((element) => (block.type === 'actions' ? elementText(element.text as Text | undefined) : elementText(element)));
  return [...own, ...fields, ...elements].filter((part) => part !== '').join('\n');
}

const visibleText = (body: Body | StoredMessage): string => {
  const blocks = blocksOf(body);
  return blocks.length === 0 ? (typeof body.text === 'string' ? body.text : '') : blocks.map(blockText).filter((part) => part !== '').join('\n');
};

/** What the fake Slack would reject in this message, or undefined. */
const problemsWith = (body: Body) => checkMessage(body, { requireContent: true, blockTextTotal: FAKE_SLACK_LIMITS.blockTextTotal });

/** Results: header, range line (and a note), then a section (with its Share button) and a context per result. */
function readResults(body: Body, share: (value: string, by?: Person) => Promise<Reply>): Pick<SearchAnswer, 'kind' | 'heading' | 'range' | 'page' | 'note' | 'cards'> {
  const blocks = blocksOf(body);
  const heading = elementText(blocks[0]?.text);
  const none = blocks.find((block) => block.type === 'section' && elementText(block.text).startsWith('No results for "'));
  const [rangeLine, ...noteParts] = (blocks[1]?.elements ?? []).map(elementText);
  if (none !== undefined) {
    const note = blocks.slice(2).filter((block) => block.type === 'context').map(blockText).join('\n');
    return { kind: 'none', heading: elementText(none.text), note: note === '' ? undefined : note, cards: [] };
  }
  const [, range, page, pages] = /^(\d+–\d+ of \d+) · page (\d+)\/(\d+)$/u.exec(rangeLine ?? '') ?? [];
  if (!heading.startsWith('Results for "') || range === undefined) throw new Error(`not a search answer: ${JSON.stringify(body)}`);
  const cards: SearchCard[] = [];
  blocks.forEach((block, index) => {
    const [first = '', ...summary] = block.type === 'section' ? elementText(block.text).split('\n') : [];
    const link = /^\*<([^|>]+)\|(.+)>\*$/u.exec(first);
    if (link === null) return;
    const context = blocks[index + 1]?.type === 'context' ? blockText(blocks[index + 1]!) : '';
    const button = block.accessory?.action_id === 'paper_share' ? block.accessory : undefined;
    cards.push({
      title: link[2] ?? '',
      url: link[1] ?? '',
      details: [...summary, context].filter((part) => part !== '').join('\n'),
      share: (by) => share(String(button?.value), by),
    });
  });
  return { kind: 'results', heading, range, page: `${page} of ${pages}`, note: noteParts.length > 0 ? noteParts.join('\n') : undefined, cards };
}

/**
 * `installFlow`: the workspace installs Paperboy through the OAuth install flow first, and the
 * bot answers and posts with that installation instead of SLACK_BOT_TOKEN.
 */
export async function startSlackDriver(options: { readonly seed?: boolean; readonly installFlow?: boolean } = {}): Promise<ChatDriver & { readonly harness: SlackHarness }> {
  const installFlow = options.installFlow === true;
  const h = await startSlackHarness({ seed: options.seed ?? true, installFlow });
  h.fake.setUser({ id: USERS.otherBot, name: 'otherbot', is_bot: true });
  if (installFlow) await install(`http://127.0.0.1:${h.port}`, h.fake, { teamId: 'T0001', userId: USERS.admin });
  const BOT_USER = installFlow ? botUserIdOf({ teamId: 'T0001' }) : 'U0BOT';
  let events = 0;

  /**
   * A slash command: a 200 ack, then the answer in the ack or through response_url. `more`
   * says, from the answers so far, whether another one is coming.
   */
  async function command(name: '/papers' | '/paperboy', text: string, how: { by?: Person; place?: Place }, more: (bodies: Body[]) => boolean = () => false): Promise<Body[]> {
    const { id, response } = await h.command(name, text, { userId: USERS[how.by ?? 'alice'], channelId: CHANNELS[how.place ?? 'main'] });
    expect(response.status).toBe(200);
    let bodies = response.body === '' ? await h.replies(id) : [JSON.parse(response.body) as Body];
    // Only help and usage errors are answered in the ack itself (no I/O); the rest through response_url.
    if (response.body !== '') expect(textOf(bodies[0])).toMatch(ACK_ANSWERS);
    while (response.body === '' && more(bodies)) bodies = await h.replies(id, bodies.length + 1);
    for (const body of bodies) expect(problemsWith(body)).toBeUndefined();
    return bodies;
  }

  const replyOf = (body: Body | undefined): Reply => ({ text: textOf(body), ephemeral: body?.response_type === 'ephemeral' });

  /** Presses a result's Share button: a 200 ack, then the answer through response_url, the results left as they were. */
  async function share(value: string, by: Person = 'alice', place: Place = 'main'): Promise<Reply> {
    const { id, response } = await h.action({ actionId: 'paper_share', value, userId: USERS[by], channelId: CHANNELS[place] });
    expect(response.status).toBe(200);
    const [body] = await h.replies(id);
    expect(problemsWith(body ?? {})).toBeUndefined();
    expect(body?.replace_original).toBe(false);
    return replyOf(body);
  }

  function searchAnswer(body: Body, replacedPrevious: boolean, place: Place = 'main'): SearchAnswer {
    expect(problemsWith(body)).toBeUndefined();
    const ephemeral = body.response_type === 'ephemeral';
    const text = visibleText(body);
    if (blocksOf(body).length === 0) {
      if (!/^(That query has nothing to search for|\*Search Hugging Face papers\*)/u.test(text)) throw new Error(`not a search answer: ${text}`);
      return { kind: 'help', heading: '', text, ephemeral, cards: [], buttons: [], replacedPrevious };
    }
    // A results page never unfurls its links into previews.
    expect(body).toMatchObject({ unfurl_links: false, unfurl_media: false });
    const paging = blocksOf(body).find((block) => block.block_id === 'search_paging')?.elements ?? [];
    const press = (actionId: string) => {
      const button = paging.find((element) => element.action_id === actionId);
      return button === undefined ? undefined : () => page(actionId, button.value ?? '');
    };
    return {
      ...readResults(body, (value, by) => share(value, by, place)), text, ephemeral, replacedPrevious,
      buttons: paging.map((element) => elementText(element.text as Text | undefined)),
      next: press('search_next'),
      previous: press('search_prev'),
    };
  }

  async function page(actionId: string, value: string): Promise<SearchAnswer> {
    const { id, response } = await h.action({ actionId, value, userId: USERS.alice });
    expect(response.status).toBe(200);
    const [body] = await h.replies(id);
    return searchAnswer(body ?? {}, body?.replace_original === true);
  }

  function readPost(message: StoredMessage): Post {
    const event = message.metadata?.event_type;
    const kind = event === PAPER_EVENT ? 'paper' : event === DIGEST_EVENT ? 'header' : undefined;
    if (kind === undefined) throw new Error(`not a digest message: ${JSON.stringify(message)}`);
    const reactions: PostReaction[] = (message.reactions ?? []).map((reaction) => ({
      emoji: reaction.name === UPVOTE ? 'upvote' : reaction.name,
      count: reaction.count,
      byBot: reaction.users.includes(BOT_USER),
    }));
    return {
      id: message.ts,
      channel: message.channel,
      kind,
      paperId: kind === 'paper' ? String(message.metadata?.event_payload.paper_id) : undefined,
      text: visibleText(message),
      upvotes: blocksOf(message).flatMap((block) => (block.type === 'context' ? block.elements ?? [] : []))
        .map(elementText).find((text) => text.startsWith('▲ '))?.slice('▲ '.length),
      threadOf: message.thread_ts !== undefined && message.thread_ts !== message.ts ? message.thread_ts : undefined,
      reactions,
    };
  }

  const outcomeOf = (result: string): ReactionOutcome => (result === 'other_emoji' ? 'ignored_other_emoji' : result) as ReactionOutcome;

  return {
    harness: h,
    platform: 'slack',
    hf: h.hf,
    votesWhere: 'across all workspaces',
    markup: { bold: (text) => `*${text}*`, link: (title, url) => `<${url}|${title}>`, heading: (text) => text },
    upvoteText: `:${UPVOTE}:`,
    emoji: { upvoteVariant: `${UPVOTE}::skin-tone-2`, others: ['heart', 'upvote'] },
    announces: new Set(),
    mention: (person) => `<@${USERS[person]}>`,
    linkTo: (post) => `https://paperboy-test.slack.com/archives/${post.channel}/p${post.id.replace('.', '')}`,
    notAllowed: /^Only workspace admins and owners \(or users listed in Paperboy's admin list\) can [a-z ]+\. Ask one of them, or use `\/paperboy settings` to see the current settings\.$/u,
    database: { path: h.databasePath, channel: { platform: 'slack', workspaceId: 'T0001', channelId: CHANNELS.main } },

    async search(query, how = {}) {
      const [body] = await command('/papers', query, how);
      return searchAnswer(body ?? {}, false, how.place);
    },
    async subscribe(options: SubscribeOptions, how = {}) {
      const words = ['subscribe'];
      if (options.time !== undefined) words.push(options.time);
      if (options.timezone !== undefined) words.push(options.timezone);
      if (options.cadence === 'weekly') words.push(options.days === undefined ? 'weekly' : `weekly:${options.days}`);
      else if (options.days !== undefined) words.push(`days:${options.days}`);
      if (options.maxPapers !== undefined) words.push(`max:${options.maxPapers}`);
      if (options.minUpvotes !== undefined) words.push(`min:${options.minUpvotes}`);
      if (options.thread === true) words.push('thread');
      if (options.emptyNote === true) words.push('note');
      // The filter takes the rest of the line, so it comes last.
      if (options.filter !== undefined) words.push(`filter:${options.filter}`);
      return replyOf((await command('/paperboy', words.join(' '), how))[0]);
    },
    async command(subcommand, how = {}) {
      return replyOf((await command('/paperboy', subcommand, how))[0]);
    },
    async follows(action, argument = '', how = {}) {
      return replyOf((await command('/paperboy', `${action} ${argument}`.trim(), how))[0]);
    },
    async top(period, how = {}) {
      return replyOf((await command('/paperboy', period === undefined ? 'top' : `top ${period}`, how))[0]);
    },
    async today(how = {}) {
      // "Posting…" first when the person may post here, then the outcome.
      const bodies = await command('/paperboy', 'today', how, (sofar) => sofar.length === 1 && textOf(sofar[0]).startsWith('Posting the latest'));
      return { text: textOf(bodies.at(-1)), ephemeral: bodies.every((body) => body.response_type === 'ephemeral') };
    },

    posts(place = 'main') {
      return h.fake.messages(CHANNELS[place]).filter((message) => message.user === BOT_USER).map(readPost);
    },
    postAttempts: () => h.fake.calls('chat.postMessage').length,
    chatMessage(text) {
      const message = h.fake.addMessage(CHANNELS.main, { user: USERS.alice, text });
      return Promise.resolve({ id: message.ts, channel: CHANNELS.main });
    },
    async react(on: Post | ForeignMessage, options = {}) {
      events += 1;
      const eventId = `EvContract${events}`;
      const response = await h.reaction({
        type: options.removed === true ? 'reaction_removed' : 'reaction_added',
        user: USERS[options.by ?? 'alice'],
        reaction: options.emoji ?? UPVOTE,
        channel: on.channel,
        ts: on.id,
        eventId,
      });
      expect(response.status).toBe(200);
      const handled = () => h.logEntries().find((entry) => entry.msg === 'reaction handled' && entry.eventId === eventId);
      await expect.poll(handled, { timeout: 2_000, interval: 5 }).toBeDefined();
      return outcomeOf(String(handled()?.result));
    },
    async editedPost(post) {
      const update = await h.fake.waitForCall('chat.update', (call) => call.args.ts === post.id);
      expect(update.args.channel).toBe(post.channel);
      const message = h.fake.messages(post.channel).find((candidate) => candidate.ts === post.id);
      if (message === undefined) throw new Error(`message ${post.id} is gone`);
      return readPost(message);
    },
    votesFor: (paperId) => h.votesFor(paperId),

    dms: (person) => h.fake.dms(USERS[person]).map((message) => {
      expect(problemsWith(message as unknown as Body)).toBeUndefined();
      const urls = blocksOf(message).flatMap((block) => {
        const link = /^\*<([^|>]+)\|/u.exec(elementText(block.text));
        return block.type === 'section' && link?.[1] !== undefined ? [link[1]] : [];
      });
      // Each paper's actions block (block_id paper:<id>) ends with its Upvote button, as on a channel post.
      const upvotes = blocksOf(message).flatMap((block) => {
        const button = block.type === 'actions' && block.block_id?.startsWith('paper:') === true
          ? block.elements?.find((element) => element.action_id === 'paper_upvote') : undefined;
        return button === undefined ? [] : [{ value: button.value ?? '', blockId: block.block_id ?? '' }];
      });
      return {
        text: visibleText(message),
        paperUrls: urls,
        async upvote(index: number) {
          const button = upvotes[index];
          if (button === undefined) throw new Error(`no Upvote button for paper ${index + 1} of the alert`);
          const { id, response } = await h.action({
            actionId: 'paper_upvote', ...button, userId: USERS[person], channelId: message.channel, messageTs: message.ts, message: { ...message },
          });
          expect(response.status).toBe(200);
          const [body] = await h.replies(id);
          expect(problemsWith(body ?? {})).toBeUndefined();
          expect(body?.replace_original).toBe(false);
          return replyOf(body);
        },
      };
    }),
    // A deactivated account is one Slack will not let the bot message (user_disabled).
    setDms: (person, open) => { h.fake.setUser({ id: USERS[person], name: person, deleted: !open }); },
    alertsSent: () => h.paperboy.followAlerts.idle(),

    runScheduled: (at) => h.paperboy.scheduler.runDue(at),
    async restart() {
      const checks = h.fake.calls('auth.test').length;
      const grants = h.fake.calls('oauth.v2.access').length;
      await h.restart();
      // One bot token is checked at start; installations are read from the store when used.
      expect(h.fake.calls('auth.test')).toHaveLength(installFlow ? checks : checks + 1);
      expect(h.fake.calls('oauth.v2.access')).toHaveLength(grants);
    },
    metrics: () => h.paperboy.metrics.registry.render(),
    errors: () => h.logEntries().filter((entry) => typeof entry.level === 'number' && entry.level >= 50),
    stop: () => h.stop(),
  };
}
