/**
 * Posts an earlier run delivered but never recorded (it died between send and record), found
 * again after Discord has forgotten their nonces: the real discord.js client reads the
 * channel's history from the fake, recognises its own header and paper posts, and the digest
 * goes on without a duplicate. A post that never reached Discord is still sent exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { FAKE_CHANNEL_ID, type Json, type RecordedRequest } from '../../fakes/discord/index.js';
import { DISCORD_TOKEN, FIXTURE_DAY, UPVOTE, bodyOf, contentOf, startDiscordHarness, type DiscordHarness } from './harness.js';

const HEADER = `header:${FIXTURE_DAY}`;
const FOUND_LOG = 'found a post an earlier run sent but never recorded';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness();
});
afterEach(async () => {
  await h.stop();
});

interface LedgerRow {
  paper_id: string;
  state: string;
  nonce: string;
  message_id: string | null;
  message_channel_id: string | null;
  thread_id: string | null;
}

/** Reads or rewrites the post ledger in the database the bot uses, as a crash would leave it. */
function withDatabase<T>(work: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(h.databasePath);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const ledgerRow = (key: string): LedgerRow | undefined =>
  withDatabase((db) => db.prepare<[string, string], LedgerRow>('SELECT * FROM posts WHERE channel_id = ? AND paper_id = ?').get(FAKE_CHANNEL_ID, key));

/** The process died after sending these posts and before recording them as sent. */
const leavePending = (keys: readonly string[]): void => withDatabase((db) => {
  const update = db.prepare(`UPDATE posts SET state = 'pending', message_id = NULL, message_channel_id = NULL, thread_id = NULL, sent_at = NULL
    WHERE channel_id = ? AND paper_id = ?`);
  for (const key of keys) update.run(FAKE_CHANNEL_ID, key);
});

/** The process died before these posts were even begun. */
const forget = (keys: readonly string[]): void => withDatabase((db) => {
  const remove = db.prepare('DELETE FROM posts WHERE channel_id = ? AND paper_id = ?');
  for (const key of keys) remove.run(FAKE_CHANNEL_ID, key);
});

/** A REST call as the bot, past the bot's own client (undoing what the crashed run did). */
async function asBot(method: string, path: string): Promise<void> {
  const response = await fetch(`${h.fake.apiUrl}/v10${path}`, { method, headers: { authorization: `Bot ${DISCORD_TOKEN}` } });
  expect(response.status).toBe(204);
}

async function today(): Promise<string> {
  const { calls } = await h.deferred({ ...h.admin('today'), channelId: FAKE_CHANNEL_ID });
  return contentOf(calls.at(-1));
}

async function subscribe(options: Record<string, string | number | boolean>): Promise<void> {
  await h.reply({ ...h.admin('subscribe', options), channelId: FAKE_CHANNEL_ID });
}

/** Messages the bot posted in a channel or thread, leaving out interaction replies. */
const posted = (channelId: string = FAKE_CHANNEL_ID): Json[] => h.fake.messages(channelId).filter((message) => message.webhook_id === undefined);
const paperIdOf = (message: Json | undefined): string => {
  const url = (message?.embeds as { url?: string }[] | undefined)?.[0]?.url ?? '';
  return url.slice(url.lastIndexOf('/') + 1);
};
const since = (mark: number, route: string): RecordedRequest[] => h.fake.requests.slice(mark).filter((request) => request.route === route);
const ownUpvote = [expect.objectContaining({ emoji: { id: null, name: UPVOTE }, count: 1, me: true })];

describe('a post delivered but never recorded', () => {
  it('finds the header and the paper in history after Discord forgot their nonces, and sends neither again', async () => {
    await subscribe({ max_papers: 3, thread: true });
    expect(await today()).toBe(`Posted 3 papers of ${FIXTURE_DAY}.`);
    const [header] = posted();
    const threadId = String(header?.id);
    const [first, second, third] = posted(threadId);
    const firstId = paperIdOf(first);

    // Loose ends of two crashes at once: the header and the first paper out but unrecorded (the
    // first without its reaction yet), the other two papers never sent.
    for (const message of [second, third]) await asBot('DELETE', `/channels/${threadId}/messages/${String(message?.id)}`);
    await asBot('DELETE', `/channels/${threadId}/messages/${String(first?.id)}/reactions/${encodeURIComponent(UPVOTE)}/@me`);
    forget([paperIdOf(second), paperIdOf(third)]);
    leavePending([HEADER, firstId]);
    await h.restart();
    h.fake.expireNonces();

    const mark = h.fake.requests.length;
    expect(await today()).toBe(`Posted 3 papers of ${FIXTURE_DAY}.`);

    expect(posted().map((message) => message.id)).toEqual([header?.id]);
    const inThread = posted(threadId);
    expect(inThread.map(paperIdOf)).toEqual([firstId, paperIdOf(second), paperIdOf(third)]);
    expect(inThread[0]?.id).toBe(first?.id);
    expect(since(mark, 'message.create')).toHaveLength(2);
    expect(since(mark, 'message.create').map((request) => paperIdOf(bodyOf(request)))).toEqual([paperIdOf(second), paperIdOf(third)]);
    expect(since(mark, 'thread.fromMessage')).toEqual([]);

    expect(ledgerRow(HEADER)).toMatchObject({ state: 'sent', message_id: header?.id, message_channel_id: FAKE_CHANNEL_ID, thread_id: threadId });
    expect(ledgerRow(firstId)).toMatchObject({ state: 'sent', message_id: first?.id, message_channel_id: threadId });
    for (const message of inThread) expect(h.fake.message(String(message.id))?.reactions).toEqual(ownUpvote);
    expect(h.logEntries().filter((entry) => entry.msg === FOUND_LOG).map((entry) => entry.key)).toEqual([HEADER, firstId]);
  });

  it('starts the thread a found header never got, without posting the header again', async () => {
    await subscribe({ max_papers: 2, thread: true });
    h.fake.failNext({ route: 'thread.fromMessage', status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    expect(await today()).toContain('could not start the thread');
    expect(ledgerRow(HEADER)?.state).toBe('pending');
    h.fake.expireNonces();

    const mark = h.fake.requests.length;
    expect(await today()).toBe(`Posted 2 papers of ${FIXTURE_DAY}.`);
    const [header, ...rest] = posted();
    expect(rest).toEqual([]);
    const threadId = String(header?.id);
    expect(h.fake.channel(threadId)).toMatchObject({ type: 11, parent_id: FAKE_CHANNEL_ID, name: `Daily Papers ${FIXTURE_DAY}` });
    expect(posted(threadId)).toHaveLength(2);
    expect(since(mark, 'message.create').every((request) => request.params.channel === threadId)).toBe(true);
    expect(ledgerRow(HEADER)).toMatchObject({ state: 'sent', message_id: threadId, thread_id: threadId });
  });

  it('sends a pending post that never reached Discord exactly once', async () => {
    await subscribe({ max_papers: 3 });
    await today();
    const last = posted().at(-1);
    const lastId = paperIdOf(last);
    await asBot('DELETE', `/channels/${FAKE_CHANNEL_ID}/messages/${String(last?.id)}`);
    leavePending([lastId]);
    h.fake.expireNonces();

    const mark = h.fake.requests.length;
    expect(await today()).toBe(`Posted 1 paper of ${FIXTURE_DAY} (2 already posted here were left out).`);
    expect(since(mark, 'message.list').length).toBeGreaterThan(0);
    const creates = since(mark, 'message.create');
    expect(creates).toHaveLength(1);
    expect(bodyOf(creates[0]).nonce).toBe(ledgerRow(lastId)?.nonce);

    const copies = posted().filter((message) => paperIdOf(message) === lastId);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.id).not.toBe(last?.id);
    expect(ledgerRow(lastId)).toMatchObject({ state: 'sent', message_id: copies[0]?.id });
    expect(copies[0]?.reactions).toEqual(ownUpvote);
    expect(h.logEntries().some((entry) => entry.msg === FOUND_LOG)).toBe(false);
  });

  it('sends again with the same nonce when the history cannot be read, and logs why', async () => {
    await subscribe({ max_papers: 3 });
    await today();
    const last = posted().at(-1);
    const lastId = paperIdOf(last);
    leavePending([lastId]);
    h.fake.failNext({ route: 'message.list', status: 403, body: { message: 'Missing Access', code: 50001 } });

    const mark = h.fake.requests.length;
    await today();
    const warning = await h.waitForLog((entry) => entry.msg === 'could not look for an unrecorded post in history');
    expect(warning).toMatchObject({ level: 40, key: lastId, channel: FAKE_CHANNEL_ID });
    // Discord still remembers the nonce here, so the re-send returns the original message.
    const creates = since(mark, 'message.create');
    expect(creates.map((request) => [bodyOf(request).nonce, request.status])).toEqual([[ledgerRow(lastId)?.nonce, 200]]);
    expect(posted().filter((message) => paperIdOf(message) === lastId).map((message) => message.id)).toEqual([last?.id]);
    expect(ledgerRow(lastId)).toMatchObject({ state: 'sent', message_id: last?.id });
  });
});
