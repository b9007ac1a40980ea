/**
 * Workspaces stay apart end to end: one workspace's 429 storm holds up none of another's
 * scheduled digest (each workspace has its own queue and its own client), and a vote edits
 * each workspace's post of the paper with that workspace's own token: votes pooled for the whole
 * install by default, or kept apart per workspace when the operator chooses `votes.pool` community.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/channels.js';
import { install } from './install-browser.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

const inA: ChannelRef = { platform: 'slack', workspaceId: 'TA', channelId: 'CA1' };
const inB: ChannelRef = { platform: 'slack', workspaceId: 'TB', channelId: 'CB1' };

let h: SlackHarness;
afterEach(async () => {
  await h.stop();
});

async function start(channelConcurrency: number, pool: 'install' | 'community' = 'install'): Promise<void> {
  h = await startSlackHarness({
    installFlow: true, seed: true,
    fake: {
      channels: [{ id: 'CA1', team: 'TA' }, { id: 'CB1', team: 'TB' }],
      users: [{ id: 'UA1', name: 'ann', team: 'TA' }, { id: 'UB1', name: 'ben', team: 'TB' }],
    },
    configure: (config) => ({ ...config, schedule: { ...config.schedule, channelConcurrency }, votes: { ...config.votes, pool: { mode: pool } } }),
  });
  await install(`http://127.0.0.1:${h.port}`, h.fake, { teamId: 'TA' });
  await install(`http://127.0.0.1:${h.port}`, h.fake, { teamId: 'TB' });
  for (const channel of [inA, inB]) await h.paperboy.useCases.subscribe(channel, 'U0ADMIN', { time: '02:00', timezone: 'UTC', maxPapers: 2 });
}

const posts = (channel: string) => h.fake.calls('chat.postMessage').filter((call) => call.args.channel === channel);

describe('workspaces apart', () => {
  it('delivers one workspace\'s digest while another is answered 429 after 429', async () => {
    // One digest at a time per queue: were the workspaces to share one, B would wait for A's storm.
    await start(1);
    h.fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 1, team: 'TA', times: 100 });
    await h.paperboy.scheduler.runDue();

    const stormA = posts('CA1');
    expect(stormA.length).toBeGreaterThanOrEqual(2);
    expect(stormA.every((call) => call.status === 429)).toBe(true);
    const deliveredB = posts('CB1').filter((call) => call.response.ok);
    expect(deliveredB).toHaveLength(3);
    expect(Math.max(...deliveredB.map((call) => call.time))).toBeLessThan(Math.max(...stormA.map((call) => call.time)));
    // A's run is left to retry, not paused: a rate limit is nobody's fault.
    expect((await h.paperboy.useCases.subscription(inA))?.pausedAt).toBeUndefined();
    expect(h.logs()).toMatch(/"channel":"CA1".*"reason":"rate_limited".*"msg":"digest not delivered; will retry"/u);
  });

  // Votes are one pool for the whole install (the default): a vote in one workspace counts in the other's posts.
  it('edits every workspace\'s post of a voted paper with that workspace\'s token, counting the pooled votes', async () => {
    await start(50);
    await h.paperboy.scheduler.runDue();
    const paperPost = (channel: string) => h.fake.messages(channel).find((message) => message.metadata?.event_type === 'paperboy_paper');
    const [postA, postB] = [paperPost('CA1'), paperPost('CB1')];
    expect(postA?.metadata?.event_payload.paper_id).toBe(postB?.metadata?.event_payload.paper_id);

    expect((await h.reaction({ teamId: 'TA', channel: 'CA1', ts: postA?.ts ?? '', user: 'UA1' })).status).toBe(200);
    const editA = await h.fake.waitForCall('chat.update', (call) => call.args.channel === 'CA1');
    const editB = await h.fake.waitForCall('chat.update', (call) => call.args.channel === 'CB1');
    expect(h.fake.oauth.tokensOf('TA')).toContain(editA.token);
    expect(h.fake.oauth.tokensOf('TB')).toContain(editB.token);
    expect([editA.response.ok, editB.response.ok]).toEqual([true, true]);
    expect([JSON.stringify(editA.args.blocks), JSON.stringify(editB.args.blocks)].map((blocks) => /Upvote \((\d+)\)/u.exec(blocks)?.[1])).toEqual(['1', '1']);
    expect(h.fake.calls('users.info').map((call) => [call.args.user, h.fake.oauth.tokensOf('TA').includes(call.token ?? '')])).toEqual([['UA1', true]]);

    // Ben's vote in TB joins Ann's from TA.
    const paperId = postB?.metadata?.event_payload.paper_id;
    const { id } = await h.action({ actionId: 'paper_upvote', value: String(paperId), userId: 'UB1', teamId: 'TB', channelId: 'CB1', messageTs: postB?.ts ?? '' });
    expect((await h.replies(id))[0]?.text).toMatch(/has 2 votes/u);
  });

  it('keeps each workspace\'s votes apart when the operator pools votes per community', async () => {
    await start(50, 'community');
    await h.paperboy.scheduler.runDue();
    const paperPost = (channel: string) => h.fake.messages(channel).find((message) => message.metadata?.event_type === 'paperboy_paper');
    const [postA, postB] = [paperPost('CA1'), paperPost('CB1')];
    const paperId = postA?.metadata?.event_payload.paper_id;
    expect(postB?.metadata?.event_payload.paper_id).toBe(paperId);

    expect((await h.reaction({ teamId: 'TA', channel: 'CA1', ts: postA?.ts ?? '', user: 'UA1' })).status).toBe(200);
    const editA = await h.fake.waitForCall('chat.update', (call) => call.args.channel === 'CA1');
    expect(/Upvote \((\d+)\)/u.exec(JSON.stringify(editA.args.blocks))?.[1]).toBe('1');

    // Ben's vote in TB is the first of TB's pool; Ann's vote never reached TB's post.
    const { id } = await h.action({ actionId: 'paper_upvote', value: String(paperId), userId: 'UB1', teamId: 'TB', channelId: 'CB1', messageTs: postB?.ts ?? '' });
    expect((await h.replies(id))[0]?.text).toMatch(/has 1 vote in this workspace/u);
    const editB = await h.fake.waitForCall('chat.update', (call) => call.args.channel === 'CB1');
    expect(/Upvote \((\d+)\)/u.exec(JSON.stringify(editB.args.blocks))?.[1]).toBe('1');
    expect(h.fake.calls('chat.update').filter((call) => call.args.channel === 'CB1')).toHaveLength(1);
  });
});
