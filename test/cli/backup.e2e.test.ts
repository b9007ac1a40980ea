/**
 * `paperboy backup` while the real bot posts digests into several channels: each copy opens,
 * passes SQLite's check, holds every post the bot had recorded as sent when it started (and
 * nothing the platform never received), and is readable by its owner only.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_GUILD_ID } from '../fakes/discord/index.js';
import { startDiscordHarness, type DiscordHarness } from '../platforms/discord/harness.js';
import { cli, scratchDir } from '../support/run-cli.js';

const CHANNELS = Array.from({ length: 4 }, (_, i) => `3200000000000000${String(i).padStart(3, '0')}`);

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function sentPosts(path: string): { channel: string; messageId: string }[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { channel: string; messageId: string }>("SELECT channel_id AS channel, message_id AS messageId FROM posts WHERE state = 'sent'").all();
  } finally {
    db.close();
  }
}

describe('paperboy backup', () => {
  it('makes a consistent copy while digests are being posted, holding every sent post', async () => {
    h = await startDiscordHarness({ seed: true, fake: { guilds: [{ id: FAKE_GUILD_ID, channels: CHANNELS.map((id, i) => ({ id, name: `papers-${i}` })) }] } });
    const harness = h;
    // /paperboy today in every channel at once; once the first posts are in, the fake lets each
    // channel take one message per 5 s until the backups are made, so they land mid-post
    // however long the CLI takes to start on a busy machine.
    for (const channelId of CHANNELS) harness.fake.interaction({ ...harness.admin('today'), channelId });
    const dir = scratchDir();
    try {
      const messages = () => CHANNELS.flatMap((id) => harness.fake.messages(id));
      const deadline = Date.now() + 10_000;
      while (messages().length < 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      harness.fake.setRateLimit({ messagesPerChannel: 1, messageWindowMs: 5_000 });
      const copies: { path: string; recordedBefore: { channel: string; messageId: string }[] }[] = [];
      for (const name of ['first.db', 'second.db']) {
        const recordedBefore = sentPosts(harness.databasePath);
        const path = join(dir, name);
        const run = await cli(['backup', path], { cwd: dir, env: { DATABASE_PATH: harness.databasePath } });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/^Backed up \d+ papers and \d+ sent posts to /u);
        copies.push({ path, recordedBefore });
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
      harness.fake.setRateLimit(false);
      const delivered = new Set(messages().map((message) => String(message.id)));
      for (const copy of copies) {
        const inCopy = sentPosts(copy.path);
        const ids = new Set(inCopy.map((post) => post.messageId));
        for (const post of copy.recordedBefore) expect(ids.has(post.messageId), `post ${post.messageId} missing from ${copy.path}`).toBe(true);
        for (const post of inCopy) expect(delivered.has(post.messageId), `${post.messageId} was never delivered`).toBe(true);
        expect(statSync(copy.path).mode & 0o777).toBe(0o600);
      }
      // Mid-digest: the first copy has fewer posts than the bot finally sends.
      const deadlineAll = Date.now() + 30_000;
      while (messages().length < CHANNELS.length * 6 && Date.now() < deadlineAll) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sentPosts(copies[0]?.path ?? '').length).toBeLessThan(messages().length);
      const again = await cli(['backup', copies[0]?.path ?? ''], { cwd: dir, env: { DATABASE_PATH: harness.databasePath } });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already exists');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
