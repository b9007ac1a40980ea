/**
 * `/paperboy status` through the real discord.js client, for each reason a digest posted less
 * than it might have: a day empty at post time, Hugging Face failing, the channel paused. Times
 * are in the channel's timezone. The same states are checked on Slack (slack/status.e2e.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CHANNEL_ID, FAKE_GUILD_ID, PERMISSIONS } from '../../fakes/discord/index.js';
import { STATUS_STATES, missingStatusLines } from '../../support/status-states.js';
import { contentOf, startDiscordHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('/paperboy status on Discord', () => {
  it.each(STATUS_STATES)('says what happened when $name', async (state) => {
    await state.prepare(h.databasePath, { platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId: FAKE_CHANNEL_ID });
    const { calls } = await h.reply(h.admin('status', {}, PERMISSIONS.member));
    const answer = contentOf(calls[0]);
    expect(answer).toContain('**Paperboy status for this channel**');
    expect(missingStatusLines(answer, state), answer).toEqual([]);
  });
});
