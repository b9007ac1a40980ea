/**
 * `/paperboy status` through the real Bolt app, for each reason a digest posted less than it
 * might have: a day empty at post time, Hugging Face failing, the channel paused. Times are in
 * the channel's timezone. The same states are checked on Discord (discord/status.e2e.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_STATES, missingStatusLines } from '../../support/status-states.js';
import { startSlackHarness, textOf, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('/paperboy status on Slack', () => {
  it.each(STATUS_STATES)('says what happened when $name', async (state) => {
    await state.prepare(h.databasePath, { platform: 'slack', workspaceId: 'T0001', channelId: 'C0001' });
    const { id } = await h.command('/paperboy', 'status');
    const answer = textOf((await h.replies(id))[0]);
    expect(answer).toContain('*Paperboy status for this channel*');
    expect(missingStatusLines(answer, state), answer).toEqual([]);
  });
});
