/**
 * The header of a scheduled digest of several papers-days, left pending by a crash, through
 * the real discord.js client and the fake Discord: recognised in the channel's history by its
 * title once Discord has forgotten its nonce, and, when the history cannot be read, sent again
 * with the ledger's nonce so that Discord returns the first one: one header either way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/channels.js';
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../../src/store/sqlite/stores.js';
import { FAKE_CHANNEL_ID, FAKE_GUILD_ID, type Json, type RecordedRequest } from '../../fakes/discord/index.js';
import { DISCORD_TOKEN, FIXTURE_DAY, bodyOf, startDiscordHarness, type DiscordHarness } from './harness.js';

const FROM = '2026-06-11';
const SPAN_HEADER = `header:${FROM}..${FIXTURE_DAY}`;
const TITLE = '**Hugging Face Daily Papers · Thu 11 Jun – Fri 12 Jun 2026**';
const channel: ChannelRef = { platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId: FAKE_CHANNEL_ID };

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness();
  // Subscribed long ago, and had every papers-day up to Wednesday: the 01:45 UTC run of
  // Saturday covers Thursday (empty) and Friday.
  const stores = createSqliteStores(openDatabase(h.databasePath));
  await stores.subscriptions.saveSubscription({
    ...channel, time: '01:45', timezone: 'UTC', maxPapers: 3, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
    weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0, createdBy: 'U1', createdAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z',
  });
  await stores.runs.beginRun(channel, '2026-06-10', '2026-06-11T01:00:00Z', '2026-06-11T01:00:05Z');
  await stores.runs.finishRun(channel, '2026-06-10', { state: 'done', posted: 3, at: '2026-06-11T01:01:00Z' });
  await stores.close();
});
afterEach(async () => {
  await h.stop();
});

const posted = (): Json[] => h.fake.messages(FAKE_CHANNEL_ID).filter((message) => message.webhook_id === undefined);
const headers = (): Json[] => posted().filter((message) => typeof message.content === 'string' && message.content.startsWith('**Hugging Face'));
const creates = (mark: number): RecordedRequest[] => h.fake.requests.slice(mark).filter((request) => request.route === 'message.create');

/** What a crash between sending the header and recording it leaves: a pending header, the papers never sent, the run unfinished. */
async function crashAfterHeader(): Promise<string> {
  const db = openDatabase(h.databasePath);
  try {
    for (const message of posted().filter((candidate) => !headers().includes(candidate))) {
      const response = await fetch(`${h.fake.apiUrl}/v10/channels/${FAKE_CHANNEL_ID}/messages/${String(message.id)}`, { method: 'DELETE', headers: { authorization: `Bot ${DISCORD_TOKEN}` } });
      expect(response.status).toBe(204);
    }
    db.prepare("DELETE FROM posts WHERE channel_id = ? AND paper_id NOT LIKE 'header:%'").run(FAKE_CHANNEL_ID);
    db.prepare("UPDATE posts SET state = 'pending', message_id = NULL, message_channel_id = NULL, sent_at = NULL WHERE paper_id = ?").run(SPAN_HEADER);
    db.prepare("UPDATE digest_runs SET state = 'running', finished_at = NULL WHERE day = ?").run(FROM);
    return String(db.prepare('SELECT nonce FROM posts WHERE paper_id = ?').pluck().get(SPAN_HEADER));
  } finally {
    db.close();
  }
}

describe('a digest header of several papers-days left pending', () => {
  it('is posted once, titled with its span', async () => {
    await h.paperboy.scheduler.runDue();
    expect(headers().map((message) => String(message.content).split('\n')[0])).toEqual([TITLE]);
    expect(String(headers()[0]?.content)).toContain('Top 3 of each papers-day: 3 of 30 papers.');
    expect(posted()).toHaveLength(4);
  });

  it('is found by its title after Discord forgot its nonce, and not sent again', async () => {
    await h.paperboy.scheduler.runDue();
    const [header] = headers();
    await crashAfterHeader();
    h.fake.expireNonces();
    const mark = h.fake.requests.length;
    await h.paperboy.scheduler.runDue();
    expect(creates(mark)).toHaveLength(3);
    expect(headers().map((message) => message.id)).toEqual([header?.id]);
    expect(posted()).toHaveLength(4);
    expect(h.logEntries().filter((entry) => entry.msg === 'found a post an earlier run sent but never recorded').map((entry) => entry.key)).toEqual([SPAN_HEADER]);
  });

  it('is sent again with the ledger\'s nonce when the history cannot be read, and Discord keeps one', async () => {
    await h.paperboy.scheduler.runDue();
    const [header] = headers();
    const nonce = await crashAfterHeader();
    h.fake.failNext({ route: 'message.list', status: 403, body: { message: 'Missing Access', code: 50001 } });
    const mark = h.fake.requests.length;
    await h.paperboy.scheduler.runDue();
    const resent = creates(mark)[0];
    expect(bodyOf(resent)).toMatchObject({ nonce, enforce_nonce: true, content: expect.stringContaining(TITLE) as unknown });
    expect(resent?.status).toBe(200);
    expect(headers().map((message) => message.id)).toEqual([header?.id]);
    expect(posted()).toHaveLength(4);
    expect(h.logEntries().find((entry) => entry.msg === 'could not look for an unrecorded post in history')).toMatchObject({ key: SPAN_HEADER });
  });
});
